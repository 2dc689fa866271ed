"""The team store: the audit log on a PostgreSQL server, shared by every reviewer of a team.

``PostgresReviewStore("postgresql://alice@reviews.example.org/imr")`` behaves as the SQLite
store does (the same test suite runs on both): each append is one transaction, committed
on the server before it returns; ``before`` and the case's hash chain are read inside it,
holding the case's advisory lock, so appends to one case are serialised and different
cases append in parallel.

The database refuses UPDATE, DELETE and TRUNCATE of ``audit_log`` (triggers), and the
roles the application connects as cannot change that: they hold SELECT and INSERT only,
and row-level security lets the QA role insert QA notes and nothing else
(``review/postgres_schema.py``).  The URL may name the schema and the role prefix:
``?schema=imr&roles=imr`` (the defaults): the roles are ``<roles>_reviewer`` and
``<roles>_qa``.

A lost connection (the server restarted, a network drop) is not a failure: each call is
retried on a new connection for ``retry_seconds`` (30 s), telling ``on_reconnect`` (the UI
shows it) at each attempt.  An append that may have been committed when the connection
dropped is looked up by its hash before it is tried again, so it is stored once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit

import psycopg
from psycopg import sql

from engine import Location
from review.audit_chain import GENESIS, check_extends, entry_hash
from review.errors import ReviewConflict, ReviewStoreError
from review.model import CHANGE_KINDS, DECISION_KINDS, FACT_KINDS, AuditEntry, NewEntry
from review.postgres_schema import ensure_schema
from review.store import conflict
from review.store_url import redact

T = TypeVar("T")
RETRY_SECONDS = 30.0
_COLUMNS = ("id, recorded_at, reviewer, case_number, case_file, item, request, kind, fact, before, after, "
            "workbook_hash, engine_version, seq, prev_hash, hash")
_INSERT = ("INSERT INTO audit_log (recorded_at, reviewer, case_number, case_file, item, request, kind, fact, "
           "before, after, workbook_hash, engine_version, seq, prev_hash, hash) "
           "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s::json, %s::json, %s, %s, %s, %s, %s) RETURNING id")


def split_url(url: str) -> tuple[str, str, str]:
    """``(conninfo, schema, roles)``: the URL without our own ``schema`` and ``roles`` parameters."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    ours = {k: v for k, v in query if k in ("schema", "roles")}
    rest = [(k, v) for k, v in query if k not in ("schema", "roles")]
    if not any(k == "connect_timeout" for k, _ in rest):
        rest.append(("connect_timeout", "5"))
    schema = ours.get("schema") or "imr"
    roles = ours.get("roles") or schema
    for name, value in (("schema", schema), ("roles", roles)):
        if not value.replace("_", "").isalnum() or not value[0].isalpha() or len(value) > 40:
            raise ReviewStoreError(f"a bad {name} name in the review database address", location=Location(redact(url)),
                                   expected="letters, digits and _ (at most 40, a letter first)", found=repr(value))
    return parts._replace(query=urlencode(rest)).geturl(), schema, roles


