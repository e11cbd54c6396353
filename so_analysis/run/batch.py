"""Run the report's notebooks with papermill: one fresh forked process per notebook, in parallel.

The parent has imported pandas, matplotlib and the package and holds the analysis (see
`so_analysis.run.context`); each child is a copy of it that runs one notebook with the in-process
engine and renders its HTML page, then exits. Nothing a notebook does survives it, so no figure,
variable or matplotlib setting can leak from one expert's section into another's.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from so_analysis.report.document import PageInfo, render_page
from so_analysis.run import engine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NotebookJob:
    """One notebook to run: where it is, where the executed copy goes, with what parameters."""

    label: str  # what a person calls it: the expert's name, or "sammanfattning"
    notebook: Path
    output: Path
    parameters: dict[str, Any]
    page: PageInfo
    html_output: Path | None = None


@dataclass
class NotebookResult:
    job: NotebookJob
    ok: bool
    error: str = ""
    seconds: float = 0.0


class ParameterError(ValueError):
    """The parameters the runner would pass do not match the notebook's parameters cell."""


def notebook_parameters(path: Path) -> dict[str, dict[str, Any]]:
    """The parameters a notebook declares in its `parameters` cell (papermill's reading)."""
    return dict(papermill.inspect_notebook(str(path)))


def check_parameters(path: Path, parameters: dict[str, Any]) -> None:
    """Refuse, before any notebook runs, a parameter set that the notebook does not declare."""
    declared = notebook_parameters(path)
    if not declared:
        raise ParameterError(f"{path.name} has no cell tagged 'parameters'")
    unknown = sorted(set(parameters) - set(declared))
    missing = sorted(set(declared) - set(parameters))
    if unknown or missing:
        raise ParameterError(
            f"{path.name}: parameters passed but not declared {unknown}, declared but not passed {missing}"
        )
    for name, value in parameters.items():
        inferred = (declared[name].get("inferred_type_name") or "").replace("None", "").strip()
        if inferred in ("str", "int", "float", "bool") and type(value).__name__ != inferred:
            raise ParameterError(
                f"{path.name}: parameter {name} is {inferred} in the notebook, "
                f"the runner passes {type(value).__name__}"
            )


def _run_one(job: NotebookJob) -> NotebookResult:
    """In a child process: execute the notebook in-process, write it and its HTML page."""
    import time

    started = time.perf_counter()
    engine.register()
    logging.getLogger("papermill").setLevel(logging.ERROR)
    try:
        nb = papermill.execute_notebook(
            str(job.notebook),
            str(job.output),
            parameters=job.parameters,
            engine_name=engine.ENGINE_NAME,
            progress_bar=False,
            request_save_on_cell_execute=False,
            cwd=str(job.notebook.parent),
        )
    except PapermillExecutionError as exc:
        return NotebookResult(
            job, False, f"{exc.ename}: {exc.evalue}", time.perf_counter() - started
        )
    except Exception as exc:  # a child must report, never die silently
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return NotebookResult(job, False, detail, time.perf_counter() - started)
    problems = _output_problems(nb)
    if problems:
        return NotebookResult(job, False, "; ".join(problems), time.perf_counter() - started)
    if job.html_output is not None:
        job.html_output.parent.mkdir(parents=True, exist_ok=True)
        job.html_output.write_text(render_page(nb, job.page), encoding="utf-8")
    return NotebookResult(job, True, "", time.perf_counter() - started)


def _output_problems(nb: nbformat.NotebookNode) -> list[str]:
    """A published notebook has no stderr, warnings or errors in its outputs."""
    problems = []
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                problems.append(f"cell {i} wrote to stderr: {output.get('text', '')[:200]!r}")
    return problems


def _child_entry(job: NotebookJob) -> NotebookResult:
    # A child's own stdout/stderr would interleave with the progress lines: silence them.
    devnull = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the child
    sys.stdout = devnull
    sys.stderr = devnull
    return _run_one(job)


def warm_up() -> None:
    """Do once in the parent what every child would otherwise do: compile the page template,
    load the fonts and the SVG backend. The children are forked from a warm process."""
    from matplotlib.figure import Figure

    from so_analysis.report.plots import figure_html

    render_page(nbformat.v4.new_notebook(), PageInfo(title="", kicker="", meta="", footer=""))
    fig = Figure(figsize=(1, 1))
    fig.add_subplot().text(0.5, 0.5, "åäö 0,5")
    figure_html(fig, "", "")
    engine.register()


def run_notebooks(
    jobs: list[NotebookJob],
    workers: int | None = None,
    progress: Callable[[int, int, NotebookResult], None] | None = None,
) -> list[NotebookResult]:
    """Run every job, `workers` at a time, each in a fresh fork of this process; keep job order."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    for job in jobs:
        check_parameters(job.notebook, job.parameters)
    warm_up()
    results: dict[int, NotebookResult] = {}
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(processes=workers, maxtasksperchild=1) as pool:
        for done, (index, result) in enumerate(
            pool.imap_unordered(_indexed, list(enumerate(jobs))), start=1
        ):
            results[index] = result
            if progress is not None:
                progress(done, len(jobs), result)
    return [results[i] for i in range(len(jobs))]


def _indexed(item: tuple[int, NotebookJob]) -> tuple[int, NotebookResult]:
    index, job = item
    return index, _child_entry(job)
