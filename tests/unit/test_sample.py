"""The sample data: deterministic, and the committed files are exactly what the generator writes."""

import shutil
from pathlib import Path

import pandas as pd

from so_analysis.sample import generate_sample, generate_synthetic, write_sample

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def test_generator_is_deterministic():
    a, b = generate_sample(), generate_sample()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])


def test_committed_sample_is_what_the_generator_writes(tmp_path):
    """Tables and returned dialog templates, byte for byte (the templates with the sample's
    own settings, as `make sample` writes them into data/sample)."""
    shutil.copy2(SAMPLE / "so_analysis.toml", tmp_path / "so_analysis.toml")
    written = write_sample(tmp_path)
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert {f"dialogmallar/{period}/integra.xlsx" for period in ("2016", "2017")} <= names
    for path in written:
        committed = SAMPLE / path.relative_to(tmp_path)
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed} differs from the generator: run `make sample` and commit"
        )
    committed = {
        p.relative_to(SAMPLE).as_posix() for p in (SAMPLE / "dialogmallar").rglob("*.xlsx")
    }
    assert committed == {n for n in names if n.startswith("dialogmallar/")}


def test_sample_has_the_six_experts_of_the_seed():
    names = generate_sample()["providers"]["name"].tolist()
    assert names == [
        "DiSara coaching AB",
        "Jobblotsen Sverige AB",
        "Omsorgslyftet utbildningar AB",
        "Strömbergs jobbcoachning",
        "Academedia Eductus AB",
        "Integra",
    ]


def test_synthetic_has_the_asked_size():
    t = generate_synthetic(7, 1000, seed=3)
    assert len(t["providers"]) == 7
    assert len(t["enrolments"]) == 1000
    assert set(t["enrolments"]["provider_id"]) <= set(t["providers"]["provider_id"])
