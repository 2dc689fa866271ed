"""Kill the real ``imr review`` with SIGKILL at random moments and check nothing shown saved was lost.

    .venv/bin/python scripts/kill_review.py                    # 50 runs, seed 1
    .venv/bin/python scripts/kill_review.py --runs 3 --seed 7
    .venv/bin/python scripts/kill_review.py --runs 1 --seed 7 --first 12 --keep   # replay run 12, keep its folder

Each run starts ``imr review CASE`` (default ``cases/cm16-0903318.yaml``, three items) in a
terminal of its own tmux server (a private socket: a tmux you have open is not touched),
on a fresh database in a fresh temporary folder (``$IMR_REVIEW_DB``), and types a random
sequence of the reviewer's actions: accept, override (outcome and reason), note, fact edit
(a fact chosen in the facts table, a new value read off the dialog's type and allowed
values), moving between items.  After each action it reads the screen (``capture-pane``)
and records what the screen shows as saved: the status line's "Accepted: ...",
"Overridden: ...", "Note added: ...", "<fact> edited; ..." (before each action a cancelled
dialog sets the status line to "Cancelled: nothing recorded.", so a confirmation on the
screen is always the new action's).

The imr process (the Python process in the pane, not tmux) is killed with SIGKILL either
right after a save key was sent (0 to 40 ms later: the save is in flight, or just
finished), or at a random time from launch (during start-up, while the tables load, in a
dialog, while a save runs, idle).  The screen as the process left it is read once more.
Then the database is checked:

- it opens with ``SqliteReviewStore`` (header, quick_check, schema) and ``PRAGMA
  integrity_check`` is ok;
- its audit log holds every action the screen had shown as saved, in order, with the same
  item, outcome and reason (decisions and overrides), text (notes), fact and value (fact
  edits), and nothing else but, at most, the one action whose save was in flight;
- ``fold`` and a ``ReviewSession`` reopened on it agree with the last decision shown per item.

One line per run, then the total.  Exit 0 only if every run checked out; 1 if something
shown saved was lost or the database did not open cleanly; 2 if the script could not drive
the UI (a screen it waited for did not come: the folder is kept); 3 without tmux
(``apt-get install tmux``) or imr.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from review.session import ACCEPT_REASON  # noqa: E402

CASE = Path("cases/cm16-0903318.yaml")
REVIEWER = "dr-kill"
WIDTH, HEIGHT = 200, 50
WAIT = 60.0  # seconds to wait for any one screen before giving up (a harness failure, not a verdict)
POLL = 0.02
SETTLE = 0.3  # seconds between a dialog drawn and typing into it
OUTCOMES = ("Upheld", "Overturned")  # the override dialog's order (tui/screens/dialogs.py)
WORDS = ("records", "show", "functional", "improvement", "PR-2", "of", "May", "per", "MTUS", "2016", "pain",
         "unchanged", "why?", "the", "UR", "reviewer", "missed", "this", "note", "dose", "50%", "(see", "p.", "4)")


class Killed(Exception):
    """The imr process was killed while the script waited for a screen."""


class Stuck(Exception):
    """A screen the script waited for did not come."""


@dataclass(frozen=True)
class Action:
    """One reviewer action as the log should hold it: ``key()`` compares it with an audit entry."""

    kind: str  # decision, override, note, fact_edit
    item: int
    outcome: str = ""
    reason: str = ""
    text: str = ""
    fact: str = ""
    value: str = ""

    def key(self) -> tuple[Any, ...]:
        if self.kind in ("decision", "override"):
            return (self.kind, self.item, self.outcome, self.reason)
        if self.kind == "note":
            return (self.kind, self.item, self.text)
        return (self.kind, self.item, self.fact, self.value)

    def confirmation(self) -> str:
        """The status line's words once the UI has stored the action (tui/screens/item.py)."""
        if self.kind == "decision":
            return "Accepted: "
        if self.kind == "override":
            return "Overridden: now proposed "
        if self.kind == "note":
            return "Note added: now proposed "
        return "Fact edited (the proposal was "


