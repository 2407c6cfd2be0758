"""The exceptions and warnings fundrules raises.

The compiled core translates the library's C++ exceptions into these classes, so Python code
catches :class:`Error` for anything fundrules raises, or the built-in :class:`ValueError` and
:class:`OverflowError` where that is what went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

__all__ = [
    "ArithmeticOverflowError",
    "DataError",
    "Diagnostic",
    "Error",
    "EvaluationError",
    "ExpressionError",
    "FloatMoneyWarning",
    "InvalidValueError",
    "LimitError",
    "RulesetError",
]


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a ruleset or an expression, with where it is (1-based line and
    column; 0 when not known)."""

    file: str
    line: int
    column: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line > 0:
            where += f":{self.line}"
            if self.column > 0:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message}"


class Error(Exception):
    """Base of every exception fundrules raises. A rule that fails on a row is never an
    exception: it is a violation in the report."""


class RulesetError(Error):
    """A ruleset could not be loaded; :attr:`diagnostics` holds every problem found."""

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)


class DataError(Error):
    """An input could not be read at all (a missing file, no header, a column of the wrong
    type). Problems with single rows are not exceptions: those rows are reported."""

    def __init__(self, message: str, file: str = "", line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column


class InvalidValueError(Error, ValueError):
    """A value could not be read: bad money, an impossible date, a malformed number."""


class ArithmeticOverflowError(Error, OverflowError):
    """Exact arithmetic went past what a decimal of 38 digits (or an int64) holds."""


class LimitError(Error):
    """A stated bound was exceeded (expression length, nesting depth, file size...)."""


class ExpressionError(Error):
    """An expression does not compile; :attr:`diagnostics` holds every problem, with the
    column in the expression text."""

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)


class EvaluationError(Error):
    """An expression compiled but gave no value; :attr:`kind` says why ("division_by_zero",
    "overflow", "invalid_argument", "missing_field", "no_matching_overload")."""

    def __init__(self, message: str, kind: str = "error") -> None:
        super().__init__(message)
        self.kind = kind


class FloatMoneyWarning(UserWarning):
    """Binary floats were given for a decimal field and taken through their shortest
    representation (what ``repr`` shows). Pass text or :class:`decimal.Decimal` to avoid it."""
