"""Mutations of a real workbook: each is read, or refused in one line; nothing else.

Flipped bits, truncation, inserted or overwritten bytes, in the file or inside one of its
XML parts, and inserted tags.  300 by default; ``IMR_FUZZ_EXAMPLES`` sets the count, and
the ``slow`` variant runs 20,000 (``IMR_FUZZ_SEED`` picks its seed):
``IMR_FUZZ_EXAMPLES=20000 pytest -m slow tests/hostile -k long_run -s``.
"""

from __future__ import annotations

import os
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.errors import WorkbookError
from engine.reader.sheets import open_workbook
from tests.hostile import workbook_corpus as corpus


def _mutants(seed: int, count: int, folder: Path) -> Iterator[tuple[str, bytes]]:
    """``count`` mutations of the demo: bytes of the file, or bytes of one of its XML parts."""
    rng = random.Random(seed)
    original = corpus.demo(folder, "original.xlsx").read_bytes()
    content = corpus.parts(folder / "original.xlsx")
    for n in range(count):
        if n % 2:
            data = bytearray(original)
            how = rng.choice(["flip", "truncate", "insert", "overwrite"])
        else:
            part = rng.choice(list(content))
            data = bytearray(content[part])
            how = rng.choice(["flip", "truncate", "insert", "overwrite", "tag"])
        at = rng.randrange(len(data))
        if how == "flip":
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif how == "truncate":
            del data[at:]
        elif how == "insert":
            data[at:at] = rng.randbytes(rng.randint(1, 16))
        elif how == "overwrite":
            data[at:at + 8] = rng.randbytes(8)
        else:
            data[at:at] = rng.choice([b"<!DOCTYPE x>", b"<c r=\"ZZZ9\">", b"</row>", b"<f>1/0</f>", b"&amp;",
                                      b"<row r=\"99999\">", b"\xff\xfe", b"<mergeCell ref=\"A1:B99\"/>"])
        if n % 2:
            yield f"{how}@{at}", bytes(data)
        else:
            path = folder / "rezipped.xlsx"
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, body in content.items():
                    archive.writestr(name, bytes(data) if name == part else body)
            yield f"{part}:{how}@{at}", path.read_bytes()


def _check_mutants(seed: int, count: int, folder: Path) -> dict[str, int]:
    path = folder / "mutant.xlsx"
    outcome = {"read": 0, "refused": 0}
    for label, data in _mutants(seed, count, folder):
        path.write_bytes(data)
        try:
            open_workbook(path)
            outcome["read"] += 1
        except WorkbookError as error:
            assert "\n" not in str(error), label
            outcome["refused"] += 1
        except Exception as error:  # pragma: no cover - the failure report
            pytest.fail(f"mutant {label} (seed {seed}) raised {type(error).__name__}: {error}")
    return outcome


def test_mutated_workbooks_are_read_or_refused_in_one_line(tmp_path: Path) -> None:
    count = int(os.environ.get("IMR_FUZZ_EXAMPLES", "300"))
    outcome = _check_mutants(20_261_203, count, tmp_path)
    assert outcome["read"] and outcome["refused"]


@pytest.mark.slow
def test_mutated_workbooks_long_run(tmp_path: Path) -> None:
    count = int(os.environ.get("IMR_FUZZ_EXAMPLES", "20000"))
    outcome = _check_mutants(int(os.environ.get("IMR_FUZZ_SEED", "1")), count, tmp_path)
    print(f"{count:,} mutants: {outcome}")
