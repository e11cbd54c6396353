"""The summary's seaborn chart of targets met over periods: published verdicts only."""

from datetime import date

from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
from so_analysis.report.publication.model import Report
from so_analysis.report.sections.charts import period_models, targets_chart


def test_one_period_has_no_chart(sample_analysis):
    assert targets_chart(Report(sample_analysis), "sv") is None


def test_two_periods_judge_published_figures_only(sample_dataset):
    analysis = analyse(sample_dataset, parse_period("2017"), date(2018, 6, 30))
    models = dict(period_models(Report(analysis), "sv"))
    assert list(models) == ["2016", "2017"]
    # DiSara's 2016 duration and dropouts are hidden to protect Strömbergs: not judged
    assert models["2016"].met("disara", "duration") is None
    html = str(targets_chart(Report(analysis), "sv"))
    assert "DiSara coaching AB 2016: 2 av 2 bedömda mål nådda" in html
    assert "Strömbergs jobbcoachning 2016: 1 av 1 bedömt mål nått" in html
    assert "<img" in html and "data:image/svg+xml;base64," in html
    english = str(targets_chart(Report(analysis), "en"))
    assert "judged targets met" in english
