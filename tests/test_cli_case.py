"""``imr case new`` writes a skeleton that loads and decides; ``imr case check`` says what the tables still need."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from engine.cases.loader import load_case
from engine.compiler.rulebase import load_rulebase
from imr.cli import main

ROOT = Path(__file__).resolve().parents[1]
TABLES = str(ROOT / "tables")


def _run(*args: str):
    return CliRunner().invoke(main, [*args, "--tables", TABLES], catch_exceptions=False)


@pytest.fixture(scope="module")
def rulebase():
    loaded = load_rulebase([TABLES])
    yield loaded
    loaded.close()


def test_the_skeleton_lists_the_topics_facts_with_their_questions_and_parses(tmp_path, rulebase):
    out = tmp_path / "new" / "tens.yaml"  # the folder is created
    result = _run("case", "new", "--topic", "tens", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}: fill it in, then: imr case check {out}\n"
    text = out.read_text()
    case = load_case(out)  # it loads as written
    [item] = case.items
    assert item.topic == "tens"
    facts = yaml.safe_load(text)["items"][0]["facts"]
    assert "tens.modality" in facts and set(facts.values()) == {"not documented"}
    question = rulebase.facts["tens.modality"].question
    lines = text.splitlines()
    at = lines.index("      tens.modality: not documented")
    assert lines[at - 2] == f"      # {' '.join(question.split())}"
    assert "#   injury.days_since: from dates.injury and dates.ur_decision" in text  # derived: named, not asked
    decided = _run("decide", str(out), "--json")
    assert decided.exit_code == 0, decided.output
    assert json.loads(decided.stdout)["items"][0]["outcome"] == "Undecided"


def test_every_topic_gets_a_skeleton_that_decides(tmp_path, rulebase):
    from engine.cases.determination import determine_case, topics
    from engine.cases.skeleton import skeleton

    for topic in topics(rulebase):
        path = tmp_path / f"{topic}.yaml"
        path.write_text(skeleton(rulebase, topic))
        assert determine_case(rulebase, load_case(path), str(path)).items[0].error is None, topic


def test_filled_in_the_skeleton_decides(tmp_path):
    out = tmp_path / "acu.yaml"
    assert _run("case", "new", "--topic", "acupuncture", "--out", str(out)).exit_code == 0
    filled = out.read_text().replace('"the request as written"', '"Acupuncture 2 times a week for 3 weeks"')
    for fact, value in (("request.kind", "initial"), ("request.duplicate", "no"), ("request.prior_sessions", "0"),
                        ("acupuncture.medication_reduced_or_not_tolerated", "yes")):
        filled = filled.replace(f"{fact}: not documented", f"{fact}: {value}")
    out.write_text(filled)
    result = _run("decide", str(out))
    assert result.exit_code == 0, result.output
    assert "Acupuncture 2 times a week for 3 weeks: Overturned" in result.output


def test_an_unknown_topic_or_an_existing_file_is_one_line(tmp_path):
    result = _run("case", "new", "--topic", "acupunture")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == ("error: --topic: no table decides this topic: expected a topic whose "
                                     "acupunture.outcome a loaded table writes, found 'acupunture' "
                                     "(did you mean 'acupuncture'?)")
    (tmp_path / "x.yaml").write_text("keep")
    result = _run("case", "new", "--topic", "tens", "--out", str(tmp_path / "x.yaml"))
    assert result.exit_code == 2 and "the case file exists" in result.stderr and "--force" in result.stderr
    assert (tmp_path / "x.yaml").read_text() == "keep"


def test_check_lists_the_facts_that_would_change_each_outcome(tmp_path):
    out = tmp_path / "tens.yaml"
    _run("case", "new", "--topic", "tens", "--out", str(out))
    result = _run("case", "check", str(out))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Case CM00-0000000: 1 item, 1 undecided; 1 open fact, ")
    assert lines[1] == "items[0] the request as written (tens): Undecided"
    assert lines[2].startswith("  tens.modality (open): Which modality is requested")
    as_json = json.loads(_run("case", "check", str(out), "--json").stdout)
    assert as_json["open"] == 1
    [item] = as_json["items"]
    assert item["outcome"] == "Undecided"
    assert item["needs"][0] == {"fact": "tens.modality", "question": lines[2].split(": ", 1)[1], "open": True,
                                "taken_as": None}


def test_check_of_the_seed_case_shows_what_was_taken_by_absence():
    result = _run("case", "check", str(ROOT / "cases/seed.yaml"))
    assert result.exit_code == 0
    assert "items[0] Re-exam 1 x 4 weeks (office_visit): Overturned" in result.stdout
    assert "  request.primary_denied (taken as no): " in result.stdout


def test_check_of_a_bad_case_is_one_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("case: X-1\nitems: []\n")
    result = _run("case", "check", str(path))
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"error: {path}")
