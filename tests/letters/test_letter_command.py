"""``imr letter``: the seed case reads like the seed letter; decisions, formats, one-line errors."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pypdf
import yaml
from click.testing import CliRunner

from imr.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = str(ROOT / "cases/seed.yaml")
TABLES = str(ROOT / "tables")
REVIEWER = str(ROOT / "reviewers/example.yaml")
REEXAM = "Re-exam 1 x 4 weeks"
ACUPUNCTURE = ("Acupuncture, acux 15 mins, infrared therapy, limited exam 2 times a week for 4 weeks "
               "(additional 8 acupuncture sessions)")


def _run(*args: str):
    return CliRunner().invoke(main, ["letter", *args, "--tables", TABLES, "--date", "2015-05-01"],
                              catch_exceptions=False)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    return lines[0]


def _in_order(text: str, parts: list[str]) -> None:
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} missing or out of order"
        at = found + len(part)


def test_the_seed_case_reads_like_the_seed_letter():
    result = _run(SEED, "--format", "txt", "--reviewer", REVIEWER)
    assert result.exit_code == 0, result.output
    text = _flat(result.stdout)
    _in_order(text, [
        "Case Number: CM15-0000001", "Date of Injury: 07/23/2012", "Decision Date: 05/01/2015",
        "UR Denial Date: 04/01/2015", "Application Received: 04/14/2015",
        "HOW THE IMR FINAL DETERMINATION WAS MADE", "no affiliation with the employer",
        "more than five years", "at least 24 hours a week", "strength-of-evidence hierarchy",
        "State(s) of Licensure: California", "Certification(s)/Specialty: Preventive Medicine, Occupational Medicine",
        "CLINICAL CASE SUMMARY", "This 37-year-old woman was hurt at work on 7/23/12",
        "IMR ISSUES, DECISIONS AND RATIONALES",
        f"{REEXAM}: Overturned (proposed)",
        "Claims Administrator guideline: Decision based on Non-MTUS: Official Disability Guidelines (ODG)",
        "Example Review Services guideline: Decision based on MTUS ACOEM",
        "Chapter 5 Cornerstones of Disability Prevention and Management",
        "Decision rationale:", f"Therefore, the request for {REEXAM} is medically necessary.",
        f"{ACUPUNCTURE}: Overturned (proposed)",
        "Claims Administrator guideline: Decision based on MTUS Acupuncture Medical Treatment Guidelines.",
        "Example Review Services guideline: Decision based on MTUS Acupuncture Medical Treatment Guidelines",
        "Decision rationale:", "functional improvement",
        f"Therefore, the request for {ACUPUNCTURE} is medically necessary.",
    ])
    assert "NOT FINAL" not in text and "Upheld" not in text
    # the shared conventions (request screen, injury phase) are not cited as medical evidence
    assert "Labor Code 4610.5" not in text


def test_a_recorded_decision_overrides_the_proposed_one(tmp_path):
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps([{
        "item": 1, "outcome": "Upheld", "reviewer": "dr-a", "recorded_at": "2015-04-30T09:00:00",
        "reason": "The progress notes credit the mattress, not acupuncture, with the better function.",
    }]))
    text = _flat(_run(SEED, "--reviewer", REVIEWER, "--decisions", str(decisions)).stdout)
    assert f"{REEXAM}: Overturned (proposed)" in text
    assert f"{ACUPUNCTURE}: Upheld " in text and f"{ACUPUNCTURE}: Upheld (proposed)" not in text
    assert "the mattress, not acupuncture" in text
    assert f"Therefore, the request for {ACUPUNCTURE} is not medically necessary." in text
    assert "Decision recorded by" not in text and "dr-a" not in text  # the audit trail keeps who and when


def _undecided_case(tmp_path: Path) -> str:
    """The seed with a second item whose records must document what they do not: a manipulation's region."""
    data = yaml.safe_load(Path(SEED).read_text())
    data["items"][1] = {"request": "Chiropractic manipulation 2 times a week for 2 weeks", "topic": "chiropractic",
                        "ur": {"decision": "denied"}}
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


