"""Statistics forms: Ruleset.forms, fill_form (the figures a list gives, as the program's
``form fill`` gives them, from every kind of input) and check_form (the form's identities)."""

from __future__ import annotations

import csv
import io
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pytest

import fundrules
from conftest import REPO

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

DALIAN_RULES = REPO / "rules" / "cn" / "dalian" / "2018-songnuan.yaml"
DALIAN_LIST = REPO / "examples" / "data" / "dalian-2018-songnuan.csv"
DALIAN_FORM = REPO / "examples" / "data" / "dalian-2018-songnuan-form-songnuan_2018.csv"
FORM = "songnuan_2018"


@pytest.fixture(scope="module")
def rules() -> fundrules.Ruleset:
    return fundrules.load(DALIAN_RULES)


@pytest.fixture(scope="module")
def roster() -> pd.DataFrame:
    return pd.read_csv(DALIAN_LIST, dtype=str, encoding="utf-8-sig", keep_default_na=False)


def test_the_ruleset_lists_its_forms(rules: fundrules.Ruleset) -> None:
    forms = {f.id: f for f in rules.forms}
    assert list(forms) == ["songnuan_2018", "bangfu_center_2017"]
    form = forms[FORM]
    assert form.clause == "附件1" and form.title_zh == "2018年各地工会送温暖统计表"
    rows = {r.code: r for r in form.rows}
    assert rows["2C"].unit == "户" and rows["2C"].fill.startswith("count_distinct(household_id")
    assert rows["1A"].fill == ""  # the list cannot tell how many enterprises were visited
    identity = next(i for i in form.identities if i.text == "2C = 2D + 2E + 2F")
    assert identity.relation == "=" and identity.left == ("2C",)
    assert identity.right == ("2D", "2E", "2F") and identity.unit == "户"
    assert identity.tolerance == Decimal(0)


def test_a_form_must_be_named_when_there_are_several(rules: fundrules.Ruleset) -> None:
    with pytest.raises(fundrules.Error, match="songnuan_2018, bangfu_center_2017"):
        rules.fill_form(DALIAN_LIST)
    with pytest.raises(fundrules.Error, match="no form 'nonsense'"):
        rules.fill_form(DALIAN_LIST, "nonsense")


def test_fill_gives_what_the_program_gives(rules: fundrules.Ruleset, cli: Path) -> None:
    done = subprocess.run(
        [str(cli), "form", "fill", "--rules", str(DALIAN_RULES), "--form", FORM, "--lang", "en",
         str(DALIAN_LIST)],
        capture_output=True, check=True,
    )
    from_program = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"))))
    frame = rules.fill_form(DALIAN_LIST, FORM, language="en")
    assert frame["code"].tolist() == [r["code"] for r in from_program]
    assert frame["label"].tolist() == [r["label"] for r in from_program]
    assert frame["unit"].tolist() == [r["unit"] for r in from_program]
    assert [("" if v is None else str(v)) for v in frame["value"]] == [
        r["value"] for r in from_program
    ]


def test_fill_counts_the_list_exactly(rules: fundrules.Ruleset, roster: pd.DataFrame) -> None:
    frame = rules.fill_form(DALIAN_LIST, FORM).set_index("code")
    category = roster["对象类别"].map(lambda t: rules.code_of("category", t))
    amounts = roster["金额"].map(fundrules.parse_money)
    assert frame.loc["2A", "value"] == roster["身份证号"][category == "frontline"].nunique()
    assert frame.loc["2F", "value"] == roster["户号"][category == "hardship_model_worker"].nunique()
    # 万元, exactly: the sum of the amounts as written, divided by 10,000.
    assert frame.loc["4A", "value"] == sum(amounts, Decimal(0)) / 10000
    assert isinstance(frame.loc["4A", "value"], Decimal)
    blank = frame[~frame["from_list"]]
    assert len(blank) > 0 and blank["value"].isna().all()  # nothing is guessed
    assert frame.attrs["rows"] == len(roster) and frame.attrs["unreadable"] == 0


