"""The imr command: output shapes and one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from imr.cli import main

ROOT = Path(__file__).resolve().parents[1]
TABLES = str(ROOT / "tables")


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _case(tmp_path: Path, text: str) -> str:
    path = tmp_path / "case.yaml"
    path.write_text(text)
    return str(path)


def test_text_report_of_the_seed_case():
    result = _run("decide", str(ROOT / "cases/seed.yaml"), "--tables", TABLES)
    assert result.exit_code == 0
    assert "Re-exam 1 x 4 weeks: Overturned" in result.output
    assert "citation: MTUS Acupuncture Medical Treatment Guidelines" in result.output


def test_undecided_item_lists_missing_facts_with_questions(tmp_path):
    case = _case(tmp_path, """
case: X-1
ur_decision_date: 2015-04-01
items:
  - item: Acupuncture x8
    decision: acupuncture.outcome
    facts: {acupuncture.request_type: extension, acupuncture.sessions_requested: 8,
            acupuncture.frequency_per_week: 2}
""")
    result = _run("decide", case, "--tables", TABLES, "--json")
    assert result.exit_code == 0
    [item] = json.loads(result.output)["items"]
    assert item["outcome"] == "Undecided"
    assert item["missing_facts"][0]["name"] == "acupuncture.functional_improvement"
    assert item["missing_facts"][0]["question"].endswith("?")
    text = _run("decide", case, "--tables", TABLES).output
    assert "missing: acupuncture.functional_improvement: Do the records document" in text


def _error(result) -> str:
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines() if hasattr(result, "stderr") else result.output.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    return lines[0]


def test_missing_case_file(tmp_path):
    line = _error(_run("decide", str(tmp_path / "none.yaml"), "--tables", TABLES))
    assert "none.yaml" in line and "no such case file" in line


def test_case_without_items_names_the_field(tmp_path):
    line = _error(_run("decide", _case(tmp_path, "case: X-1\n"), "--tables", TABLES))
    assert "case.yaml" in line and "field items" in line


def test_unknown_fact_in_a_case_names_the_item(tmp_path):
    case = _case(tmp_path, """
case: X-1
items:
  - item: Re-exam
    decision: reevaluation.outcome
    facts: {reevaluation.visits_requestd: 1}
""")
    line = _error(_run("decide", case, "--tables", TABLES))
    assert "items[0]" in line and "did you mean 'reevaluation.visits_requested'?" in line


def test_unknown_decision_fact_suggests(tmp_path):
    case = _case(tmp_path, "case: X-1\nitems:\n  - {item: Re-exam, decision: reevaluation.outcom}\n")
    line = _error(_run("decide", case, "--tables", TABLES))
    assert "field items[0].decision" in line and "did you mean 'reevaluation.outcome'?" in line


def test_yaml_that_constructs_objects_is_refused(tmp_path):
    case = _case(tmp_path, "case: !!python/object/apply:os.system ['true']\nitems: []\n")
    line = _error(_run("decide", case, "--tables", TABLES))
    assert "not valid YAML" in line


def test_no_workbooks(tmp_path):
    line = _error(_run("decide", str(ROOT / "cases/seed.yaml"), "--tables", str(tmp_path)))
    assert "no workbooks to load" in line