ACCEPTED = re.compile(r"Accepted: (\w+)\. \d+ of \d+ decided")
OVERRIDDEN = re.compile(r"Overridden: now proposed \w+, recorded (\w+)\.")
PROPOSED = re.compile(r"Fact edited \(the proposal was \w+\): now proposed (\w+),")
NOT_ACCEPTED = "an undecided item cannot be accepted"


def questions() -> dict[str, str]:
    """The glossary's questions -> fact names: the fact dialog names a fact by its question (docs/tui.md)."""
    if not _QUESTIONS:
        from engine.compiler.rulebase import load_rulebase

        rulebase = load_rulebase(ROOT / "tables")
        try:
            _QUESTIONS.update({" ".join(f.question.split()): name for name, f in rulebase.facts.items() if f.question})
        finally:
            rulebase.close()
    return _QUESTIONS


_QUESTIONS: dict[str, str] = {}
_BOXED = re.compile(r"█\s*(.*?)\s*█")


def fact_in_dialog(screen: str) -> tuple[str, str] | None:
    """(fact name, type) of the fact dialog on the screen: its heading is the question, "(type)" after it,
    wrapped over the lines between the dialog's title and its "now:" line."""
    lines = screen.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if "Edit a fact (the item is re-evaluated at once)" in line)
        end = next(i for i in range(start, len(lines)) if re.search(r"█\s+now: ", lines[i]))
    except StopIteration:
        return None
    boxed = [m.group(1) for line in lines[start + 1:end] if (m := _BOXED.search(line)) is not None]
    heading = re.fullmatch(r"(.*) \((\w+)(?:, [^)]*)?\)", " ".join(" ".join(boxed).split()))
    if heading is None or heading.group(1) not in questions():
        return None
    return questions()[heading.group(1)], heading.group(2)


def confirmed(action: Action, screen: str) -> Action | None:
    """The action as the screen shows it saved (an override's outcome read off the status line), or None."""
    if action.confirmation() not in screen:
        return None
    if action.kind in ("decision", "override"):
        match = (ACCEPTED if action.kind == "decision" else OVERRIDDEN).search(screen)
        if match is None:
            return None  # the status line half drawn
        return Action(action.kind, action.item, outcome=match.group(1), reason=action.reason)
    return action


def same_action(pending: Action, logged: tuple[Any, ...]) -> bool:
    """Whether a log entry is the action in flight (an override's outcome may differ if a key was lost)."""
    key = pending.key()
    if pending.kind == "override":
        return logged[:2] == key[:2] and logged[3:] == key[3:]
    return logged == key


def entry_key(entry: Any) -> tuple[Any, ...]:
    if entry.kind in ("decision", "override"):
        return (entry.kind, entry.item, entry.after["outcome"], entry.after["reason"])
    if entry.kind == "note":
        return (entry.kind, entry.item, entry.after["text"])
    return (entry.kind, entry.item, entry.fact, shown_value(entry.after))


def shown_value(after: dict[str, Any]) -> str:
    """A fact edit's value as the facts table shows it (``yes``, ``8``, ``not documented``)."""
    if not after.get("documented", True):
        return "not documented"
    value = after.get("value")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@dataclass
class RunResult:
    number: int
    seed: int
    mode: str
    moment: str = ""
    shown: list[Action] = field(default_factory=list)
    pending: Action | None = None
    entries: int = 0
    in_flight_stored: bool = False
    problems: list[str] = field(default_factory=list)
    stuck: str = ""
    seconds: float = 0.0
    integrity: str = ""
    kept: Path | None = None
    retries: int = 0  # dialogs reopened because keys typed the moment it opened did not arrive

    @property
    def ok(self) -> bool:
        return not self.problems and not self.stuck


