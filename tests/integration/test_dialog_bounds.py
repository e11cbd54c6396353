"""Returned dialog templates come from outside: bounded in size, read in linear time (issue 9)."""

from __future__ import annotations

import random
import string
import time
from pathlib import Path

import openpyxl
import pytest
from conftest import SAMPLE

from so_analysis.load.dialog.reader import read_dialog_workbook
from so_analysis.load.dialog.sheets import MAX_ROWS, MAX_TEMPLATE_BYTES
from so_analysis.load.loading import load_dataset


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


def _timed(path: Path, providers):
    started = time.process_time()
    result = read_dialog_workbook(path, f"dialogmallar/{path.name}", providers)
    return result, time.process_time() - started


def test_a_one_megabyte_template_is_read_or_refused_in_under_two_seconds(tmp_path, providers):
    path = _template(tmp_path / "integra.xlsx", rows=900, width=20, far=1_048_576)
    assert path.stat().st_size > 800_000
    (plans, checklist, faults), seconds = _timed(path, providers)
    assert seconds < 2.0
    assert plans.empty and checklist.empty
    assert [(f.sheet, f.cell, f.row) for f in faults] == [("Utvecklingsplan", "A1048576", 1048576)]


def test_twenty_thousand_rows_are_refused_at_once_naming_the_first_row_past_the_bound(
    tmp_path, providers
):
    path = _template(tmp_path / "integra.xlsx", rows=20_000, width=1)
    (_, _, faults), seconds = _timed(path, providers)
    assert seconds < 2.0
    assert [(f.sheet, f.cell) for f in faults] == [("Utvecklingsplan", f"A{MAX_ROWS + 1}")]
    assert str(MAX_ROWS) in faults[0].expected


def test_merged_cells_are_never_expanded(tmp_path, providers):
    path = _template(tmp_path / "integra.xlsx", rows=0, width=0, merge=True)
    (plans, _, faults), seconds = _timed(path, providers)
    assert seconds < 2.0 and plans.empty


def test_a_template_over_the_size_limit_is_refused_unread(tmp_path, providers):
    path = tmp_path / "integra.xlsx"
    path.write_bytes(b"PK" + b"\0" * (MAX_TEMPLATE_BYTES + 1))
    (_, _, faults), seconds = _timed(path, providers)
    assert seconds < 0.5
    assert len(faults) == 1 and "2 MB" in faults[0].expected
