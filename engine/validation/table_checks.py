"""Static analysis of one decision table over the finite grid of its column classes.

Per table: rows that cannot match at all (``unmatchable``), rows with the same inputs
(``duplicate``), rows that match a common input where the hit policy forbids it
(``overlap``: UNIQUE, and ANY when the outputs differ), rows never selected
(``shadowed`` under FIRST, ``masked`` under PRIORITY), rows inside another row with the
same outputs (``subsumed``), and inputs no row matches (``gap``; ``gap-undocumented``
when the input needs a fact not documented).  *Not documented* is a value of every
column's domain (``domains``); the grid questions are answered by ``grid.RowGrid``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from engine.feel import Literal
from engine.feel import values as feel_values
from engine.model import Aggregation, DecisionTable, FactDef, HitPolicy, Rule
from engine.validation.domains import ColumnDomain, build_domain
from engine.validation.findings import Finding, Severity, at
from engine.validation.grid import Box, RowGrid, bits

GAP_SEARCH_LIMIT = 200  # regions looked at for inputs not documented
GAP_TEXT_LIMIT = 200  # a gap described in full up to this length, else by one example case
GAP_FACTS = 5  # facts of that example case named
GAP_REMEDY = "add a row, a catch-all last row under FIRST, or a Default output entry"
_LISTED = 5  # rows named in one finding


@dataclass
class TableGrid:
    """A table's columns as domains and its rows as boxes over them."""

    table: DecisionTable
    domains: list[ColumnDomain]
    grid: RowGrid

    @classmethod
    def build(cls, table: DecisionTable, glossary: Mapping[str, FactDef]) -> TableGrid:
        domains = [
            build_domain(column, [rule.inputs[c].tests for rule in table.rules], glossary)
            for c, column in enumerate(table.inputs)
        ]
        boxes = [tuple(d.mask(rule.inputs[c].tests) for c, d in enumerate(domains)) for rule in table.rules]
        grid = RowGrid([len(d.classes) for d in domains], [d.null_mask for d in domains], boxes)
        return cls(table, domains, grid)

    def describe(self, box: Box) -> str:
        """The inputs of a region, one ``fact: values`` per column that is not any value."""
        parts = [
            f"{d.fact}: {d.describe(mask)}"
            for d, mask in zip(self.domains, box, strict=True)
            if mask != d.full
        ]
        return "; ".join(parts) or "any input"

    def describe_gap(self, box: Box) -> str:
        """A region no row matches: in full when short, else one example case of it, a few facts long."""
        full = self.describe(box)
        if len(full) <= GAP_TEXT_LIMIT:
            return full
        parts = [f"{d.fact} = {d.one_example(mask)}" for d, mask in zip(self.domains, box, strict=True)
                 if not d.documented_any(mask)]
        shown = parts[:GAP_FACTS]
        more = f" (and {len(parts) - len(shown)} more facts)" if len(parts) > len(shown) else ""
        return f"a case such as {', '.join(shown)}{more}"


def analyse_table(table: DecisionTable, glossary: Mapping[str, FactDef], max_gaps: int = 3) -> list[Finding]:
    """Every static finding about one table's rows."""
    tg = TableGrid.build(table, glossary)
    return _Analysis(tg, max_gaps).run()


