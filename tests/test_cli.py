"""The imr command: output shapes and one-line errors for bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from imr.cli import main

ROOT = Path(__file__).resolve().parents[1]
TABLES = str(ROOT / "tables")

HEAD = """
case: X-1
dates: {injury: 2014-01-10, ur_decision: 2015-04-01, imr_application: 2015-04-20}
claimant: {age: 45, sex: male}
diagnoses: [lumbar strain]
clinical_summary: Low back pain after lifting.
"""


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _case(tmp_path: Path, text: str, name: str = "case.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_text_report_of_the_seed_case():
    result = _run("decide", str(ROOT / "cases/seed.yaml"), "--tables", TABLES)
    assert result.exit_code == 0
    assert "Case CM15-0000001 (as of 2015-04-01)" in result.output
    assert "Re-exam 1 x 4 weeks: Overturned" in result.output
    assert "(additional 8 acupuncture sessions): Overturned" in result.output
    assert "citation: MTUS Acupuncture Medical Treatment Guidelines" in result.output


def test_undecided_item_lists_missing_facts_with_questions(tmp_path):
    # the region of a manipulation must be documented: its absence rule leaves the item open
    case = _case(tmp_path, HEAD + """
items:
  - request: Chiropractic manipulation 2 times a week for 2 weeks
    topic: chiropractic
    ur: {decision: denied}
    facts: {request.duplicate: no}
""")
    result = _run("decide", case, "--tables", TABLES, "--json")
    assert result.exit_code == 0
    [item] = json.loads(result.output)["items"]
    assert item["outcome"] == "Undecided"
    assert item["missing_facts"][0]["name"] == "chiropractic.region"
    assert not item["missing_facts"][0]["assumed"]
    assert item["missing_facts"][0]["question"].endswith("?")
    assert item["derived_facts"]["request.quantity"] == 4
    text = _run("decide", case, "--tables", TABLES).output
    assert "missing: chiropractic.region: Which body region" in text
    assert "missing: request.primary_denied (not documented, taken as no): " in text


def test_partial_approval_decides_the_remainder(tmp_path):
    case = _case(tmp_path, HEAD + """
items:
  - request: Acupuncture x12
    topic: acupuncture
    ur: {decision: modified, approved_quantity: 6, approved: acupuncture x6}
    facts: {request.kind: initial, request.duplicate: no, acupuncture.adjunct_to_rehabilitation: yes}
""")
    [item] = json.loads(_run("decide", case, "--tables", TABLES, "--json").output)["items"]
    assert item["quantities"] == {
        "requested": 12, "requested_low": 12, "approved": 6, "disputed": 6,
        "per_week": None, "weeks": None, "source": "request text",
    }
    assert item["derived_facts"]["request.quantity"] == 6
    text = _run("decide", case, "--tables", TABLES).output
    assert "UR approved 6 of 12; in dispute: 6" in text


def test_unreadable_request_warns_and_is_upheld_as_unspecified(tmp_path):
    case = _case(tmp_path, HEAD + """
items:
  - request: Acupuncture for the low back
    topic: acupuncture
    ur: {decision: denied}
    facts: {request.duplicate: no}
