"""The fundrules Python package on a pandas DataFrame and on a pyarrow Table, both held in
memory as an analyst has them (every cell text, as read from the CSV)."""

from __future__ import annotations

from typing import Any

import fundrules


def pairs(report: Any) -> list[tuple[int, str]]:
    frame = report.violations_frame()
    frame = frame[frame["row"].notna()]
    return list(zip(frame["row"].astype(int).tolist(), frame["rule_id"].tolist()))
