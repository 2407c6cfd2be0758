"""What every example list shares: invented people, planted violations, the Markdown page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Callable

import generate_roster as roster

id_check_char = roster.id_check_char
luhn_check_digit = roster.luhn_check_digit
ID_CHECK = roster.ID_CHECK
HARDSHIP_REASONS = roster.HARDSHIP_REASONS


@dataclasses.dataclass
class Plant:
    """One planted violation: the data rows it concerns (1-based; empty for the whole list),
    the rule it breaks and what was changed."""

    rows: list[int]
    rule: str
    what: str

    def rows_text(self) -> str:
        return " ".join(str(r) for r in self.rows) if self.rows else "*"


@dataclasses.dataclass
class ExampleList:
    title: str
    ruleset: str                      # path from the repository root
    intro: str                        # Markdown paragraphs
    header: list[str]
    rows: list[dict[str, str]]
    plants: list[Plant]
    notes: list[tuple[str, str]]      # (rows, what they show) for the clean rows worth a word
    registry: list[dict[str, str]] = dataclasses.field(default_factory=list)  # 困难职工档案

    def add(self, row: dict[str, str]) -> int:
        """Appends a row and returns its 1-based data-row number."""
        self.rows.append(row)
        return len(self.rows)


class Person(roster.Person):
    """An invented person born in one of `areas` (six-digit GB/T 2260 codes)."""

    def __init__(self, rng: random.Random, areas: list[str], surname: str | None = None,
                 born_after: dt.date = dt.date(1955, 1, 1),
                 born_before: dt.date = dt.date(2000, 12, 31)) -> None:
        super().__init__(rng, surname, areas)
        # Re-draw the birth date inside the range the list needs (students are young).
        birth = born_after + dt.timedelta(days=rng.randrange((born_before - born_after).days))
        seq = rng.randrange(0, 500) * 2 + (1 if self.male else 0)
        first17 = f"{self.id_number[:6]}{birth:%Y%m%d}{seq:03d}"
        self.id_number = first17 + id_check_char(first17)
        self.birth = birth


Born = tuple[dt.date, dt.date]
ADULTS: Born = (dt.date(1955, 1, 1), dt.date(2000, 12, 31))


def household(rng: random.Random, areas: list[str], size: int,
              born: Born = ADULTS) -> list[Person]:
    """`size` people of one family, born within `born`; most share the head's surname."""
    head = Person(rng, areas, None, *born)
    return [head] + [Person(rng, areas, head.name[0] if rng.random() < 0.6 else None, *born)
                     for _ in range(size - 1)]


def money(amount: int) -> str:
    return roster.money(amount)


def day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def bad_id(id_number: str, rng: random.Random) -> str:
    """The same ID number with a wrong check character."""
    return id_number[:17] + rng.choice([c for c in ID_CHECK if c != id_number[17]])


def bad_card(card: str, rng: random.Random) -> str:
    """The same card number with a last digit that fails the Luhn check."""
    return card[:-1] + str((int(card[-1]) + rng.randrange(1, 10)) % 10)


def other_signer(name: str, rng: random.Random, areas: list[str]) -> str:
    signer = Person(rng, areas, name[0]).name
    return signer if signer != name else signer + "代"


REGISTRY_HEADER = ["身份证号", "姓名", "建档日期"]


