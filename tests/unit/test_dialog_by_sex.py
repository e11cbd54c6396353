"""The dialog template's rows by sex on hand-made frames: the expert's own figures for women and
men (and okänt where it had people of unknown sex) beside the total over all participants of that
sex as published; another expert's hidden figure never shown; nothing by sex where nobody's sex
is known."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from frames import dataset
from openpyxl import load_workbook

from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
from so_analysis.measure.figures import ALL
from so_analysis.report.dialog import build_workbook, statistics_html
from so_analysis.report.dialog.statistics import sex_statistics_rows
from so_analysis.report.publication.model import Report


def _starts(pid: str, sex: str | None, days: int, n: int) -> list[tuple[tuple, str | None]]:
    """`n` starts in 2016 of `pid`, `days` after the registration, still going."""
    registered = date(2016, 3, 1)
    started = (registered + timedelta(days=days)).isoformat()
    return [((pid, registered.isoformat(), started, None), sex)] * n


# a: 8 women (10 days), 9 men (20 days) and 5 of unknown sex; b: 3 women (31 days: too few) and
# 8 men (41 days); c: 6 women (5 days) and 6 men (6 days), hidden in the report to protect b's
ROWS = (
    _starts("a", "kvinna", 10, 8)
    + _starts("a", "man", 20, 9)
    + _starts("a", None, 12, 5)
    + _starts("b", "kvinna", 31, 3)
    + _starts("b", "man", 41, 8)
    + _starts("c", "kvinna", 5, 6)
    + _starts("c", "man", 6, 6)
)


def _report(with_sex: bool = True) -> Report:
    ds = dataset(("a", "b", "c"), [row for row, _ in ROWS])
    if with_sex:
        ds.enrolments["sex"] = pd.Series([sex for _, sex in ROWS], dtype="object")
    return Report(analyse(ds, parse_period("2016"), date(2017, 6, 30)))


def _by_label(ws) -> dict[str, list]:
    return {
        row[0].value: list(row)
        for row in ws.iter_rows(min_row=10, max_col=6)
        if isinstance(row[0].value, str)
    }


def test_the_expert_sees_its_own_figures_for_women_and_men_beside_all_of_that_sex():
    report = _report()
    rows = _by_label(build_workbook(report, "a", "sv")["Statistik"])
    assert rows["Kvinnor och män"][1].value is None  # a heading
    women = rows["Dagar från anmälan till start, medelvärde, kvinnor"]
    men = rows["Dagar från anmälan till start, medelvärde, män"]
    assert (women[1].value, men[1].value) == (10.0, 20.0)
    assert women[1].number_format == "0.0"  # published: no mark
    assert rows["Antal som startat, kvinnor"][1].value == 8
    assert rows["Antal som startat, män"][1].value == 9
    # a had people of unknown sex: a row for them too
    assert rows["Dagar från anmälan till start, medelvärde, kön okänt"][1].value == 12.0
    assert rows["Antal som startat, kön okänt"][1].value == 5
    # no target, no experts' mean per sex; the total over all participants of that sex as
    # published
    published = report.by_sex("sv")
    for sex, row in (("kvinna", women), ("man", men)):
        assert row[2].value is None and row[3].value is None and row[4].value is None
        cell = published[sex].cell(ALL, "lead_time_mean_days")
        assert row[5].value == (cell.shown if cell.ok else cell.text)
    # the survey has no sex: nothing of satisfaction by sex
    assert not [label for label in rows if label.startswith("Medelbetyg") and "," in label]
    # c had nobody of unknown sex: no such row in its template
    assert not [
        label for label in _by_label(build_workbook(report, "c")["Statistik"]) if "okänt" in label
    ]


def test_the_rows_by_sex_in_english_and_on_the_page():
    report = _report()
    rows = _by_label(build_workbook(report, "a", "en")["Statistics"])
    assert rows["Days from registration to start, mean, women"][1].value == 10.0
    assert rows["Days from registration to start, mean, men"][1].value == 20.0
    assert rows["Number started, women"][1].value == 8
    assert rows["Number started, men"][1].value == 9
    assert "Women and men" in rows
    page = statistics_html(report, "a", "en")
    assert "Days from registration to start, mean, women</th>" in page
    assert "Women and men: the expert&#39;s figure for women and for men" in page
    sv = statistics_html(report, "a", "sv")
    assert 'medelvärde, män</th><td class="num">20,0</td>' in sv


def test_another_experts_hidden_figure_is_never_shown():
    """b's 3 women rest on too few: the report hides them (and b's men with them); a's and c's
    templates show their own figures and the published totals, never b's; b sees its own,
    marked as shown to it alone."""
    report = _report()
    published = report.by_sex("sv")
    assert not published["kvinna"].cell("b", "lead_time_mean_days").ok
    assert not published["man"].cell("b", "lead_time_mean_days").ok
    for pid in ("a", "c"):
        for row in sex_statistics_rows(report, pid, "sv"):
            if row.group:
                continue
            assert row.expert is not None and row.expert.number not in (31.0, 41.0), (pid, row)
            assert row.total is not None and row.total.number not in (31.0, 41.0), (pid, row)
        page = statistics_html(report, pid, "sv")
        assert "31,0" not in page and "41,0" not in page
    own = _by_label(build_workbook(report, "b", "sv")["Statistik"])
    women = own["Dagar från anmälan till start, medelvärde, kvinnor"][1]
    assert women.value == 31.0 and women.number_format == '0.0" *"'
    assert own["Dagar från anmälan till start, medelvärde, män"][1].value == 41.0
    assert own["Antal som startat, kvinnor"][1].value == 3
    notes = [label for label in own if label.startswith("* visas bara för er")]
    assert notes  # why it is shown to b alone


def test_nothing_by_sex_where_nobodys_sex_is_known():
    report = _report(with_sex=False)
    assert sex_statistics_rows(report, "a", "sv") == []
    rows = _by_label(build_workbook(report, "a", "sv")["Statistik"])
    assert "Kvinnor och män" not in rows
    assert not [label for label in rows if label.startswith("Kvinnor och män:")]


def test_the_template_with_rows_by_sex_has_no_formula_and_prints_on_two_pages(tmp_path: Path):
    path = tmp_path / "a.xlsx"
    build_workbook(_report(), "a", "sv").save(path)
    wb = load_workbook(path)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    ws = wb["Statistik"]
    heading = next(r for r in range(10, ws.max_row + 1) if ws.cell(r, 1).value == "Kvinnor och män")
    assert [b.id for b in ws.row_breaks.brk] == [
        heading - 1
    ]  # women and men on a page of their own
    assert ws.print_title_rows == "$9:$9"
