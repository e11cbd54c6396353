"""The notebook process: started first, it warms up the notebook side while the command loads.

`so-report run` starts it before reading any data. While the command's own process loads,
validates and analyses the data, this process imports papermill, nbconvert, IPython, matplotlib
and the sections, compiles the templates, loads the fonts and makes the IPython shell: on two
cores the two halves of the start-up overlap. It then receives what the notebooks read of the
analysis (`so_analysis.report.reads`; pickled once, its large columns of text packed:
`so_analysis.run.transfer`), forks one child per notebook
(`so_analysis.run.batch`) and writes the merged report. The command meanwhile writes what needs
no notebook (`NotebookServer.submit`, then `NotebookServer.results`).

Its imports are the standard library only, so that the command's process never pays for the
notebook side's imports.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from so_analysis.run import transfer
from so_analysis.run.jobs import NotebookResult, ReportRequest, die_with_parent, start_method


class NotebookServer:
    """A child process that runs one report's notebooks; use as a context manager."""

    def __init__(self, lang: str = "sv", method: str | None = None) -> None:
        self.method = method or start_method()
        ctx: Any = multiprocessing.get_context(self.method)
        self._conn, theirs = ctx.Pipe()
        self._process = ctx.Process(
            target=_serve, args=(theirs, lang, self.method), name="so-report-notebooks"
        )
        self._process.start()
        theirs.close()
        self._sender = transfer.Sender(self._conn)
        self._asked = False

    def submit(self, request: ReportRequest) -> None:
        """Send the request (from a thread, should the process still be warming up); the
        notebooks run while this process does other work."""
        self._asked = True
        self._sender.send(request, wait=False)  # if it died, `results` says why

    def results(
        self, progress: Callable[[int, int, NotebookResult], None] | None = None
    ) -> list[NotebookResult]:
        """Wait for the submitted request's results, passing on its progress."""
        self._sender.wait()
        while True:
            try:
                kind, payload = self._conn.recv()
            except (EOFError, ConnectionResetError):
                raise RuntimeError(
                    f"the notebook process ended unexpectedly (exit {self._process.exitcode})"
                ) from None
            if kind == "progress":
                if progress is not None:
                    progress(*payload)
            elif kind == "error":
                raise payload
            else:
                return payload

    def close(self) -> None:
        """End the process: at once if it was never asked (the input was invalid), else join it."""
        if not self._asked:
            self._process.terminate()
        self._sender.wait()  # a request still being sent: its pipe is broken now
        with contextlib.suppress(OSError):
            self._conn.close()
        self._process.join(timeout=30)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()

    def __enter__(self) -> NotebookServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _light(result: NotebookResult) -> NotebookResult:
    return dataclasses.replace(result, notebook=None)


def _serve(conn: Connection, lang: str, method: str) -> None:
    """The notebook process: warm up, wait for the request, run it, answer."""
    die_with_parent()
    # jsonschema (imported by nbformat) imports rfc3987_syntax where it is installed, for its
    # "iri" format checks, and that compiles a grammar on import: a second of this process's
    # start. Nothing here checks formats (nbformat's schemas name none), so it is left out.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    try:
        from so_analysis.run import batch

        # Spawned children start empty and warm up themselves; only forked ones share this.
        batch.warm_up(lang, shell=method == "fork")
        gc.freeze()  # the children need not scan (and so copy) what they inherit
        try:
            request: ReportRequest = transfer.receive(conn)
        except (EOFError, OSError):
            return  # the command ended before it needed notebooks (invalid input)

        def progress(done: int, total: int, result: NotebookResult) -> None:
            conn.send(("progress", (done, total, _light(result))))

        results = batch.run_request(request, progress=progress, method=method)
        conn.send(("done", [_light(r) for r in results]))
    except (BrokenPipeError, ConnectionResetError):
        return
    except BaseException as exc:  # the command reports it; this process only passes it on
        _send_error(conn, exc)


def _send_error(conn: Connection, exc: BaseException) -> None:
    error: Any = exc
    try:
        conn.send(("error", error))
    except (BrokenPipeError, ConnectionResetError):
        return
    except Exception:  # an exception that cannot be pickled: send its text
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
