"""Disclosure control holds against a reader's attacks on everything published (SPEC §4).

A data folder with one small expert ('s': 3 starts, 2 completions, 1 dropout, 3 answers, 2
waiting) and three larger ones is run through the command line. The attacker reads the published
`indikatorer.xlsx` and the HTML pages and tries: a suppressed figure's own numerator and
denominator; the total minus every other expert; the experts' mean times the number of experts
minus the others; a rate from its counts; completions as endings minus dropouts; a "no data"
footnote telling a zero. Each attack fails if it recovers a figure of 's' to within its display
precision.

A second folder attacks with zeros and bounds: a zero numerator left by the totals (no negative
dropout left for the experts whose classes are hidden), a numerator equal to its denominator (no
completion left, so every hidden ending a dropout), and counts that give numerator and
denominator ('färre än 5' twice and 8 left: 4 each). Then the whole attack of
`tests/disclosure_audit.py` runs on it and on the sample's two reports.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from disclosure_audit import private_marks, read_published, recovered
from openpyxl import load_workbook

from so_analysis.cli import main
from so_analysis.measure.figures import CONTRACT_COLUMNS as INDICATOR_COLUMNS

SMALL = "s"
# (figure, its count, what it is per person: 'mean' of a value, or a 'share' of people)
FIGURES = (
    ("lead_time_mean_days", "n_started", 0.05),
    ("duration_mean_days", "n_completed", 0.05),
    ("satisfaction_mean", "satisfaction_n", 0.05),
    ("dropout_rate", None, 0.0005),
    ("lead_time_within_target_share", "n_started", 0.005),
)
COUNTS = ("n_started", "n_completed", "n_dropouts", "satisfaction_n", "n_waiting")


def _write(folder: Path) -> None:
    folder.mkdir()
    (folder / "experter.csv").write_text(
        "Expert-ID;Namn\na;Alfa AB\nb;Beta AB\nc;Gamma AB\ns;Små AB\n", encoding="utf-8"
    )
    lines = ["Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Utfall;Avbrottsorsak"]
    survey = ["Expert-ID;Svarsdatum;Helhetsbetyg"]
    day = date(2016, 2, 1)
    k = 0
    plan = {"a": (30, 3, 12), "b": (20, 2, 8), "c": (9, 1, 6), "s": (3, 1, 3)}
    for pid, (starts, dropouts, answers) in plan.items():
        for i in range(starts):
            k += 1
            reg = day + timedelta(days=i)
            start = reg + timedelta(days=5 + (7 * i + len(pid) * 3) % 23)
            end = start + timedelta(days=40 + (5 * i) % 17)
            if i < dropouts:
                row = (reg, start, end, "avbrott", "missnöjd" if pid == SMALL else "flyttat")
            elif pid == SMALL and i == starts - 1:
                row = (reg, start, end, "genomförd", "")
            else:
                row = (reg, start, end, "genomförd", "")
            lines.append(f"P{k:04d};{pid};{row[0]};{row[1]};{row[2]};{row[3]};{row[4]}")
        for i in range(answers):
            survey.append(f"{pid};2016-06-{1 + i % 27:02d};{3 + (i * 7 + len(pid)) % 3}")
        waiting = 2 if pid == SMALL else 6
        for i in range(waiting):
            k += 1
            lines.append(f"P{k:04d};{pid};2016-12-{10 + i};;;;")
    (folder / "deltagare.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "enkat.csv").write_text("\n".join(survey) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("attack")
    data, out = root / "data", root / "out"
    _write(data)
    code = main(
        ["run", "--data", str(data), "--period", "2016", "--as-of", "2017-01-31", "--out", str(out)]
    )
    assert code == 0
    folder = out / "2016"
    ws = load_workbook(folder / "indikatorer.xlsx").active
    table = {}
    for r in range(2, ws.max_row + 1):
        pid = ws.cell(row=r, column=1).value
        table[pid] = {
            column: ws.cell(row=r, column=c).value
            for c, column in enumerate(INDICATOR_COLUMNS, start=1)
        }
    truth = _truth(folder / "internt" / "indikatorer.csv")
    return table, truth, folder


def published_folder(published) -> Path:
    return published[2]


def _truth(csv: Path) -> dict[str, dict[str, float]]:
    import pandas as pd

    frame = pd.read_csv(csv, dtype={"provider_id": str}).set_index("provider_id")
    return {
        pid: {c: float(v) for c, v in row.items() if c != "provider"}
        for pid, row in frame.iterrows()
    }


def _number(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _close(recovered: float | None, true: float, precision: float) -> bool:
    return recovered is not None and not math.isnan(true) and abs(recovered - true) <= precision


def test_the_small_experts_figures_are_suppressed(published):
    table, truth, _ = published
    for figure, _, _ in FIGURES:
        assert _number(table[SMALL][figure]) is None, figure
    for count in COUNTS:
        assert _number(table[SMALL][count]) is None, count
        assert table[SMALL][count] in ("färre än 5", "dold"), count


def test_total_minus_the_others(published):
    table, truth, _ = published
    others = [pid for pid in table if pid not in (SMALL, "_all", "_mean")]
    for figure, count, precision in FIGURES:
        if count is None:
            continue
        total, n_total = _number(table["_all"][figure]), _number(table["_all"][count])
        parts = [(_number(table[p][figure]), _number(table[p][count])) for p in others]
        if total is None or n_total is None or any(v is None or n is None for v, n in parts):
            continue  # some other expert's figure is hidden too: nothing isolates 's'
        rest_n = n_total - sum(n for _, n in parts)
        if rest_n <= 0:
            continue
        recovered = (total * n_total - sum(v * n for v, n in parts)) / rest_n
        assert not _close(recovered, truth[SMALL][figure], precision), figure
    for count in COUNTS:
        total = _number(table["_all"][count])
        parts = [_number(table[p][count]) for p in others]
        if total is not None and all(v is not None for v in parts):
            assert total - sum(parts) != truth[SMALL][count], count


def test_the_experts_mean(published):
    table, truth, _ = published
    experts = [pid for pid in table if pid not in ("_all", "_mean")]
    for figure, _, precision in FIGURES:
        mean = _number(table["_mean"][figure])
        shown = [_number(table[p][figure]) for p in experts if p != SMALL]
        if mean is None or any(v is None for v in shown):
            continue
        recovered = mean * len(experts) - sum(shown)  # as if the mean counted 's' too
        assert not _close(recovered, truth[SMALL][figure], precision), figure


def test_a_rate_from_its_counts_and_completions_from_endings(published):
    table, truth, _ = published
    dropouts, completed = _number(table[SMALL]["n_dropouts"]), _number(table[SMALL]["n_completed"])
    assert dropouts is None or completed is None
    rate = _number(table[SMALL]["dropout_rate"])
    assert rate is None


def test_the_small_experts_page_shows_no_figure_of_its_own(published):
    _, truth, _ = published
    page = (published_folder(published) / "experter" / "sma-ab.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th><td class="num">(.*?)</td>', page)
    assert len(rows) >= 12
    for label, first in rows:
        if label.startswith(("Öppna brister", "Brister efter")):
            continue  # deficiencies are not about people
        if label.startswith("Pågår mer än ett år") and first == "0":
            continue  # nobody still going after a year: no one to protect
        assert re.fullmatch(r'<span class="nodata">[^<]*</span><sup>\d+</sup>', first), label
        shown = re.search(r'class="nodata">([^<]*)<', first).group(1)
        assert shown in ("för få (n&lt;5)", "färre än 5", "dold"), (label, shown)
    # its dropout was 'missnöjd': the reasons are hidden with its dropouts
    assert "Missnöjd" not in page


def test_the_lansstyrelsen_workbook(published):
    """The basis for Länsstyrelsen's survey (`lansstyrelsen.xlsx`): the small expert's people who
    started for the first time (its 3 starters) are hidden, and the total minus the others does
    not give them."""
    _, truth, folder = published
    ws = load_workbook(folder / "lansstyrelsen.xlsx")["Per språk"]
    head = [c.value for c in ws[4]]
    total = [c.value for c in ws[ws.max_row]]
    assert total[0] == "Totalt"
    row = dict(zip(head[1:], total[1:], strict=True))
    assert _number(row["Små AB"]) is None and row["Små AB"] in ("färre än 5", "dold")
    everyone = _number(row["Samtliga deltagare"])
    others = [_number(row[name]) for name in ("Alfa AB", "Beta AB", "Gamma AB")]
    if everyone is not None and all(v is not None for v in others):
        assert everyone - sum(others) != truth[SMALL]["n_first_starts"]
    for r in ws.iter_rows(min_row=5, max_row=ws.max_row - 1):
        cells = dict(zip(head, (c.value for c in r), strict=True))
        assert _number(cells["Små AB"]) in (None, 0), cells  # its languages: hidden


# ---------------------------------------------------------------- zeros and bounds
#
# Six experts, every dropout's reason given, every ending counted (no survey, nobody waiting):
# x (3 dropouts) and y (4) hide their dropouts by class, and neither had a negative one; u and v
# each ended 4 courses, every one a dropout, and hide their endings. Before: all negatives
# minus a's and b's was 0 (x's and y's negative-dropout rates 0 %), and all dropouts minus the
# others' was 8 with no completion left for u and v, two counts that read "färre än 5": 4 each,
# both rates 100 %.

ZEROS = {  # expert: (completions, the reasons of its dropouts)
    "a": (30, ["missnojd"] * 2 + ["flyttat"] * 4),
    "b": (20, ["bytt_expert"] * 6 + ["arbete"] * 2),
    "x": (30, ["flyttat"] * 3),
    "y": (25, ["arbete"] * 2 + ["sjukdom"] * 2),
    "u": (0, ["flyttat"] * 4),
    "v": (0, ["arbete"] * 4),
}


def _write_zeros(folder: Path) -> None:
    folder.mkdir()
    names = "".join(f"{pid};Expert {pid.upper()} AB\n" for pid in ZEROS)
    (folder / "experter.csv").write_text("Expert-ID;Namn\n" + names, encoding="utf-8")
    lines = ["Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Utfall;Avbrottsorsak"]
    k = 0
    for pid, (completions, reasons) in ZEROS.items():
        for i, reason in enumerate([""] * completions + reasons):
            k += 1
            reg = date(2016, 2, 1) + timedelta(days=i % 60)
            start, end = reg + timedelta(days=10 + i % 9), reg + timedelta(days=60 + i % 20)
            outcome = "avbrott" if reason else "genomförd"
            lines.append(f"P{k:04d};{pid};{reg};{start};{end};{outcome};{reason}")
    (folder / "deltagare.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def zeros(tmp_path_factory):
    root = tmp_path_factory.mktemp("zeros")
    data, out = root / "data", root / "out"
    _write_zeros(data)
    args = ["run", "--data", str(data), "--period", "2016", "--as-of", "2017-01-31"]
    assert main([*args, "--out", str(out)]) == 0
    folder = out / "2016"
    ws = load_workbook(folder / "indikatorer.xlsx").active
    table = {
        ws.cell(row=r, column=1).value: {
            column: ws.cell(row=r, column=c).value
            for c, column in enumerate(INDICATOR_COLUMNS, start=1)
        }
        for r in range(2, ws.max_row + 1)
    }
    return table, _truth(folder / "internt" / "indikatorer.csv"), folder


def _left(table, column: str, hidden: list[str]) -> float | None:
    """The total less every other expert's count: what is left for `hidden` together, or None
    where another expert's count is hidden too."""
    others = [p for p in ZEROS if p not in hidden]
    total, parts = _number(table["_all"][column]), [_number(table[p][column]) for p in others]
    if total is None or any(v is None for v in parts):
        return None
    return total - sum(parts)