class _Analysis:
    def __init__(self, tg: TableGrid, max_gaps: int) -> None:
        self.tg = tg
        self.table = tg.table
        self.grid = tg.grid
        self.max_gaps = max_gaps
        self.findings: list[Finding] = []
        rules = self.table.rules
        self.outputs = [tuple(str(o.expression) for o in r.outputs) for r in rules]
        self.live = [i for i, box in enumerate(self.grid.boxes) if all(box)]
        self.live_mask = sum(1 << i for i in self.live)
        self.twins: dict[int, int] = {}  # row -> the earlier row with the same inputs
        self._winners: dict[int, int] | None = None  # PRIORITY: row -> the rows that beat it

    def run(self) -> list[Finding]:
        self._unmatchable()
        self._duplicates()
        policy = self.table.hit_policy
        if policy in (HitPolicy.UNIQUE, HitPolicy.ANY):
            self._overlaps()
        if policy is HitPolicy.FIRST:
            self._never_selected(self._earlier, "shadowed", "(FIRST: the first matching row decides); "
                                 "move it up, narrow the earlier rows, or remove it")
        if policy is HitPolicy.PRIORITY:
            self._never_selected(self._beaters, "masked",
                                "with an output of higher priority (PRIORITY); change its output or remove it")
        if policy in (HitPolicy.ANY, HitPolicy.PRIORITY, HitPolicy.FIRST) or self.table.aggregation in (
            Aggregation.MIN, Aggregation.MAX,
        ):
            self._subsumed()
        self._gaps()
        return self.findings

    # --- helpers ---------------------------------------------------------------------

    def _add(self, check: str, severity: Severity, message: str, address: str) -> None:
        self.findings.append(at(check, severity, message, self.table.workbook, address))

    def _row_address(self, i: int) -> str:
        return f"{self.table.sheet}!A{self.table.rules[i].row}"

    def _number(self, i: int) -> int:
        return self.table.rules[i].number

    def _rules(self, rows: list[int]) -> str:
        numbers = [str(self._number(r)) for r in rows[:_LISTED]]
        more = f" and {len(rows) - _LISTED} more" if len(rows) > _LISTED else ""
        if len(numbers) == 1:
            return f"rule {numbers[0]}"
        if more:
            return "rules " + ", ".join(numbers) + more
        return "rules " + ", ".join(numbers[:-1]) + " and " + numbers[-1]

    def _meet(self, i: int, j: int) -> Box:
        return tuple(a & b for a, b in zip(self.grid.boxes[i], self.grid.boxes[j], strict=True))

    # --- checks ----------------------------------------------------------------------

    def _unmatchable(self) -> None:
        for i, box in enumerate(self.grid.boxes):
            for c, mask in enumerate(box):
                if not mask:
                    entry = self.table.rules[i].inputs[c]
                    self._add("unmatchable", Severity.ERROR,
                              f"rule {self._number(i)} can never match: {entry.text} matches no value of "
                              f"{self.tg.domains[c].fact!r}", entry.address)
                    break

    def _duplicates(self) -> None:
        first: dict[Box, int] = {}
        policy = self.table.hit_policy
        for i in self.live:
            box = self.grid.boxes[i]
            j = first.setdefault(box, i)
            if j == i:
                continue
            self.twins[i] = j
            same = self.outputs[i] == self.outputs[j]
            clash = policy is HitPolicy.UNIQUE or (policy is HitPolicy.ANY and not same)
            outputs = "the same outputs" if same else "different outputs"
            why = f" ({self.table.policy_code} lets only one of them match)" if clash else ""
            self._add("duplicate", Severity.ERROR if clash else Severity.WARNING,
                      f"rule {self._number(i)} has the same inputs as rule {self._number(j)}, with {outputs}{why}",
                      self._row_address(i))

    def _overlaps(self) -> None:
        any_policy = self.table.hit_policy is HitPolicy.ANY
        for i in self.live:
            earlier = self.grid.overlapping(self.grid.boxes[i]) & ((1 << i) - 1) & self.live_mask
            others = [
                j for j in bits(earlier)
                if self.twins.get(i) != j and not (any_policy and self.outputs[i] == self.outputs[j])
            ]
            if not others:
                continue
            j = others[0]
            rule = "ANY needs the same outputs" if any_policy else "UNIQUE lets one row match"
            both = f"rules {self._number(j)} and {self._number(i)} both match" if len(others) == 1 else \
                f"rule {self._number(i)} overlaps {self._rules(others)}"
            self._add("overlap", Severity.ERROR,
                      f"{both} ({rule}), e.g. {self.tg.describe(self._meet(i, j))}", self._row_address(i))

    def _earlier(self, i: int) -> int:
        return ((1 << i) - 1) & self.live_mask

    def _beaters(self, i: int) -> int:
        """Rows that win over row i under PRIORITY where both match (none if unknown)."""
        if self._winners is None:
            keyed = [(key, j) for j in self.live if (key := self._priority(j)) is not None]
            self._winners = {}
            ahead = 0
            for _, j in sorted(keyed):
                self._winners[j] = ahead
                ahead |= 1 << j
        return self._winners.get(i, 0)

    def _priority(self, i: int) -> tuple[int, ...] | None:
        key = []
        for column, entry in zip(self.table.outputs, self.table.rules[i].outputs, strict=True):
            if not isinstance(entry.expression, Literal):
                return None
            allowed = column.output_values or ()
            value = entry.expression.value
            key.append(next((k for k, v in enumerate(allowed) if feel_values.equal(v, value) is True), len(allowed)))
        return tuple(key)

    def _never_selected(self, winners_of: Callable[[int], int], check: str, how: str) -> None:
        for i in self.live:
            if i in self.twins and check == "shadowed":
                continue  # reported as a duplicate
            box = self.grid.boxes[i]
            winners = winners_of(i) & self.grid.overlapping(box)
            if not winners:
                continue
            single = self.grid.containing(box) & winners
            if single:
                rows = [next(bits(single))]
            elif self.grid.covered(box, winners):
                rows = list(bits(winners))
            else:
                continue
            catch = "catches" if len(rows) == 1 else "catch"
            self._add(check, Severity.WARNING,
                      f"rule {self._number(i)} can never fire: {self._rules(rows)} {catch} every case it would "
                      f"{how}", self._row_address(i))

    def _subsumed(self) -> None:
        first = self.table.hit_policy is HitPolicy.FIRST
        reported = {f.cell for f in self.findings if f.check in ("shadowed", "masked", "duplicate")}
        for i in self.live:
            if f"A{self.table.rules[i].row}" in reported:
                continue
            box = self.grid.boxes[i]
            holders = self.grid.containing(box) & self.live_mask & ~(1 << i)
            for j in bits(holders):
                if self.grid.boxes[j] == box or self.outputs[j] != self.outputs[i]:
                    continue
                if first and (j < i or self._conflict_between(i, j)):
                    continue
                same_text = _texts(self.table.rules[i]) == _texts(self.table.rules[j])
                tail = "it can go" if same_text else "it only changes the citation or rationale shown"
                self._add("subsumed", Severity.WARNING if same_text else Severity.INFO,
                          f"rule {self._number(i)} lies inside rule {self._number(j)} with the same outputs: {tail}",
                          self._row_address(i))
                break

    def _conflict_between(self, i: int, j: int) -> bool:
        """FIRST: a row between i and j that meets row i with other outputs."""
        between = ((1 << j) - 1) & ~((1 << (i + 1)) - 1) & self.live_mask
        meeting = between & self.grid.overlapping(self.grid.boxes[i])
        return any(self.outputs[k] != self.outputs[i] for k in bits(meeting))

    def _gaps(self) -> None:
        table = self.table
        if any(column.default is not None for column in table.outputs):
            return  # the default output entry answers every input no row matches
        grid = self.grid
        documented = tuple(full & ~null for full, null in zip(grid.full, grid.null_masks, strict=True))
        severity = Severity.WARNING if table.hit_policy.single_hit and table.aggregation is None else Severity.INFO
        if all(documented):
            regions = grid.uncovered(documented, self.live_mask, limit=self.max_gaps + 1)
            shown = regions[: self.max_gaps]
            said: set[str] = set()
            for n, region in enumerate(shown, start=1):
                more = " (and more: --max-gaps lists them)" if n == len(shown) < len(regions) else ""
                if (text := self.tg.describe_gap(region)) in said:
                    continue  # two regions alike in the facts an example case names
                said.add(text)
                self._add("gap", severity, f"no row matches {text}{more}; {GAP_REMEDY}",
                          table.address)
        regions = grid.uncovered(grid.full, self.live_mask, limit=GAP_SEARCH_LIMIT, split_null=True)
        missing: list[int] = []
        for region in regions:
            missing.extend(
                c for c, (mask, null) in enumerate(zip(region, grid.null_masks, strict=True))
                if mask and not mask & ~null and c not in missing
            )
        if missing:
            names = [_with_named(self.tg.domains[c]) for c in sorted(missing)]
            facts = names[0] if len(names) == 1 else "any of " + ", ".join(names)
            self._add("gap-undocumented", Severity.INFO,
                      f"no row matches some inputs while {facts} is not documented: the table then stays "
                      "undecided and asks for it", table.address)


def _with_named(domain: ColumnDomain) -> str:
    return f"{domain.fact} (or {', '.join(domain.names)})" if domain.names else domain.fact


def _texts(rule: Rule) -> tuple[str | None, str | None]:
    return rule.citation, rule.rationale
