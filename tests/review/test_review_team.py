"""A review team on one store: conflicts, the hash chain and ``imr audit verify``, assignment and the
queue, QA notes, ``imr store copy``, and (PostgreSQL) what the database itself refuses to each role.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from pg_server import PgTestServer
from review_fixtures import ACUPUNCTURE, ROOT, SEED, THREE_ITEMS

from imr.cli import main
from review import NewEntry, ReviewConflict, ReviewSession, ReviewStoreError, open_store
from review.audit_chain import GENESIS, verify
from review.postgres_schema import SCHEMA_VERSION as PG_SCHEMA_VERSION
from review.postgres_store import PostgresReviewStore, split_url


def note(text: str = "hello", case: str = "CM15-0000001", item: int = 0, kind: str = "note",
         reviewer: str = "dr-a") -> NewEntry:
    return NewEntry(case=case, case_file="cases/seed.yaml", item=item, request="r", kind=kind,  # type: ignore[arg-type]
                    after={"text": text}, reviewer=reviewer, workbook_hash="h", engine_version="0")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


# -- both backends ----------------------------------------------------------------------------


def test_a_second_reviewer_on_the_same_case_is_told_what_changed_and_overwrites_nothing(open_session):
    first, second = open_session(reviewer="dr-a"), open_session(reviewer="dr-b")
    first.override(ACUPUNCTURE, "Upheld", "No functional gains in the PR-2.")
    with pytest.raises(ReviewConflict) as caught:
        second.accept(ACUPUNCTURE)  # dr-b still sees the item undecided
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{SEED}, field items[{ACUPUNCTURE}]: another reviewer changed the case since you "
                              "read it; nothing was saved: expected the case's log as you read it (up to entry #")
    assert (f"items[{ACUPUNCTURE}] override by dr-a at " in message
            and ": none -> Upheld (No functional gains in the PR-2.)" in message)
    assert message.endswith("(the case was re-read: look at the change, then decide again)")
    # dr-b's session now shows dr-a's decision; deciding again is stored, after it
    assert second.item(ACUPUNCTURE).decision.reviewer == "dr-a"  # type: ignore[union-attr]
    second.accept(ACUPUNCTURE)
    log = second.history(ACUPUNCTURE)
    assert [(e.kind, e.reviewer) for e in log] == [("override", "dr-a"), ("decision", "dr-b")]
    assert log[1].before == log[0].after
    # a note is no conflict: notes accumulate
    first.note(0, "dr-a's note")
    second.note(0, "dr-b's note")
    assert [n.text for n in open_session().item(0).notes] == ["dr-a's note", "dr-b's note"]


def test_every_entry_chains_the_hash_of_the_one_before_it(make_store, store_location: str):
    store = make_store()
    for n in range(3):
        store.append(note(f"a{n}"))
        store.append(note(f"b{n}", case="C-2"))
    first = store.entries("CM15-0000001")
    assert [e.seq for e in first] == [1, 2, 3]
    assert first[0].prev_hash == GENESIS and first[1].prev_hash == first[0].hash
    assert all(verify(case, store.entries(case)).ok for case in store.cases())
    code, output = run("audit", "verify", "--db", store_location)
    assert code == 0, output
    assert output == f"{store_location}: the audit trail is intact: 6 entries in 2 cases, every hash chains\n"


def test_assignment_the_queue_and_a_qa_note(make_store, store_location: str, tmp_path: Path, open_session):
    folder = tmp_path / "cases"
    folder.mkdir()
    for source in (SEED, THREE_ITEMS):
        (folder / source.name).write_text(source.read_text())
    seed, three = folder / SEED.name, folder / THREE_ITEMS.name
    code, output = run("assign", str(seed), str(three), "--to", "dr-b", "--db", store_location, "--as", "lead")
    assert code == 0, output
    assert output.splitlines()[0] == "CM15-0000001: assigned to dr-b"
    code, output = run("assign", str(three), "--to", "dr-c", "--db", store_location, "--as", "lead")
    assert output.strip().endswith("assigned to dr-c (was dr-b)")
    queue = json.loads(run("queue", str(folder), "--db", store_location, "--as", "dr-b", "--json")[1])
    assert [s["case"] for s in queue["assigned to dr-b"]] == ["CM15-0000001"]
    assert queue["unassigned"] == [] and queue["waiting for QA"] == []
    # the assignment is in the audit trail, but the case is not started
    session = ReviewSession.open(seed, open_session().rulebase, make_store(), "dr-b")
    assert not session.resumed
    session.accept(0)
    session.accept(ACUPUNCTURE)
    queue = json.loads(run("queue", str(folder), "--db", store_location, "--as", "dr-b", "--json")[1])
    assert [s["case"] for s in queue["waiting for QA"]] == ["CM15-0000001"]
    code, output = run("qa-note", str(seed), "1", "Rationale checked against the MTUS.", "--db", store_location,
                       "--as", "nurse-q")
    assert code == 0 and output.startswith("CM15-0000001 items[1]: QA note #"), output
    queue = json.loads(run("queue", str(folder), "--db", store_location, "--as", "dr-b", "--json")[1])
    assert queue["waiting for QA"] == []
    # the QA note shows on the item, and changed no decision
    again = open_session(seed, reviewer="dr-b")
    assert [n.text for n in again.item(1).notes] == ["Rationale checked against the MTUS."]
    assert again.all_decided()
    kinds = [e.kind for e in make_store().entries("CM15-0000001")]
    assert kinds == ["assignment", "decision", "decision", "qa_note"]


def test_store_copy_keeps_every_entry_and_its_hash_chain(tmp_path: Path, make_store, store_location: str):
    source_path = tmp_path / "laptop.sqlite3"
    with open_store(source_path) as laptop:  # type: ignore[attr-defined]
        for n in range(4):
            laptop.append(note(f"n{n}", case=f"C-{n % 2}"))
        laptop.append(NewEntry(case="C-0", case_file="c.yaml", item=0, request="r", kind="override",
                               after={"outcome": "Upheld", "reason": "why", "proposed": "Upheld"},
                               reviewer="dr-a", workbook_hash="h", engine_version="0"))
        source = {case: laptop.entries(case) for case in laptop.cases()}
    code, output = run("store", "copy", "--from", f"sqlite:///{source_path}", "--to", store_location)
    assert code == 0, output
    assert output.startswith("copied 5 entries of 2 cases from ") and output.strip().endswith("(0 already there)")
    target = make_store()
    for case, entries in source.items():
        copied = target.entries(case)
        keep = ("seq", "prev_hash", "hash", "recorded_at", "reviewer", "kind", "before", "after")
        assert [e.model_dump(include=set(keep)) for e in copied] == [e.model_dump(include=set(keep)) for e in entries]
        assert verify(case, copied).ok
    code, output = run("store", "copy", "--from", f"sqlite:///{source_path}", "--to", store_location)
    assert code == 0 and output.strip().endswith("copied 0 entries of 2 cases from "
                                                  f"{source_path} to {store_location} (5 already there)"[-60:])
    target.append(note("more", case="C-1"))  # the chain goes on in the team store
    assert verify("C-1", target.entries("C-1")).ok


def test_store_copy_refuses_a_case_the_target_holds_otherwise(tmp_path: Path, make_store, store_location: str):
    source_path = tmp_path / "laptop.sqlite3"
    with open_store(source_path) as laptop:  # type: ignore[attr-defined]
        laptop.append(note("from the laptop"))
    make_store().append(note("already on the server"))
    code, output = run("store", "copy", "--from", str(source_path), "--to", store_location)
    assert code == 2
    assert output == (f"error: {store_location}: the target holds other entries of a case; nothing was copied: "
                      "expected case CM15-0000001 absent, or holding the source's first entries, found 1 entries "
                      "of case CM15-0000001 that are not the source's (copy into another store, or leave that "
                      "case out)\n")


# -- SQLite: a row changed or removed behind the triggers' back ----------------------------------


def test_audit_verify_names_a_changed_and_a_removed_sqlite_entry(db_path: Path):
    with open_store(db_path) as store:  # type: ignore[attr-defined]
        for n in range(4):
            store.append(note(f"n{n}"))
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("""UPDATE audit_log SET after = '{"text": "rewritten"}' WHERE seq = 2""")
        conn.execute("DELETE FROM audit_log WHERE seq = 3")
    conn.close()
    code, output = run("audit", "verify", "--db", str(db_path))
    assert code == 1
    lines = output.splitlines()
    assert lines[0] == (f"{db_path}: case CM15-0000001, entry seq 2 (id 2): its content does not match its hash "
                        "(the row was changed after it was written)")
    assert lines[1].startswith(f"{db_path}: case CM15-0000001, entry seq 4 (id 4): expected seq 3, found seq 4")
    assert lines[-1] == (f"{db_path}: the audit trail is NOT intact: 2 problem(s) in 3 entries of 1 cases")


def test_heads_written_beside_a_backup_catch_entries_removed_at_the_end(db_path: Path, tmp_path: Path):
    with open_store(db_path) as store:  # type: ignore[attr-defined]
        for n in range(3):
            store.append(note(f"n{n}"))
    heads = tmp_path / "heads.txt"
    assert run("audit", "verify", "--db", str(db_path), "--write-heads", str(heads))[0] == 0
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE seq = 3")
    conn.close()
    assert run("audit", "verify", "--db", str(db_path))[0] == 0  # the chain alone cannot tell
    code, output = run("audit", "verify", "--db", str(db_path), "--heads", str(heads))
    assert code == 1 and "case CM15-0000001: had 3 entries, now 2 (entries were removed)" in output


# -- PostgreSQL: roles, privileges, triggers, schema versions ------------------------------------


@pytest.fixture
def team(pg: PgTestServer) -> tuple[PgTestServer, str]:
    """A fresh team store on the test server, created by its owner; the owner's URL."""
    url = pg.store_url()
    PostgresReviewStore(url).close()
    return pg, url


