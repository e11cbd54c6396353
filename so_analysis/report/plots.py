"""Charts for the report: matplotlib Figures built without pyplot, saved as deterministic SVG.

Colours are the Okabe–Ito colour-blind-safe palette; the highlighted expert is also bold and
labelled, the target is a dashed line (or a shaded band) with its value written out, so nothing
rests on colour alone. A missing or suppressed figure is a gap with a note, never a zero bar.

No chart depends on a font having a name's glyphs or on the name's length: text goes into the
SVG as text (`svg.fonttype` none) for the reader's fonts to draw, nothing is measured before the
SVG is written (fixed margins from counted widths, no layout engine), and a long name is
shortened with an ellipsis (`chart_label`; the whole name is in the table and the alt text).
"""

from __future__ import annotations

import base64
import io
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from markupsafe import Markup  # noqa: E402
from matplotlib import rc_context  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from so_analysis.core.shorten import display_width, shorten  # noqa: E402
from so_analysis.core.texts import texts  # noqa: E402
from so_analysis.measure.figures import ALL, MEAN, TOTALS  # noqa: E402
from so_analysis.report.html import render  # noqa: E402
from so_analysis.report.publication.formatting import format_number, is_missing  # noqa: E402

MAX_BARS = 15
# A name in a chart is at most this many columns (a CJK character counts two): the longest
# sample name, 'Omsorgslyftet utbildningar AB', is 29.
LABEL_WIDTH = 32

GREY = "#B0B0B0"
HIGHLIGHT = "#0072B2"  # Okabe–Ito blue
TOTAL = "#E69F00"  # Okabe–Ito orange
TARGET = "#000000"
BAND = "#009E73"  # Okabe–Ito bluish green
MUTED = "#555555"

_SVG_RC: Any = {
    "svg.hashsalt": "so-analysis",
    "svg.fonttype": "none",
    "svg.image_inline": True,
}
_STYLE: Any = {
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "font.family": "DejaVu Sans",
}

Target = float | tuple[float, float] | None


def chart_label(name: str) -> str:
    """An expert's name as a chart draws it: on one line, shortened to LABEL_WIDTH columns with
    an ellipsis, and with `$` escaped (matplotlib would read text between two as mathtext)."""
    return shorten(name, LABEL_WIDTH).replace("$", r"\$")


def _label_inches(labels: Sequence[str], size: float) -> float:
    """About how wide the widest label is, in inches, counted without any font (0.56 em a
    column): fixed margins, so that no layout engine measures the text."""
    longest = max((display_width(str(label)) for label in labels), default=4)
    return longest * size * 0.56 / 72


def _expert_rows(indicators: pd.DataFrame) -> pd.DataFrame:
    return indicators[~indicators["provider_id"].astype(str).str.startswith("_")]


def _value(indicators: pd.DataFrame, provider_id: str, column: str) -> float:
    row = indicators.loc[indicators["provider_id"] == provider_id, column]
    return float(row.iloc[0]) if len(row) and not is_missing(row.iloc[0]) else np.nan


def _shown(value: float, provider_id: str, hidden: Mapping[str, str] | None) -> float:
    if hidden and provider_id in hidden:
        return np.nan
    return value


def _tnum(x: float, decimals: int, lang: str) -> str:
    """A target value: whole numbers without decimals ('14'), others with ('4,0' stays '4')."""
    return format_number(x, 0 if float(x).is_integer() else decimals, lang)


def _label_above(ax, x: float, label: str, color: str) -> None:
    """A small label just above the axes at data position `x`."""
    ax.text(
        x,
        1.01,
        label,
        transform=ax.get_xaxis_transform(),
        ha="center",
        va="bottom",
        fontsize=7,
        color=color,
    )


