"""The conclusions: sentences that decide, generated from the publication model only (no HTML).

Per parameter: how many experts meet the target and who misses it, named with the figure and
its unit; the experts' mean against everyone; what changed since the previous period and who
moved most; who missed the same target two periods running. Then the authorization rules (who
has a deficiency past its deadline, who one under way), the follow-up of the previous period's
plans (overdue actions, named with their dates), experts whose authorization ended (named, left
out of every "x av y"), and *Behov av utveckling*: what the municipality asks of whom, by the
date the config sets (`atgard_senast`).

Every figure is a published cell of the model (`cell.ok`), exactly as the tables beside the
conclusions show it: a figure resting on fewer than `min_n` observations, or hidden to protect
one, is never stated, and an expert is never named with a hidden figure. The texts live in the
locale files (`narrative.*`); a text with a count has a form for one and for other counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from babel.dates import format_date as babel_date

from so_analysis.core.texts import Texts
from so_analysis.measure.figures import ALL, DAYS, MEAN, MISSING, RATE
from so_analysis.measure.targets import IN_PROGRESS, MET, MISSED
from so_analysis.report import legal, sexes
from so_analysis.report.languages import slow_language_sentence
from so_analysis.report.publication.formatting import format_count, format_percent, is_missing
from so_analysis.report.publication.model import Cell, Publication, Report, kind
from so_analysis.report.publication.targets_text import dropouts_from_text

# The parameters in the order the conclusions speak of them.
ORDER = ("lead_time", "duration", "dropouts", "satisfaction")
# A target missed two periods running "has hardly moved" when less than this share of the
# distance to the target was closed (stated in the method appendix).
STILL = 0.1


@dataclass(frozen=True)
class Part:
    """One heading of the conclusions and its sentences."""

    key: str  # a parameter, 'authorization', 'follow_up' or 'ended'
    heading: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Conclusions:
    """The conclusions of one period: parts per parameter, then what is asked of whom."""

    parts: tuple[Part, ...]
    needs_heading: str
    needs_intro: str
    needs: tuple[str, ...]

    def sentences(self) -> list[str]:
        """Every sentence in order, without the headings."""
        out = [s for part in self.parts for s in part.sentences]
        return [*out, self.needs_intro, *self.needs]


def plural(t: Texts, key: str, count: float, **values: Any) -> str:
    """The text `key` for `count` (`Texts.n`, gettext plural forms); `{n}` is the count as it
    reads."""
    values.setdefault("n", format_count(count, t.lang))
    return t.n(key, count, **values)


def join(items: list[str], t: Texts) -> str:
    """'A', 'A och B', 'A, B och C' ('and' in English)."""
    return t.join(items)


def long_date(day: Any, t: Texts) -> str:
    """A date in prose: '1 december 2017'."""
    return babel_date(pd.Timestamp(day).date(), t("narrative.date_format"), locale=t.lang)


class _Context:
    """What every part reads: the model, the previous period's, the active experts."""

    def __init__(self, report: Report, lang: str):
        self.report = report
        self.analysis = report.analysis
        self.m: Publication = report.model(lang)
        self.prev: Publication | None = report.previous(lang)
        self.t = self.m.t
        self.lang = lang
        self.active = [pid for pid in self.m.expert_ids if pid not in self.m.ended]
        self.prev_label = report.analysis.period.previous().label
        self.as_of = long_date(report.analysis.as_of, self.t)
        follow_up = report.analysis.follow_up
        self.follow_up = follow_up if follow_up is not None and not follow_up.empty else None
        self.checklist = report.analysis.checklist

    def unit(self, param: str, text: str) -> str:
        """A figure (or a change) with its unit: '64,2 dagar', '10,5 % negativa avbrott'."""
        return unit(self.m, param, text)

    def change(self, param: str, before: Cell, now: Cell) -> str:
        """'65,0 → 64,2 dagar'."""
        return self.unit(param, self.t("narrative.change", before=before.text, now=now.text))

    def label(self, param: str) -> str:
        key = "dropouts_all" if self.m.figure_of(param) == "dropout_rate" else param
        return self.t(f"narrative.params.{key}")


