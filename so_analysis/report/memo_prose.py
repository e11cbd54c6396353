"""The memo's prose: what an official signs, in a few paragraphs; the findings stay in the report.

The summary says in one paragraph how many experts meet each target and what the municipality
asks of how many by when. The conclusions give one short paragraph per parameter: the target,
the experts' mean against it and its change since the previous period, how many meet it and who
misses it (named with the figure), and, where given, the sentence naming a difference between
women and men (`sex_differences`, the slot for the figures by sex); then the authorization rules,
the follow-up of the previous plans, and what the municipality asks of whom by when (the same
asks as the report's *Behov av utveckling*).

Every figure is a published cell of the publication model, read exactly as the report shows it,
so every number in the memo is in the report and no hidden figure is stated; an expert with a
hidden figure is never named with it. The per-expert detail (who moved most, who missed twice,
the overdue actions one by one, the dropout reasons) is in the report's conclusions only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from so_analysis.measure.figures import ALL, MEAN
from so_analysis.measure.targets import IN_PROGRESS, MET, MISSED
from so_analysis.report import sexes
from so_analysis.report.narrative import (
    ORDER,
    conclusion_parts,
    join,
    long_date,
    plural,
    unit,
)
from so_analysis.report.publication.formatting import format_count
from so_analysis.report.publication.model import Publication, Report
from so_analysis.report.publication.targets_text import dropouts_from_text

# Per parameter (`lead_time`, `duration`, `dropouts`, `satisfaction`) the sentence that names the
# difference between women and men where there is one; it closes that parameter's paragraph.
SexDifferences = Mapping[str, str]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the conclusions: a bold lead ('Avbrott.') and its sentences."""

    key: str  # a parameter, 'authorization' or 'follow_up'
    lead: str
    text: str


@dataclass(frozen=True)
class MemoProse:
    """The memo's summary paragraph, its conclusions, and what is asked of whom by when."""

    overview: str
    paragraphs: tuple[Paragraph, ...]
    needs_intro: str
    needs: tuple[str, ...]
    closing: str


def _judged(m: Publication, param: str) -> dict[str, bool]:
    """Active experts whose target is judged on a published figure: met (True) or missed."""
    out = {}
    for pid in m.expert_ids:
        if pid in m.ended:
            continue
        met = m.met(pid, param)
        if met is not None:
            out[pid] = met
    return out


def _beyond(m: Publication, param: str, value: float) -> float:
    """How far a missed figure lies beyond its target's limit."""
    tg = m.targets
    if param == "lead_time":
        return value - tg.lead_time_max_days
    if param == "duration":
        if tg.duration_min_days is not None and value < tg.duration_min_days:
            return tg.duration_min_days - value
        return value - tg.duration_max_days
    if param == "dropouts":
        return value - tg.dropout_rate_max
    return tg.satisfaction_min - value


def _missed(m: Publication, param: str, judged: dict[str, bool]) -> list[str]:
    """'Integra (64,2 dagar)', … for the experts that miss the target, furthest first."""
    cells = {pid: m.cell(pid, m.figure_of(param)) for pid, met in judged.items() if not met}
    order = sorted(cells, key=lambda pid: _beyond(m, param, cells[pid].shown), reverse=True)
    return [
        m.t("narrative.item", name=m.name(pid), figure=unit(m, param, cells[pid].text))
        for pid in order
    ]


def parameter_paragraph(
    m: Publication,
    previous: Publication | None,
    param: str,
    previous_label: str,
    sex_difference: str | None = None,
) -> Paragraph:
    """One parameter in one paragraph: the target, the experts' mean (then and now), how many
    meet it and who misses it; `sex_difference`, where given, closes it."""
    t = m.t
    figure = m.figure_of(param)
    target = t(f"narrative.targets.{param}", **m.target_values())
    judged = _judged(m, param)
    if judged:
        met = format_count(sum(judged.values()), m.lang)
        out = [plural(t, "memo.prose.met", len(judged), met=met, target=target)]
    else:
        out = [
            t("memo.prose.target", target=target),
            t("narrative.met_none", param=t(f"narrative.params.{_param_key(m, param)}")),
        ]
    now = m.cell(MEAN, figure)
    before = previous.cell(MEAN, figure) if previous is not None else None
    if now.ok and before is not None and before.ok:
        out.append(
            t(
                "memo.prose.mean_change",
                now=unit(m, param, now.text),
                before=before.text,
                period=previous_label,
            )
        )
    elif now.ok:
        out.append(t("memo.prose.mean", now=unit(m, param, now.text)))
    missed = _missed(m, param, judged)
    if missed:
        out.append(t("narrative.missed", list=join(missed, t)))
    if param == "lead_time":
        out += _waiting(m)
    if param == "dropouts" and (note := dropouts_from_text(m.wording)):
        out.append(note)
    if sex_difference:
        out.append(sex_difference)
    return Paragraph(
        param, t("memo.prose.lead", heading=t(f"sections.params.{param}")), " ".join(out)
    )


