"""A small case, its determinations and a reviewer, built by hand: no workbook needed."""

from __future__ import annotations

import pytest
from letter_fixtures import MASSAGE, THERAPY, determination

from engine.cases.determination import ItemDetermination
from letters.model import CaseItem, HeaderField, LetterCase
from letters.reviewer import ReviewerProfile


@pytest.fixture
def case() -> LetterCase:
    return LetterCase(
        number="CM16-0000042",
        header=[HeaderField(label="Case Number", value="CM16-0000042"),
                HeaderField(label="Date of Injury", value="01/05/2015")],
        summary=["The injured worker is a 50 year old male with low back pain.",
                 "The provider requests more therapy."],
        items=[CaseItem(requested=THERAPY, administrator_guideline="Decision based on MTUS Physical Medicine."),
               CaseItem(requested=MASSAGE)],
    )


@pytest.fixture
def determinations() -> list[ItemDetermination]:
    return [
        determination(THERAPY, "Overturned", citation="MTUS Chronic Pain, Physical Medicine, p. 98-99",
                      rationale="Up to 10 visits are recommended; 12 were requested after 6 with improvement."),
        determination(MASSAGE, "Upheld", citation="MTUS Chronic Pain, Massage therapy, p. 60",
                      rationale="Massage is limited to 4-6 visits; 8 were requested."),
    ]


@pytest.fixture
def reviewer() -> ReviewerProfile:
    return ReviewerProfile(organization="Example Review Services", licensure=["California", "Nevada"],
                           certifications=["Physical Medicine and Rehabilitation"])


@pytest.fixture(autouse=True)
def _own_review_store(tmp_path_factory, monkeypatch):
    """Each test reads its own (empty) review store (profiles: tests/conftest.py)."""
    monkeypatch.setenv("IMR_REVIEW_DB", str(tmp_path_factory.mktemp("imr-home") / "reviews.sqlite3"))
