"""What the notebook process is sent (`report.reads.for_notebooks`) makes the same pages as the
whole analysis: every cell of both report notebooks, run in process on the sample; the records
it is not sent cannot be read by mistake."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import IPython.display
import nbformat
import pytest
from conftest import SAMPLE

from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
from so_analysis.report import reads
from so_analysis.report.publication.model import Report
from so_analysis.report.reads import WithheldError, for_notebooks
from so_analysis.run import context

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def _shown(monkeypatch, data_dir: Path, report: Report, notebook: str, **parameters) -> list[str]:
    """What each cell of the notebook displays, the report preloaded as the runner does."""
    shown: list[str] = []

    def display(obj, *_, **__):
        bundle = obj._repr_mimebundle_()[0] if hasattr(obj, "_repr_mimebundle_") else None
        shown.append(bundle["text/html"] if bundle else str(obj))

    monkeypatch.setattr(IPython.display, "display", display)
    analysis = report.analysis
    context.preload(data_dir, report)
    period = analysis.period.label
    namespace = {"data_dir": str(data_dir), "period": period, "as_of": analysis.as_of.isoformat()}
    namespace |= {"lang": "sv", **parameters}
    cells = [c for c in nbformat.read(NOTEBOOKS / notebook, 4).cells if c.cell_type == "code"]
    for cell in cells[1:]:  # the parameters cell is `namespace`
        exec(compile(cell.source, notebook, "exec"), namespace)
    return shown


@pytest.mark.parametrize(
    "period, as_of", [("2016", date(2017, 6, 30)), ("2017", date(2018, 6, 30))]
)
def test_the_notebooks_show_the_same_from_what_they_are_sent(
    monkeypatch, sample_dataset, period, as_of
):
    analysis = analyse(sample_dataset, parse_period(period), as_of)
    sent = pickle.loads(pickle.dumps(for_notebooks(Report(analysis), "sv")))  # as it travels
    # the records are withheld: only their columns can be asked (the optional ones are there)
    classified = sent.analysis.classified
    assert {"sex", "sex_source", "hours_offered"} <= set(classified.columns)
    assert "sex" in classified
    for read in (lambda: classified["sex"], lambda: len(classified), lambda: classified.loc):
        with pytest.raises(WithheldError, match="report.reads.prepare"):
            read()
    with pytest.raises(WithheldError):
        sent.analysis.dataset.enrolments.iloc[0]
    try:
        for notebook, experts in (("sammanfattning.ipynb", [None]), ("expert.ipynb", None)):
            for pid in experts or analysis.expert_ids:
                extra = {} if pid is None else {"provider_id": pid}
                whole = _shown(monkeypatch, SAMPLE, Report(analysis), notebook, **extra)
                cut = _shown(monkeypatch, SAMPLE, sent, notebook, **extra)
                assert len(whole) > 5
                assert cut == whole, (notebook, pid)
    finally:
        context._REPORTS.clear()
        context._LAST.clear()


def test_a_report_whose_reads_fail_goes_whole(monkeypatch, sample_analysis):
    """Should making the reads fail, the notebooks get everything and meet the failure."""

    def broken(report, lang):
        raise ValueError("a bug")

    monkeypatch.setattr(reads, "published_basis", broken)
    sent = reads.for_notebooks(Report(sample_analysis), "sv")
    assert sent.analysis is sample_analysis
