"""Case abstracts -> case files: the import run and its report.

``import_abstracts`` reads the abstracts file (``abstracts.read_abstracts``), groups the
records by ``case_number`` (in file order) and builds each case (``case_builder``): the key
maps of ``keymap``, every fact checked against the loaded tables' glossary, the case validated
with the case model, written (``writer.render``) and loaded back with
``engine.cases.loader.load_case`` before it takes its final name.  Nothing is invented: a
value the abstract does not give is left out, and a value that does not fit is recorded
in the item's comment and counted in the report.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pydantic import BaseModel

from engine.cases.field_error import CaseFieldError
from engine.cases.field_error import shown as quoted
from engine.cases.model import CASE_NUMBER_EXPECTED, is_case_number
from engine.compiler.rulebase import Rulebase
from engine.errors import ImrError
from engine.importing import keymap
from engine.importing.abstracts import read_abstracts, record_label
from engine.importing.case_builder import CaseBuilder
from engine.importing.drafts import CaseDraft, ItemDraft


class UnmappedCount(BaseModel):
    key: str
    items: int


class ImportReport(BaseModel):
    """What ``imr import`` did: counts, refusals (one line each), keys left unmapped."""

    source: str
    out: str
    records_read: int
    cases_written: int
    items_written: int
    records_refused: list[str]
    cases_refused: list[str]
    files: list[str]
    unmapped: list[UnmappedCount]  # most frequent first

    @property
    def ok(self) -> bool:
        return not self.records_refused and not self.cases_refused


def import_abstracts(source: Path, out: Path, rulebase: Rulebase) -> ImportReport:
    """Write one case file per case of ``source`` into ``out``; raises ``ImrError`` when the file is unreadable."""
    read = read_abstracts(source)
    refused = list(read.refused)
    cases: dict[str, CaseDraft] = {}
    for index, record in read.records:
        where = record_label(str(source), index, record.id)
        number = record.case_number
        if number is None or not number.strip():
            refused.append(str(CaseFieldError(where, "case_number", "missing: the record is skipped",
                                              expected="the IMR case number of the item")))
            continue
        if not is_case_number(number):
            refused.append(str(CaseFieldError(where, "case_number", expected=CASE_NUMBER_EXPECTED,
                                              found=quoted(number))))
            continue
        topic = keymap.topic_of(record.treatment_category, record.disputed_item)
        if topic is None:
            refused.append(str(CaseFieldError(
                where, "treatment_category",
                expected="a category such as physical_therapy (lower-case letters, digits and _)",
                found=quoted(record.treatment_category))))
            continue
        case = cases.setdefault(number, CaseDraft(number))
        case.items.append(ItemDraft(index, record, topic))
    out.mkdir(parents=True, exist_ok=True)
    files: list[str] = []
    cases_refused: list[str] = []
    unmapped: Counter[str] = Counter()
    items_written = 0
    for case in cases.values():
        builder = CaseBuilder(case, rulebase, source.name)
        try:
            path = builder.write(out)
        except ImrError as error:
            cases_refused.append(str(error))
            continue
        files.append(str(path))
        items_written += len(case.items)
        for item in case.items:
            unmapped.update({keymap.normal_key(k) for k in item.unmapped})
    return ImportReport(
        source=str(source), out=str(out), records_read=read.total, cases_written=len(files),
        items_written=items_written, records_refused=refused, cases_refused=cases_refused, files=files,
        unmapped=[UnmappedCount(key=k, items=n) for k, n in sorted(unmapped.items(), key=lambda kv: (-kv[1], kv[0]))],
    )


def summary_lines(report: ImportReport) -> list[str]:
    """The text summary: counts, refusals, keys left unmapped."""
    lines = [f"read {report.records_read} records from {report.source}: wrote {report.cases_written} case files "
             f"({report.items_written} items) to {report.out}"]
    if report.records_refused:
        lines.append(f"{len(report.records_refused)} records refused:")
        lines += [f"  {line}" for line in report.records_refused]
    if report.cases_refused:
        lines.append(f"{len(report.cases_refused)} cases not written:")
        lines += [f"  {line}" for line in report.cases_refused]
    if report.unmapped:
        lines.append("keys left unmapped (items):")
        width = max(len(u.key) for u in report.unmapped)
        lines += [f"  {u.key:<{width}}  {u.items}" for u in report.unmapped]
    return lines
