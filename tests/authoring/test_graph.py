"""``imr tables graph``: the chaining graph as SVG (Graphviz), every table named, who decides what for whom."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from defusedxml import ElementTree

from engine.authoring.graph import ITEM_NODE, Edge, chain_graph, dot_source, read_workbooks
from imr.cli import main

needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz's dot is not installed (apt-get install graphviz)")
SVG = "{http://www.w3.org/2000/svg}"


def test_the_graph_says_which_table_decides_which_fact_for_which(chain: Path):
    drawn = chain_graph(read_workbooks([chain]))
    assert drawn.tables == {"knee.xlsx": ["knee_determination"], "screen.xlsx": ["request_screen"]}
    assert drawn.edges == [Edge("knee_determination", ITEM_NODE, ("knee.outcome",)),
                           Edge("request_screen", "knee_determination", ("request.screen",))]
    source = dot_source(drawn)
    assert 'request_screen -> knee_determination [label="request.screen"]' in source
    assert f'knee_determination -> "{ITEM_NODE}" [label="knee.outcome"]' in source


@needs_dot
def test_the_svg_parses_as_xml_and_names_every_table(chain: Path, tmp_path: Path):
    out = tmp_path / "new" / "folder" / "chaining.svg"
    done = CliRunner().invoke(main, ["tables", "graph", str(chain), "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "2 tables, 2 links" in done.output
    root = ElementTree.parse(out).getroot()
    assert root.tag == f"{SVG}svg"
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert {"request_screen", "knee_determination", "knee.xlsx", "screen.xlsx", "request.screen",
            "knee.outcome", ITEM_NODE} <= texts


@needs_dot
def test_the_shipped_tables_draw_and_every_table_is_in_the_picture(tmp_path: Path):
    root_dir = Path(__file__).resolve().parents[2]
    out = tmp_path / "chaining.svg"
    done = CliRunner().invoke(main, ["tables", "graph", str(root_dir / "tables"), "--out", str(out)])
    assert done.exit_code == 0, done.output
    drawn = chain_graph(read_workbooks([root_dir / "tables"]))
    texts = {t.text for t in ElementTree.parse(out).getroot().iter(f"{SVG}text")}
    assert set(drawn.table_names) <= texts and len(drawn.table_names) > 20


def test_a_description_cannot_add_to_the_graph(chain: Path):
    drawn = chain_graph(read_workbooks([chain]))
    drawn.descriptions["request_screen"] = 'x"]; evil -> knee_determination [label="pwned'
    source = dot_source(drawn)
    assert "evil ->" not in source.replace('\\"]; evil ->', "")  # quoted inside the tooltip, not an edge
    if shutil.which("dot"):
        from engine.authoring.graph import render_svg

        root = ElementTree.fromstring(render_svg(drawn))
        titles = {t.text for t in root.iter(f"{SVG}title")}
        assert "evil" not in titles and "evil->knee_determination" not in titles


def test_dot_text_needs_no_graphviz_and_its_absence_is_one_line(chain: Path):
    done = CliRunner().invoke(main, ["tables", "graph", str(chain), "--dot"], env={"PATH": ""})
    assert done.exit_code == 0 and done.output.startswith("digraph chaining {")
    missing = CliRunner().invoke(main, ["tables", "graph", str(chain)], env={"PATH": ""})
    assert missing.exit_code == 2
    assert missing.output.strip().splitlines() == [
        "error: imr tables graph: Graphviz is not installed: expected the dot program on PATH, found none "
        "(apt-get install graphviz, or brew install graphviz)"]
