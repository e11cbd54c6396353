"""The indicators workbook opened by LibreOffice: an expert's name is text, never a formula."""

import csv
import dataclasses
import os
import shutil
import subprocess

import pytest
from unit.test_export import _analysis

from so_analysis.measure.analysis import analyse
from so_analysis.report.export import write_indicators_xlsx
from so_analysis.report.publication.model import Report


@pytest.mark.slow
@pytest.mark.libreoffice
def test_libreoffice_reads_the_text_not_a_formula(tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed: .ci/run must install libreoffice-calc-nogui")
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-calc-nogui)")
    analysis = _analysis()
    providers = analysis.dataset.providers.assign(name=["=1+1", "@SUM(1;2)"])
    data = dataclasses.replace(analysis.dataset, providers=providers)
    path = tmp_path / "indikatorer.xlsx"
    write_indicators_xlsx(Report(analyse(data, analysis.period, analysis.as_of)), path, "sv")
    result = subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path / "csv"),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    converted = tmp_path / "csv" / "indikatorer.csv"
    assert result.returncode == 0 and converted.is_file(), result.stderr
    rows = list(csv.reader(converted.read_text(encoding="utf-8").splitlines()))
    assert [rows[1][1], rows[2][1]] == ["=1+1", "@SUM(1;2)"]  # not 2, not 3