class Terminal:
    """One tmux server (private socket) with one pane running ``imr review``."""

    def __init__(self, socket: str) -> None:
        self.socket = socket
        self.socket_path = ""

    def tmux(self, *args: str, check: bool = False) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False)
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def start(self, command: str, cwd: Path) -> None:
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "kill", "-x", str(WIDTH), "-y", str(HEIGHT),
                  "-c", str(cwd), command, ";", "set-option", "-t", "kill", "remain-on-exit", "on", ";",
                  "set-option", "-s", "escape-time", "0", check=True)
        self.socket_path = self.pane("#{socket_path}")

    def pane(self, fmt: str) -> str:
        return self.tmux("display-message", "-p", "-t", "kill", fmt).strip()

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "kill")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "kill", *keys)

    def text(self, text: str) -> None:
        self.tmux("send-keys", "-t", "kill", "-l", text)

    def stop(self) -> None:
        self.tmux("kill-server")
        if self.socket_path:
            Path(self.socket_path).unlink(missing_ok=True)


class Driver:
    """Types one run's actions, reads the screen after each, records what it shows as saved."""

    def __init__(self, term: Terminal, rng: random.Random, result: RunResult, killed: threading.Event,
                 item_count: int) -> None:
        self.term, self.rng, self.result, self.killed = term, rng, result, killed
        self.item_count = item_count
        self.phase = "start-up"
        self.item = 0
        self.proposed = ""
        self.last_screen = ""
        self.serial = 0
        self.on_save: Any = None  # called right after a save key is sent (the in-flight kill)

    # -- reading the screen ----------------------------------------------------------

    def wait(self, test: Any, what: str, timeout: float | None = None) -> Any:
        """The first screen that passes ``test``; None after ``timeout`` if given, else ``Stuck`` after WAIT."""
        deadline = time.monotonic() + (timeout or WAIT)
        while True:
            if self.killed.is_set():
                raise Killed
            screen = self.term.screen()
            self.last_screen = screen
            if self.killed.is_set():
                raise Killed  # the screen may be the dead process's: read it after the kill instead
            if test(screen):
                return screen
            if "Pane is dead (" in screen:  # tmux's remain-on-exit line: imr ended by itself
                raise Stuck(f"{what}: imr exited on its own")
            if time.monotonic() > deadline:
                if timeout is not None:
                    return None
                raise Stuck(what)
            time.sleep(POLL)

    def wait_text(self, text: str) -> str:
        return self.wait(lambda s: text in s, repr(text))

    def item_header(self, number: int) -> str:
        pattern = re.compile(rf"item {number + 1} of {self.item_count}\s.*\n.*\n proposed (\w+)\s+recorded")
        screen = self.wait(lambda s: pattern.search(s) is not None, f"item {number + 1}")
        match = pattern.search(screen)
        assert match is not None
        self.proposed = match.group(1)
        return screen

    # -- the run ---------------------------------------------------------------------

    def run(self, actions: int) -> None:
        self.wait_text(f"0 of {self.item_count} decided")  # the case screen, every item evaluated
        self.phase = "opening item 1"
        self.term.keys("Enter")
        self.item_header(0)
        for _ in range(actions):
            if self.item_count > 1 and self.rng.random() < 0.5:
                self.move(self.rng.randrange(self.item_count))
            kind = self.rng.choices(("accept", "override", "note", "fact"), weights=(35, 30, 15, 20))[0]
            if kind == "accept" and self.proposed not in OUTCOMES:
                kind = "override"  # an Undecided proposal cannot be accepted
            self.phase = f"cancelling a dialog before action {self.serial + 1}"
            self.cancel_dialog()
            self.serial += 1
            getattr(self, kind)()
        self.phase = "idle after the last action"

    def move(self, target: int) -> None:
        while self.item != target:
            step = 1 if target > self.item else -1
            self.phase = f"moving to item {self.item + step + 1}"
            self.term.keys("]" if step > 0 else "[")
            self.item += step
            self.item_header(self.item)

    def cancel_dialog(self) -> None:
        """Open and cancel the override dialog: the status line then reads 'Cancelled: nothing recorded.'."""
        self.term.keys("o")
        self.wait_text("Override: choose the outcome")
        self.term.keys("Escape")
        self.wait(lambda s: "Cancelled: nothing recorded" in s and "Override: choose the outcome" not in s,
                  "the dialog cancelled")

    def words(self) -> str:
        body = " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(1, 6)))
        return f"k{self.result.number}-{self.serial} {body}"

    def save(self, action: Action, *keys: str) -> None:
        """Send the save key(s), then wait for the screen to show the action stored."""
        self.result.pending = action
        self.phase = f"save in flight: action {self.serial} ({action.kind}, item {action.item + 1})"
        self.term.keys(*keys)
        if self.on_save is not None:
            self.on_save(self)
        # a refusal: "Refused: ..." in the dialog (which stays open), or the status line's for an accept
        refusal = NOT_ACCEPTED if action.kind == "decision" else "Refused: "
        stale = refusal in self.last_screen  # an earlier refusal still shown: wait for the outcome only
        screen = self.wait(lambda s: confirmed(action, s) is not None or (refusal in s and not stale),
                           action.confirmation())
        shown = confirmed(action, screen)
        if shown is None:
            self.result.pending = None
            if action.kind != "decision":
                self.abort_dialog()
            return
        self.result.shown.append(shown)
        self.result.pending = None
        proposed = PROPOSED.search(screen)
        if action.kind == "fact_edit" and proposed is not None:
            self.proposed = proposed.group(1)  # the item re-evaluated

    def accept(self) -> None:
        self.phase = f"accepting item {self.item + 1}"
        self.save(Action("decision", self.item, outcome=self.proposed, reason=ACCEPT_REASON), "a")

    def dialog(self, title: str, *more: str) -> str:
        """Wait for a dialog drawn whole (a frame may be caught half written)."""
        screen = self.wait(lambda s: all(t in s for t in (title, "ctrl+s or enter saves", *more)), title)
        # Keys typed the moment the dialog is drawn can be lost (the text field's focus, with Textual's
        # select-on-focus, is handled after them): give it a moment, then check the field (``typed``).
        time.sleep(SETTLE)
        return screen

    def typed(self, text: str) -> bool:
        """Whether the dialog's text field shows ``text`` (keys typed the moment a dialog opens may be lost)."""
        pattern = re.compile(rf"▊  {re.escape(text)}\s+▎")
        ok = self.wait(lambda s: pattern.search(s) is not None, f"{text!r} typed", timeout=3.0) is not None
        if not ok:
            self.result.retries += 1
        return ok

    def abort_dialog(self) -> None:
        self.phase = "cancelling a dialog"
        # The override and note dialogs closed unsaved keep what was typed for the next time
        # (docs/tui.md): empty the field first (it has the focus whenever a dialog is cancelled
        # here), so that a retry starts as a new dialog does.
        self.term.keys("C-a", "C-k")
        self.term.keys("Escape")
        self.wait(lambda s: "Cancelled: nothing recorded" in s and "ctrl+s or enter saves" not in s,
                  "the dialog cancelled")

    def override(self) -> None:
        for _ in range(3):
            self.phase = f"override dialog on item {self.item + 1}"
            outcome = self.rng.choice(OUTCOMES)
            reason = self.words()
            self.term.keys("o")
            self.dialog("Override: choose the outcome", "the reviewer's reason (required)")
            highlighted = 0 if self.proposed == "Overturned" else 1  # the other outcome first (OverrideDialog)
            target = OUTCOMES.index(outcome)
            # The dialog opens with the focus on the outcomes: choose, enter (on to the reason).
            if target != highlighted:
                self.term.keys("Down" if target > highlighted else "Up")
            self.term.keys("Enter")
            time.sleep(SETTLE)  # the list's OptionSelected message moves the focus to the reason, a moment later
            self.term.text(reason)
            if self.typed(reason):
                # the outcome is read off the screen once saved ("recorded Upheld")
                self.save(Action("override", self.item, outcome=outcome, reason=reason), "Enter")
                return
            self.abort_dialog()
        raise Stuck("the override dialog to take the reason")

    def note(self) -> None:
        for _ in range(3):
            self.phase = f"note dialog on item {self.item + 1}"
            text = self.words()
            self.term.keys("n")
            self.dialog("Add a note to this item", "the note")
            self.term.text(text)
            if self.typed(text):
                self.save(Action("note", self.item, text=text), "Enter")
                return
            self.abort_dialog()
        raise Stuck("the note dialog to take the text")

    def fact(self) -> None:
        for _ in range(3):
            self.phase = f"fact dialog on item {self.item + 1}"
            row = self.rng.randrange(12)
            # the facts pane (before the decision table), its first row, then down
            self.term.keys("BTab", "Home", *(["Down"] * row), "e")
            screen = self.dialog("Edit a fact (the item is re-evaluated at once)", "now: ", "Write yes, no")
            fact = fact_in_dialog(screen)
            now = re.search(r"█\s+now: (.*?)  from: (.*?)\s+█", screen)
            allowed = re.search(r"█\s+allowed: (.*?)\s+█", screen)
            value = None
            if fact is not None and now is not None:
                value = self.new_value(fact[1], now.group(1), now.group(2),
                                       allowed.group(1).split(", ") if allowed else [])
            if fact is None or value is None:
                self.abort_dialog()
                self.term.keys("Tab")  # the focus is back on the facts pane: to the decision table
                return
            self.term.keys("C-a", "C-k")
            self.term.text(value)
            if self.typed(value):
                self.save(Action("fact_edit", self.item, fact=fact[0], value=value), "Enter")
                self.term.keys("Tab")  # the dialog gave the focus back to the facts pane: to the decision table
                return
            self.abort_dialog()
            self.term.keys("Tab")
        raise Stuck("the fact dialog to take the value")

    def new_value(self, kind: str, now: str, source: str, allowed: list[str]) -> str | None:
        derived = source.startswith("derived")
        if now.startswith("not documented"):  # "not documented: taken as no" is not documented too
            now = "not documented"
        if kind == "boolean":
            choices = ["yes", "no"]
        elif kind == "enumeration" and allowed:
            choices = list(allowed)
        elif kind == "number":
            choices = [str(self.rng.randint(0, 40)) for _ in range(3)]
        else:
            return None  # dates, lists: left alone
        if not derived and self.rng.random() < 0.15:
            choices.append("not documented")
        choices = [c for c in choices if c != now]
        return self.rng.choice(choices) if choices else None


