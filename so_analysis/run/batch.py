"""Run the report's notebooks with papermill: one fresh process per notebook, in parallel.

The process that forks the children has imported pandas, matplotlib and the package and holds
the analysis (see `so_analysis.run.context`); each child is a copy of it that runs one notebook
with the in-process engine and renders its HTML page, then exits. Nothing a notebook does
survives it, so no figure, variable or matplotlib setting can leak from one expert's section
into another's. Where `fork` is not available the children are spawned (slower: each imports
and warms up itself, and receives the analysis pickled; the output is the same).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from so_analysis.report.document import PageInfo, merge_report, render_page
from so_analysis.report.publication.model import Report
from so_analysis.run import context
from so_analysis.run.engine import ENGINE_NAME, METADATA_KEY, new_shell
from so_analysis.run.jobs import (
    MergedPage,
    NotebookJob,
    NotebookResult,
    ReportRequest,
    start_method,
)

__all__ = [
    "NotebookJob",
    "NotebookResult",
    "ParameterError",
    "check_parameters",
    "run_notebooks",
    "run_request",
    "warm_up",
]

log = logging.getLogger(__name__)

Progress = Callable[[int, int, NotebookResult], None]


class ParameterError(ValueError):
    """The parameters the runner would pass do not match the notebook's parameters cell."""


@cache
def _declared(path: Path, mtime_ns: int) -> dict[str, dict[str, Any]]:
    return dict(papermill.inspect_notebook(str(path)))


def notebook_parameters(path: Path) -> dict[str, dict[str, Any]]:
    """The parameters a notebook declares in its `parameters` cell (papermill's reading)."""
    return _declared(Path(path), Path(path).stat().st_mtime_ns)


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


def _page_info(page: PageInfo | Mapping[str, Any]) -> PageInfo:
    return page if isinstance(page, PageInfo) else PageInfo(**page)


def _run_one(job: NotebookJob) -> NotebookResult:
    """In a child process: execute the notebook in-process, write it and its HTML page."""
    started = time.perf_counter()
    logging.getLogger("papermill").setLevel(logging.ERROR)
    try:
        nb = papermill.execute_notebook(
            str(job.notebook),
            str(job.output),
            parameters=job.parameters,
            engine_name=ENGINE_NAME,
            progress_bar=False,
            request_save_on_cell_execute=False,
            cwd=str(job.notebook.parent),
        )
    except PapermillExecutionError as exc:
        _mask_parameters(job)
        return NotebookResult(
            job, False, f"{exc.ename}: {exc.evalue}", time.perf_counter() - started
        )
    except Exception as exc:  # a child must report, never die silently
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return NotebookResult(job, False, detail, time.perf_counter() - started)
    _mask_parameters(job)
    if job.html_output is not None:
        job.html_output.parent.mkdir(exist_ok=True)  # never re-creates a removed staged folder
        job.html_output.write_text(render_page(nb, _page_info(job.page)), encoding="utf-8")
    seconds = time.perf_counter() - started
    return NotebookResult(job, True, "", seconds, notebook=nb, notices=notices(nb))


def _mask_parameters(job: NotebookJob) -> None:
    """A personnummer in a parameter (a data folder's name, say) never stays in the executed copy."""
    from so_analysis.load.privacy import mask_personal_numbers

    given = [str(job.parameters), str(job.notebook), str(job.output)]
    if all(mask_personal_numbers(t) == t for t in given) or not job.output.exists():
        return
    nb = nbformat.read(job.output, as_version=4)
    meta = nb.metadata.get("papermill", {})
    cells = [c for c in nb.cells if "injected-parameters" in c.get("metadata", {}).get("tags", [])]
    for cell in cells:
        cell.source = mask_personal_numbers(cell.source)
    for key in ("input_path", "output_path"):
        if key in meta:
            meta[key] = mask_personal_numbers(str(meta[key]))
    params = meta.get("parameters", {})
    for key, value in params.items():
        if isinstance(value, str):
            params[key] = mask_personal_numbers(value)
    nbformat.write(nb, job.output)


