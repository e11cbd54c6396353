"""Figures by sex (SPEC §7, issue 20 item 2) on hand-made frames, against hand-computed values:
the indicators per expert and sex, `indikatorer_kon.csv`, what is hidden, the differences the
report names and the lines it prints."""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from frames import dataset

from so_analysis.core.config import Config
from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
from so_analysis.measure.figures import CSV_COLUMNS
from so_analysis.measure.sexes import csv_rows
from so_analysis.report import sexes
from so_analysis.report.export import indicators_by_sex_csv
from so_analysis.report.narrative import conclusions
from so_analysis.report.publication.model import Report
from so_analysis.report.sections import women_and_men


def _analyse(rows, sex, ids=("a", "b"), min_n=1, people=None):
    ds = dataset(ids, rows, config=Config(min_n=min_n))
    ds.enrolments["sex"] = pd.Series(sex, dtype=object)
    if people is not None:
        ds.enrolments["participant_id"] = people
    return analyse(ds, parse_period("2016"), date(2017, 6, 30))


def _by(analysis, pid, sex):
    rows = analysis.by_sex
    return rows[(rows["provider_id"] == pid) & (rows["sex"] == sex)].iloc[0]


def _waits(expert, days, n):
    """`n` enrolments at `expert` registered 2016-02-01, started `days` later, completed 30
    days after the start."""
    start = date(2016, 2, 1) + pd.Timedelta(days=days)
    end = start + pd.Timedelta(days=30)
    return [(expert, "2016-02-01", start.isoformat(), end.isoformat())] * n


def test_the_figures_by_sex_are_those_of_each_sex_people():
    rows = [
        ("a", "2016-01-01", "2016-01-11", "2016-02-10"),  # a woman: 10 days, 30 days
        ("a", "2016-01-01", "2016-01-21", "2016-03-01"),  # a woman: 20 days, 40 days
        ("a", "2016-01-01", "2016-01-06", "2016-02-05", None, "arbete"),  # a man, a dropout
        ("a", "2016-03-01", None, None),  # a man waiting
        ("b", "2016-01-01", "2016-01-31", "2016-03-01"),  # sex unknown: 30 days, 30 days
    ]
    a = _analyse(rows, ["kvinna", "kvinna", "man", "man", None])
    women, men, unknown = _by(a, "a", "kvinna"), _by(a, "a", "man"), _by(a, "b", "okänt")
    assert (women["n_started"], women["lead_time_mean_days"]) == (2, 15.0)
    assert (women["n_completed"], women["duration_mean_days"]) == (2, 35.0)
    assert women["dropout_rate"] == 0.0 and women["n_waiting"] == 0
    assert (men["n_started"], men["lead_time_mean_days"], men["n_dropouts"]) == (1, 5.0, 1)
    assert men["dropout_rate"] == 1.0 and men["n_waiting"] == 1
    assert np.isnan(men["duration_mean_days"])  # no completion: empty, never 0
    assert (unknown["n_started"], unknown["lead_time_mean_days"]) == (1, 30.0)
    everyone = a.by_sex[a.by_sex["provider_id"] == "_all"].set_index("sex")
    assert everyone.loc["kvinna", "n_started"] == 2 and everyone.loc["okänt", "n_started"] == 1
    assert everyone.loc["man", "lead_time_mean_days"] == 5.0
    # the sexes add up to the expert's own counts
    own = a.indicators.set_index("provider_id")
    for pid in ("a", "b", "_all"):
        mine = a.by_sex[a.by_sex["provider_id"] == pid]
        for column in ("n_started", "n_completed", "n_dropouts", "n_waiting", "lead_time_n"):
            assert mine[column].sum() == own.loc[pid, column], (pid, column)
    # the survey has no sex: nothing of it by sex
    assert a.by_sex["satisfaction_mean"].isna().all()


def test_a_person_enrolled_with_two_experts_counts_with_each_and_first_starts_once():
    rows = [
        ("a", "2016-01-01", "2016-01-10", "2016-02-10"),
        ("b", "2016-03-01", "2016-03-10", "2016-04-10"),
    ]
    a = _analyse(rows, ["kvinna", "kvinna"], people=["P1", "P1"])
    assert _by(a, "a", "kvinna")["n_started"] == 1 and _by(a, "b", "kvinna")["n_started"] == 1
    # her first start is with a: she is one person starting SO for the first time
    assert _by(a, "a", "kvinna")["n_first_starts"] == 1
    assert _by(a, "b", "kvinna")["n_first_starts"] == 0