def build_registry(example: ExampleList, rng: random.Random, on_file: set[str],
                   areas: list[str], first: dt.date) -> None:
    """The register of workers on file (困难职工档案) that the list's people of the categories
    `on_file` are looked up in: each filed between `first` and a month before they were first
    paid, among a tenth as many others on file who are not on this list."""
    first_paid: dict[str, tuple[str, dt.date]] = {}
    for row in example.rows:
        if row["对象类别"] in on_file and row["身份证号"] and row["发放日期"]:
            paid = dt.date.fromisoformat(row["发放日期"])
            name, earliest = first_paid.get(row["身份证号"], (row["姓名"], paid))
            first_paid[row["身份证号"]] = (name, min(earliest, paid))
    entries = []
    for id_number, (name, paid) in first_paid.items():
        filed = day_between(rng, first, paid - dt.timedelta(days=30))
        entries.append({"身份证号": id_number, "姓名": name, "建档日期": filed.isoformat()})
    for _ in range(len(entries) // 10 + 1):
        other = Person(rng, areas)
        entries.append({"身份证号": other.id_number, "姓名": other.name,
                        "建档日期": day_between(rng, first, first + dt.timedelta(days=900)).isoformat()})
    rng.shuffle(entries)
    example.registry = entries


def not_on_file(example: ExampleList, row: int, rule: str, what: str) -> None:
    """Plants a row whose person is missing from the register."""
    id_number = example.rows[row - 1]["身份证号"]
    example.registry = [e for e in example.registry if e["身份证号"] != id_number]
    example.plants.append(Plant([row], rule, what))


def filed_after_payment(example: ExampleList, row: int, rule: str, what: str) -> None:
    """Plants a row whose person was put on file only after being paid."""
    paid = dt.date.fromisoformat(example.rows[row - 1]["发放日期"])
    for entry in example.registry:
        if entry["身份证号"] == example.rows[row - 1]["身份证号"]:
            entry["建档日期"] = (paid + dt.timedelta(days=10)).isoformat()
    example.plants.append(Plant([row], rule, what))


def free_rows(example: ExampleList, test: Callable[[dict[str, str]], bool]) -> list[int]:
    """The rows that pass `test` and carry no planted violation yet."""
    taken = {r for p in example.plants for r in p.rows}
    return [i + 1 for i, r in enumerate(example.rows) if i + 1 not in taken and test(r)]


def markdown(example: ExampleList, name: str) -> str:
    errors = len(example.plants)
    lines = [
        f"# {example.title}: the example payment list",
        "",
        f"`{name}.csv` is a made-up payment list (UTF-8 with a byte order mark, as Excel saves it,"
        f" Chinese headers) for the ruleset [`{example.ruleset}`](../../{example.ruleset}),"
        " written by `examples/generate_examples.py`. Every name, ID number, card and phone"
        " number in it is invented; the ID numbers carry correct check characters and real"
        " birth dates, and the cards pass the Luhn check, except where a row below says"
        " otherwise.",
        "",
        example.intro.strip(),
        "",
        "```sh",
        f"fundrules check --rules {example.ruleset} examples/data/{name}.csv"
        + (f" \\\n    --ref registry=examples/data/{name}-registry.csv" if example.registry else ""),
        "```",
        *([] if not example.registry else [
            "",
            f"`{name}-registry.csv` is the register of workers on file (困难职工档案: 身份证号,"
            f" 姓名, 建档日期) the list is checked against: {len(example.registry)} people, those"
            " of the list filed at least a month before they were paid and some who are not on"
            " this list."]),
        "",
        f"It has {len(example.rows)} data rows. Row numbers below are data rows (the header is"
        " not counted), as reports give them; the line in the file is the row number plus one.",
        "",
        "## What a check finds",
        "",
        f"Exactly these {errors} planted violations, and nothing else (they are also listed,"
        f" for programs, in `{name}-planted.csv`):",
        "",
        "| rows | 姓名 | rule | what was planted |",
        "|---|---|---|---|",
    ]
    for plant in example.plants:
        who = example.rows[plant.rows[0] - 1]["姓名"] if plant.rows else "(整个名单)"
        rows = ", ".join(str(r) for r in plant.rows) if plant.rows else "all"
        lines.append(f"| {rows} | {who} | `{plant.rule}` | {plant.what} |")
    if example.notes:
        lines += ["", "## How the list is laid out", "", "| rows | what they hold |",
                  "|---|---|"]
        lines += [f"| {rows} | {what} |" for rows, what in example.notes]
    lines += ["", "Regenerate with `python3 examples/generate_examples.py`; the output is the same"
              " on every run.", ""]
    return "\n".join(lines)
