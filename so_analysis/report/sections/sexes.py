"""The summary's table of women and men (SPEC §7): per expert and for all participants."""

from __future__ import annotations

from so_analysis.measure.figures import ALL
from so_analysis.report import sexes
from so_analysis.report.publication.model import Report
from so_analysis.report.sections.base import (
    Heading,
    Section,
    cell,
    footnotes,
    row,
    shown,
    simple,
    table,
)


def women_and_men(report: Report, lang: str = "sv") -> Section:
    """'Kvinnor och män': each expert's figures by sex where any may be published, then all
    participants'; the experts left out named, and the differences the conclusions name."""
    model = report.model(lang)
    models = report.by_sex(lang)
    t = model.t
    notes = footnotes(model)
    heading = Heading("kvinnor-och-man", 3, t("sections.headings.women_and_men"))
    shown_ids = [pid for pid in model.expert_ids if sexes.published_by_sex(report, pid, lang)]
    left_out = [
        model.name(pid)
        for pid in model.expert_ids
        if pid not in shown_ids and sexes.occurring(report, pid)
    ]
    rows = []
    for pid in [*shown_ids, ALL]:
        for sex in sexes.occurring(report, pid):
            cells = [cell(t(f"sex.name.{sex}"))]
            cells += [
                cell(shown(models[sex].cell(pid, f), model, notes), num=True) for f in sexes.TABLE
            ]
            rows.append(row(model.name(pid), cells, total=pid == ALL))
    lines = [t("sections.by_sex.note", min_n=model.min_n)]
    if left_out:
        lines.append(t.n("sections.by_sex.left_out", len(left_out), names=t.join(left_out)))
    if not rows:
        return simple([heading], lines=[t("sections.by_sex.no_sex")])
    head = [
        t("sections.tabell_1.expert"),
        t("sections.by_sex.sex"),
        *[t(f"sections.by_sex.columns.{f}") for f in sexes.TABLE],
    ]
    caption = t("sections.by_sex.caption", period=report.analysis.period.label)
    return simple([heading], table(caption, head, rows, cls="by-sex"), notes, lines)
