"""The explore notebook's charts (seaborn): the distributions behind the means, reasons, blocks,
trends.

Each function takes frames and returns a matplotlib Figure; nothing is shown or saved here.
The explore notebook uses them freely on unsuppressed data (it is internal); nothing here is
published.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from so_analysis.core.texts import texts
from so_analysis.measure.figures import ALL
from so_analysis.report.plots import seaborn_figure as _figure

PALETTE = "colorblind"
TARGET_COLOR = "#1a7f37"

BLOCKS_SV = {
    "module_komma_till_sverige": "Att komma till Sverige",
    "module_bo_i_sverige": "Att bo i Sverige",
    "module_forsorja_sig": "Att försörja sig och utvecklas i Sverige",
    "module_rattigheter_skyldigheter": "Individens rättigheter och skyldigheter",
    "module_familj_och_barn": "Att bilda familj och leva med barn i Sverige",
    "module_paverka": "Att påverka i Sverige",
    "module_varda_halsan": "Att vårda sin hälsa i Sverige",
    "module_aldras": "Att åldras i Sverige",
}


def days_by_expert(
    records: pd.DataFrame,
    column: str,
    label: str,
    target: float | None = None,
    by: str = "Expert",
) -> Figure:
    """Boxes with every record as a dot: the spread behind a mean (days to start, say)."""
    data = records[records[column].notna()]
    order = list(dict.fromkeys(data[by]))
    fig, ax = _figure(8, 0.55 * max(len(order), 2) + 1.2)
    if data.empty:
        ax.text(0.5, 0.5, "Inga uppgifter i perioden", ha="center", transform=ax.transAxes)
        return fig
    with warnings.catch_warnings():  # seaborn 0.13 passes matplotlib 3.11 a deprecated argument
        warnings.simplefilter("ignore", DeprecationWarning)
        sns.boxplot(data=data, x=column, y=by, order=order, ax=ax, color="#dce6f0", fliersize=0)
    sns.stripplot(data=data, x=column, y=by, order=order, ax=ax, size=3, alpha=0.45, jitter=0.25)
    if target is not None:
        ax.axvline(target, color=TARGET_COLOR, linestyle="--", linewidth=1.2)
        ax.text(target, -0.6, f" mål {target:g}", color=TARGET_COLOR, va="bottom")
    ax.set_xlabel(label)
    ax.set_ylabel("")
    return fig


def reasons(reason_counts: pd.DataFrame, names: Mapping[str, str]) -> Figure:
    """Dropouts by reason and expert, coloured by the reason's class."""
    data = reason_counts[reason_counts["provider_id"] != ALL].copy()
    data["Expert"] = data["provider_id"].map(names).fillna(data["provider_id"])
    data["Klass"] = data["reason_class"].map(
        {"positive": "positiv", "neutral": "neutral", "negative": "negativ"}
    )
    data["Klass"] = data["Klass"].fillna("ej angiven")
    labels = texts("sv").section("sections")["reasons"]
    data["reason"] = data["reason"].map(lambda code: labels.get(code, code))
    fig, ax = _figure(8, 0.4 * max(data["reason"].nunique(), 2) + 1.5)
    if data.empty:
        ax.text(0.5, 0.5, "Inga avbrott i perioden", ha="center", transform=ax.transAxes)
        return fig
    sns.barplot(data=data, x="n", y="reason", hue="Expert", ax=ax, palette=PALETTE, errorbar=None)
    ax.set_xlabel("avbrott")
    ax.set_ylabel("")
    return fig


def survey_blocks(survey: pd.DataFrame, names: Mapping[str, str]) -> Figure:
    """The mean score per course block and expert (the survey's `module_*` questions)."""
    blocks = [c for c in survey.columns if c.startswith("module_")]
    fig, ax = _figure(8, 0.45 * max(len(blocks), 2) + 1.5)
    if not blocks or survey.empty:
        ax.text(0.5, 0.5, "Inga svar per block", ha="center", transform=ax.transAxes)
        return fig
    scores = survey[blocks].apply(pd.to_numeric, errors="coerce").astype("float64")
    means = scores.groupby(survey["provider_id"], sort=False).mean()
    means.index = [names.get(pid, pid) for pid in means.index]
    means.columns = [BLOCKS_SV.get(c, c) for c in blocks]
    sns.heatmap(means.T, annot=True, fmt=".1f", vmin=1, vmax=5, cmap="RdYlGn", cbar=False, ax=ax)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="x", rotation=30)
    return fig


def trend_lines(values: pd.DataFrame, label: str, target: float | None = None) -> Figure:
    """One line per expert across periods: `values` has columns period, Expert and value."""
    fig, ax = _figure(8, 4)
    data = values[values["value"].notna()]
    if data.empty:
        ax.text(0.5, 0.5, "Inga uppgifter", ha="center", transform=ax.transAxes)
        return fig
    sns.lineplot(data=data, x="period", y="value", hue="Expert", marker="o", ax=ax, palette=PALETTE)
    if target is not None:
        ax.axhline(target, color=TARGET_COLOR, linestyle="--", linewidth=1.2, label="mål")
    ax.set_xlabel("")
    ax.set_ylabel(label)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig
