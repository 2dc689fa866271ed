"""The reviewer's session: every action stored as made, visible after a restart, refused when wrong."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from review_fixtures import ACUPUNCTURE, FLIP_FACT, ROOT, SEED, THREE_ITEMS, UNDECIDED_CASE

from engine.cases.determination import determine_case
from engine.cases.loader import case_files, load_case
from letters import build_letter, render
from letters.source import letter_case
from review import ReviewError, ReviewSession, SqliteReviewStore, case_statuses
from review.session import ACCEPT_REASON


def test_a_new_session_proposes_every_item_and_has_not_resumed(open_session):
    session = open_session()
    assert not session.resumed
    assert str(session.resume) == "new review"
    assert [item.proposed.outcome for item in session.items()] == ["Overturned", "Overturned"]
    assert str(session.progress()) == "0 of 2 decided"
    assert not session.all_decided()


def test_every_action_is_visible_after_reopening_from_a_new_store(open_session):
    first = open_session()
    first.accept(0)
    first.override(ACUPUNCTURE, "Upheld", "The notes credit the new mattress, not acupuncture.")
    first.note(0, "Ask for the re-exam findings.")
    first.edit_fact(ACUPUNCTURE, "acupuncture.adjunct_to_rehabilitation", "yes")
    first.store.close()

    again = open_session()
    assert again.resumed
    assert (again.resume.decisions, again.resume.fact_edits, again.resume.notes, again.resume.entries) == (2, 1, 1, 4)
    office, acupuncture = again.items()
    assert office.decision is not None and office.decision.kind == "decision"
    assert office.decision.outcome == "Overturned" and office.decision.reviewer == "dr-a"
    assert [n.text for n in office.notes] == ["Ask for the re-exam findings."]
    assert acupuncture.decision is not None and acupuncture.decision.kind == "override"
    assert acupuncture.decision.outcome == "Upheld"
    assert acupuncture.decision.reason == "The notes credit the new mattress, not acupuncture."
    edited = next(f for f in acupuncture.facts if f.name == "acupuncture.adjunct_to_rehabilitation")
    assert edited.documented and edited.value is True and edited.shown == "yes"
    assert edited.edited and edited.source.startswith("edited by dr-a at ")
    assert str(again.progress()) == "2 of 2 decided" and again.all_decided()


def test_facts_show_value_and_source(open_session):
    facts = {f.name: f for f in open_session().item(ACUPUNCTURE).facts}
    assert facts["request.kind"].shown == "extension" and facts["request.kind"].source == "case file"
    assert facts["request.quantity"].value == 8 and facts["request.quantity"].source == "derived from the case file"
    missing = facts["acupuncture.adjunct_to_rehabilitation"]
    assert not missing.documented and missing.shown == "not documented: taken as no"
    assert missing.source.startswith("not in the case file; absence rule (") and missing.question
    assert not any(name.endswith(".outcome") for name in facts)  # facts the tables work out are not listed


def test_override_without_a_reason_is_refused_and_nothing_is_stored(open_session):
    session = open_session()
    for reason in ("", "   ", None):
        with pytest.raises(ReviewError) as caught:
            session.override(0, "Upheld", reason)  # type: ignore[arg-type]
        message = str(caught.value)
        assert "\n" not in message
        assert message == (f"{SEED}, field items[0]: an override needs a reason: "
                           "expected the reviewer's reason for Upheld, found no reason")
    with pytest.raises(ReviewError, match="expected Upheld or Overturned, found 'upheld'"):
        session.override(0, "upheld", "a reason")
    assert session.history() == []
    assert session.item(0).decision is None


def test_a_fact_edit_re_evaluates_the_item_and_survives_a_restart(open_session):
    session = open_session()
    view = session.edit_fact(ACUPUNCTURE, FLIP_FACT, "no")
    assert view.proposed.outcome == "Upheld"
    assert session.determinations()[ACUPUNCTURE].outcome == "Upheld"
    assert session.item(0).proposed.outcome == "Overturned"  # the other item is untouched

    again = open_session()
    assert again.item(ACUPUNCTURE).proposed.outcome == "Upheld"
    reset = again.reset_fact(ACUPUNCTURE, FLIP_FACT)
    assert reset.proposed.outcome == "Overturned"
    fact = next(f for f in reset.facts if f.name == FLIP_FACT)
    assert fact.source == "case file" and fact.value is True
    assert [e.kind for e in again.history(ACUPUNCTURE)] == ["fact_edit", "fact_reset"]
    assert open_session().item(ACUPUNCTURE).proposed.outcome == "Overturned"


def test_a_fact_edited_to_not_documented_is_decided_on_its_absence_rule_and_still_asked(open_session):
    session = open_session()
    view = session.edit_fact(ACUPUNCTURE, FLIP_FACT, "not documented")
    # functional improvement the records do not document is taken as absent, as reviewers decide
    assert view.proposed.outcome == "Upheld"
    fact = next(f for f in view.facts if f.name == FLIP_FACT)
    assert not fact.documented and fact.shown == "not documented: taken as no"
    assert "absence rule" in fact.source
    assert FLIP_FACT in [m.name for m in view.questions]
    assert all(m.question for m in view.questions)


def test_a_decision_made_on_an_earlier_proposal_is_marked_stale(open_session):
    session = open_session()
    session.accept(ACUPUNCTURE)
    view = session.edit_fact(ACUPUNCTURE, FLIP_FACT, "no")
    assert view.decision is not None and view.decision.outcome == "Overturned"
    assert view.stale


@pytest.mark.parametrize(("name", "value", "expected"), [
    (FLIP_FACT, "maybe", "expected yes, no or 'not documented', found 'maybe'"),
    ("request.kind", "extnsion",
     "expected one of 'initial', 'extension', found 'extnsion' (did you mean 'extension'?)"),
    ("request.quantity", "six", "expected a number, found 'six'"),
    ("request.quantity", "-2", "expected a number of 0 or more, found -2"),
    ("request.quantity", "1e999999", "expected a number of at most 15 digits, found '1e999999'"),
    ("request.kind", "", "expected a value or 'not documented', found an empty value"),
])
def test_a_bad_fact_value_is_one_line_naming_the_item_and_fact(open_session, name, value, expected):
    session = open_session()
    with pytest.raises(ReviewError) as caught:
        session.edit_fact(ACUPUNCTURE, name, value)
    assert str(caught.value) == f"{SEED}, field items[1].facts.{name}: edited value: {expected}"
    assert session.history() == []


def test_unknown_and_worked_out_facts_cannot_be_edited(open_session):
    session = open_session()
    with pytest.raises(ReviewError, match=r"found 'request.knd' \(did you mean 'request.kind'\?\)"):
        session.edit_fact(ACUPUNCTURE, "request.knd", "initial")
    with pytest.raises(ReviewError, match="not a fact the reviewer can edit"):
        session.edit_fact(ACUPUNCTURE, "acupuncture.outcome", "Upheld")
    with pytest.raises(ReviewError, match=r"cannot be made not documented.*derived as 8"):
        session.edit_fact(ACUPUNCTURE, "request.quantity", "not documented")
    with pytest.raises(ReviewError, match="the fact was not edited"):
        session.reset_fact(ACUPUNCTURE, FLIP_FACT)


def test_an_edit_to_the_same_value_records_nothing(open_session):
    session = open_session()
    session.edit_fact(ACUPUNCTURE, FLIP_FACT, "yes")
    assert session.history() == []


def test_an_undecided_proposal_cannot_be_accepted_but_can_be_overridden(open_session):
    session = open_session(UNDECIDED_CASE)
    assert session.item(0).proposed.outcome == "Undecided"
    with pytest.raises(ReviewError, match=r"items\[0\]: an undecided item cannot be accepted"):
        session.accept(0)
    view = session.override(0, "Overturned", "The PR-2 of 6/1 documents the trial's gains.")
    assert view.decision is not None and view.decision.proposed == "Undecided"


def test_items_out_of_range_and_empty_notes_are_refused(open_session):
    session = open_session()
    with pytest.raises(ReviewError, match=r"no such disputed item: expected an index from 0 to 1, found 2"):
        session.accept(2)
    with pytest.raises(ReviewError, match="a note needs text"):
        session.note(0, "  ")


def test_a_later_decision_replaces_the_earlier_one_and_the_log_keeps_both(open_session):
    session = open_session()
    session.accept(0)
    session.override(0, "Upheld", "No new findings since the last visit.")
    history = session.history(0)
    assert [e.kind for e in history] == ["decision", "override"]
    assert history[1].before == history[0].after
    assert open_session().item(0).decision.outcome == "Upheld"  # type: ignore[union-attr]


def test_progress_counts_decided_items(open_session):
    session = open_session(THREE_ITEMS)
    session.override(0, "Upheld", "reason one")
    session.override(2, "Overturned", "reason two")
    assert str(session.progress()) == "2 of 3 decided"
    assert not session.all_decided()


def test_recorded_decisions_feed_the_letter(open_session):
    session = open_session()
    session.accept(0)
    session.override(ACUPUNCTURE, "Upheld", "The notes credit the new mattress.")
    recorded = open_session().recorded_decisions()
    assert sorted(recorded) == [0, 1]
    assert recorded[1].outcome == "Upheld" and recorded[1].reviewer == "dr-a"
    letter = build_letter(letter_case(session.case, session.case.dates.imr_application), session.determinations(),
                          None, recorded)
    text = render(letter, "txt").decode()
    assert "(proposed)" not in text
    assert "The notes credit the new mattress." in text
    assert "Decision recorded by" not in text  # the letter names no reviewer's login (ac9a4bb)


def test_case_statuses_for_a_folder(tmp_path: Path, rulebase, open_session, make_store):
    folder = tmp_path / "cases"
    folder.mkdir()
    for source in (SEED, UNDECIDED_CASE, THREE_ITEMS):
        (folder / source.name).write_text(source.read_text())
    (folder / "broken.yaml").write_text("case: [")
    seed = open_session(folder / SEED.name)
    seed.accept(0)
    seed.accept(1)
    open_session(folder / THREE_ITEMS.name).note(1, "to do")
    statuses = {Path(s.path).name: s for s in case_statuses(folder, make_store())}
    assert statuses["seed.yaml"].status == "decided" and statuses["seed.yaml"].decided == 2
    assert statuses[THREE_ITEMS.name].status == "in progress" and statuses[THREE_ITEMS.name].total == 3
    assert statuses[UNDECIDED_CASE.name].status == "not started"
    assert statuses["broken.yaml"].status == "error" and "broken.yaml" in (statuses["broken.yaml"].error or "")


def test_the_scoped_evaluation_proposes_what_imr_decide_does(rulebase, open_session):
    """The session evaluates only the tables an item depends on: same result as the whole rule base."""
    for path in case_files(ROOT / "cases"):
        session = open_session(path)
        full = determine_case(rulebase, load_case(path), str(path))
        assert [d.model_dump() for d in session.determinations()] == [d.model_dump() for d in full.items], path


def test_actions_from_worker_threads(open_session):
    session = open_session(THREE_ITEMS)
    errors: list[BaseException] = []

    def work(item: int) -> None:
        try:
            for n in range(5):
                session.note(item, f"note {n} from a worker")
            session.override(item, "Upheld", f"reason from worker {item}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    again = open_session(THREE_ITEMS)
    assert again.all_decided()
    assert [len(item.notes) for item in again.items()] == [5, 5, 5]


def test_refresh_picks_up_another_window(open_session):
    mine, theirs = open_session(), open_session(reviewer="dr-b")
    theirs.edit_fact(ACUPUNCTURE, FLIP_FACT, "no")
    theirs.accept(0)
    assert mine.item(ACUPUNCTURE).proposed.outcome == "Overturned"
    assert mine.refresh()
    assert mine.item(ACUPUNCTURE).proposed.outcome == "Upheld"
    assert mine.item(0).decision.reviewer == "dr-b"  # type: ignore[union-attr]
    assert not mine.refresh()


def test_the_evaluation_behind_a_proposal_follows_fact_edits(open_session):
    session = open_session()
    table = session.item(ACUPUNCTURE).proposed.table
    before = session.evaluation(ACUPUNCTURE)
    assert table in before.tables and before.facts["acupuncture.outcome"] == "Overturned"
    session.edit_fact(ACUPUNCTURE, FLIP_FACT, "no")
    after = session.evaluation(ACUPUNCTURE)
    assert after is not before and after.facts["acupuncture.outcome"] == "Upheld"
    assert set(after.tables) <= set(session.rulebase.tables)
    with session.lock:  # reentrant: the session's own calls still work under it
        assert session.item(ACUPUNCTURE).proposed.outcome == "Upheld"


def test_a_resumed_case_whose_request_changed_is_flagged(open_session, tmp_path: Path):
    copy = tmp_path / "seed.yaml"
    copy.write_text(SEED.read_text())
    open_session(copy).accept(0)
    copy.write_text(SEED.read_text().replace("Re-exam 1 x 4 weeks", "Re-exam 1 x 6 weeks"))
    again = open_session(copy)
    assert again.resumed
    assert again.resume.warnings == [
        "items[0]: the request changed in the case file since it was reviewed "
        "('Re-exam 1 x 4 weeks' then, 'Re-exam 1 x 6 weeks' now)"
    ]


def test_the_review_core_never_loads_a_user_interface():
    code = (
        "import sys\n"
        "from review import ReviewSession, SqliteReviewStore\n"
        "import tempfile, os\n"
        "store = SqliteReviewStore(os.path.join(tempfile.mkdtemp(), 'r.sqlite3'))\n"
        "s = ReviewSession.open('cases/seed.yaml', 'tables', store, 'x')\n"
        "s.accept(0); s.recorded_decisions()\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui', 'imr'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
    for path in (ROOT / "review").rglob("*.py"):
        text = path.read_text()
        assert "textual" not in text and "from tui" not in text and "import tui" not in text, path


@pytest.mark.parametrize(("text", "expected"), [
    ("2015-03-16", None),
    ("3015-03-16", "expected a date from 1900-01-01 to 2099-12-31, found '3015-03-16'"),
    ("2015-02-30", "expected a date such as 2015-03-16, found '2015-02-30'"),
])
def test_a_typed_date_is_bounded_as_in_a_case_file(text, expected):
    import datetime as dt

    from engine.model import FactDef, FactType
    from review.fact_input import parse_fact_value

    fact = FactDef(name="surgery.date", type=FactType.DATE)
    if expected is None:
        assert parse_fact_value(text, fact, "c.yaml", "items[0].facts.surgery.date") == (True, dt.date(2015, 3, 16))
        return
    with pytest.raises(ReviewError) as caught:
        parse_fact_value(text, fact, "c.yaml", "items[0].facts.surgery.date")
    assert str(caught.value) == f"c.yaml, field items[0].facts.surgery.date: edited value: {expected}"


def test_an_item_serving_another_follows_the_reviewers_decision_on_it(rulebase, db_path, tmp_path):
    served = ("  - request: Post-operative physical therapy 2 times a week for 4 weeks\n"
              "    topic: physical_therapy\n    ur: {decision: denied}\n"
              "    primary: {procedure: the acupuncture, item: 2}\n")
    case = tmp_path / "served.yaml"
    case.write_text(SEED.read_text(encoding="utf-8") + served, encoding="utf-8")
    store, later = SqliteReviewStore(db_path), SqliteReviewStore(db_path)
    try:
        session = ReviewSession.open(case, rulebase, store, "dr-a")
        assert session.item(ACUPUNCTURE).proposed.outcome == "Overturned"
        assert session.item(2).proposed.derived_facts["request.primary_denied"] is False
        session.override(ACUPUNCTURE, "Upheld", "No functional gains in the PR-2 notes.")
        follows = session.item(2).proposed
        assert follows.outcome == "Upheld" and follows.derived_facts["request.primary_denied"] is True
        # a new session replays the log and proposes the same
        again = ReviewSession.open(case, rulebase, later, "dr-a")
        assert again.item(2).proposed.derived_facts["request.primary_denied"] is True
    finally:
        store.close()
        later.close()


def test_a_stale_decision_does_not_count_until_it_is_re_confirmed(open_session):
    session = open_session()
    session.accept(0)
    session.accept(ACUPUNCTURE)
    assert session.all_decided()
    view = session.edit_fact(ACUPUNCTURE, FLIP_FACT, "no")  # the proposal is now Upheld
    assert view.stale and not view.decided and view.decision is not None  # kept, not lost
    progress = session.progress()
    assert (progress.decided, progress.stale, str(progress)) == (1, [1], "1 of 2 decided, 1 to re-confirm")
    assert not session.all_decided() and session.stale_items() == [1]
    assert session.recorded_decisions()[1].proposed == "Overturned"
    letter = build_letter(letter_case(session.case, session.case.dates.imr_application), session.determinations(),
                          None, session.recorded_decisions())
    assert not letter.final and [i.index for i in letter.stale_items] == [1]
    # a new session counts it the same way
    again = open_session()
    assert str(again.resume).startswith("resumed: 1 decided, 1 to re-confirm, 1 fact edits")
    assert again.stale_items() == [1] and not again.all_decided()
    # re-confirming is an action like any other: logged, and the earlier decision kept in the log
    view = again.accept(ACUPUNCTURE)
    assert view.decided and not view.stale and view.decision.outcome == "Upheld"  # type: ignore[union-attr]
    assert [e.kind for e in again.history(ACUPUNCTURE)] == ["decision", "fact_edit", "decision"]
    assert again.all_decided() and str(again.progress()) == "2 of 2 decided"
    letter = build_letter(letter_case(again.case, again.case.dates.imr_application), again.determinations(),
                          None, again.recorded_decisions())
    assert letter.final
    acupuncture = letter.items[ACUPUNCTURE]
    assert acupuncture.outcome == "Upheld" and acupuncture.source == "recorded"
    assert len(acupuncture.rationale) > 1 and acupuncture.rationale[-1] == ACCEPT_REASON  # the rows come first


def test_overriding_a_primary_item_makes_a_decision_on_the_item_serving_it_stale(rulebase, db_path, tmp_path):
    served = ("  - request: Assistant surgeon for the acupuncture\n"
              "    topic: surgical_services\n    ur: {decision: denied}\n"
              "    primary: {procedure: the acupuncture, item: 2}\n")
    case = tmp_path / "served.yaml"
    case.write_text(SEED.read_text(encoding="utf-8") + served, encoding="utf-8")
    store = SqliteReviewStore(db_path)
    try:
        session = ReviewSession.open(case, rulebase, store, "dr-a")
        session.accept(0)
        session.override(ACUPUNCTURE, "Upheld", "No functional gains in the PR-2 notes.")
        served_view = session.accept(2)  # the primary is denied: so is what serves it
        assert served_view.decision is not None and served_view.decision.outcome == "Upheld"
        assert session.all_decided()
        session.override(ACUPUNCTURE, "Overturned", "The PR-2 of 3/16 documents the gains after all.")
        assert session.item(2).proposed.outcome != "Upheld"
        assert session.stale_items() == [2] and session.item(2).stale and not session.item(2).decided
        assert str(session.progress()) == "2 of 3 decided, 1 to re-confirm"
        assert not session.all_decided()
    finally:
        store.close()
