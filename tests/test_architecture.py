"""The headless core never loads a user interface."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_engine_never_imports_textual():
    code = (
        "import sys, pkgutil, importlib, engine\n"
        "for m in pkgutil.walk_packages(engine.__path__, 'engine.'):\n"
        "    importlib.import_module(m.name)\n"
        "from engine import load_rulebase, evaluate\n"
        "rb = load_rulebase('tables')\n"
        "evaluate(rb, {})\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui', 'rich', 'imr'))\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_engine_sources_do_not_name_the_ui():
    for path in (ROOT / "engine").rglob("*.py"):
        text = path.read_text()
        assert "import textual" not in text and "from textual" not in text, path
        assert "from tui" not in text and "import tui" not in text, path


def test_errors_stay_on_one_line_whatever_the_data():
    from engine.errors import Location, WorkbookError

    error = WorkbookError("cannot read", location=Location("a.xlsx", "T", "B7"), expected="a test",
                          found="'line one\nline two\r\u2028'")
    assert len(str(error).splitlines()) == 1 and "line one\\nline two" in str(error)


def test_long_data_in_an_error_is_cut_to_its_start_and_end():
    from engine.errors import CaseError, Location

    cell = "(" * 32_000
    error = CaseError(f"cannot read {cell!r}", location=Location("c.yaml", field="items[0]"),
                      expected="a test", found=repr("x" * 5_000))
    line = str(error)
    assert len(line) < 600
    assert line.startswith("c.yaml, field items[0]: cannot read '((((") and "' (32,000 characters)" in line
    assert line.endswith("xxx' (5,000 characters)")
    short = CaseError("bad", found="'it\\'s'")
    assert str(short) == "bad: found 'it\\'s'"


def test_the_review_ui_paints_before_the_engine_and_the_store_load():
    """docs/tui.md: the first frame is up before the engine, the store and the case load (on workers)."""
    code = (
        "import sys, tui.app, tui.screens.case, tui.screens.picker\n"
        "heavy = ('review', 'engine.compiler', 'engine.runtime', 'engine.cases', 'openpyxl', 'durable_rules')\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


# --- the import contract (docs/engine.md, "Layers") ----------------------------------------
# Every import counts: at the top of a module, inside a function, under TYPE_CHECKING.  A
# package or layer may import those below it, never one above; the modules of one layer
# (separated by a comma) do not import each other.

PACKAGES = ["imr", "tui", "letters", "review", "engine"]  # highest first
ENGINE_LAYERS = [  # highest first
    ["engine.pytest_plugin"],
    ["engine.authoring"],
    ["engine.validation", "engine.importing"],
    ["engine.cases"],
    ["engine.runtime"],
    ["engine.compiler"],
    ["engine.cache"],
    ["engine.reader", "engine.rete"],
    ["engine.model", "engine.feel", "engine.datafiles", "engine.output_paths"],
    ["engine.errors", "engine.collector"],
]
# What imr, tui, review and letters may import of the engine: its door (``engine``) and the
# authoring tools' own doors.  DEEP lists the deep imports still to move to the door; it
# may only shrink.
ENGINE_DOORS = {"engine", "engine.authoring", "engine.validation", "engine.importing"}
DEEP = {
    "imr": set(),
    "tui": set(),
    "letters": set(),
    # review/fact_input.py reads a typed value by a case file's own rules: its date bounds,
    # digit limit, the shared facts' kinds and how a found value is shown.  Those are the
    # case reader's internals, not public names; the door would rather offer one function
    # reading a typed fact value (engine.cases), which review would then call.
    "review": {"engine.cases.facts", "engine.cases.field_error", "engine.datafiles"},
}
# The same for imr and tui over review and letters: modules still imported past the door.
DEEP_PEERS: dict[tuple[str, str], set[str]] = {
    ("imr", "review"): set(),
    ("imr", "letters"): set(),
    ("tui", "review"): set(),
    ("tui", "letters"): set(),
}
DOORS = ["engine", "engine.authoring", "engine.validation", "engine.importing", "review", "letters"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Module -> the project modules it imports (``from a import b``: ``a.b`` when b is a module)."""
    import ast

    found: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            names: set[str] = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    for alias in node.names:
                        if alias.name == "__version__":
                            continue  # package metadata, not a dependency
                        dotted = f"{node.module}.{alias.name}"
                        is_module = (ROOT / Path(*dotted.split("."))).is_dir() or \
                            (ROOT / Path(*dotted.split("."))).with_suffix(".py").is_file()
                        names.add(dotted if is_module else node.module)
            found[_module_name(path)] = {n for n in names if n.split(".")[0] in PACKAGES}
    return found


