"""The basis for Länsstyrelsen's SO survey on hand-made frames: the people whose first start falls
in the period, per expert, by sex and by teaching language, in the appendix and in
`lansstyrelsen.xlsx`, under disclosure control."""

from datetime import date

import pandas as pd
from frames import dataset
from openpyxl import load_workbook

from so_analysis.core.config import Config
from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
from so_analysis.measure.rules import first_start_people
from so_analysis.report.lansstyrelsen import TOTAL, published_basis, write_lansstyrelsen_xlsx
from so_analysis.report.publication.model import Report
from so_analysis.report.sections.lansstyrelsen import lansstyrelsen_basis, reporting_year

PERIOD = "2016-10-01..2017-09-30"


def _report(rows, people, sexes=None, languages=None, min_n=1):
    ds = dataset(("a", "b", "c"), rows, config=Config(min_n=min_n))
    ds.enrolments["participant_id"] = people
    if sexes is not None:
        ds.enrolments["sex"] = pd.Series(sexes, dtype="object")
    if languages is not None:
        ds.enrolments["language"] = pd.Series(languages, dtype="object")
    return Report(analyse(ds, parse_period(PERIOD), date(2018, 6, 30)))


ROWS = [
    ("a", "2016-09-01", "2016-10-01", None),  # X: first start, the period's first day
    ("b", "2017-01-01", "2017-02-01", None),  # X again with b: counted once, with a
    ("b", "2016-08-01", "2016-09-30", "2016-12-01"),  # Y: first start the day before
    ("a", "2017-01-01", "2017-03-01", None),  # Y again: not a first start
    ("b", "2017-08-01", "2017-09-30", None),  # Z: the period's last day
    ("c", "2017-09-01", "2017-10-01", None),  # Q: after the period
    ("a", "2017-03-01", "2017-04-01", None),  # R
]
PEOPLE = ["X", "X", "Y", "Y", "Z", "Q", "R"]
SEXES = ["kvinna", "kvinna", "man", "man", None, "man", "man"]
LANGUAGES = ["arabiska", "Arabic", "dari", "dari", None, "dari", "Tigrinya"]


def test_the_people_of_the_first_starts_by_expert_sex_and_language():
    report = _report(ROWS, PEOPLE, SEXES, LANGUAGES)
    people = first_start_people(report.analysis.classified, report.analysis.period)
    assert people.values.tolist() == [
        ["a", "kvinna", "arabiska"],
        ["b", "unknown", "ej angivet"],
        ["a", "man", "tigrinja"],
    ]
    model = report.model("sv")
    basis = published_basis(report, "sv")
    sex = basis.sex
    assert sex is not None
    shown = {
        (pid, c): sex.cell(model, pid, c).text
        for pid in ("a", "b", "c", "_all")
        for c in (*sex.categories, TOTAL)
    }
    assert [shown[("a", c)] for c in (*sex.categories, TOTAL)] == ["1", "1", "0", "2"]
    assert [shown[("b", c)] for c in (*sex.categories, TOTAL)] == ["0", "0", "1", "1"]
    assert [shown[("c", c)] for c in (*sex.categories, TOTAL)] == ["0", "0", "0", "0"]
    assert [shown[("_all", c)] for c in (*sex.categories, TOTAL)] == ["1", "1", "1", "3"]
    language = basis.language
    assert set(language.categories) == {"arabiska", "tigrinja", "ej angivet"}
    assert language.cell(model, "_all", TOTAL).text == "3"
    html = lansstyrelsen_basis(report, "sv")
    assert "3 personer påbörjade samhällsorientering för första gången" in html
    assert "Kvinnor" in html and "Kön okänt" in html and "Undervisningsspråk" in html
    assert "redovisningsår för enkäten" not in html  # the period is a reporting year


