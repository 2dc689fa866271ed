"""The item screen says how an item that serves a procedure follows it (the chained determination)."""

from __future__ import annotations

from pathlib import Path

from review import ReviewSession, SqliteReviewStore
from tests.cases.conftest import MINIMAL
from tui.widgets.determination import determination_lines

ROOT = Path(__file__).resolve().parents[2]
SERVED = ("  - request: Post-operative physical therapy 2 times a week for 4 weeks\n"
          "    topic: physical_therapy\n"
          "    ur: {decision: denied}\n"
          "    primary: {procedure: the first item, item: 1}\n")


def test_the_served_item_shows_the_procedure_and_its_outcome(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(MINIMAL + "      request.functional_improvement: no\n" + SERVED)
    store = SqliteReviewStore(tmp_path / "reviews.sqlite3")
    try:
        session = ReviewSession.open(case, ROOT / "tables", store, "dr-a")
        first = " ".join(line.plain for line in determination_lines(session.item(0)))
        served = " ".join(line.plain for line in determination_lines(session.item(1)))
    finally:
        store.close()
    assert "Follows:" not in first
    assert "Follows: This item serves item 1 (the first item), found not medically necessary above" in served
