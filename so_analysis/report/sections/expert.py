"""An expert's sections: heading, one section per parameter, authorization, follow-up, trend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from so_analysis.measure.figures import ALL, JUDGED, MEAN, SECTION_ORDER, TOTALS
from so_analysis.measure.followup import plan_items
from so_analysis.measure.targets import ENDED
from so_analysis.report import legal, narrative, sexes
from so_analysis.report.publication.breakdown import CLASS_FIGURES, hidden_reason_totals
from so_analysis.report.publication.disclosure import SUPPRESSED, TOO_FEW
from so_analysis.report.publication.formatting import format_count, format_date, is_missing
from so_analysis.report.publication.model import Publication, Report
from so_analysis.report.sections.base import (
    Footnotes,
    Heading,
    Piece,
    Section,
    Table,
    cell,
    footnotes,
    judgement_piece,
    row,
    section,
    sentence,
    shown,
    simple,
    slug,
    table,
)
from so_analysis.report.sections.charts import expert_chart
from so_analysis.report.sections.visit import parameter_notes, survey_table

# The development plan areas shown under each parameter.
PLAN_AREAS = {
    "lead_time": (),
    "duration": ("effektivitet",),
    "satisfaction": ("kundnojdhet",),
    "dropouts": ("avbrott",),
    "authorization": ("auktorisation", "ovrigt"),
}


@dataclass(frozen=True)
class Either:
    """A table, or the line said instead of it (no plan items, too few dropouts, …)."""

    text: str | None = None
    table: Table | None = None


@dataclass(frozen=True)
class Plans:
    """The plan items under a parameter: a table per area."""

    areas: tuple[Table, ...]


def expert_heading(report: Report, provider_id: str, lang: str = "sv") -> Section:
    """The expert's name as a level-2 heading (id: its slug) and a line with its participants."""
    model = report.model(lang)
    p = report.analysis.period

    def count(figure: str) -> str:
        return model.cell(provider_id, figure).text

    def counted(figure: str) -> str:
        """The count with its word: '1 anmäld', '12 anmälda' ('färre än 5 avbrott' when hidden)."""
        c = model.cell(provider_id, figure)
        key = f"sections.meta.{figure.removeprefix('n_')}"
        return model.t.n(key, c.shown if c.ok else None, n=c.text)

    meta = model.t(
        "sections.meta.expert",
        period=p.label,
        start=format_date(p.start),
        end=format_date(p.end),
        registered=counted("n_registered"),
        started=counted("n_started"),
        completed=counted("n_completed"),
        dropouts=counted("n_dropouts"),
        waiting=count("n_waiting"),
    )
    heading = Heading(slug(report, provider_id), 2, model.name(provider_id))
    return section("heading.html", [heading], meta=meta)


def _judgement_line(model: Publication, provider_id: str, param: str) -> tuple[Piece, ...]:
    """'Bedömning för X: uppfyllt.' ('brist under åtgärd', 'upphört'), or why it cannot be judged."""
    t = model.t
    judgement = model.judgement(provider_id, param)
    slots: dict[str, str | Piece] = {
        "name": model.name(provider_id),
        "judgement": judgement_piece(model, judgement),
    }
    if judgement == ENDED:
        slots["why"] = t("judgement.ended_why", date=format_date(model.ended[provider_id]))
        return sentence(t("judgement.line_none"), **slots)
    if judgement is None and param in SECTION_ORDER:
        status = model.cell(provider_id, model.figure_of(param)).status
        slots["why"] = model.status_note(status).rstrip(".")
        return sentence(t("judgement.line_none"), **slots)
    return sentence(t("judgement.line"), **slots)


def _results_table(
    model: Publication, provider_id: str, param: str, period: str, notes: Footnotes
) -> Table:
    t = model.t
    name = model.name(provider_id)
    head = [
        t("sections.table.measure"),
        t("sections.table.this_expert", name=name),
        model.name(MEAN),
        model.name(ALL),
    ]
    rows = [
        row(
            t(f"sections.rows.{figure}"),
            [
                cell(shown(model.cell(pid, figure), model, notes), num=True)
                for pid in (provider_id, *TOTALS)
            ],
        )
        for figure in model.rows(param)
    ]
    caption = t(
        "sections.table.caption_result",
        param=t(f"sections.params.{param}"),
        name=name,
        period=period,
    )
    return table(caption, head, rows)


