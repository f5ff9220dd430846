"""Errors that reach users: each says what is wrong and where, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field


class FupinError(Exception):
    """An error with a message meant for the user (command line, page or API)."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(FupinError):
    code = "not_found"


class InvalidInput(FupinError):
    code = "invalid"


class FieldInvalid(InvalidInput):
    """Invalid input in one field of a form or an API body: `field` is its name there."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotAllowed(FupinError):
    """The user may see the object but their role or scope may not change it."""

    code = "forbidden"


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in an input file: its row (1 = header, data from 2), column and reason."""

    row: int
    column: str
    reason: str
    value: str = ""
    severity: str = "error"  # "error" blocks the row; "warning" does not

    def __post_init__(self) -> None:
        # shown on pages, written to error files and stored with jobs: PostgreSQL cannot
        # store NUL, so a NUL from a file is written \0 (core.nul)
        for name in ("column", "reason", "value"):
            text = getattr(self, name)
            if isinstance(text, str) and "\x00" in text:
                object.__setattr__(self, name, text.replace("\x00", "\\0"))

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        shown = f" (value: {self.value})" if self.value else ""
        return f"{where}: {self.reason}{shown}"


@dataclass
class RowErrors(FupinError):
    """A file with invalid rows; nothing was written."""

    errors: list[RowError] = field(default_factory=list)
    message: str = ""

    def __post_init__(self) -> None:
        if not self.message:
            errors, warnings = self.error_count, self.warning_count
            self.message = (
                f"{errors} error(s) and {warnings} warning(s) in the file; nothing was written"
                if warnings
                else f"{errors} error(s) in the file; nothing was written"
            )
        Exception.__init__(self, self.message)

    @property
    def error_count(self) -> int:
        """The blocking problems; the error file lists them with the warnings."""
        return sum(e.severity == "error" for e in self.errors)

    @property
    def warning_count(self) -> int:
        return len(self.errors) - self.error_count
