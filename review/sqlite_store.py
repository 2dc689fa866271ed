"""The embedded store: one SQLite file, an append-only audit log, committed action by action.

The file is ``$IMR_REVIEW_DB`` if set, else ``reviews.sqlite3`` under the user's data
directory (``platformdirs.user_data_dir("imr")``), or the path given.  Every append is
one ``BEGIN IMMEDIATE`` transaction in WAL mode with ``synchronous=FULL``, so an action
is on disk when ``append`` returns and survives a crash or a killed terminal.  Triggers
refuse any UPDATE or DELETE of the log.

Opening checks the file before trusting it: a file that is not SQLite, fails SQLite's
``quick_check`` or belongs to another application is reported in one line and left as
it is (never replaced); a database of an older schema is copied aside and migrated
step by step, one of a newer schema is refused.

Connections are per thread (and per process: a forked child opens its own), so every
method may be called from a worker thread.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine import Location
from engine import __version__ as engine_version
from review.audit_chain import GENESIS, check_extends, entry_hash
from review.errors import ReviewStoreError
from review.model import CHANGE_KINDS, DECISION_KINDS, FACT_KINDS, AuditEntry, NewEntry
from review.sqlite_schema import COLUMNS as _COLUMNS
from review.sqlite_schema import SCHEMA_V1, SCHEMA_V2, migrate_1_to_2
from review.sqlite_schema import insert as _insert
from review.sqlite_schema import row_entry as _entry
from review.sqlite_schema import statements as _statements
from review.store import conflict

__all__ = ["MIGRATIONS", "SCHEMA_V1", "SCHEMA_V2", "SCHEMA_VERSION", "SqliteReviewStore", "check_extends",
           "default_db_path"]

ENV_VAR = "IMR_REVIEW_DB"
FILE_NAME = "reviews.sqlite3"
APPLICATION_ID = 0x494D5252  # "IMRR": marks the file as an imr review database
SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 15_000
SQLITE_HEADER = b"SQLite format 3\x00"

# from-version -> the step to from-version + 1, run inside one transaction (review/sqlite_schema.py).
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: migrate_1_to_2}


def default_db_path() -> Path:
    """``$IMR_REVIEW_DB`` if set, else ``<user data dir>/imr/reviews.sqlite3``."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("imr", appauthor=False)) / FILE_NAME


