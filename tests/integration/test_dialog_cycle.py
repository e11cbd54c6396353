"""The visit's sheets of the dialog template on the sample: written, filled in as an expert would
with openpyxl, read back and found escaped in the right place of the report; tampering refused
naming file, sheet and cell; a returned plan replaces the table's rows and says which."""

from __future__ import annotations

import html
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLE
from openpyxl import load_workbook

from so_analysis.cli import main
from so_analysis.core.periods import parse_period
from so_analysis.load.dialog.reader import read_template_rows
from so_analysis.load.loading import load_dataset
from so_analysis.measure.analysis import analyse
from so_analysis.report import sections
from so_analysis.report.dialog import build_workbook
from so_analysis.report.dialog.sheets import return_by
from so_analysis.report.publication.model import Report
from so_analysis.sample.returned_2016 import RETURNED_2016

AS_OF = date(2018, 6, 30)
TOPICS = [
    "Effektivitet: antagning",
    "Effektivitet: genomförande",
    "Kundnöjdhet",
    "Avbrott",
    "Innehåll och upplägg",
    "Undervisningsspråk och modersmål",
    "Studiebesök",
    "Utvecklingsarbete",
    "Administration och samarbete med kommunen",
    "Samverkan med andra experter",
]
COMMENT = 'Vi startar varannan <måndag> & tar\nemot språkstöd från "Eductus"'
FOLLOW_UP = "Rutinen <klar> i mars & införd"


@pytest.fixture(scope="module")
def analysis_2017(sample_dataset):
    return analyse(sample_dataset, parse_period("2017"), AS_OF)


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    return data


def test_the_visit_sheets_have_the_contract_headers_real_dates_lists_and_a4(analysis_2017):
    wb = build_workbook(Report(analysis_2017), "integra")
    info = wb["Anvisningar"]
    assert pd.Timestamp(info["B4"].value) == pd.Timestamp(2018, 5, 31)  # svar_senast of 2017
    assert info["B4"].is_date and info["A4"].value == "Skicka tillbaka senast"
    assert info["B5"].value == analysis_2017.dataset.config.svar_till
    dialog = wb["Dialog"]
    assert [c.value for c in dialog[1]] == ["Ämne", "Expertens kommentar", "Kommunens anteckningar"]
    assert [dialog.cell(row=r, column=1).value for r in range(2, 12)] == TOPICS
    assert dialog.max_row == 11
    lists = {str(dv.sqref): dv.formula1 for dv in dialog.data_validations.dataValidation}
    assert lists["A2:A11"].startswith('"Effektivitet: antagning,')
    follow = wb["Uppföljning"]
    assert [c.value for c in follow[1]] == [
        "Område",
        "Åtgärd",
        "Klart senast",
        "Status",
        "Uppföljning",
    ]
    actions = [follow.cell(row=r, column=2).value for r in range(2, follow.max_row + 1)]
    assert sorted(actions) == sorted(i.action for i in RETURNED_2016["integra"].plan)
    assert all(follow.cell(row=r, column=3).is_date for r in range(2, follow.max_row + 1))
    assert all(follow.cell(row=r, column=d).value is None for r in range(2, 7) for d in (4, 5))
    statuses = [dv for dv in follow.data_validations.dataValidation if dv.type == "list"]
    assert [str(dv.sqref) for dv in statuses] == ["D2:D6"]
    for ws in wb.worksheets:
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4, ws.title


def test_the_return_date_defaults_to_four_weeks_after_the_as_of_date(analysis_2017):
    config = analysis_2017.dataset.config
    bare = config.__class__(periods=())
    dataset = analysis_2017.dataset.__class__(**{**analysis_2017.dataset.__dict__, "config": bare})
    analysis = analyse(dataset, parse_period("2017"), date(2018, 2, 28))
    assert return_by(Report(analysis)) == date(2018, 3, 28)
    info = build_workbook(Report(analysis), "disara")["Anvisningar"]
    assert pd.Timestamp(info["B4"].value) == pd.Timestamp(2018, 3, 28)
    assert "Nacka kommun" in info["B5"].value  # no svar_till: the municipality


