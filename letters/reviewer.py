"""The expert reviewer's profile: who reviews, licensed where, certified in what.

A profile is a small YAML file (``reviewers/example.yaml``), read with a safe loader and
validated with pydantic; a bad one is refused with one line naming the file and field.
The letter never names the reviewer: like the real letters, it gives the organization
that sent the case file and the reviewer's licensure and certifications only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from engine import Location, parse_yaml, read_text
from letters.errors import LetterError, from_validation

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ReviewerProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    organization: Text = Field(description="who sent the case file; names the reviewer's guideline line")
    licensure: list[Text] = Field(min_length=1, description="state(s) of licensure")
    certifications: list[Text] = Field(min_length=1, description="board certification(s) or specialty")


# Used when no profile is given: the letter still renders, and says what is missing.
UNKNOWN_REVIEWER_TEXT = "not recorded (no reviewer profile given)"
DEFAULT_ORGANIZATION = "The independent review organization"


def load_reviewer(path: Path | str) -> ReviewerProfile:
    """Read and validate a reviewer profile; errors name the file and the field."""
    path = Path(path)
    where = Location(str(path))

    def fail(message: str, *, field: str | None = None, **details: Any) -> LetterError:
        return LetterError(message or "bad value", location=Location(str(path), field=field), **details)

    data = parse_yaml(read_text(path, "reviewer profile", fail), "reviewer profile", fail)
    if not isinstance(data, dict):
        raise LetterError("the reviewer profile must be a mapping", location=where,
                          expected="keys organization, licensure, certifications",
                          found=type(data).__name__)
    try:
        return ReviewerProfile.model_validate(data)
    except ValidationError as exc:
        raise from_validation(exc, str(path)) from None
