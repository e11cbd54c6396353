"""The indicators workbook opened by LibreOffice: an expert's name is text, never a formula."""

import csv
import dataclasses

import pytest
from office import convert
from unit.test_export import _analysis

from so_analysis.measure.analysis import analyse
from so_analysis.report.export import write_indicators_xlsx
from so_analysis.report.publication.model import Report


@pytest.mark.slow
@pytest.mark.libreoffice
def test_libreoffice_reads_the_text_not_a_formula(tmp_path):
    analysis = _analysis()
    providers = analysis.dataset.providers.assign(name=["=1+1", "@SUM(1;2)"])
    data = dataclasses.replace(analysis.dataset, providers=providers)
    path = tmp_path / "indikatorer.xlsx"
    write_indicators_xlsx(Report(analyse(data, analysis.period, analysis.as_of)), path, "sv")
    converted = convert(
        path, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path / "csv", tmp_path / "lo-profile"
    )
    rows = list(csv.reader(converted.read_text(encoding="utf-8").splitlines()))
    assert [rows[1][1], rows[2][1]] == ["=1+1", "@SUM(1;2)"]  # not 2, not 3
