"""The summary's conclusions: plain sentences generated from the publication model (no HTML).

Every template lives in the locale files (`[conclusions]`). Every figure is read from the public
publication model (`report.publication`), as published: a figure resting on fewer than `min_n`
observations is neither counted nor named, so the summary never reveals what the sections
suppress. Sections call `conclusions` only.
"""

from __future__ import annotations

import math
from typing import Any

from so_analysis.measure.indicators import ALL, MEAN
from so_analysis.report.formatting import format_count, format_days, format_percent
from so_analysis.report.publication import MISSING, PARAMETER_FIGURE, Publication, publish

# The parameters in the order the conclusions speak of them.
ORDER = ("lead_time", "duration", "dropouts", "satisfaction")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _target_sentences(m: Publication) -> list[str]:
    t = m.t
    out = []
    for param in ORDER:
        figure = PARAMETER_FIGURE[param]
        label = t(f"conclusions.params.{param}")
        figures = m.published(figure)
        judged = [v for v in (m.verdict(pid, param) for pid in figures) if v is not None]
        if not judged:
            out.append(t("conclusions.met_none", param=label))
            continue
        met = sum(judged)
        meet = t.n("conclusions.meet", met)
        out.append(t.n("conclusions.met_count", len(judged), met=met, meet=meet, param=label))
        if len(figures) >= 2:
            low = m.cell(min(figures, key=figures.__getitem__), figure)
            high = m.cell(max(figures, key=figures.__getitem__), figure)
            if low.text != high.text:
                out.append(
                    t(
                        "conclusions.spread",
                        param=_capital(label),
                        min=low.text,
                        min_name=m.name(low.provider_id),
                        max=high.text,
                        max_name=m.name(high.provider_id),
                    )
                )
        mean, everyone = m.cell(MEAN, figure), m.cell(ALL, figure)
        if mean.ok and everyone.ok:
            same = mean.text == everyone.text
            key = "conclusions.mean_equals_all" if same else "conclusions.mean_vs_all"
            out.append(t(key, param=_capital(label), mean=mean.text, all=everyone.text))
    return out


def _duration_method(m: Publication) -> list[str]:
    """Why the experts' mean counts only experts with a figure (not the missing ones as 0)."""
    figure = "duration_mean_days"
    with_figure = list(m.published(figure).values())
    missing = [pid for pid in m.expert_ids if math.isnan(m.cell(pid, figure).value)]
    if not with_figure or not missing:
        return []
    mean = sum(with_figure) / len(with_figure)
    as_zero = sum(with_figure) / (len(with_figure) + len(missing))
    return [
        m.t.n(
            "conclusions.duration_method",
            len(missing),
            counted=m.t.n(
                "conclusions.duration_counted",
                len(with_figure),
                total=len(with_figure) + len(missing),  # a figure on too few counts in neither
            ),
            missing=", ".join(m.name(pid) for pid in missing),
            as_zero=format_days(as_zero, m.lang),
            mean=format_days(mean, m.lang),
        )
    ]


def _waiting(m: Publication) -> list[str]:
    n = m.cell(ALL, "n_waiting")
    if not n.ok or n.value == 0:
        return [m.t("conclusions.waiting_none")]
    days = m.cell(ALL, "waiting_mean_days")
    if not days.ok:
        return [m.t.n("conclusions.waiting_few", n.shown, n=n.text)]
    return [m.t.n("conclusions.waiting", n.shown, n=n.text, days=days.text)]


def _reasons(m: Publication) -> list[str]:
    n = m.cell(ALL, "n_dropouts")
    if not n.ok or n.value == 0:
        return [m.t("conclusions.reasons_none")]
    classes = {c: m.cell(ALL, c) for c in ("dropouts_positive", "dropouts_negative")}
    if any(c.status not in ("ok", MISSING) for c in classes.values()):
        return [m.t.n("conclusions.reasons_too_few", n.shown, n=n.text)]

    def part(column: str) -> str:
        k = classes[column].value
        k = 0.0 if math.isnan(k) else k
        return f"{format_count(k, m.lang)} ({format_percent(k / n.value, 0, m.lang)})"

    return [
        m.t.n(
            "conclusions.reasons",
            n.shown,
            n=n.text,
            positive=part("dropouts_positive"),
            negative=part("dropouts_negative"),
        )
    ]


def _deficiencies(m: Publication, as_of: str, has_checklist: bool) -> list[str]:
    open_ = m.cell(ALL, "open_deficiencies")
    if not has_checklist or not open_.ok:
        return [m.t("conclusions.no_checklist")]
    overdue = m.cell(ALL, "overdue_deficiencies")
    if open_.value == 0:
        return [m.t("conclusions.deficiencies_none", as_of=as_of)]
    return [
        m.t.n(
            "conclusions.deficiencies",
            open_.shown,
            as_of=as_of,
            n=open_.text,
            overdue=overdue.text if overdue.ok else format_count(0, m.lang),
        )
    ]


def conclusions(analysis: Any, lang: str = "sv") -> list[str]:
    """Plain sentences about the period: targets met, spread, totals, waiting, reasons, method."""
    m = publish(analysis, lang)
    return [
        *_target_sentences(m),
        *_duration_method(m),
        *_waiting(m),
        *_reasons(m),
        *_deficiencies(m, analysis.as_of.isoformat(), analysis.checklist is not None),
    ]
