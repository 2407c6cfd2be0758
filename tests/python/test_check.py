"""Ruleset.check on every kind of input: each must give the same report as the CSV path."""

from __future__ import annotations

import csv
import datetime
import io
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fundrules
from conftest import SMALL_RULES_YAML, VALID_ID, VALID_PHONE

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")

RULES = fundrules.Ruleset.from_yaml(SMALL_RULES_YAML, name="small.yaml")
HEADERS = {
    "name": "姓名",
    "id_number": "身份证号",
    "category": "对象类别",
    "amount": "金额",
    "phone": "联系电话",
    "paid_on": "发放日期",
}

ROWS: list[dict[str, Any]] = [
    {  # clean
        "name": "张三", "id_number": VALID_ID, "category": "frontline",
        "amount": Decimal("500"), "phone": VALID_PHONE, "paid_on": datetime.date(2017, 1, 5),
    },
    {  # over the frontline cap, a bad ID number, a bad phone (a warning)
        "name": "李四", "id_number": "110105194912310021", "category": "一线职工",
        "amount": Decimal("650.50"), "phone": "12345", "paid_on": datetime.date(2017, 1, 6),
    },
    {  # nothing paid, before the campaign
        "name": "王五", "id_number": None, "category": "registered_hardship",
        "amount": Decimal("0.00"), "phone": None, "paid_on": datetime.date(2016, 12, 1),
    },
]


def essence(report: fundrules.Report) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What must not depend on how the rows came in (a file's physical lines are its own)."""
    summary = dict(report.summary)
    for key in ("input_name", "input_sha256"):
        summary.pop(key)
    violations = report.violation_list(show_personal_data=True)
    for v in violations:
        v.pop("line")
    return summary, violations


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS.values())
        for row in rows:
            writer.writerow(["" if row.get(k) is None else str(row[k]) for k in HEADERS])
    return path


def test_records_are_checked_rule_by_rule() -> None:
    report = RULES.check(ROWS)
    assert not report.ok
    s = report.summary
    assert (s["rows"], s["clean"], s["with_violations"], s["unreadable"]) == (3, 1, 2, 0)
    assert s["violations_by_rule"] == {
        "frontline.cap": 1, "id_number.valid": 1, "phone.valid": 1,
        "amount.positive": 1, "window.paid_on": 1,
    }
    assert s["errors"] == 4 and s["warnings"] == 1
    by_rule = {v["rule_id"]: v for v in report.violation_list()}
    assert by_rule["frontline.cap"]["rows"] == [2]
    assert by_rule["amount.positive"]["rows"] == [3]
    assert "650.50" in by_rule["frontline.cap"]["message_zh"]


def test_csv_path_gives_the_same_report(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "roster.csv", ROWS)
    from_csv = RULES.check(path)
    assert essence(from_csv) == essence(RULES.check(ROWS))
    assert from_csv.summary["input_name"] == str(path)
    assert len(from_csv.summary["input_sha256"]) == 64


def test_dataframe_and_arrow_inputs_give_the_same_report() -> None:
    expected = essence(RULES.check(ROWS))
    frame = pd.DataFrame(ROWS)
    table = pa.Table.from_pylist(ROWS)
    inputs: list[Any] = [
        frame,
        frame.rename(columns=HEADERS),  # Chinese headers, as Excel has them
        table,
        pa.RecordBatch.from_pylist(ROWS),
        pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=1)),
    ]
    for data in inputs:
        assert essence(RULES.check(data)) == expected, type(data)


def test_any_arrow_stream_producer_is_accepted() -> None:
    table = pa.Table.from_pylist(ROWS)

    class Producer:
        def __arrow_c_stream__(self, requested_schema: object = None) -> object:
            return table.__arrow_c_stream__(requested_schema)

    report = RULES.check(Producer(), input_name="producer")
    assert essence(report) == essence(RULES.check(ROWS))
    assert report.summary["input_name"] == "producer"


