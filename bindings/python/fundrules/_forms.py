"""Statistics forms (统计表) a ruleset declares: filled from a payment list, checked against
their identities (``C = D + E + F``)."""

from __future__ import annotations

import decimal
import html
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import _core

if TYPE_CHECKING:
    import pandas

__all__ = ["Form", "FormCheck", "FormIdentity", "FormRow"]


@dataclass(frozen=True)
class FormRow:
    """One row of a form: ``2C 慰问困难家庭总数 (户)``, and the aggregate over a payment list
    that fills it (empty when the list does not determine it)."""

    code: str
    label_zh: str
    label_en: str
    unit: str
    fill: str


@dataclass(frozen=True)
class FormIdentity:
    """A relation the rows must satisfy, compared in ``unit`` within ``tolerance``."""

    text: str
    relation: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    tolerance: decimal.Decimal
    unit: str
    note: str


@dataclass(frozen=True)
class Form:
    """A statistics form as the ruleset declares it (``forms:``)."""

    id: str
    title_zh: str
    title_en: str
    clause: str
    rows: tuple[FormRow, ...]
    identities: tuple[FormIdentity, ...]


def forms_of(core: _core.Ruleset) -> tuple[Form, ...]:
    return tuple(
        Form(
            id=f["id"],
            title_zh=f["title_zh"],
            title_en=f["title_en"],
            clause=f["clause"],
            rows=tuple(FormRow(**row) for row in f["rows"]),
            identities=tuple(
                FormIdentity(
                    text=i["text"],
                    relation=i["relation"],
                    left=tuple(i["left"]),
                    right=tuple(i["right"]),
                    tolerance=i["tolerance"],
                    unit=i["unit"],
                    note=i["note"],
                )
                for i in f["identities"]
            ),
        )
        for f in _core.forms(core)
    )


def entries_frame(entries: list[dict[str, Any]], language: str) -> pandas.DataFrame:
    """One line per row of the form: code, label, unit, value (exact Decimal, None when
    blank), answer (a 是/否 row's), whether the list gave the figure, and the fields the row
    needs that the list lacks."""
    import pandas

    if language not in ("zh", "en"):
        raise ValueError(f'language must be "zh" or "en", not "{language}"')
    return pandas.DataFrame(
        {
            "code": [e["code"] for e in entries],
            "label": [e[f"label_{language}"] or e["label_zh"] for e in entries],
            "unit": [e["unit"] for e in entries],
            "value": pandas.array([e["value"] for e in entries], dtype=object),
            "answer": [e["answer"] for e in entries],
            "from_list": pandas.array([e["from_list"] for e in entries], dtype=bool),
            # Fields the row's fill reads that the list has no column for: blank, not 0.
            "missing_fields": [", ".join(e["missing_fields"]) for e in entries],
        }
    )


def given_rows(form_data: Any) -> list[tuple[str, Any, str]]:
    """(code, value, answer) from a mapping of code -> figure, or from a data frame with
    ``code`` and ``value`` columns (as fill_form gives, perhaps completed by hand)."""
    if isinstance(form_data, Mapping):
        rows = []
        for code, value in form_data.items():
            if isinstance(value, str):
                rows.append((str(code), None, value))  # a 是/否 answer
            else:
                rows.append((str(code), _figure(value), ""))
        return rows
    columns = getattr(form_data, "columns", None)
    if columns is not None and "code" in columns and "value" in columns:
        answers = form_data["answer"] if "answer" in columns else [""] * len(form_data)
        return [
            (str(code), _figure(value), "" if answer is None else str(answer))
            for code, value, answer in zip(form_data["code"], form_data["value"], answers)
        ]
    raise TypeError(
        "form_data must be a CSV path, a dict of row code -> figure, or a DataFrame with "
        f"'code' and 'value' columns; got {type(form_data).__name__}"
    )


