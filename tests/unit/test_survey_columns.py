"""Nothing read is dropped without a word (issue 19): a survey's `Modul 1`, `Modul 2` reach the
report under their own names and disclosure control; a column that names nothing the report uses
is named in the data-quality appendix. Hand-made data folders only."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl

from so_analysis.core.periods import parse_period
from so_analysis.load.loading import load_dataset
from so_analysis.measure.analysis import analyse
from so_analysis.measure.survey_languages import survey_detail
from so_analysis.report import sections
from so_analysis.report.publication.model import Report

P = parse_period("2016")
AS_OF = date(2017, 6, 30)
PROVIDERS = "Expert-ID;Namn\nalfa;Alfa AB\nbeta;Beta AB\ngamma;Gamma AB\n"
ENROLMENTS = (
    "Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Utfall;Avbrottsorsak\n"
    "D1;alfa;2016-01-04;2016-01-18;;;\n"
)


def _answers(pid: str, n: int, module_1: int, module_2: int | None) -> list[str]:
    m2 = "" if module_2 is None else str(module_2)
    return [f"{pid};2016-03-{i + 1:02d};5;{module_1};{m2};4;5" for i in range(n)]


def _folder(tmp_path: Path, survey_header: str, answers: list[str]) -> Path:
    (tmp_path / "experter.csv").write_text(PROVIDERS, encoding="utf-8")
    (tmp_path / "deltagare.csv").write_text(ENROLMENTS, encoding="utf-8")
    (tmp_path / "enkat.csv").write_text(survey_header + "\n".join(answers) + "\n", "utf-8")
    return tmp_path


SURVEY_HEADER = "Expert-ID;Svarsdatum;Helhetsbetyg;Modul 1;Modul 2;Modul komma till Sverige;"
SURVEY_HEADER += "Rekommendera\n"


def _survey_folder(tmp_path: Path) -> Path:
    """alfa 8 answers, beta 7 (only 3 of them rate Modul 2), gamma 6."""
    answers = _answers("alfa", 8, 4, 5)
    answers += _answers("beta", 4, 3, None) + _answers("beta", 3, 3, 2)
    answers += _answers("gamma", 6, 5, 4)
    return _folder(tmp_path, SURVEY_HEADER, answers)


def test_module_columns_load_with_the_header_as_written(tmp_path):
    ds = load_dataset(_survey_folder(tmp_path))
    assert ds.module_headers == {
        "module_1": "Modul 1",
        "module_2": "Modul 2",
        "module_komma_till_sverige": "Modul komma till Sverige",
    }
    assert ds.survey["module_1"].tolist() == [4] * 8 + [3] * 7 + [5] * 6
    assert ds.survey["module_2"].notna().sum() == 8 + 3 + 6
    assert str(ds.survey["module_2"].dtype) == "Int64"
    assert ds.unused_columns == ()


def test_every_module_column_is_a_survey_item_in_report_order():
    from so_analysis.measure.survey_languages import survey_items_of

    columns = ["provider_id", "recommend", "module_2", "module_aldras", "module_1", "overall"]
    assert survey_items_of(columns) == ["module_aldras", "module_2", "module_1", "recommend"]


def test_survey_detail_measures_the_unnamed_modules_too(tmp_path):
    ds = load_dataset(_survey_folder(tmp_path))
    detail = survey_detail(ds.survey, P).set_index(["provider_id", "item"])
    assert detail.loc[("alfa", "module_1"), "mean"] == 4.0
    assert detail.loc[("beta", "module_2"), "n"] == 3
    assert list(dict.fromkeys(detail.index.get_level_values("item"))) == [
        "module_komma_till_sverige",
        "module_1",
        "module_2",
        "recommend",
    ]


def _survey_rows(html: str) -> dict[str, list[str]]:
    """The survey table's rows: question -> cells as text (tags dropped)."""
    table = html[html.index("Enkätens frågor") :]
    table = table[: table.index("</table>")]
    rows = {}
    for head, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, re.S):
        rows[head] = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", cells)]
    return rows


