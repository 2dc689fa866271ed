"""Plain words for what a physician reads: counts with their plurals, facts by their question
or label (never a dotted id), rationales without ``{placeholders}``.

Pure functions, no Textual: the screens and ``tui.trace_view`` call them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")  # as engine.runtime.evaluate fills a rationale


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 item``, ``2 items``, ``0 items``; ``words`` for an irregular plural."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def fact_label(name: str) -> str:
    """A fact's short label from its name: ``request.functional_improvement`` -> ``functional improvement``."""
    return name.rsplit(".", 1)[-1].replace("_", " ")


def table_label(name: str) -> str:
    """A table's name in words: ``acupuncture_determination`` -> ``acupuncture determination``."""
    return name.replace("_", " ")


def fact_words(name: str, question: str | None) -> str:
    """A fact as the reviewer reads it: its question, else its label."""
    return question.strip() if question and question.strip() else fact_label(name)


def plain_rationale(template: str, values: Mapping[str, str]) -> str:
    """A rationale with every ``{fact}`` filled: its value when known, else the fact's label in words."""

    def fill(match: re.Match[str]) -> str:
        name = " ".join(match.group(1).split())
        return values.get(name, f"({fact_label(name)})")

    return _PLACEHOLDER.sub(fill, template)


def unique(texts: Iterable[str | None]) -> list[str]:
    """Each text once, in first-seen order, blanks left out (a citation shared by two rows)."""
    seen: list[str] = []
    for text in texts:
        cleaned = (text or "").strip()
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    return seen


def citation_parts(citations: Iterable[str | None]) -> list[str]:
    """Each cited source once: citations split at ``;``, repeats left out, and a part that only
    repeats the start of a longer one (``8 CCR 9792.20(f)`` beside ``8 CCR 9792.20(f) (functional
    improvement)``) left out too."""
    parts = unique(part for text in citations for part in (text or "").split(";"))
    return [p for p in parts if not any(other != p and other.startswith(p) for other in parts)]


def taken_words(value: Any) -> str:
    """A value taken from an absence rule, as a reviewer reads it (yes, no, not stated, 0)."""
    if value is None:
        return "not stated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def without_location(error: Exception) -> str:
    """A refusal as the reviewer reads it: the one line without the file and field path.

    ``ImrError`` keeps its location apart (``location``); the UI shows the message, the
    expected and the found parts, which say what to do. Any other error: its text.
    """
    location = getattr(error, "location", None)
    text = str(error)
    prefix = f"{location}: " if location is not None else ""
    return text[len(prefix):] if prefix and text.startswith(prefix) else text
