"""The warm start (engine/cache.py): read workbooks kept as JSON, keyed by content and engine."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from engine import cache
from engine.authoring.writer import write_workbook
from engine.compiler.rulebase import compile_rulebase, display_path, workbook_paths
from engine.errors import ImrError
from engine.reader import read_workbook
from engine.runtime.evaluate import evaluate
from tests.runtime.conftest import ACUPUNCTURE_SPEC

ROOT = Path(__file__).resolve().parents[2]
TAGS = {"$m", "$a", "$s", "$n", "$f", "$t", "$map", "$dt", "$d", "$tm", "$ym", "$ds"}


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    return folder


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "acupuncture.xlsx"
    write_workbook(ACUPUNCTURE_SPEC, path)
    return path


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path, display: str | None) -> None:
        raise AssertionError(f"{path} was read, not taken from the cache")

    monkeypatch.setattr(cache, "_read", refuse)


def _shipped() -> list[Path]:
    return workbook_paths(ROOT / "tables")


def _entry(folder: Path) -> tuple[Path, list[Any], Any]:
    """The one entry of the folder: its path, header and body."""
    (entry,) = folder.glob("*.json")
    head, newline, body = entry.read_bytes().partition(b"\n")
    assert newline
    return entry, json.loads(head), json.loads(body)


def _rewrite(entry: Path, header: list[Any], body: Any, *, digest: bool = True) -> None:
    """Write an entry back; with ``digest``, its header names the new body (as a forger would)."""
    text = json.dumps(body).encode()
    if digest:
        header = [*header[:4], hashlib.sha256(text).hexdigest()]
    entry.write_bytes(json.dumps(header).encode() + b"\n" + text)


def _same(a: Any, b: Any, where: str = "") -> None:
    """``a`` and ``b`` are equal and of the same types all the way down (a ``str`` is no
    ``FactType``, ``Decimal('5')`` is no ``Decimal('5.0')``)."""
    assert type(a) is type(b), (where, type(a), type(b))
    if isinstance(a, BaseModel):
        assert a.model_fields_set == b.model_fields_set, where
        for name in type(a).model_fields:
            _same(getattr(a, name), getattr(b, name), f"{where}.{name}")
    elif dataclasses.is_dataclass(a):
        for field in dataclasses.fields(a):
            _same(getattr(a, field.name), getattr(b, field.name), f"{where}.{field.name}")
    elif isinstance(a, tuple | list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            _same(a[key], b[key], f"{where}[{key!r}]")
    elif isinstance(a, Decimal):
        assert str(a) == str(b), where
    else:
        assert a == b, where


def test_a_hit_gives_the_workbook_the_reader_gives(cache_folder, workbook, monkeypatch):
    direct = read_workbook(workbook, "acupuncture.xlsx")
    cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    assert len(list(cache_folder.glob("*.json"))) == 1
    _no_reading(monkeypatch)
    cached = cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    assert cached == direct
    assert cache.encode(cached) == cache.encode(direct)


def test_every_shipped_workbook_round_trips_and_every_worked_example_decides_the_same(cache_folder, monkeypatch):
    direct, shown = [], []
    for path in _shipped():
        try:
            direct.append(read_workbook(path, display_path(path)))
        except ImrError:
            continue  # a workbook being edited: the reader's error is not cached (tested below)
        shown.append(path)
    for path in shown:
        cache.read_workbook_cached(path, display_path(path))
    _no_reading(monkeypatch)
    cached = [cache.read_workbook_cached(path, display_path(path)) for path in shown]
    assert [cache.encode(w) for w in cached] == [cache.encode(w) for w in direct]
    for warm, cold in zip(cached, direct, strict=True):
        assert warm == cold
        _same(warm, cold, warm.path)
    before, after = compile_rulebase(direct), compile_rulebase(cached)
    examples = [(wb, test) for wb in direct for test in wb.tests]
    assert len(examples) > 100
    for wb, test in examples:
        try:
            expected = evaluate(before, test.inputs, test.as_of, source=wb.path, trace=False).as_dict()
        except ImrError as exc:
            with pytest.raises(ImrError) as raised:
                evaluate(after, test.inputs, test.as_of, source=wb.path, trace=False)
            assert str(raised.value) == str(exc)
            continue
        assert evaluate(after, test.inputs, test.as_of, source=wb.path, trace=False).as_dict() == expected, (
            wb.path, test.id)


def test_a_changed_workbook_is_read_again(cache_folder, workbook):
    first = cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    changed = ACUPUNCTURE_SPEC.model_copy(
        update={"guideline": ACUPUNCTURE_SPEC.guideline.model_copy(update={"title": "Another title"})})
    write_workbook(changed, workbook)
    second = cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    assert first.guideline.title != second.guideline.title == "Another title"
    assert second == read_workbook(workbook, "acupuncture.xlsx")
    assert len(list(cache_folder.glob("*.json"))) == 2  # one entry per content


def test_another_engine_is_another_key(cache_folder, workbook, monkeypatch):
    cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    monkeypatch.setattr(cache, "engine_fingerprint", lambda: "another engine")
    cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    assert len(list(cache_folder.glob("*.json"))) == 2


@pytest.mark.parametrize("damage", [
    b"", b"{", b"[]", b"null", b'[1, "x", "y", "z", {}]', b'{"$m": "Workbook"}',
    b'{"$evil": "os.system"}', "\u00e9".encode("latin-1"),
])
def test_a_damaged_entry_is_rebuilt_without_a_word(cache_folder, workbook, capsys, damage):
    expected = cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    (entry,) = cache_folder.glob("*.json")
    entry.write_bytes(damage)
    assert cache.read_workbook_cached(workbook, "acupuncture.xlsx") == expected
    assert capsys.readouterr() == ("", "")
    assert entry.read_bytes() != damage  # written again


def test_an_entry_of_another_workbook_under_this_key_is_a_miss(cache_folder, workbook, tmp_path):
    cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    entry, header, body = _entry(cache_folder)
    header[2] = "0" * 64  # the content hash of some other workbook
    _rewrite(entry, header, body)
    assert cache.read_workbook_cached(workbook, "acupuncture.xlsx") == read_workbook(workbook, "acupuncture.xlsx")
    assert _entry(cache_folder)[1][2] != "0" * 64


def test_a_body_edited_without_its_digest_is_a_miss_and_is_written_again(cache_folder, workbook, capsys):
    expected = cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    entry, header, body = _entry(cache_folder)
    original = entry.read_bytes()
    # A well-formed change the model would accept: the first row's rationale.
    rule = body[1]["tables"]["$t"][0]["rules"]["$t"][0]
    rule["rationale"] = "Edited by hand."
    _rewrite(entry, header, body, digest=False)
    assert cache.read_workbook_cached(workbook, "acupuncture.xlsx") == expected
    assert capsys.readouterr() == ("", "")
    assert entry.read_bytes() == original  # written again


def test_an_entry_is_a_header_line_then_a_body_with_each_tree_once(cache_folder, workbook):
    cached = cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    entry, header, body = _entry(cache_folder)
    content = hashlib.sha256(workbook.read_bytes()).hexdigest()
    assert header[:4] == [cache.FORMAT, cache.engine_fingerprint(), content, "acupuncture.xlsx"]
    assert header[4] == hashlib.sha256(entry.read_bytes().partition(b"\n")[2]).hexdigest()
    trees = body[0]
    texts = [json.dumps(t, sort_keys=True) for t in trees]
    assert len(set(texts)) == len(texts)  # each tree once
    cells = [cell for table in cached.tables for rule in table.rules for cell in rule.inputs]
    assert len(trees) < len(cells)
    # cells of one text share one tree, as the reader's cells do
    by_text: dict[str, object] = {}
    for cell in cells:
        assert by_text.setdefault(cell.text, cell.tests) is cell.tests


@pytest.mark.parametrize("index", [-1, 10_000, True, "0", 1.0, {"$n": "0"}])
def test_a_cell_that_refers_to_no_tree_is_a_miss(cache_folder, workbook, index):
    expected = cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    entry, header, body = _entry(cache_folder)
    body[1]["tables"]["$t"][0]["rules"]["$t"][0]["inputs"]["$t"][0]["tests"] = index
    _rewrite(entry, header, body)
    assert cache.read_workbook_cached(workbook, "acupuncture.xlsx") == expected
    assert _entry(cache_folder)[2][1]["tables"]["$t"][0]["rules"]["$t"][0]["inputs"]["$t"][0]["tests"] != index


def test_a_workbook_that_cannot_be_encoded_is_returned_and_not_cached(cache_folder, workbook, monkeypatch):
    read = read_workbook(workbook, "acupuncture.xlsx")
    table = read.tables[0]
    rule = table.rules[0]
    odd = rule.inputs[0].model_copy(update={"tests": object()})  # no syntax tree: nothing the cache can write
    strange = read.model_copy(update={"tables": (table.model_copy(update={
        "rules": (rule.model_copy(update={"inputs": (odd, *rule.inputs[1:])}), *table.rules[1:])}),
        *read.tables[1:])})
    monkeypatch.setattr(cache, "_read", lambda path, display: strange)
    assert cache.read_workbook_cached(workbook, "acupuncture.xlsx") is strange
    assert not list(cache_folder.glob("*.json"))


@pytest.mark.parametrize("enabled", [True, False])
def test_decoding_leaves_the_cycle_collector_as_it_found_it(cache_folder, workbook, enabled):
    cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    before = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        cache.read_workbook_cached(workbook, "acupuncture.xlsx")  # a hit: decoded
        assert gc.isenabled() is enabled
    finally:
        if before:
            gc.enable()


def test_the_entry_is_plain_json_with_a_closed_set_of_tags(cache_folder, workbook):
    cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    _, header, body = _entry(cache_folder)
    assert all(isinstance(v, int | str) for v in header)
    seen: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            tags = [k for k in node if k.startswith("$")]
            assert len(tags) == 1 and tags[0] in TAGS, node
            seen.add(tags[0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(body)
    assert {"$m", "$a", "$s", "$n", "$t", "$map"} <= seen
    names = set(_strings(body))
    assert not any(n.startswith("__") for n in names)
    assert set(cache._MODELS) | set(cache._NODES) >= {"Workbook", "DecisionTable", "UnaryTests", "Literal"}


def _strings(node: object) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)] + list(node)
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def test_off_writes_nothing_and_reads_the_workbook(tmp_path, workbook, monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.cache_dir() is None
    assert cache.read_workbook_cached(workbook, "acupuncture.xlsx") == read_workbook(workbook, "acupuncture.xlsx")
    assert not list(tmp_path.rglob("*.json"))


def test_a_folder_that_cannot_be_written_is_no_cache(tmp_path, workbook, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))
    assert cache.read_workbook_cached(workbook, "acupuncture.xlsx") == read_workbook(workbook, "acupuncture.xlsx")


def test_a_workbook_that_does_not_read_raises_as_it_always_did_and_is_not_cached(cache_folder, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ImrError) as direct:
        read_workbook(broken, "broken.xlsx")
    for _ in range(2):
        with pytest.raises(ImrError) as cached:
            cache.read_workbook_cached(broken, "broken.xlsx")
        assert str(cached.value) == str(direct.value)
    assert not list(cache_folder.glob("*.json"))
    with pytest.raises(ImrError):
        cache.read_workbook_cached(tmp_path / "missing.xlsx", "missing.xlsx")


def test_the_display_path_is_part_of_the_key(cache_folder, workbook):
    a = cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    b = cache.read_workbook_cached(workbook, "elsewhere/acupuncture.xlsx")
    assert (a.path, b.path) == ("acupuncture.xlsx", "elsewhere/acupuncture.xlsx")
    assert all(t.workbook == "elsewhere/acupuncture.xlsx" for t in b.tables)


@pytest.mark.parametrize("option", [[], ["--no-cache"]])
def test_imr_no_cache_reads_every_workbook_again(cache_folder, workbook, tmp_path, monkeypatch, option):
    from click.testing import CliRunner

    from imr.cli import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*option, "decide", "--tables", str(workbook), str(tmp_path / "no-case.yaml")])
    assert result.exit_code == 2  # the case file is missing; the tables were loaded before
    assert len(list(cache_folder.glob("*.json"))) == (0 if option else 1)
    assert cache.cache_dir() == cache_folder  # the option lasts for its command only


@pytest.mark.parametrize("swap", [
    ({"$a": "UnaryTests"}, {"$a": "Literal", "value": None}),  # a cell that is not unary tests
    ({"$a": "EqualTest"}, {"$a": "EqualTest", "endpoint": "initial"}),  # an endpoint that is no node
])
def test_an_entry_with_a_node_of_the_wrong_kind_is_a_miss(cache_folder, workbook, swap):
    expected = cache.read_workbook_cached(workbook, "acupuncture.xlsx")
    entry, header, body = _entry(cache_folder)
    original = entry.read_bytes()
    pattern, replacement = swap
    done = []

    def replace(node: object) -> object:
        if isinstance(node, dict):
            if not done and all(node.get(k) == v for k, v in pattern.items()):
                done.append(node)
                return replacement
            return {k: replace(v) for k, v in node.items()}
        if isinstance(node, list):
            return [replace(v) for v in node]
        return node

    _rewrite(entry, header, replace(body))  # with a digest that matches: the decoder's checks refuse it
    assert done
    assert cache.read_workbook_cached(workbook, "acupuncture.xlsx") == expected
    assert entry.read_bytes() == original  # written again
