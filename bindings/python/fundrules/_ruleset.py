"""Rulesets: load once, check many lists."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from . import _core
from ._errors import Diagnostic
from ._values import Value

if TYPE_CHECKING:
    import pandas

    from ._forms import Form, FormCheck
    from ._record_checker import RecordChecker
    from ._report import Report

__all__ = ["Choice", "Field", "Param", "Reference", "Rule", "Ruleset", "load"]


@dataclass(frozen=True)
class Choice:
    """One allowed value of an enumerated field: its code, its labels, and other spellings
    accepted in input."""

    code: str
    label_zh: str
    label_en: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Field:
    """One field of a roster row, as the ruleset declares it."""

    name: str
    type: str
    money: bool
    required: bool
    label_zh: str
    label_en: str
    aliases: tuple[str, ...]
    choices: tuple[Choice, ...]
    """The allowed values of an enumerated field (empty for others)."""
    personal: str
    """"", "name", "id_number", "bank_card", "phone" or "other"; personal fields are masked."""

    @property
    def values(self) -> tuple[str, ...]:
        """The codes of the allowed values."""
        return tuple(c.code for c in self.choices)


@dataclass(frozen=True)
class Rule:
    """A rule as declared, for listing and explaining."""

    id: str
    severity: str
    scope: str
    when: str
    check: str
    message_zh: str
    message_en: str
    clause: str
    origin: str
    file: str
    line: int
    column: int


@dataclass(frozen=True)
class Param:
    """A parameter and its values over time: ``history`` holds (value, effective_from) pairs,
    effective_from None meaning "from the beginning"."""

    name: str
    type: str
    description: str
    origin: str
    history: tuple[tuple[Value, datetime.date | None], ...]


@dataclass(frozen=True)
class Reference:
    """A reference table the ruleset declares (``references:``): another input that rows are
    checked against, given to :meth:`Ruleset.check` as ``refs={name: table}``."""

    name: str
    title_zh: str
    title_en: str
    key: str
    """The field its rows are looked up by."""
    optional: bool
    """False: checking without it is an error; True: the rules that read it are skipped."""
    fields: tuple[str, ...]
    rules: tuple[str, ...]
    """Ids of the rules that read it."""
    origin: str


def _search_path(search_path: Sequence[str | os.PathLike[str]] | None) -> list[str]:
    return [os.fspath(p) for p in (search_path or ())]


class Ruleset:
    """A loaded, type-checked and compiled ruleset. Immutable: share one between threads and
    check any number of lists against it.

    Create one with :func:`fundrules.load` or :meth:`Ruleset.from_yaml`.
    """

    __slots__ = ("_ruleset",)

    def __init__(self, core: _core.Ruleset) -> None:
        self._ruleset = core

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str],
        *,
        search_path: Sequence[str | os.PathLike[str]] | None = None,
    ) -> Ruleset:
        """Loads a YAML ruleset file. Raises :class:`fundrules.RulesetError` with every problem
        found (file, line, column), :class:`fundrules.DataError` if the file cannot be read."""
        return cls(_core.Ruleset.load_file(os.fspath(path), _search_path(search_path)))

    @classmethod
    def from_yaml(
        cls,
        text: str,
        *,
        name: str = "<string>",
        search_path: Sequence[str | os.PathLike[str]] | None = None,
    ) -> Ruleset:
        """Loads a ruleset from YAML text; ``name`` stands for the file name in messages."""
        return cls(_core.Ruleset.load_string(text, name, _search_path(search_path)))

    @property
    def id(self) -> str:
        return self._ruleset.id

    def title(self, language: str = "zh") -> str:
        """The title in "zh" or "en" (the other one if this one is missing)."""
        return self._ruleset.title(language)

    @property
    def jurisdiction(self) -> str:
        return self._ruleset.jurisdiction

    @property
    def source_file(self) -> str:
        return self._ruleset.source_file

    @property
    def sha256(self) -> str:
        """SHA-256 of the ruleset's file and of those it extends."""
        return self._ruleset.sha256

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(
            Field(
                name=f["name"],
                type=f["type"],
                money=f["money"],
                required=f["required"],
                label_zh=f["label_zh"],
                label_en=f["label_en"],
                aliases=tuple(f["aliases"]),
                choices=tuple(
                    Choice(code, zh, en, tuple(aliases)) for code, zh, en, aliases in f["values"]
                ),
                personal=f["personal"],
            )
            for f in self._ruleset.fields()
        )

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(_rule(r) for r in self._ruleset.rules())

    @property
    def params(self) -> tuple[Param, ...]:
        return tuple(
            Param(
                name=p["name"],
                type=p["type"],
                description=p["description"],
                origin=p["origin"],
                history=tuple((value, since) for value, since in p["history"]),
            )
            for p in self._ruleset.params()
        )

    @property
    def references(self) -> tuple[Reference, ...]:
        """The reference tables the ruleset declares."""
        return tuple(
            Reference(
                name=r["name"],
                title_zh=r["title_zh"],
                title_en=r["title_en"],
                key=r["key"],
                optional=r["optional"],
                fields=tuple(r["fields"]),
                rules=tuple(r["rules"]),
                origin=r["origin"],
            )
            for r in self._ruleset.references()
        )

    def code_of(self, field: str, text: str) -> str | None:
        """The code of enumerated ``field`` that ``text`` (its code, a label or an alias, as
        input files write it) stands for, or None."""
        return self._ruleset.enum_code(field, text)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """Non-fatal findings made while loading."""
        return tuple(
            Diagnostic(w["file"], w["line"], w["column"], w["message"], w["severity"])
            for w in self._ruleset.warnings()
        )

    def check(
        self,
        data: Any,
        refs: Mapping[str, Any] | None = None,
        as_of: datetime.date | str | None = None,
        *,
        input_name: str | None = None,
        threads: int = 1,
        first_row: int = 1,
        mergeable: bool = False,
    ) -> Report:
        """Checks a payment list and returns the :class:`fundrules.Report`.

        ``data`` is a CSV file path, a pandas or polars DataFrame, a pyarrow Table, RecordBatch
        or RecordBatchReader, any object with ``__arrow_c_stream__``, or an iterable of dicts
        keyed by field name (or Chinese header). ``as_of`` (a date or ``"2017-01-15"``) selects
        the parameters in force and stands for "today"; it defaults to the ruleset's own.

        ``refs`` gives the reference tables the ruleset declares (:attr:`references`), by name:
        each a CSV path, a DataFrame, an Arrow table or a list of dicts, read whole with the
        fields declared for it (any unreadable row is a :class:`fundrules.DataError`).

        To check a long list in parts (on several threads or machines) and merge the reports
        with :meth:`Report.merge`, pass ``mergeable=True`` and, for each part, the number of
        its first row in the whole list as ``first_row``.
        """
        from ._data import check_data

        return check_data(self, data, refs=refs, as_of=as_of, input_name=input_name,
                          threads=threads, first_row=first_row, mergeable=mergeable)

    def record_checker(
        self,
        refs: Mapping[str, Any] | None = None,
        as_of: datetime.date | str | None = None,
        *,
        first_row: int = 1,
    ) -> RecordChecker:
        """A :class:`fundrules.RecordChecker` for checking one record after another (a form
        that checks each payment as it is entered), with the options of :meth:`check`:
        ``checker.check(record)`` finds what ``check([record])`` reports, in microseconds."""
        from ._record_checker import RecordChecker

        return RecordChecker(self, refs, as_of, first_row=first_row)

    @property
    def forms(self) -> tuple[Form, ...]:
        """The statistics forms the ruleset declares (``forms:``), in its order."""
        from ._forms import forms_of

        return forms_of(self._ruleset)

    def fill_form(
        self,
        data: Any,
        form: str | None = None,
        *,
        refs: Mapping[str, Any] | None = None,
        as_of: datetime.date | str | None = None,
        input_name: str | None = None,
        language: str = "zh",
    ) -> pandas.DataFrame:
        """Fills the statistics form ``form`` (an id of :attr:`forms`; may be left out when the
        ruleset declares one) from a payment list, as ``fundrules form fill`` does.

        ``data`` is any input :meth:`check` takes. Returns one line per row of the form:
        ``code``, ``label`` (in ``language``), ``unit``, ``value`` (an exact
        :class:`decimal.Decimal` in the row's unit, or None for a row the list does not
        determine: nothing is guessed), ``answer`` (a 是/否 row's), ``from_list`` and
        ``missing_fields`` (fields the row's fill reads that the list has no column for). The
        figures count every row that could be read, rows with violations included; ``attrs``
        holds the form's id and title, ``rows`` and ``unreadable`` (rows left out).
        """
        from ._data import fill_form_data
        from ._forms import entries_frame

        entries, report, unreadable = fill_form_data(
            self, form or "", data, refs=refs, as_of=as_of, input_name=input_name
        )
        frame = entries_frame(entries, language)
        found = next(f for f in self.forms if f.id == (form or f.id))
        frame.attrs.update(
            form=found.id,
            title_zh=found.title_zh,
            title_en=found.title_en,
            rows=report.summary["rows"] + unreadable,
            unreadable=unreadable,
        )
        return frame

    def check_form(self, form_data: Any, form: str | None = None) -> FormCheck:
        """Checks a filled-in form against its identities (``2C = 2D + 2E + 2F``), as
        ``fundrules form check`` does. ``form_data`` is a CSV file (编号/code and 合计/value
        columns), a data frame with ``code`` and ``value`` columns (what :meth:`fill_form`
        gives, completed by hand), or a dict of row code -> figure; rows left out are blank.
        """
        from ._forms import check_form

        return check_form(self._ruleset, form or "", form_data)

    def __repr__(self) -> str:
        return f"<fundrules.Ruleset {self.id!r}: {len(self._ruleset.rules())} rules>"


def _rule(r: dict[str, Any]) -> Rule:
    where = r["where"]
    return Rule(
        id=r["id"],
        severity=r["severity"],
        scope=r["scope"],
        when=r["when"],
        check=r["check"],
        message_zh=r["message_zh"],
        message_en=r["message_en"],
        clause=r["clause"],
        origin=r["origin"],
        file=where["file"],
        line=where["line"],
        column=where["column"],
    )


def load(
    path: str | os.PathLike[str],
    *,
    search_path: Sequence[str | os.PathLike[str]] | None = None,
) -> Ruleset:
    """Loads a YAML ruleset file; see :meth:`Ruleset.load`."""
    return Ruleset.load(path, search_path=search_path)
