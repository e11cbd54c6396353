"""The stored notebooks: no outputs, a tagged parameters cell, the contract the runner relies on."""

import json
import re
import subprocess
from datetime import date
from pathlib import Path

import papermill
import pytest

from so_analysis.core.periods import parse_period
from so_analysis.run.runner import EXPERT_NOTEBOOK, SUMMARY_NOTEBOOK, RunParameters, notebook_jobs

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_there_are_the_three_notebooks():
    assert {p.name for p in NOTEBOOKS} == {"expert.ipynb", "sammanfattning.ipynb", "utforska.ipynb"}


def _stored(path: Path) -> str:
    """The notebook as git stores it (the index, cleaned by the nbstripout filter), or the file
    itself outside a git checkout: JupyterLab may save outputs into the working copy."""
    relative = path.resolve().relative_to(REPO).as_posix()
    shown = subprocess.run(
        ["git", "-C", str(REPO), "show", f":{relative}"], capture_output=True, text=True
    )
    return shown.stdout if shown.returncode == 0 else path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_without_outputs(path):
    nb = json.loads(_stored(path))
    for cell in nb["cells"]:
        assert not cell.get("outputs"), f"{path.name} is stored with outputs"
        assert cell.get("execution_count") is None, f"{path.name} is stored with execution counts"
    assert "papermill" not in nb.get("metadata", {}), f"{path.name} is an executed copy"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_tagged_parameters_cell_first_of_the_code(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    assert code[0] is tagged[0]


def test_runner_passes_exactly_what_the_notebooks_declare(tmp_path, sample_analysis):
    params = RunParameters(
        REPO / "data" / "sample", parse_period("2016"), tmp_path, date(2017, 6, 30), "sv"
    )
    jobs = notebook_jobs(sample_analysis, params, tmp_path)
    for job in jobs:
        declared = papermill.inspect_notebook(str(job.notebook))
        assert set(job.parameters) == set(declared), job.notebook.name
        for name, value in job.parameters.items():
            assert declared[name]["inferred_type_name"] == type(value).__name__
    assert jobs[0].notebook == SUMMARY_NOTEBOOK
    assert {j.notebook for j in jobs[1:]} == {EXPERT_NOTEBOOK}
    assert len(jobs) == 1 + len(sample_analysis.dataset.providers)


# What each notebook shows run with its defaults (the sample, 2017): the first heading of every
# section it displays, in order, as the section's output metadata names it.
HEADINGS = {
    "expert.ipynb": [
        "DiSara coaching AB",
        "Effektivitet: antagning",
        "Effektivitet: genomförande",
        "Kundnöjdhet",
        "Avbrott",
        "Dialog vid verksamhetsbesöket",
        "Auktorisationsvillkor",
        "Uppföljning av förra periodens utvecklingsplan",
        "Utveckling över tid",
    ],
    "sammanfattning.ipynb": [
        "Sammanfattning",
        "Syfte",
        "Urval och utförande",
        "Begränsningar",
        "Nyckeltal",
        "Tabell 1: resultat per expert",
        "Kvinnor och män",
        "Slutsatser",
        "Tid till start per undervisningsspråk",
        "Uppföljning av utvecklingsplanerna",
        "Annat utvecklingsarbete",
        "Diagram: alla experter",
        "Bilaga: datakvalitet",
        "Bilaga: underlag till Länsstyrelsens SO-enkät",
        "Bilaga: metod och definitioner",
    ],
    "utforska.ipynb": [],  # tables and charts, no report sections
}


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_top_to_bottom_with_its_defaults_in_a_real_kernel(path, tmp_path):
    """What an analyst does in JupyterLab: open it from notebooks/ and run every cell (papermill
    raises on a cell's error); then what the run shows."""
    executed = papermill.execute_notebook(
        str(path),
        str(tmp_path / path.name),
        kernel_name="python3",
        cwd=str(path.parent),
        progress_bar=False,
    )
    code = [c for c in executed.cells if c["cell_type"] == "code"]
    outputs = [o for c in code for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("name") == "stderr"], "warnings on the console"
    # the parameters and the imports show nothing; every cell after them shows something
    assert [i for i, c in enumerate(code[2:], start=2) if not c.get("outputs")] == []
    sections = [
        o["metadata"]["so_analysis"] for o in outputs if "so_analysis" in o.get("metadata", {})
    ]
    assert [s["headings"][0]["title"] for s in sections] == HEADINGS[path.name]
    for output in outputs:
        if "so_analysis" in output.get("metadata", {}):
            html = _text(output["data"]["text/html"])
            for heading in output["metadata"]["so_analysis"]["headings"]:
                assert f'id="{heading["id"]}"' in html, heading  # the heading is on the page
    if path.name == "utforska.ipynb":
        printed = "".join(_text(o["text"]) for o in outputs if o.get("name") == "stdout")
        assert printed.startswith(
            "Period 2017 (2017-01-01 – 2017-12-31), 6 experter, checklistan per 2018-06-30.\n"
        )
        assert re.search(r"^[1-9][0-9]* poster$", printed, re.MULTILINE)
        kinds = [mime for o in outputs for mime in o.get("data", {}) if mime != "text/plain"]
        assert kinds.count("image/png") == 6  # three distributions, reasons, blocks, trend
        assert kinds.count("text/html") == 7  # sources, indicators, records (2), three questions
