"""The real `imr review` in a terminal: scripts/tmux_review.sh through the seed case (slow, needs tmux):
accept, edit a fact after accepting, re-confirm, export, and `imr letter --db` giving the same letter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tui_pilot import ROOT

pytestmark = pytest.mark.slow


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)")
def test_tmux_drives_the_seed_case_to_an_exported_letter():
    imr = Path(sys.executable).parent / "imr"
    done = subprocess.run(["bash", str(ROOT / "scripts/tmux_review.sh")], cwd=ROOT, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "IMR": str(imr), "HOME": "/nonexistent"}, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tmux_review: ok" in done.stdout
    assert "CM15-0000001-letter.md CM15-0000001-letter.pdf CM15-0000001-letter.txt" in done.stdout
