"""The visit cycle end to end through the command line: a dialog template goes out, comes back
filled in under `DATA/dialogmallar/`, and changes the next report without any edit to the tables."""

import html
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from so_analysis.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
ACTION = "Kurser startar varannan måndag <från mars> & språkstöd på tigrinja"
COMMENT = "Vi har <äntligen> fått en lärare på tigrinja & en på somaliska."
NOTES = 'Kommunen noterar: väntan "kortas" från hösten.'
FOLLOWED = "Rutinerna skrevs om i januari <2018> & följs nu."


@pytest.fixture
def data(tmp_path) -> Path:
    """The sample without Integra's returned templates: its plans come back in ours instead."""
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    for period in ("2016", "2017"):
        (folder / "dialogmallar" / period / "integra.xlsx").unlink()
    return folder


def _dialog(data: Path, out: Path, period: str, as_of: str) -> Path:
    args = ["dialog", "--data", str(data), "--period", period, "--as-of", as_of]
    assert main([*args, "--out", str(out), "--quiet"]) == 0
    folder = out / period / "dialog"
    assert len(list(folder.glob("*.xlsx"))) == 6 and len(list(folder.glob("*.html"))) == 6
    return folder / "integra.xlsx"


def _template(data: Path, out: Path) -> Path:
    return _dialog(data, out, "2016", "2017-03-01")


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


def _report(data: Path, out: Path, period: str = "2017", as_of: str = "2018-06-30") -> int:
    args = ["run", "--data", str(data), "--period", period, "--as-of", as_of]
    return main([*args, "--out", str(out), "--quiet"])


def _page(out: Path, slug: str = "integra", period: str = "2017") -> str:
    return (out / period / "experter" / f"{slug}.html").read_text(encoding="utf-8")


def _tables(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in data.glob("*.csv")}


def test_the_templates_so_report_dialog_writes_change_the_next_report(tmp_path):
    """Done when (issue 11): written by `so-report dialog`, filled in programmatically, put in a
    copy of the data folder's `dialogmallar/`: the next report changes, the tables untouched."""
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    tables = _tables(data)
    before = tmp_path / "before"
    assert _report(data, before) == 0
    page_before = _page(before)
    assert "Vi har fortfarande för få deltagare per språk" in page_before  # the sample's note

    template = _dialog(data, tmp_path / "out", "2017", "2018-06-30")  # as `make report` does
    wb = load_workbook(template)
    dialog = wb["Dialog"]
    dialog["B2"] = COMMENT  # Effektivitet: antagning
    dialog["C2"] = NOTES
    plan = wb["Utvecklingsplan"]
    plan["C2"], plan["D2"], plan["F2"] = ACTION, "Verksamhetschef", "planerad"
    plan["E2"] = datetime(2018, 12, 31)
    follow = wb["Uppföljning"]
    assert follow.max_row == 6  # Integra's five plan items of 2016
    for row in range(2, 7):
        follow.cell(row=row, column=4).value = "ej genomförd"
        follow.cell(row=row, column=5).value = "Ingen ändring redovisad."
    follow["D2"], follow["E2"] = "klar", FOLLOWED
    wb.save(template)
    shutil.copy2(template, data / "dialogmallar" / "2017" / "integra.xlsx")

    after = tmp_path / "after"
    assert _report(data, after) == 0
    assert _tables(data) == tables  # no edit to any table
    page = _page(after)
    lead = page[page.index('id="integra-lead_time"') : page.index('id="integra-duration"')]
    assert html.escape(COMMENT, quote=False) in lead and COMMENT not in lead
    assert html.escape(NOTES, quote=False) in lead  # quotes are plain text in a paragraph
    assert "Vi har fortfarande för få deltagare per språk" not in page  # the old note is gone
    assert html.escape(ACTION, quote=False) in page and "2018-12-31" in page
    assert "Lämna en plan för kursstarter varje månad" not in page  # the old 2017 plan is gone
    follow_up = page[page.index('id="integra-follow-up"') :]
    assert html.escape(FOLLOWED, quote=False) in follow_up
    assert follow_up.count("Ingen ändring redovisad.") == 4
    manifest = json.loads((after / "2017" / "internt" / "manifest.json").read_text("utf-8"))
    shas = {s["path"]: s["sha256"] for s in manifest["inputs"]}
    old = json.loads((before / "2017" / "internt" / "manifest.json").read_text("utf-8"))
    old_shas = {s["path"]: s["sha256"] for s in old["inputs"]}
    assert shas["dialogmallar/2017/integra.xlsx"] != old_shas["dialogmallar/2017/integra.xlsx"]
    assert _page(after, "disara-coaching-ab").count(html.escape(COMMENT, quote=False)) == 0


