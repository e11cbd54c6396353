"""Follow-up of the development plans agreed for the previous period (the visit cycle)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from so_analysis.core.periods import Period

DONE = "klar"


def plan_items(plans: pd.DataFrame | None, period_label: str) -> pd.DataFrame | None:
    """Plan items agreed for `period_label` (None when there is no plans table)."""
    if plans is None:
        return None
    return plans[plans["period"].astype(str) == period_label].reset_index(drop=True)


# Columns a returned dialog template sets on the plans it followed up (`load.dialog_merge`).
REPORTED_STATUS, REPORTED_FOLLOW_UP, REPORTED_IN = (
    "reported_status",
    "reported_follow_up",
    "reported_in",
)


def with_reported(items: pd.DataFrame, period_label: str) -> pd.DataFrame:
    """Plan items with the status and follow-up reported in `period_label`'s dialog template.

    The template of a period reports on the previous period's plans (sheet Uppföljning): in that
    period's report its status and text replace what the plan said; a report of an earlier
    period never sees them.
    """
    if REPORTED_IN not in items:
        return items
    now = items[REPORTED_IN].astype("object") == period_label
    status = now & items[REPORTED_STATUS].notna()
    text = now & items[REPORTED_FOLLOW_UP].notna()
    out = items.copy()
    out["status"] = out["status"].astype("object").where(~status, out[REPORTED_STATUS])
    out["follow_up"] = out["follow_up"].astype("object").where(~text, out[REPORTED_FOLLOW_UP])
    return out


def plan_follow_up(
    plans: pd.DataFrame | None, period: Period, as_of: date, ended: Iterable[str] = ()
) -> pd.DataFrame | None:
    """The previous period's plan items with `overdue`: past their date on `as_of` and not done.

    An item of an expert whose authorization ended (`ended`) and not done is closed as
    *upphört* (`ended` true), never overdue (docs/method.md §3.12).
    """
    items = plan_items(plans, period.previous().label)
    if items is None:
        return None
    items = with_reported(items.copy(), period.label)
    due = items["due"]
    items["done"] = items["status"] == DONE
    items["ended"] = ~items["done"] & items["provider_id"].isin(list(ended))
    items["overdue"] = due.notna() & (due < pd.Timestamp(as_of)) & ~items["done"] & ~items["ended"]
    return items


def follow_up_counts(follow_up: pd.DataFrame | None, expert_ids: list[str]) -> pd.DataFrame:
    """Per expert: plan items followed up, done, and past their date not done (index provider_id)."""
    columns = ["items", "done", "overdue"]
    if follow_up is None or follow_up.empty:
        return pd.DataFrame(0, index=pd.Index(expert_ids, name="provider_id"), columns=columns)
    g = follow_up.groupby("provider_id")
    counts = pd.DataFrame(
        {"items": g.size(), "done": g["done"].sum(), "overdue": g["overdue"].sum()}
    )
    return counts.reindex(expert_ids).fillna(0).astype("int64").rename_axis("provider_id")