""")
    text = _run("decide", case, "--tables", TABLES).output
    assert "warning: no quantity could be read from 'Acupuncture for the low back'" in text
    assert "Acupuncture for the low back: Upheld" in text


def test_a_folder_gives_a_line_per_item_or_a_json_list(tmp_path):
    shutil.copy(ROOT / "cases/seed.yaml", tmp_path / "seed.yaml")
    _case(tmp_path, HEAD + "items:\n  - {request: Re-exam, topic: office_visit, quantity: 1, ur: {decision: denied},"
          " facts: {office_visit.symptoms_persist: no}}\n", "other.yml")
    (tmp_path / "notes.txt").write_text("not a case")
    result = _run("decide", str(tmp_path), "--tables", TABLES)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == f"{tmp_path / 'other.yml'}: X-1: Re-exam: Upheld"
    assert lines[1] == f"{tmp_path / 'seed.yaml'}: CM15-0000001: Re-exam 1 x 4 weeks: Overturned"
    assert len(lines) == 3
    payload = json.loads(_run("decide", str(tmp_path), "--tables", TABLES, "--json").output)
    assert [c["case"] for c in payload] == ["X-1", "CM15-0000001"]


def test_a_bad_file_in_a_folder_is_reported_and_the_rest_decided(tmp_path):
    shutil.copy(ROOT / "cases/seed.yaml", tmp_path / "seed.yaml")
    _case(tmp_path, "case: X-2\n", "bad.yaml")
    result = _run("decide", str(tmp_path), "--tables", TABLES)
    assert result.exit_code == 2
    assert "bad.yaml, field clinical_summary: missing" in result.stderr
    assert "CM15-0000001: Re-exam 1 x 4 weeks: Overturned" in result.stdout
    as_json = _run("decide", str(tmp_path), "--tables", TABLES, "--json")
    assert as_json.exit_code == 2
    broken, seed = json.loads(as_json.stdout)  # in file order, the broken case with its error
    assert broken == {"file": str(tmp_path / "bad.yaml"), "case": None,
                      "error": as_json.stderr.splitlines()[0].removeprefix("error: ")}
    assert "field clinical_summary: missing" in broken["error"]
    assert seed["case"] == "CM15-0000001"


def _error(result) -> str:
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    return lines[0]


def test_empty_folder(tmp_path):
    line = _error(_run("decide", str(tmp_path), "--tables", TABLES))
    assert "no case files in the folder" in line


def test_missing_case_file(tmp_path):
    line = _error(_run("decide", str(tmp_path / "none.yaml"), "--tables", TABLES))
    assert "none.yaml" in line and "no such case file" in line


def test_case_without_items_names_the_field(tmp_path):
    line = _error(_run("decide", _case(tmp_path, HEAD), "--tables", TABLES))
    assert line == f"error: {tmp_path / 'case.yaml'}, field items: missing: expected a value for this required field"


def test_unknown_fact_in_a_case_names_the_item(tmp_path):
    case = _case(tmp_path, HEAD + """
items:
  - request: Re-exam
    topic: office_visit
    ur: {decision: denied}
    facts: {office_visit.symptom_persist: yes}
""")
    line = _error(_run("decide", case, "--tables", TABLES))
    assert "field items[0].facts.office_visit.symptom_persist: unknown fact" in line
    assert "did you mean 'office_visit.symptoms_persist'?" in line


def test_fact_of_the_wrong_type_for_the_glossary(tmp_path):
    case = _case(tmp_path, HEAD + """
items:
  - request: Re-exam
    topic: office_visit
    ur: {decision: denied}
    facts: {office_visit.symptoms_persist: sometimes}
""")
    line = _error(_run("decide", case, "--tables", TABLES))
    assert line.endswith("field items[0].facts.office_visit.symptoms_persist: "
                         "expected yes, no or 'not documented', found 'sometimes'")


def test_unknown_topic_suggests(tmp_path):
    case = _case(tmp_path, HEAD + "items:\n  - {request: Re-exam, topic: office_visits, ur: {decision: denied}}\n")
    line = _error(_run("decide", case, "--tables", TABLES))
    assert "field items[0].topic: no table decides this topic" in line
    assert "did you mean 'office_visit'?" in line


def test_yaml_that_constructs_objects_is_refused(tmp_path):
    case = _case(tmp_path, "case: !!python/object/apply:os.system ['true']\nitems: []\n")
    line = _error(_run("decide", case, "--tables", TABLES))
    assert "not valid YAML" in line


def test_no_workbooks(tmp_path):
    line = _error(_run("decide", str(ROOT / "cases/seed.yaml"), "--tables", str(tmp_path)))
    assert "no workbooks to load" in line


def test_a_case_without_a_ur_date_says_which_date_it_is_decided_as_of(tmp_path):
    case = _case(tmp_path, """
