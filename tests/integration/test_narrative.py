"""Conclusions on the sample: what they say of its experts, and the hidden figure they never give."""

from __future__ import annotations

from datetime import date

from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
from so_analysis.report import narrative
from so_analysis.report.publication.model import Report

AS_OF = date(2018, 6, 30)


def test_sample_2017(sample_dataset):
    analysis = analyse(sample_dataset, parse_period("2017"), AS_OF)
    c = narrative.conclusion_parts(Report(analysis), "sv")
    text = "\n".join(c.sentences())
    assert "Strömbergs jobbcoachning upphörde som expert 30 juni 2017" in text
    assert (
        "Integra missar målet för andra perioden i rad och har i stort sett inte rört sig "
        "(65,0 → 64,2 dagar)." in text
    )
    # Integra's actions from 2016 as the follow-up reads them (3 of 4 overdue in the seed-like
    # sample; the count follows the sample's plans and returned templates)
    fu = analysis.follow_up[analysis.follow_up["provider_id"] == "integra"]
    overdue = int(fu["overdue"].sum())
    assert overdue >= 3
    assert f"Försenat hos Integra, {overdue} av {len(fu)} åtgärder:" in text
    assert "Strömbergs jobbcoachning (" not in text  # never named with a (hidden) figure
    assert "Försenat hos Strömbergs" not in text  # its open action is closed as ended
    assert "senast 1 december 2018" in c.needs_intro
    assert "34,2" not in text


def test_sample_2016_does_not_give_away_a_hidden_duration(sample_analysis):
    """The published 2016 mean of 34,2 days and the other experts' figures would give DiSara's
    hidden duration: the conclusions never state it."""
    text = "\n".join(narrative.conclusions(Report(sample_analysis), "sv"))
    assert "34,2" not in text
    assert "Genomsnittet per expert är 30,5 dagar" in text
    assert "senast 1 december 2017" in text
