"""The store, on both backends (SQLite and PostgreSQL: ``make_store``): the audit log, before, folding;
then what is SQLite's own: schema versions and migrations, damaged files, where the file lives.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import stat
from pathlib import Path

import pytest
from review_fixtures import ACUPUNCTURE, FLIP_FACT

import engine
from review import NewEntry, ReviewStore, ReviewStoreError, SqliteReviewStore, default_db_path, fold
from review import sqlite_store as module
from review.audit_chain import verify


def entry(**changes: object) -> NewEntry:
    fields: dict[str, object] = {
        "case": "CM15-0000001", "case_file": "cases/seed.yaml", "item": 0, "request": "Re-exam",
        "kind": "note", "after": {"text": "hello"}, "reviewer": "dr-a", "workbook_hash": "h" * 64,
        "engine_version": "0.1.0",
    }
    fields.update(changes)
    return NewEntry.model_validate(fields)


def test_each_store_is_a_review_store(make_store, store_location: str):
    store = make_store()
    assert isinstance(store, ReviewStore)
    assert store.location == store_location


def test_the_audit_log_records_who_when_what_before_after_hash_and_version(open_session, rulebase, make_store):
    session = open_session()
    session.accept(ACUPUNCTURE)
    session.edit_fact(ACUPUNCTURE, FLIP_FACT, "no")
    session.override(ACUPUNCTURE, "Upheld", "Agrees with the new proposal.")
    accepted, edited, overridden = make_store().entries("CM15-0000001")
    expected_hash = hashlib.sha256("\n".join(sorted(w.content_hash for w in rulebase.workbooks)).encode()).hexdigest()
    for logged in (accepted, edited, overridden):
        assert logged.reviewer == "dr-a"
        assert logged.recorded_at.utcoffset() is not None and logged.recorded_at.utcoffset().total_seconds() == 0
        assert logged.workbook_hash == expected_hash
        assert logged.engine_version == engine.__version__
        assert logged.item == ACUPUNCTURE and logged.request == session.case.items[ACUPUNCTURE].request
    assert accepted.kind == "decision" and accepted.before is None
    assert accepted.after["outcome"] == "Overturned" and accepted.after["proposed"] == "Overturned"
    assert edited.kind == "fact_edit" and edited.fact == FLIP_FACT
    assert edited.before == {"documented": True, "value": True}
    assert edited.after == {"documented": True, "value": False}
    assert overridden.before == accepted.after
    assert overridden.after == {"outcome": "Upheld", "reason": "Agrees with the new proposal.", "proposed": "Upheld"}
    assert accepted.id < edited.id < overridden.id
    assert accepted.recorded_at <= edited.recorded_at <= overridden.recorded_at


def test_the_audit_log_refuses_update_and_delete(db_path: Path):
    with SqliteReviewStore(db_path) as store:
        store.append(entry())
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_log SET after = '{\"text\": \"changed\"}'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_log")
    conn.close()
    with SqliteReviewStore(db_path) as store:
        assert [e.after for e in store.entries("CM15-0000001")] == [{"text": "hello"}]


def test_the_database_refuses_an_override_without_a_reason(make_store):
    """Even a writer that skips the session's check cannot store one."""
    store = make_store()
    with pytest.raises(ReviewStoreError, match="not saved"):
        store.append(entry(kind="override", after={"outcome": "Upheld", "reason": " ", "proposed": "Upheld"}))
    assert store.entries("CM15-0000001") == []


def test_before_comes_from_the_log_not_the_caller(make_store):
    """A second writer's stale view of the previous decision is corrected inside the transaction."""
    decision = {"outcome": "Upheld", "reason": "r1", "proposed": "Upheld"}
    store = make_store()
    store.append(entry(kind="decision", after=decision))
    second = make_store().append(entry(kind="override", before=None,
                                       after={"outcome": "Overturned", "reason": "r2", "proposed": "Upheld"}))
    assert second.before == decision