def unit(m: Publication, param: str, text: str) -> str:
    """A figure of `param` (or a change) with its unit: '64,2 dagar', '10,5 % negativa avbrott'."""
    figure = m.figure_of(param)
    if kind(figure) == DAYS:
        return m.t("narrative.unit_days", v=text)
    if kind(figure) == RATE:
        key = "unit_rate_negative" if figure == "dropout_rate_negative" else "unit_rate"
        return m.t(f"narrative.{key}", v=text)
    return m.t("narrative.unit_score", v=text)


def _boundary(m: Publication, param: str, value: float) -> tuple[float, int]:
    """The target's limit a missed figure lies beyond, and the way back to it (-1 down, +1 up)."""
    tg = m.targets
    if param == "lead_time":
        return tg.lead_time_max_days, -1
    if param == "duration":
        if tg.duration_min_days is not None and value < tg.duration_min_days:
            return tg.duration_min_days, 1
        return tg.duration_max_days, -1
    if param == "dropouts":
        return tg.dropout_rate_max, -1
    return tg.satisfaction_min, 1


def _parameter(c: _Context, param: str) -> Part:
    m, t = c.m, c.t
    figure = m.figure_of(param)
    target = t(f"narrative.targets.{param}", **m.target_values())
    met_by = {pid: m.met(pid, param) for pid in c.active}
    judged = {pid: v for pid, v in met_by.items() if v is not None}
    out: list[str] = []
    if not judged:
        out.append(t("narrative.met_none", param=c.label(param)))
    else:
        met = sum(judged.values())
        out.append(plural(t, "narrative.met_count", len(judged), met=met, target=target))
        missed = [pid for pid, v in judged.items() if v is False]
        if missed:

            def beyond(pid: str) -> float:
                shown = m.cell(pid, figure).shown
                return abs(shown - _boundary(m, param, shown)[0])

            missed.sort(key=beyond, reverse=True)
            items = [
                t(
                    "narrative.item",
                    name=m.name(pid),
                    figure=c.unit(param, m.cell(pid, figure).text),
                )
                for pid in missed
            ]
            out.append(t("narrative.missed", list=join(items, t)))
    unjudged = [m.name(pid) for pid, v in met_by.items() if v is None]
    if unjudged and judged:
        out.append(t("narrative.not_judged", names=join(unjudged, t)))
    mean, everyone = m.cell(MEAN, figure), m.cell(ALL, figure)
    if mean.ok and everyone.ok:
        out.append(
            t(
                "narrative.mean_vs_all",
                mean=c.unit(param, mean.text),
                all=c.unit(param, everyone.text),
            )
        )
    out += _changes(c, param, figure)
    if param == "lead_time":
        out += _waiting(m)
        slow = slow_language_sentence(c.report, c.lang)  # one language waits markedly longer
        if slow:
            out.append(slow)
    if param == "duration":  # within a year, the hours against the legal minimum
        out += legal.conclusions(c.report, m)
    out += sexes.conclusion_sentences(c.report, c.lang).get(param, [])
    if param == "dropouts":
        out += _reasons(m, c.analysis.dataset.config.reasons)
        note = dropouts_from_text(m.wording)
        if note:
            out.append(note)
    return Part(param, t(f"sections.params.{param}"), tuple(out))


def _changes(c: _Context, param: str, figure: str) -> list[str]:
    """The experts' mean then and now, who moved most, who missed the target twice running."""
    m, prev, t = c.m, c.prev, c.t
    if prev is None:
        return []
    out = []
    before, now = prev.cell(MEAN, figure), m.cell(MEAN, figure)
    if before.ok and now.ok:
        out.append(
            t(
                "narrative.mean_change",
                period=c.prev_label,
                before=before.text,
                now=c.unit(param, now.text),
            )
        )
    pairs = {
        pid: (prev.cell(pid, figure), m.cell(pid, figure))
        for pid in c.active
        if prev.cell(pid, figure).ok and m.cell(pid, figure).ok
    }
    moves = {pid: abs(b.shown - a.shown) for pid, (b, a) in pairs.items()}
    if len(moves) >= 2 and max(moves.values()) > 0:
        pid = max(moves, key=moves.__getitem__)
        change = c.change(param, *pairs[pid])
        out.append(t("narrative.moved_most", period=c.prev_label, name=m.name(pid), change=change))
    for pid, (b, a) in pairs.items():
        if m.met(pid, param) is not False or prev.met(pid, param) is not False:
            continue
        limit, way = _boundary(m, param, b.shown)
        gap = abs(b.shown - limit)
        closed = (a.shown - b.shown) * way / gap if gap else 0.0
        key = "still" if abs(closed) < STILL else ("closer" if closed > 0 else "worse")
        change = c.change(param, b, a)
        out.append(t(f"narrative.twice_{key}", name=m.name(pid), change=change))
    return out


