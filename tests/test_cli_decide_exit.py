"""``imr decide`` leaves what is alive at exit out of the cycle collector's last walk, and
only at exit (imr/commands/decide.py, ``_no_collection_at_exit``)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from engine.authoring.writer import write_workbook
from imr.cli import main
from tests.runtime.conftest import ACUPUNCTURE_SPEC

ROOT = Path(__file__).resolve().parents[1]

# Registered before the command, so it runs after the command's own exit handler.
PROGRAM = """
import atexit, gc, sys
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0, file=sys.stderr))
from imr.cli import main
sys.argv = ["imr", *sys.argv[1:]]
main()
"""


def test_the_objects_alive_at_exit_are_frozen_before_python_walks_them(tmp_path: Path) -> None:
    tables = write_workbook(ACUPUNCTURE_SPEC, tmp_path / "acupuncture.xlsx")
    env = {**os.environ, "IMR_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, "decide", "--tables", str(tables), str(tmp_path / "no-case.yaml")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 2, done.stderr  # the case file is missing; the tables were loaded before
    assert "frozen at exit: True" in done.stderr


def test_a_caller_in_the_same_process_keeps_its_collector(tmp_path: Path, monkeypatch) -> None:
    tables = write_workbook(ACUPUNCTURE_SPEC, tmp_path / "acupuncture.xlsx")
    monkeypatch.setenv("IMR_CACHE_DIR", str(tmp_path / "cache"))
    frozen = gc.get_freeze_count()
    result = CliRunner().invoke(main, ["decide", "--tables", str(tables), str(tmp_path / "no-case.yaml")])
    assert result.exit_code == 2
    assert gc.get_freeze_count() == frozen
    assert gc.isenabled()