def _fill(path: Path) -> None:
    wb = load_workbook(path)
    dialog = wb["Dialog"]
    dialog["B2"] = COMMENT
    dialog["C7"] = "Kommunen: språkgrupper <små>"
    follow = wb["Uppföljning"]
    follow["D2"] = "klar"
    follow["E2"] = FOLLOW_UP
    follow["D4"] = "pågår"
    wb.save(path)


def test_round_trip_into_the_report(analysis_2017, tmp_path):
    data = _copy(tmp_path)
    path = data / "dialogmallar" / "2017" / "integra.xlsx"
    build_workbook(Report(analysis_2017), "integra").save(path)
    _fill(path)
    rows = read_template_rows(
        path, "dialogmallar/2017/integra.xlsx", analysis_2017.dataset.providers
    )
    assert rows.faults == [] and (rows.provider_id, rows.period) == ("integra", "2017")
    assert rows.dialog[
        ["topic", "expert_comment", "municipality_notes", "_row"]
    ].values.tolist() == [
        ["lead_time", COMMENT, None, 2],
        ["language", None, "Kommunen: språkgrupper <små>", 7],
    ]
    assert rows.follow_up[["period", "reported_in", "status", "_row"]].values.tolist() == [
        ["2016", "2017", "klar", 2],
        ["2016", "2017", "pagar", 4],
    ]
    assert rows.plans.empty and rows.checklist.empty

    analysis = analyse(load_dataset(data), parse_period("2017"), AS_OF)
    lead = str(sections.parameter_section(Report(analysis), "integra", "lead_time", "sv"))
    for line in COMMENT.split("\n"):
        assert html.escape(line, quote=True).replace("&quot;", "&#34;") in lead or (
            html.escape(line) in lead
        )
    assert "<måndag>" not in lead and "Expertens kommentar" in lead
    assert "tar\nemot" not in lead  # each line its own paragraph, words untouched
    for param in ("duration", "satisfaction", "dropouts"):
        assert "varannan &lt;måndag&gt;" not in str(
            sections.parameter_section(Report(analysis), "integra", param, "sv")
        )
    dialog = str(sections.dialog_section(Report(analysis), "integra", "sv"))
    silent = dialog.index("Inga anteckningar från besöket om")
    language = dialog[dialog.index("Undervisningsspråk och modersmål") : silent]
    assert "Kommunen: språkgrupper &lt;små&gt;" in language
    # the topics nothing was noted on are named once, with no heading of their own
    assert "studiebesök" in dialog[silent:] and "<h4" not in dialog[silent:]
    assert "Studiebesök</h4>" not in dialog
    follow = str(sections.follow_up_section(Report(analysis), "integra", "sv"))
    assert html.escape(FOLLOW_UP, quote=False) in follow and FOLLOW_UP not in follow
    first = follow[follow.index("Förbättra de interna rutinerna") :]
    assert first.index("klar") < first.index("Skicka slutrapporter")
    # the report of 2016 never shows what the 2017 template reported
    earlier = analyse(load_dataset(data), parse_period("2016"), date(2017, 6, 30))
    page = str(sections.parameter_section(Report(earlier), "integra", "duration", "sv"))
    assert "Rutinen &lt;klar&gt;" not in page and "Förbättra de interna rutinerna" in page


def _tamper_rename(wb):
    wb["Dialog"].title = "Samtal"


def _tamper_topic(wb):
    wb["Dialog"]["A2"] = "Ekonomi"


def _tamper_date(wb):
    wb["Uppföljning"]["C2"] = "31 okt 2017"


def _tamper_action(wb):
    wb["Uppföljning"]["B3"] = "Något helt annat"


def _tamper_status(wb):
    wb["Uppföljning"]["D2"] = "nästan klar"


