"""The analyst's explore tables and charts on the sample (the charts alone: tests/unit)."""

from datetime import date

import pandas as pd
import pytest

from so_analysis.core.periods import parse_period
from so_analysis.explore import charts as distributions
from so_analysis.explore import tables as explore
from so_analysis.measure.analysis import analyse


@pytest.fixture(scope="module")
def analysis_2017(sample_dataset):
    return analyse(sample_dataset, parse_period("2017"), date(2018, 6, 30))


def test_an_unknown_expert_stops_with_the_valid_ids(sample_analysis):
    with pytest.raises(explore.UnknownExpert) as err:
        explore.check_expert(sample_analysis, "foo")
    assert "foo" in str(err.value)
    for pid in sample_analysis.expert_ids:
        assert pid in str(err.value)
    assert explore.check_expert(sample_analysis, "") is None
    assert explore.check_expert(sample_analysis, "integra") == "integra"


def test_period_records_are_the_period_only(analysis_2017):
    records = explore.period_enrolments(analysis_2017, "eductus")
    start, end = pd.Timestamp("2017-01-01"), pd.Timestamp("2017-12-31")
    assert set(records["provider_id"]) == {"eductus"}
    touched = (
        records["registered"].between(start, end)
        | records["started"].between(start, end)
        | records["ended"].between(start, end)
        | records["waiting_days"].notna()
    )
    assert touched.all()
    # the mean of the days to start over these records is the period's published figure
    expected = analysis_2017.indicators.set_index("provider_id").at[
        "eductus", "lead_time_mean_days"
    ]
    assert records["lead_time_days"].mean() == pytest.approx(expected)
    assert len(records) < len(
        analysis_2017.classified[analysis_2017.classified.provider_id == "eductus"]
    )


def test_tables_read_in_swedish_with_whole_counts_and_rounded_figures(analysis_2017):
    table = explore.indicator_table(analysis_2017)
    assert "Startade" in table.columns and "Dagar till start, medel" in table.columns
    assert str(table["Startade"].dtype) == "Int64"
    figures = table["Dagar till start, medel"].dropna()
    assert ((figures * 10).round() == figures * 10).all()
    assert table["Andel avbrott (%)"].dropna().max() > 1  # per cent, not a fraction
    html = explore.show(table).to_html()
    assert "26,3" in html  # decimal comma


def test_ready_questions(analysis_2017):
    waiting = explore.longest_waiting(analysis_2017, n=3)
    assert len(waiting) == 3
    assert list(waiting["Dagar i väntan"]) == sorted(waiting["Dagar i väntan"], reverse=True)
    by_language = explore.lead_time_by(analysis_2017, "language")
    assert (
        by_language["Antal"].sum()
        == analysis_2017.indicators.set_index("provider_id").at["_all", "lead_time_n"]
    )
    assert list(by_language["Medel, dagar"]) == sorted(by_language["Medel, dagar"], reverse=True)
    changes = explore.changes_since_previous(analysis_2017)
    integra = changes[
        (changes["Expert"] == "Integra") & (changes["Mått"] == "Dagar till start, medel")
    ]
    assert integra["Förra perioden"].iloc[0] == 65.0 and integra["Perioden"].iloc[0] == 64.2


def test_the_charts_draw_the_sample_as_the_tables_give_it(analysis_2017, sample_dataset):
    """The notebook's calls on the sample: the tables' Swedish columns are what the charts read
    (what each chart draws is tested on hand-made frames in tests/unit/test_explore_charts.py)."""
    records = explore.in_swedish(explore.period_enrolments(analysis_2017))
    ax = distributions.days_by_expert(records, "Dagar till start", "dagar", 14).axes[0]
    with_days = records[records["Dagar till start"].notna()]
    experts = list(dict.fromkeys(with_days["Expert"]))
    assert [t.get_text() for t in ax.get_yticklabels()] == experts and "Integra" in experts
    assert len(ax.patches) == len(experts)
    assert sum(len(dots.get_offsets()) for dots in ax.collections) == len(with_days)
    assert [t.get_text() for t in ax.texts] == [" mål 14"]
    names = sample_dataset.expert_names()
    ax = distributions.survey_blocks(sample_dataset.survey, names).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(distributions.BLOCKS_SV.values())
    assert {t.get_text() for t in ax.get_xticklabels()} <= set(names.values())
    ax = distributions.days_by_expert(records.iloc[0:0], "Dagar till start", "dagar").axes[0]
    assert "Inga uppgifter" in ax.texts[0].get_text()
