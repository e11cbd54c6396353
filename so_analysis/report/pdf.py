"""The report as PDF: A4, page numbers, contents with page numbers, tagged (PDF/UA-1).

WeasyPrint lays out the same self-contained HTML page the report publishes, with the print
rules of the page's own stylesheet (`templates/report.css`, `@media print`: A4, page numbers,
contents with page numbers, the dense layout); no browser is needed. The rules live in the page,
not in a stylesheet handed to WeasyPrint: WeasyPrint counts those as the user's, and the page's
own rules would win over them. The page's `lang` becomes the PDF's /Lang, its headings the
structure tree that screen readers follow.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def prepare_pdf() -> None:
    """Import WeasyPrint ahead of `write_pdf` (about half a second), e.g. while notebooks run."""
    import weasyprint  # noqa: F401 - heavy: imported only when a PDF is made


def write_pdf(html: str, path: Path) -> int:
    """Write `html` (a whole self-contained page) as a tagged A4 PDF; return its page count."""
    import weasyprint  # heavy: imported only when a PDF is made

    # WeasyPrint logs every CSS property it does not know (screen-only rules) as a warning
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, base_url=None).render(
        pdf_variant="pdf/ua-1",
    )
    document.write_pdf(str(path), pdf_variant="pdf/ua-1")
    return len(document.pages)