def test_a_row_whose_fields_the_list_lacks_is_blank(
    rules: fundrules.Ruleset, roster: pd.DataFrame
) -> None:
    frame = rules.fill_form(roster.drop(columns=["身份证号"]), FORM).set_index("code")
    assert frame.loc["2A", "value"] is None and not frame.loc["2A", "from_list"]
    assert frame.loc["2A", "missing_fields"] == "id_number"
    assert frame.loc["2C", "from_list"] and frame.loc["2C", "missing_fields"] == ""


def test_every_kind_of_input_fills_the_same(
    rules: fundrules.Ruleset, roster: pd.DataFrame
) -> None:
    import pyarrow as pa

    from_path = rules.fill_form(DALIAN_LIST, FORM)
    for data in (roster, roster.to_dict("records"), pa.Table.from_pandas(roster)):
        assert rules.fill_form(data, FORM).equals(from_path), type(data).__name__


def test_unreadable_rows_are_left_out_and_counted(
    rules: fundrules.Ruleset, roster: pd.DataFrame
) -> None:
    records = roster.to_dict("records")
    records[0] = {**records[0], "金额": "六百元"}
    frame = rules.fill_form(records, FORM).set_index("code")
    assert frame.attrs == {**frame.attrs, "rows": len(records), "unreadable": 1}
    whole = rules.fill_form(roster, FORM).set_index("code")
    first = fundrules.parse_money(roster["金额"].iloc[0])
    # The figures are Decimals in an object column, which pandas' stubs do not type.
    whole_4a = cast(Decimal, whole.loc["4A", "value"])
    assert frame.loc["4A", "value"] == whole_4a - first / 10000


def test_a_filled_form_passes_its_identities(rules: fundrules.Ruleset) -> None:
    result = rules.check_form(rules.fill_form(DALIAN_LIST, FORM), FORM)
    assert result.ok and bool(result)
    assert result.failures.empty
    identities = result.identities
    assert len(identities) == 6 and identities["holds"].all()
    line = identities.set_index("identity").loc["2C = 2D + 2E + 2F"]
    assert line["left"] == line["right"] == 86
    assert "ok" in repr(result)


def test_a_wrong_figure_is_named_with_its_difference(rules: fundrules.Ruleset) -> None:
    result = rules.check_form({"2C": 10, "2D": 5, "2E": 2, "2F": 1}, FORM)
    assert not result.ok
    failure = result.failures.iloc[0]
    assert failure["kind"] == "identity" and failure["what"] == "2C = 2D + 2E + 2F"
    assert "相差 2 户" in failure["message_zh"] and "difference of 2" in failure["message_en"]
    assert "2C = 2D + 2E + 2F" in result.to_text(language="en")
    page = result._repr_html_()
    assert "❌ failed" in page and "相差 2 户" in page and "<table>" in page
    half = rules.check_form({"2C": Decimal("8.5")}, FORM)
    assert not half.ok and "row" in half.failures["kind"].tolist()
    with pytest.raises(fundrules.Error, match="9Z"):
        rules.check_form({"9Z": 1}, FORM)


def test_a_form_completed_by_hand_and_its_file(rules: fundrules.Ruleset, tmp_path: Path) -> None:
    assert rules.check_form(DALIAN_FORM, FORM).ok
    frame = rules.fill_form(DALIAN_LIST, FORM)
    # A slip of the hand. pandas' stubs leave Decimal out of the scalars a cell may take.
    frame.loc[frame["code"] == "2D", "value"] = Decimal(60)  # type: ignore[call-overload]
    assert rules.check_form(frame, FORM).failures["what"].tolist() == ["2C = 2D + 2E + 2F"]
    text = DALIAN_FORM.read_text(encoding="utf-8-sig").replace("\n2D,其中困难职工,户,59,",
                                                              "\n2D,其中困难职工,户,60,")
    changed = tmp_path / "form.csv"
    changed.write_text(text, encoding="utf-8")
    assert rules.check_form(changed, FORM).failures["what"].tolist() == ["2C = 2D + 2E + 2F"]
    with pytest.raises(TypeError, match="code"):
        rules.check_form(pd.DataFrame({"x": [1]}), FORM)
