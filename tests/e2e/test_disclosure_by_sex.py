"""No hidden figure can be recovered through the figures by sex (SPEC §7, issue 20 item 2).

The whole attack of `tests/disclosure_audit.py` reads the summary's table "Kvinnor och män" and
the lines by sex beside everything else published, and adds up each expert's sexes to its own
figures, each sex's experts to that sex's total, and the amounts behind the means, shares and
rates (days summed, people counted) alike. It runs on the sample's 2016 and 2017 reports and its
reporting year 2016-10-01..2017-09-30, and finds nothing.

It is shown able to fail: in a hand-made folder one expert ('n') has 3 women and 20 men, every
other figure comfortable. A naive rule hides the women's figures (and another expert's women's,
as a complement) but leaves the men's published: the expert's own 23 starts less its 20 men give
its 3 women, and its mean days to start less the men's give the women's. The attack recovers
both against such a rule (`hidden_by_sex` monkeypatched not to link the sexes) and nothing
against the real one.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from disclosure_audit import read_published, recovered, truth_by_sex

from so_analysis.cli import main
from so_analysis.report.publication import disclosure
from so_analysis.report.publication import model as model_module

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def _truth(folder: Path) -> dict[tuple[str, ...], float]:
    """Every unsuppressed count and figure, of the experts and by sex, as the attack keys them."""
    frame = pd.read_csv(folder / "internt" / "indikatorer.csv", dtype={"provider_id": str})
    truth: dict[tuple[str, ...], float] = {
        (str(row["provider_id"]), column): float(value)
        for row in frame.to_dict("records")
        for column, value in row.items()
        if column not in ("provider_id", "provider") and row["provider_id"] != "_mean"
    }
    truth.update(truth_by_sex(folder / "internt" / "indikatorer_kon.csv"))
    return truth


@pytest.mark.parametrize(
    ("period", "as_of", "every_ending"),
    # 2016 counts the dropout rates from 1 June (dropouts_registered_from): not every ending
    [
        ("2016", "2017-06-30", False),
        ("2017", "2018-06-30", True),
        ("2016-10-01..2017-09-30", "2018-06-30", True),
    ],
)
def test_the_sample_reveals_no_hidden_figure_by_sex(tmp_path, period, as_of, every_ending):
    args = ["run", "--data", str(SAMPLE), "--period", period, "--as-of", as_of, "--quiet"]
    assert main([*args, "--out", str(tmp_path)]) == 0
    (folder,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    published = read_published(folder)
    # the table and the lines were read: every expert with people shows its sexes, and the
    # totals by sex are there
    assert published.in_table and published.sexes["_all"] >= {"kvinna", "man"}
    assert any(key[2] == "dropout_base_n" for key in published.by_sex)  # a line's basis
    found = recovered(published, every_ending=every_ending, truth=_truth(folder))
    assert found == []


# ---------------------------------------------------------------- an attack that can fail
#
# expert: {sex: (starts, dropouts among them, waiting)}; every start ends in the period, the
# first `dropouts` of them as dropouts, the rest completed. 'n' has 3 women and 20 men.
NAIVE = {
    "a": {"kvinna": (30, 2, 8), "man": (28, 3, 7)},
    "b": {"kvinna": (22, 2, 6), "man": (25, 2, 9)},
    "c": {"kvinna": (9, 1, 5), "man": (11, 1, 6)},
    "n": {"kvinna": (3, 0, 6), "man": (20, 2, 5)},
}


def _write(folder: Path, plan: dict[str, dict[str, tuple[int, int, int]]]) -> None:
    folder.mkdir()
    names = "".join(f"{pid};Expert {pid.upper()} AB\n" for pid in plan)
    (folder / "experter.csv").write_text("Expert-ID;Namn\n" + names, encoding="utf-8")
    head = "Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Utfall;Avbrottsorsak;Kön"
    lines, k = [head], 0
    for pid, sexes in plan.items():
        for sex, (starts, dropouts, waiting) in sexes.items():
            lead = 40 if (pid, sex) == ("n", "kvinna") else 10  # n's women wait longer
            for i in range(starts):
                k += 1
                reg = date(2016, 2, 1) + timedelta(days=(3 * i + k) % 90)
                start = reg + timedelta(days=lead + (5 * i + k) % 13)
                end = start + timedelta(days=45 + (7 * i) % 19)
                outcome, reason = ("avbrott", "flyttat") if i < dropouts else ("genomförd", "")
                lines.append(f"P{k:04d};{pid};{reg};{start};{end};{outcome};{reason};{sex}")
            for i in range(waiting):
                k += 1
                lines.append(f"P{k:04d};{pid};2016-12-{1 + i:02d};;;;;{sex}")
    (folder / "deltagare.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _unlinked(rows_by_sex, expert_ids, min_n, hidden_overall):
    """A naive rule: each sex's experts hidden as the experts are, the sexes never linked."""
    experts = list(expert_ids)
    return {
        sex: disclosure.hidden_groups(rows, experts, min_n) for sex, rows in rows_by_sex.items()
    }


