"""The one error class of the review package: a reviewer's action or the database refused.

Like every project error it is one line that says where (the case file and item, or the
database file), what was expected and what was found; the UI prints ``str(error)``.
"""

from __future__ import annotations

from engine import ImrError


class ReviewError(ImrError, ValueError):
    """A reviewer's action cannot be taken (override without a reason, bad fact value, ...)."""


class ReviewStoreError(ImrError, RuntimeError):
    """The review database cannot be used: damaged, not a review database, or of another schema."""


class ReviewConflict(ReviewError):
    """Another reviewer changed the case since this one read it: nothing was stored; refresh and decide again."""
