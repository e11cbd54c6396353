"""The report as PDF: A4, page numbers, contents with page numbers, tagged (PDF/UA-1).

WeasyPrint lays out the same self-contained HTML page the report publishes, with the print
rules of the page's own stylesheet (`templates/report.css`, `@media print`: A4, page numbers,
contents with page numbers, the dense layout); no browser is needed. The rules live in the page,
not in a stylesheet handed to WeasyPrint: WeasyPrint counts those as the user's, and the page's
own rules would win over them. The page's `lang` becomes the PDF's /Lang, its headings the
structure tree that screen readers follow.

Two things make it fast without changing what it shows (issue 21, docs/speed.md):

- **Charts as print images.** WeasyPrint draws an SVG chart node by node in Python (the 29
  charts of the sample were about half of its paint). During `so-report run` each chart is
  also drawn as a PNG at `PRINT_DPI` by the notebook that makes it (`plots.svg_base64`, into
  the folder `PRINT_IMAGES_ENV` names), and the PDF embeds that image in the SVG's place, at the
  SVG's size and with the same alternative text. The published HTML keeps its SVG; a chart
  without its PNG (a notebook run by hand) stays SVG in the PDF.
- **A warm start.** `prepare_pdf` lays out and paints a small page with the report's stylesheet
  while the notebooks run, so that fonts, the text shaper's types and the CSS machinery are
  ready when the merged page exists.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from pathlib import Path

log = logging.getLogger(__name__)

# The folder where the notebooks of a run put each chart's print image (set by the notebook
# process for its children; unset, no print image is drawn).
PRINT_IMAGES_ENV = "SO_ANALYSIS_PRINT_IMAGES"
# Pixels per inch of the chart's own size: a chart is printed at half its size or less, so at
# 300 pixels per inch of paper or more.
PRINT_DPI = 150

_SVG_SRC = re.compile(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')
# the print image's pixels are PRINT_DPI per inch: the same size on the page as the SVG
_PRINT_CSS = (
    "<style>@media print { img[data-print-image] "
    f"{{ image-resolution: {PRINT_DPI}dpi; }} }}</style>"
)


def print_image_name(svg_base64: str) -> str:
    """The file name of a chart's print image, from its SVG (base64, as the page embeds it)."""
    return hashlib.sha256(svg_base64.encode("ascii")).hexdigest()[:40] + ".png"


def with_print_images(html: str, folder: Path | None) -> str:
    """The page as the PDF lays it out: each chart whose print image is in `folder` embedded as
    that PNG instead of its SVG (same size, same alternative text); other charts unchanged."""
    if folder is None:
        return html
    swapped = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal swapped
        image = folder / print_image_name(match[1])
        if not image.is_file():
            return match[0]
        swapped += 1
        data = base64.b64encode(image.read_bytes()).decode("ascii")
        return f'src="data:image/png;base64,{data}" data-print-image'

    html = _SVG_SRC.sub(swap, html)
    if swapped:
        html = html.replace("</head>", _PRINT_CSS + "</head>", 1)
    return html


def prepare_pdf() -> None:
    """Import WeasyPrint and warm it up ahead of `write_pdf` (about a second), e.g. while the
    notebooks run: a small page with the report's stylesheet laid out and painted (fonts, the
    text shaper's types, the CSS machinery), its PDF discarded."""
    import weasyprint  # heavy: imported only when a PDF is made

    _quiet()
    css = (Path(__file__).parent / "templates" / "report.css").read_text("utf-8")
    page = (
        f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>x</title>'
        f"<style>{css}</style></head><body><h1>Åäö 1</h1><h2>Innehåll</h2>"
        '<nav class="toc"><ol><li><a href="#a">Åäö</a></li></ol></nav>'
        '<section class="expert" id="a"><h2>Åäö</h2><p>Text <b>fet</b> <i>kursiv</i> 12,5 %</p>'
        '<table><caption>Mått</caption><thead><tr><th>Mått</th><th class="num">Värde</th>'
        '</tr></thead><tbody><tr><th>Åäö</th><td class="num">1 234</td></tr></tbody></table>'
        "</section></body></html>"
    )
    document = weasyprint.HTML(string=page, base_url=None).render(pdf_variant="pdf/ua-1")
    document.write_pdf(pdf_variant="pdf/ua-1")


def _quiet() -> None:
    # WeasyPrint logs every CSS property it does not know (screen-only rules) as a warning
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def write_pdf(html: str, path: Path, print_images: Path | None = None) -> int:
    """Write `html` (a whole self-contained page) as a tagged A4 PDF; return its page count.

    `print_images`: the folder with the charts' print images (`with_print_images`), if any.
    """
    import weasyprint  # heavy: imported only when a PDF is made

    _quiet()
    document = weasyprint.HTML(string=with_print_images(html, print_images), base_url=None).render(
        pdf_variant="pdf/ua-1"
    )
    document.write_pdf(str(path), pdf_variant="pdf/ua-1")
    return len(document.pages)
