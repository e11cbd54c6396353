"""How the sample is written: as a municipal export would be, with Swedish headers and labels."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from so_analysis.load.tables import SWEDISH_HEADERS
from so_analysis.sample.profiles import MODULES, OUTCOME_LABELS, REASON_LABELS

EXPORT_HEADERS: dict[str, str] = {
    **SWEDISH_HEADERS,
    **{f"module_{m}": f"Modul {m.replace('_', ' ')}" for m in MODULES},
}
FILE_STEMS = {
    "providers": "experter",
    "enrolments": "deltagare",
    "survey": "enkat",
    "checklist": "checklista",
    "plans": "utvecklingsplan",
}
AREA_LABELS = {
    "effektivitet": "Effektivitet",
    "kundnojdhet": "Kundnöjdhet",
    "avbrott": "Avbrott",
    "auktorisation": "Auktorisation",
    "ovrigt": "Övrigt",
}
STATUS_LABELS = {
    "planerad": "planerad",
    "pagar": "pågår",
    "klar": "klar",
    "ej_genomford": "ej genomförd",
}


SEX_LABELS = {"kvinna": "Kvinna", "man": "Man"}


def swedish_number(value: float) -> str:
    """72.0 -> '72', 72.5 -> '72,5' (decimal comma), NaN -> ''."""
    if value != value:  # NaN
        return ""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def to_municipal_export(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Swedish headers and labels, dates as ISO text: what a municipal export looks like."""
    out = {}
    for name, frame in tables.items():
        f = frame.copy()
        if name == "enrolments":
            f["outcome"] = f["outcome"].map(lambda v: OUTCOME_LABELS.get(v, ""))
            f["dropout_reason"] = f["dropout_reason"].map(lambda v: REASON_LABELS.get(v, ""))
            if "sex" in f.columns:
                f["sex"] = f["sex"].map(lambda v: SEX_LABELS.get(v, ""))
            if "hours_offered" in f.columns:
                f["hours_offered"] = f["hours_offered"].map(swedish_number)
        if name == "plans":
            f["area"] = f["area"].map(AREA_LABELS)
            f["status"] = f["status"].map(STATUS_LABELS)
        for col in f.columns:
            if f[col].map(lambda v: isinstance(v, date)).any():
                f[col] = f[col].map(lambda v: v.isoformat() if isinstance(v, date) else "")
        out[name] = f.rename(columns=EXPORT_HEADERS)
    return out


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path | str) -> list[Path]:
    """Write canonical tables as a municipal export (Swedish headers and labels, `;` CSV)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in to_municipal_export(tables).items():
        path = out / f"{FILE_STEMS[name]}.csv"
        frame.to_csv(path, sep=";", index=False, encoding="utf-8", lineterminator="\n")
        written.append(path)
    return written