def test_fold_keeps_the_latest_decision_current_edits_and_every_note(make_store):
    with make_store() as store:
        store.append(entry(kind="decision", after={"outcome": "Upheld", "reason": "a", "proposed": "Upheld"}))
        store.append(entry(kind="override", after={"outcome": "Overturned", "reason": "b", "proposed": "Upheld"}))
        store.append(entry(kind="fact_edit", fact="x.y", after={"documented": True, "value": 3}))
        store.append(entry(kind="fact_edit", fact="x.z", after={"documented": False, "value": None}))
        store.append(entry(kind="fact_reset", fact="x.z", after={"documented": True, "value": 1}))
        store.append(entry())
        store.append(entry(item=1, after={"text": "second"}))
        state = fold(store.entries("CM15-0000001"))
        assert store.cases() == ["CM15-0000001"]
        assert [e.item for e in store.entries("CM15-0000001", 1)] == [1]
    assert state.decisions[0].after["reason"] == "b"
    assert list(state.facts[0]) == ["x.y"]
    assert [n.after["text"] for i in (0, 1) for n in state.notes[i]] == ["hello", "second"]
    assert state.entries == 7 and state.fact_edit_count == 1 and state.note_count == 2


def test_the_database_is_wal_with_a_schema_version_and_owner_only(db_path: Path):
    with SqliteReviewStore(db_path) as store:
        assert store.schema_version() == module.SCHEMA_VERSION
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA application_id").fetchone()[0] == module.APPLICATION_ID
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(module.SCHEMA_VERSION,)]
    conn.close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700


def _set_version(db_path: Path, version: int) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("DELETE FROM schema_version")
        conn.execute("INSERT INTO schema_version VALUES (?, '2020-01-01T00:00:00+00:00', 'old')", (version,))
    conn.close()


def test_a_database_from_a_newer_imr_is_refused_and_left_alone(db_path: Path):
    SqliteReviewStore(db_path).close()
    _set_version(db_path, module.SCHEMA_VERSION + 1)
    before = db_path.read_bytes()
    with pytest.raises(ReviewStoreError) as caught:
        SqliteReviewStore(db_path)
    assert str(caught.value) == (
        f"{db_path}: the review database was written by a newer imr: expected schema version "
        f"{module.SCHEMA_VERSION} or older, found schema version {module.SCHEMA_VERSION + 1} "
        "(upgrade imr-rules to open it; the file is left as it is)"
    )
    assert db_path.read_bytes() == before


def test_an_older_schema_without_a_migration_is_refused(db_path: Path):
    SqliteReviewStore(db_path).close()
    _set_version(db_path, 0)
    with pytest.raises(ReviewStoreError, match=r"an old schema this imr cannot migrate: .* found schema version 0"):
        SqliteReviewStore(db_path)


