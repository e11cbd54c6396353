"""Reading the targets on the sample: the experts' mean is judged on the figure shown."""

from __future__ import annotations

from so_analysis.report.publication.model import Report


def test_the_experts_mean_is_judged_as_shown(sample_analysis):
    """The experts' mean is taken over published figures only: its verdict is on that figure
    (2016: 12,5 % negative dropouts without DiSara's hidden 0 %, not the 10,0 % with it)."""
    model = Report(sample_analysis).model()
    assert model.cell("_mean", "dropout_rate_negative").text == "12,5\u00a0%"
    raw = sample_analysis.indicators.set_index("provider_id").loc["_mean", "dropout_rate_negative"]
    assert round(raw, 3) == 0.1
    assert model.met("_mean", "dropouts") is False
    assert model.met("_mean", "lead_time") is False  # 30,5 days