@pytest.mark.slow  # the command line, once per tampering
@pytest.mark.parametrize(
    ("tamper", "sheet", "cell", "value"),
    [
        (_tamper_rename, "Dialog", None, "Samtal"),
        (_tamper_topic, "Dialog", "A2", "Ekonomi"),
        (_tamper_date, "Uppföljning", "C2", "31 okt 2017"),
        (_tamper_action, "Uppföljning", "B3", "Något helt annat"),
        (_tamper_status, "Uppföljning", "D2", "nästan klar"),
    ],
)
def test_a_tampered_template_gives_exit_2_naming_file_sheet_and_cell(
    tmp_path, capsys, tamper, sheet, cell, value
):
    data = _copy(tmp_path)
    path = data / "dialogmallar" / "2017" / "integra.xlsx"
    wb = load_workbook(path)
    tamper(wb)
    wb.save(path)
    out = tmp_path / "out"
    args = ["run", "--data", str(data), "--period", "2017", "--as-of", "2018-06-30"]
    assert main([*args, "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if "dialogmallar/2017/integra.xlsx" in x)
    assert f"blad '{sheet}'" in line and value in line
    if cell is not None:
        assert f"cell {cell}," in line or f"cell {cell}:" in line
    assert not (out / "2017").exists()


def test_a_returned_plan_replaces_the_tables_rows_and_the_appendix_says_which(tmp_path):
    data = _copy(tmp_path)
    table = data / "utvecklingsplan.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines += [
        "integra;2016;Effektivitet;65 dagar.;Gammal åtgärd ett.;Chef;2017-10-31;planerad;",
        "integra;2016;Avbrott;Fem avbrott.;Gammal åtgärd två.;Chef;2017-12-31;klar;Klart.",
    ]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dataset = load_dataset(data)
    mine = dataset.plans[
        (dataset.plans["provider_id"] == "integra") & (dataset.plans["period"] == "2016")
    ]
    assert sorted(mine["action"]) == sorted(i.action for i in RETURNED_2016["integra"].plan)
    notes = dataset.load_notes.set_index("rule")
    assert notes.loc["plan_rows_replaced", ["table", "n"]].tolist() == ["plans", 2]
    replaced = dataset.replaced_plans.to_dict("records")
    assert replaced == [
        {
            "provider_id": "integra",
            "period": "2016",
            "file": "dialogmallar/2016/integra.xlsx",
            "table_file": "utvecklingsplan.csv",
            "table_rows": "3–4",
            "n_table": 2,
            "n_template": 5,
        }
    ]
    # a template without plan rows (Strömbergs 2017, filled in by the municipality) keeps the table's
    strombergs = dataset.plans[
        (dataset.plans["provider_id"] == "strombergs") & (dataset.plans["period"] == "2017")
    ]
    assert len(strombergs) == 1
    analysis = analyse(dataset, parse_period("2017"), AS_OF)
    quality = str(sections.data_quality(Report(analysis), "sv"))
    assert (
        "Integra, period 2016: rad 3–4 i utvecklingsplan.csv ersattes av dialogmallen " in quality
    )
    assert "dialogmallar/2016/integra.xlsx (5 rader i mallen)" in quality
    assert (
        "Utvecklingsplanens rader för en expert och period, ersatta av en ifylld dialogmall"
        in quality
    )


def test_nothing_is_done_before_it_could_be(sample_analysis, analysis_2017):
    """The 2016 report (as of 2017-06-30) shows the 2016 plans as agreed at the visits; the
    follow-up the 2017 templates report appears in the 2017 report only."""
    plans = sample_analysis.dataset.plans
    agreed = plans[plans["period"] == "2016"]
    assert set(agreed["status"]) <= {"planerad", "pagar"}
    follow = analysis_2017.follow_up.set_index("action")
    assert (
        follow.loc["Trepartssamtal med deltagare och karriärvägledare tidigt i kursen.", "status"]
        == "klar"
    )
    assert follow["status"].isin(["klar", "pagar", "ej_genomford"]).all()
    assert pd.notna(follow["follow_up"]).all()