def _waiting(m: Publication) -> list[str]:
    n = m.cell(ALL, "n_waiting")
    if not n.ok or n.value == 0:
        return [m.t("narrative.waiting_none")]
    days = m.cell(ALL, "waiting_mean_days")
    if not days.ok:
        return [plural(m.t, "narrative.waiting_few", n.value, n=n.text)]
    return [plural(m.t, "narrative.waiting", n.value, n=n.text, days=days.text)]


def _reasons(m: Publication, reasons: Any) -> list[str]:
    n = m.cell(ALL, "n_dropouts")
    if not n.ok or n.value == 0:
        return [m.t("narrative.reasons_none")]
    classes = {c: m.cell(ALL, c) for c in ("dropouts_positive", "dropouts_negative")}
    if any(c.status not in ("ok", MISSING) for c in classes.values()):
        return [plural(m.t, "narrative.reasons_too_few", n.value, n=n.text)]

    def part(column: str) -> str:
        k = classes[column].value
        k = 0.0 if math.isnan(k) else k
        return f"{format_count(k, m.lang)} ({format_percent(k / n.value, 0, m.lang)})"

    return [
        plural(
            m.t,
            "narrative.reasons",
            n.value,
            n=n.text,
            positive=part("dropouts_positive"),
            negative=part("dropouts_negative"),
            positive_reasons=_labels(m.t, reasons.positive),
            negative_reasons=_labels(m.t, reasons.negative),
        )
    ]


def _labels(t: Texts, codes: Any) -> str:
    """The reason codes of a class as they read: 'fått arbete, börjat studera …'."""
    return ", ".join(t.get(f"sections.reasons.{c}", c).lower() for c in codes)


def _deficiencies(c: _Context, pid: str, overdue: bool) -> list[str]:
    """The requirements `pid` has open (past their deadline, or not), with the deadline."""
    state = c.checklist
    if state is None or "open" not in state:
        return []
    rows = state[(state["provider_id"] == pid) & state["open"].astype(bool)]
    rows = rows[rows["overdue"].astype(bool) == overdue]
    out = []
    for r in rows.to_dict("records"):
        if is_missing(r.get("deadline")):
            out.append(c.t("narrative.deficiency_no_deadline", requirement=r["requirement"]))
        else:
            deadline = long_date(r["deadline"], c.t)
            out.append(c.t("narrative.deficiency", requirement=r["requirement"], deadline=deadline))
    return out


def _authorization(c: _Context) -> Part:
    m, t = c.m, c.t
    heading = t("sections.params.authorization")
    if c.checklist is None:
        return Part("authorization", heading, (t("narrative.no_checklist"),))
    states = {pid: m.judgement(pid, "authorization") for pid in c.active}
    judged = [s for s in states.values() if s in (MET, IN_PROGRESS, MISSED)]
    out = []
    if judged:
        out.append(
            plural(
                t,
                "narrative.authorization_count",
                len(judged),
                met=judged.count(MET),
                as_of=c.as_of,
            )
        )
    for pid, state in states.items():
        if state == MISSED:
            items = _deficiencies(c, pid, overdue=True)
            out.append(t("narrative.authorization_missed", name=m.name(pid), list=join(items, t)))
    for pid, state in states.items():
        if state in (IN_PROGRESS, MISSED) and (items := _deficiencies(c, pid, overdue=False)):
            out.append(
                t("narrative.authorization_in_progress", name=m.name(pid), list=join(items, t))
            )
    return Part("authorization", heading, tuple(out))


def _overdue_items(c: _Context, pid: str) -> list[str]:
    if c.follow_up is None:
        return []
    rows = c.follow_up[(c.follow_up["provider_id"] == pid) & c.follow_up["overdue"].astype(bool)]
    return [
        c.t(
            "narrative.overdue_item",
            action=str(r["action"]).strip().rstrip("."),
            due=long_date(r["due"], c.t),
        )
        for r in rows.to_dict("records")
    ]


