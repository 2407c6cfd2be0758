"""The report of a check: what failed, where, why, with personal data masked."""

from __future__ import annotations

import datetime
import html
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence, TypedDict

from . import _core

if TYPE_CHECKING:
    import pandas

__all__ = ["Report", "RuleStat", "SkippedRule", "Summary"]

_HTML_ROW_LIMIT = 200


class RuleStat(TypedDict):
    """How one rule fared: on how many rows (record rules) or groups it was checked, and how
    many of them failed."""

    rule_id: str
    origin: str
    checked: int
    failed: int


class SkippedRuleEntry(TypedDict):
    rule_id: str
    reference: str
    reason_zh: str
    reason_en: str


@dataclass(frozen=True)
class SkippedRule:
    """A rule that was not run because an optional reference table it reads was not given."""

    rule_id: str
    reference: str
    reason_zh: str
    reason_en: str


class Summary(TypedDict):
    """Row accounting and totals: rows == clean + with_violations + unreadable."""

    rows: int
    clean: int
    with_violations: int
    unreadable: int
    errors: int
    warnings: int
    violations_by_rule: dict[str, int]
    ruleset_id: str
    ruleset_sha256: str
    input_name: str
    input_sha256: str
    #: Columns of the input that name no field of the ruleset: read past, never checked.
    unused_columns: list[str]
    #: Fields of the ruleset that no column of the input names: empty in every row.
    missing_fields: list[str]
    as_of: datetime.date | None
    fundrules_version: str
    rule_stats: list[RuleStat]
    skipped_rules: list[SkippedRuleEntry]