def test_the_workbook_holds_the_published_counts(tmp_path):
    report = _report(ROWS, PEOPLE, SEXES, LANGUAGES)
    path = tmp_path / "lansstyrelsen.xlsx"
    write_lansstyrelsen_xlsx(report, path, "sv")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Per kön", "Per språk"]
    ws = wb["Per kön"]
    assert "2016-10-01–2017-09-30" in ws["A1"].value
    assert [c.value for c in ws[4]] == ["Expert", "Kvinnor", "Män", "Kön okänt", "Totalt"]
    assert [c.value for c in ws[5]] == ["A", 1, 1, 0, 2]
    assert [c.value for c in ws[8]] == ["Samtliga deltagare", 1, 1, 1, 3]
    assert ws["A8"].font.bold
    english = tmp_path / "en.xlsx"
    write_lansstyrelsen_xlsx(report, english, "en")
    assert load_workbook(english).sheetnames == ["By sex", "By language"]


def _many(expert, n, sex, start="2017-02-01", first=0):
    rows = [(expert, "2017-01-01", start, None)] * n
    people = [f"{expert}{sex}{first + i}" for i in range(n)]
    return rows, people, [sex] * n


def test_no_hidden_count_can_be_worked_out(tmp_path):
    """min_n 5: c's three people are too few; a's two men too. Whatever is published, no hidden
    count follows from a total: the published counts of a row or a column never leave one
    hidden cell alone, and c's whole row is hidden."""
    rows, people, sexes = [], [], []
    for expert, sex, n in (("a", "kvinna", 8), ("a", "man", 2), ("b", "kvinna", 6)):
        r, p, s = _many(expert, n, sex)
        rows, people, sexes = rows + r, people + p, sexes + s
    for expert, sex, n in (("b", "man", 6), ("c", "kvinna", 3)):
        r, p, s = _many(expert, n, sex)
        rows, people, sexes = rows + r, people + p, sexes + s
    report = _report(rows, people, sexes, min_n=5)
    model = report.model("sv")
    sex = published_basis(report, "sv").sex
    assert sex is not None
    assert model.cell("c", "n_first_starts").text == "färre än 5"
    assert all(not sex.cell(model, "c", c).ok for c in sex.categories)
    cells = {(pid, c): sex.cell(model, pid, c) for pid in ("a", "b", "c") for c in sex.categories}
    assert not cells[("a", "man")].ok  # 2 men
    for pid in ("a", "b"):  # within a published row: no hidden cell with people alone
        if model.cell(pid, "n_first_starts").ok:
            hidden = [c for c in sex.categories if not cells[(pid, c)].ok and cells[(pid, c)].value]
            assert len(hidden) != 1, pid
    for c in sex.categories:  # within a column with a published total: the same
        if sex.cell(model, "_all", c).ok:
            hidden = [p for p in ("a", "b", "c") if not cells[(p, c)].ok and cells[(p, c)].value]
            assert len(hidden) != 1, c
    path = tmp_path / "l.xlsx"
    write_lansstyrelsen_xlsx(report, path, "sv")
    values = [
        c.value for row in load_workbook(path)["Per kön"].iter_rows(min_row=5) for c in row[1:]
    ]
    assert 2 not in values and 3 not in values  # the hidden counts appear nowhere


def test_without_sex_in_the_data_the_basis_says_so():
    report = _report(ROWS, PEOPLE, languages=LANGUAGES)
    assert published_basis(report, "sv").sex is None
    assert "ingen uppgift om kön" in lansstyrelsen_basis(report, "sv")


def test_the_reporting_year_of_the_survey():
    assert reporting_year(date(2016, 10, 1), date(2017, 9, 30)) is None
    assert reporting_year(date(2017, 1, 1), date(2017, 12, 31)) == "2016-10-01..2017-09-30"
    assert reporting_year(date(2017, 1, 1), date(2017, 6, 30)) == "2015-10-01..2016-09-30"
    assert reporting_year(date(2016, 10, 1), date(2017, 9, 29)) == "2015-10-01..2016-09-30"
