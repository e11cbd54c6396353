"""The analyst's exports: `indikatorer.csv` (the contract of SPEC §5), `indikatorer.xlsx`, manifest."""

from __future__ import annotations

import json
import platform
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from so_analysis.core.texts import texts
from so_analysis.measure.indicators import COUNT_COLUMNS, INDICATOR_COLUMNS

SHARE_COLUMNS = (
    "lead_time_within_target_share",
    "duration_within_target_share",
    "dropout_rate",
    "response_rate",
)
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
    """Exactly the contract's columns, in order; counts as whole numbers, missing as NA."""
    table = indicators.reset_index(drop=True)[list(INDICATOR_COLUMNS)].copy()
    for col in COUNT_COLUMNS:
        if col in table:
            table[col] = pd.to_numeric(table[col]).round().astype("Int64")
    for col in INDICATOR_COLUMNS:
        if col not in COUNT_COLUMNS and col not in ("provider_id", "provider"):
            table[col] = pd.to_numeric(table[col]).astype("float64")
    return table


def indicators_csv(indicators: pd.DataFrame) -> str:
    """The CSV text: UTF-8, comma, decimal point, an empty cell for a missing value."""
    return indicator_table(indicators).to_csv(index=False, lineterminator="\n", na_rep="")


def write_indicators_xlsx(indicators: pd.DataFrame, path: Path, lang: str = "sv") -> None:
    """The same table with headers in `lang`, formatted for reading in Excel."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    t = texts(lang)
    labels = t.section("columns")
    table = indicator_table(indicators)
    table["provider"] = [
        t.section("totals").get(pid, name)
        for pid, name in zip(table["provider_id"], table["provider"], strict=True)
    ]
    shown = table.rename(columns=labels)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        sheet_name = "Indikatorer" if lang == "sv" else "Indicators"
        shown.to_excel(writer, index=False, sheet_name=sheet_name)
        ws = writer.sheets[sheet_name]
        ws.freeze_panes = "C2"
        header_fill = PatternFill("solid", fgColor="DDE6F0")
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[1].height = 48
        for idx, col in enumerate(table.columns, start=1):
            letter = get_column_letter(idx)
            ws.column_dimensions[letter].width = 30 if col == "provider" else 14
            if col in COUNT_COLUMNS:
                fmt = "0"
            elif col in SHARE_COLUMNS:
                fmt = "0.0%"
            elif col in ("provider_id", "provider"):
                continue
            else:
                fmt = "0.0"
            for row in range(2, len(table) + 2):
                ws[f"{letter}{row}"].number_format = fmt
        bold = Font(bold=True)
        for row in (len(table), len(table) + 1):  # the two total rows close the sheet
            for cell in ws[row]:
                cell.font = bold


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
) -> str:
    """The run's record as JSON text: inputs with checksums, parameters, versions, outputs."""
    record = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": parameters,
        "inputs": sources,
        "config": config,
        "versions": package_versions(),
        "notebooks": notebooks or [],
        "outputs": sorted(outputs),
    }
    return json.dumps(record, ensure_ascii=False, indent=2, default=str) + "\n"