def _figure(value: Any) -> Any:
    if value is None:
        return None
    try:
        import pandas

        if pandas.isna(value):
            return None
    except (ImportError, TypeError, ValueError):
        pass
    if isinstance(value, float):
        # A figure typed into a frame as a float: take the decimal it shows, as check() does.
        return decimal.Decimal(repr(value))
    if isinstance(value, (int, decimal.Decimal)) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _core.parse_decimal(value.replace(",", ""))
    raise TypeError(f"a form figure is a number, not {type(value).__name__}")


class FormCheck:
    """The result of checking a filled form: ``ok`` when every identity holds and no row has a
    problem; ``failures`` says which did not and why."""

    __slots__ = ("_result", "form_id")

    def __init__(self, form_id: str, result: dict[str, Any]) -> None:
        self.form_id = form_id
        self._result = result

    @property
    def ok(self) -> bool:
        return bool(self._result["ok"])

    def __bool__(self) -> bool:
        return self.ok

    @property
    def identities(self) -> pandas.DataFrame:
        """Every identity of the form: identity, holds, left, right (exact sums in unit),
        unit, blank (rows taken as 0), explanation_zh, explanation_en."""
        import pandas

        checks = self._result["identities"]
        return pandas.DataFrame(
            {
                "identity": [c["identity"] for c in checks],
                "holds": pandas.array([c["holds"] for c in checks], dtype=bool),
                "left": pandas.array([c["left"] for c in checks], dtype=object),
                "right": pandas.array([c["right"] for c in checks], dtype=object),
                "unit": [c["unit"] for c in checks],
                "blank": [", ".join(c["blank"]) for c in checks],
                "explanation_zh": [c["explanation_zh"] for c in checks],
                "explanation_en": [c["explanation_en"] for c in checks],
            }
        )

    @property
    def failures(self) -> pandas.DataFrame:
        """What failed, one line each: ``kind`` ("identity" or "row"), ``what`` (the identity
        as written, or the row's code), ``message_zh`` and ``message_en``."""
        import pandas

        lines = [
            ("identity", c["identity"], c["explanation_zh"], c["explanation_en"])
            for c in self._result["identities"]
            if not c["holds"]
        ]
        lines += [("row", p["code"], p["message_zh"], p["message_en"])
                  for p in self._result["row_problems"]]
        return pandas.DataFrame(lines, columns=["kind", "what", "message_zh", "message_en"])

    def to_text(self, *, language: str = "zh") -> str:
        """The result for people, as ``fundrules form check`` prints it."""
        if language not in ("zh", "en"):
            raise ValueError(f'language must be "zh" or "en", not "{language}"')
        text: str = self._result[f"text_{language}"]
        return text

    def __repr__(self) -> str:
        failed = sum(1 for c in self._result["identities"] if not c["holds"])
        state = "ok" if self.ok else "failed"
        return (
            f"<fundrules.FormCheck {self.form_id} {state}: {failed} of "
            f"{len(self._result['identities'])} identities fail, "
            f"{len(self._result['row_problems'])} row problems>"
        )


    def _repr_html_(self) -> str:
        state = "✅ passed" if self.ok else "❌ failed"
        head = f"<h4>fundrules form {html.escape(self.form_id)}: {state}</h4>"
        lines = [
            ("✅" if c["holds"] else "❌", c["identity"], c["explanation_zh"], c["explanation_en"])
            for c in self._result["identities"]
        ]
        lines += [("❌", p["code"], p["message_zh"], p["message_en"])
                  for p in self._result["row_problems"]]
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in line) + "</tr>"
            for line in lines
        )
        return (f"<div class='fundrules-form'>{head}<table><thead><tr><th></th><th>identity / "
                f"row</th><th>说明</th><th>explanation</th></tr></thead><tbody>{body}</tbody>"
                "</table></div>")


def check_form(core: _core.Ruleset, form: str, form_data: Any) -> FormCheck:
    if isinstance(form_data, (str, os.PathLike)):
        result = _core.check_form_file(core, form, os.fspath(form_data))
    else:
        result = _core.check_form(core, form, given_rows(form_data))
    return FormCheck(form or _only_form(core), result)


def _only_form(core: _core.Ruleset) -> str:
    forms = _core.forms(core)
    return str(forms[0]["id"]) if len(forms) == 1 else ""
