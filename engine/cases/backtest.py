"""Back-testing: how often the tables agree with real IMR determinations.

A case file's items may carry the real outcome (``expected: Upheld|Overturned``), the
guideline the real reviewer cited (``expected_guideline``) and the item's id in its source
(``ref``).  ``backtest_file`` decides such a file the one way every case is decided
(``load_case`` then ``determine_case``) and pairs each expected outcome with the predicted
one; the functions below measure the pairs.  A file that cannot be read or decided gives
its expected items the prediction ``Dropped``.

Two views of every figure: *Undecided counted wrong* (over every item; an Undecided or
dropped item is a miss) and *decided only* (over the items decided Upheld or Overturned).
The balanced accuracy is the mean of the Upheld recall and the Overturned recall, over the
classes that have items (as the outside measure, ``../shared/tools/agreement.py``, takes it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel

from engine.cases.determination import CaseDetermination, MissingFactOut, determine_case
from engine.cases.families import citations_match, families, families_or_other
from engine.cases.field_error import CaseFieldError
from engine.cases.loader import load_case
from engine.cases.model import CaseFile
from engine.compiler.rulebase import Rulebase
from engine.datafiles import parse_json, parse_yaml, read_text
from engine.errors import ImrError

Expected = Literal["Upheld", "Overturned"]
Predicted = Literal["Upheld", "Overturned", "Undecided", "Dropped"]
EXPECTED: tuple[Expected, ...] = get_args(Expected)
DECIDED: frozenset[str] = frozenset(EXPECTED)
Pair = tuple[Expected, Predicted]  # (the real outcome, the tables' outcome)


class CitedRow(BaseModel):
    table: str
    rule: int
    citation: str | None


class ItemResult(BaseModel):
    """One item with an expected outcome, and what the tables made of it."""

    case: str
    file: str
    index: int  # the item's place in its case file, from 0
    item: str  # the request as written
    ref: str | None
    topic: str
    expected: Expected
    predicted: Predicted
    agrees: bool
    expected_guideline: str | None
    expected_families: list[str]  # "other" when the citation names no known family
    predicted_families: list[str]  # of the deciding table's fired rows
    guideline_match: bool | None  # None: the expected citation names no known family
    table: str | None  # the deciding table; None for a dropped item
    fired_rows: list[CitedRow]  # every fired row along the chain, the deciding table's first
    missing_facts: list[MissingFactOut]
    error: str | None = None  # why a dropped item was not decided


class FileError(BaseModel):
    file: str
    error: str  # one line
    dropped: int | None  # expected items counted as dropped; None when they could not be read


class Rates(BaseModel):
    accuracy: float | None
    balanced_accuracy: float | None
    upheld_recall: float | None
    overturned_recall: float | None


class ConfusionRow(BaseModel):
    upheld: int = 0
    overturned: int = 0
    undecided: int = 0
    dropped: int = 0


class Confusion(BaseModel):
    """Expected outcome (the field) by predicted outcome (the row's fields)."""

    upheld: ConfusionRow
    overturned: ConfusionRow


class GuidelineAgreement(BaseModel):
    known: int  # items whose expected guideline names a known family
    matching: int  # of those, items whose deciding rows cite one of its families
    share: float | None


class Agreement(BaseModel):
    n: int
    decided: int
    dropped: int
    decided_share: float | None
    undecided_wrong: Rates  # over every item; Undecided and dropped are misses
    decided_only: Rates  # over the items decided Upheld or Overturned
    confusion: Confusion
    guideline: GuidelineAgreement


class BacktestReport(BaseModel):
    folder: str
    as_of: dt.date | None  # None: each case's UR decision date
    files: int  # case files in the folder
    files_backtested: int  # of those, files with an expected item (decided or dropped)
    overall: Agreement
    topics: dict[str, Agreement]
    errors: list[FileError]
    disagreements: list[ItemResult]
    items: list[ItemResult]


# The measures: pure functions of (expected, predicted) pairs.

def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def decided_pairs(pairs: Sequence[Pair]) -> list[Pair]:
    """The pairs the tables decided Upheld or Overturned."""
    return [(e, p) for e, p in pairs if p in DECIDED]


def accuracy(pairs: Sequence[Pair]) -> float | None:
    return _share(sum(e == p for e, p in pairs), len(pairs))


def recall(pairs: Sequence[Pair], outcome: Expected) -> float | None:
    """Of the items expected ``outcome``, the share predicted so; None when there are none."""
    predicted = [p for e, p in pairs if e == outcome]
    return _share(sum(p == outcome for p in predicted), len(predicted))


def balanced_accuracy(pairs: Sequence[Pair]) -> float | None:
    """The mean of the Upheld and Overturned recalls, over the classes that have items."""
    recalls = [r for r in (recall(pairs, o) for o in EXPECTED) if r is not None]
    return sum(recalls) / len(recalls) if recalls else None


def decided_share(pairs: Sequence[Pair]) -> float | None:
    return _share(len(decided_pairs(pairs)), len(pairs))


def rates(pairs: Sequence[Pair]) -> Rates:
    return Rates(accuracy=accuracy(pairs), balanced_accuracy=balanced_accuracy(pairs),
                 upheld_recall=recall(pairs, "Upheld"), overturned_recall=recall(pairs, "Overturned"))


def confusion(pairs: Iterable[Pair]) -> Confusion:
    counts = Counter(pairs)

    def row(expected: Expected) -> ConfusionRow:
        return ConfusionRow(**{p.lower(): counts[expected, p] for p in get_args(Predicted)})

    return Confusion(upheld=row("Upheld"), overturned=row("Overturned"))


def guideline_agreement(matches: Iterable[bool | None]) -> GuidelineAgreement:
    known = [m for m in matches if m is not None]
    return GuidelineAgreement(known=len(known), matching=sum(known), share=_share(sum(known), len(known)))


def agreement(items: Sequence[ItemResult]) -> Agreement:
    pairs: list[Pair] = [(i.expected, i.predicted) for i in items]
    decided = decided_pairs(pairs)
    return Agreement(
        n=len(pairs), decided=len(decided), dropped=sum(p == "Dropped" for _, p in pairs),
        decided_share=decided_share(pairs), undecided_wrong=rates(pairs), decided_only=rates(decided),
        confusion=confusion(pairs), guideline=guideline_agreement(i.guideline_match for i in items),
    )


def report(folder: str, as_of: dt.date | None, files: int, results: Sequence[ItemResult],
           errors: Sequence[FileError]) -> BacktestReport:
    """The whole back-test: overall, per topic, and every disagreement."""
    by_topic: dict[str, list[ItemResult]] = {}
    for item in results:
        by_topic.setdefault(item.topic, []).append(item)
    backtested = len({i.file for i in results})
    return BacktestReport(
        folder=folder, as_of=as_of, files=files, files_backtested=backtested, overall=agreement(results),
        topics={topic: agreement(items) for topic, items in sorted(by_topic.items())},
        errors=list(errors), disagreements=[i for i in results if not i.agrees], items=list(results),
    )


# Deciding the files.

def backtest_file(rulebase: Rulebase, path: Path, as_of: dt.date | None = None
                  ) -> tuple[list[ItemResult], FileError | None]:
    """The file's expected items, decided; ``[]`` when none carries an expected outcome.

    A file that fails to load or decide gives a ``FileError`` and its expected items
    (read from the raw file where the case model refused it) predicted ``Dropped``.
    """
    source = str(path)
    case: CaseFile | None = None
    try:
        case = load_case(path)
        if not any(item.expected for item in case.items):
            return [], None
        return item_results(case, determine_case(rulebase, case, source, as_of)), None
    except ImrError as error:
        dropped = _dropped_from_case(case, source, str(error)) if case else _dropped_from_raw(path, str(error))
        return dropped or [], FileError(file=source, error=str(error),
                                        dropped=None if dropped is None else len(dropped))


def item_results(case: CaseFile, determination: CaseDetermination) -> list[ItemResult]:
    """Pair each expected item of the case with its determination (same order)."""
    results = []
    for index, (item, decided) in enumerate(zip(case.items, determination.items, strict=True)):
        if item.expected is None:
            continue
        cited = [row.citation or "" for row in decided.fired_rows if row.table == decided.table]
        predicted = list(dict.fromkeys(f for citation in cited for f in families(citation)))
        expected_families = families_or_other(item.expected_guideline)
        results.append(ItemResult(
            case=case.case, file=determination.file, index=index, item=item.request, ref=item.ref,
            topic=item.topic, expected=item.expected, predicted=decided.outcome,
            agrees=item.expected == decided.outcome, expected_guideline=item.expected_guideline,
            expected_families=expected_families, predicted_families=predicted,
            guideline_match=citations_match(expected_families, predicted), table=decided.table,
            fired_rows=[CitedRow(table=r.table, rule=r.rule, citation=r.citation) for r in decided.fired_rows],
            missing_facts=decided.missing_facts,
        ))
    return results


def _dropped(case: str, file: str, index: int, item: dict[str, Any], error: str) -> ItemResult:
    expected_families = families_or_other(_text(item.get("expected_guideline")))
    return ItemResult(
        case=case, file=file, index=index, item=_text(item.get("request")) or f"items[{index}]",
        ref=_text(item.get("ref")), topic=_text(item.get("topic")) or "unknown", expected=item["expected"],
        predicted="Dropped", agrees=False, expected_guideline=_text(item.get("expected_guideline")),
        expected_families=expected_families, predicted_families=[],
        guideline_match=citations_match(expected_families, []), table=None, fired_rows=[], missing_facts=[],
        error=error,
    )


def _dropped_from_case(case: CaseFile, file: str, error: str) -> list[ItemResult]:
    return [_dropped(case.case, file, i, item.model_dump(), error)
            for i, item in enumerate(case.items) if item.expected]


def _dropped_from_raw(path: Path, error: str) -> list[ItemResult] | None:
    """The expected items of a file the case model refused, read as plain data (safely).

    None when not even that can be read: the file then counts no item.
    """
    def fail(message: str, **details: Any) -> CaseFieldError:
        return CaseFieldError(str(path), details.pop("field", None), message, **details)

    try:
        text = read_text(path, "case file", fail)
        data = (parse_json if path.suffix == ".json" else parse_yaml)(text, "case file", fail)
    except ImrError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return None
    case = _text(data.get("case")) or path.stem
    return [_dropped(case, str(path), i, item, error) for i, item in enumerate(data["items"])
            if isinstance(item, dict) and item.get("expected") in EXPECTED]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
