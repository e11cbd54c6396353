"""The method appendix says where sex came from, with counts over the period (SPEC §7)."""

from datetime import date
from html import unescape

import pytest

from so_analysis.core.periods import parse_period
from so_analysis.load.loading import load_dataset
from so_analysis.measure.analysis import analyse
from so_analysis.report import sections
from so_analysis.report.publication.model import Report

ROWS = [
    "850101-1234;alfa;2016-02-01;;;;",  # sex from the personnummer
    "850161-1244;alfa;2016-02-02;;;;",  # from the samordningsnummer
    "850101-1254;alfa;2016-02-03;;;;kvinna",  # from the column (overrides the id)
    "D1;alfa;2016-02-04;;;;man",  # from the column
    "D2;alfa;2016-02-05;;;;k",  # from the column
    "D3;alfa;2016-02-06;;;;",  # unknown
    "D4;alfa;2015-02-06;2015-03-01;2015-04-01;;m",  # not in 2016: not counted
]


@pytest.fixture
def report(tmp_path):
    (tmp_path / "experter.csv").write_text("Expert-ID;Namn\nalfa;Alfa\n", encoding="utf-8")
    header = "Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Avbrottsorsak;Kön\n"
    (tmp_path / "deltagare.csv").write_text(header + "\n".join(ROWS) + "\n", encoding="utf-8")
    dataset = load_dataset(tmp_path)
    return Report(analyse(dataset, parse_period("2016"), date(2017, 6, 30)))


def test_the_method_appendix_counts_the_sources_of_sex_in_the_period(report):
    html = unescape(sections.method_appendix(report, "sv"))
    assert "näst sista siffran: udda för man, jämn för kvinna" in html
    assert (
        "Periodens 6 deltagarposter (anmälan, start eller slut inom perioden) fördelar sig så: "
        "kön från kolumnen kön 3, från personnummer eller samordningsnummer 2, okänt 1."
    ) in html


def test_the_sources_of_sex_in_english(report):
    html = unescape(sections.method_appendix(report, "en"))
    assert "second-to-last digit: odd for a man, even for a woman" in html
    assert (
        "The period's 6 enrolment records (registration, start or end in the period), by where "
        "their sex came from: the kön column 3, a personnummer or samordningsnummer 2, unknown 1."
    ) in html
