"""The chaining graph of a set of workbooks, drawn for authors: which table decides which fact for which table.

Each table is a node, grouped by workbook; an edge ``A -> B`` labelled with a fact says
table A decides (outputs) that fact and table B reads it.  A determination
(``<topic>.outcome``) that no table reads points at the case ("the item").  The edges are
the ones ``imr validate`` checks (``engine.validation.chaining.Reads``, every edition
together).

The drawing is Graphviz's (the ``graphviz`` package writes the DOT source and runs the
``dot`` program, Debian's ``graphviz``).  Every name that goes into the DOT text is a
workbook's data: the package quotes and escapes it, and the labels are plain text (never
HTML-like labels), so a table name cannot add attributes, nodes or markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import ImrError, Location
from engine.model import DecisionTable, Workbook
from engine.validation.chaining import OUTCOME_SUFFIX, Reads

ITEM_NODE = "the item (its determination)"


class GraphError(ImrError, RuntimeError):
    """The graph cannot be drawn (Graphviz is not installed, or it failed)."""


@dataclass(frozen=True)
class Edge:
    producer: str  # the table deciding the fact
    reader: str  # the table reading it, or ITEM_NODE
    facts: tuple[str, ...]


@dataclass
class ChainGraph:
    """Tables by workbook and who decides what for whom."""

    tables: dict[str, list[str]] = field(default_factory=dict)  # workbook name -> table names
    descriptions: dict[str, str] = field(default_factory=dict)  # table -> its description, if any
    edges: list[Edge] = field(default_factory=list)

    @property
    def table_names(self) -> list[str]:
        return [name for names in self.tables.values() for name in names]


def chain_graph(workbooks: Sequence[Workbook]) -> ChainGraph:
    """The graph of these workbooks' tables (every edition of a table is one node)."""
    graph = ChainGraph()
    tables: list[DecisionTable] = []
    for workbook in workbooks:
        names = graph.tables.setdefault(Path(workbook.path).name, [])
        for table in workbook.tables:
            tables.append(table)
            if table.name not in names and table.name not in graph.table_names:
                names.append(table.name)
                if table.description:
                    graph.descriptions[table.name] = table.description
    reads = Reads.of(tables)
    links: dict[tuple[str, str], list[str]] = {}
    for fact, produced in sorted(reads.producers.items()):
        readers = sorted({table.name for table, _ in reads.read_at.get(fact, [])})
        for producer in sorted({table.name for table, _ in produced}):
            targets = [r for r in readers if r != producer]
            if not targets and fact.endswith(OUTCOME_SUFFIX):
                targets = [ITEM_NODE]
            for reader in targets:
                facts = links.setdefault((producer, reader), [])
                if fact not in facts:
                    facts.append(fact)
    graph.edges = [Edge(p, r, tuple(f)) for (p, r), f in sorted(links.items())]
    return graph


def dot_source(graph: ChainGraph) -> str:
    """The graph as DOT text (left to right, one cluster per workbook)."""
    import graphviz

    dot = graphviz.Digraph("chaining", graph_attr={"rankdir": "LR", "fontname": "Helvetica", "fontsize": "11"},
                           node_attr={"shape": "box", "style": "rounded", "fontname": "Helvetica", "fontsize": "10"},
                           edge_attr={"fontname": "Helvetica", "fontsize": "9", "color": "#555555"})
    for number, (workbook, names) in enumerate(graph.tables.items()):
        with dot.subgraph(name=f"cluster_{number}") as cluster:
            cluster.attr(label=workbook, style="rounded", color="#999999")
            for name in names:
                cluster.node(name, label=name, tooltip=graph.descriptions.get(name, name))
    if any(edge.reader == ITEM_NODE for edge in graph.edges):
        dot.node(ITEM_NODE, label=ITEM_NODE, shape="ellipse", style="filled", fillcolor="#eeeeee")
    for edge in graph.edges:
        dot.edge(edge.producer, edge.reader, label="\n".join(edge.facts))
    return dot.source


def render_svg(graph: ChainGraph, where: str = "imr tables graph") -> bytes:
    """The graph drawn as SVG by Graphviz's ``dot``; a one-line error when it is not installed."""
    import graphviz

    try:
        return graphviz.Source(dot_source(graph)).pipe(format="svg", quiet=True)  # layout warnings are not ours
    except graphviz.ExecutableNotFound:
        raise GraphError("Graphviz is not installed", location=Location(where),
                         expected="the dot program on PATH", found="none",
                         hint="apt-get install graphviz, or brew install graphviz") from None
    except graphviz.CalledProcessError as error:
        raise GraphError("Graphviz could not draw the graph", location=Location(where),
                         found=(error.stderr or b"").decode("utf-8", "replace").strip()[:200]) from None


def read_workbooks(paths: Iterable[Path]) -> list[Workbook]:
    """Every workbook of these files and folders, as the reader reads it."""
    from engine.compiler.rulebase import workbook_paths
    from engine.reader import read_workbook

    return [read_workbook(path) for path in workbook_paths(list(paths))]
