"""Returned dialog templates come from outside: bounded in size, streamed read-only (issue 9).

How long reading takes is measured by benchmarks/, never asserted here."""

from __future__ import annotations

import random
import string
from pathlib import Path

import openpyxl
import pytest
from conftest import SAMPLE

from so_analysis.load.dialog import sheets
from so_analysis.load.dialog.reader import read_template_rows
from so_analysis.load.dialog.sheets import MAX_ROWS, MAX_TEMPLATE_BYTES
from so_analysis.load.loading import load_dataset

pytestmark = pytest.mark.slow  # templates of a megabyte and of twenty thousand rows


@pytest.fixture(scope="module")
def providers():
    return load_dataset(SAMPLE).providers


def _template(path: Path, rows: int, width: int, far: int | None = None, merge: bool = False):
    """A template-shaped workbook (the reader's sheets and headers) with many filled cells."""
    workbook = openpyxl.Workbook()
    statistics = workbook.active
    statistics.title = "Statistik"
    statistics["A2"], statistics["B2"] = "Expert-ID", "integra"
    statistics["A3"], statistics["B3"] = "Period", "2017"
    plan = workbook.create_sheet("Utvecklingsplan")
    plan.append(["Område", "Iakttagelse", "Åtgärd", "Ansvarig", "Klart senast", "Status"])
    rng = random.Random(1)
    for r in range(2, 2 + rows):
        for c in range(1, 1 + width):
            plan.cell(row=r, column=c, value="".join(rng.choices(string.ascii_letters, k=60)))
    if far is not None:
        plan.cell(row=far, column=1, value="långt ner")
    if merge:
        plan.merge_cells("H1:Z5000")
    workbook.create_sheet("Checklista")
    workbook.save(path)
    return path


def _read(path: Path, providers):
    rows = read_template_rows(path, f"dialogmallar/{path.name}", providers)
    return rows.plans, rows.checklist, rows.faults


def test_a_one_megabyte_template_is_refused_naming_the_far_cell(tmp_path, providers):
    path = _template(tmp_path / "integra.xlsx", rows=900, width=20, far=1_048_576)
    assert path.stat().st_size > 800_000
    plans, checklist, faults = _read(path, providers)
    assert plans.empty and checklist.empty
    assert [(f.sheet, f.cell, f.row) for f in faults] == [("Utvecklingsplan", "A1048576", 1048576)]


def test_twenty_thousand_rows_are_refused_at_once_naming_the_first_row_past_the_bound(
    tmp_path, providers
):
    path = _template(tmp_path / "integra.xlsx", rows=20_000, width=1)
    _, _, faults = _read(path, providers)
    assert [(f.sheet, f.cell) for f in faults] == [("Utvecklingsplan", f"A{MAX_ROWS + 1}")]
    assert str(MAX_ROWS) in faults[0].expected


@pytest.fixture
def opened(monkeypatch) -> list:
    """The workbooks the reader opens with openpyxl, as it opens them."""
    real, workbooks = sheets.load_workbook, []

    def load_workbook(*args, **kwargs):
        workbooks.append(real(*args, **kwargs))
        return workbooks[-1]

    monkeypatch.setattr(sheets, "load_workbook", load_workbook)
    return workbooks


def test_merged_cells_are_never_expanded(tmp_path, providers, opened):
    path = _template(tmp_path / "integra.xlsx", rows=0, width=0, merge=True)
    plans, _, faults = _read(path, providers)
    assert plans.empty
    assert not [f for f in faults if f.sheet == "Utvecklingsplan"]  # H1:Z5000 holds nothing
    # streamed: a read-only workbook never expands a merged range into cells
    assert [workbook.read_only for workbook in opened] == [True]


def test_a_template_over_the_size_limit_is_refused_unread(tmp_path, providers, opened):
    path = tmp_path / "integra.xlsx"
    path.write_bytes(b"PK" + b"\0" * (MAX_TEMPLATE_BYTES + 1))
    _, _, faults = _read(path, providers)
    assert len(faults) == 1 and "2 MB" in faults[0].expected
    assert opened == []  # refused on its size alone
