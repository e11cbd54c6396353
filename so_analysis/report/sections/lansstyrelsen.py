"""Appendix: the basis for Länsstyrelsen's SO survey (`report.lansstyrelsen`): the people who
started SO for the first time in the period, per expert, by sex and by teaching language."""

from __future__ import annotations

from datetime import date

from so_analysis.measure.figures import ALL
from so_analysis.measure.survey_languages import OTHER
from so_analysis.report.lansstyrelsen import TOTAL, published_basis
from so_analysis.report.publication.formatting import format_date
from so_analysis.report.publication.model import Publication, Report
from so_analysis.report.sections.base import (
    Footnotes,
    Heading,
    Row,
    Section,
    cell,
    footnotes,
    row,
    section,
    shown,
    table,
)


def reporting_year(start: date, end: date) -> str | None:
    """None when the period is a reporting year of the survey (1 October–30 September), else the
    last reporting year ending by the period's end, as a period ('2016-10-01..2017-09-30')."""
    if (start.month, start.day, end.month, end.day) == (10, 1, 9, 30) and (
        end.year == start.year + 1
    ):
        return None
    year = end.year if (end.month, end.day) >= (9, 30) else end.year - 1
    return f"{year - 1}-10-01..{year}-09-30"


def _rows(
    model: Publication, notes: Footnotes, labels: list[tuple[str, list]], total: int | None
) -> list[Row]:
    out = []
    for i, (label, cells) in enumerate(labels):
        out.append(
            row(
                label,
                [cell(shown(c, model, notes), num=True) for c in cells],
                total=i == total,
            )
        )
    return out


def lansstyrelsen_basis(report: Report, lang: str = "sv") -> Section:
    """The appendix with the basis for Länsstyrelsen's survey: the count, a table by sex (or a
    line when the data has no sex) and a table by teaching language, under disclosure control."""
    model = report.model(lang)
    t = model.t
    period = report.analysis.period
    start, end = format_date(period.start), format_date(period.end)
    notes = footnotes(model)
    basis = published_basis(report, lang)
    heading = Heading("lansstyrelsen", 2, t("lansstyrelsen.heading"))
    lines = [t("lansstyrelsen.intro", start=start, end=end)]
    everyone = model.cell(ALL, "n_first_starts")
    if everyone.ok:
        lines.append(t.n("lansstyrelsen.total_line", everyone.value, n=everyone.text))
    other = reporting_year(period.start, period.end)
    if other is not None:
        lines.append(t("lansstyrelsen.not_reporting_year", example=other))
    experts = [*model.expert_ids, ALL]
    tables = []
    after = []
    if basis.sex is None:
        after.append(t("lansstyrelsen.no_sex"))
    else:
        sex = basis.sex
        head = [
            t("lansstyrelsen.expert"),
            *(basis.sex_label(c, model) for c in sex.categories),
            t("lansstyrelsen.total"),
        ]
        labelled = [
            (model.name(pid), [sex.cell(model, pid, c) for c in (*sex.categories, TOTAL)])
            for pid in experts
        ]
        caption = t("lansstyrelsen.caption_sex", start=start, end=end)
        tables.append(table(caption, head, _rows(model, notes, labelled, len(experts) - 1)))
    language = basis.language
    head = [t("lansstyrelsen.language"), *(model.name(pid) for pid in experts)]
    labelled = [
        (basis.language_label(c, model), [language.cell(model, pid, c) for pid in experts])
        for c in language.categories
    ]
    labelled.append(
        (t("lansstyrelsen.total"), [language.cell(model, pid, TOTAL) for pid in experts])
    )
    caption = t("lansstyrelsen.caption_language", start=start, end=end)
    tables.append(table(caption, head, _rows(model, notes, labelled, len(labelled) - 1)))
    if OTHER in language.categories:
        after.append(t("lansstyrelsen.languages_note", min_n=model.min_n))
    return section(
        "lansstyrelsen.html", [heading], lines=lines, tables=tables, notes=notes, after=after
    )
