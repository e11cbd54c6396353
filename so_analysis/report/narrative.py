"""The summary's conclusions: plain sentences generated from the figures (no HTML).

Every template lives in the locale files (`[conclusions]`); numbers go through `formatting`.
Only publishable figures are used: a figure resting on fewer than `min_n` observations is
neither counted nor named, so the summary never reveals what the sections suppress.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import pandas as pd

from so_analysis.core.texts import texts
from so_analysis.measure.indicators import COUNT_COLUMNS
from so_analysis.report.formatting import format_count, format_days, format_number, format_percent

# parameter -> (figure column, formatter)
PARAMETER_FIGURES: dict[str, str] = {
    "lead_time": "lead_time_mean_days",
    "duration": "duration_mean_days",
    "dropouts": "dropout_rate",
    "satisfaction": "satisfaction_mean",
}


def figure_formatter(column: str, lang: str) -> Callable[[object], str]:
    """How a figure column reads in text: days and scores with one decimal, rates as per cent."""
    if column.endswith("_share") or column in ("dropout_rate", "response_rate"):
        decimals = 1 if column == "dropout_rate" else 0
        return lambda x: format_percent(x, decimals, lang)
    if column.endswith("_days"):
        return lambda x: format_days(x, lang)
    if column in COUNT_COLUMNS or column.startswith("n_") or column.endswith("_n"):
        return lambda x: format_count(x, lang)
    return lambda x: format_number(x, 1, lang)


def _status(analysis, provider_id: str, column: str) -> str:
    status = analysis.status
    if status is None or column not in status.columns or provider_id not in status.index:
        value = _value(analysis, provider_id, column)
        return "ok" if pd.notna(value) else "missing"
    return str(status.at[provider_id, column])


_ROWS: dict[int, tuple[weakref.ref, dict[str, dict]]] = {}


def _rows(indicators: pd.DataFrame) -> dict[str, dict]:
    """The indicator rows by provider id, built once per (never mutated) indicator frame."""
    hit = _ROWS.get(id(indicators))
    if hit is not None and hit[0]() is indicators:
        return hit[1]
    rows = {str(r["provider_id"]): r for r in indicators.to_dict("records")}
    _ROWS[id(indicators)] = (weakref.ref(indicators), rows)
    return rows


def _value(analysis, provider_id: str, column: str) -> float:
    row = _rows(analysis.indicators).get(provider_id)
    if row is None or column not in row:
        return float("nan")
    value = row[column]
    return float(value) if pd.notna(value) else float("nan")


def published_figures(analysis, column: str) -> dict[str, float]:
    """Experts whose `column` may be published, in report order, with the figure."""
    out = {}
    for pid in analysis.expert_ids:
        value = _value(analysis, pid, column)
        if pd.notna(value) and _status(analysis, pid, column) == "ok":
            out[pid] = value
    return out


def _assessed(analysis, pid: str, param: str):
    try:
        verdict = analysis.assessment.at[pid, param]
    except KeyError:
        return None
    return None if verdict is None or pd.isna(verdict) else bool(verdict)


def _target_sentences(analysis, lang: str) -> list[str]:
    t = texts(lang)
    names = analysis.dataset.provider_names()
    out = []
    for param, column in PARAMETER_FIGURES.items():
        label = t(f"conclusions.params.{param}")
        fmt = figure_formatter(column, lang)
        figures = published_figures(analysis, column)
        verdicts = [_assessed(analysis, pid, param) for pid in figures]
        judged = [v for v in verdicts if v is not None]
        if not judged:
            out.append(t("conclusions.met_none", param=label))
            continue
        out.append(t("conclusions.met_count", met=sum(judged), n=len(judged), param=label))
        if len(figures) >= 2:
            low = min(figures, key=figures.__getitem__)
            high = max(figures, key=figures.__getitem__)
            if fmt(figures[low]) != fmt(figures[high]):
                out.append(
                    t(
                        "conclusions.spread",
                        param=label[:1].upper() + label[1:],
                        min=fmt(figures[low]),
                        min_name=names.get(low, low),
                        max=fmt(figures[high]),
                        max_name=names.get(high, high),
                    )
                )
        mean, everyone = _value(analysis, "_mean", column), _value(analysis, "_all", column)
        if pd.notna(mean) and pd.notna(everyone) and _status(analysis, "_all", column) == "ok":
            key = (
                "conclusions.mean_equals_all"
                if fmt(mean) == fmt(everyone)
                else ("conclusions.mean_vs_all")
            )
            out.append(
                t(key, param=label[:1].upper() + label[1:], mean=fmt(mean), all=fmt(everyone))
            )
    return out


def _duration_method(analysis, lang: str) -> list[str]:
    t = texts(lang)
    values = {pid: _value(analysis, pid, "duration_mean_days") for pid in analysis.expert_ids}
    with_figure = list(published_figures(analysis, "duration_mean_days").values())
    missing = [pid for pid, v in values.items() if pd.isna(v)]
    if not with_figure or not missing:
        return []
    names = analysis.dataset.provider_names()
    mean = sum(with_figure) / len(with_figure)
    as_zero = sum(with_figure) / (len(with_figure) + len(missing))
    return [
        t(
            "conclusions.duration_method" + ("_one" if len(missing) == 1 else ""),
            n=len(with_figure),
            total=len(with_figure) + len(missing),  # a figure on too few counts in neither
            missing=", ".join(names.get(pid, pid) for pid in missing),
            as_zero=format_days(as_zero, lang),
            mean=format_days(mean, lang),
        )
    ]


def _waiting(analysis, lang: str) -> list[str]:
    t = texts(lang)
    n = _value(analysis, "_all", "n_waiting")
    if pd.isna(n) or n == 0:
        return [t("conclusions.waiting_none")]
    return [
        t(
            "conclusions.waiting",
            n=format_count(n, lang),
            days=format_days(_value(analysis, "_all", "waiting_mean_days"), lang),
        )
    ]


def _reasons(analysis, lang: str) -> list[str]:
    t = texts(lang)
    n = _value(analysis, "_all", "n_dropouts")
    if pd.isna(n) or n == 0:
        return [t("conclusions.reasons_none")]

    def part(column: str) -> str:
        k = _value(analysis, "_all", column)
        k = 0.0 if pd.isna(k) else k
        return f"{format_count(k, lang)} ({format_percent(k / n, 0, lang)})"

    return [
        t(
            "conclusions.reasons",
            n=format_count(n, lang),
            positive=part("dropouts_positive"),
            negative=part("dropouts_negative"),
        )
    ]


def _deficiencies(analysis, lang: str) -> list[str]:
    t = texts(lang)
    as_of = analysis.as_of.isoformat()
    if analysis.checklist is None:
        return [t("conclusions.no_checklist")]
    open_ = _value(analysis, "_all", "open_deficiencies")
    overdue = _value(analysis, "_all", "overdue_deficiencies")
    open_ = 0.0 if pd.isna(open_) else open_
    overdue = 0.0 if pd.isna(overdue) else overdue
    if open_ == 0:
        return [t("conclusions.deficiencies_none", as_of=as_of)]
    return [
        t(
            "conclusions.deficiencies",
            as_of=as_of,
            open=format_count(open_, lang),
            overdue=format_count(overdue, lang),
        )
    ]


def conclusions(analysis, lang: str = "sv") -> list[str]:
    """Plain sentences about the period: targets met, spread, totals, waiting, reasons, method."""
    return [
        *_target_sentences(analysis, lang),
        *_duration_method(analysis, lang),
        *_waiting(analysis, lang),
        *_reasons(analysis, lang),
        *_deficiencies(analysis, lang),
    ]
