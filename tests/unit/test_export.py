"""The analyst's exports: the CSV contract of SPEC §5 and the XLSX with Swedish headers."""

import dataclasses
import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
from frames import dataset
from openpyxl import Workbook, load_workbook

from so_analysis.core.config import Config
from so_analysis.core.periods import parse_period
from so_analysis.core.texts import texts
from so_analysis.measure.analysis import analyse
from so_analysis.measure.figures import CONTRACT_COLUMNS as INDICATOR_COLUMNS
from so_analysis.measure.figures import CSV_COLUMNS
from so_analysis.report.export import indicators_csv, manifest, write_indicators_xlsx
from so_analysis.report.publication.model import Report
from so_analysis.report.xlsx import set_text


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
    # the contract's columns first, in order; then the ones that follow them (SPEC §5)
    assert lines[0].split(",")[: len(INDICATOR_COLUMNS)] == list(INDICATOR_COLUMNS)
    assert lines[0] == ",".join(CSV_COLUMNS)
    # after the contract, in this order: the negative-dropout rate, then today's rules (SPEC §7)
    assert lines[0].split(",")[len(INDICATOR_COLUMNS) :] == [
        "dropout_rate_negative",
        "completed_within_year_share",
        "ongoing_over_year",
        "hours_offered_mean",
        "hours_minimum_met_share",
        "n_first_starts",
    ]
    frame = pd.read_csv(io.StringIO(text), dtype={"provider_id": str})
    assert frame["provider_id"].tolist() == ["a", "b", "_all", "_mean"]
    a = frame.iloc[0]
    assert a["n_started"] == 3 and a["lead_time_mean_days"] == 10.0
    assert a["dropout_rate"] == 0.0  # a fraction, decimal point
    b = frame.iloc[1]
    assert pd.isna(b["duration_mean_days"])  # missing is an empty cell, never 0
    empty = [c for c, v in zip(CSV_COLUMNS, lines[2].split(","), strict=True) if not v]
    assert empty == [  # no completions, no survey, no checklist: exactly these cells are empty
        "duration_mean_days",
        "duration_median_days",
        "duration_within_target_share",
        "satisfaction_mean",
        "satisfaction_n",
        "response_rate",
        "open_deficiencies",
        "overdue_deficiencies",
        "completed_within_year_share",
        "hours_offered_mean",  # no hours column in the data: empty, never 0
        "hours_minimum_met_share",
    ]
    assert (a["completed_within_year_share"], a["ongoing_over_year"]) == (1.0, 0)
    assert a["n_first_starts"] == 3  # three people (P0000 …), each started once
    mean = frame.iloc[3]
    assert pd.isna(mean["n_registered"]) and mean["lead_time_mean_days"] == 7.0
    assert "\r" not in text and ";" not in text


def test_counts_are_whole_numbers_in_the_csv():
    text = indicators_csv(_analysis().indicators)
    row = text.splitlines()[1].split(",")
    assert row[INDICATOR_COLUMNS.index("n_started")] == "3"


def test_xlsx_has_swedish_headers_and_total_labels(tmp_path):
    path = tmp_path / "indikatorer.xlsx"
    write_indicators_xlsx(Report(_analysis()), path, "sv")
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
    write_indicators_xlsx(Report(_analysis()), path, "en")
    ws = load_workbook(path).active
    assert ws.title == "Indicators" and ws.cell(row=1, column=2).value == "Provider"


def _small_expert():
    """'a' rests on 6 starts and completions; 'b' on 2 (one completed, one dropout): too few;
    'c' on 5, the fewest of the others, so it is hidden to protect b (complementary)."""
    rows = [("a", "2016-01-01", f"2016-01-{11 + (i == 5):02d}", "2016-03-01") for i in range(6)]
    rows += [
        ("b", "2016-01-01", "2016-01-05", "2016-02-20", "completed"),
        ("b", "2016-01-01", "2016-01-05", "2016-02-05", "dropout", "arbete"),
    ]
    rows += [("c", "2016-01-01", "2016-01-09", "2016-03-01") for _ in range(5)]
    return analyse(dataset(("a", "b", "c"), rows), parse_period("2016"), date(2017, 6, 30))


