"""The team store's schema on PostgreSQL: tables, the append-only guards, the roles, migrations.

One schema (``imr`` by default) holds ``schema_version`` and ``audit_log``.  The roles:

| role | may |
|---|---|
| the owner (who ran ``imr store init``) | everything; owns the tables; runs migrations |
| ``<roles>_reviewer`` | read every entry; insert decisions, overrides, fact edits, notes, assignments |
| ``<roles>_qa`` | read every entry; insert QA notes only (row-level security) |

Neither group role may UPDATE, DELETE or TRUNCATE the log (no privilege), and triggers
refuse those to everyone, the owner included (an owner who drops the triggers to rewrite a
row is caught by ``imr audit verify``: the hash chain).  Each person logs in as a role of
their own that is a member of one group role (``GRANT imr_reviewer TO alice``).

``MIGRATIONS`` maps a version to the statements that lead to the next one; each step runs
in one transaction holding an advisory lock, so two processes opening an old schema at
once migrate it once.  A schema newer than this imr is refused.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from engine import Location
from engine import __version__ as engine_version
from review.errors import ReviewStoreError
from review.model import ACTION_KINDS, FACT_KINDS

SCHEMA_VERSION = 1
_LOCK = 0x494D5252  # the advisory lock key that serialises creating and migrating a schema

_KINDS = ", ".join(f"'{k}'" for k in ACTION_KINDS)
_FACT_KINDS = ", ".join(f"'{k}'" for k in FACT_KINDS)

# {s}: the schema, {r}: the reviewer group role, {q}: the QA group role (identifiers, quoted).
CREATE_V1 = f"""
CREATE SCHEMA IF NOT EXISTS {{s}};
CREATE TABLE {{s}}.schema_version (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now(),
    engine_version text NOT NULL
);
CREATE TABLE {{s}}.audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recorded_at timestamptz NOT NULL,
    reviewer text NOT NULL CHECK (length(btrim(reviewer)) > 0),
    case_number text NOT NULL,
    case_file text NOT NULL,
    item integer NOT NULL CHECK (item >= 0),
    request text NOT NULL,
    kind text NOT NULL CHECK (kind IN ({_KINDS})),
    fact text,
    before json,
    after json NOT NULL,
    workbook_hash text NOT NULL,
    engine_version text NOT NULL,
    seq integer NOT NULL CHECK (seq >= 1),
    prev_hash text NOT NULL,
    hash text NOT NULL,
    db_user text NOT NULL DEFAULT session_user,
    UNIQUE (case_number, seq),
    CHECK ((kind IN ({_FACT_KINDS})) = (fact IS NOT NULL)),
    CHECK (kind <> 'override' OR length(btrim(coalesce(after->>'reason', ''))) > 0)
);
CREATE INDEX audit_log_by_case ON {{s}}.audit_log (case_number, item, id);
CREATE INDEX audit_log_by_hash ON {{s}}.audit_log (case_number, hash);
CREATE FUNCTION {{s}}.audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON {{s}}.audit_log
    FOR EACH ROW EXECUTE FUNCTION {{s}}.audit_log_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON {{s}}.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION {{s}}.audit_log_refuse();
REVOKE ALL ON SCHEMA {{s}} FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA {{s}} FROM PUBLIC;
REVOKE ALL ON FUNCTION {{s}}.audit_log_refuse() FROM PUBLIC;
GRANT USAGE ON SCHEMA {{s}} TO {{r}}, {{q}};
GRANT SELECT ON {{s}}.schema_version TO {{r}}, {{q}};
GRANT SELECT, INSERT ON {{s}}.audit_log TO {{r}}, {{q}};
ALTER TABLE {{s}}.audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON {{s}}.audit_log FOR SELECT TO {{r}}, {{q}} USING (true);
CREATE POLICY reviewers_write ON {{s}}.audit_log FOR INSERT TO {{r}}
    WITH CHECK (kind <> 'qa_note' AND db_user = session_user);
CREATE POLICY qa_writes_notes ON {{s}}.audit_log FOR INSERT TO {{q}}
    WITH CHECK (kind = 'qa_note' AND db_user = session_user);
"""

# from-version -> statements to the next version (same placeholders as CREATE_V1).
MIGRATIONS: dict[int, str] = {}


def role_names(roles: str) -> tuple[str, str]:
    """The reviewer and QA group roles of a role prefix."""
    return f"{roles}_reviewer", f"{roles}_qa"


def ensure_schema(conn: psycopg.Connection[Any], schema: str, roles: str, location: str) -> int:
    """Create the schema (and the group roles) if absent, migrate an older one, refuse a newer one."""
    version = _version(conn, schema)
    if version == SCHEMA_VERSION:
        return version
    if version > SCHEMA_VERSION:
        raise ReviewStoreError(
            "the review database was written by a newer imr", location=Location(location),
            expected=f"schema version {SCHEMA_VERSION} or older", found=f"schema version {version}",
            hint="upgrade imr-rules to open it; the database is left as it is")
    missing = [v for v in range(max(version, 1), SCHEMA_VERSION) if v not in MIGRATIONS]
    if version and missing:
        raise ReviewStoreError(
            "the review database has an old schema this imr cannot migrate", location=Location(location),
            expected=f"schema version {SCHEMA_VERSION} or one with a migration to it",
            found=f"schema version {version}",
            hint="open it with the imr release that wrote it; the database is left as it is")
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            version = _version(conn, schema)  # another process may have done it meanwhile
            if version == 0:
                _create_roles(conn, roles)
                _run_script(conn, CREATE_V1, schema, roles)
                conn.execute(sql.SQL("INSERT INTO {}.schema_version (version, engine_version) VALUES (1, %s)")
                             .format(sql.Identifier(schema)), (engine_version,))
                version = 1
            while version < SCHEMA_VERSION:
                _run_script(conn, MIGRATIONS[version], schema, roles)
                version += 1
                conn.execute(sql.SQL("INSERT INTO {}.schema_version (version, engine_version) VALUES (%s, %s)")
                             .format(sql.Identifier(schema)), (version, engine_version))
    except psycopg.errors.InsufficientPrivilege as exc:
        raise ReviewStoreError(
            "the team store is not set up on this server" if version == 0 else
            "the team store needs a schema migration its owner must run", location=Location(location),
            expected=f"schema {schema!r} at version {SCHEMA_VERSION}",
            found=f"version {version} and no right to change it ({str(exc).splitlines()[0]})",
            hint="the database owner runs: imr store init --db URL (docs/review-store.md)") from None
    return version


def _version(conn: psycopg.Connection[Any], schema: str) -> int:
    row = conn.execute("SELECT to_regclass(%s)", (f"{schema}.schema_version",)).fetchone()
    if row is None or row[0] is None:
        return 0
    found = conn.execute(sql.SQL("SELECT max(version) FROM {}.schema_version").format(sql.Identifier(schema)))
    value = found.fetchone()
    return int(value[0] or 0) if value else 0


def _create_roles(conn: psycopg.Connection[Any], roles: str) -> None:
    for role in role_names(roles):
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))


def _run_script(conn: psycopg.Connection[Any], script: str, schema: str, roles: str) -> None:
    reviewer, qa = role_names(roles)
    text = script.replace("{s}", '"' + schema + '"').replace("{r}", '"' + reviewer + '"').replace(
        "{q}", '"' + qa + '"')
    conn.execute(text.encode())
