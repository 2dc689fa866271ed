"""The one-line error for a bad field of a case file: where, expected, found."""

from __future__ import annotations

from engine.errors import CaseError, Location


class CaseFieldError(CaseError):
    """``cases/x.yaml, field items[1].facts.request.quantity: expected a number, found 'six'``.

    The message may be empty when *expected* and *found* say it all.
    """

    def __init__(
        self, file: str, field: str | None, message: str = "", *,
        expected: str | None = None, found: str | None = None, hint: str | None = None,
    ) -> None:
        self.file = file
        self.field = field
        super().__init__(message, location=Location(file, field=field or None),
                         expected=expected, found=found, hint=hint)

    def one_line(self) -> str:
        if self.message:
            return super().one_line()
        parts = []
        if self.expected is not None:
            parts.append(f"expected {self.expected}")
        if self.found is not None:
            parts.append(f"found {self.found}")
        text = ", ".join(parts) or "bad value"
        if self.hint:
            text += f" ({self.hint})"
        return f"{self.location}: {text}" if self.location is not None else text


def shown(value: object, limit: int = 60) -> str:
    """A found value as the error shows it: repr, shortened."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
