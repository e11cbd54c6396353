"""A papermill engine that runs a notebook's cells in this process, in an IPython shell.

Starting a Jupyter kernel and importing pandas and matplotlib in it costs about two seconds per
notebook. The batch runner instead imports everything once, loads and validates the data once,
and forks a fresh child process per notebook (see `so_analysis.run.batch`); inside the child this
engine executes the cells with IPython, so magics, `display()` and rich outputs work as in a
kernel. Each notebook gets a new process: nothing can leak from one expert's section into
another's. Run by hand (`papermill nb.ipynb out.ipynb -p …`) the same notebooks use a real
kernel and give the same result.

What a cell writes to stderr, and every warning it raises, is a *notice*, not a failure (the
rule is in docs/publishing.md §6): the engine records it in the notebook's metadata
(`so_analysis.notices`), the command logs it and the manifest keeps it, and the published page
never shows a stream. A cell that raises fails, and so does a display whose formatter raised
(IPython would show the plain-text fallback and carry on, leaving a section out).

papermill finds the engine by the name `so_inprocess` through the entry point group
`papermill.engine` (pyproject.toml), as it finds its own engines; so
`papermill --engine so_inprocess nb.ipynb out.ipynb` works wherever the package is installed.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import nbformat
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import CapturingDisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from papermill.engines import Engine
from traitlets import Type
from traitlets.config import Config

ENGINE_NAME = "so_inprocess"
METADATA_KEY = "so_analysis"  # the notebook's metadata: {"notices": [...]}
MAX_NOTICE_CHARS = 500  # a notice is for finding the cause, not for keeping a whole name


class _CollectingDisplayHook(DisplayHook):
    """The shell's display hook: a cell's last expression becomes an execute_result output."""

    outputs: list | None = None

    def write_output_prompt(self) -> None:
        return None

    def write_format_data(self, format_dict, md_dict=None) -> None:  # noqa: ANN001
        if self.outputs is not None:
            self.outputs.append(
                nbformat.v4.new_output(
                    "execute_result",
                    data=format_dict,
                    metadata=md_dict or {},
                    execution_count=self.prompt_count,
                )
            )

    def finish_displayhook(self) -> None:
        self._is_active = False


class _CapturingShell(InteractiveShell):
    """An IPython shell that records a failing cell's traceback instead of printing it, and
    the notebook's notices (warnings, text on stderr)."""

    displayhook_class = Type(_CollectingDisplayHook)
    display_pub_class = Type(CapturingDisplayPublisher)
    last_error: dict[str, Any] | None = None
    notices: list[str]  # the running notebook's (set by `new_shell` and for each notebook)

    def enable_gui(self, gui=None):  # noqa: ANN001 - inline figures need no GUI event loop
        return None

    def _showtraceback(self, etype, evalue, stb):  # noqa: ANN001 - IPython's signature
        self.last_error = {
            "ename": getattr(etype, "__name__", str(etype)),
            "evalue": str(evalue),
            "traceback": list(stb),
        }


def new_shell() -> _CapturingShell:
    """The shell of this process, made once: each notebook runs in a process of its own.

    A batch makes it in the warm parent before forking (see `so_analysis.run.server`); it has
    run nothing there, so every child starts from the same clean shell. No input history is
    kept (no history file, no thread that a fork could copy in the middle of a write).
    """
    if _CapturingShell.initialized():
        return _CapturingShell.instance()
    config = Config()
    config.HistoryManager.enabled = False
    shell = _CapturingShell.instance(config=config)
    shell.enable_matplotlib("inline")
    shell.notices = []
    return shell


def _notice(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_NOTICE_CHARS else text[: MAX_NOTICE_CHARS - 1] + "\u2026"


@contextmanager
def _warnings_noted(notices: list[str]) -> Iterator[None]:
    """Warnings raised meanwhile become notices ('UserWarning: … (file.py:12)'), not stderr."""

    def note(message, category, filename, lineno, file=None, line=None):  # noqa: ANN001
        notices.append(_notice(f"{category.__name__}: {message} ({Path(filename).name}:{lineno})"))

    with warnings.catch_warnings():
        warnings.showwarning = note
        yield


def _add_notices(shell: _CapturingShell, found: list[str]) -> None:
    for notice in found:
        if notice and notice not in shell.notices:
            shell.notices.append(notice)


def run_cell(shell: _CapturingShell, source: str) -> tuple[list, bool]:
    """Execute one cell; return its nbformat outputs and whether it failed (it raised, or a
    display's formatter raised). Its warnings and stderr text are added to `shell.notices`."""
    results: list = []
    shell.display_pub.outputs = []
    shell.displayhook.outputs = results
    shell.last_error = None
    out, err = io.StringIO(), io.StringIO()
    found: list[str] = []
    with redirect_stdout(out), redirect_stderr(err), _warnings_noted(found):
        result = shell.run_cell(source, store_history=True)
    _add_notices(shell, [*found, _notice(err.getvalue())])
    outputs = [
        nbformat.v4.new_output("stream", name=name, text=buffer.getvalue())
        for name, buffer in (("stdout", out), ("stderr", err))
        if buffer.getvalue()
    ]
    outputs += [
        nbformat.v4.new_output("display_data", data=o["data"], metadata=o.get("metadata") or {})
        for o in shell.display_pub.outputs
    ]
    outputs += results
    failed = not result.success or shell.last_error is not None
    if failed:
        error = shell.last_error or {
            "ename": type(result.error_in_exec or result.error_before_exec).__name__,
            "evalue": str(result.error_in_exec or result.error_before_exec),
            "traceback": [],
        }
        outputs.append(nbformat.v4.new_output("error", **error))
    return outputs, failed


class InProcessEngine(Engine):
    """papermill engine: cells run in this process's IPython shell, one notebook per process."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):  # noqa: ANN001
        shell = new_shell()
        shell.notices = []
        count = 0
        for index, cell in enumerate(nb_man.nb.cells):
            nb_man.cell_start(cell, index)
            if cell.cell_type == "code" and cell.source.strip():
                cell.outputs, failed = run_cell(shell, cell.source)
                count += 1
                cell.execution_count = count
                if failed:
                    nb_man.cell_exception(cell, index)
                    nb_man.cell_complete(cell, index)
                    break
            nb_man.cell_complete(cell, index)
        nb_man.nb.metadata[METADATA_KEY] = {"notices": list(shell.notices)}
        return nb_man.nb
