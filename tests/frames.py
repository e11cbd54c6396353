"""Small hand-made frames for the definition tests, in the loader's canonical shape."""

from __future__ import annotations

import pandas as pd

from so_analysis.core.config import Config
from so_analysis.load.dataset import Dataset

ENROLMENT_COLUMNS = (
    "participant_id",
    "provider_id",
    "registered",
    "started",
    "ended",
    "outcome",
    "dropout_reason",
    "language",
)


def enrolments(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (provider_id, registered, started, ended[, outcome[, reason]]) as ISO text or None."""
    records = []
    for i, row in enumerate(rows):
        provider, registered, started, ended, *rest = row
        outcome = rest[0] if len(rest) > 0 else None
        reason = rest[1] if len(rest) > 1 else None
        records.append(
            {
                "participant_id": f"P{i:04d}",
                "provider_id": provider,
                "registered": registered,
                "started": started,
                "ended": ended,
                "outcome": outcome,
                "dropout_reason": reason,
                "language": None,
            }
        )
    frame = pd.DataFrame.from_records(records, columns=list(ENROLMENT_COLUMNS))
    for col in ("registered", "started", "ended"):
        frame[col] = pd.to_datetime(frame[col])
    for col in ("outcome", "dropout_reason", "language"):
        frame[col] = frame[col].astype("object")
    frame["_row"] = range(2, len(frame) + 2)
    return frame


def providers(*ids: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "provider_id": list(ids),
            "name": [i.title() for i in ids],
            "authorized_from": pd.NaT,
            "authorized_to": pd.NaT,
        }
    )


def survey(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["provider_id", "answered", "overall"])
    frame["answered"] = pd.to_datetime(frame["answered"])
    frame["overall"] = frame["overall"].astype("Int64")
    return frame


def checklist(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (provider_id, requirement, fulfilled, visit_date, deadline, remedied)."""
    frame = pd.DataFrame(
        rows,
        columns=["provider_id", "requirement", "fulfilled", "visit_date", "deadline", "remedied"],
    )
    for col in ("visit_date", "deadline", "remedied"):
        frame[col] = pd.to_datetime(frame[col])
    frame["comment"] = pd.NA
    return frame


def dataset(
    provider_ids,
    enrolment_rows,
    survey_rows=None,
    checklist_rows=None,
    config: Config | None = None,
) -> Dataset:
    return Dataset(
        providers=providers(*provider_ids),
        enrolments=enrolments(enrolment_rows),
        survey=survey(survey_rows) if survey_rows is not None else None,
        checklist=checklist(checklist_rows) if checklist_rows is not None else None,
        config=config or Config(),
    )
