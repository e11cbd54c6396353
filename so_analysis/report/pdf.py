"""The report as PDF: A4, page numbers, contents with page numbers, tagged (PDF/UA-1).

Typst (the `typst` package ships the compiler) typesets the same self-contained HTML page the
report publishes: `report/typeset.py` reads the page and writes it as Typst markup with the
layout of the page's own print stylesheet (`templates/report.css`, `@media print`: A4, page
numbers, contents with page numbers, the dense layout), the charts' SVG beside it as files.
Typst tags the PDF for accessibility (PDF/UA-1: the page's `lang` as the PDF's /Lang, its
title shown as the title, its headings the structure tree screen readers follow, tables with
header cells, every chart a figure with the page's alternative text, every font embedded); no
browser is needed. Until issue 21 WeasyPrint laid the page out, about ten times slower
(docs/speed.md).
"""

from __future__ import annotations

import logging
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, Final

from so_analysis.core.personal_numbers import mask_personal_numbers
from so_analysis.core.texts import texts

log = logging.getLogger(__name__)

PDF_STANDARD: Final = "ua-1"


@cache
def _fonts() -> Any:
    """The fonts Typst may use: the system's (a name in any script finds a font that has its
    glyphs) and the ones Typst ships; found once per process."""
    import typst

    return typst.Fonts(include_system_fonts=True, include_embedded_fonts=True)


def prepare_pdf() -> None:
    """Ahead of `write_pdf`, e.g. while the notebooks run: import Typst and find the fonts."""
    _fonts()


def write_pdf(html: str, path: Path) -> int:
    """Write `html` (a whole self-contained page) as a tagged A4 PDF; return its page count."""
    import typst

    from so_analysis.report.typeset import typeset

    document = typeset(html)
    with tempfile.TemporaryDirectory(prefix="so-report-pdf-") as folder:
        root = Path(folder)
        for name, data in document.images.items():
            (root / name).write_bytes(data)
        (root / "rapport.typ").write_text(document.markup, encoding="utf-8")
        source = str(root / "rapport.typ")
        try:
            typst.compile(
                source,
                output=str(path),
                root=str(root),
                font_paths=_fonts(),
                pdf_standards=[PDF_STANDARD],
            )
        except typst.TypstError as exc:
            # A rule of PDF/UA the page breaks: above all a name in a script no font on this
            # machine draws (its glyphs would be empty boxes, which PDF/UA forbids; the HTML
            # leaves them to the reader's fonts). The PDF is still written, tagged, with every
            # text and alternative text, without claiming the standard, and the run says so.
            # (tests/e2e/test_documents.py checks that the sample's report keeps the rules.)
            reason = mask_personal_numbers(str(exc))
            log.info(texts("sv")("run.pdf_not_ua", reason=reason))
            typst.compile(source, output=str(path), root=str(root), font_paths=_fonts())
    return page_count(path.read_bytes())


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF Typst wrote (its page tree's /Count)."""
    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)
    counts += re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf)
    return max((int(c) for c in counts), default=0)
