"""Pilot-driven tests of the reviewer UI: a temporary database and settings file, one shared rule base.

Every test gets its own SQLite file under tmp_path (``IMR_REVIEW_DB`` is pointed there
too, so nothing can reach the user's data dir) and a settings path that does not exist
(``IMR_REVIEW_CONFIG``).  The rule base is loaded once per test session.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tui_pilot import ROOT

from tui.backend import Backend


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMR_REVIEW_DB", str(tmp_path / "env-default.sqlite3"))
    monkeypatch.setenv("IMR_REVIEW_CONFIG", str(tmp_path / "no-settings.toml"))
    monkeypatch.setenv("USER", "dr-test")
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def rulebase() -> Any:
    """Loaded as ``tables`` from the checkout, so traces name ``tables/x.xlsx`` wherever it is."""
    from engine.compiler.rulebase import load_rulebase

    here = Path.cwd()
    os.chdir(ROOT)
    try:
        return load_rulebase(Path("tables"))
    finally:
        os.chdir(here)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "reviews.sqlite3"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    folder.mkdir()
    return folder


@pytest.fixture
def backend(rulebase: Any, db: Path, out: Path) -> Callable[[], Backend]:
    """A new Backend on the same database each call: a fresh one is a reopened app."""
    return lambda: Backend(tables=rulebase, db=db, reviewer="dr-test", out=out)


@pytest.fixture
def case_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    for name in ("seed.yaml", "cm15-0211457.yaml", "cm15-0348812.yaml"):
        shutil.copy(ROOT / "cases" / name, folder / name)
    return folder
