"""The reviewer's terminal UI (Textual) over the headless review session (``review/``).

``imr review [CASE | FOLDER]`` starts ``tui.app.ReviewApp``.  Nothing in ``engine/``
imports this package.  See docs/tui.md.
"""