def _run(root: Path, plan) -> tuple[list, Path]:
    data, out = root / "data", root / "out"
    _write(data, plan)
    args = ["run", "--data", str(data), "--period", "2016", "--as-of", "2017-01-31", "--quiet"]
    assert main([*args, "--out", str(out)]) == 0
    folder = out / "2016"
    return recovered(read_published(folder), truth=_truth(folder)), folder


def test_the_attack_recovers_what_a_naive_rule_leaves(tmp_path, monkeypatch):
    monkeypatch.setattr(model_module, "hidden_by_sex", _unlinked)
    found, folder = _run(tmp_path, NAIVE)
    page = (folder / "sammanfattning.html").read_text(encoding="utf-8")
    assert "Kvinnor och män per expert" in page
    got = {(r.provider_id, r.sex, r.figure): r for r in found}
    # n's 3 women: its 23 starts less its 20 men
    assert ("n", "kvinna", "n_started") in got
    assert got[("n", "kvinna", "n_started")].low == got[("n", "kvinna", "n_started")].high == 3
    # and their mean days to start, from n's own mean less its men's: only the others' rounding
    # hides it
    lead = got[("n", "kvinna", "lead_time_mean_days")]
    truth = _truth(folder)[("kön", "kvinna", "n", "lead_time_mean_days")]
    assert lead.low <= truth <= lead.high and lead.high - lead.low < 2.0


def test_the_real_rule_leaves_nothing_to_recover(tmp_path):
    found, folder = _run(tmp_path, NAIVE)
    truth = _truth(folder)
    assert truth[("kön", "kvinna", "n", "n_started")] == 3  # the case the naive rule leaks
    assert found == []


# ---------------------------------------------------------------- bounds across the sexes
#
# 'w' has 4 women and 4 men waiting: each sex's count is too few and hidden (and another
# expert's, within each sex), but w's own 8 are published. Two counts that read "färre än 5"
# and 8 between them are both 4, and with them the complement's within each sex. Before: the
# sample's 2016 report did this to Strömbergs' starts (4 women and 4 men of its 8, each line
# "för få (n<5)"), and through them to DiSara's 16 and 16.
BOUNDS = {
    "a": {"kvinna": (30, 2, 8), "man": (28, 3, 7)},
    "b": {"kvinna": (22, 2, 6), "man": (25, 2, 9)},
    "c": {"kvinna": (9, 1, 5), "man": (11, 1, 6)},
    "w": {"kvinna": (20, 1, 4), "man": (20, 1, 4)},
}


def test_counts_at_their_bound_across_the_sexes_are_found(tmp_path, monkeypatch):
    monkeypatch.setattr(disclosure, "_across_sexes", lambda *args: set())
    found, _ = _run(tmp_path, BOUNDS)
    got = {(r.provider_id, r.sex, r.figure): r.low for r in found if r.low == r.high}
    assert got[("w", "kvinna", "n_waiting")] == got[("w", "man", "n_waiting")] == 4


def test_counts_at_their_bound_across_the_sexes_read_hidden(tmp_path):
    found, folder = _run(tmp_path, BOUNDS)
    assert found == []
    published = read_published(folder)
    assert published.figures[("w", "n_waiting")] == "8"
    for sex in ("kvinna", "man"):
        assert published.by_sex[(sex, "w", "n_waiting")] == "dold"
