"""Returned dialog templates joined with the tables of a data folder (docs/dialog-templates.md §6).

A returned template is the expert's last word for its period: when it holds plan rows, they
replace that expert's rows for that period in the plans table (which table rows, recorded in
`replaced` and counted in the load notes as `plan_rows_replaced`). A template with no plan rows
leaves the table's rows alone. The checklist of a visit is given in the table or in a template,
never both. The follow-up a template reports (Uppföljning) is set on the previous period's plan
items it names, as `reported_status`, `reported_follow_up` and `reported_in` (the template's
period: the report of that period shows it); a row that names no such item is a fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from so_analysis.core.errors import InputFault
from so_analysis.core.personal_numbers import mask_personal_numbers
from so_analysis.core.texts import texts
from so_analysis.load.dataset import SOURCE_ROW, SourceFile
from so_analysis.load.dialog.layout import DIALOG_FOLDER
from so_analysis.load.privacy import mask_text_values
from so_analysis.load.tables import normalize_key

MASKED_PERSONAL_NUMBERS = "masked_personal_numbers"
PLAN_ROWS_REPLACED = "plan_rows_replaced"
REPLACED_COLUMNS = (
    "provider_id",
    "period",
    "file",
    "table_file",
    "table_rows",
    "n_table",
    "n_template",
)
# Columns the follow-up a template reports adds to the plans frame.
REPORTED = ("reported_status", "reported_follow_up", "reported_in")


@dataclass
class DialogTables:
    """What the templates add beside the tables: the visit's notes and the replaced plan rows."""

    dialog: pd.DataFrame | None = None
    replaced: pd.DataFrame | None = None


def mask_frame(frame: pd.DataFrame, table: str, notes: Any) -> pd.DataFrame:
    """Mask personnummer in the text columns of a small frame (rows of dialog templates)."""
    for column in frame.columns:
        if column in (SOURCE_ROW, "_file", "_sheet") or frame[column].dtype != object:
            continue
        masked, n = mask_text_values(frame[column])
        if n:
            frame = frame.assign(**{column: masked})
            notes.add(MASKED_PERSONAL_NUMBERS, table, column, n)
    return frame


def _value_text(v: Any) -> str:
    return v.date().isoformat() if isinstance(v, pd.Timestamp) else str(v)


def _row_ranges(rows: list[int]) -> str:
    """[16, 17, 18, 20] -> '16–18, 20'."""
    out: list[str] = []
    run: list[int] = []
    for r in sorted(rows):
        if run and r == run[-1] + 1:
            run.append(r)
            continue
        if run:
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [r]
    if run:
        out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)


