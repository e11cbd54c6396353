"""Conclusions: counts of experts meeting targets, spread, totals, waiting, reasons, method."""

from __future__ import annotations

from test_sections import make_analysis

from so_analysis.report import narrative


def test_counts_on_a_hand_made_case():
    sentences = narrative.conclusions(make_analysis(), "sv")
    text = "\n".join(sentences)
    # lead time: a (10.25) and b (12) publishable and under 14; c rests on 4 starts: left out
    assert "2 av 2 experter med en siffra når målet för tid från anmälan till start." in text
    # duration: only a has a publishable figure (b none, c too few)
    assert "1 av 1 expert med en siffra når målet för genomförandetid." in text  # not "experter"
    # dropouts: a 10 % met, b and e 100 % missed, c (4 ended) too few, d hidden to protect c
    assert "1 av 3 experter med en siffra når målet för andel avbrott." in text
    assert "från 10,3 (Alfa AB) till 12,0" in text
    assert "Vid periodens slut väntade 7 anmälda" in text and "10,7 dagar" in text
    assert "4 (50\u00a0%) en positiv" in text and "3 (38\u00a0%) en negativ" in text
    assert "2 öppna brister" in text and "varav 1" in text
    assert all("<span" not in s and "<p>" not in s for s in sentences)  # plain text


def test_duration_method_note():
    text = "\n".join(narrative.conclusions(make_analysis(), "sv"))
    # a has 50, b and e none, c's 40 rests on too few and d's 45 protects it (both left out):
    # mean 50,0, counted as 0 16,7
    assert "räknar bara den 1 av 3 experter som har" in text  # "den", one expert counted
    assert "16,7 dagar i stället för 50,0" in text
    english = "\n".join(narrative.conclusions(make_analysis(), "en"))
    assert "<script>alert(1)</script> & Co, Epsilon have no figure and do not count as 0 days" in english


def test_english():
    text = "\n".join(narrative.conclusions(make_analysis(), "en"))
    assert "2 of 2 providers with a figure meet the target" in text
    assert "1 of 1 provider with a figure meets the target for days to complete." in text
    assert "av" not in text.split()


def test_no_checklist():
    text = "\n".join(narrative.conclusions(make_analysis(with_optional=False), "sv"))
    assert "ingen checklista" in text


def test_sample(sample_analysis):
    text = "\n".join(narrative.conclusions(sample_analysis, "sv"))
    assert "34,2" in text
    assert "genomsnittet per expert är 30,5" in text


def _with_totals(**figures) -> object:
    """The hand-made case with some figures over all participants replaced."""
    analysis = make_analysis()
    indicators = analysis.indicators.copy()
    for column, value in figures.items():
        indicators.loc[indicators["provider_id"] == "_all", column] = value
    analysis.indicators = indicators
    return analysis


def test_a_suppressed_total_is_not_stated():
    """Fewer than min_n waiting or dropping out over everyone: the count, never the figure."""
    analysis = _with_totals(n_waiting=3, waiting_mean_days=17.5, n_dropouts=4, dropouts_positive=3)
    text = "\n".join(narrative.conclusions(analysis, "sv"))
    assert "Vid periodens slut väntade 3 anmälda på att starta." in text
    assert "17,5" not in text
    assert "Under perioden skedde 4 avbrott, för få för att redovisa orsakerna." in text
    assert "(75\u00a0%)" not in text and "positiv orsak" not in text
    english = "\n".join(narrative.conclusions(analysis, "en"))
    assert "There were 4 dropouts in the period, too few to show their reasons." in english