def _reasons(report: Report, model: Publication, provider_id: str, notes: Footnotes) -> Either:
    """The dropouts by reason: a table, or the line saying why there is none."""
    t = model.t
    n = model.cell(provider_id, "n_dropouts").value
    if is_missing(n) or n == 0:
        return Either(t("sections.reasons_text.none"))
    # its reasons would give any of its classes: none hidden, or no table
    statuses = {model.cell(provider_id, f).status for f in CLASS_FIGURES.values()}
    status = TOO_FEW if TOO_FEW in statuses else SUPPRESSED if SUPPRESSED in statuses else None
    if status == TOO_FEW:
        return Either(t("sections.reasons_text.too_few", min_n=model.min_n))
    if status == SUPPRESSED:
        return Either(t("sections.reasons_text.suppressed", min_n=model.min_n))
    reasons = report.analysis.reasons
    mine = reasons[reasons["provider_id"] == provider_id]
    everyone = reasons[reasons["provider_id"] == ALL].set_index("reason")["n"]
    total_hidden = model.cell(ALL, "dropouts_not_given")
    hidden_totals = hidden_reason_totals(model, reasons)
    rows = []
    for r in mine.to_dict("records"):
        code = str(r["reason"])
        klass = r["reason_class"]
        klass_key = "none" if is_missing(klass) else klass
        if not total_hidden.ok:
            total = cell(total_hidden.text, num=True)
        elif code in hidden_totals:  # it would tell the counts of the experts with no table
            note = notes.mark(model.status_note(SUPPRESSED))
            total = cell(Piece(model.status_text(SUPPRESSED, count=True), "nodata", note), num=True)
        else:
            total = cell(format_count(everyone.get(code), model.lang), num=True)
        rows.append(
            row(
                t.get(f"sections.reasons.{code}", code),
                [
                    cell(t(f"sections.reason_classes.{klass_key}")),
                    cell(format_count(r["n"], model.lang), num=True),
                    total,
                ],
            )
        )
    caption = t(
        "sections.table.caption_reasons",
        name=model.name(provider_id),
        period=report.analysis.period.label,
    )
    head = [
        t("sections.table.reason"),
        t("sections.table.reason_class"),
        t("sections.table.count"),
        t("sections.table.count_all"),
    ]
    return Either(table=table(caption, head, rows))


def plan_status(value: Any, model: Publication) -> str:
    """A plan item's status as it reads ('pågår'); '–' when not given."""
    if is_missing(value):
        return model.t("sections.plan_status.none")
    return model.t.get(f"sections.plan_status.{value}", str(value))


def _plans(
    report: Report, model: Publication, provider_id: str, areas: Sequence[str]
) -> Plans | None:
    """The plan items of the period for `areas`, a table per area that has any; None when no
    area has one (no empty plan heading: the data-quality appendix says when the plans table
    itself is missing)."""
    t = model.t
    items = plan_items(report.analysis.dataset.plans, report.analysis.period.label)
    if items is None:
        return None
    mine = items[items["provider_id"] == provider_id]
    out = []
    for area in areas:
        rows = mine[mine["area"] == area]
        if rows.empty:
            continue
        body = [
            row(
                None,
                [
                    cell(_text(r.get("finding"))),
                    cell(_text(r.get("action"))),
                    cell(_text(r.get("responsible"))),
                    cell(format_date(r.get("due")), num=True),
                    cell(plan_status(r.get("status"), model)),
                ],
            )
            for r in rows.to_dict("records")
        ]
        label = t(f"sections.plan_areas.{area}")
        caption = t(
            "sections.table.caption_plan",
            period=report.analysis.period.label,
            area=label,
            name=model.name(provider_id),
        )
        head = [
            t(f"sections.plan.{k}") for k in ("finding", "action", "responsible", "due", "status")
        ]
        out.append(table(caption, head, body, "plan"))
    return Plans(tuple(out)) if out else None


def _text(value: Any) -> str:
    """Input text as shown: '–' when missing."""
    return "–" if is_missing(value) else str(value)