def test_polars_dataframe() -> None:
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame(
        [{**row, "amount": str(row["amount"])} for row in ROWS],
    )
    assert essence(RULES.check(frame)) == essence(RULES.check(ROWS))


def test_decimal128_money_is_exact() -> None:
    table = pa.table(
        {
            "name": ["甲", "乙"],
            "category": ["frontline", "frontline"],
            "amount": pa.array([Decimal("500.00"), Decimal("500.01")], type=pa.decimal128(12, 2)),
        }
    )
    report = RULES.check(table)
    assert report.summary["violations_by_rule"] == {"frontline.cap": 1}
    assert report.violation_list()[0]["rows"] == [2]


def test_float_money_is_taken_through_its_repr_with_a_warning() -> None:
    frame = pd.DataFrame({"name": ["甲", "乙"], "category": ["frontline"] * 2,
                          "amount": [500.0, 500.01]})
    with pytest.warns(fundrules.FloatMoneyWarning, match="amount"):
        report = RULES.check(frame)
    assert report.summary["violations_by_rule"] == {"frontline.cap": 1}
    assert "500.01" in report.violation_list()[0]["message_zh"]


def test_a_float_that_is_not_an_amount_makes_its_row_unreadable() -> None:
    rows = [{"name": "甲", "category": "frontline", "amount": 0.1 + 0.2}]
    report = RULES.check(rows)
    assert report.summary["unreadable"] == 1
    assert not report.ok
    (violation,) = report.violation_list()
    assert violation["rule_id"] == "input.unreadable"
    assert violation["rows"] == [1]
    assert "0.30000000000000004" in violation["message_en"] + violation["message_zh"] + violation["detail"]


def test_pandas_column_kinds_are_read_as_their_fields() -> None:
    frame = pd.DataFrame(ROWS)
    frame["category"] = frame["category"].astype("category")  # dictionary-encoded in Arrow
    frame["paid_on"] = pd.to_datetime(frame["paid_on"])  # datetime64 at midnight
    frame["phone"] = pd.array([13912345678, 12345, None], dtype="Int64")  # numbers, as Excel has
    assert essence(RULES.check(frame)) == essence(RULES.check(ROWS))


def test_phone_numbers_in_a_float_column_keep_their_digits() -> None:
    # pandas turns an integer column with a gap into float64; the digits are still exact.
    frame = pd.DataFrame(ROWS)
    frame["phone"] = [13912345678.0, 12345.0, float("nan")]
    assert essence(RULES.check(frame)) == essence(RULES.check(ROWS))


def test_a_time_of_day_is_not_a_payment_date() -> None:
    frame = pd.DataFrame(ROWS)
    frame["paid_on"] = pd.to_datetime(
        ["2017-01-05 10:30", "2017-01-06 00:00", "2016-12-01 00:00"]
    )
    report = RULES.check(frame)
    assert report.summary["unreadable"] == 1
    assert report.violation_list()[0]["rows"] == [1]


def test_time_zone_aware_timestamps_are_refused_by_column() -> None:
    frame = pd.DataFrame(ROWS)
    frame["paid_on"] = pd.to_datetime(frame["paid_on"]).dt.tz_localize("Asia/Shanghai")
    with pytest.raises(fundrules.DataError, match="paid_on"):
        RULES.check(frame)


def test_a_mixed_object_column_is_read_cell_by_cell() -> None:
    frame = pd.DataFrame(ROWS)
    frame["amount"] = pd.Series([Decimal("500"), "650.50元", 0], dtype=object)
    report = RULES.check(frame)
    assert report.summary["violations_by_rule"] == essence(RULES.check(ROWS))[0][
        "violations_by_rule"
    ]


def test_missing_values_from_pandas_are_nulls() -> None:
    frame = pd.DataFrame(ROWS)
    frame.loc[0, "phone"] = None
    frame["amount"] = frame["amount"].astype(object)
    report = RULES.check(frame)
    assert report.summary["rows"] == 3


