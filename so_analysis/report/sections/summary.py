"""The summary's sections: heading, key figures, Tabell 1, conclusions, follow-up, charts."""

from __future__ import annotations

from so_analysis.core.texts import texts
from so_analysis.measure.figures import ALL, JUDGED, RATE, SECTION_ORDER, SHARE, TOTALS
from so_analysis.measure.followup import follow_up_counts
from so_analysis.measure.targets import ENDED
from so_analysis.report import narrative
from so_analysis.report.publication.formatting import format_count, format_date, format_number
from so_analysis.report.publication.model import Publication, Report, kind
from so_analysis.report.publication.targets_text import dropouts_from_text
from so_analysis.report.sections.base import (
    Heading,
    Piece,
    Section,
    cell,
    footnotes,
    judgement_piece,
    row,
    section,
    shown,
    simple,
    table,
)
from so_analysis.report.sections.charts import summary_chart, targets_chart


def summary_heading(report: Report, lang: str = "sv") -> Section:
    """'Sammanfattning' and a line naming the municipality, the experts and the period."""
    model = report.model(lang)
    t, p = model.t, report.analysis.period
    meta = t.n(
        "sections.meta.summary",
        len(model.expert_ids),
        municipality=report.analysis.dataset.config.municipality,
        period=p.label,
        start=format_date(p.start),
        end=format_date(p.end),
        as_of=format_date(report.analysis.as_of),
    )
    heading = Heading("sammanfattning", 2, t("sections.headings.summary"))
    return section("heading.html", [heading], meta=meta)


def key_figures(report: Report, lang: str = "sv") -> Section:
    """All participants' counts and how many experts meet the lead-time target."""
    model = report.model(lang)
    t = model.t
    items = []
    for figure, key in (
        ("n_registered", "registered"),
        ("n_started", "started"),
        ("n_completed", "completed"),
        ("n_dropouts", "dropouts"),
        ("n_waiting", "waiting"),
    ):
        c = model.cell(ALL, figure)  # the word agrees with the count: '1 anmäld', '12 anmälda'
        word = t.n(f"sections.keyfigures.{key}", c.shown if c.ok else None, n=c.text)
        items.append((c.text, word))
    judged = [v for pid in model.expert_ids if (v := model.met(pid, "lead_time")) is not None]
    of = t("sections.keyfigures.of", met=sum(judged), n=len(judged))
    items.append((of, t.n("sections.keyfigures.lead_time_met", len(judged))))
    heading = Heading("nyckeltal", 3, t("sections.headings.key_figures"))
    return section("key_figures.html", [heading], items=items)


def tabell_1(report: Report, lang: str = "sv") -> Section:
    """Tabell 1: experts as rows; mean days to start and to complete, dropout rate, score."""
    model = report.model(lang)
    previous = report.previous(lang)
    t = model.t
    notes = footnotes(model)
    rows = []
    for pid in [*model.expert_ids, *TOTALS]:
        cells = []
        for param in JUDGED:
            figure = model.figure_of(param)
            pieces = [shown(model.cell(pid, figure), model, notes)]
            judgement = model.judgement(pid, param)
            if judgement is not None and judgement != ENDED:
                pieces += [Piece(" "), judgement_piece(model, judgement)]
            if previous is not None:
                pieces.append(_previous_piece(report, model, previous, pid, figure))
            cells.append(cell(*pieces, num=True))
        rows.append(row(model.name(pid), cells, total=pid in TOTALS))
    head = [t("sections.tabell_1.expert"), *[_column(model, p) for p in JUDGED]]
    caption = t("sections.table.caption_tabell_1", period=report.analysis.period.label)
    note = [
        t("sections.tabell_1.note_mean"),
        t("summary.note_targets", **model.target_values()),
    ]
    if model.ended:
        names = narrative.join([model.name(pid) for pid in model.ended], t)
        note.append(narrative.plural(t, "summary.note_ended", len(model.ended), names=names))
    note_from = dropouts_from_text(model.wording)
    if note_from:
        note.append(note_from)
    if previous is not None:
        note.append(t("sections.tabell_1.note_previous", period=previous_period_label(report)))
    heading = Heading("tabell-1", 3, t("sections.headings.tabell_1"))
    return section(
        "tabell_1.html",
        [heading],
        table=table(caption, head, rows),
        notes=notes,
        note=" ".join(note),
    )


