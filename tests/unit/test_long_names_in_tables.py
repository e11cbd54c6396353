"""A name of thousands of letters without a space keeps its table on the page (issue 19).

Before, such a name in a row header made Tabell 1 wider than the page: the PDF cut the name at the
page edge and every figure column fell off it. A word of more than 40 characters in a table cell
now gets a break opportunity (a zero-width space) every 40 characters; all other text is as it
was. (CSS `overflow-wrap: anywhere` on such cells did it too, but WeasyPrint took minutes.)
"""

from __future__ import annotations

import pytest

from so_analysis.report.html import ZERO_WIDTH_SPACE, breakable, environment, report_css
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
def test_a_table_with_a_long_name_fits_the_page_width(name):
    import weasyprint
    from weasyprint.formatting_structure import boxes

    document = weasyprint.HTML(string=_html(_table(name))).render()
    right = max(p._page_box.content_box_x() + p._page_box.width for p in document.pages)

    def walk(box):
        yield box
        for child in getattr(box, "children", []):
            yield from walk(child)

    laid_out = [b for p in document.pages for b in walk(p._page_box)]
    cells = [b for b in laid_out if isinstance(b, boxes.TableCellBox)]
    assert len(cells) >= 15
    for box in cells:  # every cell, the figures too, is on the page
        assert box.position_x + box.margin_width() <= right + 0.5
