"""The committed sample (data/sample) is exactly what the generator writes."""

import shutil
from pathlib import Path

from so_analysis.sample import write_sample

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


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