def _draw_target(ax, target: Target, lang: str, decimals: int) -> None:
    t = texts(lang)
    if target is None:
        return
    if isinstance(target, tuple):
        lo, hi = target
        ax.axvspan(lo, hi, color=BAND, alpha=0.15, lw=0, zorder=0)
        for x in (lo, hi):
            ax.axvline(x, color=BAND, ls="--", lw=1, zorder=3)
        label = t(
            "charts.target_band",
            min=_tnum(lo, decimals, lang),
            max=_tnum(hi, decimals, lang),
        )
        _label_above(ax, hi, label, MUTED)
    else:
        ax.axvline(target, color=TARGET, ls="--", lw=1, zorder=3)
        label = f"{t('charts.target')} {_tnum(target, decimals, lang)}"
        _label_above(ax, target, label, TARGET)


def _set_margins(fig: Figure, labels: Sequence[str]) -> None:
    """Fixed margins wide enough for the tick labels: a layout engine costs a draw per chart."""
    label_in = _label_inches(labels, _STYLE["font.size"]) + 0.2
    width, height = fig.get_size_inches()
    fig.subplots_adjust(
        left=min(0.55, max(0.1, label_in / width)),
        right=0.97,
        top=1 - 0.28 / height,
        bottom=0.42 / height,
    )


def _bars(
    labels: Sequence[str],
    values: Sequence[float],
    notes: Sequence[str],
    kinds: Sequence[str],
    target: Target,
    xlabel: str,
    lang: str,
    decimals: int,
    xmax: float | None = None,
) -> Figure:
    """Horizontal bars top to bottom; kinds: 'expert', 'highlight' or 'total'."""
    n = len(labels)
    with rc_context(_STYLE):
        fig = Figure(figsize=(6.0, min(6.0, max(1.6, 0.28 * n + 0.9))))
        _set_margins(fig, labels)
        ax = fig.add_subplot()
        y = np.arange(n)
        vals = np.array([np.nan if is_missing(v) else float(v) for v in values])
        finite = vals[np.isfinite(vals)]
        top = max([*finite.tolist(), 0.0])
        if target is not None:
            top = max(top, *(target if isinstance(target, tuple) else (target,)))
        top = xmax if xmax is not None else (top * 1.18 if top > 0 else 1.0)
        colours = [
            HIGHLIGHT if k == "highlight" else TOTAL if k == "total" else GREY for k in kinds
        ]
        hatches = ["//" if k == "total" else "" for k in kinds]
        drawn = np.where(np.isfinite(vals), vals, 0.0)
        bars = ax.barh(y, drawn, color=colours, height=0.7, zorder=2)
        for bar, hatch, v in zip(bars, hatches, vals, strict=True):
            bar.set_hatch(hatch)
            bar.set_edgecolor("white" if hatch else bar.get_facecolor())
            if not np.isfinite(v):
                bar.set_visible(False)
        for i, (v, note) in enumerate(zip(vals, notes, strict=True)):
            if np.isfinite(v):
                ax.text(
                    v + top * 0.01,
                    i,
                    format_number(v, decimals, lang),
                    va="center",
                    fontsize=7,
                    color="black",
                    zorder=4,
                )
            else:
                ax.text(
                    top * 0.01,
                    i,
                    note,
                    va="center",
                    fontsize=7,
                    style="italic",
                    color=MUTED,
                    zorder=4,
                )
        ax.set_yticks(y, labels)
        for tick, k in zip(ax.get_yticklabels(), kinds, strict=True):
            if k == "highlight":
                tick.set_fontweight("bold")
                tick.set_color(HIGHLIGHT)
        ax.set_xlim(0, top)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlabel(xlabel)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.grid(axis="x", color="#E5E5E5", lw=0.6, zorder=0)
        _draw_target(ax, target, lang, decimals)
    return fig


def _note(provider_id: str, hidden: Mapping[str, str] | None, lang: str) -> str:
    if hidden and provider_id in hidden:
        return hidden[provider_id]
    return texts(lang)("charts.missing")


