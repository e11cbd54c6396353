"""A name of thousands of letters without a space keeps its table on the page (issue 19).

Before, such a name in a row header made Tabell 1 wider than the page: the PDF cut the name at the
page edge and every figure column fell off it. A word of more than 40 characters in a table cell
now gets a break opportunity (a zero-width space) every 40 characters; all other text is as it
was. (CSS `overflow-wrap: anywhere` on such cells did it too, but WeasyPrint took minutes.) The
PDF (Typst, issue 21) breaks such a word in any text where it is over 40 characters.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from so_analysis.report.html import ZERO_WIDTH_SPACE, breakable, environment, report_css
from so_analysis.report.pdf import write_pdf
from so_analysis.report.sections.base import Row, Table, cell

LONG = "Integra" * 600  # 4,200 letters, no space
HEAD = ("Expert", "Dagar från anmälan till start", "Dagar för genomförande", "Avbrott", "Betyg")


def _table(name: str) -> Table:
    rows = (
        Row((cell("13,5", num=True),) * 4, header="DiSara coaching AB"),
        Row((cell("64,2", num=True),) * 4, header=name),
        Row((cell(name),) + (cell("1", num=True),) * 3, header="Genomsnitt per expert"),
    )
    return Table("Tabell 1", (name, *HEAD[1:]), rows)


def _html(table: Table) -> str:
    body = environment().from_string('{% import "sections/macros.html" as m %}{{ m.table(t) }}')
    return (
        f"<!doctype html><html lang='sv'><head><style>{report_css()}</style></head>"
        f"<body><p>{name_paragraph(table)}</p>{body.render(t=table)}</body></html>"
    )


def name_paragraph(table: Table) -> str:
    return f"Målet nås inte av {table.rows[1].header} (64,2 dagar)."


def test_only_words_of_over_40_characters_get_break_opportunities():
    assert breakable("Omsorgslyftet utbildningar AB") == "Omsorgslyftet utbildningar AB"
    assert breakable("x" * 40) == "x" * 40
    assert breakable("x" * 41) == "x" * 40 + ZERO_WIDTH_SPACE + "x"
    assert breakable("Alfa " + "y" * 100) == "Alfa " + ZERO_WIDTH_SPACE.join(
        ["y" * 40] * 2 + ["y" * 20]
    )
    # between whole characters: an accent stays with its letter
    accented = breakable("e\u0301" * 45)
    assert accented.split(ZERO_WIDTH_SPACE) == ["e\u0301" * 40, "e\u0301" * 5]
    html = _html(_table(LONG))
    assert html.count(LONG) == 1  # the paragraph (the page's own text wraps by CSS)
    assert html.count(breakable(LONG)) == 3  # the column header, the row header and the cell
    assert '<th scope="row">DiSara coaching AB</th>' in html  # every other cell as before


@pytest.mark.parametrize("name", [LONG, "日本語" * 100, "Integra " * 600])
def test_a_table_with_a_long_name_fits_the_page_width(name, tmp_path):
    # the PDF (Typst since issue 21): every word of the page, the table's figures too, is
    # inside the A4 page, and every figure is there
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = tmp_path / "tabell.pdf"
    write_pdf(_html(_table(name)), pdf)
    subprocess.run([pdftotext, "-bbox", pdf, tmp_path / "words.html"], check=True)
    words = re.findall(
        r'<page width="([\d.]+)"|<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<',
        (tmp_path / "words.html").read_text(encoding="utf-8"),
    )
    width = float(next(w[0] for w in words if w[0]))
    laid_out = [(float(w[1]), float(w[2]), w[3]) for w in words if w[1]]
    assert len(laid_out) >= 15
    for left, right, word in laid_out:
        assert left >= 0 and right <= width + 0.5, (word[:20], left, right, width)
    texts = [word for _, _, word in laid_out]
    assert texts.count("13,5") == 4 and texts.count("64,2") == 4 and texts.count("1") >= 3
