"""Executed notebooks to committee-ready HTML: our own nbconvert template, inline CSS, a contents list.

Every page is self-contained: the CSS is inline, charts are data URIs, and there is no script.
The full report is one notebook merged from the executed ones (summary, experts, appendices), so
the same template renders every page.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import nbformat
from nbconvert import HTMLExporter
from nbformat import NotebookNode

from so_analysis import __version__

APPENDIX_TAG = "appendix"
_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class PageInfo:
    """What the page's head and foot say; all plain text (escaped by the template)."""

    title: str
    kicker: str
    meta: str
    footer: str
    lang: str = "sv"
    toc_title: str = "Innehåll"
    default_alt: str = "Diagram"


@cache
def _css() -> str:
    return resources.files("so_analysis.report").joinpath("templates/report.css").read_text("utf-8")


@cache
def _exporter() -> HTMLExporter:
    template_dir = str(resources.files("so_analysis.report").joinpath("templates"))
    exporter = HTMLExporter(
        extra_template_basedirs=[template_dir],
        template_name="so_report",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_markdown=True,
        exclude_raw=True,
    )
    exporter.register_filter("b64encode", _b64encode)
    return exporter


def _b64encode(text: str | bytes) -> str:
    """Base64 of an SVG output, for a data URI."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return base64.b64encode(data).decode("ascii")


def html_outputs(nb: NotebookNode) -> list[tuple[str, list[str]]]:
    """The text/html outputs of a notebook's code cells, in order, with each cell's tags."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tags = list(cell.get("metadata", {}).get("tags", []))
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if (
                output.get("output_type") in ("display_data", "execute_result")
                and "text/html" in data
            ):
                text = data["text/html"]
                found.append(("".join(text) if isinstance(text, list) else text, tags))
    return found


def toc_html(fragments: str) -> str:
    """A nested list linking every h2 and h3 that has an id, in document order."""
    items: list[str] = []
    open_sub = False
    for level, anchor, inner in _HEADING.findall(fragments):
        text = html.escape(html.unescape(_TAG.sub("", inner)).strip())
        link = f'<a href="#{html.escape(anchor)}">{text}</a>'
        if level == "2":
            if open_sub:
                items.append("</ol></li>")
                open_sub = False
            elif items:
                items.append("</li>")
            items.append(f"<li>{link}")
        else:
            if not items:
                items.append("<li>")
            if not open_sub:
                items.append("<ol>")
                open_sub = True
            items.append(f"<li>{link}</li>")
    if open_sub:
        items.append("</ol></li>")
    elif items:
        items.append("</li>")
    return f"<ol>{''.join(items)}</ol>" if items else ""


def _html_cell(fragment: str) -> NotebookNode:
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": fragment})]
    return cell


def merge_report(
    summary: NotebookNode, experts: list[tuple[str, NotebookNode]]
) -> tuple[NotebookNode, str]:
    """One notebook for the full report: summary, one section per expert, then the appendices.

    `experts` is (slug, executed notebook) in report order. Returns the notebook and the HTML of
    its body (for the contents list).
    """
    main = [h for h, tags in html_outputs(summary) if APPENDIX_TAG not in tags]
    appendix = [h for h, tags in html_outputs(summary) if APPENDIX_TAG in tags]
    parts = [f'<section class="part summary">{"".join(main)}</section>']
    for slug, nb in experts:
        body = "".join(h for h, _ in html_outputs(nb))
        parts.append(f'<section class="expert" id="avsnitt-{html.escape(slug)}">{body}</section>')
    if appendix:
        parts.append(f'<section class="appendix">{"".join(appendix)}</section>')
    merged = nbformat.v4.new_notebook()
    merged.cells = [_html_cell(p) for p in parts]
    return merged, "".join(parts)


def render_page(nb: NotebookNode, page: PageInfo, with_toc: bool = False) -> str:
    """The HTML page of an executed notebook: outputs only, our template, inline CSS."""
    body = "".join(h for h, _ in html_outputs(nb))
    so = {
        "lang": page.lang,
        "title": page.title,
        "kicker": page.kicker,
        "meta": page.meta,
        "footer": page.footer,
        "toc_title": page.toc_title,
        "toc": toc_html(body) if with_toc else "",
        "css": _css(),
        "version": __version__,
        "default_alt": page.default_alt,
    }
    text, _ = _exporter().from_notebook_node(nb, resources={"so": so})
    return text
