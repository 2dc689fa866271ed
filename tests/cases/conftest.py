"""A minimal valid case, as text, for tests to vary."""

from __future__ import annotations

from pathlib import Path

import pytest

MINIMAL = """\
case: CM15-0000099
dates:
  injury: 2014-06-02
  ur_decision: 2015-03-02
  imr_application: 2015-03-20
claimant: {age: 52, sex: male}
diagnoses: [lumbar strain]
clinical_summary: Low back pain after lifting a pallet.
items:
  - request: Physical therapy 2 times a week for 4 weeks
    topic: physical_therapy
    ur: {decision: denied, guideline: MTUS Chronic Pain Medical Treatment Guidelines}
    facts:
      request.kind: extension
"""


@pytest.fixture
def write_case(tmp_path: Path):
    def write(text: str = MINIMAL, name: str = "case.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path

    return write
