"""The report's HTML fragments, one function per notebook cell; each emits its own headings.

Every string from the input data (names, plan text, requirements, comments) is escaped. Every
word shown to a reader comes from the locale files. A figure resting on fewer than `min_n`
observations shows as "för få (n<5)", a missing one as "–", each with a footnote saying why.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from types import SimpleNamespace

import pandas as pd

from so_analysis.core.texts import Texts, texts
from so_analysis.measure.followup import follow_up_counts
from so_analysis.measure.suppression import figure_status
from so_analysis.report import narrative, plots
from so_analysis.report.formatting import (
    format_count,
    format_date,
    format_number,
    format_percent,
    is_missing,
    round_half_away,
)

PARAMETERS = ("lead_time", "duration", "satisfaction", "dropouts")
MAIN_FIGURE = narrative.PARAMETER_FIGURES
TOTALS = ("_mean", "_all")
PLAN_AREAS = {
    "lead_time": (),
    "duration": ("effektivitet",),
    "satisfaction": ("kundnojdhet",),
    "dropouts": ("avbrott",),
    "authorization": ("auktorisation", "ovrigt"),
}
RESULT_ROWS = {
    "lead_time": (
        "lead_time_mean_days",
        "lead_time_median_days",
        "lead_time_within_target_share",
        "lead_time_n",
        "n_waiting",
        "waiting_mean_days",
    ),
    "duration": (
        "duration_mean_days",
        "duration_median_days",
        "duration_within_target_share",
        "duration_n",
    ),
    "satisfaction": ("satisfaction_mean", "satisfaction_n", "response_rate"),
    "dropouts": (
        "dropout_rate",
        "n_dropouts",
        "dropout_base_n",
        "dropouts_positive",
        "dropouts_neutral",
        "dropouts_negative",
        "dropouts_not_given",
    ),
}
# Counts of dropouts by class: shown only when the expert has at least min_n dropouts.
_REASON_COUNTS = (
    "dropouts_positive",
    "dropouts_neutral",
    "dropouts_negative",
    "dropouts_not_given",
)
_COUNTS = (
    "lead_time_n",
    "n_waiting",
    "duration_n",
    "satisfaction_n",
    "n_dropouts",
    "dropout_base_n",
    *_REASON_COUNTS,
)
_STATUS_NOTES = {
    "too_few": "note_too_few",
    "no_starts": "note_no_starts",
    "no_completions": "note_no_completions",
    "no_endings": "note_no_endings",
    "no_survey": "note_no_survey",
    "not_applicable": "note_not_applicable",
    "no_waiting": "note_no_waiting",
}


def esc(value: object) -> str:
    """Input text, escaped for HTML; missing as '–'."""
    if is_missing(value):
        return "–"
    return html.escape(str(value), quote=True)


class Footnotes:
    """Numbered footnotes, one per distinct reason, rendered as `<div class="footnotes">`."""

    def __init__(self, t: Texts, min_n: int):
        self.t = t
        self.min_n = min_n
        self.keys: list[str] = []

    def mark(self, status: str) -> str:
        key = _STATUS_NOTES.get(status, "note_missing")
        if key not in self.keys:
            self.keys.append(key)
        return f"<sup>{self.keys.index(key) + 1}</sup>"

    def html(self) -> str:
        if not self.keys:
            return ""
        items = "".join(
            f"<li>{esc(self.t(f'sections.status.{k}', min_n=self.min_n))}</li>" for k in self.keys
        )
        return (
            f'<div class="footnotes"><p>{esc(self.t("sections.status.footnotes"))}</p>'
            f"<ol>{items}</ol></div>"
        )


# ---------------------------------------------------------------- lookups


def _t(lang: str) -> Texts:
    return texts(lang)


def _min_n(analysis) -> int:
    return int(analysis.dataset.config.min_n)


def _targets(analysis):
    return analysis.dataset.config.targets


def _name(analysis, provider_id: str, lang: str) -> str:
    if provider_id in TOTALS:
        return _t(lang)(f"totals.{provider_id}")
    return analysis.dataset.provider_names().get(provider_id, provider_id)


def _slug(analysis, provider_id: str) -> str:
    return analysis.slugs.get(provider_id, provider_id)


def _value(analysis, provider_id: str, column: str) -> float:
    return narrative._value(analysis, provider_id, column)


def _status(analysis, provider_id: str, column: str) -> str:
    """'ok', or why the figure is not shown (the status frame's codes, plus our own)."""
    min_n = _min_n(analysis)
    value = _value(analysis, provider_id, column)
    if column in _COUNTS:
        if provider_id == "_mean":
            return "not_applicable"
        if column in _REASON_COUNTS:
            dropouts = _value(analysis, provider_id, "n_dropouts")
            if pd.notna(dropouts) and 0 < dropouts < min_n:
                return "too_few"
        return "ok" if pd.notna(value) else "missing"
    if column == "waiting_mean_days":
        waiting = _value(analysis, provider_id, "n_waiting")
        if provider_id != "_mean" and (pd.isna(waiting) or waiting == 0):
            return "no_waiting"
        if provider_id != "_mean" and waiting < min_n:
            return "too_few"
        return "ok" if pd.notna(value) else "missing"
    status = narrative._status(analysis, provider_id, column)
    if status == "ok" and pd.isna(value):
        return "missing"
    return status


def _cell_text(analysis, provider_id: str, column: str, lang: str, notes: Footnotes) -> str:
    """The published text of one figure: the number, or '–'/'för få' with a footnote mark."""
    status = _status(analysis, provider_id, column)
    if status == "ok":
        return esc(narrative.figure_formatter(column, lang)(_value(analysis, provider_id, column)))
    if status == "too_few":
        label = _t(lang)("sections.status.too_few", min_n=_min_n(analysis))
        return f'<span class="nodata">{esc(label)}</span>{notes.mark(status)}'
    return f'<span class="nodata">–</span>{notes.mark(status)}'


def _verdict_span(verdict, lang: str) -> str:
    t = _t(lang)
    if verdict is None:
        return f'<span class="nodata">{esc(t("sections.verdict.nodata"))}</span>'
    key, cls = ("met", "met") if verdict else ("missed", "missed")
    return f'<span class="{cls}">{esc(t(f"sections.verdict.{key}"))}</span>'


def _verdict(analysis, provider_id: str, param: str):
    """True/False/None, None also when the figure behind it may not be published."""
    if param in MAIN_FIGURE and _status(analysis, provider_id, MAIN_FIGURE[param]) != "ok":
        return None
    return narrative._assessed(analysis, provider_id, param)


def _num(x: float, lang: str) -> str:
    return format_number(x, 0 if float(x).is_integer() else 1, lang)


def _target_line(analysis, param: str, lang: str) -> str:
    t, tg = _t(lang), _targets(analysis)
    if param == "lead_time":
        text = t("sections.targets.lead_time", max=_num(tg.lead_time_max_days, lang))
    elif param == "duration":
        text = t(
            "sections.targets.duration",
            min=_num(tg.duration_min_days, lang),
            max=_num(tg.duration_max_days, lang),
            min_weeks=_num(tg.duration_min_days / 7, lang),
            max_weeks=_num(tg.duration_max_days / 7, lang),
        )
    elif param == "dropouts":
        text = t("sections.targets.dropouts", max=_pct(tg.dropout_rate_max, lang))
    elif param == "satisfaction":
        text = t("sections.targets.satisfaction", min=_score(tg.satisfaction_min, lang))
    else:
        text = t("sections.targets.authorization")
    return f'<p class="target">{esc(text)}</p>'


def _target_values(analysis, lang: str) -> dict[str, str]:
    """The targets as text, for the templates that name them (lead, dmin, dmax, rate, sat)."""
    tg = _targets(analysis)
    return {
        "lead": _num(tg.lead_time_max_days, lang),
        "dmin": _num(tg.duration_min_days, lang),
        "dmax": _num(tg.duration_max_days, lang),
        "rate": _pct(tg.dropout_rate_max, lang),
        "sat": _score(tg.satisfaction_min, lang),
    }


def _pct(x: float, lang: str) -> str:
    return format_percent(x, 0 if float(x * 100).is_integer() else 1, lang)


def _score(x: float, lang: str) -> str:
    return format_number(x, 1, lang)


def _verdict_line(analysis, provider_id: str, param: str, lang: str) -> str:
    t = _t(lang)
    verdict = _verdict(analysis, provider_id, param)
    name = esc(_name(analysis, provider_id, lang))
    span = _verdict_span(verdict, lang)
    if verdict is None and param in MAIN_FIGURE:
        status = _status(analysis, provider_id, MAIN_FIGURE[param])
        why = t(
            f"sections.status.{_STATUS_NOTES.get(status, 'note_missing')}", min_n=_min_n(analysis)
        )
        text = t("sections.verdict.line_nodata", name="\x00", verdict="\x01", why="\x02")
        return (
            "<p>"
            + esc(text)
            .replace("\x00", name)
            .replace("\x01", span)
            .replace("\x02", esc(why.rstrip(".")))
            + "</p>"
        )
    text = t("sections.verdict.line", name="\x00", verdict="\x01")
    return "<p>" + esc(text).replace("\x00", name).replace("\x01", span) + "</p>"


def _table(caption: str, head: Sequence[str], rows: Iterable[str], cls: str = "") -> str:
    """A table: `caption` and `head` are plain text (escaped here), rows are ready `<tr>` HTML."""
    klass = f' class="{cls}"' if cls else ""
    ths = "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
    return (
        f"<table{klass}><caption>{esc(caption)}</caption>"
        f"<thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _row(header: str, cells: Sequence[str], total: bool = False, num: bool = True) -> str:
    klass = ' class="total"' if total else ""
    tds = "".join(f'<td class="num">{c}</td>' if num else f"<td>{c}</td>" for c in cells)
    return f'<tr{klass}><th scope="row">{header}</th>{tds}</tr>'


# ---------------------------------------------------------------- expert sections


def expert_heading(analysis, provider_id: str, lang: str = "sv") -> str:
    """`<h2 id=slug>name</h2>` and a line with the period and the expert's participants."""
    t = _t(lang)
    p = analysis.period

    def count(column: str) -> str:
        return format_count(_value(analysis, provider_id, column), lang)

    meta = t(
        "sections.meta.expert",
        period=p.label,
        start=format_date(p.start),
        end=format_date(p.end),
        registered=count("n_registered"),
        started=count("n_started"),
        completed=count("n_completed"),
        dropouts=count("n_dropouts"),
        waiting=count("n_waiting"),
    )
    return (
        f'<h2 id="{esc(_slug(analysis, provider_id))}">{esc(_name(analysis, provider_id, lang))}'
        f'</h2><p class="meta">{esc(meta)}</p>'
    )


def _results_table(analysis, provider_id: str, param: str, lang: str, notes: Footnotes) -> str:
    t = _t(lang)
    name = _name(analysis, provider_id, lang)
    head = [
        t("sections.table.measure"),
        t("sections.table.this_expert", name=name),
        t("totals._mean"),
        t("totals._all"),
    ]
    rows = []
    for column in RESULT_ROWS[param]:
        cells = [_cell_text(analysis, pid, column, lang, notes) for pid in (provider_id, *TOTALS)]
        rows.append(_row(esc(t(f"sections.rows.{column}")), cells))
    caption = t(
        "sections.table.caption_result",
        param=t(f"sections.params.{param}"),
        name=name,
        period=analysis.period.label,
    )
    return _table(caption, head, rows)


def _hidden(analysis, column: str, lang: str) -> dict[str, str]:
    """Providers whose figure may not be drawn, with the note drawn instead."""
    label = _t(lang)("sections.status.too_few", min_n=_min_n(analysis))
    return {
        pid: label
        for pid in [*analysis.expert_ids, *TOTALS]
        if _status(analysis, pid, column) == "too_few"
    }


def _chart_spec(analysis, param: str, lang: str):
    """(column, target, target kind, scale, decimals, axis label) for a parameter's chart."""
    tg = _targets(analysis)
    t = _t(lang)
    column = MAIN_FIGURE[param]
    if param == "lead_time":
        return column, tg.lead_time_max_days, "max", 1.0, 1, t("charts.units_days")
    if param == "duration":
        target = (tg.duration_min_days, tg.duration_max_days)
        return column, target, "range", 1.0, 1, t("charts.units_days")
    if param == "dropouts":
        return column, tg.dropout_rate_max, "max", 100.0, 1, t("charts.units_percent")
    return column, tg.satisfaction_min, "min", 1.0, 1, t("charts.units_score")


def _chart_values_text(analysis, ids: Sequence[str], column: str, lang: str) -> str:
    parts = []
    too_few = _t(lang)("sections.status.too_few", min_n=_min_n(analysis))
    fmt = narrative.figure_formatter(column, lang)
    for pid in ids:
        status = _status(analysis, pid, column)
        if status == "ok":
            value = fmt(_value(analysis, pid, column))
        elif status == "too_few":
            value = too_few
        else:
            value = _t(lang)("charts.missing")
        parts.append(f"{_name(analysis, pid, lang)} {value}")
    return "; ".join(parts)


def _expert_chart(analysis, provider_id: str, param: str, lang: str) -> str:
    t = _t(lang)
    column, target, kind, scale, decimals, unit = _chart_spec(analysis, param, lang)
    names = analysis.dataset.provider_names()
    fig = plots.expert_comparison(
        analysis.indicators,
        column,
        provider_id,
        target,
        unit,
        names,
        lang=lang,
        scale=scale,
        decimals=decimals,
        hidden=_hidden(analysis, column, lang),
    )
    experts = analysis.expert_ids
    ids = experts if len(experts) <= plots.MAX_BARS else [provider_id]
    title = t(f"charts.titles.{param}")
    alt = t(
        "charts.alt_bars",
        title=title,
        values=_chart_values_text(analysis, [*ids, *TOTALS], column, lang),
        target=plots.target_text(target, kind, lang, scale, decimals),
    )
    caption = t(
        "charts.caption_expert",
        title=title,
        name=_name(analysis, provider_id, lang),
        period=analysis.period.label,
    )
    return plots.figure_html(fig, alt, caption)


def _reasons_table(analysis, provider_id: str, lang: str) -> str:
    t = _t(lang)
    min_n = _min_n(analysis)
    n = _value(analysis, provider_id, "n_dropouts")
    heading = f"<h5>{esc(t('sections.headings.reasons'))}</h5>"
    if pd.isna(n) or n == 0:
        return heading + f"<p>{esc(t('sections.reasons_text.none'))}</p>"
    if n < min_n:
        return heading + f"<p>{esc(t('sections.reasons_text.too_few', min_n=min_n))}</p>"
    reasons = analysis.reasons
    mine = reasons[reasons["provider_id"] == provider_id]
    everyone = reasons[reasons["provider_id"] == "_all"].set_index("reason")["n"]
    rows = []
    for _, r in mine.iterrows():
        code = str(r["reason"])
        label = t.get(f"sections.reasons.{code}", code)
        cls = r["reason_class"]
        cls_label = t(
            f"sections.reason_classes.{cls}"
            if not is_missing(cls)
            else "sections.reason_classes.none"
        )
        total = everyone.get(code)
        rows.append(
            f'<tr><th scope="row">{esc(label)}</th><td>{esc(cls_label)}</td>'
            f'<td class="num">{format_count(r["n"], lang)}</td>'
            f'<td class="num">{format_count(total, lang)}</td></tr>'
        )
    caption = t(
        "sections.table.caption_reasons",
        name=_name(analysis, provider_id, lang),
        period=analysis.period.label,
    )
    head = [
        t("sections.table.reason"),
        t("sections.table.reason_class"),
        t("sections.table.count"),
        t("sections.table.count_all"),
    ]
    return _table(caption, head, rows)


def _plan_items(analysis) -> pd.DataFrame | None:
    plans = analysis.dataset.plans
    if plans is None:
        return None
    return plans[plans["period"].astype(str) == analysis.period.label]


def _plan_status(value, lang: str) -> str:
    t = _t(lang)
    if is_missing(value):
        return t("sections.plan_status.none")
    return t.get(f"sections.plan_status.{value}", str(value))


def _plans_html(analysis, provider_id: str, areas: Sequence[str], lang: str) -> str:
    """The development plan items of the period for `areas` (h4 + a table or a line each)."""
    t = _t(lang)
    out = [f"<h4>{esc(t('sections.headings.plan'))}</h4>"]
    items = _plan_items(analysis)
    if items is None:
        out.append(f"<p>{esc(t('sections.plan.no_table'))}</p>")
        return "".join(out)
    mine = items[items["provider_id"] == provider_id]
    name = _name(analysis, provider_id, lang)
    for area in areas:
        rows = mine[mine["area"] == area]
        area_label = t(f"sections.plan_areas.{area}")
        if rows.empty:
            text = t("sections.plan.no_items", area=area_label, period=analysis.period.label)
            out.append(f"<p>{esc(text)}</p>")
            continue
        body = []
        for _, r in rows.iterrows():
            body.append(
                f"<tr><td>{esc(r.get('finding'))}</td><td>{esc(r.get('action'))}</td>"
                f"<td>{esc(r.get('responsible'))}</td>"
                f'<td class="num">{esc(format_date(r.get("due")))}</td>'
                f"<td>{esc(_plan_status(r.get('status'), lang))}</td></tr>"
            )
        caption = t(
            "sections.table.caption_plan", period=analysis.period.label, area=area_label, name=name
        )
        head = [
            t(f"sections.plan.{k}") for k in ("finding", "action", "responsible", "due", "status")
        ]
        out.append(_table(caption, head, body, "plan"))
    return "".join(out)


def parameter_section(analysis, provider_id: str, param: str, lang: str = "sv") -> str:
    """One parameter of one expert: results vs target and totals, a chart, the plan items."""
    if param not in PARAMETERS:
        raise ValueError(f"parameter {param!r} is not one of {PARAMETERS}")
    t = _t(lang)
    notes = Footnotes(t, _min_n(analysis))
    slug = _slug(analysis, provider_id)
    parts = [
        f'<h3 id="{esc(slug)}-{param}">{esc(t(f"sections.params.{param}"))}</h3>',
        f"<h4>{esc(t('sections.headings.results'))}</h4>",
        _target_line(analysis, param, lang),
        _verdict_line(analysis, provider_id, param, lang),
        _results_table(analysis, provider_id, param, lang, notes),
    ]
    if param == "dropouts":
        parts.append(_reasons_table(analysis, provider_id, lang))
    parts.append(_expert_chart(analysis, provider_id, param, lang))
    parts.append(notes.html())
    if PLAN_AREAS[param]:
        parts.append(_plans_html(analysis, provider_id, PLAN_AREAS[param], lang))
    return "".join(parts)


def authorization_section(analysis, provider_id: str, lang: str = "sv") -> str:
    """The checklist as of `as_of`: requirements, deficiencies open and overdue, the plan items."""
    t = _t(lang)
    slug = _slug(analysis, provider_id)
    name = _name(analysis, provider_id, lang)
    as_of = format_date(analysis.as_of)
    parts = [
        f'<h3 id="{esc(slug)}-authorization">{esc(t("sections.params.authorization"))}</h3>',
        f"<h4>{esc(t('sections.headings.results'))}</h4>",
        _target_line(analysis, "authorization", lang),
    ]
    checklist = analysis.checklist
    if checklist is None:
        parts.append(
            f'<p><span class="nodata">{esc(t("sections.status.note_no_checklist"))}</span></p>'
        )
    else:
        parts.append(_verdict_line(analysis, provider_id, "authorization", lang))
        mine = checklist[checklist["provider_id"] == provider_id]
        if mine.empty:
            parts.append(f"<p>{esc(t('sections.checklist.no_rows', name=name))}</p>")
        else:
            parts.append(_checklist_table(mine, name, as_of, lang))
            open_ = int(mine["open"].astype(bool).sum())
            overdue = int(mine["overdue"].astype(bool).sum())
            counts = t("sections.checklist.counts", as_of=as_of, open=open_, overdue=overdue)
            parts.append(f"<p>{esc(counts)}</p>")
    parts.append(_plans_html(analysis, provider_id, PLAN_AREAS["authorization"], lang))
    return "".join(parts)


def _checklist_table(rows: pd.DataFrame, name: str, as_of: str, lang: str) -> str:
    t = _t(lang)
    day = pd.Timestamp(as_of)
    body = []
    for _, r in rows.iterrows():
        remedied = r.get("remedied")
        if is_missing(remedied) or pd.Timestamp(remedied) > day:
            remedied = None  # remedied after the day the checklist is read: not yet
        fulfilled = bool(r["fulfilled"])
        if fulfilled:
            state = f'<span class="met">{esc(t("sections.checklist.state_ok"))}</span>'
        elif not bool(r["open"]):
            state = f'<span class="met">{esc(t("sections.checklist.state_remedied"))}</span>'
        elif bool(r["overdue"]):
            state = f'<span class="overdue">{esc(t("sections.checklist.state_overdue"))}</span>'
        else:
            state = f'<span class="missed">{esc(t("sections.checklist.state_open"))}</span>'
        yes_no = t("sections.checklist.yes") if fulfilled else t("sections.checklist.no")
        body.append(
            f"<tr><td>{esc(r.get('requirement'))}</td><td>{esc(yes_no)}</td>"
            f'<td class="num">{esc(format_date(r.get("deadline")))}</td>'
            f'<td class="num">{esc(format_date(remedied))}</td>'
            f"<td>{state}</td><td>{esc(r.get('comment'))}</td></tr>"
        )
    head = [
        t("sections.checklist.requirement"),
        t("sections.checklist.fulfilled"),
        t("sections.checklist.deadline"),
        t("sections.checklist.remedied"),
        t("sections.checklist.state", as_of=as_of),
        t("sections.checklist.comment"),
    ]
    caption = t("sections.table.caption_checklist", as_of=as_of, name=name)
    return _table(caption, head, body, "deficiency")


def follow_up_section(analysis, provider_id: str, lang: str = "sv") -> str:
    """The previous period's plan items for this expert: status, follow-up, overdue or not."""
    t = _t(lang)
    slug = _slug(analysis, provider_id)
    previous = analysis.period.previous().label
    parts = [f'<h3 id="{esc(slug)}-follow-up">{esc(t("sections.headings.follow_up"))}</h3>']
    follow_up = getattr(analysis, "follow_up", None)
    if follow_up is None:
        parts.append(f"<p>{esc(t('sections.plan.no_table'))}</p>")
        return "".join(parts)
    mine = follow_up[follow_up["provider_id"] == provider_id]
    if mine.empty:
        parts.append(f"<p>{esc(t('sections.follow_up.no_items', period=previous))}</p>")
        return "".join(parts)
    body = []
    for _, r in mine.iterrows():
        area = t.get(f"sections.plan_areas.{r.get('area')}", str(r.get("area")))
        area = area[:1].upper() + area[1:]  # the labels are lower case for use in sentences
        late = (
            f'<span class="overdue">{esc(t("sections.follow_up.overdue_yes"))}</span>'
            if bool(r.get("overdue", False))
            else ""
        )
        body.append(
            f"<tr><td>{esc(area)}</td><td>{esc(r.get('action'))}</td>"
            f'<td class="num">{esc(format_date(r.get("due")))}</td>'
            f"<td>{esc(_plan_status(r.get('status'), lang))} {late}</td>"
            f"<td>{esc(r.get('follow_up'))}</td></tr>"
        )
    head = [t(f"sections.plan.{k}") for k in ("area", "action", "due", "status", "follow_up")]
    caption = t(
        "sections.follow_up.caption", period=previous, name=_name(analysis, provider_id, lang)
    )
    parts.append(_table(caption, head, body, "plan"))
    counts = t(
        "sections.follow_up.counts",
        items=len(mine),
        period=previous,
        done=int(mine["done"].astype(bool).sum()) if "done" in mine else 0,
        overdue=int(mine["overdue"].astype(bool).sum()) if "overdue" in mine else 0,
        as_of=format_date(analysis.as_of),
    )
    parts.append(f"<p>{esc(counts)}</p>")
    return "".join(parts)


def trend_section(analysis, provider_id: str, lang: str = "sv") -> str:
    """The expert's main figures per period of the same kind, suppressed like the rest."""
    t = _t(lang)
    slug = _slug(analysis, provider_id)
    parts = [f'<h3 id="{esc(slug)}-trend">{esc(t("sections.headings.trend"))}</h3>']
    history = getattr(analysis, "history", None)
    if history is None or history["period"].nunique() < 2:
        parts.append(f"<p>{esc(t('sections.trend.no_history', period=analysis.period.label))}</p>")
        return "".join(parts)
    notes = Footnotes(t, _min_n(analysis))
    columns = list(MAIN_FIGURE.values())
    too_few = t("sections.status.too_few", min_n=_min_n(analysis))
    body = []
    for label, frame in history.groupby("period", sort=False):
        frame = frame.drop(columns="period").reset_index(drop=True)
        status = figure_status(frame, _min_n(analysis))
        row = frame[frame["provider_id"] == provider_id]
        cells = []
        for column in columns:
            value = row[column].iloc[0] if len(row) else float("nan")
            s = status.at[provider_id, column] if provider_id in status.index else "missing"
            if s == "ok" and pd.notna(value):
                cells.append(esc(narrative.figure_formatter(column, lang)(value)))
            elif s == "too_few":
                cells.append(f'<span class="nodata">{esc(too_few)}</span>{notes.mark(s)}')
            else:
                cells.append(f'<span class="nodata">–</span>{notes.mark(s)}')
        body.append(_row(esc(label), cells))
    head = [t("sections.trend.period"), *[t(f"columns.{c}") for c in columns]]
    caption = t("sections.trend.caption", name=_name(analysis, provider_id, lang))
    parts.append(_table(caption, head, body))
    parts.append(notes.html())
    return "".join(parts)


# ---------------------------------------------------------------- summary


def summary_heading(analysis, lang: str = "sv") -> str:
    t = _t(lang)
    p = analysis.period
    meta = t(
        "sections.meta.summary",
        municipality=analysis.dataset.config.municipality,
        n_experts=len(analysis.expert_ids),
        period=p.label,
        start=format_date(p.start),
        end=format_date(p.end),
        as_of=format_date(analysis.as_of),
    )
    return (
        f'<h2 id="sammanfattning">{esc(t("sections.headings.summary"))}</h2>'
        f'<p class="meta">{esc(meta)}</p>'
    )


def key_figures(analysis, lang: str = "sv") -> str:
    t = _t(lang)
    items = []
    for column, key in (
        ("n_registered", "registered"),
        ("n_started", "started"),
        ("n_completed", "completed"),
        ("n_dropouts", "dropouts"),
        ("n_waiting", "waiting"),
    ):
        value = format_count(_value(analysis, "_all", column), lang)
        items.append(
            f"<li><strong>{esc(value)}</strong> {esc(t(f'sections.keyfigures.{key}'))}</li>"
        )
    met = [_verdict(analysis, pid, "lead_time") for pid in analysis.expert_ids]
    judged = [v for v in met if v is not None]
    of = t("sections.keyfigures.of", met=sum(judged), n=len(judged))
    items.append(
        f"<li><strong>{esc(of)}</strong> {esc(t('sections.keyfigures.lead_time_met'))}</li>"
    )
    return (
        f'<h3 id="nyckeltal">{esc(t("sections.headings.key_figures"))}</h3>'
        f'<ul class="keyfigures">{"".join(items)}</ul>'
    )


def tabell_1(analysis, lang: str = "sv") -> str:
    """Tabell 1: experts as rows; mean days to start and to complete, dropout rate, score."""
    t = _t(lang)
    notes = Footnotes(t, _min_n(analysis))
    params = ("lead_time", "duration", "dropouts", "satisfaction")
    previous = _previous_view(analysis)
    rows = []
    for pid in [*analysis.expert_ids, *TOTALS]:
        cells = []
        for param in params:
            text = _cell_text(analysis, pid, MAIN_FIGURE[param], lang, notes)
            verdict = _verdict(analysis, pid, param)
            if verdict is not None:
                text += " " + _verdict_span(verdict, lang)
            if previous is not None:
                text += _previous_text(analysis, previous, pid, MAIN_FIGURE[param], lang)
            cells.append(text)
        rows.append(_row(esc(_name(analysis, pid, lang)), cells, total=pid in TOTALS))
    head = [t("sections.tabell_1.expert"), *[t(f"sections.tabell_1.{p}") for p in params]]
    caption = t("sections.table.caption_tabell_1", period=analysis.period.label)
    target_note = t("sections.tabell_1.note_targets", **_target_values(analysis, lang))
    change_note = ""
    if previous is not None:
        change_note = " " + t(
            "sections.tabell_1.note_previous", period=analysis.period.previous().label
        )
    return (
        f'<h3 id="tabell-1">{esc(t("sections.headings.tabell_1"))}</h3>'
        + _table(caption, head, rows)
        + notes.html()
        + f'<p class="meta">{esc(t("sections.tabell_1.note_mean"))} {esc(target_note)}'
        + f"{esc(change_note)}</p>"
    )


def _previous_view(analysis) -> SimpleNamespace | None:
    """The previous period's figures, shaped like an analysis for `_status` and `_value`."""
    previous = getattr(analysis, "previous", None)
    if previous is None:
        return None
    return SimpleNamespace(
        indicators=previous,
        status=figure_status(previous, _min_n(analysis)),
        dataset=analysis.dataset,
    )


def _previous_text(analysis, previous, provider_id: str, column: str, lang: str) -> str:
    """'2016: 14,0 (−0,5)' under a Tabell 1 figure: the previous period's figure and the change.

    Either figure unpublished (missing, too few) shows no change; a suppressed previous figure
    reads as in its own report."""
    t = _t(lang)
    label = previous_period_label(analysis)
    status = _status(previous, provider_id, column)
    if status == "ok":
        before = _value(previous, provider_id, column)
        shown = narrative.figure_formatter(column, lang)(before)
    elif status == "too_few":
        shown = t("sections.status.too_few", min_n=_min_n(analysis))
    else:
        shown = "–"
    text = t("sections.tabell_1.previous", period=label, value=shown)
    if status == "ok" and _status(analysis, provider_id, column) == "ok":
        # the change between the figures as shown, so that it adds up for the reader
        now, before = (
            _shown_value(_value(a, provider_id, column), column) for a in (analysis, previous)
        )
        change = now - before
        text += " " + t("sections.tabell_1.change", change=signed_change(change, column, lang))
    return f'<span class="previous">{esc(text)}</span>'


def previous_period_label(analysis) -> str:
    return analysis.period.previous().label


def _is_rate(column: str) -> bool:
    return column in ("dropout_rate", "response_rate") or column.endswith("_share")


def _shown_value(value: float, column: str) -> float:
    """A figure rounded as Tabell 1 shows it: one decimal, rates as fractions of 0.1 %."""
    if _is_rate(column):
        return round_half_away(value * 100, 1) / 100
    return round_half_away(value, 1)


def signed_change(change: float, column: str, lang: str) -> str:
    """'+1,2', '−0,5', '±0,0'; a change in a rate is in percentage points ('−2,3 p.e.')."""
    if _is_rate(column):
        text = format_number(abs(change) * 100, 1, lang) + " " + _t(lang)("sections.tabell_1.pp")
    else:
        text = format_number(abs(change), 1, lang)
    rounded = text.split(" ")[0].replace(",", "").replace(".", "").strip("0")
    sign = "±" if not rounded else ("+" if change > 0 else "−")
    return sign + text


def conclusions(analysis, lang: str = "sv") -> str:
    t = _t(lang)
    items = "".join(f"<li>{esc(s)}</li>" for s in narrative.conclusions(analysis, lang))
    return f'<h3 id="slutsatser">{esc(t("sections.headings.conclusions"))}</h3><ul>{items}</ul>'


def summary_charts(analysis, lang: str = "sv") -> str:
    t = _t(lang)
    parts = [f'<h3 id="diagram">{esc(t("sections.headings.charts"))}</h3>']
    names = analysis.dataset.provider_names()
    for param in PARAMETERS:
        column, target, kind, scale, decimals, unit = _chart_spec(analysis, param, lang)
        title = t(f"charts.titles.{param}")
        fig = plots.summary_chart(
            analysis.indicators,
            column,
            target,
            label=unit,
            names=names,
            lang=lang,
            scale=scale,
            decimals=decimals,
            hidden=_hidden(analysis, column, lang),
        )
        target_text = plots.target_text(target, kind, lang, scale, decimals)
        experts = analysis.expert_ids
        if len(experts) <= plots.MAX_BARS:
            alt = t(
                "charts.alt_bars",
                title=title,
                values=_chart_values_text(analysis, [*experts, *TOTALS], column, lang),
                target=target_text,
            )
        else:
            fmt = narrative.figure_formatter(column, lang)
            alt = t(
                "charts.alt_hist",
                title=title,
                n=len(experts),
                name_part="",
                mean=fmt(_value(analysis, "_mean", column)),
                all=fmt(_value(analysis, "_all", column)),
                target=target_text,
            )
        caption = t("charts.caption_summary", title=title, period=analysis.period.label)
        parts.append(f"<h4>{esc(t(f'sections.params.{param}'))}</h4>")
        parts.append(plots.figure_html(fig, alt, caption))
    return "".join(parts)


def follow_up_summary(analysis, lang: str = "sv") -> str:
    """Per expert: last period's plan items followed up, done and overdue."""
    t = _t(lang)
    previous = analysis.period.previous().label
    parts = [f'<h3 id="uppfoljning">{esc(t("sections.headings.follow_up_summary"))}</h3>']
    follow_up = getattr(analysis, "follow_up", None)
    if follow_up is None:
        parts.append(f"<p>{esc(t('sections.plan.no_table'))}</p>")
        return "".join(parts)
    if follow_up.empty:
        parts.append(f"<p>{esc(t('sections.follow_up.no_items', period=previous))}</p>")
        return "".join(parts)
    counts = follow_up_counts(follow_up, analysis.expert_ids)
    rows = []
    for pid in analysis.expert_ids:
        c = counts.loc[pid]
        overdue = format_count(c["overdue"], lang)
        if c["overdue"] > 0:
            overdue = f'<span class="overdue">{overdue}</span>'
        rows.append(
            _row(
                esc(_name(analysis, pid, lang)),
                [format_count(c["items"], lang), format_count(c["done"], lang), overdue],
            )
        )
    total = counts.sum()
    rows.append(
        _row(
            esc(t("sections.quality.total")),
            [format_count(total[k], lang) for k in ("items", "done", "overdue")],
            total=True,
        )
    )
    head = [
        t("sections.tabell_1.expert"),
        *[t(f"sections.follow_up.{k}") for k in ("items", "done", "overdue")],
    ]
    parts.append(_table(t("sections.follow_up.caption_summary", period=previous), head, rows))
    return "".join(parts)


def data_quality(analysis, lang: str = "sv") -> str:
    """Records left out by rule and expert, dropouts without a reason, missing optional tables."""
    t = _t(lang)
    parts = [
        f'<h2 id="datakvalitet">{esc(t("sections.headings.data_quality"))}</h2>',
        f"<p>{esc(t('sections.quality.intro'))}</p>",
    ]
    quality = analysis.quality
    shown = quality[quality["n"] > 0] if quality is not None and not quality.empty else None
    if shown is None or shown.empty:
        parts.append(f"<p>{esc(t('sections.quality.none'))}</p>")
    else:
        rows = []
        for rule, group in shown.groupby("rule", sort=False):
            rule_label = t.get(f"sections.quality.rules.{rule}", str(rule))
            excluded = bool(group["excluded"].iloc[0])
            handling = t("sections.quality.excluded" if excluded else "sections.quality.counted")
            for _, r in group.iterrows():
                rows.append(
                    f"<tr><td>{esc(rule_label)}</td>"
                    f"<td>{esc(_name(analysis, str(r['provider_id']), lang))}</td>"
                    f"<td>{esc(handling)}</td>"
                    f'<td class="num">{format_count(r["n"], lang)}</td></tr>'
                )
            if len(group) > 1:
                rows.append(
                    f'<tr class="total"><td>{esc(rule_label)}</td>'
                    f"<td>{esc(t('sections.quality.total'))}</td><td>{esc(handling)}</td>"
                    f'<td class="num">{format_count(group["n"].sum(), lang)}</td></tr>'
                )
        head = [
            t("sections.quality.rule"),
            t("columns.provider"),
            t("sections.quality.handling"),
            t("sections.table.count"),
        ]
        parts.append(_table(t("sections.quality.caption"), head, rows))
    ds = analysis.dataset
    missing = [
        t(f"sections.quality.tables.{name}")
        for name in ("survey", "checklist", "plans")
        if getattr(ds, name, None) is None
    ]
    if missing:
        parts.append(
            f"<p>{esc(t('sections.quality.missing_tables', tables=', '.join(missing)))}</p>"
        )
    else:
        parts.append(f"<p>{esc(t('sections.quality.all_tables'))}</p>")
    note = getattr(ds.config, "data_note", "")
    if note:
        parts.append(f"<p>{esc(t('sections.quality.note', note=note))}</p>")
    return "".join(parts)


def method_appendix(analysis, lang: str = "sv") -> str:
    """Definitions (SPEC §3), targets from the config, suppression, the legal frame, 8 blocks."""
    t = _t(lang)
    config = analysis.dataset.config
    reasons = config.reasons

    def labels(codes: Iterable[str]) -> str:
        return ", ".join(t.get(f"sections.reasons.{c}", c).lower() for c in codes)

    p = [
        t("method.intro"),
    ]
    definitions = [
        t("method.counts"),
        t("method.lead_time"),
        t("method.duration"),
        t("method.waiting"),
        t(
            "method.dropouts",
            positive=labels(reasons.positive),
            neutral=labels(reasons.neutral),
            negative=labels(reasons.negative),
        ),
        t("method.derived"),
        t("method.excluded"),
        t("method.satisfaction"),
        t("method.checklist", as_of=format_date(analysis.as_of)),
        t("method.means"),
        t("method.suppression", min_n=config.min_n),
        t("method.rounding"),
    ]
    targets = t("method.targets", **_target_values(analysis, lang))
    blocks = t.section("method")["blocks"]
    return (
        f'<h2 id="metod">{esc(t("sections.headings.method"))}</h2>'
        + "".join(f"<p>{esc(s)}</p>" for s in p)
        + f'<h3 id="metod-definitioner">{esc(t("method.definitions_heading"))}</h3>'
        + "<ul>"
        + "".join(f"<li>{esc(s)}</li>" for s in definitions)
        + "</ul>"
        + f'<h3 id="metod-mal">{esc(t("method.targets_heading"))}</h3><p>{esc(targets)}</p>'
        + f'<h3 id="metod-lag">{esc(t("method.law_heading"))}</h3><p>{esc(t("method.law"))}</p>'
        + f"<h4>{esc(t('method.blocks_heading'))}</h4>"
        + "<ol>"
        + "".join(f"<li>{esc(b)}</li>" for b in blocks)
        + "</ol>"
    )