def test_a_filled_template_changes_the_next_report(data, tmp_path):
    out = tmp_path / "out"
    before = tmp_path / "before"
    assert _report(data, before) == 0
    escaped = html.escape(ACTION, quote=False)
    assert escaped not in _page(before)

    template = _template(data, out)
    _fill(template)
    shutil.copy2(template, data / "dialogmallar" / "integra.xlsx")  # beside the period folders
    assert _report(data, out) == 0

    page = _page(out)
    assert escaped in page and ACTION not in page  # escaped, never raw
    assert "2017-03-31" in page
    follow_up = page[page.index(escaped) :]
    assert "försenad" in follow_up[:2000].lower()  # past its date and not done
    manifest = json.loads((out / "2017" / "internt" / "manifest.json").read_text("utf-8"))
    files = [s["path"] for s in manifest["inputs"]]
    assert "dialogmallar/integra.xlsx" in files
    # the dialog templates written earlier survive the report's re-publication of 2017
    assert (out / "2016" / "dialog" / "integra.xlsx").is_file()
    other = _page(out, "academedia-eductus-ab")
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
    written = [out / "2017" / f"{name}.xlsx" for name in ("indikatorer", "lansstyrelsen")]
    written += (out / "2016" / "dialog").glob("*.xlsx")
    for path in [*written, *(SAMPLE / "dialogmallar").rglob("*.xlsx")]:
        wb = load_workbook(path)
        formulas = [
            c.coordinate
            for w in wb.worksheets
            for r in w.iter_rows()
            for c in r
            if c.data_type == "f"
        ]
        assert formulas == [], path


def test_a_returned_plan_replaces_the_tables_rows(tmp_path, capsys):
    """Given both in the table and in a returned template, the template's plan wins; the report's
    data-quality appendix says which rows of the table it replaced."""
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    table = data / "utvecklingsplan.csv"
    old = "En gammal plan för Integra <som ersätts>."
    lines = table.read_text(encoding="utf-8").splitlines()
    lines.append(f"integra;2016;Effektivitet;65 dagar.;{old};Chef;2017-10-31;planerad;")
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _report(data, out) == 0
    assert html.escape(old, quote=False) not in _page(out)
    report = (out / "2017" / "kvalitetsrapport.html").read_text(encoding="utf-8")
    quality = report[report.index('id="datakvalitet"') :]
    assert "Integra, period 2016: rad 3 i utvecklingsplan.csv ersattes av dialogmallen" in quality
    assert "dialogmallar/2016/integra.xlsx (5 rader i mallen)" in quality


def test_a_tampered_template_is_refused_naming_file_sheet_and_cell(data, tmp_path, capsys):
    template = _template(data, tmp_path / "out")
    wb = load_workbook(template)
    wb["Utvecklingsplan"]["A3"] = "Ekonomi"  # not an Område of the drop-down list
    wb["Utvecklingsplan"]["C3"] = "Sänka kostnaderna"
    wb["Dialog"]["A4"] = "Lönsamhet"  # not an Ämne
    wb["Dialog"]["B4"] = "Vi vill ha högre ersättning."
    wb.save(template)
    shutil.copy2(template, data / "dialogmallar" / "integra.xlsx")
    out = tmp_path / "refused"
    assert _report(data, out) == 2
    err = capsys.readouterr().err
    assert "dialogmallar/integra.xlsx" in err and "'Utvecklingsplan'" in err and "A3" in err
    assert "Ekonomi" in err
    assert "'Dialog', cell A4" in err and "Lönsamhet" in err
    assert not (out / "2017").exists()