def _column(model: Publication, param: str) -> str:
    """Tabell 1's heading of a parameter: the figure it is judged on."""
    if model.figure_of(param) == "dropout_rate_negative":
        return model.t("judgement.dropouts_negative_label")
    return model.t(f"sections.tabell_1.{param}")


def _previous_piece(
    report: Report, model: Publication, previous: Publication, provider_id: str, figure: str
) -> Piece:
    """'2016: 14,0 (−0,5)' under a Tabell 1 figure: the previous period's figure and the change.

    Either figure unpublished shows no change; an unpublished previous figure reads as in its
    own report. The change is between the figures as shown, so that it adds up for the reader.
    """
    t = model.t
    before, now = previous.cell(provider_id, figure), model.cell(provider_id, figure)
    text = t("sections.tabell_1.previous", period=previous_period_label(report), value=before.text)
    if before.ok and now.ok:
        change = signed_change(now.shown - before.shown, figure, model.lang)
        text += " " + t("sections.tabell_1.change", change=change)
    return Piece(text, "previous")


def previous_period_label(report: Report) -> str:
    return report.analysis.period.previous().label


def signed_change(change: float, figure: str, lang: str) -> str:
    """'+1,2', '−0,5', '±0,0'; a change in a rate is in percentage points ('−2,3 p.e.')."""
    if kind(figure) in (SHARE, RATE):
        text = format_number(abs(change) * 100, 1, lang) + " " + texts(lang)("sections.tabell_1.pp")
    else:
        text = format_number(abs(change), 1, lang)
    digits = text.split(" ")[0].replace(",", "").replace(".", "").strip("0")
    sign = "±" if not digits else ("+" if change > 0 else "−")
    return sign + text


def conclusions(report: Report, lang: str = "sv") -> Section:
    """The conclusions (narrative): per part a heading and its sentences, then what the
    municipality asks of whom (*Behov av utveckling*)."""
    t = report.model(lang).t
    heading = Heading("slutsatser", 3, t("sections.headings.conclusions"))
    return section(
        "conclusions.html", [heading], conclusions=narrative.conclusion_parts(report, lang)
    )


def summary_charts(report: Report, lang: str = "sv") -> Section:
    """One chart per parameter across all experts, with its target."""
    model = report.model(lang)
    t = model.t
    charts = [
        (t(f"sections.params.{param}"), summary_chart(model, param, report.analysis.period.label))
        for param in SECTION_ORDER
    ]
    over_time = targets_chart(report, lang)
    if over_time is not None:
        charts.append((t("sections.headings.targets_over_time"), over_time))
    heading = Heading("diagram", 3, t("sections.headings.charts"))
    return section("summary_charts.html", [heading], charts=charts)


def follow_up_summary(report: Report, lang: str = "sv") -> Section:
    """Per expert: last period's plan items followed up, done and overdue."""
    model = report.model(lang)
    t = model.t
    previous = previous_period_label(report)
    heading = Heading("uppfoljning", 3, t("sections.headings.follow_up_summary"))
    follow_up = report.analysis.follow_up
    if follow_up is None:
        return simple([heading], lines=[t("sections.plan.no_table")])
    if follow_up.empty:
        return simple([heading], lines=[t("sections.follow_up.no_items", period=previous)])
    counts = follow_up_counts(follow_up, model.expert_ids)
    rows = []
    for pid in model.expert_ids:
        c = counts.loc[pid]
        overdue = Piece(format_count(c["overdue"], lang), "overdue" if c["overdue"] > 0 else "")
        rows.append(
            row(
                model.name(pid),
                [
                    cell(format_count(c["items"], lang), num=True),
                    cell(format_count(c["done"], lang), num=True),
                    cell(overdue, num=True),
                ],
            )
        )
    total = counts.sum()
    rows.append(
        row(
            t("sections.quality.total"),
            [cell(format_count(total[k], lang), num=True) for k in ("items", "done", "overdue")],
            total=True,
        )
    )
    head = [
        t("sections.tabell_1.expert"),
        *[t(f"sections.follow_up.{k}") for k in ("items", "done", "overdue")],
    ]
    caption = t("sections.follow_up.caption_summary", period=previous)
    return simple([heading], table=table(caption, head, rows))