def _as(url: str, pg: PgTestServer, login: str) -> str:
    return url.replace(pg.url_of(pg.database), pg.url_of(pg.database, login))


def test_a_reviewer_role_can_append_but_the_database_refuses_update_delete_and_truncate(team):
    pg, url = team
    alice = _as(url, pg, pg.login("reviewer"))
    with PostgresReviewStore(alice) as store:
        store.append(note("by alice"))
        assert store.login().endswith("_reviewer_0")
    _, schema, _ = split_url(url)
    with psycopg.connect(split_url(alice)[0], autocommit=True) as conn:
        for statement in ("UPDATE {s}.audit_log SET reviewer = 'someone else'", "DELETE FROM {s}.audit_log",
                          "TRUNCATE {s}.audit_log", "ALTER TABLE {s}.audit_log DISABLE TRIGGER USER",
                          "DROP TABLE {s}.audit_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement.format(s=schema))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(f"INSERT INTO {schema}.audit_log (recorded_at, reviewer, case_number, case_file, item, "
                         "request, kind, after, workbook_hash, engine_version, seq, prev_hash, hash, db_user) "
                         "VALUES (now(), 'dr-b', 'C-9', 'c', 0, 'r', 'note', '{}', 'h', '0', 1, '', 'x', 'dr_b')")
    with psycopg.connect(split_url(url)[0], autocommit=True) as owner:  # even the owner: the trigger
        for statement in ("UPDATE {s}.audit_log SET reviewer = 'x'", "DELETE FROM {s}.audit_log",
                          "TRUNCATE {s}.audit_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="the audit log is append-only"):
                owner.execute(statement.format(s=schema))
    with PostgresReviewStore(url) as store:
        assert [e.after["text"] for e in store.entries("CM15-0000001")] == ["by alice"]


def test_the_qa_role_reads_everything_adds_notes_and_cannot_decide(team):
    pg, url = team
    with PostgresReviewStore(_as(url, pg, pg.login("reviewer"))) as reviewer:
        reviewer.append(NewEntry(case="C-1", case_file="c.yaml", item=0, request="r", kind="decision",
                                 after={"outcome": "Upheld", "reason": "r", "proposed": "Upheld"},
                                 reviewer="dr-a", workbook_hash="h", engine_version="0"))
        with pytest.raises(ReviewStoreError, match="not saved: found new row violates row-level security"):
            reviewer.append(note("a reviewer cannot sign QA", case="C-1", kind="qa_note"))
    with PostgresReviewStore(_as(url, pg, pg.login("qa"))) as qa:
        assert [e.kind for e in qa.entries("C-1")] == ["decision"]
        qa.append(note("checked", case="C-1", kind="qa_note", reviewer="nurse-q"))
        for kind, after in (("decision", {"outcome": "Overturned", "reason": "qa", "proposed": "Upheld"}),
                            ("note", {"text": "a reviewer's note"})):
            with pytest.raises(ReviewStoreError, match="row-level security"):
                qa.append(NewEntry(case="C-1", case_file="c.yaml", item=0, request="r", kind=kind,  # type: ignore[arg-type]
                                   after=after, reviewer="nurse-q", workbook_hash="h", engine_version="0"))
        assert [e.kind for e in qa.entries("C-1")] == ["decision", "qa_note"]


def test_audit_verify_catches_the_owner_rewriting_and_removing_rows(team):
    _, url = team
    with PostgresReviewStore(url) as store:
        for n in range(4):
            store.append(note(f"n{n}"))
    _, schema, _ = split_url(url)
    with psycopg.connect(split_url(url)[0], autocommit=True) as owner:
        owner.execute(f"ALTER TABLE {schema}.audit_log DISABLE TRIGGER USER")
        owner.execute(f"""UPDATE {schema}.audit_log SET after = '{{"text": "rewritten"}}' WHERE seq = 2""")
        owner.execute(f"DELETE FROM {schema}.audit_log WHERE seq = 3")
        owner.execute(f"ALTER TABLE {schema}.audit_log ENABLE TRIGGER USER")
    code, output = run("audit", "verify", "--db", url)
    assert code == 1
    assert "entry seq 2 (id 2): its content does not match its hash" in output
    assert "entry seq 4 (id 4): expected seq 3, found seq 4: an entry was removed before it" in output


def test_a_schema_from_a_newer_imr_is_refused(team):
    _, url = team
    _, schema, _ = split_url(url)
    with psycopg.connect(split_url(url)[0], autocommit=True) as owner:
        owner.execute(f"INSERT INTO {schema}.schema_version (version, engine_version) VALUES (%s, '9.0')",
                      (PG_SCHEMA_VERSION + 1,))
    with pytest.raises(ReviewStoreError) as caught:
        PostgresReviewStore(url)
    assert str(caught.value) == (
        f"{url}: the review database was written by a newer imr: expected schema version {PG_SCHEMA_VERSION} "
        f"or older, found schema version {PG_SCHEMA_VERSION + 1} (upgrade imr-rules to open it; the database is "
        "left as it is)")


def test_a_reviewer_cannot_create_the_team_store(pg: PgTestServer):
    url = _as(pg.store_url(), pg, pg.login("reviewer"))
    with pytest.raises(ReviewStoreError, match=r"the team store is not set up on this server: .* imr store init"):
        PostgresReviewStore(url)


def test_bad_addresses_are_one_line(tmp_path: Path):
    for location, expected in (
        ("mysql://db/x", "mysql://db/x: unknown kind of review database: expected a file path, sqlite:///PATH or "
                         "postgresql://USER@HOST:PORT/DATABASE, found a mysql:// address"),
        ("postgresql://nobody:pw@127.0.0.1:1/x", "postgresql://nobody:***@127.0.0.1:1/x: cannot open the review "
                                                 "database: expected a PostgreSQL server that answers this login"),
    ):
        code, output = run("queue", str(tmp_path), "--db", location)
        assert code == 2 and output.startswith(f"error: {expected}") and output.count("\n") == 1, output


def test_every_command_finds_the_store_in_the_env_var(open_session, store_location: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    """``IMR_REVIEW_DB`` names the store (a file or postgresql://...) for every command without --db."""
    session = open_session()
    session.override(ACUPUNCTURE, "Upheld", "The notes credit the new mattress.")
    monkeypatch.setenv("IMR_REVIEW_DB", store_location)
    with open_store(None) as store:  # type: ignore[attr-defined]
        assert store.location == store_location
    code, output = run("decisions", str(SEED))
    assert code == 0 and output.startswith(f"Case CM15-0000001: 1 entries in {store_location}"), output
    monkeypatch.setenv("IMR_PROFILES", str(tmp_path / "profiles.json"))  # not this machine's remembered profiles
    code, output = run("letter", str(SEED), "--as", "dr-a", "--tables", str(ROOT / "tables"), "--reviewer",
                       str(ROOT / "reviewers" / "example.yaml"))
    assert code == 0, output
    assert "The notes credit the new mattress." in output
    assert run("audit", "verify")[0] == 0


def test_an_older_team_schema_is_migrated_once_by_its_owner(team, monkeypatch: pytest.MonkeyPatch):
    from review import postgres_schema

    _, url = team
    with PostgresReviewStore(url) as store:
        store.append(note("before the migration"))
    monkeypatch.setattr(postgres_schema, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(postgres_schema, "MIGRATIONS", {1: "ALTER TABLE {s}.audit_log ADD COLUMN client text;"})
    opened: list[PostgresReviewStore] = []
    threads = [threading.Thread(target=lambda: opened.append(PostgresReviewStore(url))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [s.schema_version() for s in opened] == [2, 2, 2]  # three at once: migrated once, no error
    for store in opened:
        store.close()
    _, schema, _ = split_url(url)
    with psycopg.connect(split_url(url)[0], autocommit=True) as owner:
        versions = owner.execute(f"SELECT version FROM {schema}.schema_version ORDER BY version").fetchall()
        assert versions == [(1,), (2,)]
        assert owner.execute(f"SELECT count(*) FROM {schema}.audit_log").fetchone() == (1,)
    monkeypatch.setattr(postgres_schema, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(postgres_schema, "MIGRATIONS", {1: "SELECT 1;"})  # no step from 2
    with pytest.raises(ReviewStoreError, match=r"an old schema this imr cannot migrate: .* found schema version 2"):
        PostgresReviewStore(url)
