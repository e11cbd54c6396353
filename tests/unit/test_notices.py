"""A notebook's notices (its warnings and stderr text) reach the run's log and the manifest, and
do not fail the run; a console line names an expert by a masked, shortened name."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

from so_analysis.core.periods import parse_period
from so_analysis.run import runner
from so_analysis.run.jobs import NotebookJob, NotebookResult

LONG = "Integra " * 700


class _Server:
    """Stands in for the notebook process: the results are ready."""

    def __init__(self, results: list[NotebookResult]):
        self._results = results

    def results(self, progress=None):
        for i, r in enumerate(self._results, start=1):
            if progress is not None:
                progress(i, len(self._results), r)
        return self._results


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def log_lines():
    """The runner's log lines (whatever an earlier test did to the package logger's handlers)."""
    logger = logging.getLogger(runner.__name__)
    lines, level = _Lines(), logger.level
    logger.addHandler(lines)
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(lines)
    logger.setLevel(level)


def _job(folder: Path, label: str, slug: str) -> NotebookJob:
    return NotebookJob(
        label=label,
        notebook=runner.EXPERT_NOTEBOOK,
        output=folder / "internt" / "notebooks" / f"expert-{slug}.ipynb",
        parameters={"provider_id": slug},
        page={},
        html_output=folder / "experter" / f"{slug}.html",
    )


def test_notices_are_logged_and_kept_in_the_notebook_records(tmp_path, log_lines):
    folder = tmp_path / "stage"
    jobs = [_job(folder, "Alfa AB", "alfa"), _job(folder, LONG, "integra")]
    results = [
        NotebookResult(jobs[0], True, notices=[]),
        NotebookResult(
            jobs[1], True, notices=["UserWarning: id 19121212-1212 (x.py:3)", "brus på stderr"]
        ),
    ]
    params = runner.RunParameters(tmp_path, parse_period("2017"), tmp_path, date(2018, 6, 30))
    outputs, records = runner.finish_report(jobs, params, folder, _Server(results))
    assert "experter/integra.html" in outputs
    assert [r["notices"] for r in records] == [[], results[1].notices]
    warned = [r.getMessage() for r in log_lines.records if r.levelno == logging.WARNING]
    short = "Integra Integra Integra Integra Integra Integra Integra Int…"
    assert warned == [
        f"anmärkning från {short}: UserWarning: id (dold) (x.py:3)",
        f"anmärkning från {short}: brus på stderr",
    ]
    progress = [r.getMessage() for r in log_lines.records if r.levelno == logging.INFO]
    assert progress[1] == f"[2/2] {short}: klar (0.0 s)"  # never 5,600 characters on a line


def test_a_failed_notebook_still_fails_the_run_and_its_notices_are_logged(tmp_path, log_lines):
    folder = tmp_path / "stage"
    job = _job(folder, "Alfa AB", "alfa")
    failed = NotebookResult(job, False, "ValueError: fel", notices=["varning"])
    params = runner.RunParameters(tmp_path, parse_period("2017"), tmp_path, date(2018, 6, 30))
    with pytest.raises(runner.NotebookFailure, match="Alfa AB \\(ValueError: fel\\)"):
        runner.finish_report([job], params, folder, _Server([failed]))
    warned = [r.getMessage() for r in log_lines.records if r.levelno == logging.WARNING]
    assert warned == ["anmärkning från Alfa AB: varning"]