def expert_comparison(
    indicators: pd.DataFrame,
    column: str,
    provider_id: str,
    target: Target,
    label: str,
    names: Mapping[str, str],
    *,
    lang: str = "sv",
    scale: float = 1.0,
    decimals: int = 1,
    hidden: Mapping[str, str] | None = None,
    max_bars: int = MAX_BARS,
) -> Figure:
    """Every expert's `column` as bars with `provider_id` highlighted, then the two totals.

    `scale` multiplies figures (100 for shares shown as per cent); `hidden` maps provider ids
    whose figure must not be shown (too few observations) to the note drawn instead. With more
    than `max_bars` experts only this expert, the experts' mean and all participants are drawn.
    """
    t = texts(lang)
    experts = list(_expert_rows(indicators)["provider_id"])
    ids = experts if len(experts) <= max_bars else [provider_id]
    ids = [*ids, *[p for p in TOTALS if p in set(indicators["provider_id"])]]
    labels = [chart_label(names.get(p, t.get(f"totals.{p}", p))) for p in ids]
    values = [_shown(_value(indicators, p, column), p, hidden) * scale for p in ids]
    notes = [_note(p, hidden, lang) for p in ids]
    kinds = ["highlight" if p == provider_id else "total" if p in TOTALS else "expert" for p in ids]
    scaled = _scale_target(target, scale)
    return _bars(labels, values, notes, kinds, scaled, label, lang, decimals)


def _scale_target(target: Target, scale: float) -> Target:
    if target is None:
        return None
    if isinstance(target, tuple):
        return (target[0] * scale, target[1] * scale)
    return target * scale


