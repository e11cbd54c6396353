"""The visit in an expert's section: the dialog notes, the survey in detail, the languages.

The notes of a returned dialog template (`Dataset.dialog`) appear as the expert and the
municipality wrote them (escaped by the templates, never edited): the four parameters' notes in
each parameter's section (`parameter_notes`), the other topics in `dialog_section`. The survey's
questions per course block (the eight named blocks by their names, any other module column by
its header as written, "Modul 1"), "förstod språket" and "rekommendera" (`survey_table`) and the
languages taught (`languages_table`, in the dialog's language topic) are published through
`report.breakdown`; over all experts, `languages_summary` shows days to start per language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from so_analysis.load.dialog.layout import PARAMETER_TOPICS, TOPICS
from so_analysis.measure.figures import ALL, COUNT, DAYS, SHARE
from so_analysis.measure.survey_languages import OTHER
from so_analysis.report import narrative
from so_analysis.report.languages import published_languages, slow_language_sentence
from so_analysis.report.publication.breakdown import breakdown_cell, survey_items
from so_analysis.report.publication.model import Publication, Report
from so_analysis.report.publication.targets_text import short_number
from so_analysis.report.reads import survey_details
from so_analysis.report.sections.base import (
    Footnotes,
    Heading,
    Section,
    Table,
    cell,
    footnotes,
    row,
    section,
    shown,
    slug,
    table,
)

DIALOG_TOPICS = tuple(t for t in TOPICS if t not in PARAMETER_TOPICS)


@dataclass(frozen=True)
class Note:
    """One party's words on a topic: its label and the paragraphs as written."""

    label: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Notes:
    """What was said on one topic at the visit."""

    title: str
    notes: tuple[Note, ...] = ()


def _paragraphs(text: str) -> tuple[str, ...]:
    """A note's lines as paragraphs (its words untouched; empty lines dropped)."""
    return tuple(line.strip() for line in str(text).split("\n") if line.strip())


def topic_notes(report: Report, provider_id: str, topic: str, lang: str = "sv") -> tuple[Note, ...]:
    """The expert's comment and the municipality's notes on `topic` for the period."""
    dialog = report.analysis.dataset.dialog
    if dialog is None or dialog.empty:
        return ()
    t = report.model(lang).t
    mine = dialog[
        (dialog["provider_id"] == provider_id)
        & (dialog["period"].astype(str) == report.analysis.period.label)
        & (dialog["topic"] == topic)
    ]
    out = []
    for r in mine.to_dict("records"):
        for column in ("expert_comment", "municipality_notes"):
            value = r.get(column)
            if isinstance(value, str) and value.strip():
                out.append(Note(t(f"visit.{column}"), _paragraphs(value)))
    return tuple(out)


def _has_dialog(report: Report, provider_id: str) -> bool:
    dialog = report.analysis.dataset.dialog
    if dialog is None or dialog.empty:
        return False
    mine = (dialog["provider_id"] == provider_id) & (
        dialog["period"].astype(str) == report.analysis.period.label
    )
    return bool(mine.any())


def parameter_notes(report: Report, provider_id: str, param: str, lang: str = "sv") -> Notes | None:
    """The visit's notes under a parameter; None when there is none (no empty heading)."""
    if not _has_dialog(report, provider_id):
        return None
    t = report.model(lang).t
    notes = topic_notes(report, provider_id, param, lang)
    return Notes(t("visit.from_visit"), notes) if notes else None


def survey_item_label(report: Report, item: str, t: Any) -> str:
    """A survey question's name: the catalogue's for a named one, else the file's header."""
    return t.get(f"visit.items.{item}", report.analysis.dataset.module_headers.get(item, item))


def survey_table(report: Report, provider_id: str, notes: Footnotes, lang: str = "sv") -> Any:
    """The survey's questions for the expert against all participants: a table, or a line."""
    model = report.model(lang)
    t = model.t
    detail = survey_details(report)
    if detail is None:
        return None
    mine = detail[detail["provider_id"] == provider_id]
    if mine.empty:
        return t("visit.survey_none")
    cells = survey_items(model, detail)
    name = model.name(provider_id)
    items = [item for item in dict.fromkeys(detail["item"]) if (provider_id, item) in cells]
    own = [cells[(provider_id, item)] for item in items]
    everyone = [cells[(ALL, item)] for item in items]
    # when every question has the same number of answers (and it is published), the number
    # goes into the column heading, once, instead of a column of its own
    counts = [{c.text for _, c in column} for column in (own, everyone)]
    compact = all(len(texts) == 1 for texts in counts) and all(c.ok for _, c in (*own, *everyone))
    rows = []
    for item, (mean, answers), (all_mean, all_answers) in zip(items, own, everyone, strict=True):
        figures = (mean, all_mean) if compact else (mean, answers, all_mean, all_answers)
        rows.append(
            row(
                survey_item_label(report, item, t),
                [cell(shown(c, model, notes), num=True) for c in figures],
            )
        )
    if compact:

        def answered(who: str, column: list) -> str:
            n = column[0][1]
            return t(
                "visit.survey_column",
                name=who,
                answers=t.n("visit.survey_answers", n.shown, n=n.text),
            )

        head = [t("visit.survey_item"), answered(name, own), answered(model.name(ALL), everyone)]
        caption = t("visit.survey_caption_means", name=name, period=report.analysis.period.label)
        return table(caption, head, rows)
    head = [
        t("visit.survey_item"),
        f"{name}: {t('visit.survey_mean').lower()}",
        f"{name}: {t('visit.survey_n').lower()}",
        f"{model.name(ALL)}: {t('visit.survey_mean').lower()}",
        f"{model.name(ALL)}: {t('visit.survey_n').lower()}",
    ]
    caption = t("visit.survey_caption", name=name, period=report.analysis.period.label)
    return table(caption, head, rows)