def _within(module: str, unit: str) -> bool:
    return module == unit or module.startswith(unit + ".")


def _violations(units: list[list[str]], imports: dict[str, set[str]]) -> list[str]:
    rank = {unit: i for i, layer in enumerate(units) for unit in layer}
    wrong = []
    for module, targets in imports.items():
        source = next((u for u in rank if _within(module, u)), None)
        if source is None:
            continue
        for target in targets:
            unit = next((u for u in rank if _within(target, u)), None)
            if unit is None or unit == source:
                continue
            if rank[unit] < rank[source] or (rank[unit] == rank[source]):
                wrong.append(f"{module} imports {target}: {unit} is not below {source}")
    return sorted(wrong)


def test_the_packages_are_layered_imr_tui_letters_review_engine():
    assert _violations([[p] for p in PACKAGES], _imports()) == []


def test_the_engine_is_layered():
    imports = {m: t for m, t in _imports().items() if _within(m, "engine") and m != "engine"}
    # ``engine`` itself (the door) is above every layer: a module of the engine imports
    # its neighbours, never the door (``from engine import __version__`` aside).
    every = {unit for layer in ENGINE_LAYERS for unit in layer}
    unplaced = {m for m in imports if not any(_within(m, u) for u in every)}
    assert unplaced == set(), "place these modules in ENGINE_LAYERS (and docs/engine.md)"
    assert _violations(ENGINE_LAYERS, imports) == []
    assert sorted(m for m, targets in imports.items() if "engine" in targets) == []


def test_the_ui_and_the_commands_use_the_engine_through_its_door():
    imports = _imports()
    for package, allowed in DEEP.items():
        deep = {t for m, targets in imports.items() if _within(m, package) for t in targets
                if _within(t, "engine") and t not in ENGINE_DOORS}
        assert deep - allowed == set(), f"{package}: import these from `engine` (or add them to its door)"


def test_review_and_letters_use_each_other_through_their_doors():
    imports = _imports()
    for package, other in (("imr", "review"), ("imr", "letters"), ("tui", "review"), ("tui", "letters")):
        deep = {t for m, targets in imports.items() if _within(m, package) for t in targets
                if _within(t, other) and t != other}
        assert deep <= DEEP_PEERS[package, other], f"{package}: import these from `{other}`: {sorted(deep)}"


def test_each_door_names_what_it_exports_and_loads_it_on_first_use():
    """A door lists each name once (``__all__``), every name loads, and importing the door loads
    nothing else of the project: ``imr decide`` pays only for what it uses."""
    code = (
        "import importlib, json, sys\n"
        "loaded = {}\n"
        f"for door in {DOORS!r}:\n"
        "    before = set(sys.modules)\n"
        "    importlib.import_module(door)\n"
        "    parents = {'.'.join(door.split('.')[:i + 1]) for i in range(door.count('.') + 1)}\n"
        "    loaded[door] = sorted(m for m in set(sys.modules) - before - parents\n"
        "                          if m.split('.')[0] in ('engine', 'review', 'letters'))\n"
        "print(json.dumps(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == {door: [] for door in DOORS}
    for door in DOORS:
        module = importlib.import_module(door)
        names = module.__all__
        assert len(names) == len(set(names)), door
        assert set(getattr(module, "_EXPORTS", {})) <= set(names), door
        for name in names:
            assert getattr(module, name) is not None, f"{door}.{name}"


def test_every_package_ships_its_type_hints():
    for package in PACKAGES:
        assert (ROOT / package / "py.typed").is_file(), package


def test_a_short_command_loads_only_its_own_module():
    """imr/lazy_group.py: ``imr decide`` loads neither the review UI, nor the letters, nor openpyxl."""
    code = (
        "import sys\n"
        "from imr.cli import main\n"
        "main(['decide', '--help'], standalone_mode=False)\n"
        "heavy = ('textual', 'tui', 'fpdf', 'openpyxl', 'letters', 'review', 'imr.commands.review', 'lark')\n"
        "print('loaded:', ','.join(sorted(m for m in sys.modules if m.startswith(heavy))), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "Propose a determination" in done.stdout
    assert done.stderr.strip() == "loaded:"
