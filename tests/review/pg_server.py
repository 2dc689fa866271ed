"""The PostgreSQL server the team-store tests run against, found or skipped with the reason.

``IMR_TEST_POSTGRES`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``) names a
server and a role that may create databases and roles.  Each test run creates a fresh
database ``imr_test_<pid>_<random>`` and group roles ``imrt<pid>x<random>_reviewer`` /
``_qa``; each test gets a fresh schema in it.  All of it is dropped at the end, and what a
killed run left (its process gone) is dropped when the next run starts.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

ADMIN_URL = os.environ.get("IMR_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def unavailable() -> str | None:
    """Why the team-store tests cannot run here, or None when they can."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'psycopg[binary]')"
    try:
        with psycopg.connect(ADMIN_URL, connect_timeout=3) as conn:
            row = conn.execute("SELECT rolcreatedb AND rolcreaterole FROM pg_roles "
                               "WHERE rolname = current_user").fetchone()
    except psycopg.Error as exc:
        return f"no PostgreSQL server at {ADMIN_URL}: {str(exc).strip().splitlines()[0]}"
    if not row or not row[0]:
        return f"the role of {ADMIN_URL} may not create databases and roles"
    return None


@dataclass
class PgTestServer:
    """A database of its own on the test server, with URLs for fresh schemas and login roles."""

    database: str = field(default_factory=lambda: f"imr_test_{os.getpid()}_{secrets.token_hex(4)}")
    roles: str = field(default_factory=lambda: f"imrt{os.getpid()}x{secrets.token_hex(3)}")
    logins: list[str] = field(default_factory=list)

    def admin(self, database: str | None = None):  # -> psycopg.Connection
        import psycopg

        url = ADMIN_URL if database is None else self.url_of(database)
        return psycopg.connect(url, autocommit=True)

    def url_of(self, database: str, user: str | None = None) -> str:
        parts = urlsplit(ADMIN_URL)
        netloc = parts.netloc if user is None else f"{user}@{parts.hostname}:{parts.port or 5432}"
        return parts._replace(netloc=netloc, path=f"/{database}", query="").geturl()

    def create(self) -> None:
        with self.admin() as conn:
            _drop_stale(conn)
            conn.execute(f'CREATE DATABASE "{self.database}"')
            for group in ("reviewer", "qa"):  # as the first store would; a login may join them at once
                conn.execute(f'CREATE ROLE "{self.roles}_{group}" NOLOGIN')

    def store_url(self, schema: str | None = None, user: str | None = None) -> str:
        schema = schema or f"s{secrets.token_hex(5)}"
        return f"{self.url_of(self.database, user)}?schema={schema}&roles={self.roles}"

    def login(self, group: str) -> str:
        """A new login role that is a member of ``<roles>_<group>`` (reviewer or qa); its name."""
        name = f"{self.roles}_{group}_{len(self.logins)}"
        with self.admin() as conn:
            conn.execute(f'CREATE ROLE "{name}" LOGIN IN ROLE "{self.roles}_{group}"')
        self.logins.append(name)
        return name

    def drop(self) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            for role in [*self.logins, f"{self.roles}_reviewer", f"{self.roles}_qa"]:
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def _drop_stale(conn) -> None:  # type: ignore[no-untyped-def]
    """Drop the databases and roles of test runs on this machine whose process is gone (killed runs)."""
    if urlsplit(ADMIN_URL).hostname not in ("127.0.0.1", "localhost", "::1", None):
        return  # another machine's processes cannot be told apart
    for (name,) in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'imr_test_%'").fetchall():
        pid = name.split("_")[2]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        roles = conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY length(rolname) DESC",
                             (f"imrt{pid}x%",)).fetchall()
        for (role,) in roles:
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
