"""Money, dates and expressions: exact both ways between Python and the library."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import fundrules
from fundrules import _core

# Decimals the library holds: at most 38 digits and 18 places.
exact_decimals = st.builds(
    lambda coefficient, scale: Decimal(f"{coefficient}E-{scale}"),
    st.integers(min_value=-(10**38) + 1, max_value=10**38 - 1),
    st.integers(min_value=0, max_value=18),
)
money = st.builds(
    lambda cents: Decimal(cents).scaleb(-2),
    st.integers(min_value=-(10**20), max_value=10**20),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("600", Decimal("600")),
        ("600元", Decimal("600")),
        ("1,500.00", Decimal("1500.00")),
        ("¥500", Decimal("500")),
        ("￥500", Decimal("500")),
        ("25万", Decimal("250000")),
        ("63.04万元", Decimal("630400")),
        (" -12.5 ", Decimal("-12.5")),
    ],
)
def test_parse_money_reads_what_finance_staff_write(text: str, expected: Decimal) -> None:
    value = fundrules.parse_money(text)
    assert isinstance(value, Decimal)
    assert value == expected


def test_parse_money_keeps_the_scale_as_written() -> None:
    assert str(fundrules.parse_money("1,500.00")) == "1500.00"


@pytest.mark.parametrize("text", ["", "abc", "1,50.00", "600美元", "1.2.3", "NaN"])
def test_parse_money_refuses_what_is_not_money(text: str) -> None:
    with pytest.raises(fundrules.InvalidValueError) as caught:
        fundrules.parse_money(text)
    # One class that is both fundrules' own and the built-in a caller expects.
    assert isinstance(caught.value, fundrules.Error)
    assert isinstance(caught.value, ValueError)


@given(money)
def test_money_text_round_trips_exactly(value: Decimal) -> None:
    assert fundrules.parse_money(str(value)) == value
    assert str(fundrules.parse_money(str(value))) == str(value)


@given(exact_decimals)
def test_decimal_crosses_into_the_library_and_back_unchanged(value: Decimal) -> None:
    back = _core.exact_decimal(value)
    # Same digits and the same scale, as decimal.Decimal keeps it.
    assert back.as_tuple() == value.as_tuple()


@given(money)
def test_format_money_matches_python_decimal(value: Decimal) -> None:
    expected = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_EVEN):,.2f}"
    assert fundrules.format_money(value) == expected


def test_format_money_rounds_half_even_and_refuses_floats() -> None:
    assert fundrules.format_money(Decimal("2.345")) == "2.34"
    assert fundrules.format_money(Decimal("2.355")) == "2.36"
    assert fundrules.format_money(1500) == "1,500.00"
    with pytest.raises(TypeError):
        fundrules.format_money(1500.0)  # type: ignore[arg-type]


def test_decimal_beyond_the_library_is_refused() -> None:
    with pytest.raises(fundrules.Error):
        _core.exact_decimal(Decimal("1e-19"))
    with pytest.raises(fundrules.Error):
        _core.exact_decimal(Decimal("1e40"))
    with pytest.raises(fundrules.InvalidValueError):
        _core.exact_decimal(Decimal("NaN"))


@pytest.mark.parametrize(
    "text", ["2024-01-15", "2024/1/15", "2024年1月15日", "2024.1.15", "20240115"]
)
def test_parse_date_reads_roster_spellings(text: str) -> None:
    assert fundrules.parse_date(text) == datetime.date(2024, 1, 15)


def test_parse_date_names_an_impossible_date() -> None:
    with pytest.raises(fundrules.InvalidValueError, match="2024-02-30"):
        fundrules.parse_date("2024-02-30")


@given(st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)))
def test_dates_round_trip(day: datetime.date) -> None:
    assert fundrules.parse_date(day.isoformat()) == day
    assert fundrules.evaluate("d", d=day) == day


def test_evaluate_is_exact_with_decimals() -> None:
    assert fundrules.evaluate("x + y", x=Decimal("0.1"), y=Decimal("0.2")) == Decimal("0.3")
    result = fundrules.evaluate("amount * 2", amount=Decimal("650.50"))
    assert isinstance(result, Decimal)
    assert result == Decimal("1301.00")


def test_evaluate_takes_and_gives_python_types() -> None:
    assert fundrules.evaluate("1 + 2") == 3
    assert fundrules.evaluate('name + "!"', name="张三") == "张三!"
    assert fundrules.evaluate("flag && true", flag=True) is True
    assert fundrules.evaluate("x in xs", x="a", xs=["a", "b"]) is True
    assert fundrules.evaluate("d < e", d=datetime.date(2017, 1, 1), e=datetime.date(2017, 2, 5))
    assert fundrules.evaluate("has(v)", v=None) is False
    with pytest.raises(fundrules.EvaluationError) as caught:
        fundrules.evaluate("v", v=None)  # a null read without has() gives no value
    assert caught.value.kind == "missing_field"


def test_evaluate_refuses_floats() -> None:
    with pytest.raises(TypeError, match="float"):
        fundrules.evaluate("x > 1", x=1.5)  # type: ignore[arg-type]  # refused on purpose


def test_evaluate_reports_every_compile_problem_with_its_column() -> None:
    with pytest.raises(fundrules.ExpressionError) as caught:
        fundrules.evaluate("1 + ")
    assert caught.value.diagnostics
    first = caught.value.diagnostics[0]
    assert first.line == 1 and first.column >= 1
    assert first.message


def test_evaluate_unknown_name_is_a_compile_error() -> None:
    with pytest.raises(fundrules.ExpressionError, match="nope"):
        fundrules.evaluate("nope + 1")


def test_evaluation_failure_is_an_evaluation_error() -> None:
    with pytest.raises(fundrules.EvaluationError) as caught:
        fundrules.evaluate("x / y", x=Decimal("1"), y=Decimal("0"))
    assert caught.value.kind == "division_by_zero"