def languages_table(report: Report, provider_id: str, notes: Footnotes, lang: str = "sv") -> Any:
    """The languages the expert taught the period's starters, with counts: a table or a line."""
    model = report.model(lang)
    t = model.t
    languages = published_languages(report, lang)
    mine = [c for c in languages.categories if languages.counts.get((provider_id, c), 0) > 0]
    if not mine:
        return t("visit.languages_none")
    started = model.cell(provider_id, "lead_time_n")
    if not started.ok:
        return t("visit.languages_hidden")
    rows = []
    for category in mine:
        n = languages.counts[(provider_id, category)]
        own = breakdown_cell(model, languages.protected, provider_id, category, n, n, COUNT)
        total = languages.totals.get(category, 0)
        everyone = breakdown_cell(model, languages.protected, ALL, category, total, total, COUNT)
        rows.append(
            row(
                languages.label(category, t),
                [
                    cell(shown(own, model, notes), num=True),
                    cell(shown(everyone, model, notes), num=True),
                ],
            )
        )
    head = [t("visit.language"), model.name(provider_id), model.name(ALL)]
    caption = t(
        "visit.languages_caption", period=report.analysis.period.label, name=model.name(provider_id)
    )
    return table(caption, head, rows)


def dialog_section(report: Report, provider_id: str, lang: str = "sv") -> Section:
    """The visit's other topics (content, language, study visits …) with the languages taught."""
    model = report.model(lang)
    t = model.t
    notes = footnotes(model)
    base = f"{slug(report, provider_id)}-dialog"
    heading = Heading(base, 3, t("visit.dialog_heading"))
    has = _has_dialog(report, provider_id)
    topics = []
    silent = []  # topics nothing was noted on: named in one line, not one empty heading each
    for topic in DIALOG_TOPICS:
        said = topic_notes(report, provider_id, topic, lang)
        extra = languages_table(report, provider_id, notes, lang) if topic == "language" else None
        title = t(f"template.topics.{topic}")
        if has and not said:
            silent.append(title[:1].lower() + title[1:])
        if not said and extra is None:
            continue
        topics.append(
            {
                "id": f"{base}-{topic}",
                "title": title,
                "table": extra if isinstance(extra, Table) else None,
                "line": extra if isinstance(extra, str) else None,
                "notes": Notes("", said),
            }
        )
    nothing = t("visit.no_notes_on", topics=narrative.join(silent, t)) if silent else None
    intro = (
        t("visit.dialog_intro")
        if has
        else t(
            "visit.no_template", period=report.analysis.period.label, name=model.name(provider_id)
        )
    )
    return section(
        "dialog.html", [heading], intro=intro, topics=topics, nothing=nothing, notes=notes
    )


def _language_rows(report: Report, model: Publication, notes: Footnotes) -> list:
    t = model.t
    languages = published_languages(report, model.lang)
    frame = languages.by_language.set_index("category")
    rows = []
    for category in languages.categories:
        r = frame.loc[category]
        cells = [
            breakdown_cell(model, languages.protected, ALL, category, r["n"], r["n"], COUNT),
            breakdown_cell(
                model, languages.protected, ALL, category, r["lead_time_mean_days"], r["n"], DAYS
            ),
            breakdown_cell(
                model, languages.protected, ALL, category, r["within_target_share"], r["n"], SHARE
            ),
        ]
        rows.append(
            row(
                languages.label(category, t),
                [cell(shown(c, model, notes), num=True) for c in cells],
            )
        )
    figures = ("lead_time_n", "lead_time_mean_days", "lead_time_within_target_share")
    total = [cell(shown(model.cell(ALL, f), model, notes), num=True) for f in figures]
    rows.append(row(t("visit.total"), total, total=True))
    return rows


def languages_summary(report: Report, lang: str = "sv") -> Section:
    """Over all experts: participants started, days to start and the share within the target,
    per teaching language; a sentence when one language waits markedly longer."""
    model = report.model(lang)
    t = model.t
    notes = footnotes(model)
    heading = Heading("sprak", 3, t("visit.by_language_heading"))
    if not model.cell(ALL, "lead_time_n").value > 0:
        return section(
            "languages.html",
            [heading],
            table=None,
            lines=[t("visit.by_language_none")],
            notes=notes,
        )
    lead = short_number(model.targets.lead_time_max_days, lang)
    head = [
        t("visit.language"),
        t("visit.starts"),
        t("visit.lead_mean"),
        t("visit.within", lead=lead),
    ]
    caption = t("visit.by_language_caption", period=report.analysis.period.label)
    lines = []
    if OTHER in published_languages(report, lang).categories:
        lines.append(t("visit.languages_note", min_n=model.min_n))
    sentence = slow_language_sentence(report, lang)
    if sentence:
        lines.append(sentence)
    return section(
        "languages.html",
        [heading],
        table=table(caption, head, _language_rows(report, model, notes)),
        lines=lines,
        notes=notes,
    )
