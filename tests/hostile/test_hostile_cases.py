"""Hostile case files are refused with one line naming the file and the field; nothing runs.

The corpus (``case_corpus.py``) pairs each bad file with its exact error line; every entry
is checked through ``load_case`` and through ``imr decide`` (exit status 2, one line on
stderr, no traceback).  The limits themselves are in ``engine/datafiles.py`` and
``engine/cases/model.py``; ``docs/limits-cases.md`` lists them.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cases.loader import load_case
from engine.datafiles import MAX_BYTES, MAX_DEPTH, parse_json, parse_yaml
from engine.errors import CaseError, ImrError
from imr.cli import main
from tests.cases.conftest import MINIMAL
from tests.hostile.case_corpus import CORPUS, JSON_CASE, Hostile

ROOT = Path(__file__).resolve().parents[2]
# One small workbook: the case is read after the tables, and these load fast.
TABLES = str(ROOT / "tables" / "imr_conventions.xlsx")


@pytest.mark.parametrize("hostile", CORPUS, ids=[h.name for h in CORPUS])
def test_load_case_refuses_in_one_line(tmp_path: Path, hostile: Hostile) -> None:
    path = hostile.write(tmp_path)
    with pytest.raises(CaseError) as info:
        load_case(path)
    assert str(info.value) == f"{path}{hostile.error}"
    assert len(str(info.value).splitlines()) == 1


@pytest.mark.parametrize("hostile", CORPUS, ids=[h.name for h in CORPUS])
def test_imr_decide_refuses_in_one_line(tmp_path: Path, hostile: Hostile) -> None:
    path = hostile.write(tmp_path)
    result = CliRunner().invoke(main, ["decide", str(path), "--tables", TABLES], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"error: {path}{hostile.error}"]
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_the_corpus_names_are_unique() -> None:
    assert len({h.name for h in CORPUS}) == len(CORPUS)


def test_a_tag_never_runs_anything(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "case.yaml"
    path.write_text(MINIMAL.replace("case: CM15-0000099", f"case: !!python/object/apply:os.system ['touch {marker}']"))
    with pytest.raises(CaseError, match=r"found the tag !!python/object/apply:os\.system at line 1"):
        load_case(path)
    assert not marker.exists()


def test_an_alias_bomb_is_refused_at_its_first_anchor(tmp_path: Path) -> None:
    # Thirty levels: 9**30 strings once expanded, which nothing could walk; refused before any of it.
    levels = [f"l{n}" for n in range(31)]
    text = f"{levels[0]}: &{levels[0]} [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in itertools.pairwise(levels))
    path = tmp_path / "bomb.yaml"
    path.write_text(text)
    with pytest.raises(CaseError) as info:
        load_case(path)
    assert str(info.value).endswith(", field l0: YAML anchors and aliases are not allowed in a data file: "
                                    "expected each value written out, found the anchor &l0 at line 1")


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_byte_order_mark_is_accepted(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"bom{suffix}"
    path.write_bytes(b"\xef\xbb\xbf" + (MINIMAL if suffix == ".yaml" else JSON_CASE).encode())
    assert load_case(path).case in ("CM15-0000099", "J-1")


def test_the_size_limit_is_inclusive(tmp_path: Path) -> None:
    path = tmp_path / "padded.yaml"
    padding = MAX_BYTES - len(MINIMAL.encode()) - 3
    path.write_text(MINIMAL + "# " + "x" * padding + "\n")
    assert path.stat().st_size == MAX_BYTES
    assert load_case(path).case == "CM15-0000099"
    path.write_text(MINIMAL + "# " + "x" * (padding + 1) + "\n")
    with pytest.raises(CaseError, match=f"too large: expected at most {MAX_BYTES} bytes .*found {MAX_BYTES + 1} bytes"):
        load_case(path)


def _fail(message: str, *, field: str | None = None, **details: str | None) -> ImrError:
    return CaseError(message, **details)


@pytest.mark.parametrize(("parse", "open_", "close"), [(parse_yaml, "[", "]"), (parse_json, "[", "]"),
                                                       (parse_yaml, "{a: ", "}"), (parse_json, '{"a": ', "}")])
def test_nesting_is_limited_at_max_depth(parse, open_: str, close: str) -> None:
    def nested(depth: int) -> str:
        return open_ * depth + ("1" if "a" in open_ else "") + close * depth

    assert parse(nested(MAX_DEPTH), "data file", _fail) is not None
    with pytest.raises(ImrError, match=f"nested too deeply: expected at most {MAX_DEPTH} levels"):
        parse(nested(MAX_DEPTH + 1), "data file", _fail)


def test_plain_tags_and_quoted_values_still_load(tmp_path: Path) -> None:
    path = tmp_path / "tags.yaml"
    path.write_text(MINIMAL.replace("case: CM15-0000099", "case: !!str CM15-0000099")
                    + "mechanism: '&not an anchor *nor an alias'\n")
    case = load_case(path)
    assert case.case == "CM15-0000099" and case.mechanism == "&not an anchor *nor an alias"