def test_unreadable_rows_are_reported_and_the_others_keep_their_numbers() -> None:
    rows = [dict(ROWS[0]), {**ROWS[1], "amount": "abc"}, dict(ROWS[2])]
    report = RULES.check(rows)
    s = report.summary
    assert (s["rows"], s["unreadable"], s["clean"], s["with_violations"]) == (3, 1, 1, 1)
    unreadable = [v for v in report.violation_list() if v["rule_id"] == "input.unreadable"]
    assert [v["rows"] for v in unreadable] == [[2]]
    assert {v["rule_id"]: v["rows"] for v in report.violation_list()}["amount.positive"] == [3]


def test_an_unknown_category_spelling_makes_the_row_unreadable() -> None:
    report = RULES.check([{**ROWS[0], "category": "外星人"}])
    assert report.summary["unreadable"] == 1


def test_a_column_of_the_wrong_type_is_a_data_error_naming_it() -> None:
    table = pa.table({"name": ["甲"], "category": ["frontline"],
                      "amount": pa.array([datetime.date(2017, 1, 1)])})
    with pytest.raises(fundrules.DataError, match="amount") as caught:
        RULES.check(table)
    assert caught.value.column == 3


def test_as_of_is_a_date_or_its_text() -> None:
    assert RULES.check(ROWS, as_of="2017-01-10").summary["as_of"] == datetime.date(2017, 1, 10)
    assert RULES.check(ROWS, as_of=datetime.date(2017, 1, 9)).summary["as_of"] == \
        datetime.date(2017, 1, 9)
    with pytest.raises(TypeError):
        RULES.check(ROWS, as_of=20170110)  # type: ignore[arg-type]


def test_bad_data_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError):
        RULES.check(ROWS[0])
    with pytest.raises(TypeError):
        RULES.check(42)


def test_a_missing_csv_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(fundrules.DataError):
        RULES.check(tmp_path / "absent.csv")


def test_one_ruleset_checks_from_many_threads() -> None:
    frame = pd.DataFrame(ROWS * 200)
    expected = essence(RULES.check(frame))
    results: list[Any] = []

    def work() -> None:
        results.append(essence(RULES.check(frame)))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


rows_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "name": st.sampled_from(["张三", "李四", "王五", "赵六"]),
            "id_number": st.sampled_from([VALID_ID, "440524188001010014", "123", None]),
            "category": st.sampled_from(["frontline", "一线职工", "registered_hardship",
                                         "建档在册困难职工"]),
            "amount": st.builds(lambda c: Decimal(c).scaleb(-2),
                                st.integers(min_value=-1000, max_value=100_000)),
            "phone": st.sampled_from([VALID_PHONE, "12345", None]),
            "paid_on": st.one_of(st.none(), st.dates(min_value=datetime.date(2016, 11, 1),
                                                     max_value=datetime.date(2017, 3, 1))),
        }
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_strategy)
def test_dataframe_path_equals_csv_path(rows: list[dict[str, Any]]) -> None:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADERS.values())
    for row in rows:
        writer.writerow(["" if row[k] is None else str(row[k]) for k in HEADERS])
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "roster.csv"
        path.write_text(text.getvalue(), encoding="utf-8")
        from_csv = RULES.check(path)
    assert essence(RULES.check(pd.DataFrame(rows))) == essence(from_csv)
    assert essence(RULES.check(rows)) == essence(from_csv)


def test_columns_the_ruleset_does_not_read_are_named(tmp_path: Path) -> None:
    frame = pd.DataFrame(ROWS).rename(columns=HEADERS).drop(columns=["联系电话"])
    frame["备注"] = "x"
    for data in (frame, write_csv_frame(tmp_path / "extra.csv", frame)):
        summary = RULES.check(data).summary
        assert summary["unused_columns"] == ["备注"], type(data)
        assert "phone" in summary["missing_fields"], type(data)


def write_csv_frame(path: Path, frame: Any) -> Path:
    frame.to_csv(path, index=False)
    return path
