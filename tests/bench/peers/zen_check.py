"""The hefei rules as GoRules JDM decisions (jdm/*.json) run by zen-engine, called the way a
rules engine of that kind is used: once per record, and once per household and per recipient
for the rules over several rows. Python only reads the CSV and turns labels into codes and
amounts into numbers, which the decisions then judge."""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from typing import Any

import zen

from common import CATEGORY, FIELDS, LEVEL, PAYMENT

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jdm")


def load(name: str) -> Any:
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return zen.ZenEngine().create_decision(f.read())


def number(text: str) -> float | None:
    return float(text.replace(",", "")) if text else None


def records(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        names = [FIELDS[h] for h in next(reader)]
        rows = []
        for cells in reader:
            row: dict[str, Any] = {n: (c if c != "" else None) for n, c in zip(names, cells)}
            row["category"] = CATEGORY.get(row["category"] or "")
            row["payment_method"] = PAYMENT.get(row["payment_method"] or "")
            row["model_worker_level"] = LEVEL.get(row["model_worker_level"] or "")
            row["amount"] = number(row["amount"] or "")
            row["monthly_income"] = number(row["monthly_income"] or "")
            rows.append(row)
    return rows


def violated(result: dict[str, Any]) -> list[str]:
    return [key.replace("__", ".") for key, value in result["result"].items() if value]


def violations(rows: list[dict[str, Any]]) -> list[tuple[int, str]]:
    record, household, recipient = load("record.json"), load("household.json"), load("recipient.json")
    pairs: list[tuple[int, str]] = []
    households: dict[str, list[int]] = defaultdict(list)
    recipients: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        pairs.extend((i + 1, check) for check in violated(record.evaluate(row)))
        households[row["household_id"]].append(i)
        if row["id_number"] is not None:
            recipients[row["id_number"]].append(i)
    for members in households.values():
        group = [{"category": rows[i]["category"], "amount": rows[i]["amount"]} for i in members]
        for check in violated(household.evaluate({"rows": group})):
            counted = (("registered_hardship", "unregistered_hardship")
                       if check == "hardship.household_min" else ("hardship_model_worker",))
            pairs.extend((i + 1, check) for i in members if rows[i]["category"] in counted)
    for members in recipients.values():
        for check in violated(recipient.evaluate({"listed": len(members)})):
            pairs.extend((i + 1, check) for i in members)
    return pairs
