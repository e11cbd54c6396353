"""The committed sample folder loads whole: every table, every row, the config beside it."""

from conftest import SAMPLE

from so_analysis.load.dataset import SOURCE_ROW
from so_analysis.load.loading import load_dataset


def test_sample_folder_loads():
    ds = load_dataset(SAMPLE)
    lines = [x for x in (SAMPLE / "deltagare.csv").read_text(encoding="utf-8").splitlines() if x]
    assert len(ds.providers) == 6
    assert len(ds.enrolments) == len(lines) - 1
    assert ds.enrolments[SOURCE_ROW].iloc[0] == 2
    assert ds.survey is not None and ds.checklist is not None and ds.plans is not None
    modules = [c for c in ds.survey.columns if c.startswith("module_")]
    assert "module_komma_till_sverige" in modules and len(modules) == 8
    assert str(ds.survey["module_aldras"].dtype) == "Int64"
    assert set(ds.enrolments["provider_id"]) <= set(ds.providers["provider_id"])
    assert set(ds.enrolments["outcome"].dropna()) <= {
        "completed",
        "dropout",
        "ongoing",
        "not_started",
    }
    assert ds.config.municipality == "Nacka kommun"
    assert {s.table for s in ds.sources} == {
        "providers",
        "enrolments",
        "survey",
        "checklist",
        "plans",
        "dialog",  # the returned dialog templates (dialogmallar/<period>/*.xlsx)
    }
