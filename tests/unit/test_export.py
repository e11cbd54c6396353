"""The analyst's exports: the CSV contract of SPEC §5 and the XLSX with Swedish headers."""

import io
import json
from datetime import date

import pandas as pd
from frames import dataset
from openpyxl import load_workbook

from so_analysis.core.config import Config
from so_analysis.core.periods import parse_period
from so_analysis.core.texts import texts
from so_analysis.measure.analysis import analyse
from so_analysis.measure.indicators import INDICATOR_COLUMNS
from so_analysis.report.export import indicators_csv, manifest, write_indicators_xlsx


def _analysis():
    rows = [("a", "2016-01-01", "2016-01-11", "2016-03-01")] * 3 + [
        ("b", "2016-01-01", "2016-01-05", "2016-02-05", "dropout", "arbete")
    ]
    # min_n 1: the experts' mean keeps these few-observation figures
    data = dataset(("a", "b"), rows, config=Config(min_n=1))
    return analyse(data, parse_period("2016"), date(2017, 6, 30))


def test_csv_is_the_contract():
    text = indicators_csv(_analysis().indicators)
    lines = text.splitlines()
    assert lines[0] == ",".join(INDICATOR_COLUMNS)
    frame = pd.read_csv(io.StringIO(text), dtype={"provider_id": str})
    assert frame["provider_id"].tolist() == ["a", "b", "_all", "_mean"]
    a = frame.iloc[0]
    assert a["n_started"] == 3 and a["lead_time_mean_days"] == 10.0
    assert a["dropout_rate"] == 0.0  # a fraction, decimal point
    b = frame.iloc[1]
    assert pd.isna(b["duration_mean_days"])  # missing is an empty cell, never 0
    assert ",,," in lines[2] or ",," in lines[2]
    mean = frame.iloc[3]
    assert pd.isna(mean["n_registered"]) and mean["lead_time_mean_days"] == 7.0
    assert "\r" not in text and ";" not in text


def test_counts_are_whole_numbers_in_the_csv():
    text = indicators_csv(_analysis().indicators)
    row = text.splitlines()[1].split(",")
    assert row[INDICATOR_COLUMNS.index("n_started")] == "3"


def test_xlsx_has_swedish_headers_and_total_labels(tmp_path):
    path = tmp_path / "indikatorer.xlsx"
    write_indicators_xlsx(_analysis().indicators, path, "sv")
    ws = load_workbook(path).active
    headers = [c.value for c in ws[1]]
    labels = texts("sv").section("columns")
    assert headers == [labels[c] for c in INDICATOR_COLUMNS]
    assert [ws.cell(row=r, column=2).value for r in (4, 5)] == [
        "Samtliga deltagare",
        "Genomsnitt per expert",
    ]
    assert ws.cell(row=5, column=2).font.bold and not ws.cell(row=2, column=2).font.bold
    share = INDICATOR_COLUMNS.index("dropout_rate") + 1
    assert ws.cell(row=2, column=share).number_format == "0.0%"


def test_xlsx_in_english(tmp_path):
    path = tmp_path / "indicators.xlsx"
    write_indicators_xlsx(_analysis().indicators, path, "en")
    ws = load_workbook(path).active
    assert ws.title == "Indicators" and ws.cell(row=1, column=2).value == "Provider"


def test_manifest_records_inputs_parameters_and_versions():
    text = manifest(
        sources=[{"path": "deltagare.csv", "sha256": "0" * 64}],
        parameters={"period": "2016"},
        config={"min_n": 5},
        outputs=["b", "a"],
    )
    record = json.loads(text)
    assert record["outputs"] == ["a", "b"]
    assert record["versions"]["pandas"] == pd.__version__
    assert record["parameters"] == {"period": "2016"}
