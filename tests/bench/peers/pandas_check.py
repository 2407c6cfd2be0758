"""The hefei checks as an expert analyst writes them in pandas: whole-column operations, no
Python loop over rows. `prepare` (column names, codes, cents, dates) is shared with the pandera
contender so that both start from the same raw frame of text."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from common import (CAMPAIGN_START, CATEGORY, CITY_AVG_MONTHLY_WAGE, DUPLICATE, ELIGIBLE,
                    FIELDS, FRONTLINE_CAP, HARDSHIP, HARDSHIP_HOUSEHOLD_MIN, ID_CHECK,
                    ID_WEIGHTS, LEVEL, AS_OF, MODEL_WORKER_HOUSEHOLD_MIN, PAYMENT,
                    SHEET_DEADLINE, TOP_LEVELS)


def cents(text: pd.Series) -> pd.Series:
    """"1,200.00" -> 120000 (nullable Int64); "" -> NA."""
    number = pd.to_numeric(text.str.replace(",", "", regex=False).replace("", None),
                           errors="raise")
    return (number * 100).round().astype("Int64")


def digits_matrix(text: pd.Series, width: int) -> np.ndarray:
    """Each string right-aligned into `width` bytes with leading '0's, as a matrix of digit
    values (callers mask out strings that are not all digits)."""
    fixed = text.str.zfill(width).str.slice(-width).to_numpy(dtype=f"S{width}")
    return fixed.view(np.uint8).reshape(-1, width).astype(np.int64) - ord("0")


def is_cn_id(ids: pd.Series) -> np.ndarray:
    shaped = (ids.str.len() == 18) & ids.str.slice(0, 17).str.isdigit()
    shaped = shaped.to_numpy(dtype=bool)
    ok = np.zeros(len(ids), dtype=bool)
    if not shaped.any():
        return ok
    candidates = ids[shaped].str.upper()
    digits = digits_matrix(candidates.str.slice(0, 17), 17)
    expected = np.frombuffer(ID_CHECK.encode(), dtype=np.uint8)[
        (digits @ np.array(ID_WEIGHTS)) % 11]
    last = candidates.str.slice(17, 18).to_numpy(dtype="S1").view(np.uint8)
    birth = pd.to_datetime(candidates.str.slice(6, 14), format="%Y%m%d", errors="coerce")
    born = (birth.notna() & (birth <= pd.Timestamp(AS_OF))).to_numpy(dtype=bool)
    ok[shaped] = (expected == last) & born
    return ok


def is_bank_card(cards: pd.Series) -> np.ndarray:
    length = cards.str.len()
    shaped = ((length >= 16) & (length <= 19) & cards.str.isdigit()).to_numpy(dtype=bool)
    ok = np.zeros(len(cards), dtype=bool)
    if not shaped.any():
        return ok
    digits = digits_matrix(cards[shaped], 19)
    doubled = digits[:, 17::-2] * 2  # every second digit from the right, skipping the last
    digits[:, 17::-2] = np.where(doubled > 9, doubled - 9, doubled)
    ok[shaped] = digits.sum(axis=1) % 10 == 0
    return ok


def prepare(raw: pd.DataFrame) -> dict[str, Any]:
    df = raw.rename(columns=FIELDS)
    paid = pd.to_datetime(df["paid_on"].replace("", None), format="%Y-%m-%d", errors="raise")
    return {
        "df": df,
        "category": df["category"].map(CATEGORY),
        "payment": df["payment_method"].map(PAYMENT),
        "level": df["model_worker_level"].map(LEVEL),
        "amount": cents(df["amount"]),
        "income": cents(df["monthly_income"]),
        "paid_on": paid,
    }


def masks(p: dict[str, Any]) -> dict[str, np.ndarray]:
    df, category, payment = p["df"], p["category"], p["payment"]
    amount, income, paid = p["amount"], p["income"], p["paid_on"]

    def has(column: str) -> pd.Series:
        return df[column] != ""

    def arr(series: pd.Series) -> np.ndarray:
        return series.fillna(False).to_numpy(dtype=bool)

    model = category == "hardship_model_worker"
    cash = payment == "signed_cash"
    card = payment == "bank_card"
    out = {
        "eligible.category": arr(~category.isin(ELIGIBLE)),
        "model_worker.level": arr(model & ~p["level"].isin(TOP_LEVELS)),
        "model_worker.income_missing": arr(model & income.isna()),
        "model_worker.income": arr(model & income.notna() & (income >= CITY_AVG_MONTHLY_WAGE)),
        "amount.positive": arr(amount <= 0),
        "frontline.cap": arr((category == "frontline") & (amount > FRONTLINE_CAP)),
        "payment.bank_card_required": arr(category.isin(("registered_hardship",
                                                         "hardship_model_worker")) & ~card),
        "payment.bank_card_missing": arr(card & ~has("bank_card")),
        "payment.bank_card_invalid": arr(has("bank_card")) & ~is_bank_card(df["bank_card"]),
        "sheet.id_number": arr(cash & ~has("id_number")),
        "sheet.phone": arr(cash & ~has("phone")),
        "sheet.hardship_reason": arr(cash & (category == "unregistered_hardship")
                                     & ~has("hardship_reason")),
        "sheet.signer_missing": arr(cash & ~has("signer")),
        "sheet.signer_is_recipient": arr(cash & has("signer") & (df["signer"] != df["name"])),
        "window.paid_on_missing": arr(paid.isna()),
        "window.paid_on": arr(paid.notna() & ((paid < pd.Timestamp(CAMPAIGN_START))
                                              | (paid > pd.Timestamp(SHEET_DEADLINE)))),
        "id_number.valid": arr(has("id_number")) & ~is_cn_id(df["id_number"]),
        "phone.valid": arr(has("phone") & ~df["phone"].str.fullmatch(r"1[3-9][0-9]{9}")),
    }
    household = df["household_id"]
    for check, members, minimum in (
            ("hardship.household_min", category.isin(HARDSHIP), HARDSHIP_HOUSEHOLD_MIN),
            ("model_worker.household_min", model, MODEL_WORKER_HOUSEHOLD_MIN)):
        total = amount.where(members).groupby(household).transform("sum")
        out[check] = arr(members & (total < minimum))
    ids = df["id_number"]
    out[DUPLICATE] = arr(has("id_number") & ids.duplicated(keep=False))
    return out


def violations(raw: pd.DataFrame) -> list[tuple[int, str]]:
    pairs: list[tuple[int, str]] = []
    for check, mask in masks(prepare(raw)).items():
        pairs.extend((int(i) + 1, check) for i in np.flatnonzero(mask))
    return pairs