def test_an_undecided_item_asks_its_questions_and_the_letter_is_not_final(tmp_path):
    result = _run(_undecided_case(tmp_path), "--format", "md")
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith("# Independent Medical Review Final Determination (not final)\n")
    assert "> **NOT FINAL: 1 disputed item is undecided" in md
    assert "Overturned (proposed)" in md and ": Undecided\n" in md
    assert "\nQuestions the records must answer:\n\n- " in md
    questions = [line for line in md.splitlines() if line.startswith("- ")]
    assert questions and all(q.rstrip().endswith("?") for q in questions)


def test_pdf_is_written_into_the_chosen_folder_with_extractable_text(tmp_path):
    result = _run(SEED, "--format", "pdf", "--out", str(tmp_path), "--reviewer", REVIEWER)
    assert result.exit_code == 0, result.output
    path = tmp_path / "CM15-0000001-letter.pdf"
    assert result.stdout.strip() == f"wrote {path.resolve()}"
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    text = _flat("\n".join(page.extract_text() for page in reader.pages))
    _in_order(text, ["HOW THE IMR FINAL DETERMINATION WAS MADE", "CLINICAL CASE SUMMARY",
                     "IMR ISSUES, DECISIONS AND RATIONALES", f"{REEXAM}: Overturned (proposed)",
                     "Chapter 5 Cornerstones of Disability Prevention and Management",
                     f"{ACUPUNCTURE}: Overturned (proposed)", "MTUS Acupuncture Medical Treatment Guidelines"])
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_out_file_and_not_final_message(tmp_path):
    out = tmp_path / "draft.txt"
    result = _run(_undecided_case(tmp_path), "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout.strip() == f"wrote {out.resolve()} (NOT FINAL: undecided items)"
    assert "NOT FINAL" in out.read_text()


def test_without_a_profile_the_credentials_say_not_recorded():
    text = _flat(_run(SEED).stdout)
    assert "State(s) of Licensure: not recorded (no reviewer profile given)" in text
    assert "Expert Reviewer guideline: Decision based on" in text


def test_a_bad_reviewer_profile_is_one_line_naming_file_and_field(tmp_path):
    profile = tmp_path / "dr.yaml"
    profile.write_text("organization: X\nlicensure: []\ncertifications: [Chiropractic]\n")
    line = _error(_run(SEED, "--reviewer", str(profile)))
    assert line.startswith(f"error: {profile}, field licensure: ")


def test_a_bad_decisions_file_is_one_line(tmp_path):
    decisions = tmp_path / "d.json"
    decisions.write_text('[{"item": 5, "outcome": "Upheld", "reason": "r", "reviewer": "a", '
                         '"recorded_at": "2015-05-01T00:00:00"}]')
    line = _error(_run(SEED, "--decisions", str(decisions)))
    assert f"{decisions}, field [0].item: no such disputed item" in line


def test_a_pdf_needs_out():
    line = _error(_run(SEED, "--format", "pdf"))
    assert "--out" in line


def test_out_in_a_missing_folder_creates_it(tmp_path):
    result = _run(SEED, "--out", str(tmp_path / "missing" / "x.txt"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "missing" / "x.txt").read_text().startswith("Independent Medical Review")
    result = _run(SEED, "--out", str(tmp_path / "new-folder"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new-folder" / "CM15-0000001-letter.txt").is_file()


def test_out_under_a_file_is_one_line(tmp_path):
    (tmp_path / "plain").write_text("x")
    line = _error(_run(SEED, "--out", str(tmp_path / "plain" / "x.txt")))
    assert "cannot create the output folder" in line and "plain" in line


def test_a_bad_case_file_is_one_line(tmp_path):
    line = _error(_run(str(tmp_path / "none.yaml")))
    assert "none.yaml" in line and "no such case file" in line


def test_a_case_number_that_would_leave_the_folder_is_refused(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(Path(SEED).read_text().replace("case: CM15-0000001", "case: ../escaped"))
    out = tmp_path / "out"
    out.mkdir()
    line = _error(_run(str(case), "--out", str(out)))
    assert line == f"error: {case}, field case: expected a case number of at most 64 letters, digits, '-', '_' " \
        "and '.', such as CM15-0000001, found '../escaped'"
    assert list(out.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml", "out"]


def test_a_symbolic_link_in_the_out_folder_is_refused(tmp_path):
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "CM15-0000001-letter.txt").symlink_to(outside / "stolen.txt")
    line = _error(_run(SEED, "--out", str(out)))
    assert line.startswith(f"error: {out / 'CM15-0000001-letter.txt'}: refusing to write outside the chosen folder")
    assert list(outside.iterdir()) == []


def test_a_decision_made_on_another_proposal_makes_the_letter_not_final(tmp_path):
    """Acupuncture accepted as Upheld (on facts edited in the review); the case file proposes Overturned."""
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps([
        {"item": 0, "outcome": "Overturned", "reason": "Agreed.", "reviewer": "dr-a",
         "recorded_at": "2015-04-30T09:00:00", "proposed": "Overturned"},
        {"item": 1, "outcome": "Upheld", "reviewer": "dr-a", "recorded_at": "2015-04-30T09:05:00",
         "reason": "The expert reviewer has reviewed the records and agrees with the determination above.",
         "proposed": "Upheld"}]))
    out = tmp_path / "letter.txt"
    result = _run(SEED, "--decisions", str(decisions), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"wrote {out.resolve()} (NOT FINAL: decisions to re-confirm on item 2)"
    text = _flat(out.read_text())
    assert text.startswith("Independent Medical Review Final Determination (not final)")
    assert f"NOT FINAL: the decision on item 2 ({ACUPUNCTURE}) was made on facts that have changed since" in text
    assert f"{ACUPUNCTURE}: Overturned (proposed; the recorded decision is to be re-confirmed)" in text
    assert "The reviewer recorded Upheld on 2015-04-30 09:05" in text
    assert "agrees with the determination above" not in text.split(ACUPUNCTURE + ": ", 1)[1]
    # re-confirmed on the current proposal: final
    data = json.loads(decisions.read_text())
    data[1].update(outcome="Overturned", proposed="Overturned")
    decisions.write_text(json.dumps(data))
    result = _run(SEED, "--decisions", str(decisions), "--out", str(out))
    assert result.stdout.strip() == f"wrote {out.resolve()}"
    item = _flat(out.read_text()).split(f"{ACUPUNCTURE}: Overturned", 1)[1]
    rationale = item.split("Decision rationale:", 1)[1]
    assert rationale.index("agrees with the determination above") > 40  # the rows' sentences come first


def test_json_reports_the_file_written(tmp_path):
    result = _run(SEED, "--out", str(tmp_path / "out") + "/", "--json", "--as", "dr-json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["file"] == str((tmp_path / "out" / "CM15-0000001-letter.txt").resolve())
    assert (report["case"], report["format"], report["final"], report["not_final_reason"]) == (
        "CM15-0000001", "txt", True, None)
    assert [w.split(":")[0] for w in report["warnings"]] == ["no reviewer profile for dr-json"]
    assert result.stderr == ""
    line = _error(_run(SEED, "--json"))
    assert line == ("error: --json reports the file written: expected --out FOLDER or --out FILE, found no --out "
                    "(the letter itself goes to standard output)")


def test_an_item_serving_a_surgery_says_in_the_letter_how_it_follows_it(tmp_path):
    """The chained determination: the post-operative item names the surgery and its outcome first."""
    from tests.cases.conftest import MINIMAL

    served = ("  - request: Post-operative physical therapy 2 times a week for 4 weeks\n"
              "    topic: physical_therapy\n"
              "    ur: {decision: denied}\n"
              "    primary: {procedure: the first item, item: 1}\n")
    path = tmp_path / "case.yaml"
    path.write_text(MINIMAL + "      request.functional_improvement: no\n" + served)
    result = _run(str(path))
    assert result.exit_code == 0, result.output
    text = _flat(result.output)
    rationale = text.split("Post-operative physical therapy 2 times a week for 4 weeks: Upheld", 1)[1]
    assert "Decision rationale: This item serves item 1 (the first item), found not medically necessary above;" \
        in rationale
    assert "Physical therapy 2 times a week for 4 weeks: Upheld" in text
