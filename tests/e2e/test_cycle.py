"""The visit cycle end to end through the command line: a dialog template goes out, comes back
filled in under `DATA/dialogmallar/`, and changes the next period's report."""

import html
import json
import shutil
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from so_analysis.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
ACTION = "Kurser startar varannan måndag <från mars> & språkstöd på tigrinja"


@pytest.fixture
def data(tmp_path) -> Path:
    """The sample without Integra's 2016 plan: that plan comes back in a template instead."""
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    plans = pd.read_csv(folder / "utvecklingsplan.csv", sep=";", dtype=str, keep_default_na=False)
    keep = ~((plans["Expert-ID"] == "integra") & (plans["Period"] == "2016"))
    plans[keep].to_csv(folder / "utvecklingsplan.csv", sep=";", index=False)
    return folder


def _template(data: Path, out: Path) -> Path:
    assert (
        main(
            [
                "dialog",
                "--data",
                str(data),
                "--period",
                "2016",
                "--as-of",
                "2017-03-01",
                "--out",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    folder = out / "2016" / "dialog"
    assert len(list(folder.glob("*.xlsx"))) == 6 and len(list(folder.glob("*.html"))) == 6
    return folder / "integra.xlsx"


def _fill(path: Path) -> None:
    wb = load_workbook(path)
    plan = wb["Utvecklingsplan"]
    plan["C2"] = ACTION
    plan["D2"] = "Verksamhetschef"
    plan["E2"] = datetime(2017, 3, 31)  # past at the next report's as-of date, and not done
    plan["F2"] = "pågår"
    checklist = wb["Checklista"]
    checklist["B1"] = datetime(2017, 3, 14)
    checklist["B4"] = "nej"
    checklist["C4"] = datetime(2017, 9, 30)
    wb.save(path)


def _report(data: Path, out: Path) -> int:
    return main(
        [
            "run",
            "--data",
            str(data),
            "--period",
            "2017",
            "--as-of",
            "2018-06-30",
            "--out",
            str(out),
            "--quiet",
        ]
    )


def test_a_filled_template_changes_the_next_report(data, tmp_path):
    out = tmp_path / "out"
    before = tmp_path / "before"
    assert _report(data, before) == 0
    page_before = (before / "2017" / "experter" / "integra.html").read_text(encoding="utf-8")
    escaped = html.escape(ACTION, quote=False)
    assert escaped not in page_before

    template = _template(data, out)
    _fill(template)
    (data / "dialogmallar").mkdir()
    shutil.copy2(template, data / "dialogmallar" / "integra.xlsx")
    assert _report(data, out) == 0

    page = (out / "2017" / "experter" / "integra.html").read_text(encoding="utf-8")
    assert escaped in page and ACTION not in page  # escaped, never raw
    assert "2017-03-31" in page
    follow_up = page[page.index(escaped) :]
    assert "försenad" in follow_up[:2000].lower()  # past its date and not done
    manifest = json.loads((out / "2017" / "internt" / "manifest.json").read_text("utf-8"))
    files = [s["path"] for s in manifest["inputs"]]
    assert "dialogmallar/integra.xlsx" in files
    # the dialog templates written earlier survive the report's re-publication of 2017
    assert (out / "2016" / "dialog" / "integra.xlsx").is_file()
    other = (out / "2017" / "experter" / "academedia-eductus-ab.html").read_text(encoding="utf-8")
    assert escaped not in other


def test_published_workbooks_hold_published_text_and_no_formula(data, tmp_path):
    """The run's indikatorer.xlsx reads as the report; no workbook written holds a formula."""
    out = tmp_path / "out"
    _template(data, out)
    assert _report(data, out) == 0
    ws = load_workbook(out / "2017" / "indikatorer.xlsx").active
    header = [c.value for c in ws[1]]
    rows = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    # Strömbergs' 4 dropouts of 4 endings: a rate on too few, as the report prints it
    assert rows["strombergs"][header.index("Andel avbrott")] == "för få (n<5)"
    assert rows["_mean"][header.index("Startade")] == "–"
    for path in [out / "2017" / "indikatorer.xlsx", *(out / "2016" / "dialog").glob("*.xlsx")]:
        wb = load_workbook(path)
        formulas = [
            c.coordinate
            for w in wb.worksheets
            for r in w.iter_rows()
            for c in r
            if c.data_type == "f"
        ]
        assert formulas == [], path


def test_a_plan_given_twice_is_refused(tmp_path, capsys):
    template = _template(SAMPLE, tmp_path / "out")  # the sample still has Integra's 2016 plan
    _fill(template)
    (SAMPLE_COPY := tmp_path / "twice").mkdir()
    shutil.copytree(SAMPLE, SAMPLE_COPY, dirs_exist_ok=True)
    (SAMPLE_COPY / "dialogmallar").mkdir()
    shutil.copy2(template, SAMPLE_COPY / "dialogmallar" / "integra.xlsx")
    out = tmp_path / "refused"
    assert _report(SAMPLE_COPY, out) == 2
    err = capsys.readouterr().err
    assert "dialogmallar/integra.xlsx" in err and "Utvecklingsplan" in err
    assert "integra 2016" in err
    assert not (out / "2017").exists()


def test_a_tampered_template_is_refused_naming_file_sheet_and_cell(data, tmp_path, capsys):
    template = _template(data, tmp_path / "out")
    wb = load_workbook(template)
    wb["Utvecklingsplan"]["A3"] = "Ekonomi"  # not an Område of the drop-down list
    wb["Utvecklingsplan"]["C3"] = "Sänka kostnaderna"
    wb.save(template)
    (data / "dialogmallar").mkdir()
    shutil.copy2(template, data / "dialogmallar" / "integra.xlsx")
    out = tmp_path / "refused"
    assert _report(data, out) == 2
    err = capsys.readouterr().err
    assert "dialogmallar/integra.xlsx" in err and "'Utvecklingsplan'" in err and "A3" in err
    assert "Ekonomi" in err
    assert not (out / "2017").exists()
