"""A pytest plugin: every Tests row of a workbook is a test item (``pytest tables/``).

Registered as the ``imr_tables`` entry point of ``pytest11``, so it is active wherever
the package is installed; ``-p no:imr_tables`` turns it off.  docs/authoring.md has the
user's side.

Which workbooks are collected.  A workbook (``*.xlsx``, not an Excel ``~$`` lock file) is
collected when

- it is named on the command line (``pytest tables/acupuncture.xlsx``), or
- it sits *directly* in a folder named on the command line (``pytest drafts/``), or
- it sits directly in a configured tables folder: the ini option ``imr_tables``
  (folders, relative to the ini file; default ``tables``) or ``--imr-tables FOLDER``,
  and pytest walks into that folder (``pytest``, ``pytest .``).

Paths that come from ``testpaths`` do not count as named, so a plain ``pytest`` (or
``pytest tests/``) never collects the fixture workbooks under ``tests/``.

Each item is ``<workbook>::<test id>``.  Tables chain across workbooks, so the rule base
a workbook's examples run on is its whole folder, read and compiled once per session.
A workbook that does not read is one failing item ``<workbook>::read`` with the reader's
one-line error; when the folder's workbooks read but do not compile together, each
workbook is one failing item ``<workbook>::rulebase`` with the compiler's error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from engine.compiler.rulebase import Rulebase
    from engine.errors import ImrError
    from engine.model import Workbook, WorkbookTest

INI_FOLDERS = "imr_tables"
DEFAULT_FOLDERS = ("tables",)
MARKER = "imr_workbook"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("imr_tables", "IMR decision-table workbooks")
    group.addoption(
        "--imr-tables", action="append", default=[], metavar="FOLDER",
        help="Collect the Tests rows of the workbooks in FOLDER too (repeatable).",
    )
    parser.addini(
        INI_FOLDERS, type="args", default=list(DEFAULT_FOLDERS),
        help="Folders whose workbooks' Tests rows are collected (default: tables).",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: a worked example from a workbook's Tests sheet")
    config.stash[_STATE] = _State.from_config(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    state = config.stash.get(_STATE, None)
    if state is not None:
        state.close()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix.lower() != ".xlsx" or file_path.name.startswith("~$"):
        return None
    state = parent.config.stash.get(_STATE, None)
    if state is None or not state.wanted(file_path):
        return None
    return WorkbookFile.from_parent(parent, path=file_path)


def pytest_report_collectionfinish(config: pytest.Config) -> list[str]:
    state = config.stash.get(_STATE, None)
    return state.summary() if state is not None else []


# --- what a session has loaded ----------------------------------------------------------


@dataclass
class _Folder:
    """One folder's workbooks (or the error reading each) and their rule base."""

    path: Path
    workbooks: dict[Path, Workbook | ImrError]
    rulebase: Rulebase | None = None
    error: ImrError | None = None

    @classmethod
    def load(cls, folder: Path, display: Path) -> _Folder:
        from engine.cache import read_workbook_cached
        from engine.compiler.rulebase import compile_rulebase
        from engine.errors import ImrError

        loaded = cls(folder, {})
        for path in sorted(folder.glob("*.xlsx")):
            if path.name.startswith("~$"):
                continue
            try:
                loaded.workbooks[path] = read_workbook_cached(path, _shown(path, display))
            except ImrError as error:
                loaded.workbooks[path] = error
        good = [wb for wb in loaded.workbooks.values() if not isinstance(wb, ImrError)]
        if good:
            try:
                loaded.rulebase = compile_rulebase(good)
            except ImrError as error:
                loaded.error = error
        return loaded