class Report:
    """The result of checking a list against a ruleset.

    ``ok`` is true when no error-severity rule failed and every row could be read. Written
    forms (:meth:`to_text`, :meth:`to_json`, :meth:`to_csv`) are the library's own, identical
    to the ``fundrules`` program's output; personal data is masked unless
    ``show_personal_data=True``.
    """

    __slots__ = ("_report",)

    def __init__(self, core: _core.Report) -> None:
        self._report = core

    @property
    def ok(self) -> bool:
        return self._report.ok

    @property
    def summary(self) -> Summary:
        return self._report.summary()  # type: ignore[return-value]

    @property
    def mergeable(self) -> bool:
        """True when the report was made with ``mergeable=True`` and can be merged."""
        return self._report.mergeable

    @staticmethod
    def merge(parts: Sequence[Report]) -> Report:
        """The report of a list checked in consecutive parts, as if it had been checked in one
        pass: group and batch rules (per household, budget totals) are decided on the merged
        states. Each part must come from ``check(..., mergeable=True, first_row=...)`` on the
        same ruleset and as-of date, in list order; raises :class:`fundrules.Error` otherwise.
        """
        cores = [part._report for part in parts]
        return Report(_core.Report.merge(cores))

    @property
    def rule_stats(self) -> pandas.DataFrame:
        """One row per rule of the ruleset: ``rule_id``, ``origin`` (the ruleset that declared
        it), ``checked`` (rows or groups it was checked on), ``failed`` and ``passed``."""
        import pandas

        stats = self.summary["rule_stats"]
        frame = pandas.DataFrame(
            {
                "rule_id": [s["rule_id"] for s in stats],
                "origin": [s["origin"] for s in stats],
                "checked": pandas.array([s["checked"] for s in stats], dtype="int64"),
                "failed": pandas.array([s["failed"] for s in stats], dtype="int64"),
            }
        )
        frame["passed"] = frame["checked"] - frame["failed"]
        return frame

    @property
    def skipped_rules(self) -> tuple[SkippedRule, ...]:
        """Rules not run because an optional reference table they read was not given."""
        return tuple(SkippedRule(**entry) for entry in self.summary["skipped_rules"])

    @property
    def violations(self) -> pandas.DataFrame:
        """The violations as a pandas DataFrame, one row per violation and roster row (a rule
        about the whole list gives one row with ``row`` missing). Personal data is masked."""
        return self.violations_frame()

    def violations_frame(self, *, show_personal_data: bool = False) -> pandas.DataFrame:
        """As :attr:`violations`, optionally with personal data shown."""
        import pandas

        columns: dict[str, Any] = dict(self._report.violation_rows(show_personal_data))
        # Whole-list violations have no row: a nullable integer column keeps the others ints.
        columns["row"] = pandas.array(columns["row"], dtype="Int64")
        return pandas.DataFrame(columns)

    @property
    def summaries(self) -> dict[str, pandas.DataFrame]:
        """The summaries the ruleset declares (``summaries:``), by id, in its order: one data
        frame each, one column per declared column (counts as integers, money and other
        decimals as exact :class:`decimal.Decimal`), indexed by the ``group_by`` values (enum
        codes; a MultiIndex for several key fields) with a last line ``"total"`` for the whole
        list, like ``pandas.pivot_table(margins=True)``. A summary without ``group_by`` has
        that line only. ``frame.attrs`` holds the title, each column's label and unit, the
        rows folded into each line and the rows that could not be counted (``problems``).
        Keys of personal fields (a summary by ID number) are masked."""
        return self.summary_frames()

    def summary_frames(self, *, show_personal_data: bool = False) -> dict[str, pandas.DataFrame]:
        """As :attr:`summaries`, optionally with personal keys shown."""
        from ._summaries import summary_frames

        return summary_frames(self._report, show_personal_data)

    def summaries_to_csv(self, *, language: str = "zh", show_personal_data: bool = False) -> str:
        """The summaries for a spreadsheet, as ``fundrules check --summary-csv FILE`` writes
        them (without the byte-order mark): a block per summary (title, header, one line per
        group, total), money written plain."""
        return self._report.summaries_to_csv(language, show_personal_data)

    def violation_list(self, *, show_personal_data: bool = False) -> list[dict[str, Any]]:
        """The violations as dicts, one per violation, in report order: rule_id, severity,
        scope, rows, line, column, group_key, message_zh, message_en, values (name -> text),
        params, clause, detail."""
        return self._report.violations(show_personal_data)

    def to_text(self, *, language: str = "zh", show_personal_data: bool = False) -> str:
        """The report for people, as ``fundrules check`` prints it."""
        return self._report.to_text(language, show_personal_data)

    def to_json(self, *, language: str = "zh", show_personal_data: bool = False) -> str:
        """The JSON report ("fundrules.report/1"), as ``fundrules check --format json``."""
        return self._report.to_json(language, show_personal_data)

    def to_dict(self, *, language: str = "zh", show_personal_data: bool = False) -> Any:
        """The JSON report, parsed."""
        return json.loads(self.to_json(language=language, show_personal_data=show_personal_data))

    def to_csv(self, *, language: str = "zh", show_personal_data: bool = False) -> str:
        """One line per violation, with a header, as ``fundrules check --format csv``."""
        return self._report.to_csv(language, show_personal_data)

    def __repr__(self) -> str:
        s = self.summary
        state = "ok" if self.ok else "failed"
        return (
            f"<fundrules.Report {state}: {s['rows']} rows, {s['with_violations']} with "
            f"violations, {s['unreadable']} unreadable, {s['errors']} errors, "
            f"{s['warnings']} warnings>"
        )

    def _repr_html_(self) -> str:
        return _html(self)


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _html(report: Report) -> str:
    s = report.summary
    state = "✅ ok" if report.ok else "❌ failed"
    parts = [f"<h4>fundrules report: {html.escape(state)}</h4>"]
    facts = [
        ["ruleset", s["ruleset_id"]],
        ["input", s["input_name"]],
        ["as of", str(s["as_of"] or "")],
        ["rows", str(s["rows"])],
        ["clean", str(s["clean"])],
        ["with violations", str(s["with_violations"])],
        ["unreadable", str(s["unreadable"])],
        ["errors", str(s["errors"])],
        ["warnings", str(s["warnings"])],
    ]
    parts.append(_table(["", ""], facts))
    skipped = report.skipped_rules
    if skipped:
        parts.append("<h5>Rules not run</h5>")
        parts.append(
            _table(["rule", "reference table", "why"],
                   [[r.rule_id, r.reference, r.reason_en or r.reason_zh] for r in skipped])
        )
    by_rule = s["violations_by_rule"]
    if by_rule:
        parts.append("<h5>Violations by rule</h5>")
        parts.append(_table(["rule", "violations"], [[k, str(v)] for k, v in by_rule.items()]))
    if report._report.summaries(False):
        from ._summaries import summaries_html

        parts.append(summaries_html(report._report))
    violations = report.violation_list()
    if violations:
        parts.append("<h5>Rows and why</h5>")
        rows = []
        for v in violations[:_HTML_ROW_LIMIT]:
            rows.append(
                [
                    ", ".join(str(r) for r in v["rows"]),
                    v["rule_id"],
                    v["severity"],
                    v["message_zh"] or v["message_en"],
                    ", ".join(f"{k}={val}" for k, val in v["values"].items()),
                    v["clause"],
                ]
            )
        parts.append(_table(["rows", "rule", "severity", "message", "values read", "clause"], rows))
        if len(violations) > _HTML_ROW_LIMIT:
            parts.append(
                f"<p>… and {len(violations) - _HTML_ROW_LIMIT} more; see "
                "<code>report.violations</code>.</p>"
            )
    return "<div class='fundrules-report'>" + "".join(parts) + "</div>"
