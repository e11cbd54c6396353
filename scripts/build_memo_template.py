"""Write the shipped Word template of the memo: so_analysis/report/templates/tjansteskrivelse.docx.

A municipality may replace it with its own letterhead: a .docx with the same Jinja tags (docxtpl)
saved as DATA/mallar/tjansteskrivelse.docx. Run: .venv/bin/python scripts/build_memo_template.py
"""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
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
    for name, size in (("Title", 18), ("Heading 1", 13), ("Heading 2", 11.5)):
        styles[name].font.name = "Arial"
        styles[name].font.size = Pt(size)
        styles[name].font.bold = True
        styles[name].font.color.rgb = RGBColor(0x1B, 0x1F, 0x24)

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

    doc.add_paragraph()
    doc.add_paragraph("{{ title }}", style="Title")

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

    doc.add_paragraph()
    doc.add_paragraph("{%p for s in signatures %}")
    name = doc.add_paragraph()
    name.add_run("{{ s.name }}").bold = True
    name.paragraph_format.space_before = Pt(18)
    doc.add_paragraph("{{ s.title }}")
    doc.add_paragraph("{{ s.unit }}")
    doc.add_paragraph("{%p endfor %}")

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
