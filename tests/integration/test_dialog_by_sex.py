"""The dialog template's rows by sex on the sample's 2017: Integra's women wait longer to start
than its men (77,3 against 56,6 days), it sees that in its template, in Swedish and English, and
the template still reads back; no template shows another expert's figure by sex."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from so_analysis.core.periods import parse_period
from so_analysis.load.dialog.reader import read_template_rows
from so_analysis.measure.analysis import analyse
from so_analysis.measure.figures import ALL
from so_analysis.report.dialog import build_workbook, statistics_html
from so_analysis.report.dialog.statistics import sex_figures, sex_statistics_rows, sexes_shown
from so_analysis.report.publication.model import Report

EXPERT = "integra"


@pytest.fixture(scope="module")
def report(sample_dataset) -> Report:
    return Report(analyse(sample_dataset, parse_period("2017"), date(2018, 6, 30)))


def _rows(ws) -> dict[str, list]:
    return {
        row[0]: list(row)
        for row in ws.iter_rows(min_row=10, max_col=6, values_only=True)
        if isinstance(row[0], str)
    }


@pytest.mark.parametrize(
    ("lang", "sheet", "lead", "started", "women", "men"),
    [
        (
            "sv",
            "Statistik",
            "Dagar från anmälan till start, medelvärde",
            "Antal som startat",
            "kvinnor",
            "män",
        ),
        (
            "en",
            "Statistics",
            "Days from registration to start, mean",
            "Number started",
            "women",
            "men",
        ),
    ],
)
def test_integra_sees_its_women_and_men_wait_to_start(
    report, lang, sheet, lead, started, women, men
):
    rows = _rows(build_workbook(report, EXPERT, lang)[sheet])
    assert rows[f"{lead}, {women}"][1] == 77.3
    assert rows[f"{lead}, {men}"][1] == 56.6
    assert rows[f"{started}, {women}"][1] == 21
    assert rows[f"{started}, {men}"][1] == 36
    # beside them all participants of that sex, as published
    published = report.by_sex(lang)
    assert rows[f"{lead}, {women}"][5] == published["kvinna"].cell(ALL, "lead_time_mean_days").shown
    assert rows[f"{lead}, {men}"][5] == published["man"].cell(ALL, "lead_time_mean_days").shown
    page = statistics_html(report, EXPERT, lang)
    number = {"sv": ("77,3", "56,6"), "en": ("77.3", "56.6")}[lang]
    assert f'{lead}, {women}</th><td class="num">{number[0]}</td>' in page
    assert f'{lead}, {men}</th><td class="num">{number[1]}</td>' in page


def test_every_row_by_sex_is_the_experts_own_or_the_published_total(report):
    """Each expert's column by sex is its own model cell (shown to it), the last column the
    published total of that sex: another expert's figure, hidden or not, never appears."""
    published = report.by_sex("sv")
    for pid in report.analysis.expert_ids:
        own = report.by_sex("sv", pid)
        m = report.model("sv", pid)
        expected = []
        for name in sex_figures(m):
            for sex in sexes_shown(report, pid):
                mine, total = own[sex].cell(pid, name), published[sex].cell(ALL, name)
                expected.append((mine.text, total.text, mine.private))
        shown = [
            (r.expert.text, r.total.text, r.expert.private)
            for r in sex_statistics_rows(report, pid, "sv")
            if not r.group and r.expert is not None and r.total is not None
        ]
        assert shown == expected, pid
        # a figure the report hides for this expert is marked as shown to it alone
        for name in sex_figures(m):
            for sex in sexes_shown(report, pid):
                if not published[sex].cell(pid, name).ok and own[sex].cell(pid, name).ok:
                    assert own[sex].cell(pid, name).private, (pid, sex, name)


def test_a_returned_2017_template_with_rows_by_sex_reads_back(report, sample_dataset, tmp_path):
    folder = tmp_path / "dialogmallar"
    folder.mkdir()
    path: Path = folder / f"{EXPERT}.xlsx"
    build_workbook(report, EXPERT).save(path)
    wb = load_workbook(path)
    plan = wb["Utvecklingsplan"]
    plan["C2"], plan["F2"], plan["E2"] = "Fler starter för kvinnor", "pågår", datetime(2018, 9, 1)
    wb.save(path)
    rows = read_template_rows(path, f"dialogmallar/{path.name}", sample_dataset.providers)
    assert rows.faults == []
    assert rows.plans[["provider_id", "period", "action"]].values.tolist() == [
        [EXPERT, "2017", "Fler starter för kvinnor"]
    ]