def check_database(db: Path, case: Path, result: RunResult, rulebase: Any) -> None:
    """Open the database as ``imr`` would and compare its log with what the screen showed as saved."""
    from review import ReviewSession, ReviewStoreError, SqliteReviewStore, fold

    problems = result.problems
    if not db.exists():
        result.integrity = "no database yet"
        if result.shown:
            problems.append(f"no database, but the screen showed {len(result.shown)} actions saved")
        return
    conn = sqlite3.connect(db)
    try:
        result.integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.DatabaseError as error:
        result.integrity = str(error)
    finally:
        conn.close()
    if result.integrity != "ok":
        problems.append(f"integrity_check: {result.integrity}")
    try:
        store = SqliteReviewStore(db)
    except ReviewStoreError as error:
        problems.append(f"the database does not open: {error}")
        return
    with store:
        from engine.cases.loader import load_case

        number = load_case(case).case
        entries = store.entries(number)
        result.entries = len(entries)
        logged = [entry_key(e) for e in entries]
        shown = [a.key() for a in result.shown]
        if logged[: len(shown)] != shown:
            lost = [a for a in result.shown if a.key() not in logged]
            problems.append(f"the log ({len(logged)} entries) is not what the screen showed ({len(shown)}): "
                            f"missing {lost or 'none'}, log {logged}")
        extra = logged[len(shown):]
        if extra:
            pending = result.pending
            if len(extra) > 1 or pending is None or not same_action(pending, extra[0]):
                problems.append(f"the log holds entries nobody saw saved nor was saving: {extra}")
            else:
                result.in_flight_stored = True
        state = fold(entries)
        session = ReviewSession.open(case, rulebase, store, "checker")
        for index in range(session.item_count):
            decisions = [a for a in result.shown if a.item == index and a.kind in ("decision", "override")]
            folded = state.decisions.get(index)
            view = session.item(index).decision
            if folded is None:
                if decisions:
                    problems.append(f"item {index + 1}: shown decided ({decisions[-1]}), the log has no decision")
                continue
            if view is None or (view.outcome, view.reason) != (folded.after["outcome"], folded.after["reason"]):
                problems.append(f"item {index + 1}: the reopened session shows {view}, the log {folded.after}")
            pending = result.pending
            if (result.in_flight_stored and pending is not None and pending.item == index
                    and pending.kind in ("decision", "override")):
                if not same_action(pending, entry_key(folded)):
                    problems.append(f"item {index + 1}: the save in flight {pending}, the log's {entry_key(folded)}")
                continue
            last = decisions[-1].key() if decisions else None
            if last is not None and entry_key(folded) != last:
                problems.append(f"item {index + 1}: the screen's last decision {last}, the log's {entry_key(folded)}")


