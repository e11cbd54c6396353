"""Reading a returned dialog template (*dialogmall*) back as rows of the input tables.

`read_template_rows` reads one template: the expert and period (Statistik), the visit's notes
(Dialog), the plan (Utvecklingsplan), the follow-up of the previous period's plan (Uppföljning) and
the checklist (Checklista). Every cell is validated like any other input and every fault names
file, sheet and cell. `read_dialog_folder` reads `DATA/dialogmallar/`: the templates lie there
(`<slug>.xlsx`) or in a folder per period (`2016/<slug>.xlsx`, the folder's name a period label;
other folders are not read); one template per expert and period.

Sheet names and header rows are the template's language's (`--lang`): Swedish (`Dialog`,
`Uppföljning` …) or English (`Dialog`, `Follow-up` …); a template is read in either, and topic,
area and status labels are accepted in either language.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from so_analysis.core.errors import InputFault
from so_analysis.core.periods import PeriodError, parse_period
from so_analysis.core.slugs import slugify, unique_slugs
from so_analysis.core.texts import texts
from so_analysis.load.dialog.cells import (
    BAD,
    Reader,
    blank,
    frame,
    read_plan_item,
    template_language,
    text,
)
from so_analysis.load.dialog.layout import (
    CELL_PERIOD,
    CELL_PROVIDER_ID,
    CELL_VISIT_DATE,
    CHECKLIST_COLUMNS,
    CHECKLIST_FIELDS,
    CHECKLIST_HEADER_ROW,
    DIALOG_FOLDER,
    PLAN_COLUMNS,
    PLAN_FIELDS,
    PLAN_HEADER_ROW,
)
from so_analysis.load.dialog.notes import (
    dialog_frame,
    follow_up_frame,
    read_dialog_sheet,
    read_follow_up_sheet,
)
from so_analysis.load.dialog.sheets import read_template
from so_analysis.load.tables import code_lookup, normalize_key


@dataclass
class TemplateRows:
    """What one returned template holds, as rows of the input tables, and its faults."""

    plans: pd.DataFrame
    checklist: pd.DataFrame
    dialog: pd.DataFrame
    follow_up: pd.DataFrame
    faults: list[InputFault]
    provider_id: str | None = None
    period: str | None = None


@dataclass
class ReturnedTemplates:
    """Every template of a `dialogmallar/` folder; each row names its file in `_file`."""

    plans: pd.DataFrame
    checklist: pd.DataFrame
    dialog: pd.DataFrame
    follow_up: pd.DataFrame
    faults: list[InputFault] = field(default_factory=list)
    sources: list[tuple[str, str]] = field(default_factory=list)  # (path, sha256)


def _names_for(pid: str, providers: pd.DataFrame) -> set[str]:
    """The file name stems that belong to an expert: its id, its slug and its unique slug."""
    names = [str(n) for n in providers["name"]]
    ids = [str(p) for p in providers["provider_id"]]
    stems = {pid.casefold()}
    for other, name, unique in zip(ids, names, unique_slugs(names), strict=True):
        if other == pid:
            stems |= {slugify(name), unique}
    return stems


def _identify(
    wb, reader: Reader, stem: str, providers: pd.DataFrame
) -> tuple[str | None, str | None]:
    """The expert (B2) and period (B3) of the statistics sheet, checked against the file name."""
    t = reader.t
    known = {str(p) for p in providers["provider_id"]}
    stats = reader.sheet(wb, "statistics")
    if stats is None:
        # without the statistics sheet, the file name may still tell the expert
        for candidate in known:
            if stem == candidate or stem.casefold() in _names_for(candidate, providers):
                return candidate, None
        return None, None
    id_cell, period_cell = stats[CELL_PROVIDER_ID], stats[CELL_PERIOD]
    id_header = t("dialog.provider_id")
    pid = text(id_cell.value)
    if pid is None:
        reader.at(stats, id_cell, t("dialog.faults.provider_missing"), id_header)
    elif pid not in known:
        reader.at(stats, id_cell, t("dialog.faults.provider_unknown"), id_header, pid)
        pid = None
    elif stem.casefold() not in _names_for(pid, providers) and stem != pid:
        stems = sorted(_names_for(pid, providers))
        names = ", ".join(f"{s}.xlsx" for s in stems)
        reader.at(stats, id_cell, t("dialog.faults.file_name", names=names), id_header, pid)
    period = text(period_cell.value)
    try:
        period = parse_period(period).label if period is not None else None
    except PeriodError:
        period = None
    if period is None:
        reader.at(stats, period_cell, t("dialog.faults.period"), t("dialog.period"))
    return pid, period


def read_template_rows(
    path: Path,
    label: str,
    providers: pd.DataFrame,
    data: bytes | None = None,
    folder_period: str | None = None,
) -> TemplateRows:
    """Read a filled-in dialog template: its rows of every table, and every fault located.

    Rows with nothing filled in but what the municipality pre-filled are skipped. The file is
    read within bounds and in linear time (`template_sheets`). `folder_period`: the period the
    folder the template lies in is named by; the template's own period must be the same.
    """
    path = Path(path)
    wb, faults = read_template(path.read_bytes() if data is None else data, label)
    if wb is None:
        return _rows([], [], dialog_frame([]), follow_up_frame([]), faults)
    t = texts(template_language(wb.sheetnames))
    reader = Reader(label, t, faults)
    pid, period = _identify(wb, reader, path.stem, providers)
    if folder_period is not None and period is not None and period != folder_period:
        stats = wb[t("dialog.sheet_statistics")]
        cell = stats[CELL_PERIOD]
        reader.at(
            stats,
            cell,
            t("template.faults.period_folder", folder=folder_period),
            t("dialog.period"),
        )
        period = None
    dialog = read_dialog_sheet(wb, reader, pid, period)
    plans = _read_plans(wb, reader, pid, period)
    follow_up = read_follow_up_sheet(wb, reader, pid, period)
    checklist = _read_checklist(wb, reader, pid)
    return TemplateRows(
        _plans_frame(plans), _checklist_frame(checklist), dialog, follow_up, faults, pid, period
    )


def _rows(plans, checklist, dialog, follow_up, faults) -> TemplateRows:
    return TemplateRows(_plans_frame(plans), _checklist_frame(checklist), dialog, follow_up, faults)


def _read_plans(wb, reader: Reader, pid: str | None, period: str | None) -> list[dict]:
    t = reader.t
    ws = reader.sheet(wb, "plan")
    if ws is None:
        return []
    col = reader.columns(ws, PLAN_HEADER_ROW, "dialog.plan", PLAN_FIELDS)
    if col is None:
        return []
    records = []
    for r in range(PLAN_HEADER_ROW + 1, ws.max_row + 1):
        cells = {f: ws.cell(row=r, column=i) for i, f in enumerate(PLAN_FIELDS, start=1)}
        if all(blank(cells[f].value) for f in ("action", "responsible", "due", "status")):
            continue  # only the pre-filled area and finding (or nothing): not used
        action = text(cells["action"].value)
        item = read_plan_item(reader, ws, cells, col, action, t("dialog.faults.action"))
        if item is None or action is None:
            continue
        area, status, due = item
        if pid is None or period is None:
            continue
        records.append(
            {
                "provider_id": pid,
                "period": period,
                "area": area,
                "finding": text(cells["finding"].value),
                "action": action,
                "responsible": text(cells["responsible"].value),
                "due": due,
                "status": status,
                "follow_up": None,
                "_row": r,
            }
        )
    return records


def _read_checklist(wb, reader: Reader, pid: str | None) -> list[dict]:
    t = reader.t
    ws = reader.sheet(wb, "checklist")
    if ws is None:
        return []
    visit_label = t("dialog.checklist.visit_date")
    label_cell = ws.cell(row=1, column=1)
    if normalize_key(label_cell.value or "") != normalize_key(visit_label):
        reader.at(ws, label_cell, t("dialog.faults.header", header=visit_label), visit_label)
        return []
    col = reader.columns(ws, CHECKLIST_HEADER_ROW, "dialog.checklist", CHECKLIST_FIELDS)
    if col is None:
        return []
    visit = reader.date(ws, ws[CELL_VISIT_DATE], visit_label)
    yes_no = code_lookup("bool")
    records = []
    missing_visit = False
    for r in range(CHECKLIST_HEADER_ROW + 1, ws.max_row + 1):
        cells = {f: ws.cell(row=r, column=i) for i, f in enumerate(CHECKLIST_FIELDS, start=1)}
        if all(blank(cells[f].value) for f in ("fulfilled", "deadline", "comment")):
            continue  # the requirement (pre-filled) alone: not answered
        requirement = text(cells["requirement"].value)
        if requirement is None:
            reader.at(ws, cells["requirement"], t("dialog.faults.requirement"), col["requirement"])
        if blank(cells["fulfilled"].value):
            fulfilled: object = BAD
            reader.at(ws, cells["fulfilled"], t("dialog.faults.fulfilled"), col["fulfilled"])
        else:
            fulfilled = reader.code(
                ws, cells["fulfilled"], col["fulfilled"], yes_no, t("dialog.faults.fulfilled")
            )
        deadline = reader.date(ws, cells["deadline"], col["deadline"])
        if visit is None and not missing_visit:
            missing_visit = True
            reader.at(ws, ws[CELL_VISIT_DATE], t("dialog.faults.visit_date"), visit_label)
        if requirement is None or BAD in (fulfilled, deadline, visit) or visit is None:
            continue
        if pid is None:
            continue
        records.append(
            {
                "provider_id": pid,
                "requirement": requirement,
                "fulfilled": fulfilled == "true",
                "visit_date": visit,
                "deadline": deadline,
                "remedied": pd.NaT,
                "comment": text(cells["comment"].value),
                "_row": r,
            }
        )
    return records


def _template_files(folder: Path) -> list[tuple[Path, str | None]]:
    """The templates of `folder` and of its period folders, with the period a folder names."""
    found: list[tuple[Path, str | None]] = []

    def xlsx(where: Path) -> list[Path]:
        return sorted(
            p for p in where.glob("*.xlsx") if p.is_file() and not p.name.startswith(("~$", "."))
        )

    found += [(p, None) for p in xlsx(folder)]
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            label = parse_period(sub.name).label
        except (PeriodError, ValueError):
            continue  # not a period's folder (an archive, say): not read
        found += [(p, label) for p in xlsx(sub)]
    return found


def read_dialog_folder(
    folder: Path, data_dir: Path, providers: pd.DataFrame
) -> ReturnedTemplates | None:
    """Read every filled-in template in `folder` (normally `DATA/dialogmallar/`).

    None when the folder holds no template. Each row names its file in `_file`; `sources` lists
    (path relative to `data_dir`, sha256) per file. Excel's `~$` lock files are skipped. Two
    templates for the same expert and period are a fault naming both.
    """
    folder, data_dir = Path(folder), Path(data_dir)
    if not folder.is_dir():
        return None
    files = _template_files(folder)
    if not files:
        return None
    parts: dict[str, list[pd.DataFrame]] = {
        k: [] for k in ("plans", "checklist", "dialog", "follow_up")
    }
    out = ReturnedTemplates(*(pd.DataFrame() for _ in range(4)))
    seen: dict[tuple[str, str], str] = {}
    for path, folder_period in files:
        try:
            label = path.relative_to(data_dir).as_posix()
        except ValueError:
            label = path.relative_to(folder.parent).as_posix()
        data = path.read_bytes()
        out.sources.append((label, hashlib.sha256(data).hexdigest()))
        rows = read_template_rows(path, label, providers, data, folder_period)
        out.faults += rows.faults
        if rows.provider_id is not None and rows.period is not None:
            key = (rows.provider_id, rows.period)
            if key in seen:
                out.faults.append(
                    InputFault(
                        file=label,
                        sheet=texts("sv")("dialog.sheet_statistics"),
                        cell=CELL_PERIOD,
                        value=f"{rows.provider_id} {rows.period}",
                        expected=texts("sv")("template.faults.twice", other=seen[key]),
                    )
                )
            seen.setdefault(key, label)
        for name in parts:
            parts[name].append(getattr(rows, name).assign(_file=label))
    out.plans = _plans_frame(pd.concat(parts["plans"], ignore_index=True))
    out.checklist = _checklist_frame(pd.concat(parts["checklist"], ignore_index=True))
    out.dialog = pd.concat(parts["dialog"], ignore_index=True)
    out.follow_up = pd.concat(parts["follow_up"], ignore_index=True)
    return out


def _plans_frame(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    out = rows if isinstance(rows, pd.DataFrame) else frame(rows, PLAN_COLUMNS)
    out["due"] = pd.to_datetime(out["due"]).astype("datetime64[ns]")
    out["_row"] = out["_row"].astype("int64")
    return out


def _checklist_frame(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    out = rows if isinstance(rows, pd.DataFrame) else frame(rows, CHECKLIST_COLUMNS)
    for col in ("visit_date", "deadline", "remedied"):
        out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    out["fulfilled"] = out["fulfilled"].astype(bool)
    out["_row"] = out["_row"].astype("int64")
    return out


__all__ = [
    "DIALOG_FOLDER",
    "ReturnedTemplates",
    "TemplateRows",
    "read_dialog_folder",
    "read_template_rows",
]
