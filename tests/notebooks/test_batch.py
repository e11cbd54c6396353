"""The in-process papermill engine and the fork-per-notebook batch."""

import nbformat
import pytest

from so_analysis.report.document import PageInfo
from so_analysis.run.batch import NotebookJob, ParameterError, check_parameters, run_notebooks

PAGE = PageInfo(title="t", kicker="k", meta="m", footer="f")


def _notebook(path, params: str, *cells: str):
    nb = nbformat.v4.new_notebook()
    p = nbformat.v4.new_code_cell(params)
    p.metadata["tags"] = ["parameters"]
    nb.cells = [p, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def _job(tmp_path, nb, label, **params):
    return NotebookJob(label, nb, tmp_path / f"out-{label}.ipynb", params, PAGE)


def _html(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    return [
        o["data"]["text/html"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    ]


def test_nothing_leaks_from_one_notebook_to_the_next(tmp_path):
    writer = _notebook(
        tmp_path / "writer.ipynb",
        'secret: str = ""',
        "import matplotlib\nimport so_analysis\n"
        "matplotlib.rcParams['axes.titlesize'] = 31\n"
        "so_analysis._leaked = secret\n"
        "import builtins\nbuiltins.LEAK = secret\n"
        "shared_variable = secret",
    )
    reader = _notebook(
        tmp_path / "reader.ipynb",
        'name: str = ""',
        "import builtins\nimport matplotlib\nimport so_analysis\nfrom IPython.display import HTML, display\n"
        "found = [\n"
        "    'variable' if 'shared_variable' in globals() else '',\n"
        "    'module' if hasattr(so_analysis, '_leaked') else '',\n"
        "    'builtins' if hasattr(builtins, 'LEAK') else '',\n"
        "    'rc' if matplotlib.rcParams['axes.titlesize'] == 31 else '',\n"
        "]\n"
        "display(HTML('<p>leaks:' + ','.join(f for f in found if f) + '</p>'))",
    )
    # One worker: every notebook runs one after the other, as close as leaks could get.
    jobs = [_job(tmp_path, writer, "w1", secret="Expert A")]
    jobs += [_job(tmp_path, reader, "r1", name="Expert B")]
    jobs += [_job(tmp_path, writer, "w2", secret="Expert C")]
    jobs += [_job(tmp_path, reader, "r2", name="Expert D")]
    results = run_notebooks(jobs, workers=1)
    assert all(r.ok for r in results), [r.error for r in results]
    for name in ("r1", "r2"):
        assert _html(tmp_path / f"out-{name}.ipynb") == ["<p>leaks:</p>"]


def test_a_failing_cell_is_reported_and_the_notebook_kept(tmp_path):
    nb = _notebook(tmp_path / "bad.ipynb", "n: int = 1", "x = 1 / (n - 1)")
    ok = _notebook(tmp_path / "ok.ipynb", "n: int = 1", "y = n")
    results = run_notebooks([_job(tmp_path, nb, "bad", n=1), _job(tmp_path, ok, "ok", n=2)])
    assert [r.ok for r in results] == [False, True]
    assert "ZeroDivisionError" in results[0].error
    kept = nbformat.read(tmp_path / "out-bad.ipynb", as_version=4)
    assert any(o.output_type == "error" for c in kept.cells for o in c.get("outputs", []))


def test_stderr_and_warnings_are_notices_not_failures(tmp_path):
    """The rule (docs/publishing.md §6): a warning or text on stderr is noted, logged and kept
    in the manifest; the page is published without it. Only an error fails a notebook."""
    nb = _notebook(
        tmp_path / "noisy.ipynb",
        "n: int = 1",
        "import sys\nprint('brus', file=sys.stderr)",
        "import warnings\nfor _ in range(3):\n    warnings.warn('glyph saknas')",
        "from IPython.display import HTML, display\ndisplay(HTML('<p>sidan</p>'))",
    )
    [result] = run_notebooks([_job(tmp_path, nb, "noisy", n=1)])
    assert result.ok, result.error
    assert result.notices[0] == "brus"
    assert len(result.notices) == 2  # the same warning three times is one notice
    assert result.notices[1].startswith("UserWarning: glyph saknas (")
    kept = nbformat.read(tmp_path / "out-noisy.ipynb", as_version=4)
    assert kept.metadata["so_analysis"]["notices"] == result.notices
    assert _html(tmp_path / "out-noisy.ipynb") == ["<p>sidan</p>"]


def test_a_display_whose_formatter_raises_fails_the_notebook(tmp_path):
    """IPython shows the plain-text fallback and goes on: a section would be missing."""
    nb = _notebook(
        tmp_path / "broken.ipynb",
        "n: int = 1",
        "from IPython.display import display\n"
        "class Section:\n"
        "    def _repr_html_(self):\n"
        "        raise ValueError('mall saknas')\n"
        "display(Section())",
    )
    [result] = run_notebooks([_job(tmp_path, nb, "broken", n=1)])
    assert not result.ok
    assert "mall saknas" in result.error


def test_rich_outputs_are_captured(tmp_path):
    nb = _notebook(
        tmp_path / "rich.ipynb",
        "n: int = 2",
        "from IPython.display import HTML, display\ndisplay(HTML('<b>hej</b>'))\nprint('ut')",
        "n * 21",
    )
    [result] = run_notebooks([_job(tmp_path, nb, "rich", n=2)])
    assert result.ok
    out = nbformat.read(tmp_path / "out-rich.ipynb", as_version=4)
    kinds = [o.output_type for c in out.cells for o in c.get("outputs", [])]
    assert kinds == ["stream", "display_data", "execute_result"]
    assert out.cells[-1].outputs[0]["data"]["text/plain"] == "42"


def test_parameters_are_checked_before_anything_runs(tmp_path):
    nb = _notebook(tmp_path / "p.ipynb", 'period: str = "2016"\nn: int = 1', "pass")
    check_parameters(nb, {"period": "2017", "n": 3})
    with pytest.raises(ParameterError, match="not declared"):
        check_parameters(nb, {"period": "2017", "n": 3, "extra": 1})
    with pytest.raises(ParameterError, match="declared but not passed"):
        check_parameters(nb, {"period": "2017"})
    with pytest.raises(ParameterError, match="is int"):
        check_parameters(nb, {"period": "2017", "n": "3"})
    with pytest.raises(ParameterError, match="not declared"):
        run_notebooks([_job(tmp_path, nb, "x", period="2017", n=3, typo=1)])
    assert not (tmp_path / "out-x.ipynb").exists()


def _outputs(path):
    nb = nbformat.read(path, as_version=4)
    return [(c.source, c.get("outputs", [])) for c in nb.cells]


def test_spawned_children_give_the_same_notebooks_as_forked_ones(tmp_path):
    """Where `fork` is missing the children are spawned: slower, and the very same output."""
    nb = _notebook(
        tmp_path / "nb.ipynb",
        'name: str = ""',
        "from IPython.display import HTML, display\nimport matplotlib\n"
        "display(HTML(f'<p>{name}: {matplotlib.get_backend()}</p>'))\nprint(name.upper())",
        "len(name) * 2",
    )
    runs = {}
    for method in ("fork", "spawn"):
        folder = tmp_path / method
        folder.mkdir()
        jobs = [
            NotebookJob(n, nb, folder / f"{n}.ipynb", {"name": n}, PAGE, folder / f"{n}.html")
            for n in ("Alfa", "Beta")
        ]
        results = run_notebooks(jobs, workers=2, method=method)
        assert all(r.ok for r in results), [r.error for r in results]
        runs[method] = [
            (_outputs(j.output), j.html_output.read_text(encoding="utf-8")) for j in jobs
        ]
    assert runs["spawn"] == runs["fork"]
    assert "<p>Alfa: inline</p>" in runs["spawn"][0][1]


def test_the_start_method_falls_back_to_spawn_without_fork(monkeypatch):
    from so_analysis.run import jobs

    monkeypatch.delenv(jobs.START_METHOD_ENV, raising=False)
    monkeypatch.setattr(jobs.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert jobs.start_method() == "spawn"
    monkeypatch.setattr(
        jobs.multiprocessing, "get_all_start_methods", lambda: ["fork", "spawn", "forkserver"]
    )
    assert jobs.start_method() == "fork"
    monkeypatch.setenv(jobs.START_METHOD_ENV, "spawn")
    assert jobs.start_method() == "spawn"
    monkeypatch.setenv(jobs.START_METHOD_ENV, "threads")
    with pytest.raises(ValueError, match="SO_ANALYSIS_START_METHOD"):
        jobs.start_method()


def test_papermill_finds_the_engine_through_its_entry_point(tmp_path):
    """Registered in pyproject.toml, not in code: papermill's own CLI finds `so_inprocess`."""
    import subprocess
    import sys
    from pathlib import Path

    probe = (
        "from papermill.engines import papermill_engines\n"
        "import sys\n"
        "engine = papermill_engines.get_engine('so_inprocess')\n"
        "print(engine.__module__, engine.__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.split() == ["so_analysis.run.engine", "InProcessEngine"], done.stderr
    nb = _notebook(tmp_path / "p.ipynb", "n: int = 1", "import os\nprint(os.getpid() * 0 + n)")
    papermill = Path(sys.executable).parent / "papermill"
    done = subprocess.run(
        [str(papermill), str(nb), str(tmp_path / "out.ipynb"), "--engine", "so_inprocess"]
        + ["-p", "n", "7", "--no-progress-bar"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert out.cells[-1].outputs[0]["text"] == "7\n"
