"""The hash chain of the audit log: each entry seals the one before it, per case.

Every entry of a case carries ``seq`` (1, 2, 3, ... within the case, without gaps),
``prev_hash`` (the ``hash`` of the case's previous entry, ``GENESIS`` for the first) and
``hash``: sha256 over ``prev_hash`` and a canonical JSON of what the entry says (who,
when, what, before and after, with what tables and engine).  The store computes it inside
the append transaction, holding the case's lock, so the chain has no forks.

``verify(entries)`` recomputes the chain of one case and names the first entry where it
breaks: a row changed after it was written (its hash no longer matches), a row removed
(a gap in ``seq``, or a ``prev_hash`` that is not the previous row's hash).  The store
itself refuses UPDATE and DELETE; the chain catches someone with more rights (the
database owner, a restored and edited backup).  A row removed at the very end of a case
leaves no gap: ``verify`` reports each case's head (count and last hash) so it can be
compared with heads written down earlier (``imr audit verify --heads``).

The chain is per case, not global, so different cases append in parallel and a case's
history moves from one store to another (``imr store copy``) with its chain intact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from engine import Location
from review.errors import ReviewStoreError

GENESIS = "0" * 64


def canonical_time(value: dt.datetime) -> str:
    """``recorded_at`` as the chain hashes it: UTC, ISO 8601 with microseconds."""
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def entry_hash(prev_hash: str, *, seq: int, recorded_at: dt.datetime, reviewer: str, case: str, case_file: str,
               item: int, request: str, kind: str, fact: str | None, before: dict[str, Any] | None,
               after: dict[str, Any], workbook_hash: str, engine_version: str) -> str:
    """sha256 (hex) of the previous hash and the entry's content, canonical JSON (sorted keys)."""
    content = {
        "seq": seq, "recorded_at": canonical_time(recorded_at), "reviewer": reviewer, "case": case,
        "case_file": case_file, "item": item, "request": request, "kind": kind, "fact": fact,
        "before": before, "after": after, "workbook_hash": workbook_hash, "engine_version": engine_version,
    }
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{text}".encode()).hexdigest()


def hash_of(entry: Any, prev_hash: str | None = None) -> str:
    """The hash an ``AuditEntry`` (or anything with its fields) should carry."""
    return entry_hash(
        entry.prev_hash if prev_hash is None else prev_hash, seq=entry.seq, recorded_at=entry.recorded_at,
        reviewer=entry.reviewer, case=entry.case, case_file=entry.case_file, item=entry.item,
        request=entry.request, kind=entry.kind, fact=entry.fact, before=entry.before, after=entry.after,
        workbook_hash=entry.workbook_hash, engine_version=entry.engine_version,
    )


@dataclass(frozen=True)
class Break:
    """Where a case's chain breaks, in words."""

    case: str
    seq: int  # the seq where it breaks (the row found there, or the one expected)
    entry_id: int | None
    what: str

    def __str__(self) -> str:
        where = f"case {self.case}, entry seq {self.seq}" + (f" (id {self.entry_id})" if self.entry_id else "")
        return f"{where}: {self.what}"


@dataclass(frozen=True)
class CaseChain:
    """One case's chain as verified: its length, its head, and the breaks found."""

    case: str
    count: int
    head: str  # the last entry's hash (GENESIS for an empty case)
    breaks: tuple[Break, ...]
    hashes: tuple[str, ...] = ()  # every entry's hash, oldest first

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify(case: str, entries: Sequence[Any]) -> CaseChain:
    """Recompute the chain of ``case`` from its entries (ordered by ``seq``) and list every break."""
    breaks: list[Break] = []
    expected_prev = GENESIS
    expected_seq = 1
    hashes: list[str] = []
    for entry in sorted(entries, key=lambda e: (e.seq, e.id)):
        if entry.seq != expected_seq:
            what = (f"expected seq {expected_seq}, found seq {entry.seq}: "
                    + ("an entry was removed before it" if entry.seq > expected_seq else "two entries share a seq"))
            breaks.append(Break(case, entry.seq, entry.id, what))
        elif entry.prev_hash != expected_prev:
            breaks.append(Break(case, entry.seq, entry.id,
                                "its prev_hash is not the hash of the entry before it (an entry was removed "
                                "or changed before it)"))
        if hash_of(entry) != entry.hash:
            breaks.append(Break(case, entry.seq, entry.id,
                                "its content does not match its hash (the row was changed after it was written)"))
        expected_prev = entry.hash
        expected_seq = entry.seq + 1
        hashes.append(entry.hash)
    return CaseChain(case, len(entries), expected_prev, tuple(breaks), tuple(hashes))


def heads_text(chains: Iterable[CaseChain]) -> str:
    """One line per case, ``CASE COUNT HEAD``: what to keep beside a backup, to catch a truncated log later."""
    return "".join(f"{c.case} {c.count} {c.head}\n" for c in chains)


def compare_heads(text: str, chains: Sequence[CaseChain]) -> list[str]:
    """Cases whose chain no longer extends the head written down earlier (``heads_text``), in words."""
    now = {c.case: c for c in chains}
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 3 or not parts[1].isdigit():
            problems.append(f"line {number}: expected 'CASE COUNT HASH', found {line!r}")
            continue
        case, count, head = parts[0], int(parts[1]), parts[2]
        current = now.get(case)
        if current is None:
            problems.append(f"case {case}: had {count} entries, now none (the case's log was removed)")
        elif current.count < count:
            problems.append(f"case {case}: had {count} entries, now {current.count} (entries were removed)")
        elif count and current.hashes[count - 1] != head:
            problems.append(f"case {case}: the last entry's hash changed (the log was rewritten)")
    return problems


def check_extends(location: str, entry: Any, head: tuple[int, str]) -> None:
    """Refuse (one line) a copied entry that does not extend the case's chain in the target, or is not sealed."""
    seq, prev = head
    if entry.seq != seq + 1 or entry.prev_hash != prev:
        raise ReviewStoreError(
            "the copied entry does not extend the case's chain", location=Location(location),
            expected=f"case {entry.case} entry seq {seq + 1} after hash {prev[:12]}",
            found=f"seq {entry.seq} after hash {entry.prev_hash[:12]}",
            hint="the target already holds other entries of this case; nothing of it was copied past that point")
    if hash_of(entry) != entry.hash:
        raise ReviewStoreError(
            "the copied entry does not match its hash", location=Location(location),
            expected=f"case {entry.case} entry seq {entry.seq} as sealed", found="its content changed",
            hint="run imr audit verify on the source store")
