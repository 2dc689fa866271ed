#!/usr/bin/env bash
# Drive the real `imr review` in a terminal (tmux) through the seed case: open each item and
# accept it; edit a fact of item 2 after accepting it (the proposal changes: the letter is
# withdrawn until the decision is re-confirmed); re-confirm; open the letter, export it as md,
# txt and pdf, check the files, quit; then `imr letter --db` on the same store must give the
# same text letter byte for byte.
#
#   scripts/tmux_review.sh            # from the checkout, with .venv/bin/imr
#   IMR=/path/to/imr scripts/tmux_review.sh
#   KEEP=1 scripts/tmux_review.sh     # keep the work folder (database, letters, screens)
#   SIZE=80x24 scripts/tmux_review.sh # a small terminal (default 140x45)
#
# It runs its own tmux server (a private socket), so a tmux you have open is not touched;
# the database and the letters go to a temporary folder, never to your data dir.  Needs
# tmux (apt-get install tmux).  Exit 0 and "tmux_review: ok" when everything checked out.
set -euo pipefail
cd "$(dirname "$0")/.."

IMR=${IMR:-.venv/bin/imr}
CASE=${CASE:-cases/seed.yaml}
WAIT=${WAIT:-60}  # seconds to wait for any one screen
SIZE=${SIZE:-140x45}  # the terminal, columns x lines (SIZE=80x24: the stacked layout)
command -v tmux >/dev/null || { echo "tmux_review: tmux is not installed (apt-get install tmux)" >&2; exit 3; }
[ -x "$IMR" ] || { echo "tmux_review: no $IMR (pip install -e . first, or set IMR)" >&2; exit 3; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tmux-review.XXXXXX")
socket="imr-review-$$"
mkdir "$work/out"
t() { tmux -L "$socket" "$@"; }
cleanup() {
  t kill-server 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "tmux_review: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

screen() { t capture-pane -p -t review; }

# wait_for TEXT: poll the pane until it shows TEXT (fixed string), or fail showing the screen.
wait_for() {
  local deadline=$((SECONDS + WAIT))
  until screen | grep -qF -- "$1"; do
    if [ $SECONDS -ge $deadline ]; then
      echo "tmux_review: timed out waiting for: $1" >&2
      screen | tee "$work/last-screen.txt" >&2
      exit 1
    fi
    sleep 0.1
  done
}

keys() { t send-keys -t review "$@"; }

started=$(date +%s.%N)
t -f /dev/null new-session -d -s review -x "${SIZE%x*}" -y "${SIZE#*x}" \
  "env IMR_REVIEW_CONFIG=$work/no-settings.toml IMR_PROFILES=$work/profiles.json TERM=xterm-256color $IMR review $CASE --db $work/reviews.sqlite3 --out $work/out --as tmux-reviewer; echo; echo 'imr review exited' \$?; sleep 30"
t set-option -s escape-time 0
wait_for "Opening $CASE"
painted=$(date +%s.%N)
wait_for "Case CM15-0000001"
case_read=$(date +%s.%N)
wait_for "0 of 2 decided"
ready=$(date +%s.%N)
since() { awk "BEGIN { printf \"%.2f\", $1 - $started }"; }
echo "tmux_review: first frame $(since "$painted") s, case text $(since "$case_read") s," \
  "items evaluated $(since "$ready") s after launch (tmux start and 0.1 s polling included)"

keys Enter
wait_for "item 1 of 2"
wait_for "Proposed: Overturned"
keys a
wait_for "Accepted: Overturned. 1 of 2 decided."
keys Escape
wait_for "Overturned (accepted by tmux-reviewer)"
keys Down Enter
wait_for "item 2 of 2"
keys a
wait_for "Accepted: Overturned. 2 of 2 decided."
keys Escape
wait_for "The letter is ready: press l."

# Edit after accept: a fact of item 2 edited so that the proposal changes; the decision made on
# the earlier proposal must be re-confirmed, and the letter is withdrawn until it is.
keys Enter
wait_for "item 2 of 2"
keys C-p
wait_for "Search for commands"
keys -l "Edit fact: Do the records document functional improvement"
wait_for "Change the value and re-evaluate"
keys Enter
wait_for "Edit a fact (the item is re-evaluated at once)"
keys -l "no"
keys Enter
wait_for "re-confirm it"
keys Escape
wait_for "1 of 2 decided, 1 to re-confirm"
wait_for "Re-confirm item 2"
keys l
sleep 0.5
screen | grep -qF "Letter for case" && { echo "tmux_review: the letter opened with a decision to re-confirm" >&2; exit 1; }

# Re-confirm: accept the new proposal on item 2 (the cursor is still on it).
keys Enter
wait_for "item 2 of 2"
keys a
wait_for "Accepted: Upheld. 2 of 2 decided."
keys Escape
wait_for "The letter is ready: press l."
keys l
wait_for "Letter for case CM15-0000001"
wait_for "Independent Medical Review Final Determination"
for fmt in md txt pdf; do
  keys "${fmt:0:1}"
  wait_for "CM15-0000001-letter.$fmt"
done
screen > "$work/letter-screen.txt"
keys C-q
wait_for "imr review exited 0"

out="$work/out"
for fmt in md txt pdf; do
  [ -s "$out/CM15-0000001-letter.$fmt" ] || { echo "tmux_review: no $fmt letter" >&2; exit 1; }
done
txt="$out/CM15-0000001-letter.txt"
grep -q "^Re-exam 1 x 4 weeks: Overturned" "$txt" || { echo "tmux_review: item 1 not Overturned in the letter" >&2; exit 1; }
grep -q "sessions): Upheld" "$txt" || { echo "tmux_review: item 2 not Upheld (re-confirmed) in the letter" >&2; exit 1; }
if grep -q "(proposed)\|NOT FINAL" "$txt"; then echo "tmux_review: the letter is not final" >&2; exit 1; fi
if grep -q "Decision recorded by\|tmux-reviewer" "$txt"; then
  echo "tmux_review: the letter names who recorded a decision (that is the audit trail's)" >&2; exit 1
fi
head -c 5 "$out/CM15-0000001-letter.pdf" | grep -q "%PDF-" || { echo "tmux_review: the pdf is not a PDF" >&2; exit 1; }
# One letter, either path: imr letter on the same store gives the same bytes as the UI's export.
IMR_PROFILES=$work/profiles.json "$IMR" letter "$CASE" --db "$work/reviews.sqlite3" --as tmux-reviewer \
  --format txt --out "$work/cli/" 2>/dev/null
cmp "$txt" "$work/cli/CM15-0000001-letter.txt" || { echo "tmux_review: imr letter differs from the UI's export" >&2; exit 1; }
echo "tmux_review: ok (letters in $out: $(ls "$out" | tr '\n' ' '))"
