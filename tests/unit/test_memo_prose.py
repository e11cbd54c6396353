"""The memo's prose, checked word for word against the hand-made data of the conclusions' tests.

Two periods of six experts (tests/unit/test_narrative.py): Alfa meets the targets; Beta misses
lead time, duration and dropouts, has a deficiency past its deadline and an overdue action; Gamma
misses lead time and has a deficiency under way; Delta rests on too few starts and Zeta is hidden
to protect it; Epsilon's authorization ended on 31 March 2017. Lead time means 2017: Alfa 10,0,
Beta 39,5, Gamma 16,0, Epsilon 20,0, so the experts' mean is 85,5 / 4 = 21,375 → 21,4 (half away
from zero); 2016: 10, 40, 30, 20 → 25,0. Duration 50, 80, 60 → 63,3 both years.
"""

from __future__ import annotations

import pytest

from so_analysis.core.texts import texts
from so_analysis.report.memo_prose import memo_prose
from so_analysis.report.publication.model import Report

from .test_narrative import _analysis


@pytest.fixture(scope="module")
def report():
    return Report(_analysis())


def _paragraphs(prose) -> dict[str, str]:
    return {p.key: f"{p.lead} {p.text}" for p in prose.paragraphs}


def test_one_paragraph_per_parameter_says_target_mean_change_and_who_misses(report):
    p = _paragraphs(memo_prose(report, "sv"))
    assert list(p) == [
        "lead_time",
        "duration",
        "dropouts",
        "satisfaction",
        "authorization",
        "follow_up",
    ]
    assert p["lead_time"] == (
        "Effektivitet: antagning. Målet är högst 14 dagar från anmälan till start; 1 av 3 experter"
        " med redovisad siffra når det. Genomsnittet per expert är 21,4 dagar; 2016 var det 25,0."
        " Målet nås inte av Beta (39,5 dagar) och Gamma (16,0 dagar)."
    )
    assert p["duration"] == (
        "Effektivitet: genomförande. Målet är högst 70 dagar för genomförande; 2 av 3 experter med"
        " redovisad siffra når det. Genomsnittet per expert är 63,3 dagar; 2016 var det 63,3."
        " Målet nås inte av Beta (80,0 dagar)."
    )
    assert p["dropouts"].endswith("Målet nås inte av Beta (33,3\u00a0% negativa avbrott).")
    # no survey in the data: no figure, nobody judged, nothing invented
    assert p["satisfaction"] == (
        "Kundnöjdhet. Målet är medelbetyg minst 4,0."
        " Ingen expert har en redovisad siffra för medelbetyg under perioden."
    )


def test_rules_and_plans_by_name_and_the_ended_expert_out_of_every_count(report):
    prose = memo_prose(report, "sv")
    p = _paragraphs(prose)
    assert p["authorization"] == (
        "Auktorisationsvillkor. Per 30 juni 2018 uppfyller 1 av 3 experter villkoren helt, utan"
        " någon öppen brist. Ej uppfyllt, med en brist kvar efter sista datum för åtgärd: Beta."
        " Brist under åtgärd: Gamma."
    )
    assert p["follow_up"] == (
        "Uppföljning av utvecklingsplanerna från 2016. 4 åtgärder från 2016 följdes upp per"
        " 30 juni 2018: 2 klara, 1 försenad. Försenade åtgärder finns hos Beta."
    )
    assert prose.overview == (
        "Av experterna med redovisad siffra når 1 av 3 målet för tid från anmälan till start,"
        " 2 av 3 målet för genomförandetid och 2 av 3 målet för andel negativa avbrott."
        " Epsilon upphörde som expert 31 mars 2017 och räknas inte in när målen bedöms."
        " Kommunen begär att 2 experter senast 1 december 2018 redovisar hur de ska åtgärda det"
        " som brister."
    )


def test_what_is_asked_of_whom_by_when_is_the_reports_list(report):
    from so_analysis.report.narrative import conclusion_parts

    prose = memo_prose(report, "sv")
    report_needs = conclusion_parts(report, "sv")
    assert prose.needs_intro == report_needs.needs_intro
    assert prose.needs_intro.endswith("senast 1 december 2018 återkommer till kommunen:")
    assert prose.needs == report_needs.needs
    assert [n.split(" ska ")[0] for n in prose.needs] == ["Beta", "Gamma"]
    # the detail stays in the report: who moved most, who missed twice, each overdue action
    memo = " ".join([prose.overview, *(_paragraphs(prose).values())])
    for detail in ("Störst förändring", "andra perioden i rad", "Korta väntan"):
        assert detail not in memo


def test_an_expert_with_a_hidden_figure_is_never_named(report):
    prose = memo_prose(report, "sv")
    text = " ".join([prose.overview, *_paragraphs(prose).values(), *prose.needs])
    assert "Delta" not in text and "Zeta" not in text


def test_the_slot_for_women_and_men_closes_its_parameters_paragraph(report):
    sentence = "Kvinnor väntade 12,0 dagar längre än män hos Beta."
    p = _paragraphs(memo_prose(report, "sv", {"lead_time": sentence}))
    assert p["lead_time"].endswith(" och Gamma (16,0 dagar). " + sentence)
    assert all(sentence not in text for key, text in p.items() if key != "lead_time")
    assert "Kvinnor" not in " ".join(_paragraphs(memo_prose(report, "sv")).values())


def test_english_reads_with_points_and_the_same_figures(report):
    prose = memo_prose(report, "en")
    p = _paragraphs(prose)
    assert p["lead_time"] == (
        "Efficiency: admission. The target is at most 14 days from registration to start, met by"
        " 1 of 3 providers with a published figure. The mean per provider is 21.4 days; in 2016"
        " it was 25.0. The target is not met by Beta (39.5 days) and Gamma (16.0 days)."
    )
    assert "Epsilon stopped being a provider on 31 March 2017" in prose.overview


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [
        ("sv", "att 1 expert senast 1 december 2018 redovisar hur den", "att 2 experter"),
        ("en", "asks 1 provider to report by 1 December 2018 how it", "asks 2 providers"),
    ],
)
def test_the_ask_in_the_summary_has_a_form_for_one(lang, one, many):
    t = texts(lang)
    date = "1 december 2018" if lang == "sv" else "1 December 2018"
    assert one in t.n("memo.prose.overview_needs_by", 1, date=date)
    assert many in t.n("memo.prose.overview_needs_by", 2, date=date)
