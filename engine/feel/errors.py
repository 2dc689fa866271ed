"""The one error the cell language raises: text that is not S-FEEL."""

from __future__ import annotations

from engine.errors import ImrError

_SHOWN = 60  # characters of the cell text repeated in the message


class FeelSyntaxError(ImrError, ValueError):
    """Cell text that does not parse, or a literal whose content is invalid.

    ``column`` is the 1-based character position in the whole text (a cell may hold line
    breaks), ``expected`` says in words what could have come there, and ``found`` is the
    offending token, or ``end of text``.
    """

    def __init__(self, text: str, column: int, expected: str, found: str) -> None:
        self.text = text
        self.column = column
        shown = text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
        super().__init__(
            f"cannot read {shown!r} at column {column}", expected=expected, found=found
        )

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only base arguments: teach pickle (and multiprocessing) the signature.
        return (type(self), (self.text, self.column, self.expected, self.found))
