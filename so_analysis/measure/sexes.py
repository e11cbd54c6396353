"""Every indicator per expert and sex (SPEC §7, docs/method.md §3.19): `indikatorer_kon.csv`.

The same figures as `measure.indicators.compute_indicators`, measured on each sex's people:
women (`kvinna`), men (`man`) and those whose sex is not known (`okänt`: no `kön` cell and no
personnummer or samordningsnummer to read it from). The survey has no sex (SPEC §2), so the
satisfaction figures are empty here; nor are the authorization rules a matter of sex.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from so_analysis.core.config import Config
from so_analysis.core.periods import Period
from so_analysis.core.texts import texts
from so_analysis.load import codes as by_codes
from so_analysis.measure.figures import ALL, COLUMNS, COUNT_COLUMNS
from so_analysis.measure.indicators import (
    Measured,
    aggregate_tables,
    expert_codes,
    measure_enrolments,
)

KVINNA, MAN, UNKNOWN = "kvinna", "man", "okänt"
SEXES: tuple[str, ...] = (KVINNA, MAN, UNKNOWN)
SEX_COLUMN = "sex"
# Not measured by sex: the survey has none, and the checklist is the expert's, not its people's.
NOT_BY_SEX: tuple[str, ...] = (
    "satisfaction_mean",
    "satisfaction_n",
    "response_rate",
    "open_deficiencies",
    "overdue_deficiencies",
    "duration_mean_days_missing_as_zero",
)


def sex_codes(counting: pd.DataFrame) -> np.ndarray:
    """Each counting enrolment's sex as its position in `SEXES` (okänt where none is known)."""
    if SEX_COLUMN not in counting:
        return np.full(len(counting), SEXES.index(UNKNOWN), dtype="intp")
    codes = by_codes.get_indexer(SEXES[:2], counting[SEX_COLUMN])
    codes[codes < 0] = SEXES.index(UNKNOWN)
    return codes


def expert_sex_tables(
    providers: pd.DataFrame, measured: Measured
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """`aggregate_table`s of `measured` (made with the sex among its columns, if the data has
    it) by expert (`expert_codes`: what `compute_indicators` takes as `per_expert`), by expert ×
    sex (row expert * len(SEXES) + sex) and by sex, in one pass over the enrolments."""
    ids = list(providers["provider_id"])
    n_sexes, k = len(SEXES), (len(ids) + 1) * len(SEXES)
    codes = expert_codes(ids, measured.counting) * n_sexes + sex_codes(measured.counting)
    groups = np.arange(k)
    per_expert_sex, per_expert, per_sex = aggregate_tables(
        measured, codes, k, ((groups // n_sexes, len(ids) + 1), (groups % n_sexes, n_sexes))
    )
    return per_expert, per_expert_sex, per_sex


def indicators_by_sex(
    providers: pd.DataFrame,
    classified: pd.DataFrame,
    period: Period,
    config: Config,
    measured: Measured | None = None,
    tables: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Per sex, one row per expert (in the providers' order) then `_all`: every expert and sex,
    with zero counts where an expert had none of that sex. Columns `sex`, then the catalogue's
    (`measure.figures.COLUMNS`); `occurs` says whether the sex occurs for it in the period.
    `tables`: the by expert × sex and by sex ones of `expert_sex_tables`, if made."""
    if measured is None or (SEX_COLUMN in classified and SEX_COLUMN not in measured.counting):
        measured = measure_enrolments(classified, period, config, extra=(SEX_COLUMN,))
        tables = None
    ids = list(providers["provider_id"])
    n_sexes = len(SEXES)
    if tables is None:
        tables = expert_sex_tables(providers, measured)[1:]
    per_expert, totals = tables
    names = dict(zip(providers["provider_id"], providers["name"], strict=True))
    names[ALL] = texts("sv")(f"totals.{ALL}")
    parts = []
    for s, name in enumerate(SEXES):
        rows = per_expert.iloc[[i * n_sexes + s for i in range(len(ids))]]
        part = pd.concat([rows, totals.iloc[[s]]], ignore_index=True)
        part.insert(0, "provider_id", [*ids, ALL])
        part.insert(1, "provider", [names[pid] for pid in part["provider_id"]])
        part.insert(2, SEX_COLUMN, name)
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    for col in NOT_BY_SEX:
        table[col] = np.nan
    counts = [c for c in COUNT_COLUMNS if c in table and c not in NOT_BY_SEX]
    table["occurs"] = table[counts].fillna(0).sum(axis=1) > 0
    numeric = [c for c in COLUMNS if c not in ("provider_id", "provider")]
    table[numeric] = table[numeric].astype("float64")
    return table[["provider_id", "provider", SEX_COLUMN, *numeric, "occurs"]]


def sex_rows(by_sex: pd.DataFrame, sex: str) -> pd.DataFrame:
    """One sex's rows of `indicators_by_sex`, shaped as an indicator table (no `sex`)."""
    rows = by_sex[by_sex[SEX_COLUMN] == sex]
    return rows.drop(columns=[SEX_COLUMN, "occurs"]).reset_index(drop=True)


def csv_rows(by_sex: pd.DataFrame) -> pd.DataFrame:
    """The rows of `indikatorer_kon.csv`: each expert and sex that occurs (the experts in order,
    women, men, okänt), then `_all` per sex that occurs."""
    occurring = by_sex[by_sex["occurs"]].copy()
    order = {pid: i for i, pid in enumerate(dict.fromkeys(by_sex["provider_id"]))}  # `_all` last
    occurring["_expert"] = occurring["provider_id"].map(order)
    occurring["_sex"] = occurring[SEX_COLUMN].map(SEXES.index)
    occurring = occurring.sort_values(["_expert", "_sex"], kind="stable")
    return occurring.drop(columns=["_expert", "_sex", "occurs"]).reset_index(drop=True)