def test_the_csv_has_sex_after_provider_and_a_row_per_sex_that_occurs():
    rows = [("a", "2016-01-01", "2016-01-11", "2016-02-10"), ("b", "2016-01-01", None, None)]
    a = _analyse(rows, ["kvinna", "man"])
    text = indicators_by_sex_csv(a.by_sex)
    header, *lines = text.splitlines()
    columns = header.split(",")
    assert columns == [*CSV_COLUMNS[:2], "sex", *CSV_COLUMNS[2:]]
    keys = [tuple(line.split(",")[i] for i in (0, 2)) for line in lines]
    assert keys == [("a", "kvinna"), ("b", "man"), ("_all", "kvinna"), ("_all", "man")]
    assert csv_rows(a.by_sex)["sex"].tolist() == ["kvinna", "man", "kvinna", "man"]


def test_where_one_sex_is_too_few_every_sex_of_the_expert_is_hidden():
    # a: 3 women and 20 men started; with a's women hidden alone, a's total minus its men would
    # give them away: a's men are hidden too, and so is another expert's women and men (else
    # the women's total minus b and c gives a's women)
    rows = _waits("a", 10, 3) + _waits("a", 12, 20) + _waits("b", 8, 20) + _waits("c", 9, 30)
    sex = ["kvinna"] * 3 + ["man"] * 20 + (["kvinna", "man"] * 10) + (["kvinna", "man"] * 15)
    report = Report(_analyse(rows, sex, ids=("a", "b", "c"), min_n=5))
    models = report.by_sex("sv")
    assert models["kvinna"].cell("a", "lead_time_mean_days").status == "too_few"
    assert models["man"].cell("a", "lead_time_mean_days").status == "suppressed"
    hidden = [
        pid
        for pid in ("b", "c")
        if models["kvinna"].cell(pid, "lead_time_mean_days").status == "suppressed"
    ]
    assert hidden == ["b"]  # the fewest people: b (10 women) before c (15)
    assert models["man"].cell("b", "lead_time_mean_days").status == "suppressed"
    assert models["kvinna"].cell("c", "lead_time_mean_days").ok
    assert models["kvinna"].cell("_all", "lead_time_mean_days").ok
    # the expert's own figure is published: the sum of what is hidden by sex
    assert report.model("sv").cell("a", "lead_time_mean_days").ok


def test_a_difference_of_at_least_five_days_is_named_and_a_smaller_one_is_not():
    rows = _waits("a", 30, 6) + _waits("a", 24, 6) + _waits("b", 20, 6) + _waits("b", 16, 6)
    sex = ["kvinna"] * 6 + ["man"] * 6 + ["kvinna"] * 6 + ["man"] * 6
    report = Report(_analyse(rows, sex, min_n=5))
    found = sexes.difference(report, "a", "lead_time", "sv")
    assert found is not None and found.gap == pytest.approx(6.0)
    assert sexes.difference(report, "b", "lead_time", "sv") is None  # 4 days: not named
    said = " ".join(conclusions(report, "sv"))
    assert "Hos A väntade kvinnor 6,0 dagar längre än män på att starta (30,0 mot 24,0" in said
    assert "Hos B väntade" not in said
    assert "At A women waited 6.0 days longer than men to start" in " ".join(
        conclusions(report, "en")
    )
    line = sexes.expert_line(report, "a", "lead_time", "sv")
    assert line is not None
    assert line.startswith("Dagar till start per kön: kvinnor 30,0 dagar (underlag 6) och män")


def test_no_difference_is_named_where_a_sex_is_hidden():
    # 4 women wait 20 days longer than 30 men: their figure is too few, nothing is said of it
    rows = _waits("a", 40, 4) + _waits("a", 20, 30) + _waits("b", 20, 30)
    sex = ["kvinna"] * 4 + ["man"] * 30 + ["kvinna", "man"] * 15
    report = Report(_analyse(rows, sex, min_n=5))
    assert sexes.difference(report, "a", "lead_time", "sv") is None
    assert not any("kvinnor" in s and "längre" in s for s in conclusions(report, "sv"))
    html = str(women_and_men(report, "sv"))
    assert "40,0" not in html and "för få" in html


def test_the_table_shows_women_and_men_per_expert_then_all_participants():
    rows = _waits("a", 10, 6) + _waits("a", 12, 6)
    report = Report(_analyse(rows, ["kvinna"] * 6 + ["man"] * 6, ids=("a",), min_n=5))
    html = str(women_and_men(report, "en"))
    assert "<caption>Women and men by expert, 2016</caption>" in html
    assert html.index(">A<") < html.index("All participants")
    assert "women" in html and "men" in html and "sex unknown" not in html
