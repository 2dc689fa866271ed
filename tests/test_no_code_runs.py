"""No input ever runs code: nothing in the project can turn data into executed code.

Workbook cells are parsed by a grammar and case files are safe-loaded YAML or JSON; this
module checks the sources themselves, by their syntax trees, so that a later change that
reaches for ``eval``, ``pickle`` or ``yaml.load`` fails here with the file and line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.errors import Location, WorkbookError
from engine.feel import FeelSyntaxError, parse_expression, parse_unary_tests

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("engine", "imr", "tui", "letters", "review")

# Calls that run code or build arbitrary objects from data.
FORBIDDEN_CALLS = {
    "eval", "exec", "compile", "__import__", "execfile",
    "pickle.load", "pickle.loads", "marshal.load", "marshal.loads", "shelve.open",
    "yaml.load", "yaml.load_all", "yaml.unsafe_load", "yaml.full_load", "yaml.UnsafeLoader", "yaml.FullLoader",
    "os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput",
}
FORBIDDEN_IMPORTS = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "jinja2", "mako"}


def _sources() -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _offences(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name in FORBIDDEN_CALLS:
                yield node.lineno, f"calls {name}"
            for keyword in node.keywords:
                if keyword.arg == "shell" and not (isinstance(keyword.value, ast.Constant) and not keyword.value.value):
                    yield node.lineno, "runs a shell"
        elif isinstance(node, ast.Attribute) and _dotted(node) in FORBIDDEN_CALLS:
            yield node.lineno, f"uses {_dotted(node)}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in FORBIDDEN_IMPORTS:
                    yield node.lineno, f"imports {alias.name}"
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in FORBIDDEN_IMPORTS:
            yield node.lineno, f"imports from {node.module}"


def test_no_source_turns_data_into_code():
    offences = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in _sources()
        for line, what in _offences(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    ]
    assert offences == []


@pytest.mark.parametrize("source", [
    "x = eval(cell)",
    "exec(code)",
    "import pickle",
    "from marshal import loads",
    "yaml.load(text)",
    "subprocess.run(cmd, shell=True)",
    "os.system('ls')",
])
def test_the_scan_finds_each_kind_of_offence(source: str):
    assert list(_offences(ast.parse(source)))


def test_the_scan_passes_safe_calls():
    source = "yaml.safe_load(text)\nsubprocess.run(['git', 'show'], shell=False)\nparse_unary_tests(cell)\n"
    assert list(_offences(ast.parse(source))) == []


@pytest.mark.parametrize("cell", [
    "__import__('os').system('touch pwned')",
    "open('/etc/passwd').read()",
    "lambda: 1",
    "[x for x in ().__class__.__base__.__subclasses__()]",
    "=cmd|' /C calc'!A0",
    "${jndi:ldap://x/a}",
    "{{ 7*7 }}",
])
def test_code_in_a_cell_is_a_syntax_error(cell: str):
    with pytest.raises(FeelSyntaxError):
        parse_unary_tests(cell)
    with pytest.raises(FeelSyntaxError):
        parse_expression(cell)


def test_control_characters_from_data_are_escaped_in_errors():
    """An error is printed to a terminal: ESC, BEL and BS from a cell show as escapes."""
    error = WorkbookError("bad cell", location=Location("a.xlsx", "Rules", "C7"),
                          found="'\x1b[2J\x1b]0;title\x07\x08\x7f\x9b'")
    text = str(error)
    assert text == r"a.xlsx, sheet 'Rules', cell C7: bad cell: found '\x1b[2J\x1b]0;title\x07\x08\x7f\x9b'"
    assert text.isprintable()
