"""Exports: `indikatorer.csv` (the analyst's contract, docs/data.md §10), `indikatorer.xlsx`."""

from __future__ import annotations

import json
import platform
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from so_analysis.core.texts import texts
from so_analysis.measure.figures import (
    CONTRACT_COLUMNS,
    COUNT,
    COUNT_COLUMNS,
    CSV_COLUMNS,
    DAYS,
    HOURS,
    RATE,
    SCORE,
    SHARE,
)
from so_analysis.measure.sexes import SEX_COLUMN, csv_rows
from so_analysis.report.publication.model import Report, kind
from so_analysis.report.xlsx import set_text

# Number formats of the published figures: as many decimals as the report shows.
XLSX_FORMATS = {DAYS: "0.0", HOURS: "0.0", SCORE: "0.0", SHARE: "0%", RATE: "0.0%", COUNT: "0"}
PACKAGES = (
    "so-analysis",
    "pandas",
    "numpy",
    "pandera",
    "openpyxl",
    "matplotlib",
    "papermill",
    "nbconvert",
    "nbclient",
    "nbformat",
    "ipykernel",
)


def indicator_table(indicators: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns in order, then the ones that follow them (`dropout_rate_negative`);
    counts as whole numbers, missing as NA."""
    table = indicators.reset_index(drop=True)[list(CSV_COLUMNS)].copy()
    for col in COUNT_COLUMNS:
        if col in table:
            table[col] = pd.to_numeric(table[col]).round().astype("Int64")
    for col in CSV_COLUMNS:
        if col not in COUNT_COLUMNS and col not in ("provider_id", "provider"):
            table[col] = pd.to_numeric(table[col]).astype("float64")
    return table


def indicators_csv(indicators: pd.DataFrame) -> str:
    """The CSV text: UTF-8, comma, decimal point, an empty cell for a missing value."""
    return indicator_table(indicators).to_csv(index=False, lineterminator="\n", na_rep="")


def indicators_by_sex_csv(by_sex: pd.DataFrame) -> str:
    """`indikatorer_kon.csv`: the columns of `indikatorer.csv` with `sex` after `provider`, a row
    per expert and sex that occurs, then `_all` per sex; the same conventions."""
    rows = csv_rows(by_sex)
    table = indicator_table(rows)
    table.insert(2, SEX_COLUMN, rows[SEX_COLUMN].to_numpy())
    return table.to_csv(index=False, lineterminator="\n", na_rep="")


def write_indicators_xlsx(report: Report, path: Path, lang: str = "sv") -> None:
    """The published figures (docs/disclosure.md), headers in `lang`: as the report shows them.

    Every figure comes from the publication model: a published figure is its rounded value, a
    suppressed or missing one the model's text ("för få (n<5)", "–"). The unsuppressed table is
    `indikatorer.csv`.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    t = texts(lang)
    labels = t.section("columns")
    totals = t.section("totals")
    model = report.model(lang)
    table = indicator_table(report.analysis.indicators)
    wb = Workbook()
    ws = wb.active
    ws.title = "Indikatorer" if lang == "sv" else "Indicators"
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE6F0")
    for col, name in enumerate(CONTRACT_COLUMNS, start=1):
        cell = set_text(ws.cell(row=1, column=col), labels[name])
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = 30 if name == "provider" else 14
    ws.row_dimensions[1].height = 48
    for r, (pid, name) in enumerate(zip(table["provider_id"], table["provider"], strict=True), 2):
        set_text(ws.cell(row=r, column=1), pid)
        set_text(ws.cell(row=r, column=2), totals.get(pid, name))
        for col, figure in enumerate(CONTRACT_COLUMNS[2:], start=3):
            cell = ws.cell(row=r, column=col)
            published = model.cell(pid, figure)
            if published.ok:
                k = kind(figure)
                cell.value = int(published.shown) if k == COUNT else published.shown
                cell.number_format = XLSX_FORMATS[k]
            else:
                set_text(cell, published.text).alignment = Alignment(horizontal="right")
    for r in (len(table), len(table) + 1):  # the two total rows close the sheet
        for cell in ws[r]:
            cell.font = bold
    ws.freeze_panes = "C2"
    wb.save(path)


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def manifest(
    *,
    sources: list[dict[str, Any]],
    parameters: dict[str, Any],
    config: dict[str, Any],
    outputs: list[str],
    notebooks: list[dict[str, Any]] | None = None,
    lock_sha256: str | None = None,
) -> str:
    """The run's record as JSON text: inputs with checksums, parameters, versions (and the
    sha256 of `requirements.lock`, null without one), outputs."""
    record = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": parameters,
        "inputs": sources,
        "config": config,
        "versions": package_versions(),
        "requirements_lock_sha256": lock_sha256,
        "notebooks": notebooks or [],
        "outputs": sorted(outputs),
    }
    return json.dumps(record, ensure_ascii=False, indent=2, default=str) + "\n"
