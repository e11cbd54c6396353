"""The report's fixed sections in the municipality's own words (`DATA/texter/*.md`).

Purpose, selection and method, limitations and other development work: Markdown with raw HTML
off, facts from the data filled in (who was visited and when). A text that is not there leaves
its section out: an empty `Section`, never a heading with nothing under it.
"""

from __future__ import annotations

from so_analysis.core.texts import texts
from so_analysis.load.texts import REPORT_TEXTS
from so_analysis.report.facts import facts
from so_analysis.report.markdown import fill_facts, to_html
from so_analysis.report.publication.model import Report
from so_analysis.report.sections.base import Heading, Section, section

ANCHORS = {
    "syfte": "syfte",
    "urval-och-utforande": "urval-och-utforande",
    "begransningar": "begransningar",
    "annat-utvecklingsarbete": "annat-utvecklingsarbete",
}


def own_text(report: Report, name: str, lang: str = "sv") -> Section:
    """One fixed section from `DATA/texter/<name>.md`, or nothing when the file is missing."""
    if name not in REPORT_TEXTS:
        raise ValueError(f"{name!r} is not one of {REPORT_TEXTS}")
    text = report.analysis.dataset.texts.get(name)
    if not text:
        return Section("")
    body = to_html(fill_facts(text, facts(report, lang)), heading_offset=3)
    heading = Heading(ANCHORS[name], 3, texts(lang)(f"sections.own_texts.{name}"))
    return section("own_text.html", [heading], body=body)
