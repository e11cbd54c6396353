"""Write the shipped Word template of the memo: so_analysis/report/templates/tjansteskrivelse.docx.

A municipality may replace it with its own letterhead: a .docx with the same Jinja tags (docxtpl)
saved as DATA/mallar/tjansteskrivelse.docx. Run: .venv/bin/python scripts/build_memo_template.py
"""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "so_analysis/report/templates/tjansteskrivelse.docx"


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)

    styles = doc.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(11)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 16), ("Heading 1", 13), ("Heading 2", 11.5)):
        styles[name].font.name = "Arial"
        styles[name].font.size = Pt(size)
        styles[name].font.bold = True
        styles[name].font.color.rgb = RGBColor(0x1B, 0x1F, 0x24)
        # the theme's heading font would win over Arial in LibreOffice: name Arial alone
        fonts = styles[name].element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
    # a memo of two pages: headings set off by space above, not by a blank half page
    styles["Title"].paragraph_format.space_after = Pt(10)
    styles["Heading 1"].paragraph_format.space_before = Pt(14)
    styles["Heading 1"].paragraph_format.space_after = Pt(3)

    # letterhead: who writes, and the document's kind, date and reference number
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run("{{ municipality }}").bold = True
    left.add_paragraph("{{ unit }}")
    right.paragraphs[0].add_run("{{ kind }}").bold = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p = right.add_paragraph("{{ date_label }} {{ date }}")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p = right.add_paragraph("{{ reference_label }} {{ diarienummer }}")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    to = table.rows[1].cells[0]
    to.paragraphs[0].add_run("{{ committee }}")
    for cell in (left, right, to):
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.space_after = Pt(0)

    title = doc.add_paragraph("{{ title }}", style="Title")
    title.paragraph_format.space_before = Pt(18)

    doc.add_paragraph("{%p for s in sections %}")
    doc.add_paragraph("{{ s.heading }}", style="Heading 1")
    doc.add_paragraph("{%p for b in s.blocks %}")
    doc.add_paragraph("{%p if b.kind == 'heading' %}")
    doc.add_paragraph("{{r b.rich }}", style="Heading 2")
    doc.add_paragraph("{%p elif b.kind == 'bullet' %}")
    doc.add_paragraph("{{r b.rich }}", style="List Bullet")
    doc.add_paragraph("{%p elif b.kind == 'number' %}")
    doc.add_paragraph("{{r b.rich }}", style="List Number")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{{r b.rich }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")

    # the signatures side by side, one column each (docxtpl's column loop, {%tc %})
    doc.add_paragraph().paragraph_format.space_before = Pt(12)
    signatures = doc.add_table(rows=1, cols=3)
    row = signatures.rows[0]._tr.get_or_add_trPr()
    row.append(row.makeelement(qn("w:cantSplit"), {}))  # a signature is never cut by a page
    loop, cell, end = signatures.rows[0].cells
    loop.paragraphs[0].text = "{%tc for s in signatures %}"
    name = cell.paragraphs[0]
    name.add_run("{{ s.name }}").bold = True
    name.paragraph_format.space_after = Pt(0)
    title = cell.add_paragraph("{{ s.title }}")
    title.paragraph_format.space_after = Pt(0)
    cell.add_paragraph("{%p if s.unit %}")
    cell.add_paragraph("{{ s.unit }}").paragraph_format.space_after = Pt(0)
    cell.add_paragraph("{%p endif %}")
    end.paragraphs[0].text = "{%tc endfor %}"

    footer = section.footer.paragraphs[0]
    footer.text = "{{ municipality }} · {{ diarienummer }}"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    core = doc.core_properties
    core.title, core.author, core.language = "{{ title }}", "so-analysis", "sv-SE"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(OUT)
    print(OUT)


if __name__ == "__main__":
    main()