def parameter_section(report: Report, provider_id: str, param: str, lang: str = "sv") -> Section:
    """One parameter of one expert: results vs target and totals (for satisfaction the survey's
    questions too), a chart, the visit's notes on it, the plan items."""
    if param not in SECTION_ORDER:
        raise ValueError(f"parameter {param!r} is not one of {SECTION_ORDER}")
    model = report.model(lang)
    t = model.t
    notes = footnotes(model)
    period = report.analysis.period.label
    heading = Heading(f"{slug(report, provider_id)}-{param}", 3, t(f"sections.params.{param}"))
    # a completion offered fewer hours than the legal minimum is a finding of its own
    hours = legal.hours_below_line(report, model, provider_id) if param == "duration" else None
    by_sex = sexes.expert_line(report, provider_id, param, lang)  # women and men, a line
    return section(
        "parameter.html",
        [heading],
        results_title=t("sections.headings.results"),
        target=model.target_text(param),
        judgement=_judgement_line(model, provider_id, param),
        results=_results_table(model, provider_id, param, period, notes),
        findings=[line for line in (by_sex, hours) if line],
        survey=survey_table(report, provider_id, notes, lang) if param == "satisfaction" else None,
        reasons_title=t("sections.headings.reasons"),
        reasons=_reasons(report, model, provider_id, notes) if param == "dropouts" else None,
        chart=expert_chart(model, provider_id, param, period),
        notes=notes,
        visit=parameter_notes(report, provider_id, param, lang),
        plan_title=t("sections.headings.plan"),
        plans=_plans(report, model, provider_id, PLAN_AREAS[param]) if PLAN_AREAS[param] else None,
    )


def authorization_section(report: Report, provider_id: str, lang: str = "sv") -> Section:
    """The checklist as of `as_of`: requirements, deficiencies open and overdue, the plan items."""
    model = report.model(lang)
    t = model.t
    name = model.name(provider_id)
    as_of = format_date(report.analysis.as_of)
    heading = Heading(
        f"{slug(report, provider_id)}-authorization", 3, t("sections.params.authorization")
    )
    checklist = report.analysis.checklist
    context: dict[str, Any] = {"no_checklist": None, "no_rows": None, "table": None, "counts": None}
    if checklist is None:
        context["no_checklist"] = t("sections.status.note_no_checklist")
    else:
        mine = checklist[checklist["provider_id"] == provider_id]
        if mine.empty:
            context["no_rows"] = t("sections.checklist.no_rows", name=name)
        else:
            # the requirements met at the visit are counted, only the others are listed
            missed = mine[~mine["fulfilled"].astype(bool)]
            if not missed.empty:
                context["table"] = _checklist_table(missed, model, name, as_of)
            open_ = int(mine["open"].astype(bool).sum())
            overdue = int(mine["overdue"].astype(bool).sum())
            context["counts"] = " ".join(
                (
                    t("sections.checklist.met", n=len(mine) - len(missed), total=len(mine)),
                    t.n("sections.checklist.counts", open_, as_of=as_of, overdue=overdue),
                )
            )
    return section(
        "authorization.html",
        [heading],
        results_title=t("sections.headings.results"),
        target=model.target_text("authorization"),
        judgement=_judgement_line(model, provider_id, "authorization")
        if checklist is not None
        else None,
        plan_title=t("sections.headings.plan"),
        plans=_plans(report, model, provider_id, PLAN_AREAS["authorization"]),
        **context,
    )


def _checklist_table(rows: pd.DataFrame, model: Publication, name: str, as_of: str) -> Table:
    """The requirements not met at the visit: deadline, remedied, state as of `as_of`."""
    t = model.t
    day = pd.Timestamp(as_of)
    body = []
    for r in rows.to_dict("records"):
        remedied = r.get("remedied")
        if is_missing(remedied) or pd.Timestamp(remedied) > day:
            remedied = None  # remedied after the day the checklist is read: not yet
        if bool(r.get("ended", False)):  # closed: the authorization ended (docs/method.md §3.12)
            state = Piece(t("judgement.findings.checklist_ended"), "nodata")
        elif not bool(r["open"]):
            state = Piece(t("sections.checklist.state_remedied"), "met")
        elif bool(r["overdue"]):
            state = Piece(t("sections.checklist.state_overdue"), "overdue")
        else:
            state = Piece(t("sections.checklist.state_open"), "missed")
        body.append(
            row(
                None,
                [
                    cell(_text(r.get("requirement"))),
                    cell(format_date(r.get("deadline")), num=True),
                    cell(format_date(remedied), num=True),
                    cell(state),
                    cell(_text(r.get("comment"))),
                ],
            )
        )
    head = [
        t("sections.checklist.requirement"),
        t("sections.checklist.deadline"),
        t("sections.checklist.remedied"),
        t("sections.checklist.state", as_of=as_of),
        t("sections.checklist.comment"),
    ]
    caption = t("sections.table.caption_checklist", as_of=as_of, name=name)
    return table(caption, head, body, "deficiency")


