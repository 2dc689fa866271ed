"""Moving a reviewer's history: every entry of one store into another, each case's hash chain kept.

``copy_store(source, target)`` first verifies every case's chain in the source (a broken
one is refused, one line, and nothing is copied), then copies case by case, oldest first,
each entry as it is (time, reviewer, before and after, ``seq``, ``prev_hash``, ``hash``)
through the target's ``append_copied``, which refuses an entry that does not extend the
case's chain there.  A case already in the target is fine when the target's entries are the
source's first ones (a copy run again copies only what is new); a case with other entries
in the target is refused before anything of it is copied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine import Location
from review.audit_chain import verify
from review.errors import ReviewStoreError
from review.store import ReviewStore


@dataclass(frozen=True)
class CopyReport:
    cases: int
    copied: int
    already: int  # entries the target held already (an earlier copy)


def copy_store(source: ReviewStore, target: ReviewStore) -> CopyReport:
    """Copy every case of ``source`` into ``target`` (see the module docstring)."""
    append_copied = getattr(target, "append_copied", None)
    if append_copied is None:
        raise ReviewStoreError("the target store cannot take copied entries", location=Location(target.location),
                               expected="a SQLite or PostgreSQL review store", found=type(target).__name__)
    if source.location == target.location:
        raise ReviewStoreError("a store cannot be copied into itself", location=Location(target.location),
                               expected="another store for --to", found="the same as --from")
    plans: list[tuple[str, list[Any]]] = []
    already = 0
    for case in source.cases():
        entries = sorted(source.entries(case), key=lambda e: e.seq)
        chain = verify(case, entries)
        if not chain.ok:
            raise ReviewStoreError("the source's audit trail is broken; nothing was copied",
                                   location=Location(source.location), expected="every case's hash chain intact",
                                   found=str(chain.breaks[0]), hint="run imr audit verify on it")
        there = sorted(target.entries(case), key=lambda e: e.seq)
        if [e.hash for e in there] != [e.hash for e in entries[:len(there)]]:
            raise ReviewStoreError(
                "the target holds other entries of a case; nothing was copied", location=Location(target.location),
                expected=f"case {case} absent, or holding the source's first entries",
                found=f"{len(there)} entries of case {case} that are not the source's",
                hint="copy into another store, or leave that case out")
        already += len(there)
        plans.append((case, entries[len(there):]))
    copied = 0
    for _case, entries in plans:
        for entry in entries:
            append_copied(entry)
            copied += 1
    return CopyReport(cases=len(plans), copied=copied, already=already)
