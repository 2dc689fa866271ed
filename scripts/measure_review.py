"""Measure the reviewer UI on the seed case: first paint, case ready, re-evaluation after a fact edit.

    .venv/bin/python scripts/measure_review.py            # 7 runs each, medians; figures for docs/performance.md
    .venv/bin/python scripts/measure_review.py --runs 15

First paint and case ready are measured in fresh processes (imports are part of the
cost), each running ``ReviewApp`` headless at 140x45 from the moment the command's code
starts (``imr review`` passes the same ``started``): ``first paint`` is the first frame
(the case screen's "Opening ..." line), ``case ready`` the case screen with every item
evaluated (tables loaded, store replayed).  Python's own start-up (about 50 ms) comes
before both; scripts/tmux_review.sh reports the wall clock in a real terminal.

Re-evaluation is measured twice: the session call alone (``ReviewSession.edit_fact``:
store the edit, evaluate the item again) and through the UI (from the dialog's save action to
the first refresh after the item screen shows the new proposal: the session call on a
worker, the dialog closing, the facts, table, row and proposal redrawn).  Each edit flips
``request.functional_improvement`` of the acupuncture item (Overturned <-> Upheld).
Temporary database; nothing is written to the user's data dir.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = Path("cases/seed.yaml")
FACT = "request.functional_improvement"


def child_first_paint(db: Path) -> dict[str, float]:
    started = time.perf_counter()
    import asyncio

    from tui.app import ReviewApp
    from tui.backend import Backend

    async def run() -> dict[str, float]:
        app = ReviewApp(SEED, Backend(tables=[Path("tables")], db=db), started=started)
        async with app.run_test(size=(140, 45)) as pilot:
            while app.first_paint is None or app.case_ready is None:
                await pilot.pause(0.005)
            return {"first_paint": app.first_paint, "case_ready": app.case_ready}

    return asyncio.run(run())


def reevaluation(db: Path, runs: int) -> dict[str, list[float]]:
    import asyncio

    from review import ReviewSession, SqliteReviewStore
    from tui.app import ReviewApp
    from tui.backend import Backend
    from tui.screens.dialogs import FactDialog
    from tui.screens.item import ItemScreen
    from tui.widgets.facts import FactsTable

    backend = Backend(tables=[Path("tables")], db=db)
    session = ReviewSession.open(SEED, backend.rulebase(), SqliteReviewStore(db.with_suffix(".session.sqlite3")))
    engine: list[float] = []
    for run in range(runs * 2):
        began = time.perf_counter()
        session.edit_fact(1, FACT, "no" if run % 2 == 0 else "yes")
        engine.append(time.perf_counter() - began)

    marks: dict[str, float] = {}
    save, show = FactDialog.action_save, ItemScreen.show

    def timed_save(dialog: FactDialog) -> None:
        marks["saved"] = time.perf_counter()
        save(dialog)

    def timed_show(screen: ItemScreen, *args: object, **kwargs: object) -> None:
        show(screen, *args, **kwargs)  # type: ignore[arg-type]
        screen.call_after_refresh(lambda: marks.setdefault("painted", time.perf_counter()))

    FactDialog.action_save = timed_save  # type: ignore[method-assign]
    ItemScreen.show = timed_show  # type: ignore[method-assign]

    async def through_ui() -> list[float]:
        app = ReviewApp(SEED, backend)
        times: list[float] = []
        async with app.run_test(size=(140, 45)) as pilot:
            while app.case_ready is None:
                await pilot.pause(0.01)
            await pilot.press("down", "enter")
            while not isinstance(app.screen, ItemScreen) or app.screen.snapshot is None:
                await pilot.pause(0.01)
            item = app.screen
            for run in range(runs * 2):
                facts = item.query_one("#facts", FactsTable)
                facts.focus()
                facts.select_fact(FACT)
                await pilot.press("e")
                while not isinstance(app.screen, FactDialog):
                    await pilot.pause(0.005)
                before = item.snapshot.view.proposed.outcome
                app.screen.query_one("#value").value = "no" if run % 2 == 0 else "yes"
                await pilot.pause(0.05)
                marks.clear()
                await pilot.press("enter")
                while item.snapshot.view.proposed.outcome == before or "painted" not in marks:
                    await asyncio.sleep(0.002)
                times.append(marks["painted"] - marks["saved"])
        return times

    return {"engine": engine, "ui": asyncio.run(through_ui())}


def ms(values: list[float]) -> str:
    median, low, high = (1000 * v for v in (statistics.median(values), min(values), max(values)))
    return f"median {median:.0f} ms (min {low:.0f}, max {high:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_first_paint(args.db)))
        return
    with tempfile.TemporaryDirectory() as folder:
        paints, readies = [], []
        for run in range(args.runs):
            done = subprocess.run([sys.executable, __file__, "--child", "--db", f"{folder}/paint{run}.sqlite3"],
                                  cwd=ROOT, capture_output=True, text=True, check=True)
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            paints.append(figures["first_paint"])
            readies.append(figures["case_ready"])
        edits = reevaluation(Path(folder) / "edits.sqlite3", args.runs)
    print(f"first paint (case screen, headless 140x45): {ms(paints)}")
    print(f"case ready (tables loaded, 2 items evaluated): {ms(readies)}")
    print(f"re-evaluation after a fact edit, session.edit_fact: {ms(edits['engine'])}")
    print(f"re-evaluation after a fact edit, save to new proposal on screen: {ms(edits['ui'])}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