def test_the_report_shows_modul_1_and_modul_2_under_disclosure_control(tmp_path):
    report = Report(analyse(load_dataset(_survey_folder(tmp_path)), P, AS_OF))
    alfa = _survey_rows(str(sections.parameter_section(report, "alfa", "satisfaction", "sv")))
    assert list(alfa) == [
        "Att komma till Sverige",
        "Modul 1",
        "Modul 2",
        "Rekommenderar experten",
    ]
    assert alfa["Modul 1"][0] == "4,0" and alfa["Modul 2"][0] == "5,0"
    beta = _survey_rows(str(sections.parameter_section(report, "beta", "satisfaction", "sv")))
    assert beta["Modul 1"][0] == "3,0"
    assert beta["Modul 2"][0].startswith("för få")  # 3 answers: hidden like any other question
    gamma = _survey_rows(str(sections.parameter_section(report, "gamma", "satisfaction", "sv")))
    assert gamma["Modul 2"][0].startswith("dold")  # else all minus alfa and gamma gives beta's
    english = str(sections.parameter_section(report, "alfa", "satisfaction", "en"))
    assert ">Modul 1<" in english and ">Modul 2<" in english  # the header as the file wrote it


def test_a_column_naming_nothing_is_named_in_the_data_quality_appendix(tmp_path):
    header = "Expert-ID;Svarsdatum;Helhetsbetyg;Modul 1;<b>Kön</b> 19800101-1234;Modul-1;;Expert\n"
    answers = [f"alfa;2016-03-0{i + 1};5;4;k;2;;Alfa AB" for i in range(5)]
    answers[0] = answers[0].replace(";;", ";anteckning;")  # a value in a column without a header
    folder = _folder(tmp_path, header, answers)
    ds = load_dataset(folder)
    assert [(u.table, u.file, u.position, u.header) for u in ds.unused_columns] == [
        ("survey", "enkat.csv", 5, "<b>Kön</b> (dold)"),
        ("survey", "enkat.csv", 6, "Modul-1"),  # Modul 1 again: the first one is used
        ("survey", "enkat.csv", 7, ""),
        ("survey", "enkat.csv", 8, "Expert"),  # the expert's name: the id is given already
    ]
    html = str(sections.data_quality(Report(analyse(ds, P, AS_OF)), "sv"))
    assert "Kolumner i underlaget som lästes men inte används" in html
    assert "&lt;b&gt;Kön&lt;/b&gt; (dold)" in html and "<b>Kön" not in html  # escaped
    assert "19800101" not in html  # masked
    assert "<td>enkät</td><td>enkat.csv</td><td>fält 5</td>" in html
    assert "<td>fält 7</td><td>(ingen rubrik)</td>" in html
    english = str(sections.data_quality(Report(analyse(ds, P, AS_OF)), "en"))
    assert "<td>survey</td><td>enkat.csv</td><td>field 6</td><td>Modul-1</td>" in english


def test_a_workbook_column_naming_nothing_is_named_by_sheet_and_letter(tmp_path):
    (tmp_path / "experter.csv").write_text(PROVIDERS, encoding="utf-8")
    (tmp_path / "deltagare.csv").write_text(ENROLMENTS, encoding="utf-8")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Blad1"
    sheet.append(["Expert-ID", "Svarsdatum", "Helhetsbetyg", "Kön", None, None])
    sheet.append(["alfa", "2016-03-01", 5, "k", None, "en anteckning"])
    workbook.save(tmp_path / "enkat.xlsx")
    ds = load_dataset(tmp_path)
    assert [(u.file, u.sheet, u.letter, u.header) for u in ds.unused_columns] == [
        ("enkat.xlsx", "Blad1", "D", "Kön"),
        ("enkat.xlsx", "Blad1", "F", ""),  # no header, but a value: read, not used
    ]
    html = str(sections.data_quality(Report(analyse(ds, P, AS_OF)), "sv"))
    assert "<td>enkat.xlsx, blad Blad1</td><td>D</td><td>Kön</td>" in html


def test_without_unused_columns_the_appendix_has_no_such_table(tmp_path):
    ds = load_dataset(_survey_folder(tmp_path))
    html = str(sections.data_quality(Report(analyse(ds, P, AS_OF)), "sv"))
    assert "lästes men inte används" not in html
