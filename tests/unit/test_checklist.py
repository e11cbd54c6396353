"""Checklist state as of a date: the latest visit counts, open and overdue deficiencies."""

from datetime import date

from frames import checklist

from so_analysis.measure.checklist import checklist_state, deficiency_counts


def test_latest_visit_on_or_before_the_date_counts():
    rows = checklist(
        [
            ("a", "K", False, "2016-03-01", "2016-06-01", None),
            ("a", "K", True, "2017-03-01", None, None),  # a later visit found it fulfilled
        ]
    )
    before = checklist_state(rows, date(2017, 2, 28))
    assert len(before) == 1 and bool(before.loc[0, "open"]) and bool(before.loc[0, "overdue"])
    on_the_day = checklist_state(rows, date(2017, 3, 1))
    assert not on_the_day.loc[0, "open"]


def test_deadline_day_itself_is_not_overdue():
    rows = checklist([("a", "K", False, "2017-01-01", "2017-05-01", None)])
    assert not checklist_state(rows, date(2017, 5, 1)).loc[0, "overdue"]
    assert checklist_state(rows, date(2017, 5, 2)).loc[0, "overdue"]


def test_remedied_after_the_date_is_still_open_then():
    rows = checklist([("a", "K", False, "2017-01-01", "2017-05-01", "2017-07-01")])
    assert checklist_state(rows, date(2017, 6, 30)).loc[0, "open"]
    assert not checklist_state(rows, date(2017, 7, 1)).loc[0, "open"]


def test_visits_after_the_date_are_ignored_and_undated_rows_count_as_oldest():
    rows = checklist(
        [
            ("a", "K", True, None, None, None),
            ("a", "K", False, "2018-01-01", "2018-02-01", None),
        ]
    )
    state = checklist_state(rows, date(2017, 6, 30))
    assert len(state) == 1 and not state.loc[0, "open"]


def test_deficiency_counts():
    rows = checklist(
        [
            ("a", "K1", False, "2017-01-01", "2017-02-01", None),
            ("a", "K2", False, "2017-01-01", None, None),
            ("b", "K1", True, "2017-01-01", None, None),
        ]
    )
    counts = deficiency_counts(checklist_state(rows, date(2017, 6, 30)))
    assert counts.loc["a"].tolist() == [2, 1]
    assert counts.loc["b"].tolist() == [0, 0]
