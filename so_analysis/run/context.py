"""The notebooks' entry point: the analysis of a data folder and period, computed once per process.

The batch runner loads, validates and analyses the data once, registers the result here with
`preload`, and then forks one process per notebook, which finds it already computed. A notebook
run by hand (JupyterLab, the papermill CLI) finds nothing registered and computes it itself, with
the same functions, so it shows the same figures. (Loading is imported only then: a batch's
notebook process never needs the loaders.)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from so_analysis.measure.analysis import Analysis

_ANALYSES: dict[tuple[str, str, str], Analysis] = {}
_LAST: list[tuple[Path, Analysis]] = []


def _key(data_dir: str | Path, period: str, as_of: str | date) -> tuple[str, str, str]:
    as_of_text = as_of.isoformat() if isinstance(as_of, date) else str(as_of)
    return (str(Path(data_dir).resolve()), str(period), as_of_text)


def preload(data_dir: str | Path, analysis: Analysis) -> None:
    """Register an analysis computed by the runner, so notebooks forked from it reuse it."""
    _ANALYSES[_key(data_dir, analysis.period.label, analysis.as_of)] = analysis
    _LAST[:] = [(Path(data_dir), analysis)]


def preloaded() -> tuple[Path, Analysis] | None:
    """The data folder and analysis registered last (for a child that cannot inherit them)."""
    return _LAST[0] if _LAST else None


def report_analysis(data_dir: str | Path, period: str, as_of: str | date) -> Analysis:
    """The analysis for these parameters: the preloaded one, or loaded and computed now."""
    key = _key(data_dir, period, as_of)
    if key not in _ANALYSES:
        from so_analysis.core.periods import parse_period
        from so_analysis.load.loading import load_dataset
        from so_analysis.measure.analysis import analyse

        as_of_date = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
        _ANALYSES[key] = analyse(load_dataset(data_dir), parse_period(period), as_of_date)
    return _ANALYSES[key]
