"""The charts of the sections, drawn from the published (rounded, suppressed) figures only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from markupsafe import Markup

from so_analysis.measure.figures import ALL, JUDGED, MEAN, TOTALS
from so_analysis.report import plots
from so_analysis.report.publication.model import Publication, Report, publication


@dataclass(frozen=True)
class ChartSpec:
    """How a parameter's chart reads: its figure, target, scale (100 for per cent) and unit."""

    figure: str
    target: plots.Target
    kind: str  # 'max', 'min' or 'range'
    scale: float
    unit: str
    decimals: int = 1

    def target_text(self, lang: str) -> str:
        return plots.target_text(self.target, self.kind, lang, self.scale, self.decimals)


def chart_spec(model: Publication, param: str) -> ChartSpec:
    tg, t = model.targets, model.t
    figure = model.figure_of(param)
    if param == "lead_time":
        return ChartSpec(figure, tg.lead_time_max_days, "max", 1.0, t("charts.units_days"))
    if param == "duration":
        if tg.duration_min_days is None:  # a ceiling only
            return ChartSpec(figure, tg.duration_max_days, "max", 1.0, t("charts.units_days"))
        band = (tg.duration_min_days, tg.duration_max_days)
        return ChartSpec(figure, band, "range", 1.0, t("charts.units_days"))
    if param == "dropouts":
        return ChartSpec(figure, tg.dropout_rate_max, "max", 100.0, t("charts.units_percent"))
    return ChartSpec(figure, tg.satisfaction_min, "min", 1.0, t("charts.units_score"))


def chart_title(model: Publication, param: str) -> str:
    """A parameter's chart title: the figure it is judged on."""
    if model.figure_of(param) == "dropout_rate_negative":
        return model.t("judgement.chart_title_dropouts_negative")
    return model.t(f"charts.titles.{param}")


def published_frame(model: Publication, figure: str) -> pd.DataFrame:
    """Every expert's and total's `figure` as published: rounded, NaN where not shown."""
    ids = [*model.expert_ids, *TOTALS]
    return pd.DataFrame({"provider_id": ids, figure: [model.cell(p, figure).shown for p in ids]})


def _names(model: Publication) -> dict[str, str]:
    return {pid: model.name(pid) for pid in [*model.expert_ids, *TOTALS]}


def _values_text(model: Publication, ids: Sequence[str], figure: str) -> str:
    """'Alfa 10,3; Beta för få (n<5); …': what the bars show, for the alt text."""
    hidden = model.hidden(figure, ids)
    parts = []
    for pid in ids:
        c = model.cell(pid, figure)
        value = c.text if c.ok or pid in hidden else model.t("charts.missing")
        parts.append(f"{model.name(pid)} {value}")
    return "; ".join(parts)


def expert_chart(model: Publication, provider_id: str, param: str, period: str) -> Markup:
    """A compact comparison: this expert's figure against the experts' mean and all
    participants, with the target (every expert side by side is the summary's chart)."""
    t, spec = model.t, chart_spec(model, param)
    fig = plots.expert_comparison(
        published_frame(model, spec.figure),
        spec.figure,
        provider_id,
        spec.target,
        spec.unit,
        _names(model),
        lang=model.lang,
        scale=spec.scale,
        decimals=spec.decimals,
        hidden=model.hidden(spec.figure, [*model.expert_ids, *TOTALS]),
        max_bars=0,
    )
    ids = [provider_id]
    title = chart_title(model, param)
    alt = t(
        "charts.alt_bars",
        title=title,
        values=_values_text(model, [*ids, *TOTALS], spec.figure),
        target=spec.target_text(model.lang),
    )
    caption = t("charts.caption_expert", title=title, name=model.name(provider_id), period=period)
    return plots.figure_html(fig, alt, caption)


def summary_chart(model: Publication, param: str, period: str) -> Markup:
    """The figure across experts with the target: bars, or a histogram past `MAX_BARS`."""
    t, spec = model.t, chart_spec(model, param)
    fig = plots.summary_chart(
        published_frame(model, spec.figure),
        spec.figure,
        spec.target,
        label=spec.unit,
        names=_names(model),
        lang=model.lang,
        scale=spec.scale,
        decimals=spec.decimals,
        hidden=model.hidden(spec.figure, [*model.expert_ids, *TOTALS]),
    )
    title = chart_title(model, param)
    experts = model.expert_ids
    alt_values: dict[str, Any]
    if len(experts) <= plots.MAX_BARS:
        key = "charts.alt_bars"
        alt_values = {"values": _values_text(model, [*experts, *TOTALS], spec.figure)}
    else:
        key = "charts.alt_hist"
        alt_values = {
            "n": len(experts),
            "name_part": "",
            "mean": model.cell(MEAN, spec.figure).text,
            "all": model.cell(ALL, spec.figure).text,
        }
    target = spec.target_text(model.lang)
    if key == "charts.alt_hist":  # 'för 12 experter': the word agrees with the count
        alt = t.n(key, len(experts), title=title, target=target, **alt_values)
    else:
        alt = t(key, title=title, target=target, **alt_values)
    caption = t("charts.caption_summary", title=title, period=period)
    return plots.figure_html(fig, alt, caption)


def period_models(report: Report, lang: str) -> list[tuple[str, Publication]]:
    """Each period of the trend published as its own report would: figures and judgements (this
    period's and the previous one's are the models the report already has)."""
    from so_analysis.core.periods import parse_period

    history = report.analysis.history
    if history is None:
        return []
    models = []
    for label, frame in history.groupby("period", sort=False):
        period = parse_period(str(label))
        model = None
        if period == report.analysis.period:
            model = report.model(lang)
        elif period == report.analysis.period.previous():
            model = report.previous(lang)
        if model is None:
            indicators = frame.drop(columns="period").reset_index(drop=True)
            model = publication(report.analysis, indicators, period, lang)
        models.append((str(label), model))
    return models


def targets_chart(report: Report, lang: str = "sv") -> Markup | None:
    """Targets met (green) or missed (red) by expert and parameter, period by period, from the
    published judgements only (a hidden figure is not judged); None with fewer than two periods."""
    from so_analysis.report.plots import targets_heatmap

    models = period_models(report, lang)
    if len(models) < 2:
        return None
    t = models[-1][1].t
    records, lines = [], []
    for label, model in models:
        for pid in model.expert_ids:
            found = [model.met(pid, param) for param in JUDGED]
            for param, judged_met in zip(JUDGED, found, strict=True):
                met = judged_met if isinstance(judged_met, bool) else None
                records.append(
                    {
                        "period": label,
                        "provider_id": pid,
                        "Expert": model.name(pid),
                        "Parameter": t(f"charts.short.{param}"),
                        "met": met,
                    }
                )
            judged = [v for v in found if isinstance(v, bool)]
            lines.append(
                t.n(
                    "charts.targets_alt_line",
                    len(judged),
                    name=model.name(pid),
                    period=label,
                    met=sum(judged),
                )
            )
    fig = targets_heatmap(pd.DataFrame.from_records(records))
    alt = t("charts.targets_alt", values="; ".join(lines))
    caption = t("charts.targets_caption")
    return plots.figure_html(fig, alt, caption)
