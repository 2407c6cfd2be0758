"""fundrules: check payment lists from trade-union relief funds against rules declared in YAML.

    >>> import fundrules
    >>> rules = fundrules.load("rules/cn/hefei/2017-liangjie.yaml")
    >>> report = rules.check("examples/data/hefei-2017-roster.csv")
    >>> report.ok, report.summary["with_violations"]

Money is exact (:class:`decimal.Decimal` in and out, never binary floats), dates are
:class:`datetime.date`, and personal data is masked in every output unless asked for.
"""

from __future__ import annotations

from ._errors import (
    ArithmeticOverflowError,
    DataError,
    Diagnostic,
    Error,
    EvaluationError,
    ExpressionError,
    FloatMoneyWarning,
    InvalidValueError,
    LimitError,
    RulesetError,
)

# The compiled core imports fundrules._errors itself, so the errors come first.
from . import _core  # noqa: E402  isort: skip
from ._forms import Form, FormCheck, FormIdentity, FormRow
from ._record_checker import RecordChecker, RecordResult
from ._report import Report, RuleStat, SkippedRule, Summary
from ._ruleset import Choice, Field, Param, Reference, Rule, Ruleset, load
from ._values import Value, evaluate, format_money, parse_date, parse_money

__version__: str = _core.__version__

__all__ = [
    "ArithmeticOverflowError",
    "Choice",
    "DataError",
    "Diagnostic",
    "Error",
    "EvaluationError",
    "ExpressionError",
    "Field",
    "FloatMoneyWarning",
    "Form",
    "FormCheck",
    "FormIdentity",
    "FormRow",
    "InvalidValueError",
    "LimitError",
    "Param",
    "RecordChecker",
    "RecordResult",
    "Reference",
    "Report",
    "Rule",
    "RuleStat",
    "Ruleset",
    "RulesetError",
    "SkippedRule",
    "Summary",
    "Value",
    "__version__",
    "evaluate",
    "format_money",
    "load",
    "parse_date",
    "parse_money",
]
