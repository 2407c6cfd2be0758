"""Report.merge: a list checked in consecutive parts, each part on its own, gives the report of
the whole list checked in one pass, household and whole-list rules included."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fundrules
from conftest import HEFEI_ROSTER, HEFEI_RULES

RULES = fundrules.load(HEFEI_RULES)
with HEFEI_ROSTER.open(encoding="utf-8-sig", newline="") as _f:
    ROSTER: list[dict[str, str]] = list(csv.DictReader(_f))


def check_in_parts(rows: list[dict[str, Any]], cuts: list[int]) -> fundrules.Report:
    bounds = [0, *cuts, len(rows)]
    parts = [
        RULES.check(rows[start:end], input_name="roster", mergeable=True, first_row=start + 1)
        for start, end in zip(bounds, bounds[1:])
    ]
    assert all(part.mergeable for part in parts)
    return fundrules.Report.merge(parts)


@st.composite
def lists_and_cuts(draw: st.DrawFn) -> tuple[list[dict[str, str]], list[int]]:
    # Rows drawn from the example roster, repeats allowed: households and duplicate ID numbers
    # then straddle the cuts.
    indices = draw(st.lists(st.integers(0, len(ROSTER) - 1), min_size=1, max_size=60))
    rows = [ROSTER[i] for i in indices]
    cuts = draw(st.lists(st.integers(1, max(1, len(rows) - 1)), max_size=5, unique=True))
    return rows, sorted(c for c in cuts if c < len(rows))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lists_and_cuts())
def test_merged_parts_equal_one_pass(case: tuple[list[dict[str, str]], list[int]]) -> None:
    rows, cuts = case
    whole = RULES.check(rows, input_name="roster")
    merged = check_in_parts(rows, cuts)
    assert merged.to_json(show_personal_data=True) == whole.to_json(show_personal_data=True)
    assert merged.summary["rule_stats"] == whole.summary["rule_stats"]
    assert merged.ok == whole.ok


def test_the_example_roster_in_three_parts() -> None:
    whole = RULES.check(ROSTER, input_name="roster")
    merged = check_in_parts(ROSTER, [5, 20])
    assert not merged.ok
    assert merged.to_text(language="en") == whole.to_text(language="en")
    assert merged.mergeable and not whole.mergeable


def test_a_part_checked_without_mergeable_is_refused() -> None:
    first = RULES.check(ROSTER[:10], mergeable=True)
    second = RULES.check(ROSTER[10:], first_row=11)
    with pytest.raises(fundrules.Error):
        fundrules.Report.merge([first, second])


def test_parts_of_different_dates_are_refused() -> None:
    first = RULES.check(ROSTER[:10], mergeable=True, as_of="2017-01-15")
    second = RULES.check(ROSTER[10:], mergeable=True, first_row=11, as_of="2017-01-20")
    with pytest.raises(fundrules.Error):
        fundrules.Report.merge([first, second])


def test_nothing_to_merge_is_refused() -> None:
    with pytest.raises(fundrules.Error):
        fundrules.Report.merge([])


def test_first_row_numbers_the_rows_of_the_whole_list() -> None:
    part = RULES.check(ROSTER[20:], first_row=21)
    whole = RULES.check(ROSTER)
    late = [v["rows"] for v in whole.violation_list() if v["rows"] and min(v["rows"]) > 20]
    assert late and all(rows in [v["rows"] for v in part.violation_list()] for rows in late)
    with pytest.raises(ValueError, match="first_row"):
        RULES.check(ROSTER, first_row=0)
