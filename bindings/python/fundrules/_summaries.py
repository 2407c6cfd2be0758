"""The summaries a ruleset declares (``summaries:``), as pandas data frames and as HTML."""

from __future__ import annotations

import decimal
import html
from typing import TYPE_CHECKING, Any

from . import _core

if TYPE_CHECKING:
    import pandas

__all__ = ["TOTAL", "summary_frames", "summaries_html"]

TOTAL = "total"
"""The index label of a summary's line for the whole list."""


def _column(values: list[Any]) -> Any:
    """Counts as integers (nullable where a group has none), anything else (exact
    decimal.Decimal money, dates) as Python objects, never as binary floats."""
    import pandas

    present = [v for v in values if v is not None]
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pandas.array(values, dtype="Int64")
    return pandas.array(values, dtype=object)


def _frame(table: dict[str, Any]) -> pandas.DataFrame:
    import pandas

    group_by: list[str] = table["group_by"]
    lines: list[dict[str, Any]]
    keys: list[Any]
    if group_by:
        # One line per group keyed by its values, then the whole list's, as pandas'
        # pivot_table(margins=True) does.
        lines = list(table["rows"])
        keys = [tuple(line["key"]) if len(group_by) > 1 else line["key"][0] for line in lines]
        if table["total"] is not None:
            lines.append(table["total"])
            keys.append((TOTAL,) + ("",) * (len(group_by) - 1) if len(group_by) > 1 else TOTAL)
    else:
        lines = list(table["rows"][:1])  # a summary of the whole list has its one line
        keys = [TOTAL] * len(lines)
    if len(group_by) > 1:
        index = pandas.MultiIndex.from_tuples(keys, names=group_by)
    else:
        index = pandas.Index(keys, dtype=object, name=group_by[0] if group_by else None)
    columns: list[dict[str, str]] = table["columns"]
    frame = pandas.DataFrame(
        {c["id"]: _column([line["values"][i] for line in lines]) for i, c in enumerate(columns)},
        index=index,
    )
    frame.attrs.update(
        id=table["id"],
        title_zh=table["title_zh"],
        title_en=table["title_en"],
        units={c["id"]: c["unit"] for c in columns},
        labels_zh={c["id"]: c["label_zh"] for c in columns},
        labels_en={c["id"]: c["label_en"] for c in columns},
        rows=[line["rows"] for line in lines],
        problems=list(table["problems"]),
    )
    return frame


def summary_frames(core: _core.Report, show_personal_data: bool) -> dict[str, pandas.DataFrame]:
    return {t["id"]: _frame(t) for t in core.summaries(show_personal_data)}


def _figure(value: Any, unit: str) -> str:
    if value is None:
        return ""
    if isinstance(value, decimal.Decimal) and unit == "元":
        return _core.format_money(value)
    return str(value)


def _heading(column: dict[str, str]) -> str:
    unit = column["unit"]
    return f"{column['label_zh']}（{unit}）" if unit else column["label_zh"]


def summaries_html(core: _core.Report) -> str:
    """Each summary as people read it: key labels, headings with units, money in 元."""
    parts = []
    for table in core.summaries(False):
        parts.append(
            f"<h5>{html.escape(table['title_zh'])} · {html.escape(table['title_en'])}</h5>"
        )
        columns: list[dict[str, str]] = table["columns"]
        header = list(table["group_labels_zh"]) or [""]
        header += [_heading(c) for c in columns]
        body = []
        lines = [(line["key_zh"], line) for line in table["rows"]] if table["group_by"] else []
        whole = table["total"] if table["group_by"] else (table["rows"] or [None])[0]
        if whole is not None:
            lines.append(([("合计" if table["group_by"] else "全部")]
                          + [""] * (len(table["group_by"]) - 1), whole))
        for key, line in lines:
            figures = [_figure(v, c["unit"]) for v, c in zip(line["values"], columns)]
            body.append([*key, *figures])
        head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
            for row in body
        )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        for problem in table["problems"]:
            parts.append(f"<p>未计入 / not counted: {html.escape(problem)}</p>")
    return "".join(parts)