def test_a_zero_numerator_left_by_the_totals(zeros):
    """x's and y's negative dropouts are hidden; the negatives left for them must not be 0."""
    table, truth, _ = zeros
    assert truth["x"]["dropouts_negative"] == truth["y"]["dropouts_negative"] == 0
    for pid in ("x", "y"):
        assert _number(table[pid]["dropouts_negative"]) is None, pid
    hidden = [p for p in ZEROS if _number(table[p]["dropouts_negative"]) is None]
    assert _left(table, "dropouts_negative", hidden) != 0


def test_a_numerator_equal_to_its_denominator(zeros):
    """u's and v's endings are all dropouts: no completion may be left for them by the totals
    while dropouts are (every hidden ending a dropout: both rates 100 %)."""
    table, truth, _ = zeros
    assert truth["u"]["dropout_rate"] == truth["v"]["dropout_rate"] == 1.0
    hidden = [p for p in ZEROS if _number(table[p]["n_completed"]) is None]
    assert {"u", "v"} <= set(hidden)
    completions, dropouts = _left(table, "n_completed", hidden), _left(table, "n_dropouts", hidden)
    assert not (completions == 0 and dropouts), (completions, dropouts)


def test_counts_that_give_numerator_and_denominator(zeros):
    """Two counts that read 'färre än 5' and 8 left for them: both are 4, the dropouts and the
    endings of each (their rates follow)."""
    table, _, _ = zeros
    hidden = [p for p in ZEROS if _number(table[p]["n_dropouts"]) is None]
    fewer = [p for p in hidden if table[p]["n_dropouts"] == "färre än 5"]
    left = _left(table, "n_dropouts", hidden)
    assert left is None or len(fewer) < len(hidden) or left < 4 * len(fewer)


