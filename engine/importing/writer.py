"""Writing an imported case as a YAML case file (``docs/cases.md``), with comments for the reviewer.

Values are written by PyYAML's safe dumper (``yaml.dump`` with a ``SafeDumper``): a
request holding `` #`` is quoted, dates are dates, ``yes`` as text is quoted.  The only
change to the safe dumper is that a text of several lines (the clinical summary) is
written as a literal block.  Comments are written around the dumped values: a header for
the case, and before each item the keys that could not be mapped, with their values, so
that a reviewer sees what the abstract said and the case file does not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """The safe dumper; multi-line text as a literal block."""


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_str(data)


_Dumper.add_representer(str, _text)

# Every character a YAML reader takes as a line break, and the other control characters:
# escaped in comments, so a comment stays one line whatever the data says.
_ESCAPED = str.maketrans({
    c: repr(c)[1:-1]
    for c in [*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), "\u2028", "\u2029", "\ufeff"]
})


def comment_lines(lines: Iterable[str]) -> str:
    """``# line`` for each line, each kept on one line."""
    return "".join(f"# {line.translate(_ESCAPED)}".rstrip() + "\n" for line in lines)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=4096)


def render(case: dict[str, Any], header: Iterable[str], items: Iterable[tuple[dict[str, Any], list[str]]]) -> str:
    """The case file's text: the header comment, the case's fields, then each item after its comment."""
    parts = [comment_lines(header), dump({k: v for k, v in case.items() if k != "items"}), "items:\n"]
    for item, comments in items:
        parts.append(comment_lines(comments))
        parts.append(dump([item]))
    return "".join(parts)