def notices(nb: nbformat.NotebookNode) -> list[str]:
    """What the notebook's cells wrote to stderr or warned, as the engine noted it: logged and
    kept in the manifest, never a reason to fail (a cell that raises fails)."""
    return [str(n) for n in nb.metadata.get(METADATA_KEY, {}).get("notices", [])]


def _child_entry(job: NotebookJob) -> NotebookResult:
    # A child's own stdout/stderr would interleave with the progress lines: silence them.
    devnull = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the child
    sys.stdout = devnull
    sys.stderr = devnull
    return _run_one(job)


def _init_child(data_dir: Path | None, report: Report | None, lang: str, warm: bool) -> None:
    """A spawned child's start: it gets the report and warms up (a forked one has both).

    (No parent-death signal here: a pool makes replacement children from a thread, and such a
    signal would kill them when that thread ends, while they hold the pool's queue lock.)
    """
    if report is not None and data_dir is not None:
        context.preload(data_dir, report)
    if warm:
        warm_up(lang, shell=True)


def warm_up(lang: str = "sv", shell: bool = False) -> None:
    """Do once, before forking, what every child would otherwise do on its own: import what the
    notebooks import, compile the page and section templates, load the texts and the fonts,
    and (in a process that only runs notebooks) make the IPython shell."""
    import io

    from IPython.display import display  # noqa: F401 - the notebooks' first import
    from matplotlib.figure import Figure

    from so_analysis.core.texts import texts
    from so_analysis.report import sections  # noqa: F401 - the notebooks' first import
    from so_analysis.report.html import environment

    render_page(nbformat.v4.new_notebook(), PageInfo(title="", kicker="", meta="", footer=""))
    env = environment()
    for name in env.list_templates(filter_func=lambda name: not name.endswith(".j2")):
        env.get_template(name)  # the sections' and the page's templates (not dialog or memo)
    texts(lang)
    fig = Figure(figsize=(1, 1))
    ax = fig.add_subplot()
    ax.set_title("åäö", fontweight="bold")
    ax.text(0.5, 0.5, "åäö 0,5")
    fig.savefig(io.StringIO(), format="svg")
    if shell:
        new_shell()


def run_notebooks(
    jobs: list[NotebookJob],
    workers: int | None = None,
    progress: Progress | None = None,
    method: str | None = None,
    lang: str = "sv",
) -> list[NotebookResult]:
    """Run every job, `workers` at a time, each in a fresh child of this process; keep job order.

    The results keep the executed notebooks (`NotebookResult.notebook`) for the merged page.
    """
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    for job in jobs:
        check_parameters(job.notebook, job.parameters)
    method = method or start_method()
    preloaded = context.preloaded()
    if method == "fork":
        warm_up(lang)
        initargs: tuple[Any, ...] = (None, None, lang, False)
    else:  # a spawned child starts empty: it gets the report and warms up itself
        initargs = (*(preloaded or (None, None)), lang, True)
    results: dict[int, NotebookResult] = {}
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(
        processes=workers, maxtasksperchild=1, initializer=_init_child, initargs=initargs
    ) as pool:
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


def write_merged(results: list[NotebookResult], merged: MergedPage) -> None:
    """The full report from the executed notebooks: the summary, then each expert in order."""
    summary, *experts = results
    named = [(Path(str(r.job.html_output)).stem, r.notebook) for r in experts]
    notebook, _ = merge_report(summary.notebook, named)
    merged.output.write_text(
        render_page(notebook, _page_info(merged.page), with_toc=True), encoding="utf-8"
    )


def run_request(
    request: ReportRequest, progress: Progress | None = None, method: str | None = None
) -> list[NotebookResult]:
    """Run a report's notebooks and, when all succeed, write the merged page."""
    context.preload(request.data_dir, request.report)
    lang = str(request.jobs[0].parameters.get("lang", "sv")) if request.jobs else "sv"
    results = run_notebooks(request.jobs, request.workers, progress, method, lang)
    if request.merged is not None and all(r.ok for r in results):
        write_merged(results, request.merged)
    return results
