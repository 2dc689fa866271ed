"""A decision the reviewer recorded on one disputed item: what the review log folds into.

The review core produces it (``review.status.recorded_decisions``); the letter reads it
(``letters``, which also loads it from an exported decisions file).  It lives here so that
``review`` needs nothing of ``letters``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = ["RecordedDecision"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class RecordedDecision(BaseModel):
    """The reviewer's own determination of one disputed item."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    item: int = Field(ge=0, description="0-based index of the disputed item in the case")
    outcome: Literal["Upheld", "Overturned"]
    reason: Text = Field(description="why, in the reviewer's words; it goes into the rationale")
    reviewer: Text = Field(description="who recorded it")
    recorded_at: dt.datetime
    proposed: Literal["Upheld", "Overturned", "Undecided"] | None = Field(
        default=None,
        description="the engine's proposal when the decision was made (imr decisions --export writes it); a "
        "decision made on another proposal than the letter's is stale: it must be re-confirmed")
