"""The print stylesheet's look in Typst (`templates/report.css`, `@media print`): the colours, and
the preamble that sets the page, the text, the foot and the headings (`report/typeset.py`)."""

from __future__ import annotations

# the print stylesheet's colours and sizes (templates/report.css)
INK = "#1b1f24"
MUTED = "#5a6470"
RULE = "#c9d1da"
BAND = "#f2f5f8"
ACCENT = "#1f4e79"
MET = "#1e6b34"
MISSED = "#a1260d"
INPROGRESS = "#7a4a00"

PREAMBLE = """#set document(title: {title})
#set text(lang: {lang}, font: ("Liberation Sans", "DejaVu Sans"), size: 7.8pt, fill: rgb("{ink}"))
#set par(leading: 0.78em, spacing: 0.78em + 2pt)
#set page(paper: "a4", margin: (top: 12mm, right: 13mm, bottom: 13mm, left: 13mm),
  footer: context {{
    set text(size: 7pt, fill: rgb("{muted}"))
    let n = counter(page).get().first()
    if n > 1 [#{doctitle};]
    h(1fr)
    [#n (#counter(page).final().first())]
  }})
#set list(spacing: 0.78em, indent: 0.6em)
#set enum(spacing: 0.78em, indent: 0.6em)
#set table(gutter: 0pt)
#set block(spacing: 0.78em + 2pt)
#show heading: set text(fill: rgb("{accent}"), weight: "bold")
#show heading: set block(sticky: true)
#show heading.where(level: 1): set text(size: 16pt)
#show heading.where(level: 1): set block(above: 3pt, below: 5pt)
#show heading.where(level: 2): set text(size: 12.5pt)
#show heading.where(level: 2): it => block(width: 100%, above: 6pt, below: 3pt, inset: (bottom: 2pt),
  stroke: (bottom: 1.5pt + rgb("{rule}")), it.body)
#show heading.where(level: 3): set text(size: 10pt)
#show heading.where(level: 3): set block(above: 7pt, below: 2pt)
#show heading.where(level: 4): set text(size: 8.6pt)
#show heading.where(level: 4): set block(above: 4pt, below: 2pt)
#show heading.where(level: 5): set text(size: 8.6pt)
#show heading.where(level: 5): set block(above: 4pt, below: 2pt)
#show link: it => it.body
"""


def preamble(title: str, lang: str, doctitle: str) -> str:
    """The document's preamble: `title`, `lang` and `doctitle` (the foot) as Typst strings."""
    return PREAMBLE.format(
        title=title, lang=lang, doctitle=doctitle, ink=INK, muted=MUTED, accent=ACCENT, rule=RULE
    )
