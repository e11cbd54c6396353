"""Targets as the municipality reads them (SPEC §1, §3), on hand-made data: a duration ceiling,
the dropout target on negative dropouts, dropouts counted from the day they were registered,
the authorization rules in three states, and an expert whose authorization ended."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pandas as pd
import pytest
from frames import dataset

from so_analysis.core.config import Config, Targets
from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
from so_analysis.measure.figures import CONTRACT_COLUMNS as INDICATOR_COLUMNS
from so_analysis.measure.figures import CSV_COLUMNS
from so_analysis.measure.targets import ENDED, IN_PROGRESS, MET, MISSED, ended_experts
from so_analysis.report.export import indicators_csv
from so_analysis.report.publication.model import Report

AS_OF = date(2017, 6, 30)


def _run(rows, ids=("a", "b"), config=None, checklist=None, as_of=AS_OF, ended=None, plans=None):
    ds = dataset(ids, rows, None, checklist, config)
    if ended:
        providers = ds.providers.copy()
        for pid, day in ended.items():
            providers.loc[providers["provider_id"] == pid, "authorized_to"] = pd.Timestamp(day)
        ds = dataclasses.replace(ds, providers=providers)
    if plans is not None:
        ds = dataclasses.replace(ds, plans=plans)
    return analyse(ds, parse_period("2016"), as_of)


def _row(analysis, pid):
    return analysis.indicators.set_index("provider_id").loc[pid]


def _endings(pid, completed, reasons, end="2016-09-01"):
    """`completed` completions and one dropout per reason, all ending on `end`."""
    rows = [(pid, "2016-01-01", "2016-01-15", end)] * completed
    return rows + [(pid, "2016-01-01", "2016-01-15", end, None, r) for r in reasons]


def test_the_dropout_target_is_on_negative_dropouts_by_default():
    # a: 2 of 10 ended dropped out, both for a positive reason (moved, job): 20 %, 0 % negative
    # b: 2 of 10, both negative (changed expert, dissatisfied): 20 % and 20 % negative
    rows = _endings("a", 8, ["flyttat", "arbete"]) + _endings("b", 8, ["bytt_expert", "missnojd"])
    a = _run(rows)
    assert _row(a, "a")["dropout_rate"] == pytest.approx(0.2)
    assert _row(a, "a")["dropout_rate_negative"] == 0
    assert _row(a, "b")["dropout_rate_negative"] == pytest.approx(0.2)
    assert a.assessment.loc["a", "dropouts"] is True  # red before: 20 % of every dropout
    assert a.assessment.loc["b", "dropouts"] is False
    every = _run(rows, config=Config(targets=Targets(dropout_target_basis="all")))
    assert every.assessment.loc["a", "dropouts"] is False
    assert Report(every).model().figure_of("dropouts") == "dropout_rate"
    assert Report(a).model().figure_of("dropouts") == "dropout_rate_negative"


def test_dropouts_registered_from_limits_both_rates_to_later_endings():
    # 10 completions before June (no dropout could be registered then), 10 after with 2 negative
    rows = _endings("a", 10, [], end="2016-03-01") + _endings("a", 8, ["missnojd", "ovrigt"])
    rows += _endings("b", 10, [])
    config = Config(dropouts_registered_from=date(2016, 6, 1))
    limited, whole = _run(rows, config=config), _run(rows)
    assert _row(whole, "a")["dropout_rate"] == pytest.approx(2 / 20)
    assert _row(limited, "a")["dropout_rate"] == pytest.approx(2 / 10)
    assert _row(limited, "a")["dropout_rate_negative"] == pytest.approx(2 / 10)
    assert _row(limited, "a")["dropout_base_n"] == 10
    # the counts and the durations still take every ending of the period
    assert _row(limited, "a")["n_completed"] == 18 and _row(limited, "a")["n_dropouts"] == 2
    assert _row(limited, "a")["duration_n"] == 18
    # the rate over every ending, as the published 2016 report counted, is kept for comparison
    assert _row(limited, "a")["dropout_rate_all_endings"] == pytest.approx(2 / 20)
    # the report says so where the rates are shown, in the period the day falls in
    model = Report(limited).model()
    assert model.dropouts_from == date(2016, 6, 1)
    assert "2016-06-01" in model.target_text("dropouts")
    later = analyse(limited.dataset, parse_period("2017"), date(2018, 6, 30))
    assert Report(later).model().dropouts_from is None
    assert "2016-06-01" not in Report(later).model().target_text("dropouts")


def test_the_csv_has_the_contract_first_then_the_negative_rate():
    a = _run(_endings("a", 8, ["missnojd", "arbete"]) + _endings("b", 10, []))
    header = indicators_csv(a.indicators).splitlines()[0].split(",")
    assert header[: len(INDICATOR_COLUMNS)] == list(INDICATOR_COLUMNS)
    assert header == list(CSV_COLUMNS)
    assert header[len(INDICATOR_COLUMNS)] == "dropout_rate_negative"


def test_authorization_in_three_states():
    checklist = [
        ("a", "Krav 1", True, "2017-03-01", None, None),  # nothing open: met
        ("b", "Krav 1", False, "2017-03-01", "2017-12-01", None),  # open, not yet due
        ("c", "Krav 1", False, "2017-03-01", "2017-05-01", None),  # open past its deadline
        ("c", "Krav 2", False, "2017-03-01", "2017-12-01", None),
    ]
    rows = [(p, "2016-01-01", "2016-01-11", None) for p in "abc"]
    a = _run(rows, ids=("a", "b", "c"), checklist=checklist)
    state = a.assessment["authorization_state"]
    assert (state["a"], state["b"], state["c"]) == (MET, IN_PROGRESS, MISSED)
    # the target (no deficiency past its deadline) is met while a deficiency is under way
    assert a.assessment.loc["b", "authorization"] is True
    assert a.assessment.loc["c", "authorization"] is False
    model = Report(a).model()
    texts = [model.judgement_text(model.judgement(p, "authorization")) for p in "abc"]
    assert texts == ["uppfyllt", "brist under åtgärd", "ej uppfyllt"]
    english = Report(a).model("en")
    assert english.judgement_text(english.judgement("b", "authorization")) == (
        "deficiency being remedied"
    )


def test_an_expert_whose_authorization_ended_is_judged_on_nothing():
    checklist = [
        ("a", "Krav 1", False, "2016-03-01", "2016-09-01", None),  # would be overdue
        ("b", "Krav 1", False, "2016-03-01", "2016-09-01", None),
    ]
    plans = pd.DataFrame(
        {
            "provider_id": ["a", "a", "b"],
            "period": ["2015", "2015", "2015"],
            "area": ["effektivitet"] * 3,
            "finding": ["f"] * 3,
            "action": ["x", "y", "z"],
            "responsible": ["r"] * 3,
            "due": pd.to_datetime(["2016-06-01", "2016-06-01", "2016-06-01"]),
            "status": ["pagar", "klar", "pagar"],
            "follow_up": [None] * 3,
        }
    )
    rows = [("a", "2016-01-01", "2016-01-30", None)] * 6 + [
        ("b", "2016-01-01", "2016-01-30", None)
    ] * 6
    a = _run(rows, checklist=checklist, ended={"a": "2016-10-31"}, plans=plans)
    assert a.ended == {"a": date(2016, 10, 31)}
    # figures shown, no verdict: left out of every count of experts meeting a target
    assert _row(a, "a")["lead_time_mean_days"] == 29
    assert a.assessment.loc["a", ["lead_time", "authorization"]].tolist() == [None, None]
    assert a.assessment.loc["a", "authorization_state"] == ENDED
    assert a.assessment.loc["b", "lead_time"] is False
    model = Report(a).model()
    assert model.cell("a", "lead_time_mean_days").ok
    assert model.met("a", "lead_time") is None and model.judgement("a", "lead_time") == ENDED
    # its deficiency and its open plan item are closed as ended, never overdue
    mine = a.checklist[a.checklist["provider_id"] == "a"]
    assert mine["ended"].tolist() == [True] and mine["overdue"].tolist() == [False]
    assert (_row(a, "a")["open_deficiencies"], _row(a, "b")["overdue_deficiencies"]) == (0, 1)
    items = a.follow_up.set_index("action")
    assert items.loc["x", "ended"] and not items.loc["x", "overdue"]
    assert not items.loc["y", "ended"]  # done before it ended
    assert items.loc["z", "overdue"] and not items.loc["z", "ended"]


def test_ended_means_before_or_during_the_period():
    providers = pd.DataFrame(
        {
            "provider_id": ["a", "b", "c", "d"],
            "authorized_to": pd.to_datetime(["2015-06-30", "2016-12-31", "2017-01-01", None]),
        }
    )
    assert ended_experts(providers, parse_period("2016")) == {
        "a": date(2015, 6, 30),
        "b": date(2016, 12, 31),
    }


def test_a_hidden_negative_rate_is_not_published_but_a_low_rate_still_meets_the_target():
    # a: 30 endings, 3 dropouts (2 negative): the negative rate times the published endings would
    # give the 2 negative dropouts, hidden with the dropouts by class (fewer than 5)
    rows = _endings("a", 27, ["missnojd", "ovrigt", "arbete"]) + _endings("b", 27, ["ovrigt"] * 5)
    rows += _endings("c", 20, ["arbete"] * 6)
    a = _run(rows, ids=("a", "b", "c"))
    model = Report(a).model()
    assert model.cell("a", "dropout_rate").ok  # 10 %: every dropout
    cell = model.cell("a", "dropout_rate_negative")
    assert not cell.ok and np.isclose(cell.value, 2 / 30)
    # 10 % of every dropout meets a target of 10 % negative dropouts: the negative rate is lower
    assert model.met("a", "dropouts") is True
    # b (the fewest dropouts of the rest) is hidden to protect a's; c's rate is published
    assert model.cell("b", "dropout_rate_negative").text == "dold"
    assert model.cell("c", "dropout_rate_negative").text == "0,0\u00a0%"
    assert "6,7" not in cell.text
    high = _run(
        _endings("a", 9, ["missnojd", "arbete"]) + _endings("b", 27, ["ovrigt"] * 5),
        ids=("a", "b"),
    )
    # a: 2 of 11 (18 %) every dropout, negatives hidden: the target cannot be judged
    assert Report(high).model().met("a", "dropouts") is None