def imr_pid(term: Terminal) -> int:
    """The pane's process once it is the Python process of ``imr review`` (tmux forks, then execs)."""
    deadline = time.monotonic() + WAIT
    while True:
        pid = int(term.pane("#{pane_pid}") or 0)
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            cmdline = []
        if cmdline and b"python" in Path(cmdline[0].decode()).name.encode() and b"review" in cmdline:
            return pid
        if time.monotonic() > deadline:
            raise RuntimeError(f"the pane's process is not imr review: {cmdline}")
        time.sleep(POLL)


def one_run(number: int, seed: int, args: argparse.Namespace, imr: Path, rulebase: Any) -> RunResult:
    rng = random.Random(seed)
    mode = rng.choice(("in flight", "at a random time"))
    result = RunResult(number, seed, mode)
    work = Path(tempfile.mkdtemp(prefix=f"kill-review-{number}-"))
    db = work / "reviews.sqlite3"
    (work / "out").mkdir()
    term = Terminal(f"imr-kill-{os.getpid()}-{number}")
    env = {"IMR_REVIEW_DB": str(db), "IMR_REVIEW_CONFIG": str(work / "no-settings.toml"), "TERM": "xterm-256color"}
    # COLUMNS and LINES (pytest sets them) would override the terminal's own size in Textual
    settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = f"exec env -u COLUMNS -u LINES {settings} " + shlex.join(
        [str(imr), "review", str(args.case), "--as", REVIEWER, "--out", str(work / "out")])
    item_count = args.item_count
    actions = rng.randint(min(3, args.max_actions), args.max_actions)
    killed = threading.Event()
    started = time.monotonic()
    term.start(command, ROOT)
    try:  # the tmux server goes, whatever happens
        driver = Driver(term, rng, result, killed, item_count)
        pid = imr_pid(term)
        lock = threading.Lock()

        def kill() -> None:
            with lock:
                if killed.is_set():
                    return
                result.moment = driver.phase
                killed.set()
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:  # it failed to start or crashed: nothing to judge by
                    result.stuck = result.stuck or "imr had exited before the kill"

        timer: threading.Timer | None = None
        if mode == "in flight":
            at_save = rng.randint(1, actions)
            delay = rng.choice((0.0, rng.uniform(0, 0.005), rng.uniform(0, 0.04)))

            def on_save(d: Driver) -> None:
                if d.serial == at_save:
                    time.sleep(delay)
                    kill()
                    result.moment += f" (+{delay * 1000:.0f} ms)"

            driver.on_save = on_save
        else:
            when = rng.uniform(0.2, 1.5 + 0.8 * actions)  # start-up takes 1 to 2 s, an action about 0.7 s
            timer = threading.Timer(when, kill)
            timer.start()
        try:
            driver.run(actions)
        except Killed:
            pass
        except Stuck as stuck:
            result.stuck = f"waited for {stuck} while {driver.phase}"
        if timer is not None:
            timer.cancel()
        kill()  # idle after the last action, if nothing killed it before
        dead = ""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            dead = term.pane("#{pane_dead}")
            if dead == "1":
                break
            time.sleep(POLL)
        final = term.screen()
    finally:
        term.stop()
    if dead != "1":
        result.problems.append(f"the imr process did not die (pane_dead {dead!r})")
    pending = result.pending
    shown = confirmed(pending, final) if pending is not None else None
    if shown is not None:
        result.shown.append(shown)  # the screen showed it saved before the process died
        result.pending = None
    if not result.stuck:
        check_database(db, args.case, result, rulebase)
    result.seconds = time.monotonic() - started
    if args.keep or not result.ok:
        (work / "last-screen.txt").write_text(driver.last_screen + "\n--- after the kill ---\n" + final)
        result.kept = work
    else:
        shutil.rmtree(work, ignore_errors=True)
    return result


