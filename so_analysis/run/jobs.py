"""What the command asks of the notebook side, and what it gets back: plain data, standard library only.

The command's process builds these and sends them (pickled) to the notebook process
(`so_analysis.run.server`), so it never needs to import papermill, nbconvert or IPython itself.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from so_analysis.report.publication.model import Report

START_METHOD_ENV = "SO_ANALYSIS_START_METHOD"
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass(frozen=True)
class NotebookJob:
    """One notebook to run: where it is, where the executed copy goes, with what parameters."""

    label: str  # what a person calls it: the expert's name, or "sammanfattning"
    notebook: Path
    output: Path
    parameters: dict[str, Any]
    page: Any  # the page's head and foot: a `document.PageInfo` or a mapping of its fields
    html_output: Path | None = None


@dataclass
class NotebookResult:
    job: NotebookJob
    ok: bool
    error: str = ""
    seconds: float = 0.0
    notebook: Any = field(default=None, repr=False)  # the executed notebook, on the notebook side
    notices: list[str] = field(default_factory=list)  # its warnings and stderr text (engine)


@dataclass(frozen=True)
class MergedPage:
    """The full report: the first job's notebook is the summary, the others the experts in order."""

    page: Mapping[str, Any]
    output: Path


@dataclass(frozen=True)
class ReportRequest:
    """Everything the notebook process needs: the report (its analysis computed once, what the
    notebooks read of it made: `report.reads.for_notebooks`), the jobs, the merge."""

    data_dir: Path
    report: Report
    jobs: list[NotebookJob]
    merged: MergedPage | None = None
    workers: int | None = None


def start_method() -> str:
    """`fork` where the system has it (fast: children share the warm parent), else `spawn`.

    The environment variable SO_ANALYSIS_START_METHOD may choose `spawn` (or `forkserver`).
    """
    methods = multiprocessing.get_all_start_methods()
    chosen = os.environ.get(START_METHOD_ENV, "").strip()
    if chosen:
        if chosen not in methods:
            raise ValueError(f"{START_METHOD_ENV}={chosen!r}: this system has {methods}")
        return chosen
    return "fork" if "fork" in methods else "spawn"


def die_with_parent() -> None:
    """Linux: this process is killed when its parent dies (a killed run leaves no orphan writing
    into its staged folder while the next command cleans it up). Elsewhere nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
