"""The report as PDF: A4, page numbers, contents with page numbers, tagged (PDF/UA-1).

WeasyPrint lays out the same self-contained HTML page the report publishes, with a print
stylesheet of its own (`templates/pdf.css`) added; no browser is needed. The page's `lang`
becomes the PDF's /Lang, its headings the structure tree that screen readers follow.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)


def pdf_css() -> str:
    """The print stylesheet added for the PDF: page numbers, contents with page numbers."""
    return resources.files("so_analysis.report").joinpath("templates/pdf.css").read_text("utf-8")


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
        stylesheets=[weasyprint.CSS(string=pdf_css())],
        pdf_variant="pdf/ua-1",
    )
    document.write_pdf(str(path), pdf_variant="pdf/ua-1")
    return len(document.pages)
