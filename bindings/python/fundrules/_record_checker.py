"""One record at a time: a finance program that checks each payment as a clerk enters it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import _core
from ._data import _as_of, _pandas_nulls, _references, _warn_float_fields

if TYPE_CHECKING:
    from ._ruleset import Ruleset

__all__ = ["RecordChecker", "RecordResult"]


class RecordResult:
    """The violations of one record, in report order (empty when it passes every rule)."""

    def __init__(self, core: _core.RecordResult) -> None:
        self._result = core

    @property
    def ok(self) -> bool:
        """True when no violation of error severity was found (warnings may remain)."""
        return self._result.ok()

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The rule of each violation, in order."""
        return tuple(self._result.rule_ids())

    def violation_list(self, *, show_personal_data: bool = False) -> list[dict[str, Any]]:
        """The violations as dicts, exactly as :meth:`fundrules.Report.violation_list` gives
        those of ``ruleset.check([record])``."""
        return self._result.violations(show_personal_data)

    def __len__(self) -> int:
        return self._result.count()

    def __repr__(self) -> str:
        if len(self) == 0:
            return "<fundrules.RecordResult: passes>"
        return f"<fundrules.RecordResult: {len(self)} violations: {', '.join(self.rule_ids)}>"


class RecordChecker:
    """Checks one record after another against a ruleset, with the setup of a check (the
    parameters in force, the reference tables' indexes, each rule's plan) done once, here.

    Make one with :meth:`fundrules.Ruleset.record_checker`. :meth:`check` takes a mapping of
    field names (or Chinese labels, or aliases) to values, as one record given to
    :meth:`fundrules.Ruleset.check`, and finds exactly the violations that
    ``ruleset.check([record])`` reports, in the same order: record rules judge the record as in
    any list, group and batch rules see a list of this one record. Money is exact: pass
    :class:`decimal.Decimal`, ``int`` or text (a ``float`` is taken as the decimal its repr
    shows, with a :class:`fundrules.FloatMoneyWarning`).

    One thread at a time; give each thread its own checker.
    """

    def __init__(
        self,
        ruleset: Ruleset,
        refs: Mapping[str, Any] | None = None,
        as_of: datetime.date | str | None = None,
        *,
        first_row: int = 1,
    ) -> None:
        self._ruleset = ruleset
        self._checker = _core.RecordChecker(
            ruleset._ruleset, _as_of(as_of), _references(ruleset, refs), first_row, _pandas_nulls()
        )

    @property
    def ruleset(self) -> Ruleset:
        """The ruleset records are checked against."""
        return self._ruleset

    def check(self, record: Mapping[str, Any]) -> RecordResult:
        """The violations of ``record``.

        Raises :class:`fundrules.InvalidValueError` (a :class:`ValueError`) for a key that
        names no field, two keys naming one field, or a value that cannot be read as its
        field's type (all such values named at once); ``TypeError`` for a record that is not a
        mapping.
        """
        result = self._checker.check(record)
        if result.float_fields:
            _warn_float_fields(result.float_fields, stacklevel=3)
        return RecordResult(result)

    def __repr__(self) -> str:
        return f"<fundrules.RecordChecker for {self._ruleset.id}>"