def _v1_file(db_path: Path, notes: list[tuple[str, str]]) -> None:
    """A review database as imr wrote it before the hash chain (schema version 1), with notes (case, text)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    for statement in module._statements(module.SCHEMA_V1):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {module.APPLICATION_ID}")
    conn.execute("INSERT INTO schema_version VALUES (1, '2026-01-01T00:00:00+00:00', '0.1.0')")
    for n, (case, text) in enumerate(notes):
        conn.execute("INSERT INTO audit_log (recorded_at, reviewer, case_number, case_file, item, request, kind, "
                     "after, workbook_hash, engine_version) VALUES (?, 'dr-a', ?, 'c.yaml', 0, 'r', 'note', ?, "
                     "'h', '0.1.0')", (f"2026-01-01T00:00:{n:02d}.000001+00:00", case, json.dumps({"text": text})))
    conn.close()


def test_a_version_1_file_is_copied_aside_and_migrated_to_the_hash_chain(db_path: Path):
    _v1_file(db_path, [("C-1", "one"), ("C-2", "two"), ("C-1", "three")])
    with SqliteReviewStore(db_path) as store:
        assert store.schema_version() == module.SCHEMA_VERSION == 2
        first = store.entries("C-1")
        assert [(e.id, e.seq, e.after["text"]) for e in first] == [(1, 1, "one"), (3, 2, "three")]
        assert [(e.id, e.seq) for e in store.entries("C-2")] == [(2, 1)]
        assert all(verify(case, store.entries(case)).ok for case in ("C-1", "C-2"))
        assert first[1].prev_hash == first[0].hash
        added = store.append(entry(case="C-1"))  # the chain goes on
        assert (added.seq, added.prev_hash) == (3, first[1].hash)
    backup = db_path.with_name(db_path.name + ".v1.bak")
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == (3,)
    conn.close()
    conn = sqlite3.connect(db_path)
    assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")] == [1, 2]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):  # the triggers are back
        conn.execute("DELETE FROM audit_log")
    conn.close()


def test_a_migration_step_runs_once_per_version_after_a_backup(db_path: Path, monkeypatch: pytest.MonkeyPatch):
    with SqliteReviewStore(db_path) as store:
        store.append(entry())

    def add_client(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE audit_log ADD COLUMN client TEXT")

    monkeypatch.setattr(module, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(module, "MIGRATIONS", {**module.MIGRATIONS, 2: add_client})
    with SqliteReviewStore(db_path) as store:
        assert store.schema_version() == 3
        assert [e.after for e in store.entries("CM15-0000001")] == [{"text": "hello"}]
    assert db_path.with_name(db_path.name + ".v2.bak").exists()
    conn = sqlite3.connect(db_path)
    assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")] == [2, 3]
    assert "client" in [r[1] for r in conn.execute("PRAGMA table_info(audit_log)")]
    conn.close()


def test_a_file_that_is_not_a_database_is_reported_in_one_line_and_kept(db_path: Path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"these are somebody's notes, not a database\n" * 100)
    before = db_path.read_bytes()
    with pytest.raises(ReviewStoreError) as caught:
        SqliteReviewStore(db_path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{db_path}: the review database is damaged or not a database: "
                              "expected an SQLite review database, found a file that does not start with")
    assert message.endswith("(it was left as it is: move it aside or restore a copy)")
    assert db_path.read_bytes() == before


def test_a_damaged_database_is_reported_and_kept(db_path: Path):
    with SqliteReviewStore(db_path) as store:
        for n in range(30):
            store.append(entry(after={"text": f"note {n} " + "x" * 2000}))
    data = bytearray(db_path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[2 * page: 5 * page] = b"\xff" * (3 * page)  # wreck pages 3 to 5, keep the header
    db_path.write_bytes(bytes(data))
    with pytest.raises(ReviewStoreError) as caught:
        SqliteReviewStore(db_path)
    assert str(caught.value).startswith(f"{db_path}: the review database is damaged or not a database: ")
    assert "\n" not in str(caught.value)
    assert db_path.read_bytes() == bytes(data)


def test_a_database_with_a_wrecked_first_page_is_reported_as_damaged_and_kept(db_path: Path):
    """The SQLite header string intact, the rest of page 1 garbage: SQLite says 'file is not a database'."""
    with SqliteReviewStore(db_path) as store:
        store.append(entry())
    data = bytearray(db_path.read_bytes())
    data[16:4096] = b"\xff" * (4096 - 16)
    db_path.write_bytes(bytes(data))
    with pytest.raises(ReviewStoreError) as caught:
        SqliteReviewStore(db_path)
    assert str(caught.value) == (
        f"{db_path}: the review database is damaged or not a database: expected an SQLite review database, "
        "found file is not a database (it was left as it is: move it aside or restore a copy)")
    assert db_path.read_bytes() == bytes(data)


def test_another_applications_sqlite_file_is_refused(db_path: Path):
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(ReviewStoreError, match="not an imr review database: .*found application_id 0x0 "
                                                r"and tables \['recipes'\]"):
        SqliteReviewStore(db_path)


def test_a_folder_is_not_a_database(tmp_path: Path):
    with pytest.raises(ReviewStoreError, match="the review database is a folder"):
        SqliteReviewStore(tmp_path)


def test_the_default_path_is_the_env_var_else_the_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "team" / "reviews.db"
    monkeypatch.setenv("IMR_REVIEW_DB", str(target))
    assert default_db_path() == target
    with SqliteReviewStore() as store:
        assert store.path == target and target.exists()
    monkeypatch.delenv("IMR_REVIEW_DB")
    path = default_db_path()
    assert path.name == "reviews.sqlite3" and path.parent.name == "imr"
