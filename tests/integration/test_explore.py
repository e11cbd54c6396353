"""The analyst's explore functions and seaborn charts, on the sample and on hand-made frames."""

from datetime import date

import pandas as pd
import pytest
from matplotlib.figure import Figure

from so_analysis.core.periods import parse_period
from so_analysis.explore import charts as distributions
from so_analysis.explore import tables as explore
from so_analysis.measure.analysis import analyse
from so_analysis.report.plots import targets_heatmap


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


def test_seaborn_charts_are_figures_of_their_own(analysis_2017, sample_dataset):
    records = explore.in_swedish(explore.period_enrolments(analysis_2017))
    fig = distributions.days_by_expert(records, "Dagar till start", "dagar", 14)
    assert isinstance(fig, Figure)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Integra" in labels
    fig = distributions.survey_blocks(sample_dataset.survey, sample_dataset.provider_names())
    assert "Att komma till Sverige" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
    empty = distributions.days_by_expert(records.iloc[0:0], "Dagar till start", "dagar")
    assert "Inga uppgifter" in empty.axes[0].texts[0].get_text()
    met = pd.DataFrame(
        {
            "period": ["2016", "2016", "2017", "2017"],
            "Expert": ["A", "B", "A", "B"],
            "Parameter": ["Antagning"] * 4,
            "met": [True, False, None, True],
        }
    )
    assert isinstance(targets_heatmap(met), Figure)