def _follow_up(c: _Context) -> Part | None:
    t = c.t
    heading = t("narrative.follow_up_heading", period=c.prev_label)
    if c.analysis.follow_up is None:
        return None
    if c.follow_up is None:
        return Part("follow_up", heading, (t("narrative.follow_up_none", period=c.prev_label),))
    fu = c.follow_up
    done, overdue = (int(fu[k].astype(bool).sum()) for k in ("done", "overdue"))
    out = [
        plural(
            t,
            "narrative.follow_up_counts",
            len(fu),
            period=c.prev_label,
            done=t.n("sections.follow_up.n_done", done),
            overdue=t.n("sections.follow_up.n_overdue", overdue),
            as_of=c.as_of,
        )
    ]
    ended = int(fu["ended"].astype(bool).sum()) if "ended" in fu else 0
    if ended:
        out.append(plural(t, "judgement.follow_up_ended", ended))
    for pid in c.m.expert_ids:
        items = _overdue_items(c, pid)
        if items:
            n = int((fu["provider_id"] == pid).sum())
            out.append(
                plural(
                    t,
                    "narrative.follow_up_expert",
                    n,
                    name=c.m.name(pid),
                    overdue=format_count(len(items), c.lang),
                    list=join(items, t),
                )
            )
    return Part("follow_up", heading, tuple(out))


def _ended(c: _Context) -> Part | None:
    m = c.m
    if not m.ended:
        return None
    out = tuple(
        c.t("narrative.ended", name=m.name(pid), date=long_date(m.ended[pid], c.t))
        for pid in m.expert_ids
        if pid in m.ended
    )
    return Part("ended", c.t("narrative.ended_heading"), out)


def _needs(c: _Context) -> tuple[str, tuple[str, ...]]:
    """What the municipality asks of whom (and by when): the intro and one sentence per expert."""
    m, t = c.m, c.t
    needs = []
    for pid in c.active:
        asks = []
        missed = []
        for param in ORDER:
            if m.met(pid, param) is False:
                cell = m.cell(pid, m.figure_of(param))
                text = c.unit(param, cell.text) if kind(cell.figure) == DAYS else cell.text
                missed.append(t("narrative.item", name=c.label(param), figure=text))
        if missed:
            what = plural(t, "narrative.what_goals", len(missed), list=join(missed, t))
            asks.append(t("narrative.ask_plan_for", what=what))
        hours = legal.hours_ask(m, pid)
        if hours:
            asks.append(hours)
        overdue = len(_overdue_items(c, pid))
        if overdue:
            asks.append(plural(t, "narrative.ask_overdue", overdue, period=c.prev_label))
        open_ = [*_requirements(c, pid)]
        if open_:
            listed = plural(t, "narrative.ask_deficiency", len(open_), list=join(open_, t))
            asks.append(t("narrative.ask_deficiencies", list=listed))
        if asks:
            needs.append(t("narrative.need", name=m.name(pid), asks=join(asks, t)))
    if not needs:
        return t("narrative.needs_none"), ()
    day = _act_by(c.report)
    if day is None:
        return t("narrative.needs_open"), tuple(needs)
    return t("narrative.needs_by", date=long_date(day, t)), tuple(needs)


def _requirements(c: _Context, pid: str) -> list[str]:
    state = c.checklist
    if state is None or "open" not in state:
        return []
    rows = state[(state["provider_id"] == pid) & state["open"].astype(bool)]
    return [str(r) for r in rows["requirement"]]


def _act_by(report: Report) -> date | None:
    config = report.analysis.dataset.config
    return config.period_settings(report.analysis.period.label).atgard_senast


def conclusion_parts(report: Report, lang: str = "sv") -> Conclusions:
    """The conclusions of the period, structured: parts with headings, then the needs."""
    c = _Context(report, lang)
    parts = [p for p in (_ended(c),) if p is not None]
    parts += [_parameter(c, param) for param in ORDER]
    parts.append(_authorization(c))
    follow_up = _follow_up(c)
    if follow_up is not None:
        parts.append(follow_up)
    intro, needs = _needs(c)
    return Conclusions(tuple(parts), c.t("narrative.needs_heading"), intro, needs)


def conclusions(report: Report, lang: str = "sv") -> list[str]:
    """The conclusions as plain sentences, in order (headings left out)."""
    return conclusion_parts(report, lang).sentences()
