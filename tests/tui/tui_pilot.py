"""Helpers for driving the app: wait for its workers, read the screen as text, find widgets."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from tui.app import ReviewApp

ROOT = Path(__file__).resolve().parents[2]
SEED = Path("cases/seed.yaml")
SIZE = (140, 45)


def pilot_test(fn: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async test body with asyncio (no plugin needed); fixtures pass through."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))

    return run


async def settle(pilot: Pilot[None]) -> None:
    """Until no worker runs: each finished worker may hand over to the next (case, then session)."""
    app = pilot.app
    for _ in range(200):
        with contextlib.suppress(WorkerCancelled):  # an exclusive worker replaced by a newer one: wait again
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            await pilot.pause()
            return
    raise AssertionError("the app's workers did not finish")


async def painted(pilot: Pilot[None], *words: str, tries: int = 250) -> str:
    """The screen's text once every word shows (a loaded machine may paint a frame late);
    the last text if they never do, for the test's own assertion to report."""
    text = flat(screen_text(pilot.app))
    for _ in range(tries):
        if all(word in text for word in words):
            break
        await pilot.pause(0.02)
        text = flat(screen_text(pilot.app))
    return text


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def screen_text(app: ReviewApp) -> str:
    """What the terminal shows, as plain text (the same render the SVG screenshot takes)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, force_terminal=True,
                      color_system=None, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def flat(text: str) -> str:
    """Screen text with runs of blanks collapsed, to find words across column padding."""
    return " ".join(text.split())
