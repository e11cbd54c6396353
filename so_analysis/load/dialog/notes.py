"""The dialog sheets of a returned template: the visit's notes (Dialog) and the follow-up of the
previous period's plan (Uppföljning), read as rows and validated cell by cell.

Dialog: one row per topic (`dialog_layout.TOPICS`), the expert's comment and the municipality's
notes kept as written (line breaks too). Uppföljning: one row per plan item of the previous
period, pre-filled with area, action and due; the expert gives status and follow-up. Whether a
follow-up row names a real plan item is checked once all plans are known (`dialog_merge`).
"""

from __future__ import annotations

import pandas as pd

from so_analysis.core.periods import PeriodError, parse_period
from so_analysis.load.dialog.cells import (
    Reader,
    blank,
    frame,
    label_lookup,
    note_text,
    read_plan_item,
)
from so_analysis.load.dialog.layout import (
    DIALOG_COLUMNS,
    DIALOG_FIELDS,
    DIALOG_HEADER_ROW,
    FOLLOW_UP_COLUMNS,
    FOLLOW_UP_FIELDS,
    FOLLOW_UP_HEADER_ROW,
    TOPICS,
)


def topic_lookup() -> dict[str, str]:
    """Normalized topic label (Swedish or English) -> topic code."""
    return label_lookup({code: f"template.topics.{code}" for code in TOPICS})


def read_dialog_sheet(wb, reader: Reader, pid: str | None, period: str | None) -> pd.DataFrame:
    """The Dialog sheet's notes: a row per topic with a comment or a note (columns DIALOG_COLUMNS)."""
    t = reader.t
    ws = reader.sheet(wb, "dialog")
    if ws is None:
        return dialog_frame([])
    col = reader.columns(ws, DIALOG_HEADER_ROW, "template.dialog", DIALOG_FIELDS)
    if col is None:
        return dialog_frame([])
    topics = topic_lookup()
    choices = ", ".join(t(f"template.topics.{c}") for c in TOPICS)
    seen: dict[str, int] = {}
    records = []
    for r in range(DIALOG_HEADER_ROW + 1, ws.max_row + 1):
        cells = {f: ws.cell(row=r, column=i) for i, f in enumerate(DIALOG_FIELDS, start=1)}
        comment = note_text(cells["expert_comment"].value)
        notes = note_text(cells["municipality_notes"].value)
        if comment is None and notes is None:
            continue  # the topic (pre-filled) alone: nothing said
        if blank(cells["topic"].value):
            reader.at(ws, cells["topic"], t("template.faults.topic", choices=choices), col["topic"])
            continue
        topic = reader.code(
            ws, cells["topic"], col["topic"], topics, t("template.faults.topic", choices=choices)
        )
        if not isinstance(topic, str):
            continue  # not a topic: the fault is recorded
        if topic in seen:
            reader.at(
                ws, cells["topic"], t("template.faults.topic_twice", row=seen[topic]), col["topic"]
            )
            continue
        seen[topic] = r
        if pid is None or period is None:
            continue
        records.append(
            {
                "provider_id": pid,
                "period": period,
                "topic": topic,
                "expert_comment": comment,
                "municipality_notes": notes,
                "_row": r,
            }
        )
    return dialog_frame(records)


def previous_label(period: str | None) -> str | None:
    """The label of the period before `period` ('2016' -> '2015'); None when there is none."""
    if period is None:
        return None
    try:
        return parse_period(period).previous().label
    except (PeriodError, ValueError):
        return None


def read_follow_up_sheet(wb, reader: Reader, pid: str | None, period: str | None) -> pd.DataFrame:
    """The Uppföljning sheet: the rows the expert reported on (a status or a follow-up text)."""
    t = reader.t
    ws = reader.sheet(wb, "follow_up")
    if ws is None:
        return follow_up_frame([])
    col = reader.columns(ws, FOLLOW_UP_HEADER_ROW, "template.follow_up", FOLLOW_UP_FIELDS)
    if col is None:
        return follow_up_frame([])
    previous = previous_label(period)
    records = []
    for r in range(FOLLOW_UP_HEADER_ROW + 1, ws.max_row + 1):
        cells = {f: ws.cell(row=r, column=i) for i, f in enumerate(FOLLOW_UP_FIELDS, start=1)}
        if blank(cells["status"].value) and blank(cells["follow_up"].value):
            continue  # the pre-filled item alone: not reported on
        action = note_text(cells["action"].value)
        item = read_plan_item(reader, ws, cells, col, action, t("template.faults.follow_up_action"))
        if item is None or action is None:
            continue
        area, status, due = item
        if pid is None or period is None or previous is None:
            continue
        records.append(
            {
                "provider_id": pid,
                "period": previous,
                "reported_in": period,
                "area": area,
                "action": action,
                "due": due,
                "status": status,
                "follow_up": note_text(cells["follow_up"].value),
                "_row": r,
                "_sheet": ws.title,
            }
        )
    return follow_up_frame(records)


def _texts_as_none(out: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Empty text cells as None (not NaN), as the other frames of a template have them."""
    for column in columns:
        out[column] = out[column].astype("object").where(out[column].notna(), None)
    return out


def dialog_frame(records: list[dict]) -> pd.DataFrame:
    out = _texts_as_none(frame(records, DIALOG_COLUMNS), ("expert_comment", "municipality_notes"))
    out["_row"] = out["_row"].astype("int64")
    return out


def follow_up_frame(records: list[dict]) -> pd.DataFrame:
    out = _texts_as_none(frame(records, FOLLOW_UP_COLUMNS), ("status", "follow_up"))
    out["due"] = pd.to_datetime(out["due"]).astype("datetime64[ns]")
    out["_row"] = out["_row"].astype("int64")
    return out


__all__ = [
    "dialog_frame",
    "follow_up_frame",
    "previous_label",
    "read_dialog_sheet",
    "read_follow_up_sheet",
    "topic_lookup",
]
