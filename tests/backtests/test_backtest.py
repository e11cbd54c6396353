"""Backtest: the committed sample, run through the real pipeline, reproduces the published 2016
figures; and the same data typed into Excel with Swedish headers gives the same indicators."""

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from so_analysis.core.periods import parse_period
from so_analysis.load.loading import load_dataset
from so_analysis.measure.analysis import analyse
from so_analysis.sample import PROFILES_2016, PUBLISHED_TABELL_1_2016

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
AS_OF = dt.date(2017, 6, 30)


@pytest.fixture(scope="module")
def indicators_2016(sample_dataset):
    return analyse(sample_dataset, parse_period("2016"), AS_OF).indicators.set_index("provider_id")


@pytest.mark.parametrize(
    "row", PUBLISHED_TABELL_1_2016.to_dict("records"), ids=lambda r: r["provider_id"]
)
def test_sample_reproduces_published_tabell_1(indicators_2016, row):
    ours = indicators_2016.loc[row["provider_id"]]
    assert round(ours["lead_time_mean_days"]) == row["lead_time_mean_days"]
    for column, decimals in (("duration_mean_days", 0), ("satisfaction_mean", 1)):
        published = row[column]
        if pd.isna(published):
            assert np.isnan(ours[column]), column
        else:
            assert round(ours[column], decimals) == published, column
    assert ours["n_dropouts"] == row["n_dropouts"]


def test_sample_reproduces_the_published_means(indicators_2016):
    mean = indicators_2016.loc["_mean"]
    assert round(mean["lead_time_mean_days"], 1) == 30.5
    # the published 34,2 counted Strömbergs' missing duration as 0; we leave it out
    assert round(mean["duration_mean_days"], 1) == 41.0
    experts = indicators_2016.drop(index=["_all", "_mean"])
    assert round(experts["duration_mean_days"].fillna(0).mean(), 1) == 34.2


def test_sample_reproduces_the_published_dropout_reasons(sample_dataset):
    reasons = analyse(sample_dataset, parse_period("2016"), AS_OF).reasons
    for profile in PROFILES_2016:
        ours = reasons[reasons["provider_id"] == profile.provider_id]
        assert dict(zip(ours["reason"], ours["n"], strict=True)) == profile.dropout_reasons


def test_every_published_figure_rests_on_at_least_five_observations(sample_dataset):
    a = analyse(sample_dataset, parse_period("2016"), AS_OF)
    for row in PUBLISHED_TABELL_1_2016.to_dict("records"):
        pid = row["provider_id"]
        for column in ("lead_time_mean_days", "duration_mean_days", "satisfaction_mean"):
            if not pd.isna(row[column]):
                assert a.status.loc[pid, column] == "ok", (pid, column)


def test_make_report_command_writes_the_published_figures(tmp_path):
    """`so-report run` (the README's main job) writes indikatorer.csv with the same figures."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "so_analysis.cli",
            "run",
            "--data",
            str(SAMPLE),
            "--period",
            "2016",
            "--as-of",
            AS_OF.isoformat(),
            "--out",
            str(tmp_path),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    csv_rows = pd.read_csv(tmp_path / "2016" / "indikatorer.csv").set_index("provider_id")
    expected = PUBLISHED_TABELL_1_2016.set_index("provider_id")
    assert (
        csv_rows.loc[expected.index, "lead_time_mean_days"].round().tolist()
        == expected["lead_time_mean_days"].tolist()
    )
    assert round(csv_rows.loc["_mean", "lead_time_mean_days"], 1) == 30.5


# ---------------------------------------------------------------- the Excel twin


def _typed(header: str, text: str):
    """A cell as an analyst's Excel holds it: dates as dates, numbers as numbers."""
    if text == "":
        return None
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return dt.datetime.fromisoformat(text)
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def _as_excel(csv_path: Path, xlsx_path: Path) -> None:
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    wb = Workbook()
    ws = wb.active
    ws.title = "Blad1"
    ws.append(rows[0])
    for row in rows[1:]:
        ws.append([_typed(h, v) for h, v in zip(rows[0], row, strict=True)])
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd"
    wb.save(xlsx_path)


def test_swedish_headers_typed_into_excel_give_the_same_indicators_as_the_csv(tmp_path):
    twin = tmp_path / "excel"
    twin.mkdir()
    for path in SAMPLE.glob("*.csv"):
        _as_excel(path, twin / f"{path.stem}.xlsx")
    (twin / "so_analysis.toml").write_bytes((SAMPLE / "so_analysis.toml").read_bytes())
    csv_data, xlsx_data = load_dataset(SAMPLE), load_dataset(twin)
    assert {s.path for s in xlsx_data.sources} == {f"{p.stem}.xlsx" for p in SAMPLE.glob("*.csv")}
    for period, as_of in (("2016", AS_OF), ("2017", dt.date(2018, 6, 30))):
        ours = analyse(xlsx_data, parse_period(period), as_of)
        theirs = analyse(csv_data, parse_period(period), as_of)
        pd.testing.assert_frame_equal(ours.indicators, theirs.indicators)
        pd.testing.assert_frame_equal(ours.reasons, theirs.reasons)
