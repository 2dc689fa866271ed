"""Where the review store is: one resolver from ``--db`` / ``$IMR_REVIEW_DB`` to an open store.

``open_store(location)`` takes what a user typed (or nothing) and opens the store it names:

| location | store |
|---|---|
| ``None`` or ``""`` | ``$IMR_REVIEW_DB`` if set, else the SQLite file in the user data dir |
| ``sqlite:///path/to/file`` | that SQLite file (``sqlite:////abs/path`` or ``sqlite:///rel/path``) |
| a plain path (``Path`` or text) | that SQLite file |
| ``postgresql://...`` / ``postgres://...`` | the team store on a PostgreSQL server |

Every mistake a user can make here (an unknown scheme, an empty sqlite path, an
unreachable server) is one ``ReviewStoreError`` line, never a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from engine import Location
from review.errors import ReviewStoreError
from review.store import ReviewStore

ENV_VAR = "IMR_REVIEW_DB"
POSTGRES_SCHEMES = ("postgresql", "postgres")
EXPECTED = "a file path, sqlite:///PATH or postgresql://USER@HOST:PORT/DATABASE"


def store_kind(location: str | Path | None) -> str:
    """``"sqlite"`` or ``"postgresql"``: which store ``location`` (resolved as ``open_store`` does) names."""
    text = _resolved(location)
    if text is None or isinstance(text, Path):
        return "sqlite"
    scheme = _scheme(text)
    return "postgresql" if scheme in POSTGRES_SCHEMES else "sqlite"


def open_store(location: str | Path | None = None) -> ReviewStore:
    """Open the review store ``location`` names (see the module docstring); one-line errors."""
    resolved = _resolved(location)
    if resolved is None:
        from review.sqlite_store import SqliteReviewStore

        return SqliteReviewStore(None)
    if isinstance(resolved, Path):
        from review.sqlite_store import SqliteReviewStore

        return SqliteReviewStore(resolved)
    scheme = _scheme(resolved)
    if scheme in POSTGRES_SCHEMES:
        return _open_postgres(resolved)
    if scheme == "sqlite":
        return _open_sqlite_url(resolved)
    if scheme is not None:
        raise ReviewStoreError("unknown kind of review database", location=Location(redact(resolved)),
                               expected=EXPECTED, found=f"a {scheme}:// address",
                               hint="give --db or $IMR_REVIEW_DB one of those")
    from review.sqlite_store import SqliteReviewStore

    return SqliteReviewStore(Path(resolved))


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***``, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def _resolved(location: str | Path | None) -> str | Path | None:
    """``location``, else ``$IMR_REVIEW_DB``, else None (the default SQLite file)."""
    if isinstance(location, Path):
        return location.expanduser()
    if location is not None and location.strip():
        return location.strip()
    configured = os.environ.get(ENV_VAR, "").strip()
    return configured or None


def _scheme(text: str) -> str | None:
    """The ``scheme`` of ``scheme://...``, lower case; None for a plain path (``C:\\x`` included)."""
    head, sep, _ = text.partition("://")
    if not sep or not head or not head.replace("+", "").replace("-", "").isalnum() or len(head) < 2:
        return None
    return head.lower()


def _open_sqlite_url(url: str) -> ReviewStore:
    from review.sqlite_store import SqliteReviewStore

    path = url.partition("://")[2]
    if not path.startswith("/") or not path[1:].strip():
        raise ReviewStoreError("a sqlite address without a file", location=Location(url),
                               expected="sqlite:///relative/path or sqlite:////absolute/path",
                               found=url, hint="three slashes, then the file")
    return SqliteReviewStore(Path(path[1:]).expanduser())


def _open_postgres(url: str) -> ReviewStore:
    try:
        from review.postgres_store import PostgresReviewStore
    except ImportError as exc:
        raise ReviewStoreError("the PostgreSQL store is not available", location=Location(redact(url)),
                               expected="the psycopg package (psycopg[binary]>=3.1)", found=str(exc),
                               hint="pip install 'psycopg[binary]', or use a SQLite file") from None
    return PostgresReviewStore(url)
