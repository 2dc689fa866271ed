"""``imr tables html``: one page per workbook for clinicians; every cell shown as written (escaped)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner
from conftest import KNEE, write_chain

from engine.authoring.spec import RuleSpec
from imr.cli import main

HOSTILE = RuleSpec(inputs=('"reviewable"', "> 6", "-"), outputs=('"Upheld"',),
                   citation="<script>alert('citation')</script>",
                   rationale='{{ 7*7 }} and "><img src=x onerror=alert(1)>',
                   annotation="</td></tr></table><script>alert('note')</script>")


class Tags(HTMLParser):
    """Every start tag and its attributes, to show what a browser would build."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def page_of(tmp_path: Path, *extra: RuleSpec) -> str:
    table = KNEE.tables[0].model_copy(update={"rules": (*KNEE.tables[0].rules, *extra)})
    knee = write_chain(tmp_path / "tables", KNEE.model_copy(update={"tables": (table,)}))
    out = tmp_path / "pages" / "knee.html"
    done = CliRunner().invoke(main, ["tables", "html", str(knee), "--out", str(out)])
    assert done.exit_code == 0, done.output
    return out.read_text(encoding="utf-8")


def test_the_page_shows_the_tables_rows_citations_and_worked_examples(tmp_path: Path):
    page = page_of(tmp_path)
    assert "<h1>Demo knee guideline</h1>" in page
    assert '<h2 id="table-knee_determination">knee_determination</h2>' in page
    assert "How the rows combine: <b>the first matching row decides</b>" in page
    assert "<td>Knee 2(b)</td><td>{knee.sessions} sessions are within the trial.</td>" in page
    assert '<td class="any">any</td>' in page  # a "-" cell
    assert "How many sessions?" in page  # the facts by their question
    for example in ("K1", "K2", "K3"):
        assert f"<tr><td>{example}</td><td>2016-01-01</td>" in page
    assert "past the trial, no improvement" in page


def test_a_cell_with_script_is_escaped(tmp_path: Path):
    page = page_of(tmp_path, HOSTILE)
    assert "&lt;script&gt;alert(&#x27;citation&#x27;)&lt;/script&gt;" in page
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;" in page
    assert "{{ 7*7 }} and &quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page  # no template ran
    parsed = Tags()
    parsed.feed(page)
    tags = {tag for tag, _ in parsed.tags}
    assert "script" not in tags and "img" not in tags
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name, _ in attrs)
    assert "default-src 'none'" in page  # and the browser would run no script anyway


def test_a_workbook_that_does_not_read_is_one_line(tmp_path: Path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    done = CliRunner().invoke(main, ["tables", "html", str(bad)])
    assert done.exit_code == 2 and len(done.output.strip().splitlines()) == 1
    assert done.output.startswith(f"error: {bad}")
