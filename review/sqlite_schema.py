"""The SQLite store's schema: the tables as each version made them, the migrations, rows <-> entries.

Version 1 (the first release) kept the audit log without a hash chain; version 2 adds each
entry's place in its case's chain (``seq``, ``prev_hash``, ``hash``: ``review.audit_chain``)
and the team kinds (``qa_note``, ``assignment``).  ``migrate_1_to_2`` rebuilds a version-1 log:
every entry, in id order, chained per case, ids kept, the append-only triggers put back.
``review.sqlite_store`` runs it (after copying the file aside) when it opens an old file.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from review.audit_chain import GENESIS, hash_of
from review.model import ACTION_KINDS, FACT_KINDS, AuditEntry

_KINDS_V1 = "'decision', 'override', 'fact_edit', 'fact_reset', 'note'"  # frozen: the v1 schema as shipped
_KINDS = ", ".join(f"'{k}'" for k in ACTION_KINDS)
_FACT_KINDS = ", ".join(f"'{k}'" for k in FACT_KINDS)
_TRIGGERS = """
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
SCHEMA_V1 = f"""
CREATE TABLE schema_version (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL,
    engine_version TEXT NOT NULL
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at TEXT NOT NULL,
    reviewer TEXT NOT NULL CHECK (length(trim(reviewer)) > 0),
    case_number TEXT NOT NULL,
    case_file TEXT NOT NULL,
    item INTEGER NOT NULL CHECK (item >= 0),
    request TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ({_KINDS_V1})),
    fact TEXT,
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after TEXT NOT NULL CHECK (json_valid(after)),
    workbook_hash TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    CHECK ((kind IN ({_FACT_KINDS})) = (fact IS NOT NULL)),
    CHECK (kind <> 'override' OR length(trim(coalesce(json_extract(after, '$.reason'), ''))) > 0)
);
CREATE INDEX audit_log_by_case ON audit_log (case_number, item, id);
""" + _TRIGGERS
# v2: every entry in its case's hash chain (seq, prev_hash, hash), and the team kinds (qa_note, assignment).
AUDIT_LOG_V2 = f"""
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at TEXT NOT NULL,
    reviewer TEXT NOT NULL CHECK (length(trim(reviewer)) > 0),
    case_number TEXT NOT NULL,
    case_file TEXT NOT NULL,
    item INTEGER NOT NULL CHECK (item >= 0),
    request TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ({_KINDS})),
    fact TEXT,
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after TEXT NOT NULL CHECK (json_valid(after)),
    workbook_hash TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (case_number, seq),
    CHECK ((kind IN ({_FACT_KINDS})) = (fact IS NOT NULL)),
    CHECK (kind <> 'override' OR length(trim(coalesce(json_extract(after, '$.reason'), ''))) > 0)
);
CREATE INDEX audit_log_by_case ON audit_log (case_number, item, id);
""" + _TRIGGERS
SCHEMA_V2 = SCHEMA_V1.split("CREATE TABLE audit_log")[0] + AUDIT_LOG_V2


def migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Rebuild the log with the hash chain: every existing entry, in id order, chained per case."""
    for statement in ("DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete",
                      "DROP INDEX audit_log_by_case", "ALTER TABLE audit_log RENAME TO audit_log_v1"):
        conn.execute(statement)
    for statement in statements(AUDIT_LOG_V2):
        conn.execute(statement)
    heads: dict[str, tuple[int, str]] = {}
    for row in conn.execute(f"SELECT {COLUMNS_V1} FROM audit_log_v1 ORDER BY id").fetchall():
        old = row_entry(row)
        seq, prev = heads.get(old.case, (0, GENESIS))
        chained = old.model_copy(update={"seq": seq + 1, "prev_hash": prev})
        chained = chained.model_copy(update={"hash": hash_of(chained)})
        insert(conn, chained, keep_id=True)
        heads[old.case] = (chained.seq, chained.hash)
    conn.execute("DROP TABLE audit_log_v1")


# from-version -> the step to from-version + 1, run inside one transaction.


COLUMNS_V1 = ("id, recorded_at, reviewer, case_number, case_file, item, request, kind, fact, before, after, "
               "workbook_hash, engine_version")
COLUMNS = COLUMNS_V1 + ", seq, prev_hash, hash"


def statements(script: str) -> list[str]:
    """Split a schema script into statements (triggers keep their inner ';')."""
    statements: list[str] = []
    current = ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


def dump(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def row_entry(row: tuple[Any, ...]) -> AuditEntry:
    (id_, recorded_at, reviewer, case, case_file, item, request, kind, fact, before, after,
     workbook_hash, version, *chain) = row
    seq, prev_hash, digest = chain if chain else (0, "", "")
    return AuditEntry(
        id=id_, recorded_at=dt.datetime.fromisoformat(recorded_at), reviewer=reviewer, case=case,
        case_file=case_file, item=item, request=request, kind=kind, fact=fact,
        before=json.loads(before) if before is not None else None, after=json.loads(after),
        workbook_hash=workbook_hash, engine_version=version, seq=seq, prev_hash=prev_hash, hash=digest,
    )


def insert(conn: sqlite3.Connection, entry: AuditEntry, *, keep_id: bool) -> int:
    """Insert a chained entry (``keep_id``: with its id, as a migration does); the new row's id."""
    columns = COLUMNS if keep_id else COLUMNS.removeprefix("id, ")
    values: tuple[Any, ...] = (
        entry.recorded_at.isoformat(), entry.reviewer, entry.case, entry.case_file, entry.item, entry.request,
        entry.kind, entry.fact, dump(entry.before), dump(entry.after), entry.workbook_hash,
        entry.engine_version, entry.seq, entry.prev_hash, entry.hash)
    if keep_id:
        values = (entry.id, *values)
    marks = ", ".join("?" for _ in values)
    cursor = conn.execute(f"INSERT INTO audit_log ({columns}) VALUES ({marks})", values)
    return int(cursor.lastrowid or 0)
