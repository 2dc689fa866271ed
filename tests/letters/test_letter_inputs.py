"""Reviewer profiles, recorded-decision files and the export: one-line errors, atomic writes."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from engine.datafiles import MAX_BYTES
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


@pytest.mark.parametrize(("text", "field", "says"), [
    ("organization: &o X\nlicensure: [CA]\ncertifications: [PM&R]\n", "field organization",
     "YAML anchors and aliases are not allowed in a data file"),
    ("organization: X\norganization: Y\nlicensure: [CA]\ncertifications: [PM&R]\n", "field organization",
     "a key given twice: expected each key once, found 'organization' at line 2 and at line 1"),
    ("organization: X\nlicensure: [!!binary aGVsbG8=]\ncertifications: [PM&R]\n", "field licensure[0]",
     "found the tag !!binary at line 2"),
])
def test_a_profile_is_plain_data(tmp_path, text, field, says):
    path = _file(tmp_path, "dr.yaml", text)
    with pytest.raises(LetterError) as error:
        load_reviewer(path)
    line = _one_line(error)
    assert line.startswith(f"{path}, {field}: ") and says in line


def test_an_oversized_profile_or_decisions_file_is_refused_unread(tmp_path):
    for name, load in (("dr.yaml", load_reviewer), ("d.json", lambda p: load_decisions(p, item_count=1))):
        path = tmp_path / name
        with path.open("wb") as handle:
            handle.truncate(10 * 1024 * 1024)
        with pytest.raises(LetterError) as error:
            load(path)
        assert _one_line(error) == f"{path}: the {'reviewer profile' if name == 'dr.yaml' else 'decisions file'} " \
            f"is too large: expected at most {MAX_BYTES} bytes (256 KiB), found 10485760 bytes"


@pytest.mark.parametrize(("text", "after_the_name"), [
    ('[{"item": NaN}]', ", field [0].item: bad value: expected a finite number of at most 15 digits, found NaN"),
    ('[{"item": 0, "item": 1}]', ", field [0].item: a key given twice: expected each key once, found 'item'"),
    ("[" * 50 + "]" * 50, ": nested too deeply: expected at most 20 levels, found more at line 1"),
])
def test_a_decisions_file_is_plain_data(tmp_path, text, after_the_name):
    path = _file(tmp_path, "d.json", text)
    with pytest.raises(LetterError) as error:
        load_decisions(path, item_count=2)
    assert _one_line(error) == f"{path}{after_the_name}"


def test_the_letter_is_named_after_the_case_number():
    assert default_name("CM15-0000001", "pdf") == "CM15-0000001-letter.pdf"


@pytest.mark.parametrize("number", ["../x", "../../etc/passwd", "..", "a/b", "a\\b", ".hidden", "", "CM15\n1",
                                    "-rf", "x" * 65])
def test_a_case_number_that_is_not_a_plain_token_is_refused_not_rewritten(tmp_path, number):
    folder = tmp_path / "letters"
    folder.mkdir()
    with pytest.raises(LetterError) as error:
        export(folder, number, "txt", b"x")
    assert _one_line(error) == "the case number cannot name the letter file: expected a case number of at most 64 " \
        f"letters, digits, '-', '_' and '.', such as CM15-0000001, found {number!r}".replace("\n", "\\n")
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["letters"]


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


def test_a_failure_mid_write_keeps_the_old_letter_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "CM15-0000001-letter.txt"
    target.write_bytes(b"old letter")
    seen: list[bytes] = []

    def fsync_fails(fd: int) -> None:  # the new text is in the temporary file, not yet renamed
        [temp] = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        seen.append(temp.read_bytes())
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", fsync_fails)
    with pytest.raises(LetterError, match="cannot write the letter: found Input/output error"):
        export(tmp_path, "CM15-0000001", "txt", b"new letter")
    assert seen == [b"new letter"]
    assert target.read_bytes() == b"old letter"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_an_interrupted_write_keeps_the_old_letter_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "letter.txt"
    target.write_bytes(b"old letter")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export(target, "X", "txt", b"new letter")
    assert target.read_bytes() == b"old letter"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.txt"]


def test_the_letter_is_renamed_into_place_from_the_same_folder(tmp_path, monkeypatch):
    renames: list[tuple[Path, Path]] = []
    replace = os.replace

    def recording(src: str, dst: str) -> None:
        renames.append((Path(src), Path(dst)))
        replace(src, dst)

    monkeypatch.setattr(os, "replace", recording)
    written = export(tmp_path, "CM15-0000001", "md", b"# letter")
    [(src, dst)] = renames
    assert src.parent == dst.parent == tmp_path.resolve() and dst == written  # one file system: rename is atomic
    assert src.name.startswith(".CM15-0000001-letter.md.") and not src.exists()


def test_a_symbolic_link_at_the_letter_name_pointing_outside_is_refused(tmp_path):
    folder, outside = tmp_path / "letters", tmp_path / "elsewhere"
    folder.mkdir()
    outside.mkdir()
    (outside / "keep.txt").write_bytes(b"theirs")
    (folder / "CM15-0000001-letter.txt").symlink_to(outside / "keep.txt")
    with pytest.raises(LetterError) as error:
        export(folder, "CM15-0000001", "txt", b"letter")
    assert _one_line(error).startswith(f"{folder / 'CM15-0000001-letter.txt'}: refusing to write outside the chosen "
                                       f"folder: expected a file in {folder.resolve()}, found ")
    assert (outside / "keep.txt").read_bytes() == b"theirs"
    assert [p.name for p in folder.iterdir()] == ["CM15-0000001-letter.txt"]


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