def _replace_plans(
    existing: pd.DataFrame | None, added: pd.DataFrame, table_file: str, notes: Any
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The table's plan rows with each (expert, period) a template gives replaced by its rows."""
    replaced = []
    if existing is not None and not existing.empty:
        keep = pd.Series(True, index=existing.index)
        periods = existing["period"].astype(str)
        for pid, period, file in (
            added[["provider_id", "period", "_file"]].drop_duplicates().itertuples(index=False)
        ):
            mine = keep & (existing["provider_id"] == pid) & (periods == str(period))
            if not mine.any():
                continue
            rows = [int(r) for r in existing.loc[mine, SOURCE_ROW]]
            n_template = int(((added["provider_id"] == pid) & (added["period"] == period)).sum())
            replaced.append(
                {
                    "provider_id": pid,
                    "period": str(period),
                    "file": file,
                    "table_file": table_file,
                    "table_rows": _row_ranges(rows),
                    "n_table": len(rows),
                    "n_template": n_template,
                }
            )
            keep &= ~mine
        existing = existing[keep]
        notes.add(PLAN_ROWS_REPLACED, "plans", None, sum(r["n_table"] for r in replaced))
    plans = added.drop(columns="_file")
    if existing is not None and not existing.empty:
        plans = pd.concat([existing, plans], ignore_index=True)
    frame = pd.DataFrame(replaced, columns=list(REPLACED_COLUMNS)) if replaced else None
    return plans.reset_index(drop=True), frame


def _apply_follow_up(
    plans: pd.DataFrame | None, reported: pd.DataFrame
) -> tuple[pd.DataFrame | None, list[InputFault]]:
    """Set each reported follow-up on the previous period's plan item it names."""
    faults: list[InputFault] = []
    if reported.empty:
        return plans, faults
    if plans is not None:
        plans = plans.copy()
        for column in REPORTED:
            if column not in plans:
                plans[column] = pd.Series(None, index=plans.index, dtype="object")
        actions = plans["action"].map(normalize_key)
        periods = plans["period"].astype(str)
    used: set[int] = set()
    for r in reported.to_dict("records"):
        match = []
        if plans is not None:
            candidates = (
                (plans["provider_id"] == r["provider_id"])
                & (periods == str(r["period"]))
                & (plans["area"] == r["area"])
                & (actions == normalize_key(r["action"]))
            )
            match = [i for i in plans.index[candidates] if i not in used]
        if not match:
            t = texts("sv")
            faults.append(
                InputFault(
                    file=r["_file"],
                    sheet=r["_sheet"],
                    cell=f"B{r['_row']}",
                    row=int(r["_row"]),
                    column=t("template.follow_up.action"),
                    value=r["action"],
                    expected=t("template.faults.follow_up_unknown", period=r["period"]),
                )
            )
            continue
        i = match[0]
        assert plans is not None  # a match was found in them
        used.add(i)
        plans.at[i, "reported_status"] = r["status"]
        plans.at[i, "reported_follow_up"] = r["follow_up"]
        plans.at[i, "reported_in"] = r["reported_in"]
    return plans, faults


def add_dialog_templates(
    folder: Path, frames: dict[str, pd.DataFrame], sources: list[SourceFile], notes: Any
) -> tuple[list[InputFault], DialogTables]:
    """Read `folder/dialogmallar/` and join what it holds to `frames` (plans, checklist)."""
    from so_analysis.load.dialog.reader import read_dialog_folder  # openpyxl-heavy, rare

    returned = read_dialog_folder(folder / DIALOG_FOLDER, folder, frames["providers"])
    if returned is None:
        return [], DialogTables()
    for label, sha256 in returned.sources:
        rows = sum(
            int((f["_file"] == label).sum())
            for f in (returned.plans, returned.checklist, returned.dialog, returned.follow_up)
            if "_file" in f
        )
        sources.append(SourceFile("dialog", mask_personal_numbers(label), None, sha256, rows))
    if returned.faults:
        return returned.faults, DialogTables()
    faults: list[InputFault] = []
    tables = DialogTables()
    checklist = returned.checklist
    if not checklist.empty:
        checklist = mask_frame(checklist, "checklist", notes)
        existing = frames.get("checklist")
        if existing is not None and not existing.empty:
            keys = ["provider_id", "visit_date"]
            both = (
                checklist[[*keys, "_file"]]
                .drop_duplicates()
                .merge(existing[keys].drop_duplicates())
            )
            for record in both.itertuples(index=False):
                faults.append(
                    InputFault(
                        file=record[-1],
                        sheet=texts("sv")("dialog.sheet_checklist"),
                        value=" ".join(_value_text(v) for v in record[:-1]),
                        expected=texts("sv")("template.faults.checklist_twice"),
                    )
                )
            checklist = pd.concat([existing, checklist.drop(columns="_file")], ignore_index=True)
        else:
            checklist = checklist.drop(columns="_file")
        frames["checklist"] = checklist
    if not returned.plans.empty:
        table_file = next(
            (
                s.path if s.sheet is None else f"{s.path} [{s.sheet}]"
                for s in sources
                if s.table == "plans"
            ),
            "",
        )
        added = mask_frame(returned.plans, "plans", notes)
        frames["plans"], tables.replaced = _replace_plans(
            frames.get("plans"), added, table_file, notes
        )
    reported = mask_frame(returned.follow_up, "plans", notes)
    frames["plans"], follow_faults = _apply_follow_up(frames.get("plans"), reported)
    if frames["plans"] is None:
        del frames["plans"]
    faults += follow_faults
    if not returned.dialog.empty:
        tables.dialog = mask_frame(returned.dialog, "dialog", notes).reset_index(drop=True)
    return faults, tables