def _sheet_by_column(path) -> dict[tuple[str, str], object]:
    ws = load_workbook(path).active
    ids = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    return {
        (pid, column): ws.cell(row=r, column=c)
        for r, pid in enumerate(ids, start=2)
        for c, column in enumerate(INDICATOR_COLUMNS, start=1)
    }


def test_xlsx_shows_published_figures_only(tmp_path):
    analysis = _small_expert()
    path = tmp_path / "indikatorer.xlsx"
    write_indicators_xlsx(Report(analysis), path, "sv")
    cells = _sheet_by_column(path)
    value = {key: cell.value for key, cell in cells.items()}
    # a's mean lead time is 10.1666… in the CSV and 10,2 as published
    frame = pd.read_csv(
        io.StringIO(indicators_csv(analysis.indicators)), dtype={"provider_id": str}
    )
    assert frame.set_index("provider_id").at["a", "lead_time_mean_days"] == 61 / 6
    assert value["a", "lead_time_mean_days"] == 10.2
    assert cells["a", "lead_time_mean_days"].number_format == "0.0"
    assert value["a", "lead_time_within_target_share"] == 1.0
    assert cells["a", "lead_time_within_target_share"].number_format == "0%"
    # b rests on 2 starts: its figures read as in the report, and so do the counts they rest
    # on (a count of 2 beside a hidden rate would give it away)
    for column in ("lead_time_mean_days", "duration_mean_days", "dropout_rate"):
        assert value["b", column] == "för få (n<5)", column
    assert value["b", "n_started"] == "färre än 5" and value["b", "n_dropouts"] == "färre än 5"
    # c is hidden so that b cannot be worked out as the total minus a
    assert value["c", "lead_time_mean_days"] == "dold" and value["c", "n_started"] == "dold"
    assert value["b", "satisfaction_mean"] == "–"  # no survey
    assert value["_mean", "n_started"] == "–"  # the experts' mean has no counts
    assert value["_mean", "lead_time_mean_days"] == 10.2  # b left out: a's figure only
    # every figure cell is the publication model's: its rounded value or its text
    model = Report(analysis).model("sv")
    for (pid, column), cell in cells.items():
        if column in ("provider_id", "provider"):
            continue
        published = model.cell(pid, column)
        assert cell.value == (published.shown if published.ok else published.text), (pid, column)


def test_text_cells_in_the_xlsx_are_never_formulas(tmp_path):
    names = ["=1+1", "+46 8 123 45", "-2+3", "@SUM(A1:A2)"]
    analysis = _analysis()
    providers = analysis.dataset.providers.assign(name=names[:2])
    data = dataclasses.replace(analysis.dataset, providers=providers)
    analysis = analyse(data, analysis.period, analysis.as_of)
    path = tmp_path / "indikatorer.xlsx"
    write_indicators_xlsx(Report(analysis), path, "sv")
    ws = load_workbook(path).active
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert [ws["B2"].value, ws["B3"].value] == names[:2]
    # and the same helper in a sheet of its own: every leading character stays text
    wb = Workbook()
    for r, name in enumerate(names, start=1):
        set_text(wb.active.cell(row=r, column=1), name)
    wb.save(tmp_path / "names.xlsx")
    back = load_workbook(tmp_path / "names.xlsx").active
    assert [(c.value, c.data_type) for (c,) in back.iter_rows()] == [(n, "s") for n in names]


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
    assert record["requirements_lock_sha256"] is None  # none given: null
    given = {"sources": [], "parameters": {}, "config": {}, "outputs": [], "lock_sha256": "ab" * 32}
    assert json.loads(manifest(**given))["requirements_lock_sha256"] == "ab" * 32


def test_the_lock_file_hash_is_the_sha256_of_its_bytes_and_none_without_one(tmp_path):
    from so_analysis.run.runner import LOCK_FILE, lock_sha256

    repo_lock = Path(__file__).resolve().parents[2] / "requirements.lock"
    assert repo_lock == LOCK_FILE
    assert lock_sha256() == hashlib.sha256(repo_lock.read_bytes()).hexdigest()
    lock = tmp_path / "requirements.lock"
    lock.write_bytes(b"pandas==3.1.1\n")
    assert lock_sha256(lock) == hashlib.sha256(b"pandas==3.1.1\n").hexdigest()
    assert lock_sha256(tmp_path / "absent.lock") is None
