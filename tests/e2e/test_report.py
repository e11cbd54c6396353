"""The main job end to end on the sample: files, HTML checks, atomicity, failures, languages."""

import hashlib
import json
import platform
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import so_analysis
from so_analysis.cli import main
from so_analysis.load.loading import load_dataset
from so_analysis.measure.figures import CONTRACT_COLUMNS as INDICATOR_COLUMNS
from so_analysis.run import runner

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"
SLUGS = [
    "disara-coaching-ab",
    "jobblotsen-sverige-ab",
    "omsorgslyftet-utbildningar-ab",
    "strombergs-jobbcoachning",
    "academedia-eductus-ab",
    "integra",
]


def _run(data, out, *extra):
    return main(
        [
            "run",
            "--data",
            str(data),
            "--period",
            "2016",
            "--out",
            str(out),
            "--as-of",
            "2017-06-30",
            "--quiet",
            *extra,
        ]
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    import os

    os.environ["SO_ANALYSIS_KEY"] = "test-key-only-for-the-test-suite"
    out = tmp_path_factory.mktemp("out")
    assert _run(SAMPLE, out) == 0
    return out / "2016"


class _Page(HTMLParser):
    """Collects what the HTML checks need."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.hrefs, self.srcs, self.imgs, self.tags = set(), [], [], [], []
        self.tables = self.captions = 0
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
        if tag == "img":
            self.imgs.append(a)
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1


def _page(path: Path) -> tuple[_Page, str]:
    text = path.read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(text)
    return parser, text


def _all_pages(report: Path) -> list[Path]:
    return [
        report / "kvalitetsrapport.html",
        report / "sammanfattning.html",
        *sorted((report / "experter").glob("*.html")),
    ]


def test_every_output_is_written(report):
    names = {p.relative_to(report).as_posix() for p in report.rglob("*") if p.is_file()}
    expected = {
        "kvalitetsrapport.html",
        "kvalitetsrapport.pdf",
        "tjansteskrivelse.docx",
        "tjansteskrivelse.html",
        "sammanfattning.html",
        "indikatorer.xlsx",
        "lansstyrelsen.xlsx",
        "internt/indikatorer.csv",
        "internt/indikatorer_kon.csv",
        "internt/manifest.json",
        "internt/notebooks/sammanfattning.ipynb",
    }
    expected |= {f"experter/{s}.html" for s in SLUGS}
    expected |= {f"internt/notebooks/expert-{s}.ipynb" for s in SLUGS}
    assert names == expected
    # nothing is left beside the published folder: no staged, earlier or discarded copy
    assert sorted(p.name for p in report.parent.iterdir()) == [".2016.lock", "2016"]


def test_csv_contract(report):
    frame = pd.read_csv(report / "internt" / "indikatorer.csv", dtype={"provider_id": str})
    # SPEC §5: these first, in this order; more may follow them (dropout_rate_negative)
    spec = [
        "provider_id",
        "provider",
        "n_registered",
        "n_started",
        "n_completed",
        "n_dropouts",
        "n_waiting",
        "lead_time_mean_days",
        "lead_time_median_days",
        "lead_time_within_target_share",
        "duration_mean_days",
        "duration_median_days",
        "duration_within_target_share",
        "dropout_rate",
        "dropouts_positive",
        "dropouts_negative",
        "satisfaction_mean",
        "satisfaction_n",
        "response_rate",
        "open_deficiencies",
        "overdue_deficiencies",
    ]
    assert list(INDICATOR_COLUMNS) == spec
    assert list(frame.columns)[: len(spec)] == spec
    # after them, in this order: the negative-dropout rate, then today's rules (SPEC §7)
    assert list(frame.columns)[len(spec) :] == [
        "dropout_rate_negative",
        "completed_within_year_share",
        "ongoing_over_year",
        "hours_offered_mean",
        "hours_minimum_met_share",
        "n_first_starts",
    ]
    everyone = frame.set_index("provider_id").loc["_all"]
    assert 0 < everyone["n_first_starts"] <= everyone["n_started"]  # a person once, at most
    assert everyone["completed_within_year_share"] == 1.0
    assert frame["provider_id"].tolist()[-2:] == ["_all", "_mean"]
    assert frame.loc[frame["provider_id"] == "_mean", "n_registered"].isna().all()


def test_manifest(report):
    m = json.loads((report / "internt" / "manifest.json").read_text(encoding="utf-8"))
    assert m["parameters"]["period"] == "2016"
    assert m["parameters"]["as_of"] == "2017-06-30"
    assert {i["path"] for i in m["inputs"]} >= {"experter.csv", "deltagare.csv"}
    assert all(len(i["sha256"]) == 64 for i in m["inputs"])
    # every version is the installed one, a real version number (not "not installed")
    for name, version in m["versions"].items():
        expected = platform.python_version() if name == "python" else metadata.version(name)
        assert version == expected, name
        assert re.fullmatch(r"\d+(\.\d+)+\S*", version), (name, version)
    assert m["versions"]["so-analysis"] == so_analysis.__version__
    assert {"pandas", "papermill", "nbconvert", "so-analysis"} <= set(m["versions"])
    lock = (REPO / "requirements.lock").read_bytes()
    assert m["requirements_lock_sha256"] == hashlib.sha256(lock).hexdigest()
    assert sorted(m["outputs"]) == sorted(
        p.relative_to(report).as_posix() for p in report.rglob("*") if p.is_file()
    )
    assert len(m["notebooks"]) == 7
    for record in m["notebooks"]:
        assert record["notebook"] in (
            "so_analysis/report/notebooks/expert.ipynb",
            "so_analysis/report/notebooks/sammanfattning.ipynb",
        )
        assert (REPO / record["notebook"]).exists()
        assert record["notices"] == []  # the sample warns of nothing (docs/publishing.md §6)


@pytest.mark.parametrize(
    "which", ["kvalitetsrapport.html", "sammanfattning.html", f"experter/{SLUGS[3]}.html"]
)
def test_html_is_self_contained_and_shows_no_code(report, which):
    page, text = _page(report / which)
    assert page.lang == "sv"
    assert "script" not in page.tags
    assert "link" not in page.tags
    for src in page.srcs:
        assert src.startswith("data:"), src
    for href in page.hrefs:
        assert href.startswith("#"), href
    assert not re.search(r"https?://", text.replace("http://www.w3.org", "")), "external URL"
    assert "@import" not in text and "url(" not in text
    for marker in (
        "period_report(",
        "display(HTML",
        "jp-InputArea",
        "In&nbsp;[",
        "Traceback",
        "injected-parameters",
        "Warning",
    ):
        assert marker not in text, marker


def test_every_image_has_alt_text_and_every_table_a_caption(report):
    for path in _all_pages(report):
        page, _ = _page(path)
        assert page.imgs, path.name
        for img in page.imgs:
            assert len(img.get("alt", "").strip()) > 10, (path.name, img.get("alt"))
        assert page.tables == page.captions, path.name


def test_table_of_contents_links_resolve(report):
    page, text = _page(report / "kvalitetsrapport.html")
    toc = text[text.index("<nav") : text.index("</nav>")]
    links = re.findall(r'href="#([^"]+)"', toc)
    assert len(links) >= 6 + 3
    for anchor in links:
        assert anchor in page.ids, anchor
    for slug in SLUGS:
        assert f'id="avsnitt-{slug}"' in text


def test_swedish_numbers_in_the_summary(report):
    _, text = _page(report / "sammanfattning.html")
    assert "30,5" in text  # the experts' mean lead time, decimal comma
    assert "Genomsnitt per expert" in text and "Samtliga deltagare" in text


def test_executed_notebooks_have_outputs_and_no_errors(report):
    paths = list((report / "internt" / "notebooks").glob("*.ipynb"))
    assert len(paths) == 7
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        kinds = [o.output_type for c in nb.cells for o in c.get("outputs", [])]
        assert "error" not in kinds and "display_data" in kinds, path.name


def test_each_expert_page_holds_only_its_own_expert(report):
    names = {
        "disara-coaching-ab": ("disara", "DiSara"),
        "jobblotsen-sverige-ab": ("jobblotsen", "Jobblotsen"),
        "omsorgslyftet-utbildningar-ab": ("omsorgslyftet", "Omsorgslyftet"),
        "strombergs-jobbcoachning": ("strombergs", "Strömbergs"),
        "academedia-eductus-ab": ("eductus", "Eductus"),
        "integra": ("integra", "Integra"),
    }
    # the plans as loaded: the table's, with the returned templates' rows in their place
    plans = load_dataset(SAMPLE).plans
    plans = plans[plans["period"] == "2016"]  # the report's period; 2017's plans are not shown
    assert len(plans) >= 10
    for slug, (provider_id, name) in names.items():
        _, text = _page(report / "experter" / f"{slug}.html")
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", text, re.S).group(1)
        assert name in heading
        own = plans[plans["provider_id"] == provider_id]["action"]
        others = set(plans[~plans.index.isin(own.index)]["action"]) - set(own)
        for action in own:
            assert _escaped(action) in text, (slug, action)
        for action in others:
            assert _escaped(action) not in text, (slug, action)


def _escaped(s: str) -> str:
    import html

    return html.escape(s, quote=False)


def test_rerun_keeps_output_atomic_when_input_turns_invalid(report, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(report, out / "2016")
    before = {p: p.read_bytes() for p in (out / "2016").rglob("*") if p.is_file()}
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    lines = (data / "deltagare.csv").read_text(encoding="utf-8").splitlines()
    parts = lines[5].split(";")
    parts[2] = "2016-13-45"
    lines[5] = ";".join(parts)
    (data / "deltagare.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _run(data, out) == 2
    after = {p: p.read_bytes() for p in (out / "2016").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in out.iterdir()) == ["2016"]


def test_invalid_input_writes_nothing_at_all(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    (data / "experter.csv").unlink()
    assert _run(data, tmp_path / "out") == 2
    assert not (tmp_path / "out").exists()
    err = capsys.readouterr().err
    assert "experter" in err
    assert "Traceback" not in err


def test_bad_period_is_exit_2(tmp_path, capsys):
    code = main(["run", "--data", str(SAMPLE), "--period", "2016Q7", "--out", str(tmp_path)])
    assert code == 2
    assert "2016Q7" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_a_failing_expert_notebook_fails_the_run_and_publishes_nothing(
    report, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "out"
    shutil.copytree(report, out / "2016")
    before = {p: p.read_bytes() for p in (out / "2016").rglob("*") if p.is_file()}
    broken = tmp_path / "nb" / "expert.ipynb"
    broken.parent.mkdir()
    nb = nbformat.read(runner.EXPERT_NOTEBOOK, as_version=4)
    nb.cells.insert(
        3,
        nbformat.v4.new_code_cell(
            'if provider_id == "integra":\n    raise RuntimeError("trasig cell")'
        ),
    )
    nbformat.write(nb, broken)
    monkeypatch.setattr(runner, "EXPERT_NOTEBOOK", broken)
    assert _run(SAMPLE, out) == 1
    err = capsys.readouterr().err
    assert "Integra" in err and "trasig cell" in err
    kept = out / "_misslyckade" / "2016" / "expert-integra.ipynb"
    assert kept.exists()
    assert str(kept.parent) in err
    after = {p: p.read_bytes() for p in (out / "2016").rglob("*") if p.is_file()}
    assert after == before


def test_english_report(tmp_path):
    assert _run(SAMPLE, tmp_path, "--lang", "en") == 0
    page, text = _page(tmp_path / "2016" / "kvalitetsrapport.html")
    assert page.lang == "en"
    assert "Contents" in text
    assert "30.5" in text


def test_notebook_reruns_by_hand_with_the_manifest_parameters(report, tmp_path):
    """papermill's own CLI, a real kernel: the same figures as the batch."""
    m = json.loads((report / "internt" / "manifest.json").read_text(encoding="utf-8"))
    record = next(r for r in m["notebooks"] if r["parameters"].get("provider_id") == "eductus")
    out = tmp_path / "again.ipynb"
    command = [
        str(Path(sys.executable).parent / "papermill"),
        str(REPO / record["notebook"]),
        str(out),
        "--no-progress-bar",
        "--cwd",
        str(REPO / "notebooks"),
    ]
    for name, value in record["parameters"].items():
        command += ["-p", name, str(value)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    again = nbformat.read(out, as_version=4)
    batch = nbformat.read(report / record["output"], as_version=4)

    def texts(nb):
        return [
            re.sub(r"<img[^>]*>", "", o["data"]["text/html"])
            for c in nb.cells
            for o in c.get("outputs", [])
            if "text/html" in o.get("data", {})
        ]

    assert texts(again) == texts(batch)


def test_a_personal_number_in_the_data_or_output_path_is_masked_everywhere(tmp_path, capsys):
    """The console, the manifest and the executed notebooks name the folders, never the number."""
    data = tmp_path / "data-19121212-1212"
    shutil.copytree(SAMPLE, data)
    out = tmp_path / "ut 191212121212"
    code = main(
        ["run", "--data", str(data), "--period", "2016", "--as-of", "2017-06-30", "--out", str(out)]
    )
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "Läser och validerar" in printed.err and "Klart" in printed.err
    binary = (".xlsx", ".pdf", ".docx")
    written = [p for p in (out / "2016").rglob("*") if p.is_file() and p.suffix not in binary]
    assert any(p.name == "manifest.json" for p in written)
    assert sum(p.suffix == ".ipynb" for p in written) == 7
    with zipfile.ZipFile(out / "2016" / "tjansteskrivelse.docx") as z:
        memo = z.read("word/document.xml").decode("utf-8")
    for where, text in [("console", printed.out + printed.err), ("memo", memo)] + [
        (p.name, p.read_text(encoding="utf-8")) for p in written
    ]:
        for form in ("191212121212", "19121212-1212", "121212-1212", "1212121212"):
            assert form not in text, (where, form)
    manifest = json.loads((out / "2016" / "internt" / "manifest.json").read_text("utf-8"))
    assert manifest["parameters"]["data"].endswith("data-(dold)")
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"])  # checksums untouched
