"""The memo (*tjänsteskrivelse*) that puts the report on the committee's agenda: data, HTML, Word.

`build_memo` gathers what the memo says — the municipality and committee, date and reference
number from the config, the decision text (`texter/forslag-till-beslut.md` or a default), a
summary, the matter (`texter/syfte.md` and how the visits went), the conclusions, attachments
and signatures — as plain data. The summary and the conclusions are prose (`memo_prose`): one
paragraph per parameter, then what is asked of whom by when; the full list of findings stays in
the report, and the memo fits two A4 pages. `memo_html` renders it with the report's CSS;
`write_memo_docx` fills a Word template with docxtpl: the shipped one, or
`DATA/mallar/tjansteskrivelse.docx` with the municipality's own letterhead and the same tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from so_analysis.core.config import Signature
from so_analysis.core.texts import texts
from so_analysis.report.facts import facts
from so_analysis.report.html import Markup, render, report_css
from so_analysis.report.markdown import Block, Run, fill_facts, to_blocks
from so_analysis.report.memo_prose import SexDifferences, memo_prose
from so_analysis.report.publication.formatting import format_date
from so_analysis.report.publication.model import Report

TEMPLATE_FOLDER = "mallar"
TEMPLATE_NAME = "tjansteskrivelse.docx"


@dataclass
class MemoSection:
    """A heading and its paragraphs, list items and sub-headings."""

    heading: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Memo:
    """Everything the memo says, in one language, as plain text."""

    lang: str
    municipality: str
    unit: str
    committee: str
    kind: str
    date: str
    diarienummer: str
    title: str
    sections: list[MemoSection]
    signatures: list[Signature]
    labels: dict[str, str]


def _paragraph(text: str) -> Block:
    return Block("paragraph", [Run(text)])


def _bullet(text: str) -> Block:
    return Block("bullet", [Run(text)])


def build_memo(
    report: Report,
    own_texts: dict[str, str],
    lang: str = "sv",
    sex_differences: SexDifferences | None = None,
) -> Memo:
    """The memo's content from the analysis and the municipality's texts.

    The summary and the conclusions are prose (`memo_prose`): one paragraph per parameter, then
    what is asked of whom by when. `sex_differences` holds, per parameter, the sentence naming a
    difference between women and men where there is one; it closes that parameter's paragraph.
    """
    t = texts(lang)
    config = report.analysis.dataset.config
    settings = config.period_settings(report.analysis.period.label)
    period = report.analysis.period.label
    known = facts(report, lang)

    def own(name: str) -> list[Block]:
        return to_blocks(fill_facts(own_texts[name], known)) if name in own_texts else []

    decision = own("forslag-till-beslut") or [
        _paragraph(t("memo.decision_default", committee=config.memo.committee))
    ]
    intro = t.n(
        "memo.summary_intro",
        len(report.analysis.expert_ids),
        municipality=config.municipality,
        period=period,
    )
    if known["besok"]:
        intro += " " + t("memo.summary_visits", visits=known["besok"])
    prose = memo_prose(report, lang, sex_differences)
    summary = [_paragraph(intro)]
    if prose.overview:
        summary.append(_paragraph(prose.overview))
    # the targets are stated in the conclusions' paragraphs; selection and method in the report
    matter = [*own("syfte"), _paragraph(t("memo.matter_intro"))]
    conclusions = [
        Block("paragraph", [Run(p.lead, bold=True), Run(" " + p.text)]) for p in prose.paragraphs
    ]
    conclusions.append(_paragraph(prose.needs_intro))
    conclusions += [_bullet(need) for need in prose.needs]
    conclusions.append(_paragraph(prose.closing))
    sections = [
        MemoSection(t("memo.decision"), decision),
        MemoSection(t("memo.summary"), summary),
        MemoSection(t("memo.matter"), matter),
        MemoSection(t("memo.conclusions"), conclusions),
    ]
    if "annat-utvecklingsarbete" in own_texts:
        sections.append(MemoSection(t("memo.other_work"), own("annat-utvecklingsarbete")))
    sections.append(
        MemoSection(
            t("memo.attachments"),
            [Block("number", [Run(t("memo.attachment_report", period=period))])],
        )
    )
    memo_date = settings.memo_date or report.analysis.as_of
    return Memo(
        lang=lang,
        municipality=config.municipality,
        unit=config.memo.unit,
        committee=config.memo.committee,
        kind=t("memo.kind"),
        date=format_date(memo_date),
        diarienummer=settings.diarienummer,
        title=t("memo.title", period=period),
        sections=sections,
        signatures=list(config.memo.signatures),
        labels={"date": t("memo.date_label"), "reference": t("memo.reference_label")},
    )


@dataclass
class _Group:
    kind: str
    blocks: list[Block]


def _grouped(blocks: list[Block]) -> list[_Group]:
    """Consecutive list items of one kind together, for one HTML list; others one by one."""
    groups: list[_Group] = []
    for block in blocks:
        if block.kind in ("bullet", "number") and groups and groups[-1].kind == block.kind:
            groups[-1].blocks.append(block)
        else:
            groups.append(_Group(block.kind, [block]))
    return groups


def memo_html(memo: Memo) -> str:
    """The memo as a self-contained HTML page with the report's CSS."""
    sections = [{"heading": s.heading, "groups": _grouped(s.blocks)} for s in memo.sections]
    return str(render("memo.html.j2", memo=memo, sections=sections, css=Markup(report_css())))


def _template(data_dir: str | Path | None) -> Path:
    """The municipality's own Word template in `DATA/mallar/`, else the shipped one."""
    if data_dir is not None:
        own = Path(data_dir) / TEMPLATE_FOLDER / TEMPLATE_NAME
        if own.is_file():
            return own
    return Path(str(resources.files("so_analysis.report").joinpath(f"templates/{TEMPLATE_NAME}")))


def write_memo_docx(memo: Memo, path: Path, data_dir: str | Path | None = None) -> None:
    """Fill the Word template with the memo and save it as `path`."""
    from docxtpl import DocxTemplate, RichText  # Word is written only when a memo is

    def rich(block: Block) -> RichText:
        text = RichText()
        for run in block.runs:
            text.add(run.text, bold=run.bold, italic=run.italic)
        return text

    template = DocxTemplate(str(_template(data_dir)))
    context = {
        "municipality": memo.municipality,
        "unit": memo.unit,
        "committee": memo.committee,
        "kind": memo.kind,
        "date": memo.date,
        "date_label": memo.labels["date"],
        "diarienummer": memo.diarienummer,
        "reference_label": memo.labels["reference"],
        "title": memo.title,
        "sections": [
            {
                "heading": s.heading,
                "blocks": [{"kind": b.kind, "rich": rich(b), "text": b.text} for b in s.blocks],
            }
            for s in memo.sections
        ],
        "signatures": [{"name": s.name, "title": s.title, "unit": s.unit} for s in memo.signatures],
    }
    template.render(context, autoescape=True)
    properties = template.docx.core_properties
    properties.title = memo.title
    properties.author = memo.unit or memo.municipality
    properties.language = "sv-SE" if memo.lang == "sv" else "en-GB"
    template.save(str(path))
