"""Conclusions that decide: every sentence checked against the figures of hand-made data.

Two periods (2016, 2017) of six experts: Alfa meets the targets; Beta misses lead time, duration
and dropouts two periods running and has a deficiency past its deadline and an overdue action;
Gamma misses lead time but moves most and has a deficiency under way; Delta rests on too few
starts (hidden) and Zeta is hidden to protect it; Epsilon's authorization ended in March 2017.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from frames import dataset

from so_analysis.core.config import Config, PeriodSettings
from so_analysis.core.periods import parse_period
from so_analysis.core.texts import texts
from so_analysis.measure.analysis import analyse
from so_analysis.report import narrative
from so_analysis.report.publication.model import Report

from .test_sections import make_analysis

AS_OF = date(2018, 6, 30)
NAMES = {"a": "Alfa", "b": "Beta", "c": "Gamma", "d": "Delta", "e": "Epsilon", "f": "Zeta"}


def _people(pid, year, leads, endings=()):
    """One participant per lead (days from registration on 1 March of `year` to start); the
    first ones end: `endings` holds (days from start to end, dropout reason or None)."""
    rows = []
    for i, lead in enumerate(leads):
        registered = pd.Timestamp(f"{year}-03-01")
        start = registered + pd.Timedelta(days=lead)
        row = (pid, registered.date().isoformat(), start.date().isoformat(), None)
        if i < len(endings):
            days, reason = endings[i]
            end = (start + pd.Timedelta(days=days)).date().isoformat()
            row = (*row[:3], end, None, reason) if reason else (*row[:3], end)
        rows.append(row)
    return rows


def _rows():
    a_ends = [(50, None)] * 10 + [(50, r) for r in ("flyttat", "arbete", "flyttat", "arbete")]
    b_ends = [(80, None)] * 10 + [(80, r) for r in ("missnojd", "bytt_expert", "ovrigt")]
    b_ends += [(80, "ovrigt")] * 2
    rows = []
    for year, b_leads, c_lead in ((2016, [40] * 15, 30), (2017, [39] * 8 + [40] * 7, 16)):
        rows += _people("a", year, [10] * 15, [*a_ends, (50, "studier")])
        rows += _people("b", year, b_leads, b_ends)
        rows += _people("c", year, [c_lead] * 10, [(60, None)] * 10)
        rows += _people("d", year, [50] * 3) + _people("f", year, [12] * 5)
        rows += _people("e", year, [20] * 8)
    return rows


def _analysis():
    checklist = [
        ("a", "Intyg", True, "2018-03-01", None, None),
        ("b", "Ledningssystem", False, "2018-03-01", "2018-01-31", None),  # past its deadline
        ("c", "Kundenkät", False, "2018-03-01", "2018-12-31", None),  # under way
        ("e", "Ledningssystem", False, "2017-02-01", "2017-09-01", None),  # ended: closed
    ]
    config = dataclasses.replace(
        Config(), periods=(("2017", PeriodSettings(atgard_senast=date(2018, 12, 1))),)
    )
    ds = dataset(list(NAMES), _rows(), None, checklist, config)
    providers = ds.providers.assign(name=list(NAMES.values()))
    providers.loc[providers["provider_id"] == "e", "authorized_to"] = pd.Timestamp("2017-03-31")
    plans = pd.DataFrame(
        {
            "provider_id": ["a", "b", "b", "e"],
            "period": ["2016"] * 4,
            "area": ["effektivitet"] * 4,
            "finding": ["f"] * 4,
            "action": ["Fortsätta", "Korta väntan.", "Ny rutin", "Ny enkät"],
            "responsible": ["r"] * 4,
            "due": pd.to_datetime(["2017-06-30", "2017-10-31", "2017-06-30", "2017-06-30"]),
            "status": ["klar", "pagar", "klar", "pagar"],
            "follow_up": [None] * 4,
        }
    )
    ds = dataclasses.replace(ds, providers=providers, plans=plans)
    return analyse(ds, parse_period("2017"), AS_OF)


@pytest.fixture(scope="module")
def case():
    return _analysis()


@pytest.fixture(scope="module")
def sv(case):
    return narrative.conclusion_parts(Report(case), "sv")


def _part(conclusions, key) -> str:
    return "\n".join(next(p for p in conclusions.parts if p.key == key).sentences)


def test_the_hand_made_figures_are_what_the_sentences_say(case):
    m, prev = Report(case).model(), Report(case).previous()
    assert [m.cell(p, "lead_time_mean_days").text for p in "abc"] == ["10,0", "39,5", "16,0"]
    assert [prev.cell(p, "lead_time_mean_days").text for p in "abc"] == ["10,0", "40,0", "30,0"]
    assert m.cell("d", "lead_time_mean_days").status == "too_few"
    assert m.cell("f", "lead_time_mean_days").status == "suppressed"
    assert m.cell("e", "lead_time_mean_days").text == "20,0"  # shown, not judged
    assert m.cell("b", "dropout_rate_negative").text == "33,3\u00a0%"
    assert m.cell("a", "dropout_rate").text == "33,3\u00a0%"  # every dropout: positive ones


def test_who_misses_the_lead_time_target_named_with_figure_and_unit(sv, case):
    text = _part(sv, "lead_time")
    m = Report(case).model()
    # judged: Alfa, Beta, Gamma; Delta and Zeta hidden, Epsilon ended: never in "x av y"
    assert "1 av 3 experter med redovisad siffra når målet: högst 14 dagar" in text
    assert "Målet nås inte av Beta (39,5 dagar) och Gamma (16,0 dagar)." in text  # worst first
    assert "Målet kan inte bedömas för Delta och Zeta: ingen redovisad siffra." in text
    mean, everyone = m.cell("_mean", "lead_time_mean_days"), m.cell("_all", "lead_time_mean_days")
    assert f"Genomsnittet per expert är {mean.text} dagar" in text
    assert f"samtliga deltagare {everyone.text} dagar" in text


def test_what_changed_who_moved_most_and_who_missed_twice(sv, case):
    text = _part(sv, "lead_time")
    before = Report(case).previous().cell("_mean", "lead_time_mean_days").text
    now = Report(case).model().cell("_mean", "lead_time_mean_days").text
    assert f"Sedan 2016 har genomsnittet per expert gått från {before} till {now} dagar." in text
    assert "Störst förändring sedan 2016: Gamma (30,0 → 16,0 dagar)." in text
    # Beta closed 0,5 of 26 days to the target: it has hardly moved; Gamma came closer
    assert "Beta missar målet för andra perioden i rad och har i stort sett inte rört sig" in text
    assert "(40,0 → 39,5 dagar)" in text
    assert "Gamma missar målet för andra perioden i rad men har närmat sig det" in text
    assert "Alfa missar" not in text
    duration = _part(sv, "duration")
    assert "Målet nås inte av Beta (80,0 dagar)." in duration
    assert "Beta missar målet för andra perioden i rad och har i stort sett inte rört sig" in (
        duration
    )


def test_dropouts_judged_on_negative_dropouts(sv):
    text = _part(sv, "dropouts")
    # Alfa: 5 of 15 dropped out, all for a positive reason, meets the target; so does Gamma
    assert "2 av 3 experter med redovisad siffra når målet: högst 10\u00a0% negativa avbrott." in (
        text
    )
    assert "Målet nås inte av Beta (33,3\u00a0% negativa avbrott)." in text
    assert "Alfa (" not in text


def test_the_ended_expert_is_named_and_left_out(sv):
    ended = _part(sv, "ended")
    assert "Epsilon upphörde som expert 31 mars 2017" in ended
    body = "\n".join(s for p in sv.parts if p.key != "ended" for s in p.sentences)
    assert "Epsilon" not in body  # in no count, list, change or follow-up of overdue items
    assert all("Epsilon" not in need for need in sv.needs)
    follow_up = _part(sv, "follow_up")
    assert "1 åtgärd avslutades som upphörd" in follow_up


def test_authorization_and_overdue_actions_named_with_dates(sv):
    text = _part(sv, "authorization")
    assert "Per 30 juni 2018 uppfyller 1 av 3 experter villkoren helt" in text
    assert "Ej uppfyllt för Beta: Ledningssystem (sista datum för åtgärd 31 januari 2018)." in text
    assert "Brist under åtgärd för Gamma: Kundenkät (sista datum för åtgärd 31 december 2018)." in (
        text
    )
    follow_up = _part(sv, "follow_up")
    assert "4 åtgärder från 2016 följdes upp per 30 juni 2018: 2 klara, 1 försenad." in follow_up
    assert "Försenat hos Beta, 1 av 2 åtgärder: ”Korta väntan” (klart senast 31 oktober 2017)." in (
        follow_up
    )


def test_what_is_asked_of_whom_by_when(sv):
    assert sv.needs_heading == "Behov av utveckling"
    assert sv.needs_intro == (
        "Kommunen begär att följande experter senast 1 december 2018 återkommer till kommunen:"
    )
    beta = next(n for n in sv.needs if n.startswith("Beta"))
    assert beta == (
        "Beta ska redovisa hur målen för tid från anmälan till start (39,5 dagar), "
        "genomförandetid (80,0 dagar) och andel negativa avbrott (33,3\u00a0%) ska nås, "
        "genomföra den försenade åtgärden från 2016 och åtgärda bristen mot "
        "auktorisationsvillkoren: Ledningssystem."
    )
    gamma = next(n for n in sv.needs if n.startswith("Gamma"))
    assert "målet för tid från anmälan till start (16,0 dagar)" in gamma
    assert "Kundenkät" in gamma
    assert [n.split(" ")[0] for n in sv.needs] == ["Beta", "Gamma"]  # Alfa: nothing to ask


def test_no_hidden_figure_and_every_named_figure_is_the_published_one(case, sv):
    """An expert named with a figure: that figure is its published cell, in the same words."""
    m = Report(case).model()
    text = "\n".join(sv.sentences())
    for pid in ("d", "f"):  # hidden: named at most without a figure
        assert f"{NAMES[pid]} (" not in text
    for hidden in ("50,0", "12,0"):  # Delta's and Zeta's lead times
        assert hidden not in text
    figures = {p: m.figure_of(p) for p in ("lead_time", "duration", "dropouts")}
    for name, inside in re.findall(r"(\w+) \(([^)]*)\)", text):
        pid = next((p for p, n in NAMES.items() if n == name), None)
        if pid is None or "→" in inside:
            continue
        shown = {m.cell(pid, f).text for f in figures.values() if m.cell(pid, f).ok}
        assert any(inside.startswith(s) for s in shown), (name, inside)


def test_english(case):
    en = narrative.conclusion_parts(Report(case), "en")
    text = "\n".join(en.sentences())
    assert "The target, at most 14 days from registration to start, is met by 1 of 3 providers" in (
        text
    )
    assert "The target is not met by Beta (39.5 days) and Gamma (16.0 days)." in text
    assert "Beta misses the target for the second period running and has hardly moved" in text
    assert "Epsilon stopped being a provider on 31 March 2017" in text
    assert en.needs_intro.endswith("report back by 1 December 2018:")
    assert "1 overdue" in text and "1 overdue action" not in text
    assert not {"av", "och", "experter"} & set(re.findall(r"\w+", text))


def test_counts_read_right_from_0_to_3():
    """A text with a count agrees with it: '1 åtgärd', '2 åtgärder', '1 action', '0 actions'."""
    for lang, one, other in (("sv", "1 åtgärd ", "åtgärder "), ("en", "1 action ", "actions ")):
        t = texts(lang)
        for n in range(4):
            s = narrative.plural(
                t, "narrative.follow_up_counts", n, period="2016", done="", overdue="", as_of=""
            )
            assert (one in s) if n == 1 else (other in s and one not in s), (lang, n, s)
        assert narrative.plural(t, "narrative.ask_overdue", n, period="2016").count(str(n)) == (
            n != 1
        )  # "den försenade åtgärden", "de 3 försenade åtgärderna"


def test_no_checklist_and_no_plans():
    analysis = make_analysis(with_optional=False)
    c = narrative.conclusion_parts(Report(analysis), "sv")
    assert "ingen checklista" in _part(c, "authorization")
    assert all(p.key != "follow_up" for p in c.parts)  # no plans table: no follow-up part


def test_without_a_date_to_act_by_the_needs_say_so(case):
    config = dataclasses.replace(case.dataset.config, periods=())
    undated = dataclasses.replace(case, dataset=dataclasses.replace(case.dataset, config=config))
    c = narrative.conclusion_parts(Report(undated), "sv")
    assert c.needs_intro.startswith("Kommunen begär att följande experter återkommer")


def _with_totals(**figures) -> object:
    """The hand-made report case with some figures over all participants replaced."""
    analysis = make_analysis()
    indicators = analysis.indicators.copy()
    for column, value in figures.items():
        indicators.loc[indicators["provider_id"] == "_all", column] = value
    return replace(analysis, indicators=indicators)


def test_a_suppressed_total_is_not_stated():
    """Fewer than min_n waiting or dropping out over everyone: the count, never the figure."""
    analysis = _with_totals(n_waiting=3, waiting_mean_days=17.5, n_dropouts=4, dropouts_positive=3)
    text = "\n".join(narrative.conclusions(Report(analysis), "sv"))
    assert "Vid periodens slut väntade 3 anmälda på att starta." in text
    assert "17,5" not in text
    assert "Under perioden skedde 4 avbrott, för få för att redovisa orsakerna." in text
    assert "(75\u00a0%)" not in text and "positiv orsak" not in text
    english = "\n".join(narrative.conclusions(Report(analysis), "en"))
    assert "There were 4 dropouts in the period, too few to show their reasons." in english
    one = _with_totals(n_waiting=1, waiting_mean_days=17.5)
    assert "väntade 1 anmäld på att starta." in "\n".join(narrative.conclusions(Report(one), "sv"))