class PostgresReviewStore:
    """A ``ReviewStore`` on a PostgreSQL server (psycopg 3); one connection per thread."""

    def __init__(self, url: str, *, retry_seconds: float = RETRY_SECONDS,
                 on_reconnect: Callable[[str], None] | None = None) -> None:
        self.url = url
        self.conninfo, self.schema, self.roles = split_url(url)
        self.retry_seconds = retry_seconds
        self.on_reconnect = on_reconnect
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[psycopg.Connection[Any]] = []
        self._version = self._run("cannot open the review database", self._open, retry=False)

    # -- the ReviewStore protocol ------------------------------------------------------

    @property
    def location(self) -> str:
        return redact(self.url)

    def append(self, entry: NewEntry, *, seen: int | None = None) -> AuditEntry:
        """One transaction on the server, holding the case's lock; committed when this returns."""
        attempt: dict[str, AuditEntry] = {}

        def work(conn: psycopg.Connection[Any]) -> AuditEntry:
            tried = attempt.get("tried")
            if tried is not None:  # the connection dropped: was the last attempt committed?
                found = conn.execute(f"SELECT {_COLUMNS} FROM audit_log WHERE case_number = %s AND hash = %s",
                                     (tried.case, tried.hash)).fetchone()
                if found is not None:
                    return _entry(found)
            with conn.transaction():
                self._lock_case(conn, entry.case)
                if seen is not None:
                    since = self._changes_since(conn, entry.case, seen)
                    if since:
                        raise conflict(entry.case_file, entry, seen, since)
                before = self._prior(conn, entry)
                if before is None:
                    before = entry.before
                seq, prev = self._head(conn, entry.case)
                now = dt.datetime.now(dt.UTC)
                fields = entry.model_dump(exclude={"before"})
                digest = entry_hash(prev, seq=seq + 1, recorded_at=now, before=before, **fields)
                stored = AuditEntry(**fields, before=before, id=0, recorded_at=now, seq=seq + 1, prev_hash=prev,
                                    hash=digest)
                attempt["tried"] = stored
                row = conn.execute(_INSERT, _values(stored)).fetchone()
                assert row is not None
            return stored.model_copy(update={"id": int(row[0])})

        return self._run("not saved", work)

    def append_copied(self, entry: AuditEntry) -> AuditEntry:
        """Append an entry from another store as it is (time, seq, hashes): it must extend the case's chain."""

        def work(conn: psycopg.Connection[Any]) -> AuditEntry:
            with conn.transaction():
                self._lock_case(conn, entry.case)
                head = self._head(conn, entry.case)
                if head == (entry.seq, entry.hash):  # already copied (a retry after a dropped connection)
                    return entry
                check_extends(self.location, entry, head)
                row = conn.execute(_INSERT, _values(entry)).fetchone()
                assert row is not None
            return entry.model_copy(update={"id": int(row[0])})

        return self._run("not copied", work)

    def entries(self, case: str, item: int | None = None) -> list[AuditEntry]:
        query = f"SELECT {_COLUMNS} FROM audit_log WHERE case_number = %s"
        args: tuple[Any, ...] = (case,)
        if item is not None:
            query += " AND item = %s"
            args += (item,)
        rows = self._run("cannot read the audit log", lambda c: c.execute(query + " ORDER BY id", args).fetchall())
        return [_entry(row) for row in rows]

    def cases(self) -> list[str]:
        rows = self._run("cannot read the audit log", lambda c: c.execute(
            "SELECT DISTINCT case_number FROM audit_log ORDER BY case_number").fetchall())
        return [row[0] for row in rows]

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> PostgresReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- beyond the protocol -----------------------------------------------------------

    def schema_version(self) -> int:
        return self._version

    def login(self) -> str:
        """The role this store is connected as (``session_user``)."""
        row = self._run("cannot read the login", lambda c: c.execute("SELECT session_user").fetchone())
        return str(row[0]) if row else ""

    # -- connections -------------------------------------------------------------------

    def _open(self, conn: psycopg.Connection[Any]) -> int:
        return ensure_schema(conn, self.schema, self.roles, self.location)

    def _connection(self) -> psycopg.Connection[Any]:
        conn: psycopg.Connection[Any] | None = getattr(self._local, "conn", None)
        if conn is not None and not conn.closed:
            return conn
        conn = psycopg.connect(self.conninfo, autocommit=True)
        conn.execute(sql.SQL("SET search_path TO {}, pg_catalog").format(sql.Identifier(self.schema)))
        self._local.conn = conn
        with self._lock:
            self._connections.append(conn)
        return conn

    def _drop_connection(self) -> None:
        conn: psycopg.Connection[Any] | None = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                conn.close()
            with self._lock:
                if conn in self._connections:
                    self._connections.remove(conn)

    def _run(self, what: str, work: Callable[[psycopg.Connection[Any]], T], *, retry: bool = True) -> T:
        """``work`` on this thread's connection; a lost connection is retried for ``retry_seconds``."""
        deadline = time.monotonic() + self.retry_seconds
        attempt = 0
        while True:
            try:
                return work(self._connection())
            except (ReviewStoreError, ReviewConflict):
                raise
            except psycopg.OperationalError as exc:
                self._drop_connection()
                attempt += 1
                if not retry or time.monotonic() >= deadline:
                    raise self._error(what, exc) from None
                if self.on_reconnect is not None:
                    self.on_reconnect(f"reconnecting to the review database {self.location} (attempt {attempt}): "
                                      f"{_first_line(exc)}")
                time.sleep(min(0.2 * attempt, 2.0))
            except psycopg.Error as exc:
                if getattr(self._local, "conn", None) is not None and self._local.conn.closed:
                    self._drop_connection()
                raise self._error(what, exc) from None

    def _error(self, what: str, exc: psycopg.Error) -> ReviewStoreError:
        if isinstance(exc, psycopg.OperationalError):
            return ReviewStoreError(
                what, location=Location(self.location), expected="a PostgreSQL server that answers this login",
                found=_first_line(exc),
                hint="check the server runs and the address in --db or $IMR_REVIEW_DB")
        return ReviewStoreError(what, location=Location(self.location), found=_first_line(exc))

    # -- inside an append's transaction ------------------------------------------------

    @staticmethod
    def _lock_case(conn: psycopg.Connection[Any], case: str) -> None:
        conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 73))", (case,))

    @staticmethod
    def _head(conn: psycopg.Connection[Any], case: str) -> tuple[int, str]:
        row = conn.execute("SELECT seq, hash FROM audit_log WHERE case_number = %s ORDER BY seq DESC LIMIT 1",
                           (case,)).fetchone()
        return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))

    @staticmethod
    def _changes_since(conn: psycopg.Connection[Any], case: str, seen: int) -> list[AuditEntry]:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM audit_log WHERE case_number = %s AND id > %s "
                            "AND kind = ANY(%s) ORDER BY id", (case, seen, list(CHANGE_KINDS))).fetchall()
        return [_entry(row) for row in rows]

    @staticmethod
    def _prior(conn: psycopg.Connection[Any], entry: NewEntry) -> dict[str, Any] | None:
        if entry.kind in DECISION_KINDS:
            row = conn.execute("SELECT after FROM audit_log WHERE case_number = %s AND item = %s "
                               "AND kind = ANY(%s) ORDER BY id DESC LIMIT 1",
                               (entry.case, entry.item, list(DECISION_KINDS))).fetchone()
        elif entry.kind in FACT_KINDS:
            row = conn.execute("SELECT after FROM audit_log WHERE case_number = %s AND item = %s AND fact = %s "
                               "AND kind = ANY(%s) ORDER BY id DESC LIMIT 1",
                               (entry.case, entry.item, entry.fact, list(FACT_KINDS))).fetchone()
        else:
            return None
        return row[0] if row is not None else None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _dump(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _values(entry: AuditEntry) -> tuple[Any, ...]:
    return (entry.recorded_at, entry.reviewer, entry.case, entry.case_file, entry.item, entry.request, entry.kind,
            entry.fact, _dump(entry.before), _dump(entry.after), entry.workbook_hash, entry.engine_version,
            entry.seq, entry.prev_hash, entry.hash)


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    (id_, recorded_at, reviewer, case, case_file, item, request, kind, fact, before, after, workbook_hash,
     version, seq, prev_hash, digest) = row
    return AuditEntry(
        id=id_, recorded_at=recorded_at.astimezone(dt.UTC), reviewer=reviewer, case=case, case_file=case_file,
        item=item, request=request, kind=kind, fact=fact, before=before, after=after,
        workbook_hash=workbook_hash, engine_version=version, seq=seq, prev_hash=prev_hash, hash=digest,
    )
