"""The explore notebook's seaborn charts on hand-made frames: what each draws, not only that it
returns a figure."""

import pandas as pd
import pytest

from so_analysis.explore import charts
from so_analysis.report.plots import targets_heatmap

COLUMN = "Dagar till start"
RECORDS = pd.DataFrame(
    {
        "Expert": ["Alfa"] * 4 + ["Beta"] * 3 + ["Gamma"] * 2,
        COLUMN: [10, 12, 20, None, 30, 31, 40, 5, 7],
    }
)


def _labels(ticks) -> list[str]:
    return [t.get_text() for t in ticks]


def _target_lines(ax, target: float) -> list:
    return [
        line
        for line in ax.lines
        if line.get_color() == charts.TARGET_COLOR and list(line.get_xdata()) == [target] * 2
    ]


def test_days_by_expert_draws_a_box_and_the_dots_of_each_expert_and_the_target():
    ax = charts.days_by_expert(RECORDS, COLUMN, "dagar från anmälan till start", 14).axes[0]
    assert _labels(ax.get_yticklabels()) == ["Alfa", "Beta", "Gamma"]  # in the records' order
    assert len(ax.patches) == 3  # one box per expert
    # one dot per record with a value: the missing one is left out
    assert [len(dots.get_offsets()) for dots in ax.collections] == [3, 3, 2]
    assert ax.get_xlabel() == "dagar från anmälan till start" and ax.get_ylabel() == ""
    assert len(_target_lines(ax, 14)) == 1
    assert [t.get_text() for t in ax.texts] == [" mål 14"]


def test_days_by_expert_without_a_target_draws_no_target_line():
    ax = charts.days_by_expert(RECORDS, COLUMN, "dagar").axes[0]
    assert len(ax.patches) == 3
    assert not [line for line in ax.lines if line.get_color() == charts.TARGET_COLOR]
    assert len(ax.texts) == 0


def test_days_by_expert_with_no_records_says_so_and_draws_nothing():
    ax = charts.days_by_expert(RECORDS.iloc[0:0], COLUMN, "dagar", 14).axes[0]
    assert [t.get_text() for t in ax.texts] == ["Inga uppgifter i perioden"]
    assert len(ax.patches) == len(ax.collections) == len(ax.lines) == 0


def test_survey_blocks_shows_each_blocks_mean_per_expert_by_name():
    survey = pd.DataFrame(
        {
            "provider_id": ["a", "a", "b"],
            "overall": [4, 5, 3],
            "module_bo_i_sverige": [4, 5, 2],
            "module_aldras": [3, None, 1],
        }
    )
    ax = charts.survey_blocks(survey, {"a": "Alfa", "b": "Beta"}).axes[0]
    assert _labels(ax.get_xticklabels()) == ["Alfa", "Beta"]
    assert _labels(ax.get_yticklabels()) == ["Att bo i Sverige", "Att åldras i Sverige"]
    assert [t.get_text() for t in ax.texts] == ["4.5", "2.0", "3.0", "1.0"]  # a missing answer
    assert ax.collections[0].get_array().tolist() == [[4.5, 2.0], [3.0, 1.0]]  # is not a 0


def test_survey_blocks_without_block_questions_says_so():
    survey = pd.DataFrame({"provider_id": ["a"], "overall": [4]})
    ax = charts.survey_blocks(survey, {"a": "Alfa"}).axes[0]
    assert [t.get_text() for t in ax.texts] == ["Inga svar per block"]


def test_reasons_draws_each_experts_count_per_reason_not_the_total():
    counts = pd.DataFrame(
        {
            "provider_id": ["a", "a", "b", "_all"],
            "reason": ["arbete", "missnojd", "arbete", "arbete"],
            "reason_class": ["positive", "negative", "positive", "positive"],
            "n": [2, 1, 3, 5],
        }
    )
    ax = charts.reasons(counts, {"a": "Alfa", "b": "Beta"}).axes[0]
    assert _labels(ax.get_yticklabels()) == ["Fått arbete", "Missnöjd"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Alfa", "Beta"]
    assert sorted(p.get_width() for p in ax.patches if p.get_width()) == [1, 2, 3]  # not 5
    assert ax.get_xlabel() == "avbrott"


@pytest.mark.parametrize("target", [14, None])
def test_trend_lines_draw_one_line_per_expert_and_the_target(target):
    values = pd.DataFrame(
        {
            "period": ["2016", "2017", "2016", "2017"],
            "Expert": ["A", "A", "B", "B"],
            "value": [10.0, 12.0, 20.0, None],
        }
    )
    ax = charts.trend_lines(values, "dagar", target).axes[0]
    drawn = [list(line.get_ydata()) for line in ax.lines if len(line.get_ydata())]
    assert drawn[:2] == [[10.0, 12.0], [20.0]]  # B's missing 2017 is not drawn
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == (["A", "B", "mål"] if target else ["A", "B"])
    assert drawn[2:] == ([[target, target]] if target else [])
    assert ax.get_ylabel() == "dagar"


def test_targets_heatmap_colours_met_missed_and_not_judged_by_expert_and_period():
    met = pd.DataFrame(
        {
            "period": ["2016", "2016", "2017", "2017"],
            "Expert": ["A", "B", "A", "B"],
            "Parameter": ["Antagning"] * 4,
            "met": [True, False, None, True],
        }
    )
    ax = targets_heatmap(met).axes[0]
    assert _labels(ax.get_xticklabels()) == ["Antagning\n2016", "Antagning\n2017"]
    assert _labels(ax.get_yticklabels()) == ["A", "B"]
    cells = ax.collections[0].get_array()
    assert cells.tolist() == [[1.0, None], [0.0, 1.0]]  # met, not judged (empty); missed, met
    assert cells.mask.tolist() == [[False, True], [False, False]]