def describe(result: RunResult) -> str:
    kinds = {k: sum(a.kind == k for a in result.shown) for k in ("decision", "override", "note", "fact_edit")}
    flight = ""
    if result.pending is not None:
        flight = f", 1 save in flight ({'stored' if result.in_flight_stored else 'not stored'})"
    verdict = "ok" if result.ok else "FAILED: " + "; ".join(filter(None, [result.stuck, *result.problems]))
    return (f"run {result.number:3d} seed {result.seed}: killed {result.mode}, {result.moment}: "
            f"{len(result.shown)} shown saved ({kinds['decision']} accepted, {kinds['override']} overridden, "
            f"{kinds['note']} notes, {kinds['fact_edit']} fact edits){flight}; log {result.entries} entries, "
            f"integrity {result.integrity or '-'}; "
            + (f"{result.retries} dialogs retyped; " if result.retries else "")
            + f"{result.seconds:.1f} s: {verdict}"
            + (f" (kept {result.kept})" if result.kept else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--first", type=int, default=1, help="number of the first run (to replay one run)")
    parser.add_argument("--max-actions", type=int, default=14, help="actions per run: 3 to this many, at random")
    parser.add_argument("--case", type=Path, default=CASE, help="a case file, relative to the checkout")
    parser.add_argument("--imr", type=Path, default=None, help="the imr command (default: beside this Python)")
    parser.add_argument("--keep", action="store_true", help="keep every run's folder (database, last screens)")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("kill_review: tmux is not installed (apt-get install tmux)", file=sys.stderr)
        return 3
    imr = args.imr or Path(sys.executable).parent / "imr"
    if not (imr.exists() or shutil.which(str(imr))):
        print(f"kill_review: no {imr} (pip install -e . first, or give --imr)", file=sys.stderr)
        return 3
    imr = imr if imr.is_absolute() else (Path.cwd() / imr)
    os.chdir(ROOT)
    from engine.cases.loader import load_case
    from engine.compiler.rulebase import load_rulebase

    args.item_count = len(load_case(args.case).items)
    rulebase = load_rulebase(ROOT / "tables")
    started = time.monotonic()
    results: list[RunResult] = []
    try:
        for number in range(args.first, args.first + args.runs):
            result = one_run(number, args.seed * 100_003 + number, args, imr, rulebase)
            results.append(result)
            print(describe(result), flush=True)
    finally:
        rulebase.close()
    shown = sum(len(r.shown) for r in results)
    decisions = sum(a.kind in ("decision", "override") for r in results for a in r.shown)
    in_flight = sum(r.pending is not None for r in results)
    stored = sum(r.in_flight_stored for r in results)
    failed = [r for r in results if r.problems]
    stuck = [r for r in results if r.stuck and not r.problems]
    moments = Counter(re.sub(r" (on item|before action|to item) \d+", "", r.moment.split(":")[0].split(" (")[0])
                      for r in results)
    print(f"total: {len(results)} runs ({sum(r.mode == 'in flight' for r in results)} killed right after a save key, "
          f"{sum(r.mode != 'in flight' for r in results)} at a random time), {shown} actions shown saved "
          f"({decisions} decisions), {sum(r.entries for r in results)} log entries, {in_flight} saves in flight "
          f"at the kill ({stored} found stored), {sum(r.retries for r in results)} dialogs retyped; runs that lost "
          f"something or left a damaged database: {len(failed)}, runs the script could not drive: {len(stuck)}; "
          f"{time.monotonic() - started:.0f} s; kill moments: "
          + ", ".join(f"{what} {n}" for what, n in moments.most_common()), flush=True)
    if failed:
        return 1
    return 2 if stuck else 0


if __name__ == "__main__":
    sys.exit(main())
