"""The hefei checks declared as a pandera schema over the prepared frame: one column check per
single-field rule, a frame-wide check per rule that spans fields or rows. The failure cases
pandera collects (lazy validation) are mapped back to (row, check)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from common import (CAMPAIGN_START, CITY_AVG_MONTHLY_WAGE, DUPLICATE, ELIGIBLE, FRONTLINE_CAP,
                    HARDSHIP, HARDSHIP_HOUSEHOLD_MIN, MODEL_WORKER_HOUSEHOLD_MIN, SHEET_DEADLINE,
                    TOP_LEVELS)
from pandas_check import is_bank_card, is_cn_id, prepare

TEXT = ("name", "id_number", "household_id", "bank_card", "phone", "hardship_reason", "signer")


def frame(raw: pd.DataFrame) -> pd.DataFrame:
    """Typed columns, an empty cell null."""
    p = prepare(raw)
    df = p["df"]
    out = {c: df[c].replace("", None) for c in TEXT}
    out.update(category=p["category"], payment_method=p["payment"],
               model_worker_level=p["level"], amount=p["amount"], monthly_income=p["income"],
               paid_on=p["paid_on"])
    return pd.DataFrame(out)


def household_short(df: pd.DataFrame, members: pd.Series, minimum: int) -> pd.Series:
    total = df["amount"].where(members).groupby(df["household_id"]).transform("sum")
    return ~(members & (total < minimum)).fillna(False)


def series_of(predicate):  # type: ignore[no-untyped-def]
    """A column check from an array predicate: pandera maps failures back through the index."""
    return lambda column: pd.Series(predicate(column), index=column.index)


def rule(name: str, fn) -> pa.Check:  # type: ignore[no-untyped-def]
    return pa.Check(lambda df: fn(df).fillna(True), name=name)


model = lambda df: df["category"] == "hardship_model_worker"  # noqa: E731
cash = lambda df: df["payment_method"] == "signed_cash"  # noqa: E731

# Column checks: the column's one rule (nulls pass: a rule with `when: has(x)`).
COLUMN_RULES = {
    "category": "eligible.category", "amount": "amount.positive",
    "id_number": "id_number.valid", "phone": "phone.valid",
    "bank_card": "payment.bank_card_invalid", "paid_on": "window.paid_on",
}

SCHEMA = pa.DataFrameSchema(
    {
        "category": pa.Column(str, pa.Check.isin(ELIGIBLE), nullable=True),
        "amount": pa.Column("Int64", pa.Check.gt(0)),
        "id_number": pa.Column(str, pa.Check(series_of(is_cn_id)), nullable=True),
        "phone": pa.Column(str, pa.Check.str_matches(r"^1[3-9][0-9]{9}$"), nullable=True),
        "bank_card": pa.Column(str, pa.Check(series_of(is_bank_card)), nullable=True),
        "paid_on": pa.Column("datetime64[ns]",
                             pa.Check.in_range(pd.Timestamp(CAMPAIGN_START),
                                               pd.Timestamp(SHEET_DEADLINE)),
                             nullable=True),
    },
    checks=[
        rule("model_worker.level",
             lambda df: ~model(df) | df["model_worker_level"].isin(TOP_LEVELS)),
        rule("model_worker.income_missing",
             lambda df: ~model(df) | df["monthly_income"].notna()),
        rule("model_worker.income",
             lambda df: ~model(df) | df["monthly_income"].isna()
             | (df["monthly_income"] < CITY_AVG_MONTHLY_WAGE)),
        rule("frontline.cap",
             lambda df: (df["category"] != "frontline") | (df["amount"] <= FRONTLINE_CAP)),
        rule("payment.bank_card_required",
             lambda df: ~df["category"].isin(("registered_hardship", "hardship_model_worker"))
             | (df["payment_method"] == "bank_card")),
        rule("payment.bank_card_missing",
             lambda df: (df["payment_method"] != "bank_card") | df["bank_card"].notna()),
        rule("sheet.id_number", lambda df: ~cash(df) | df["id_number"].notna()),
        rule("sheet.phone", lambda df: ~cash(df) | df["phone"].notna()),
        rule("sheet.hardship_reason",
             lambda df: ~cash(df) | (df["category"] != "unregistered_hardship")
             | df["hardship_reason"].notna()),
        rule("sheet.signer_missing", lambda df: ~cash(df) | df["signer"].notna()),
        rule("sheet.signer_is_recipient",
             lambda df: ~cash(df) | df["signer"].isna() | (df["signer"] == df["name"])),
        rule("window.paid_on_missing", lambda df: df["paid_on"].notna()),
        rule("hardship.household_min",
             lambda df: household_short(df, df["category"].isin(HARDSHIP),
                                        HARDSHIP_HOUSEHOLD_MIN)),
        rule("model_worker.household_min",
             lambda df: household_short(df, model(df), MODEL_WORKER_HOUSEHOLD_MIN)),
        rule(DUPLICATE,
             lambda df: df["id_number"].isna() | ~df["id_number"].duplicated(keep=False)),
    ],
)


def violations(raw: pd.DataFrame) -> list[tuple[int, str]]:
    df = frame(raw)
    try:
        SCHEMA.validate(df, lazy=True)
        return []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    # A frame-wide check lists a failing row once per column; a column check names itself
    # after its kind (isin, greater_than...), so its column says which rule it is.
    cases = cases[cases["index"].notna()]
    names = cases["check"].where(cases["schema_context"] != "Column",
                                 cases["column"].map(COLUMN_RULES))
    pairs = set(zip(cases["index"].astype(int) + 1, names))
    return sorted(pairs)
