"""Turning whatever the caller has into a check: a CSV path, an Arrow stream, a data frame or
Python records. pandas and pyarrow are imported only when the data is theirs."""

from __future__ import annotations

import datetime
import os
import sys
import warnings
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from . import _core
from ._errors import FloatMoneyWarning
from ._report import Report

if TYPE_CHECKING:
    from ._ruleset import Ruleset

__all__ = ["check_data", "fill_form_data"]


def _as_of(value: datetime.date | str | None) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        raise TypeError("as_of is a date; pass value.date() rather than a datetime")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        return _core.parse_date(value)
    raise TypeError(f"as_of must be a datetime.date or a str, not {type(value).__name__}")


def _is_pandas_frame(data: Any) -> bool:
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(data, pandas.DataFrame)


def _pandas_nulls() -> tuple[Any, ...]:
    pandas = sys.modules.get("pandas")
    return (pandas.NA, pandas.NaT) if pandas is not None else ()


def _arrow_stream(data: Any) -> Any:
    """The "arrow_array_stream" capsule for data that speaks the Arrow PyCapsule protocol, or
    None."""
    if _is_pandas_frame(data):
        # The index is not data: a default RangeIndex would otherwise become a column.
        import pyarrow as pa

        try:
            table = pa.Table.from_pandas(data, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return None  # mixed-type object columns: read cell by cell instead
        return table.__arrow_c_stream__()
    if hasattr(data, "__arrow_c_stream__"):
        return data.__arrow_c_stream__()
    if hasattr(data, "__arrow_c_array__"):
        # A single record batch that only exports itself as an array.
        import pyarrow as pa

        return pa.table(data).__arrow_c_stream__()
    return None


def _warn_float_fields(fields: list[str], stacklevel: int = 4) -> None:
    if fields:
        warnings.warn(
            "binary floats were given for "
            + ", ".join(repr(f) for f in fields)
            + " and taken as the decimal their repr() shows; pass text or decimal.Decimal "
            "to keep amounts exact from the start",
            FloatMoneyWarning,
            stacklevel=stacklevel,
        )


def _records(data: Any, what: str) -> Iterable[Any]:
    if isinstance(data, Mapping):
        raise TypeError(f"pass {what} as a list of records (dicts), not a single dict")
    if _is_pandas_frame(data):
        records: Iterable[Any] = data.to_dict("records")
        return records
    if isinstance(data, Iterable) and not isinstance(data, (str, bytes, bytearray)):
        return data
    raise TypeError(
        f"{what} must be a CSV path, a DataFrame, an Arrow table or stream, or an iterable of "
        f"dicts; got {type(data).__name__}"
    )


def _references(ruleset: Ruleset, refs: Mapping[str, Any] | None) -> _core.References | None:
    """The reference tables, each read with the fields the ruleset declares for it."""
    if refs is None:
        return None
    if not isinstance(refs, Mapping):
        raise TypeError(f"refs must be a dict of name -> table, not {type(refs).__name__}")
    core = ruleset._ruleset
    tables = _core.References()
    for name, data in refs.items():
        if not isinstance(name, str):
            raise TypeError(f"reference table names are str, not {type(name).__name__}")
        if isinstance(data, (str, os.PathLike)):
            tables.add_csv(core, name, os.fspath(data))
            continue
        source = f"<refs.{name}>"
        stream = _arrow_stream(data)
        if stream is not None:
            tables.add_arrow(core, name, stream, source)
        else:
            records = _records(data, f"refs[{name!r}]")
            tables.add_records(core, name, records, _pandas_nulls(), source)
    return tables


def check_data(
    ruleset: Ruleset,
    data: Any,
    *,
    refs: Mapping[str, Any] | None,
    as_of: datetime.date | str | None,
    input_name: str | None,
    threads: int,
    first_row: int = 1,
    mergeable: bool = False,
) -> Report:
    core = ruleset._ruleset
    date = _as_of(as_of)
    tables = _references(ruleset, refs)
    if isinstance(data, (str, os.PathLike)):
        path = os.fspath(data)
        return Report(
            _core.check_csv(
                core, path, date, input_name or path, threads, tables, first_row, mergeable
            )
        )
    if isinstance(data, Mapping):
        raise TypeError("pass a list of records (dicts), not a single dict")
    stream = _arrow_stream(data)
    if stream is not None:
        name = input_name if input_name is not None else f"<{type(data).__name__}>"
        report, float_fields, _unused = _core.check_arrow(
            core, stream, date, name, threads, tables, first_row, mergeable
        )
        _warn_float_fields(float_fields)
        return Report(report)
    records = _records(data, "data")
    name = input_name if input_name is not None else "<records>"
    report, float_fields, _unused = _core.check_records(
        core, records, _pandas_nulls(), date, name, threads, tables, first_row, mergeable
    )
    _warn_float_fields(float_fields)
    return Report(report)


def fill_form_data(
    ruleset: Ruleset,
    form: str,
    data: Any,
    *,
    refs: Mapping[str, Any] | None,
    as_of: datetime.date | str | None,
    input_name: str | None,
) -> tuple[list[dict[str, Any]], Report, int]:
    """The form's rows filled from ``data`` (any input check() takes), the check of the list,
    and how many of its rows could not be read (they are not counted)."""
    core = ruleset._ruleset
    date = _as_of(as_of)
    tables = _references(ruleset, refs)
    if isinstance(data, (str, os.PathLike)):
        path = os.fspath(data)
        entries, report, unreadable = _core.fill_form_csv(
            core, form, path, date, input_name or path, tables
        )
        return entries, Report(report), unreadable
    if isinstance(data, Mapping):
        raise TypeError("pass a list of records (dicts), not a single dict")
    stream = _arrow_stream(data)
    if stream is not None:
        name = input_name if input_name is not None else f"<{type(data).__name__}>"
        entries, report, unreadable = _core.fill_form_arrow(core, form, stream, date, name, tables)
        return entries, Report(report), unreadable
    records = _records(data, "data")
    name = input_name if input_name is not None else "<records>"
    entries, report, unreadable = _core.fill_form_records(
        core, form, records, _pandas_nulls(), date, name, tables
    )
    return entries, Report(report), unreadable
