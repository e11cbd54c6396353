"""The package is whole: a wheel built with `python -m build`, installed non-editable into a fresh
venv, runs `so-report run` on a copy of the sample from an unrelated working directory.

The fresh venv sees the dependencies of the development venv (a `.pth` line naming its
site-packages, which does not run the editable install's finder) and gets the wheel with
`--no-deps`: nothing is downloaded, and `so_analysis` can only come from the wheel. What pip
would have put under the venv's `share/jupyter` with the dependencies (nbconvert's base
templates) is found through JUPYTER_PATH, as Jupyter looks for it.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import so_analysis

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"

# every data file the package reads at run time: these folders are shipped whole
DATA_FOLDERS = ("core/locales", "report/templates", "report/notebooks")


def _data_files() -> tuple[set[str], set[str]]:
    """The source package's loose data files and the files in its data folders, as wheel names."""
    package = REPO / "so_analysis"

    def name(path: Path) -> str:
        return "so_analysis/" + path.relative_to(package).as_posix()

    loose = {name(p) for p in package.glob("core/*.toml")}
    folders = {
        name(p)
        for folder in DATA_FOLDERS
        for p in (package / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    return loose, folders


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp(
        "source"
    )  # a clean copy: no build/ or egg-info in the checkout
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, source / name)
    shutil.copytree(
        REPO / "so_analysis", source / "so_analysis", ignore=shutil.ignore_patterns("__pycache__")
    )
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    [path] = out.glob("so_analysis-*.whl")
    return path


def test_the_wheel_holds_the_notebooks_templates_texts_and_entry_points(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        entry_text = z.read(entry_points).decode()
    loose, folders = _data_files()
    assert "so_analysis/core/defaults.toml" in loose
    assert "so_analysis/report/notebooks/expert.ipynb" in folders
    assert loose <= names, sorted(loose - names)
    prefixes = tuple(f"so_analysis/{folder}/" for folder in DATA_FOLDERS)
    assert {n for n in names if n.startswith(prefixes)} == folders
    assert "[papermill.engine]" in entry_text
    assert "so_inprocess = so_analysis.run.engine:InProcessEngine" in entry_text
    assert "so-report = so_analysis.cli:main" in entry_text
    assert not any(n.startswith(("tests/", "data/", "notebooks/")) for n in names)
    assert wheel.name.startswith(f"so_analysis-{so_analysis.__version__}-")


def test_the_installed_wheel_runs_the_report_from_any_folder(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # the development venv's dependencies, but not its editable so_analysis
    (site / "dev_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q"]
        + ["--no-index", str(wheel)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    shutil.copytree(SAMPLE, elsewhere / "data")
    where = subprocess.run(
        [str(python), "-c", "import so_analysis; print(so_analysis.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(site), where  # the wheel's copy, not the checkout
    command = [str(env_dir / "bin" / "so-report"), "run", "--data", "data", "--period", "2016"]
    jupyter_data = Path(sysconfig.get_path("data")) / "share" / "jupyter"
    done = subprocess.run(
        [*command, "--as-of", "2017-06-30", "--out", "out", "--quiet"],
        cwd=elsewhere,
        env={**os.environ, "JUPYTER_PATH": str(jupyter_data)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    report = elsewhere / "out" / "2016"
    assert (report / "kvalitetsrapport.html").stat().st_size > 10_000
    assert len(list((report / "experter").glob("*.html"))) == 6
    manifest = json.loads((report / "internt" / "manifest.json").read_text(encoding="utf-8"))
    assert {r["notebook"] for r in manifest["notebooks"]} == {
        "so_analysis/report/notebooks/expert.ipynb",
        "so_analysis/report/notebooks/sammanfattning.ipynb",
    }
    assert manifest["versions"]["so-analysis"] == so_analysis.__version__
    assert manifest["requirements_lock_sha256"] is None  # a wheel has no lock file beside it
    executed = json.loads(
        (report / "internt" / "notebooks" / "sammanfattning.ipynb").read_text(encoding="utf-8")
    )
    assert Path(executed["metadata"]["papermill"]["input_path"]).is_relative_to(site)
