"""The authorization checklist as of a date (docs/method.md §3.9): open and overdue deficiencies."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd


def checklist_state(
    checklist: pd.DataFrame, as_of: date, ended: Iterable[str] = ()
) -> pd.DataFrame:
    """Per expert and requirement, the row with the latest visit on or before `as_of`.

    Rows without a visit date count as older than any dated visit. Adds `open` (not fulfilled
    and not remedied by `as_of`) and `overdue` (open and past its deadline). A deficiency of an
    expert whose authorization ended (`ended`) is closed as *upphört* (`ended` true): neither
    open nor overdue (docs/method.md §3.12).
    """
    day = pd.Timestamp(as_of)
    rows = checklist[checklist["visit_date"].isna() | (checklist["visit_date"] <= day)].copy()
    rows["_order"] = range(len(rows))
    rows = rows.sort_values(["visit_date", "_order"], na_position="first", kind="stable")
    state = rows.drop_duplicates(["provider_id", "requirement"], keep="last")
    state = state.sort_values("_order", kind="stable").drop(columns="_order")
    remedied = state["remedied"].notna() & (state["remedied"] <= day)
    unmet = ~state["fulfilled"].astype(bool) & ~remedied
    state["ended"] = unmet & state["provider_id"].isin(list(ended))
    state["open"] = unmet & ~state["ended"]
    state["overdue"] = state["open"] & state["deadline"].notna() & (state["deadline"] < day)
    return state.reset_index(drop=True)


def deficiency_counts(state: pd.DataFrame) -> pd.DataFrame:
    """Open and overdue deficiencies per expert that has checklist rows (index provider_id)."""
    grouped = state.groupby("provider_id", sort=False)
    return pd.DataFrame(
        {
            "open_deficiencies": grouped["open"].sum().astype("int64"),
            "overdue_deficiencies": grouped["overdue"].sum().astype("int64"),
        }
    )