case: X-9
dates: {imr_application: 2015-04-20}
clinical_summary: Low back pain after lifting.
items:
  - request: Chiropractic manipulation 2 times a week for 2 weeks, low back
    topic: chiropractic
    ur: {decision: denied}
""")
    text = _run("decide", case, "--tables", TABLES).output
    assert "Case X-9 (as of 2015-04-20: the records give no UR decision date, so the IMR application date)" in text
    payload = json.loads(_run("decide", case, "--tables", TABLES, "--json").output)
    assert payload["as_of_basis"] == "IMR application"


def _commands(group, prefix=()):
    import click

    ctx = click.Context(group)
    names = group.list_commands(ctx)  # the lazy group loads every command module for this
    assert prefix or len(names) >= 10, names
    for name in sorted(names):
        command = group.get_command(ctx, name)
        if command.callback is not None and command.callback.__module__ == "imr.commands.team":
            continue  # the review team's commands (imr/commands/team.py) document their own
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_help_ends_with_two_or_three_examples():
    for path, _ in [((), main), *_commands(main)]:
        result = _run(*path, "--help")
        assert result.exit_code == 0, path
        lines = result.output.rstrip().splitlines()
        start = max(i for i, line in enumerate(lines) if line.strip() == "Examples:")
        examples = [line.strip() for line in lines[start + 1:] if line.strip()]
        assert 2 <= len(examples) <= 3, (path, examples)
        assert all(e.startswith(("imr ", "git ", "eval ")) for e in examples), (path, examples)


def test_json_on_every_command_that_reports():
    reporting = [("decide",), ("validate",), ("backtest",), ("import",), ("decisions",), ("tables", "diff"),
                 ("letter",), ("case", "check")]
    for path in reporting:
        assert "--json" in _run(*path, "--help").output, path


def test_shell_completion_is_click_s_own():
    import os
    import subprocess
    import sys

    code = "from imr.cli import main; main(prog_name='imr')"
    script = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "_IMR_COMPLETE": "bash_source"}, check=False)
    assert "_imr_completion" in script.stdout and "complete " in script.stdout
    readme = (ROOT / "README.md").read_text()
    assert '_IMR_COMPLETE=bash_source imr' in readme


def test_explain_shows_every_row_of_each_items_tables_and_json_carries_it_only_when_asked():
    seed = str(ROOT / "cases/seed.yaml")
    plain = _run("decide", seed, "--tables", TABLES)
    assert "why, row by row" not in plain.output
    explained = _run("decide", seed, "--tables", TABLES, "--explain")
    assert explained.exit_code == 0
    lines = explained.output.splitlines()
    added = ("  why, row by row:", "    table ", "      rule ")
    assert [line for line in lines if not line.startswith(added)] == plain.output.splitlines()
    start = lines.index("  why, row by row:")
    assert lines[start + 1].startswith("    table office_visit_determination (tables/office_visits.xlsx")
    rows = [line for line in lines[start + 2:] if line.startswith("      rule ")][:9]
    assert len(rows) == 9 and sum("fired, chosen" in line for line in rows) == 1
    assert any("not fired: office_visit_determination!C9: request.quantity = 1 fails > 1" in line for line in rows)

    as_json = json.loads(_run("decide", seed, "--tables", TABLES, "--json").output)
    assert all("explanation" not in item for item in as_json["items"])
    with_rows = json.loads(_run("decide", seed, "--tables", TABLES, "--json", "--explain").output)
    first = with_rows["items"][0]["explanation"][0]
    assert first["table"] == "office_visit_determination" and len(first["rows"]) == 9
    assert {row["state"] for row in first["rows"]} == {"fired", "not fired"}