def follow_up_section(report: Report, provider_id: str, lang: str = "sv") -> Section:
    """The previous period's plan items for this expert: status, follow-up, overdue or not."""
    model = report.model(lang)
    t = model.t
    previous = report.analysis.period.previous().label
    heading = Heading(f"{slug(report, provider_id)}-follow-up", 3, t("sections.headings.follow_up"))
    follow_up = report.analysis.follow_up
    if follow_up is None:
        return simple([heading], lines=[t("sections.plan.no_table")])
    mine = follow_up[follow_up["provider_id"] == provider_id]
    if mine.empty:
        return simple([heading], lines=[t("sections.follow_up.no_items", period=previous)])
    body = []
    for r in mine.to_dict("records"):
        area = t.get(f"sections.plan_areas.{r.get('area')}", str(r.get("area")))
        area = area[:1].upper() + area[1:]  # the labels are lower case for use in sentences
        status = [Piece(plan_status(r.get("status"), model)), Piece(" ")]
        if bool(r.get("overdue", False)):
            status.append(Piece(t("sections.follow_up.overdue_yes"), "overdue"))
        elif bool(r.get("ended", False)):
            status.append(Piece(t("judgement.findings.follow_up_ended"), "nodata"))
        body.append(
            row(
                None,
                [
                    cell(area),
                    cell(_text(r.get("action"))),
                    cell(format_date(r.get("due")), num=True),
                    cell(*status),
                    cell(_text(r.get("follow_up"))),
                ],
            )
        )
    head = [t(f"sections.plan.{k}") for k in ("area", "action", "due", "status", "follow_up")]
    caption = t("sections.follow_up.caption", period=previous, name=model.name(provider_id))
    done = int(mine["done"].astype(bool).sum()) if "done" in mine else 0
    overdue = int(mine["overdue"].astype(bool).sum()) if "overdue" in mine else 0
    counts = t(
        "sections.follow_up.counts",
        items=t.n("sections.follow_up.n_items", len(mine)),
        period=previous,
        done=t.n("sections.follow_up.n_done", done),
        overdue=t.n("sections.follow_up.n_overdue", overdue),
        as_of=format_date(report.analysis.as_of),
    )
    ended = int(mine["ended"].astype(bool).sum()) if "ended" in mine else 0
    lines = [counts, *([narrative.plural(t, "judgement.follow_up_ended", ended)] if ended else [])]
    return simple([heading], table=table(caption, head, body, "plan"), lines=lines)


def trend_section(report: Report, provider_id: str, lang: str = "sv") -> Section:
    """The expert's main figures per period of the same kind, published as each period's report."""
    model = report.model(lang)
    t = model.t
    heading = Heading(f"{slug(report, provider_id)}-trend", 3, t("sections.headings.trend"))
    history = report.analysis.history
    if history is None or history["period"].nunique() < 2:
        text = t("sections.trend.no_history", period=report.analysis.period.label)
        return simple([heading], lines=[text])
    notes = footnotes(model)
    figures = [model.figure_of(p) for p in JUDGED]
    body = []
    for label, frame in history.groupby("period", sort=False):
        then = Publication(
            frame.drop(columns="period").reset_index(drop=True),
            None,
            model.targets,
            model.min_n,
            lang,
            expert_ids=model.expert_ids,
        )
        cells = [cell(shown(then.cell(provider_id, f), then, notes), num=True) for f in figures]
        body.append(row(str(label), cells))
    head = [t("sections.trend.period"), *[t(f"columns.{f}") for f in figures]]
    caption = t("sections.trend.caption", name=model.name(provider_id))
    return simple([heading], table=table(caption, head, body), notes=notes)
