"""A reviewer's session on one case: proposals, decisions, overrides, fact edits, notes.

``ReviewSession.open`` reads the case file and the rule base, replays what the store
holds for the case (its fact edits change what each item is decided on), and evaluates
every item.  Each action is appended to the store, and so on disk, before the session's
own state changes: an action that returns was saved; one that raises was not.

A case is known to the store by its case number; items by their 0-based index (the
``items[1]`` of error messages and of ``letters.RecordedDecision``).

Every public method takes the session's lock, so the UI may call it from a worker
thread; the rule base has its own lock and the SQLite store a connection per thread.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine import (
    CaseFile,
    Evaluation,
    ItemDetermination,
    Location,
    Outcome,
    Rulebase,
    check_against_glossary,
    decision_order,
    determine_item,
    did_you_mean,
    json_value,
    load_case,
    load_rulebase,
)
from engine import __version__ as ENGINE_VERSION
from review.errors import ReviewConflict, ReviewError
from review.fact_input import from_json, parse_fact_value, shown_value, to_json
from review.model import (
    CHANGE_KINDS,
    ActionKind,
    AuditEntry,
    CaseProgress,
    DecisionView,
    FactView,
    ItemView,
    NewEntry,
    NoteView,
    ResumeSummary,
)
from review.scope import case_with_edits, facts_read, scoped_rulebase
from review.status import case_statuses, recorded_decisions, reviewer_name, workbook_hash
from review.store import CaseState, ReviewStore, fold

if TYPE_CHECKING:
    from review.recorded import RecordedDecision

OUTCOMES = ("Upheld", "Overturned")
ACCEPT_REASON = "The expert reviewer has reviewed the records and agrees with the determination above."

Tables = Rulebase | Path | str | Sequence[Path | str]
__all__ = ["ReviewSession", "Tables", "case_statuses", "recorded_decisions", "reviewer_name", "workbook_hash"]


class ReviewSession:
    """One reviewer on one case.  Build it with ``ReviewSession.open``."""

    def __init__(self, case: CaseFile, source: str, rulebase: Rulebase, store: ReviewStore, reviewer: str,
                 as_of: dt.date | None = None) -> None:
        self.case = case
        self.case_path = source
        self.rulebase = rulebase
        self.store = store
        self.reviewer = reviewer_name(reviewer)
        self.as_of = as_of or case.as_of
        self.workbook_hash = workbook_hash(rulebase)
        self.engine_version = ENGINE_VERSION
        self._lock = threading.RLock()
        self.lock = self._lock  # reentrant; every method takes it: hold it to read several things at one state
        self._scopes: dict[str, Rulebase] = {}
        check_against_glossary(case.facts, rulebase.facts, source, "facts")
        self._state = fold(store.entries(case.case))
        decided: dict[int, tuple[ItemDetermination, Evaluation]] = {}
        for index in decision_order(case):  # a primary procedure before the items that serve it
            decided[index] = self._determine(index, _fact_values(self._state, index), {
                i: p for i, (p, _) in decided.items()})
        self._proposals = [decided[i][0] for i in range(len(case.items))]
        self._evaluations: list[Evaluation] = [decided[i][1] for i in range(len(case.items))]
        self._reads = [facts_read(rulebase, p.table, e) for p, e in zip(self._proposals, self._evaluations,
                                                                           strict=True)]
        self.resume = self._summary()

    @classmethod
    def open(cls, case_path: Path | str, tables: Tables, store: ReviewStore, reviewer: str | None = None,
             *, as_of: dt.date | None = None) -> ReviewSession:
        """Load the case and the rule base, replay the store's log for the case, evaluate every item.

        ``tables`` is a loaded ``Rulebase`` or workbook paths (files or folders).  ``reviewer``
        defaults to ``reviewer_name()``.  Case, table and store errors are one-line
        ``ImrError``s.  ``session.resumed`` says whether the store held anything for the case.
        """
        rulebase = tables if isinstance(tables, Rulebase) else load_rulebase(tables)
        return cls(load_case(case_path), str(case_path), rulebase, store, reviewer_name(reviewer), as_of)

    # -- what the reviewer sees --------------------------------------------------------

    @property
    def case_number(self) -> str:
        return self.case.case

    @property
    def resumed(self) -> bool:
        """Whether the store held actions for this case when the session opened."""
        return self.resume.resumed

    @property
    def item_count(self) -> int:
        return len(self.case.items)

    def items(self) -> list[ItemView]:
        """Every disputed item, in the case's order."""
        with self._lock:
            return [self._view(i) for i in range(self.item_count)]

    def item(self, index: int) -> ItemView:
        """One disputed item: facts, proposal (rationale, citations, questions), decision, notes."""
        with self._lock:
            self._check_index(index)
            return self._view(index)

    def evaluation(self, index: int) -> Evaluation:
        """The trace the item's current proposal was made with: every row of the tables it depends on."""
        with self._lock:
            self._check_index(index)
            return self._evaluations[index]

    def progress(self) -> CaseProgress:
        """How many items have a decision that stands: ``str(progress)`` reads "2 of 3 decided".

        A stale decision (made on an earlier proposal than the current one) does not count;
        it is listed in ``stale`` and reads "..., 1 to re-confirm".
        """
        with self._lock:
            stale = self.stale_items()
            decided = sum(i in self._state.decisions for i in range(self.item_count)) - len(stale)
            return CaseProgress(decided=decided, total=self.item_count, stale=stale)

    def all_decided(self) -> bool:
        """Every item has a decision made on its current proposal: the letter can be final."""
        return self.progress().done

    def stale_items(self) -> list[int]:
        """Items whose recorded decision was made on another proposal than the current one.

        A fact edit since (of the item's facts), or a changed decision on the item it serves,
        changed the proposal: the decision is kept but must be re-confirmed (accept or
        override again) before it counts as decided or goes into a letter.
        """
        with self._lock:
            return [i for i in range(self.item_count) if self._stale(i)]

    def recorded_decisions(self) -> dict[int, RecordedDecision]:
        """Decisions by item index, as the letter renderer takes them (``letters.build_letter``)."""
        with self._lock:
            return recorded_decisions(self._state, self.item_count)

    def determinations(self) -> list[ItemDetermination]:
        """The current proposal of every item (after fact edits), for ``letters.build_letter``."""
        with self._lock:
            return list(self._proposals)

    def history(self, item: int | None = None) -> list[AuditEntry]:
        """The case's audit log (or one item's), oldest first, read from the store."""
        if item is not None:
            self._check_index(item)
        return self.store.entries(self.case_number, item)

    # -- the reviewer's actions: each one stored before it returns --------------------

    def accept(self, item: int, reason: str | None = None) -> ItemView:
        """Record the proposed outcome as the decision; an Undecided proposal cannot be accepted."""
        with self._lock:
            self._check_index(item)
            proposed = self._proposals[item].outcome
            if proposed not in OUTCOMES:
                raise ReviewError(
                    "an undecided item cannot be accepted", location=self._where(item),
                    expected="a proposal of Upheld or Overturned, or an override with an outcome and a reason",
                    found=f"proposed outcome {proposed}",
                )
            text = (reason or "").strip() or ACCEPT_REASON
            self._append(item, "decision", after={"outcome": proposed, "reason": text, "proposed": proposed},
                         before=self._decision_json(item))
            self._follow(item)
            return self._view(item)

    def override(self, item: int, outcome: str, reason: str) -> ItemView:
        """Record ``outcome`` (Upheld or Overturned) with the reviewer's reason; both are required."""
        with self._lock:
            self._check_index(item)
            if outcome not in OUTCOMES:
                raise ReviewError(
                    "an override needs an outcome", location=self._where(item), expected="Upheld or Overturned",
                    found=repr(outcome), hint=did_you_mean(str(outcome), OUTCOMES),
                )
            text = (reason or "").strip() if isinstance(reason, str | None) else ""
            if not text:
                raise ReviewError(
                    "an override needs a reason", location=self._where(item),
                    expected=f"the reviewer's reason for {outcome}", found="no reason",
                )
            proposed = self._proposals[item].outcome
            self._append(item, "override", after={"outcome": outcome, "reason": text, "proposed": proposed},
                         before=self._decision_json(item))
            self._follow(item)
            return self._view(item)

    def note(self, item: int, text: str) -> ItemView:
        """Add a note to the item (notes are kept, never replaced)."""
        with self._lock:
            self._check_index(item)
            body = (text or "").strip()
            if not body:
                raise ReviewError("a note needs text", location=self._where(item), expected="some text",
                                  found="an empty note")
            self._append(item, "note", after={"text": body}, before=None)
            return self._view(item)

    def edit_fact(self, item: int, name: str, value: Any) -> ItemView:
        """Set a fact of the item (``"yes"``, ``"8"``, ``"not documented"``, ...) and re-evaluate it at once.

        The value is read against the glossary type of the fact; a bad one is a one-line
        ``ReviewError`` and nothing is stored.  Returns the item with its new proposal.
        An edit to the value the fact already has records nothing.
        """
        with self._lock:
            self._check_index(item)
            fact = self._fact_def(item, name)
            field = f"items[{item}].facts.{name}"
            documented, parsed = parse_fact_value(value, fact, self.case_path, field)
            derived = self._proposals[item].derived_facts
            if not documented and name in derived and not self._stated(item, name):
                raise ReviewError(
                    "a fact worked out from the case file cannot be made not documented",
                    location=Location(self.case_path, field=field),
                    expected="a value", found="'not documented'",
                    hint=f"it is derived as {shown_value(True, derived[name])}",
                )
            after = {"documented": documented, "value": to_json(parsed) if documented else None}
            before = self._current_fact_json(item, name)
            if before == after:
                return self._view(item)
            edits = {**_fact_values(self._state, item), name: after}
            proposal, evaluation = self._determine(item, edits)
            self._append(item, "fact_edit", fact=name, after=after, before=before)
            self._proposals[item], self._evaluations[item] = proposal, evaluation
            self._follow(item)
            return self._view(item)

    def reset_fact(self, item: int, name: str) -> ItemView:
        """Undo the reviewer's edits of a fact: back to the case file's value (logged, like an edit)."""
        with self._lock:
            self._check_index(item)
            if name not in self._state.facts.get(item, {}):
                raise ReviewError(
                    "the fact was not edited", location=Location(self.case_path, field=f"items[{item}].facts.{name}"),
                    expected="a fact the reviewer edited",
                    found=", ".join(sorted(self._state.facts.get(item, {}))) or "no edited fact",
                )
            edits = {k: v for k, v in _fact_values(self._state, item).items() if k != name}
            proposal, evaluation = self._determine(item, edits)
            self._append(item, "fact_reset", fact=name, after=self._case_fact_json(item, name),
                         before=self._current_fact_json(item, name))
            self._proposals[item], self._evaluations[item] = proposal, evaluation
            self._follow(item)
            return self._view(item)

    def refresh(self) -> bool:
        """Re-read the store (another window or process may have written); True if anything changed."""
        with self._lock:
            state = fold(self.store.entries(self.case_number))
            if state.entries == self._state.entries:
                return False
            old, self._state = self._state, state
            for index in decision_order(self.case):
                primary = self.case.items[index].primary
                follows = primary is not None and primary.item is not None
                if follows or _fact_values(old, index) != _fact_values(state, index):
                    self._proposals[index], self._evaluations[index] = self._determine(
                        index, _fact_values(state, index))
            return True

    # -- internals ---------------------------------------------------------------------

    def _append(self, item: int, kind: ActionKind, *, after: dict[str, Any], before: dict[str, Any] | None,
                fact: str | None = None) -> AuditEntry:
        """Store first (durable on return), then fold the stored entry into the session's state."""
        new = NewEntry(
            case=self.case_number, case_file=self.case_path, item=item, request=self.case.items[item].request,
            kind=kind, fact=fact, before=before, after=after, reviewer=self.reviewer,
            workbook_hash=self.workbook_hash, engine_version=self.engine_version,
        )
        seen = self._state.last_id if kind in CHANGE_KINDS else None  # a note overwrites nothing
        try:  # refused if another reviewer changed the case since this session read it
            entry = self.store.append(new, seen=seen)
        except ReviewConflict:
            self.refresh()  # show what changed; the reviewer decides again on it
            raise
        state = self._state
        state.last_id = max(state.last_id, entry.id)
        state.entries += 1
        state.requests[item] = entry.request
        if kind in ("decision", "override"):
            state.decisions[item] = entry
        elif kind == "fact_edit" and fact is not None:
            state.facts.setdefault(item, {})[fact] = entry
        elif kind == "fact_reset" and fact is not None:
            state.facts.get(item, {}).pop(fact, None)
            if not state.facts.get(item):
                state.facts.pop(item, None)
        else:
            state.notes.setdefault(item, []).append(entry)
        return entry

    def _determine(self, index: int, edits: Mapping[str, Mapping[str, Any]],
                   proposals: Mapping[int, ItemDetermination] | None = None) -> tuple[ItemDetermination, Evaluation]:
        """Decide item ``index`` with ``edits`` (fact -> stored value) on the tables its topic depends on.

        An item whose primary procedure is another item follows that item: its recorded decision
        when there is one, else its proposal.
        """
        topic = self.case.items[index].topic
        if topic not in self._scopes:
            self._scopes[topic] = scoped_rulebase(self.rulebase, topic)
        case = case_with_edits(self.case, index, edits, self.rulebase.facts)
        return determine_item(self._scopes[topic], case, index, self.case_path, self.as_of,
                              primary_outcome=self._primary_outcome(index, proposals))

    def _primary_outcome(self, index: int, proposals: Mapping[int, ItemDetermination] | None = None) -> Outcome | None:
        primary = self.case.items[index].primary
        if primary is None or primary.item is None:
            return None
        target = primary.item - 1
        decision = self._state.decisions.get(target)
        if decision is not None:
            return decision.after["outcome"]
        known = proposals if proposals is not None else dict(enumerate(self._proposals))
        return known[target].outcome if target in known else "Undecided"

    def _follow(self, index: int) -> None:
        """Re-decide the items that serve item ``index``: its decision or proposal may have changed."""
        for other, item in enumerate(self.case.items):
            if item.primary is not None and item.primary.item == index + 1:
                self._proposals[other], self._evaluations[other] = self._determine(
                    other, _fact_values(self._state, other))


    def _view(self, index: int) -> ItemView:
        item = self.case.items[index]
        decision = self._state.decisions.get(index)
        return ItemView(
            index=index, request=item.request, topic=item.topic, proposed=self._proposals[index],
            facts=[self._fact_view(index, name) for name in self._reads[index]],
            decision=DecisionView(
                kind=decision.kind, outcome=decision.after["outcome"], reason=decision.after["reason"],
                proposed=decision.after.get("proposed", ""), reviewer=decision.reviewer,
                recorded_at=decision.recorded_at, entry_id=decision.id,
            ) if decision is not None and decision.kind in ("decision", "override") else None,
            notes=[NoteView(text=n.after["text"], reviewer=n.reviewer, recorded_at=n.recorded_at, entry_id=n.id)
                   for n in self._state.notes.get(index, [])],
        )

    def _fact_view(self, index: int, name: str) -> FactView:
        fact = self.rulebase.facts[name]
        current = self._current_fact_json(index, name)
        edit = self._state.facts.get(index, {}).get(name)
        if edit is not None:
            source = f"edited by {edit.reviewer} at {edit.recorded_at:%Y-%m-%d %H:%M} UTC"
        elif self._stated(index, name):
            source = "case file"
        elif name in self._proposals[index].derived_facts:
            source = "derived from the case file"
        else:
            source = "not in the case file"
        documented = bool(current["documented"])
        value = from_json(current["value"], fact) if documented else None
        shown = shown_value(documented, value)
        if not documented and fact.absence is not None and fact.absence.taken and name not in self.rulebase.producers:
            taken = fact.absence.value
            shown = f"{shown}: taken as {shown_value(True, taken) if taken is not None else 'not stated'}"
            source = f"{source}; absence rule" + (f" ({fact.absence.basis})" if fact.absence.basis else "")
        return FactView(
            name=name, type=str(fact.type), documented=documented, value=current["value"],
            shown=shown, source=source, edited=edit is not None,
            question=fact.question, description=fact.description,
            allowed_values=[json_value(v) for v in fact.allowed_values] if fact.allowed_values else None,
            unit=fact.unit,
        )

    def _stated(self, index: int, name: str) -> bool:
        return name in self.case.items[index].facts or name in self.case.facts

    def _case_fact_json(self, index: int, name: str) -> dict[str, Any]:
        """The fact as the case file gives it (stated or derived), before any edit."""
        item = self.case.items[index]
        for facts in (item.facts, self.case.facts, self._derived(index)):
            if name in facts:
                return {"documented": True, "value": to_json(facts[name])}
        return {"documented": False, "value": None}

    def _derived(self, index: int) -> Mapping[str, Any]:
        from engine import item_facts

        return item_facts(self.case, index, self.case_path, known=self.rulebase.facts).derived

    def _current_fact_json(self, index: int, name: str) -> dict[str, Any]:
        edit = self._state.facts.get(index, {}).get(name)
        if edit is not None:
            return {"documented": bool(edit.after.get("documented")), "value": edit.after.get("value")}
        return self._case_fact_json(index, name)

    def _stale(self, index: int) -> bool:
        entry = self._state.decisions.get(index)
        return entry is not None and entry.after.get("proposed") != self._proposals[index].outcome

    def _decision_json(self, index: int) -> dict[str, Any] | None:
        entry = self._state.decisions.get(index)
        return dict(entry.after) if entry is not None else None

    def _fact_def(self, item: int, name: str) -> Any:
        fact = self.rulebase.facts.get(name)
        if fact is None or name in self.rulebase.producers:
            candidates = [f for f in self.rulebase.facts if f not in self.rulebase.producers]
            raise ReviewError(
                "not a fact the reviewer can edit", location=Location(self.case_path, field=f"items[{item}].facts"),
                expected="a case fact from the tables' glossaries (not one a table works out)", found=repr(name),
                hint=did_you_mean(name, self._reads[item]) or did_you_mean(name, candidates),
            )
        return fact

    def _check_index(self, index: int) -> None:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < self.item_count:
            raise ReviewError(
                "no such disputed item", location=Location(self.case_path, field="items"),
                expected=f"an index from 0 to {self.item_count - 1}", found=repr(index),
            )

    def _where(self, item: int) -> Location:
        return Location(self.case_path, field=f"items[{item}]")

    def _summary(self) -> ResumeSummary:
        state = self._state
        warnings = []
        for index, request in sorted(state.requests.items()):
            if index >= self.item_count:
                warnings.append(f"the log has entries for items[{index}], which the case file no longer has")
            elif request != self.case.items[index].request:
                warnings.append(f"items[{index}]: the request changed in the case file since it was reviewed "
                                f"({request!r} then, {self.case.items[index].request!r} now)")
        for index, edits in sorted(state.facts.items()):
            for name in sorted(edits):
                if name not in self.rulebase.facts:
                    warnings.append(f"items[{index}]: the edit of {name!r} is kept in the log but not used: "
                                    "the loaded tables have no such fact")
        stale = self.stale_items()
        return ResumeSummary(
            resumed=state.entries > 0, entries=state.entries,
            decisions=sum(i < self.item_count for i in state.decisions) - len(stale), stale=len(stale),
            fact_edits=state.fact_edit_count, notes=state.note_count, warnings=warnings,
        )


def _fact_values(state: CaseState, index: int) -> dict[str, Any]:
    return {name: entry.after for name, entry in state.facts.get(index, {}).items()}