def test_no_hidden_figure_is_pinned_by_what_is_published(zeros):
    """The whole attack (docs/disclosure.md §10, tests/disclosure_audit.py): every count of every
    page and the workbook, bound by every sum the method states."""
    _, truth, folder = zeros
    counts = {(p, c): v for p, row in truth.items() for c, v in row.items() if p != "_mean"}
    assert recovered(read_published(folder), truth=counts) == []


SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


@pytest.mark.parametrize(
    ("period", "as_of", "every_ending"),
    # 2016 counts the dropout rates from 1 June (dropouts_registered_from): not every ending
    [("2016", "2017-06-30", False), ("2017", "2018-06-30", True)],
)
def test_the_sample_reveals_no_hidden_figure(tmp_path, period, as_of, every_ending):
    """Before: 2017 left 0 negative dropouts for DiSara and Strömbergs (both rates 0 %), and
    DiSara's returned plan published its own '0,0 %' marked 'Visas bara för er'."""
    args = ["run", "--data", str(SAMPLE), "--period", period, "--as-of", as_of, "--quiet"]
    assert main([*args, "--out", str(tmp_path)]) == 0
    folder = tmp_path / period
    truth = _truth(folder / "internt" / "indikatorer.csv")
    counts = {(p, c): v for p, row in truth.items() for c, v in row.items() if p != "_mean"}
    assert recovered(read_published(folder), every_ending=every_ending, truth=counts) == []
    assert private_marks(folder) == []