def summary_chart(
    indicators: pd.DataFrame,
    column: str,
    target: Target,
    *,
    label: str = "",
    names: Mapping[str, str] | None = None,
    lang: str = "sv",
    scale: float = 1.0,
    decimals: int = 1,
    hidden: Mapping[str, str] | None = None,
    max_bars: int = MAX_BARS,
) -> Figure:
    """`column` across experts with the target; a histogram instead of bars past `max_bars`."""
    t = texts(lang)
    names = dict(names or {})
    experts = list(_expert_rows(indicators)["provider_id"])
    scaled = _scale_target(target, scale)
    if len(experts) <= max_bars:
        ids = [*experts, *[p for p in TOTALS if p in set(indicators["provider_id"])]]
        labels = [chart_label(names.get(p, t.get(f"totals.{p}", p))) for p in ids]
        values = [_shown(_value(indicators, p, column), p, hidden) * scale for p in ids]
        notes = [_note(p, hidden, lang) for p in ids]
        kinds = ["total" if p in TOTALS else "expert" for p in ids]
        return _bars(labels, values, notes, kinds, scaled, label, lang, decimals)
    drawn = np.array([_shown(_value(indicators, p, column), p, hidden) * scale for p in experts])
    drawn = drawn[np.isfinite(drawn)]
    with rc_context(_STYLE):
        fig = Figure(figsize=(6.0, 2.5))
        _set_margins(fig, [t("charts.count")])
        ax = fig.add_subplot()
        if len(drawn):
            ax.hist(
                drawn,
                bins=min(20, max(5, len(drawn) // 4)),
                color=GREY,
                edgecolor="white",
                zorder=2,
            )
        for pid, style in ((MEAN, "-"), (ALL, ":")):
            v = _shown(_value(indicators, pid, column), pid, hidden) * scale
            if np.isfinite(v):
                ax.axvline(v, color=TOTAL, ls=style, lw=1.5, zorder=3)
                ax.text(
                    v,
                    0.97,
                    f"{t.get(f'totals.{pid}', pid)} {format_number(v, decimals, lang)}",
                    transform=ax.get_xaxis_transform(),
                    rotation=90,
                    ha="right",
                    va="top",
                    fontsize=7,
                    color=MUTED,
                )
        ax.set_xlabel(label)
        ax.set_ylabel(t("charts.count"))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        _draw_target(ax, scaled, lang, decimals)
    return fig


def target_text(
    target: Target, kind: str, lang: str, scale: float = 1.0, decimals: int = 1, suffix: str = ""
) -> str:
    """'målet högst 14' / 'målet 42–70' / 'målet minst 4,0' for alt texts."""
    t = texts(lang)
    scaled = _scale_target(target, scale)
    if scaled is None:
        return ""
    if isinstance(scaled, tuple):
        return (
            t(
                "charts.target_range",
                min=_tnum(scaled[0], decimals, lang),
                max=_tnum(scaled[1], decimals, lang),
            )
            + suffix
        )
    key = "charts.target_min" if kind == "min" else "charts.target_max"
    return t(key, value=_tnum(scaled, decimals, lang)) + suffix


def figure_html(fig: Figure, alt: str, caption: str) -> Markup:
    """The figure as an inline SVG data URI in a chart figure, its alt text and caption escaped.

    Rendered by `templates/html/figure.html`. The SVG is byte-for-byte deterministic (fixed hash
    salt, no date); the figure is cleared.
    """
    return render("figure.html", svg=svg_base64(fig), alt=alt, caption=caption)


def svg_base64(fig: Figure) -> str:
    """The figure as deterministic SVG, base64-encoded; the figure is cleared."""
    buffer = io.BytesIO()
    with rc_context(_SVG_RC), warnings.catch_warnings():
        # Text goes into the SVG as text (svg.fonttype none) and the reader's fonts draw it; the
        # writer still lays each text out in DejaVu Sans, which lacks Ethiopic, CJK, Devanagari
        # and emoji. Labels are anchored (text-anchor), so that width is never used: the
        # warning says nothing about the chart.
        warnings.filterwarnings(
            "ignore", message="Glyph .* missing from font", category=UserWarning
        )
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    fig.clear()
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def seaborn_figure(width: float, height: float, style: str = "whitegrid") -> tuple[Figure, Axes]:
    """A figure of its own (not pyplot's) in a seaborn style: shown only where a caller displays
    it. (seaborn is imported here, not with this module: most pages draw without it.)"""
    import seaborn as sns

    with sns.axes_style(style):
        fig = Figure(figsize=(width, height), layout="constrained")
        ax = fig.add_subplot()
    return fig, ax


def targets_heatmap(met: pd.DataFrame) -> Figure:
    """Targets met (green), missed (red) or not judged (empty) by expert and parameter, period
    by period: `met` has columns period, Expert, Parameter and met (True/False/None), in order;
    with a provider_id column, experts of the same name are rows of their own.

    Drawn with fixed margins from counted label widths: seaborn's heatmap draws the figure to
    measure its tick labels (a glyph missing from the font warns, a long name collapses the
    axes), so it is not used here.
    """
    data = met.assign(value=met["met"].map({True: 1.0, False: 0.0}))
    key = "provider_id" if "provider_id" in data else "Expert"
    columns = list(dict.fromkeys(zip(data["period"], data["Parameter"], strict=True)))
    rows = list(dict.fromkeys(data[key]))
    names = dict(zip(data[key], data["Expert"], strict=True))
    table = data.pivot_table(
        index=key, columns=["period", "Parameter"], values="value", dropna=False
    ).reindex(index=rows, columns=pd.MultiIndex.from_tuples(columns))
    labels = [chart_label(str(names[r])) for r in rows]
    cell_w, cell_h = 0.75, 0.36
    left = _label_inches(labels, 8) + 0.15
    right, top, bottom = 0.1, 0.08, 0.42
    width = left + cell_w * max(len(columns), 2) + right
    height = bottom + cell_h * max(len(rows), 2) + top
    with rc_context(_STYLE):
        fig = Figure(figsize=(width, height))
        fig.subplots_adjust(
            left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height
        )
        ax = fig.add_subplot()
        values = np.ma.masked_invalid(table.to_numpy(dtype="float64"))
        ax.pcolormesh(
            values,
            cmap=ListedColormap(["#f2c4c4", "#bfe3c6"]),
            vmin=0,
            vmax=1,
            edgecolors="white",
            linewidth=1,
        )
        ax.set_xlim(0, len(columns))
        ax.set_ylim(len(rows), 0)
        ax.set_xticks(
            [i + 0.5 for i in range(len(columns))],
            [f"{param}\n{period}" for period, param in columns],
            fontsize=7,
        )
        ax.set_yticks([i + 0.5 for i in range(len(rows))], labels, fontsize=8)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
    return fig