def _waiting(m: Publication) -> list[str]:
    """Who waited to start at the period's end, as the report's conclusions say it."""
    n = m.cell(ALL, "n_waiting")
    if not n.ok or n.value == 0:
        return []
    days = m.cell(ALL, "waiting_mean_days")
    if not days.ok:
        return [plural(m.t, "narrative.waiting_few", n.value, n=n.text)]
    return [plural(m.t, "narrative.waiting", n.value, n=n.text, days=days.text)]


def _overview(m: Publication, report: Report, needs: int) -> str:
    """How many experts meet each target, and what is asked of how many by when."""
    t = m.t
    items = []
    for param in ORDER:
        judged = _judged(m, param)
        if judged:
            items.append(
                t(
                    "memo.prose.overview_item",
                    met=format_count(sum(judged.values()), m.lang),
                    n=format_count(len(judged), m.lang),
                    param=m.t(f"narrative.params.{_param_key(m, param)}"),
                )
            )
    out = [t("memo.prose.overview", list=join(items, t))] if items else []
    for pid in m.expert_ids:
        if pid in m.ended:
            out.append(t("memo.prose.ended", name=m.name(pid), date=long_date(m.ended[pid], t)))
    config = report.analysis.dataset.config
    act_by = config.period_settings(report.analysis.period.label).atgard_senast
    if needs and act_by is not None:
        out.append(plural(t, "memo.prose.overview_needs_by", needs, date=long_date(act_by, t)))
    elif needs:
        out.append(plural(t, "memo.prose.overview_needs", needs))
    return " ".join(out)


def _param_key(m: Publication, param: str) -> str:
    """The parameter's name in prose: the dropout target's follows its basis."""
    return "dropouts_all" if m.figure_of(param) == "dropout_rate" else param


def _authorization(m: Publication, report: Report) -> Paragraph:
    """How many experts meet the authorization rules; who has a deficiency past its deadline
    and who one under way, by name (the asks name the requirements)."""
    t = m.t
    lead = t("memo.prose.lead", heading=t("sections.params.authorization"))
    if report.analysis.checklist is None:
        return Paragraph("authorization", lead, t("narrative.no_checklist"))
    states = {pid: m.judgement(pid, "authorization") for pid in m.expert_ids if pid not in m.ended}
    judged = [s for s in states.values() if s in (MET, IN_PROGRESS, MISSED)]
    out = []
    if judged:
        as_of = long_date(report.analysis.as_of, t)
        met = judged.count(MET)
        out.append(plural(t, "narrative.authorization_count", len(judged), met=met, as_of=as_of))
    for state, key in (
        (MISSED, "authorization_missed"),
        (IN_PROGRESS, "authorization_in_progress"),
    ):
        names = [m.name(pid) for pid, s in states.items() if s == state]
        if names:
            out.append(t(f"memo.prose.{key}", names=join(names, t)))
    return Paragraph("authorization", lead, " ".join(out))


def _overdue_names(m: Publication, report: Report) -> list[str]:
    """The experts with an action from the previous period's plan past its date, in order."""
    fu = report.analysis.follow_up
    if fu is None or fu.empty or "overdue" not in fu:
        return []
    late = set(fu.loc[fu["overdue"].astype(bool), "provider_id"].astype(str))
    return [m.name(pid) for pid in m.expert_ids if pid in late]


def memo_prose(
    report: Report, lang: str = "sv", sex_differences: SexDifferences | None = None
) -> MemoProse:
    """The memo's prose for the period, from the publication model and the report's
    conclusions (the plans' counts, the asks). `sex_differences`: per parameter the sentence
    naming a difference between women and men, where there is one (by default the report's
    first, `report.sexes.memo_sentences`)."""
    m = report.model(lang)
    previous = report.previous(lang)
    previous_label = report.analysis.period.previous().label
    differences = sexes.memo_sentences(report, lang) if sex_differences is None else sex_differences
    conclusions = conclusion_parts(report, lang)
    parts = {p.key: p for p in conclusions.parts}
    paragraphs = [
        parameter_paragraph(m, previous, param, previous_label, differences.get(param))
        for param in ORDER
    ]
    paragraphs.append(_authorization(m, report))
    fu = report.analysis.follow_up
    # the previous plans' follow-up: its counts (the part's first sentence) and who is late;
    # with no action to follow up the report says so and the memo need not
    if "follow_up" in parts and fu is not None and not fu.empty:
        follow_up = parts["follow_up"]
        text = [follow_up.sentences[0]]
        late = _overdue_names(m, report)
        if late:
            text.append(m.t("memo.prose.overdue", names=join(late, m.t)))
        paragraphs.append(
            Paragraph(
                "follow_up", m.t("memo.prose.lead", heading=follow_up.heading), " ".join(text)
            )
        )
    return MemoProse(
        overview=_overview(m, report, len(conclusions.needs)),
        paragraphs=tuple(paragraphs),
        needs_intro=conclusions.needs_intro,
        needs=conclusions.needs,
        closing=m.t("memo.prose.closing"),
    )
