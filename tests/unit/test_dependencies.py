"""The dependencies declared are those imported; environment.yml names the same as pyproject.toml."""

from __future__ import annotations

import ast
import functools
import json
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# Declared and never imported, for a reason: the kernel the notebooks name ("python3").
RUN_ONLY = {"ipykernel"}
# The dev extra's programs: run, never imported.
TOOLS = {"ruff", "mypy", "build", "jupyterlab", "nbstripout", "pre-commit", "setuptools"}
TOOLS |= {"weasyprint"}  # the benchmarks' peer runs its command (benchmarks/bench_report.py)
# conda-forge's name where it is not PyPI's (the packages without their optional parts)
CONDA_NAMES = {
    "pandera": "pandera-base",
    "matplotlib": "matplotlib-base",
    "seaborn": "seaborn-base",
    "nbconvert": "nbconvert-core",
    "build": "python-build",
}


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement)[0]).lower()


def _spec(requirement: str) -> tuple[str, str]:
    name = _name(requirement)
    return name, requirement.split("#")[0].strip()[len(name) :].replace(" ", "")


def _sources(*folders: str) -> list[str]:
    """The code of every module and notebook under `folders`."""
    out = []
    for folder in folders:
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix == ".py":
                out.append(path.read_text(encoding="utf-8"))
            elif path.suffix == ".ipynb":
                cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
                code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
                lines = "\n".join(code).splitlines()
                out.append("\n".join(x for x in lines if not x.lstrip().startswith(("%", "!"))))
    return out


@functools.cache
def _distributions() -> dict[str, list[str]]:
    return dict(metadata.packages_distributions())


def _imported(*folders: str) -> set[str]:
    """The distributions whose modules the code under `folders` imports (stdlib and ours left out)."""
    modules: set[str] = set()
    for source in _sources(*folders):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                modules |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module.split(".")[0])
    local = {"so_analysis", "conftest", "frames"} | {p.stem for p in (REPO / "tests").rglob("*.py")}
    local |= {p.name for p in (REPO / "tests").iterdir() if p.is_dir()}  # test packages
    local |= {p.stem for p in (REPO / "benchmarks").glob("*.py")}
    distributions = _distributions()
    out = set()
    for module in modules - set(sys.stdlib_module_names) - local:
        assert module in distributions, f"{module} is imported and installed by no distribution"
        out |= {_name(d) for d in distributions[module]}
    return out


def test_the_package_declares_what_it_imports_and_nothing_else():
    declared = {_name(r) for r in PYPROJECT["dependencies"]}
    assert _imported("so_analysis") == declared - RUN_ONLY


def test_tests_scripts_and_benchmarks_import_only_what_is_declared():
    declared = {_name(r) for r in PYPROJECT["dependencies"]}
    dev = {_name(r) for r in PYPROJECT["optional-dependencies"]["dev"]}
    used = _imported("tests", "scripts", "benchmarks")
    assert used <= declared | dev, used - declared - dev
    assert dev - TOOLS <= used  # a library in the dev extra is there because a test imports it


def test_environment_yml_names_the_same_packages_and_ranges_as_pyproject():
    text = (REPO / "environment.yml").read_text(encoding="utf-8")
    lines = text.partition("\ndependencies:\n")[2].splitlines()
    conda = {
        _spec(m[1] or m[2])
        for line in lines
        # conda's packages, and those pip installs from PyPI (not on conda-forge)
        if (m := re.fullmatch(r"  - ([A-Za-z][^\s#]*)\s*(?:#.*)?|      - ([A-Za-z][^\s#]*)", line))
        and _name(m[1] or m[2]) not in ("python", "pip")
    }
    wanted = {
        (CONDA_NAMES.get(name, name), spec)
        for name, spec in map(
            _spec, [*PYPROJECT["dependencies"], *PYPROJECT["optional-dependencies"]["dev"]]
        )
    }
    assert conda == wanted
