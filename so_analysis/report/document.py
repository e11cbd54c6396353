"""Executed notebooks to committee-ready HTML: our own nbconvert template, inline CSS, a contents list.

Every page is self-contained: the CSS is inline, charts are data URIs, and there is no script.
The full report is one notebook merged from the executed ones (summary, experts, appendices), so
the same template renders every page. The contents list is built from the headings each section
lists in its output metadata (`sections.Section`), never by reading the finished HTML.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import nbformat
from markupsafe import Markup
from nbconvert import HTMLExporter
from nbformat import NotebookNode

from so_analysis import __version__
from so_analysis.report.html import render, report_css
from so_analysis.report.sections.base import METADATA_KEY, Heading

APPENDIX_TAG = "appendix"
TOC_LEVELS = (2, 3)


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


@dataclass(frozen=True)
class Fragment:
    """One HTML output of a notebook: its HTML, its cell's tags, the headings it holds."""

    html: str
    tags: tuple[str, ...] = ()
    headings: tuple[Heading, ...] = ()


def _headings(metadata: Any) -> tuple[Heading, ...]:
    listed = (metadata or {}).get(METADATA_KEY, {}).get("headings", [])
    return tuple(Heading(str(h["id"]), int(h["level"]), str(h["title"])) for h in listed)


def html_outputs(nb: NotebookNode) -> list[Fragment]:
    """The text/html outputs of a notebook's code cells, in order, with tags and headings."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tags = tuple(cell.get("metadata", {}).get("tags", []))
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if (
                output.get("output_type") in ("display_data", "execute_result")
                and "text/html" in data
            ):
                text = data["text/html"]
                html = "".join(text) if isinstance(text, list) else text
                found.append(Fragment(html, tags, _headings(output.get("metadata"))))
    return found


@dataclass
class TocEntry:
    """A top-level entry of the contents (None: subheadings before the first top heading)."""

    heading: Heading | None
    children: list[Heading] = field(default_factory=list)


def toc_entries(headings: Iterable[Heading]) -> list[TocEntry]:
    """The h2 headings, each with the h3 headings under it, in document order."""
    entries: list[TocEntry] = []
    for h in headings:
        if h.level == TOC_LEVELS[0]:
            entries.append(TocEntry(h))
        elif h.level == TOC_LEVELS[1]:
            if not entries:
                entries.append(TocEntry(None))
            entries[-1].children.append(h)
    return entries


def toc_html(headings: Iterable[Heading]) -> Markup:
    """A nested list linking every h2 and h3 the sections list; empty when there is none."""
    entries = toc_entries(headings)
    return render("document/toc.html", entries=entries) if entries else Markup("")


def _html_cell(fragment: Markup, headings: Iterable[Heading]) -> NotebookNode:
    cell = nbformat.v4.new_code_cell("")
    metadata = {METADATA_KEY: {"headings": [h.__dict__ for h in headings]}}
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": str(fragment)}, metadata=metadata)
    ]
    return cell


def merge_report(
    summary: NotebookNode, experts: list[tuple[str, NotebookNode]]
) -> tuple[NotebookNode, str]:
    """One notebook for the full report: summary, one section per expert, then the appendices.

    `experts` is (slug, executed notebook) in report order. Returns the notebook and the HTML of
    its body. Each part keeps the headings of its fragments as output metadata.
    """
    outputs = html_outputs(summary)
    main = [f for f in outputs if APPENDIX_TAG not in f.tags]
    appendix = [f for f in outputs if APPENDIX_TAG in f.tags]
    parts: list[tuple[str, str | None, list[Fragment]]] = [("part summary", None, main)]
    parts += [("expert", f"avsnitt-{slug}", html_outputs(nb)) for slug, nb in experts]
    if appendix:
        parts.append(("appendix", None, appendix))
    merged = nbformat.v4.new_notebook()
    bodies = []
    for cls, anchor, fragments in parts:
        body = render(
            "document/part.html",
            cls=cls,
            anchor=anchor,
            body=Markup("".join(f.html for f in fragments)),  # the sections' own HTML
        )
        bodies.append(body)
        merged.cells.append(_html_cell(body, [h for f in fragments for h in f.headings]))
    return merged, "".join(bodies)


def render_page(nb: NotebookNode, page: PageInfo, with_toc: bool = False) -> str:
    """The HTML page of an executed notebook: outputs only, our template, inline CSS."""
    headings = [h for f in html_outputs(nb) for h in f.headings]
    so = {
        "lang": page.lang,
        "title": page.title,
        "kicker": page.kicker,
        "meta": page.meta,
        "footer": page.footer,
        "toc_title": page.toc_title,
        "toc": toc_html(headings) if with_toc else "",
        "css": report_css(),
        "version": __version__,
        "default_alt": page.default_alt,
    }
    text, _ = _exporter().from_notebook_node(nb, resources={"so": so})
    return text
