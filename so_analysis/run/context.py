"""The notebooks' entry point: one period's report (`report.publication.model.Report`: the
analysis and its publication models), made once per process.

The batch runner loads, validates and analyses the data once, makes what the notebooks read of
each record (`report.reads`), sends the notebook process that report without the records, which
registers it here with `preload`, and then forks one process per notebook, which finds it
already made, with its publication models built. A notebook run by hand (JupyterLab, the papermill CLI) finds nothing
registered and makes it itself, with the same functions, so it shows the same figures. (Loading
is imported only then: a batch's notebook process never needs the loaders.)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from so_analysis.report.publication.model import Report

_REPORTS: dict[tuple[str, str, str], Report] = {}
_LAST: list[tuple[Path, Report]] = []


def _key(data_dir: str | Path, period: str, as_of: str | date) -> tuple[str, str, str]:
    as_of_text = as_of.isoformat() if isinstance(as_of, date) else str(as_of)
    return (str(Path(data_dir).resolve()), str(period), as_of_text)


def preload(data_dir: str | Path, report: Report) -> None:
    """Register a report made by the runner, so notebooks forked from it reuse it."""
    analysis = report.analysis
    _REPORTS[_key(data_dir, analysis.period.label, analysis.as_of)] = report
    _LAST[:] = [(Path(data_dir), report)]


def preloaded() -> tuple[Path, Report] | None:
    """The data folder and report registered last (for a child that cannot inherit them)."""
    return _LAST[0] if _LAST else None


def period_report(data_dir: str | Path, period: str, as_of: str | date) -> Report:
    """The report for these parameters: the preloaded one, or loaded and computed now."""
    key = _key(data_dir, period, as_of)
    if key not in _REPORTS:
        from so_analysis.core.periods import parse_period
        from so_analysis.load.loading import load_dataset
        from so_analysis.measure.analysis import analyse

        as_of_date = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
        analysis = analyse(load_dataset(data_dir), parse_period(period), as_of_date)
        _REPORTS[key] = Report(analysis)
    return _REPORTS[key]
