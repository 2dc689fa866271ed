"""The SQLite store: append-only audit log, schema versions, damaged files, where the file lives."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest
from review_fixtures import ACUPUNCTURE, FLIP_FACT

import engine
from review import NewEntry, ReviewStore, ReviewStoreError, SqliteReviewStore, default_db_path, fold
from review import sqlite_store as module


def entry(**changes: object) -> NewEntry:
    fields: dict[str, object] = {
        "case": "CM15-0000001", "case_file": "cases/seed.yaml", "item": 0, "request": "Re-exam",
        "kind": "note", "after": {"text": "hello"}, "reviewer": "dr-a", "workbook_hash": "h" * 64,
        "engine_version": "0.1.0",
    }
    fields.update(changes)
    return NewEntry.model_validate(fields)


def test_the_sqlite_store_is_a_review_store(db_path: Path):
    with SqliteReviewStore(db_path) as store:
        assert isinstance(store, ReviewStore)
        assert store.location == str(db_path)


def test_the_audit_log_records_who_when_what_before_after_hash_and_version(open_session, rulebase, db_path):
    session = open_session()
    session.accept(ACUPUNCTURE)
    session.edit_fact(ACUPUNCTURE, FLIP_FACT, "no")
    session.override(ACUPUNCTURE, "Upheld", "Agrees with the new proposal.")
    with SqliteReviewStore(db_path) as store:
        accepted, edited, overridden = store.entries("CM15-0000001")
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


def test_the_database_refuses_an_override_without_a_reason(db_path: Path):
    """Even a writer that skips the session's check cannot store one."""
    with SqliteReviewStore(db_path) as store:
        with pytest.raises(ReviewStoreError, match="not saved"):
            store.append(entry(kind="override", after={"outcome": "Upheld", "reason": " ", "proposed": "Upheld"}))
        assert store.entries("CM15-0000001") == []


def test_before_comes_from_the_log_not_the_caller(db_path: Path):
    """A second writer's stale view of the previous decision is corrected inside the transaction."""
    decision = {"outcome": "Upheld", "reason": "r1", "proposed": "Upheld"}
    with SqliteReviewStore(db_path) as store:
        store.append(entry(kind="decision", after=decision))
        second = store.append(entry(kind="override", before=None,
                                    after={"outcome": "Overturned", "reason": "r2", "proposed": "Upheld"}))
    assert second.before == decision


def test_fold_keeps_the_latest_decision_current_edits_and_every_note(db_path: Path):
    with SqliteReviewStore(db_path) as store:
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


def test_an_older_schema_is_copied_aside_and_migrated(db_path: Path, monkeypatch: pytest.MonkeyPatch):
    with SqliteReviewStore(db_path) as store:
        store.append(entry())

    def add_client(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE audit_log ADD COLUMN client TEXT")

    monkeypatch.setattr(module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(module, "MIGRATIONS", {1: add_client})
    with SqliteReviewStore(db_path) as store:
        assert store.schema_version() == 2
        assert [e.after for e in store.entries("CM15-0000001")] == [{"text": "hello"}]
    backup = db_path.with_name(db_path.name + ".v1.bak")
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == (1,)
    conn.close()
    conn = sqlite3.connect(db_path)
    assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")] == [1, 2]
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