def _shown(path: Path, base: Path) -> str:
    """The path as the user would type it: relative to where pytest was started."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


@dataclass
class _State:
    invocation_dir: Path
    folders: set[Path]  # workbooks directly inside are collected
    files: set[Path]  # workbooks named on the command line
    loaded: dict[Path, _Folder] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config: pytest.Config) -> _State:
        here = config.invocation_params.dir
        base = config.inipath.parent if config.inipath is not None else config.rootpath
        folders = {(base / f).resolve() for f in config.getini(INI_FOLDERS)}
        folders |= {(here / f).resolve() for f in config.getoption("imr_tables") or []}
        files: set[Path] = set()
        if config.args_source == pytest.Config.ArgsSource.ARGS:
            for arg in config.args:
                path = (here / arg.split("::")[0]).resolve()
                if path.is_dir():
                    folders.add(path)
                elif path.suffix.lower() == ".xlsx":
                    files.add(path)
        return cls(here, folders, files)

    def wanted(self, path: Path) -> bool:
        path = path.resolve()
        return path in self.files or path.parent in self.folders

    def folder(self, path: Path) -> _Folder:
        folder = path.resolve().parent
        if folder not in self.loaded:
            self.loaded[folder] = _Folder.load(folder, self.invocation_dir)
        return self.loaded[folder]

    def summary(self) -> list[str]:
        lines = []
        for folder in self.loaded.values():
            examples = sum(len(wb.tests) for wb in folder.workbooks.values() if not isinstance(wb, Exception))
            shown = _shown(folder.path, self.invocation_dir) or "."
            books = len(folder.workbooks)
            lines.append(f"imr tables: {shown}/ ({books} workbook{'s' * (books != 1)}, {examples} worked examples)")
        return lines

    def close(self) -> None:
        for folder in self.loaded.values():
            if folder.rulebase is not None:
                folder.rulebase.close()


_STATE = pytest.StashKey[_State]()


# --- collectors and items ---------------------------------------------------------------


class WorkbookFile(pytest.File):
    """One workbook: an item per Tests row, or one failing item when it cannot run."""

    def collect(self) -> Iterator[pytest.Item]:
        from engine.errors import ImrError

        folder = self.config.stash[_STATE].folder(self.path)
        workbook = folder.workbooks.get(self.path.resolve())
        if workbook is None:  # the file appeared after the folder was read
            return
        if isinstance(workbook, ImrError):
            yield WorkbookProblem.from_parent(self, name="read", error=workbook)
            return
        if folder.error is not None or folder.rulebase is None:
            yield WorkbookProblem.from_parent(self, name="rulebase", error=folder.error)
            return
        ids = [t.id for t in workbook.tests]
        for test in workbook.tests:
            name = test.id if ids.count(test.id) == 1 else f"{test.id}[row{test.row}]"
            item = WorkbookExample.from_parent(self, name=name, workbook=workbook, test=test)
            item.add_marker(MARKER)
            yield item


class ExampleFailed(Exception):
    """A worked example whose results differ from the Tests row (one line per cell)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class WorkbookExample(pytest.Item):
    """One Tests row, run on the rule base of the workbook's folder."""

    def __init__(self, *, workbook: Workbook, test: WorkbookTest, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.workbook = workbook
        self.test = test

    def runtest(self) -> None:
        from engine.runtime.worked_examples import run_example

        rulebase = self.config.stash[_STATE].folder(self.path).rulebase
        assert rulebase is not None  # collect() yields no example without one
        outcome = run_example(rulebase, self.workbook, self.test)
        if outcome.failures:
            raise ExampleFailed(outcome.failures)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ExampleFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int, str]:
        # Not a suffix of the node id: pytest would print its dots as "::".
        return self.path, self.test.row - 1, f"{self.name} (sheet 'Tests', row {self.test.row})"


class WorkbookProblem(pytest.Item):
    """A workbook that cannot run: it does not read, or its folder does not compile."""

    def __init__(self, *, error: ImrError | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        raise ExampleFailed([str(self.error) if self.error is not None else "no workbook of the folder reads"])

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return str(excinfo.value)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.name} ({self.path.name})"
