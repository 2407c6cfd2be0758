"""Money, dates and standalone expressions, exactly as the library reads and computes them."""

from __future__ import annotations

import datetime
import decimal
from typing import Union

from . import _core

__all__ = ["Value", "evaluate", "format_money", "parse_date", "parse_money"]

#: What an expression takes and gives: None, bool, int, Decimal, str, date, or a list of them.
Value = Union[None, bool, int, decimal.Decimal, str, datetime.date, list["Value"]]


def parse_money(text: str) -> decimal.Decimal:
    """Money as finance staff write it, exactly: ``"1,500.00"``, ``"¥500"``, ``"63.04万元"``
    (万 is 10,000). Raises :class:`fundrules.InvalidValueError` for anything else."""
    return _core.parse_money(text)


def format_money(value: decimal.Decimal | int) -> str:
    """Money for people: thousands separators and two places (``"1,500.00"``), rounded
    half-even beyond two places. Binary floats are refused: they are not exact."""
    if isinstance(value, float):
        raise TypeError("a float is not an exact amount; pass decimal.Decimal or int")
    return _core.format_money(value)


def parse_date(text: str) -> datetime.date:
    """A date as rosters write it: ``"2024-01-15"``, ``"2024/1/15"``, ``"2024年1月15日"``."""
    return _core.parse_date(text)


def evaluate(expression: str, /, **variables: Value) -> Value:
    """Evaluates an expression of the rules language, with ``variables`` as its names::

        >>> evaluate("amount >= 600", amount=Decimal("650.50"))
        True

    Decimals are exact; floats are refused. Raises :class:`fundrules.ExpressionError` (with
    every problem and its column) when the expression does not compile, and
    :class:`fundrules.EvaluationError` when it gives no value (division by zero, overflow).
    """
    result: Value = _core.evaluate(expression, variables)
    return result
