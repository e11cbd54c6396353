"""The rules in force today (SPEC §7) on hand-made frames, against hand-computed values:
completed within a year (365 days in, 366 out), still going after a year at the period's end, the
hours offered against the minimum for the start date (60 before 2020-02-01, 100 from then), and
the people whose first start falls in the period (a person counted once, with the expert of that
first start)."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from frames import dataset

from so_analysis.core.config import Config, HoursMinimum
from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
from so_analysis.measure.figures import FIGURES, HOURS_COLUMN, PARAMETER
from so_analysis.measure.indicators import compute_indicators
from so_analysis.measure.rules import hours_shortfalls, minimum_hours
from so_analysis.measure.trend import may_count_in
from so_analysis.report import legal
from so_analysis.report.dialog.statistics import finding, statistics_rows
from so_analysis.report.narrative import conclusions
from so_analysis.report.publication.model import Report
from so_analysis.report.sections import data_quality, method_appendix, parameter_section

HOURS_FIGURES = ("hours_offered_mean", "hours_minimum_met_share", "hours_n", "hours_below_minimum")


def _analyse(rows, period, ids=("a", "b"), hours=None, people=None, min_n=1):
    ds = dataset(ids, rows, config=Config(min_n=min_n))
    if hours is not None:
        ds.enrolments[HOURS_COLUMN] = pd.Series(hours, dtype="float64")
    if people is not None:
        ds.enrolments["participant_id"] = people
    return analyse(ds, parse_period(period), date(2021, 6, 30))


def _row(analysis, pid):
    return analysis.indicators.set_index("provider_id").loc[pid]


def _day(text, days=0):
    return (date.fromisoformat(text) + timedelta(days=days)).isoformat()


def test_a_course_of_365_days_is_within_a_year_and_366_is_not():
    start = "2015-06-01"
    a = _analyse(
        [
            ("a", "2015-05-01", start, _day(start, 365)),  # 2016-05-31: exactly a year
            ("a", "2015-05-01", start, _day(start, 366)),  # 2016-06-01: a day more
            ("a", "2016-01-01", "2016-01-10", "2016-03-10"),  # 60 days
            ("a", "2015-05-01", start, _day(start, 400), None, "arbete"),  # a dropout: no course
        ],
        "2016",
    )
    r = _row(a, "a")
    assert r["duration_n"] == 3
    assert r["completed_within_year_share"] == pytest.approx(2 / 3)
    assert _row(a, "_all")["completed_within_year_share"] == pytest.approx(2 / 3)
    assert np.isnan(_row(a, "b")["completed_within_year_share"])  # no completions: not 0
    assert Report(a).model().cell("b", "completed_within_year_share").status == "no_completions"


def test_still_going_more_than_a_year_after_the_start_at_the_period_end():
    end = "2016-12-31"
    a = _analyse(
        [
            ("a", "2015-12-01", _day(end, -365), None),  # 2016-01-01: exactly a year, not more
            ("a", "2015-12-01", _day(end, -366), None),  # 2015-12-31: more than a year
            ("a", "2014-12-01", "2015-01-01", "2017-02-01"),  # ended after the period: going then
            ("a", "2014-12-01", "2015-01-01", "2016-06-01", None, "arbete"),  # dropped out before
            ("a", "2014-12-01", "2015-01-01", "2016-12-31"),  # completed on the last day
            ("b", "2014-12-01", "2015-01-01", None),  # another expert's
            ("b", "2014-12-01", None, None),  # never started: waiting, not going
        ],
        "2016",
    )
    assert _row(a, "a")["ongoing_over_year"] == 2
    assert _row(a, "b")["ongoing_over_year"] == 1
    assert _row(a, "_all")["ongoing_over_year"] == 3
    assert np.isnan(_row(a, "_mean")["ongoing_over_year"])  # a count: empty in the mean


def test_the_hours_minimum_depends_on_the_start_date():
    rules = Config().hours_minimum

    def nanos(*days):
        return pd.to_datetime(list(days)).to_numpy(dtype="datetime64[ns]").view("i8")

    starts = nanos("2019-12-31", "2020-01-31", "2020-02-01", "2021-05-01")
    assert minimum_hours(starts, rules).tolist() == [60, 60, 100, 100]
    own = (HoursMinimum(40), HoursMinimum(50, date(2018, 1, 1)), HoursMinimum(80, date(2019, 1, 1)))
    assert minimum_hours(starts, own).tolist() == [80, 80, 80, 80]
    assert minimum_hours(nanos("2017-12-31", "2018-01-01"), own).tolist() == [40, 50]


HOURS_ROWS = [
    ("a", "2020-01-01", "2020-01-31", "2020-04-01"),  # 60 hours asked: 60 given, met
    ("a", "2020-01-01", "2020-01-31", "2020-04-01"),  # 59.5: below 60
    ("a", "2020-01-15", "2020-02-01", "2020-05-01"),  # 100 asked: 99, below
    ("a", "2020-01-15", "2020-02-01", "2020-05-01"),  # 100: met
    ("a", "2020-02-15", "2020-03-01", "2020-06-01"),  # no hours given: not counted
    ("a", "2020-02-15", "2020-03-01", "2020-04-01", None, "arbete"),  # a dropout: not counted
    ("b", "2020-02-15", "2020-03-01", "2020-06-01"),  # 120: met
    ("b", "2019-02-15", "2019-03-01", "2019-06-01"),  # ended the year before: not counted
]
HOURS = [60.0, 59.5, 99.0, 100.0, None, 10.0, 120.0, 30.0]


def test_hours_offered_against_the_minimum_for_the_start_date():
    a = _analyse(HOURS_ROWS, "2020", hours=HOURS)
    r = _row(a, "a")
    assert r["hours_n"] == 4
    assert r["hours_offered_mean"] == pytest.approx((60 + 59.5 + 99 + 100) / 4)
    assert r["hours_minimum_met_share"] == 0.5
    assert r["hours_below_minimum"] == 2
    everyone = _row(a, "_all")
    assert everyone["hours_n"] == 5 and everyone["hours_below_minimum"] == 2
    assert everyone["hours_offered_mean"] == pytest.approx((60 + 59.5 + 99 + 100 + 120) / 5)
    assert everyone["hours_minimum_met_share"] == pytest.approx(3 / 5)
    assert _row(a, "_mean")["hours_minimum_met_share"] == pytest.approx((0.5 + 1) / 2)
    short = hours_shortfalls(a.classified, a.period, Config().hours_minimum)
    assert short.values.tolist() == [
        ["a", 60.0, 1],
        ["_all", 60.0, 1],
        ["a", 100.0, 1],
        ["_all", 100.0, 1],
    ]


def test_a_completion_below_the_minimum_is_a_finding_for_its_expert():
    report = Report(_analyse(HOURS_ROWS, "2020", hours=HOURS))
    model = report.model("sv")
    found = "1 deltagare erbjöds färre än 60 timmar och 1 deltagare erbjöds färre än 100 timmar"
    assert legal.hours_below(report, model, "a") == found
    assert legal.hours_below(report, model, "b") is None
    section = parameter_section(report, "a", "duration", "sv")
    assert f"Erbjudna timmar: {found}, under lagens minimum för sin kursstart." in section
    assert "erbjöds färre" not in parameter_section(report, "b", "duration", "sv")
    said = conclusions(report, "sv")
    assert f"A: {found}, under lagens minimum för sin kursstart." in said
    assert any(s.startswith("A ska") and "(2 deltagare erbjöds färre)" in s for s in said)
    assert found in finding(report, "a", "duration", "sv")  # the dialog template's finding
    assert "timmar" not in finding(report, "b", "duration", "sv")
    english = legal.hours_below(report, report.model("en"), "a")
    assert english == (
        "1 participant was offered fewer than 60 hours and 1 participant was offered fewer"
        " than 100 hours"
    )


def test_the_hours_finding_is_never_stated_for_hidden_figures():
    # min_n 5: expert a's four completions with hours are too few, b's one too: nothing named
    report = Report(_analyse(HOURS_ROWS, "2020", hours=HOURS, min_n=5))
    model = report.model("sv")
    assert model.cell("a", "hours_below_minimum").status == "too_few"
    assert legal.hours_below(report, model, "a") is None
    assert not any("erbjöds färre" in s for s in conclusions(report, "sv"))
    # nor in the expert's own template: its findings are published as it returns them, so they
    # state published figures only (the statistics show it its own count)
    assert "erbjöds färre" not in finding(report, "a", "duration", "sv")


def test_without_the_hours_column_the_hours_are_not_in_the_data_said_once():
    a = _analyse(HOURS_ROWS, "2020")  # no hours column
    for figure in HOURS_FIGURES:
        assert a.indicators[figure].isna().all(), figure  # empty, never 0
    report = Report(a)
    model = report.model("sv")
    assert model.absent == frozenset(HOURS_FIGURES)
    assert model.cell("a", "hours_offered_mean").status == "not_in_data"
    assert "hours_offered_mean" in PARAMETER["duration"].rows
    assert not set(model.rows("duration")) & set(HOURS_FIGURES)
    rows = [r.label for r in statistics_rows(report, "a", "sv")]
    assert "Erbjudna timmar, medelvärde" not in rows
    assert "Andel genomförda inom ett år från start" in rows
    pages = [parameter_section(report, pid, "duration", "sv") for pid in ("a", "b")]
    pages += [method_appendix(report, "sv"), "\n".join(conclusions(report, "sv"))]
    assert not any("Erbjudna timmar" in p or "erbjudna timmar" in p for p in pages[:2])
    quality = data_quality(report, "sv")
    assert quality.count("ingen kolumn med erbjudna timmar") == 1
    with_hours = Report(_analyse(HOURS_ROWS, "2020", hours=HOURS))
    assert "ingen kolumn med erbjudna timmar" not in data_quality(with_hours, "sv")
    assert "Erbjudna timmar, medelvärde" in parameter_section(with_hours, "a", "duration", "sv")


def test_the_method_appendix_states_the_rules():
    report = Report(_analyse(HOURS_ROWS, "2020", hours=HOURS))
    text = method_appendix(report, "sv")
    assert "4 § förordning (2010:1138)" in text
    assert (
        "minst 60 timmar vid kursstart före 2020-02-01 och minst 100 timmar vid kursstart" in text
    )
    assert "SFS 2019:1310" in text
    assert "första start i data" in text and "1 oktober–30 september" in text
    english = method_appendix(report, "en")
    assert "at least 60 hours for a start before 2020-02-01 and at least 100 hours" in english


PEOPLE_ROWS = [
    ("a", "2016-02-01", "2016-03-01", None),  # X's first start: with a
    ("b", "2016-04-01", "2016-05-01", None),  # X again, with b: not a first start
    ("b", "2015-10-01", "2015-11-01", "2015-12-20"),  # Y's first start: in 2015
    ("a", "2016-01-20", "2016-02-01", None),  # Y again: not in 2016's count
    ("b", "2016-05-01", "2016-06-01", None),  # Z: once, with b
    ("a", "2016-06-01", "2016-06-01", None),  # W: starts with a and b on the same day:
    ("b", "2016-06-01", "2016-06-01", None),  # counted with the first record
    ("a", "2016-06-01", "2015-06-01", None),  # V: started before registering, left out,
    ("b", "2016-07-01", "2016-08-01", None),  # so V's first start is this one, with b
]
PEOPLE = ["X", "X", "Y", "Y", "Z", "W", "W", "V", "V"]


def test_a_person_is_counted_once_with_the_expert_of_the_first_start():
    a = _analyse(PEOPLE_ROWS, "2016", people=PEOPLE)
    assert a.classified["first_start"].tolist() == [
        True, False, True, False, True, True, False, False, True,
    ]  # fmt: skip
    assert (_row(a, "a")["n_first_starts"], _row(a, "b")["n_first_starts"]) == (2, 2)  # X W, Z V
    assert (_row(a, "a")["n_started"], _row(a, "b")["n_started"]) == (3, 4)
    assert _row(a, "_all")["n_first_starts"] == 4
    history = a.history.set_index(["period", "provider_id"])["n_first_starts"]
    assert history[("2015", "b")] == 1 and history[("2015", "a")] == 0  # Y's first start


def test_first_starts_are_the_same_from_an_earlier_period_s_records_alone():
    """An earlier period's figures come from the records that can count in it: a person's first
    start is marked over the whole data, so a record left out does not make a later one first."""
    a = _analyse(PEOPLE_ROWS, "2017", people=PEOPLE)
    period = parse_period("2016")
    ds = a.dataset
    whole = compute_indicators(ds.providers, a.classified, None, None, period, ds.config)
    subset = a.classified[may_count_in(a.classified, period)]
    assert len(subset) < len(a.classified)  # Y's 2015 record is left out
    part = compute_indicators(ds.providers, subset, None, None, period, ds.config)
    pd.testing.assert_frame_equal(part, whole, check_exact=True)
    assert part.set_index("provider_id").loc["a", "n_first_starts"] == 2


def test_the_new_figures_rest_on_their_people():
    """Each new figure is hidden with the people it rests on (docs/disclosure.md §2)."""
    assert FIGURES["completed_within_year_share"].groups == ("endings",)
    assert FIGURES["hours_offered_mean"].groups == ("hours",)  # hidden with the endings: implied
    assert FIGURES["n_first_starts"].groups == ("first_starts",)  # hidden with the starts: implied
    rows = [("a", "2016-01-01", "2016-01-10", None)] * 6 + [("b", "2016-01-01", "2016-01-10", None)]
    report = Report(_analyse(rows, "2016", min_n=5))
    model = report.model("sv")
    assert model.cell("b", "n_first_starts").text == "färre än 5"
    assert model.cell("a", "n_first_starts").status == "suppressed"  # else _all − a gives b
    assert model.cell("_all", "n_first_starts").ok


def test_first_starts_match_a_groupby_on_random_records():
    """The unbuffered per-person minimum gives what sorting by person, start and row gives."""
    from so_analysis.measure.outcomes import first_starts

    rng = np.random.default_rng(7)
    for trial in range(100):
        n = int(rng.integers(0, 40))
        days = pd.Series(pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 9, n), "D"))
        frame = pd.DataFrame(
            {
                "participant_id": pd.Series(
                    [
                        None if r < 0.05 else f"p{i}"
                        for r, i in zip(rng.random(n), rng.integers(0, 8, n), strict=True)
                    ],
                    dtype=object,
                ),
                "started": days.where(rng.random(n) > 0.2).astype("datetime64[ns]"),
            },
            index=pd.Index(rng.permutation(n) * 3) if trial % 2 else pd.RangeIndex(n),
        )
        counts = rng.random(n) > 0.1
        got = first_starts(frame, counts)
        expected = np.zeros(n, dtype=bool)
        eligible = frame.assign(row=np.arange(n))[frame["started"].notna().to_numpy() & counts]
        person = eligible["participant_id"].where(
            eligible["participant_id"].notna(), "none" + eligible["row"].astype(str)
        )
        ranked = eligible.assign(person=person).sort_values(["person", "started", "row"])
        expected[ranked.groupby("person", sort=False)["row"].first().to_numpy()] = True
        assert got.tolist() == expected.tolist(), trial
