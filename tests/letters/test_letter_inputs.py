"""Reviewer profiles, recorded-decision files and the export: one-line errors, atomic writes."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from letters.decisions import RecordedDecision, index_decisions, load_decisions
from letters.errors import LetterError
from letters.export import default_name, export, write_atomic
from letters.reviewer import load_reviewer

ROOT = Path(__file__).resolve().parents[2]


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _one_line(error: pytest.ExceptionInfo[LetterError]) -> str:
    text = str(error.value)
    assert "\n" not in text
    return text


def test_the_shipped_example_profile_is_valid():
    profile = load_reviewer(ROOT / "reviewers/example.yaml")
    assert profile.licensure == ["California"]
    assert profile.certifications == ["Preventive Medicine", "Occupational Medicine"]


@pytest.mark.parametrize(("text", "field", "says"), [
    ("organization: X\nlicensure: []\ncertifications: [PM&R]\n", "field licensure", "at least 1 item"),
    ("organization: X\nlicensure: [California]\n", "field certifications", "Field required"),
    ("organization: X\nlicensure: [California]\ncertifications: ['  ']\n", "field certifications[0]",
     "at least 1 character"),
    ("organization: X\nlicensure: California\ncertifications: [PM&R]\n", "field licensure", "valid list"),
    ("organization: X\nlicensure: [CA]\ncertifications: [PM&R]\nname: Dr A\n", "field name", "Extra inputs"),
])
def test_a_bad_profile_names_the_file_and_field(tmp_path, text, field, says):
    path = _file(tmp_path, "dr.yaml", text)
    with pytest.raises(LetterError) as error:
        load_reviewer(path)
    line = _one_line(error)
    assert line.startswith(f"{path}, {field}: ") and says in line


@pytest.mark.parametrize(("text", "says"), [
    ("- just a list\n", "must be a mapping"),
    ("organization: [unclosed\n", "not valid YAML"),
    ("organization: !!python/object/apply:os.system ['true']\n", "not valid YAML"),
])
def test_a_profile_that_is_not_a_mapping_of_data(tmp_path, text, says):
    with pytest.raises(LetterError, match=says):
        load_reviewer(_file(tmp_path, "dr.yaml", text))


def test_a_missing_profile(tmp_path):
    with pytest.raises(LetterError, match="no such reviewer profile"):
        load_reviewer(tmp_path / "none.yaml")


DECISION = {"item": 1, "outcome": "Upheld", "reason": "No improvement documented.", "reviewer": "dr-a",
            "recorded_at": "2015-05-02T10:30:00"}


def test_decisions_file_is_read_by_item(tmp_path):
    path = _file(tmp_path, "d.json", json.dumps([DECISION]))
    decisions = load_decisions(path, item_count=2)
    assert list(decisions) == [1]
    assert decisions[1].recorded_at == dt.datetime(2015, 5, 2, 10, 30)


@pytest.mark.parametrize(("change", "says"), [
    ({"outcome": "Modified"}, "field [0].outcome"),
    ({"item": 2}, "field [0].item: no such disputed item: expected an index from 0 to 1, found 2"),
    ({"item": -1}, "field [0].item"),
    ({"recorded_at": "yesterday"}, "field [0].recorded_at"),
    ({"reason": ""}, "field [0].reason"),
])
def test_a_bad_decision_names_the_file_and_field(tmp_path, change, says):
    path = _file(tmp_path, "d.json", json.dumps([{**DECISION, **change}]))
    with pytest.raises(LetterError) as error:
        load_decisions(path, item_count=2)
    assert _one_line(error).startswith(f"{path}, ") and says in str(error.value)


def test_two_decisions_for_one_item_are_refused():
    one = RecordedDecision.model_validate(DECISION)
    with pytest.raises(LetterError, match=r"field \[1\].item: a second decision for the same item"):
        index_decisions([one, one], item_count=2)


def test_default_name_is_safe():
    assert default_name("CM15-0000001", "pdf") == "CM15-0000001-letter.pdf"
    assert default_name("../../etc/passwd", "txt") == "etc_passwd-letter.txt"
    assert default_name("..", "md") == "case-letter.md"


def test_export_into_a_folder_writes_atomically_and_leaves_no_temp(tmp_path):
    written = export(tmp_path, "CM15-0000001", "txt", b"first")
    assert written == tmp_path.resolve() / "CM15-0000001-letter.txt"
    assert written.read_bytes() == b"first"
    export(tmp_path / "CM15-0000001-letter.txt", "CM15-0000001", "txt", b"second")
    assert written.read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CM15-0000001-letter.txt"]
    assert written.stat().st_mode & 0o077 == 0  # a letter holds medical information


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "letter.txt"
    target.write_bytes(b"old")

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(LetterError, match=r"cannot write the letter.*No space left"):
        export(target, "X", "txt", b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.txt"]


def test_never_outside_the_chosen_folder(tmp_path):
    inside, outside = tmp_path / "letters", tmp_path / "elsewhere"
    inside.mkdir()
    outside.mkdir()
    (inside / "link.txt").symlink_to(outside / "stolen.txt")
    with pytest.raises(LetterError, match="outside the chosen folder"):
        write_atomic(inside, "link.txt", b"x")
    for name in ("..", "../x.txt", "a/b.txt", ""):
        with pytest.raises(LetterError, match="plain file name"):
            write_atomic(inside, name, b"x")
    assert list(outside.iterdir()) == []
    assert [p.name for p in inside.iterdir()] == ["link.txt"]


def test_a_missing_folder_is_not_created(tmp_path):
    with pytest.raises(LetterError, match="no such folder"):
        export(tmp_path / "nope" / "letter.txt", "X", "txt", b"x")
    assert not (tmp_path / "nope").exists()
