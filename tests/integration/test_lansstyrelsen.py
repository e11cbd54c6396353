"""The basis for Länsstyrelsen's survey on the sample's reporting year 2016-10-01..2017-09-30,
against a count made straight from the sample's file."""

from datetime import date

import pandas as pd
from conftest import SAMPLE

from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
from so_analysis.report.lansstyrelsen import TOTAL, published_basis
from so_analysis.report.publication.model import Report
from so_analysis.report.sections import lansstyrelsen_basis


def test_the_reporting_year_counts_each_person_at_the_first_start(sample_dataset):
    raw = pd.read_csv(SAMPLE / "deltagare.csv", sep=";", dtype=str)
    starts = pd.to_datetime(raw["Startdatum"])
    registered = pd.to_datetime(raw["Anmälningsdatum"])
    ends = pd.to_datetime(raw["Slutdatum"])
    counting = raw[~((starts < registered) | (ends < starts))]  # the rows that count
    first = pd.to_datetime(counting["Startdatum"]).groupby(counting["Deltagar-ID"]).min()
    expected = int(((first >= "2016-10-01") & (first <= "2017-09-30")).sum())
    assert expected > 100

    report = Report(
        analyse(sample_dataset, parse_period("2016-10-01..2017-09-30"), date(2018, 6, 30))
    )
    model = report.model("sv")
    assert model.value("_all", "n_first_starts") == expected
    basis = published_basis(report, "sv")
    assert basis.language.cell(model, "_all", TOTAL).text == str(expected)
    per_language = sum(basis.language.totals.values())
    assert per_language == expected
    html = lansstyrelsen_basis(report, "sv")
    assert f"{expected} personer påbörjade samhällsorientering för första gången" in html
    assert "redovisningsår för enkäten" not in html