class SqliteReviewStore:
    """A ``ReviewStore`` in one SQLite file."""

    def __init__(self, path: Path | str | None = None) -> None:
        """Open (creating if absent) the database at ``path``, default ``default_db_path()``.

        Raises ``ReviewStoreError`` (one line) for a damaged file, a file that is not a review
        database, or a schema this version cannot use.
        """
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._prepare_file()
        self._check_and_upgrade(self._connection())

    # -- the ReviewStore protocol ------------------------------------------------------

    @property
    def location(self) -> str:
        return str(self.path)

    def append(self, entry: NewEntry, *, seen: int | None = None) -> AuditEntry:
        """Append one action in one IMMEDIATE transaction; durable (fsynced) on return."""
        conn = self._connection()
        now = dt.datetime.now(dt.UTC)
        try:
            with _immediate(conn):
                if seen is not None:
                    since = self._changes_since(conn, entry.case, seen)
                    if since:
                        raise conflict(entry.case_file, entry, seen, since)
                before = self._prior(conn, entry)
                if before is None:
                    before = entry.before
                seq, prev = self._head(conn, entry.case)
                fields = entry.model_dump(exclude={"before"})
                digest = entry_hash(prev, seq=seq + 1, recorded_at=now, before=before, **fields)
                stored = AuditEntry(**fields, before=before, id=0, recorded_at=now, seq=seq + 1, prev_hash=prev,
                                    hash=digest)
                new_id = _insert(conn, stored, keep_id=False)
        except sqlite3.Error as exc:
            raise self._error("not saved", exc) from None
        return stored.model_copy(update={"id": new_id})

    def append_copied(self, entry: AuditEntry) -> AuditEntry:
        """Append an entry from another store as it is (time, seq, hashes): it must extend the case's chain."""
        conn = self._connection()
        try:
            with _immediate(conn):
                check_extends(self.location, entry, self._head(conn, entry.case))
                new_id = _insert(conn, entry, keep_id=False)
        except sqlite3.Error as exc:
            raise self._error("not copied", exc) from None
        return entry.model_copy(update={"id": new_id})

    def entries(self, case: str, item: int | None = None) -> list[AuditEntry]:
        query = f"SELECT {_COLUMNS} FROM audit_log WHERE case_number = ?"
        args: tuple[Any, ...] = (case,)
        if item is not None:
            query += " AND item = ?"
            args += (item,)
        try:
            rows = self._connection().execute(query + " ORDER BY id", args).fetchall()
        except sqlite3.Error as exc:
            raise self._error("cannot read the audit log", exc) from None
        return [_entry(row) for row in rows]

    def cases(self) -> list[str]:
        try:
            rows = self._connection().execute(
                "SELECT DISTINCT case_number FROM audit_log ORDER BY case_number").fetchall()
        except sqlite3.Error as exc:
            raise self._error("cannot read the audit log", exc) from None
        return [row[0] for row in rows]

    def close(self) -> None:
        """Close every thread's connection; call it when no other call is in flight."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> SqliteReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- beyond the protocol -----------------------------------------------------------

    def schema_version(self) -> int:
        return _version(self._connection())

    # -- connections and checks --------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "pid", None) == os.getpid():
            return conn
        try:
            # Each connection serves one thread; check_same_thread=False only lets close() end them all.
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous = FULL")  # reads the header page: a wrecked one fails here
        except sqlite3.OperationalError as exc:  # locked, read-only, I/O: not a verdict on the file
            raise self._error("cannot open the review database", exc) from None
        except sqlite3.DatabaseError as exc:  # "file is not a database": damaged, reported and left as it is
            raise self._damaged(str(exc)) from None
        except sqlite3.Error as exc:
            raise self._error("cannot open the review database", exc) from None
        self._local.conn, self._local.pid = conn, os.getpid()
        with self._lock:
            self._connections.append(conn)
        return conn

    def _prepare_file(self) -> None:
        """Create the folder (owner only) and an empty file (owner only); check an existing file's header."""
        if self.path.is_dir():
            raise ReviewStoreError("the review database is a folder", location=Location(str(self.path)),
                                   expected="a file")
        if not self.path.exists():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            except OSError as exc:
                raise ReviewStoreError("cannot create the review database", location=Location(str(self.path)),
                                       found=exc.strerror or str(exc)) from None
            return
        try:
            with self.path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise ReviewStoreError("cannot read the review database", location=Location(str(self.path)),
                                   found=exc.strerror or str(exc)) from None
        if header and header != SQLITE_HEADER:
            raise self._damaged(f"a file that does not start with the SQLite header ({header[:16]!r})")

    def _check_and_upgrade(self, conn: sqlite3.Connection) -> None:
        try:
            check = conn.execute("PRAGMA quick_check").fetchall()
            if [tuple(r) for r in check] != [("ok",)]:
                raise self._damaged("quick_check: " + "; ".join(str(r[0]) for r in check[:3]))
            conn.execute("PRAGMA journal_mode = WAL")
            with _immediate(conn):
                self._create_or_verify(conn)
            version = _version(conn)
            if version < SCHEMA_VERSION:
                self._migrate(conn, version)
        except sqlite3.OperationalError as exc:  # locked, read-only, I/O: not a verdict on the file
            raise self._error("cannot open the review database", exc) from None
        except sqlite3.DatabaseError as exc:  # not a database, malformed
            raise self._damaged(str(exc)) from None

    def _create_or_verify(self, conn: sqlite3.Connection) -> None:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app_id == 0 and not tables:
            for statement in _statements(SCHEMA_V2):
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                         (SCHEMA_VERSION, dt.datetime.now(dt.UTC).isoformat(), engine_version))
            return
        if app_id != APPLICATION_ID or "schema_version" not in tables:
            raise ReviewStoreError(
                "not an imr review database", location=Location(str(self.path)),
                expected=f"an SQLite file with application_id {APPLICATION_ID:#x} and a schema_version table",
                found=f"application_id {app_id:#x} and tables {sorted(tables) or 'none'}",
                hint="choose another file with --db or $IMR_REVIEW_DB; this one is left as it is",
            )
        version = _version(conn)
        if version > SCHEMA_VERSION:
            raise ReviewStoreError(
                "the review database was written by a newer imr", location=Location(str(self.path)),
                expected=f"schema version {SCHEMA_VERSION} or older", found=f"schema version {version}",
                hint="upgrade imr-rules to open it; the file is left as it is",
            )
        missing = [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]
        if missing:
            raise ReviewStoreError(
                "the review database has an old schema this imr cannot migrate",
                location=Location(str(self.path)),
                expected=f"schema version {SCHEMA_VERSION} or one with a migration to it",
                found=f"schema version {version}",
                hint="open it with the imr release that wrote it; the file is left as it is",
            )

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        """Copy the file aside (``<name>.v<N>.bak``), then one transaction per step."""
        backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
        if not backup.exists():
            target = sqlite3.connect(backup)
            try:
                conn.backup(target)
            finally:
                target.close()
            os.chmod(backup, 0o600)
        while version < SCHEMA_VERSION:
            with _immediate(conn):
                current = _version(conn)
                if current == version:  # another process may have migrated meanwhile
                    MIGRATIONS[version](conn)
                    conn.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                                 (version + 1, dt.datetime.now(dt.UTC).isoformat(), engine_version))
            version = _version(conn)

    def _prior(self, conn: sqlite3.Connection, entry: NewEntry) -> dict[str, Any] | None:
        """The last value the log holds for what ``entry`` changes, read inside its transaction."""
        if entry.kind in DECISION_KINDS:
            row = conn.execute(
                "SELECT after FROM audit_log WHERE case_number = ? AND item = ? AND kind IN (?, ?) "
                "ORDER BY id DESC LIMIT 1", (entry.case, entry.item, *DECISION_KINDS)).fetchone()
        elif entry.kind in FACT_KINDS:
            row = conn.execute(
                "SELECT after FROM audit_log WHERE case_number = ? AND item = ? AND fact = ? AND kind IN (?, ?) "
                "ORDER BY id DESC LIMIT 1", (entry.case, entry.item, entry.fact, *FACT_KINDS)).fetchone()
        else:
            return None
        return json.loads(row[0]) if row is not None else None

    def _head(self, conn: sqlite3.Connection, case: str) -> tuple[int, str]:
        row = conn.execute("SELECT seq, hash FROM audit_log WHERE case_number = ? ORDER BY seq DESC LIMIT 1",
                           (case,)).fetchone()
        return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))

    def _changes_since(self, conn: sqlite3.Connection, case: str, seen: int) -> list[AuditEntry]:
        kinds = ", ".join("?" for _ in CHANGE_KINDS)
        rows = conn.execute(f"SELECT {_COLUMNS} FROM audit_log WHERE case_number = ? AND id > ? "
                            f"AND kind IN ({kinds}) ORDER BY id", (case, seen, *CHANGE_KINDS)).fetchall()
        return [_entry(row) for row in rows]

    def _damaged(self, found: str) -> ReviewStoreError:
        return ReviewStoreError(
            "the review database is damaged or not a database", location=Location(str(self.path)),
            expected="an SQLite review database", found=found,
            hint="it was left as it is: move it aside or restore a copy",
        )

    def _error(self, what: str, exc: sqlite3.Error) -> ReviewStoreError:
        return ReviewStoreError(what, location=Location(str(self.path)), found=str(exc))


def _version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


@contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """One ``BEGIN IMMEDIATE`` write transaction: committed when the block ends, rolled back on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
