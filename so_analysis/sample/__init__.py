"""Seeded, deterministic sample data: the six experts of the 2016 seed report, participant by participant.

Period 2016 run through the real pipeline reproduces the published Tabell 1 (lead-time, duration
and satisfaction means) and the dropout counts and reasons of the report's expert sections.
The participants are synthetic; only the published aggregates are facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from so_analysis.load.tables import SWEDISH_HEADERS

SAMPLE_SEED = 2016

REASON_LABELS = {
    "arbete": "Fått arbete",
    "studier": "Börjat studera",
    "flyttat": "Flyttat till annan kommun",
    "sjukdom": "Sjukdom",
    "expert_upphort": "Expert har upphört",
    "bytt_expert": "Bytt expert",
    "missnojd": "Missnöjd",
    "sprak_saknas": "Språket saknas",
    "ovrigt": "Övrigt",
}
OUTCOME_LABELS = {
    "completed": "genomförd",
    "dropout": "avbrott",
    "ongoing": "pågående",
    "not_started": "ej påbörjad",
}
MODULES = (
    "komma_till_sverige",
    "bo_i_sverige",
    "forsorja_sig",
    "rattigheter_skyldigheter",
    "familj_och_barn",
    "paverka",
    "varda_halsan",
    "aldras",
)


@dataclass(frozen=True)
class ExpertProfile:
    """What the published report says of one expert in 2016, plus synthetic volumes."""

    provider_id: str
    name: str
    lead_time_mean: int
    duration_mean: int | None
    n_completed: int
    dropout_reasons: dict[str, int]
    n_ongoing: int
    n_waiting: int
    scores: dict[int, int] = field(default_factory=dict)  # score -> number of responses
    languages: tuple[str, ...] = ("arabiska", "dari", "tigrinja", "somaliska", "persiska")
    authorized_from: str = "2015-01-01"
    authorized_to: str = ""


# The published figures (Tabell 1 and the expert sections of the 2017 report on 2016).
PROFILES_2016: tuple[ExpertProfile, ...] = (
    ExpertProfile(
        "disara",
        "DiSara coaching AB",
        14,
        40,
        25,
        {"flyttat": 2, "arbete": 1},
        4,
        2,
        {5: 12},
        ("dari", "persiska", "svenska", "engelska"),
    ),
    ExpertProfile(
        "jobblotsen",
        "Jobblotsen Sverige AB",
        17,
        33,
        60,
        {"sprak_saknas": 5, "bytt_expert": 4, "flyttat": 2, "arbete": 1},
        6,
        3,
        {5: 20, 4: 5},
        ("dari", "tigrinja", "arabiska"),
    ),
    ExpertProfile(
        "omsorgslyftet",
        "Omsorgslyftet utbildningar AB",
        37,
        41,
        103,
        {"ovrigt": 8, "bytt_expert": 3, "flyttat": 2, "arbete": 1},
        8,
        5,
        {5: 30},
    ),
    ExpertProfile(
        "strombergs",
        "Strömbergs jobbcoachning",
        7,
        None,
        0,
        {"bytt_expert": 2, "arbete": 1, "ovrigt": 1},
        4,
        0,
        {},
        ("dari", "pashto"),
        authorized_to="2017-06-30",
    ),
    ExpertProfile(
        "eductus",
        "Academedia Eductus AB",
        43,
        38,
        98,
        {"ovrigt": 4, "flyttat": 3, "arbete": 2, "bytt_expert": 2, "sjukdom": 1},
        9,
        7,
        {5: 35},
        ("arabiska", "somaliska", "tigrinja", "dari"),
    ),
    ExpertProfile(
        "integra",
        "Integra",
        65,
        53,
        40,
        {"missnojd": 2, "sprak_saknas": 2, "flyttat": 1},
        5,
        8,
        {},
    ),
)

# The published Tabell 1 (2016) and the dropout counts of the expert sections; used by the backtest.
PUBLISHED_TABELL_1_2016 = pd.DataFrame(
    {
        "provider_id": [
            "disara",
            "jobblotsen",
            "omsorgslyftet",
            "strombergs",
            "eductus",
            "integra",
        ],
        "lead_time_mean_days": [14, 17, 37, 7, 43, 65],
        "duration_mean_days": [40, 33, 41, None, 38, 53],
        "satisfaction_mean": [5.0, 4.8, 5.0, None, 5.0, None],
        "n_dropouts": [3, 12, 14, 4, 12, 5],
    }
)


def _exact_mean_values(
    rng: np.random.Generator, n: int, mean: int, low: int, high: int
) -> list[int]:
    """n whole numbers in [low, high] whose mean is exactly `mean` (needs low <= mean <= high)."""
    if n == 0:
        return []
    values = np.clip(np.rint(rng.gamma(4.0, mean / 4.0, size=n)), low, high).astype(int)
    diff = mean * n - int(values.sum())
    order = rng.permutation(n)
    i = 0
    while diff != 0:
        k = order[i % n]
        step = 1 if diff > 0 else -1
        if low <= values[k] + step <= high:
            values[k] += step
            diff -= step
        i += 1
    return [int(v) for v in values]


def _day(rng: np.random.Generator, first: date, last: date) -> date:
    return first + timedelta(days=int(rng.integers(0, (last - first).days + 1)))


def _enrolments_2016(rng: np.random.Generator, p: ExpertProfile, next_id) -> list[dict]:
    year_start, year_end = date(2016, 1, 1), date(2016, 12, 31)
    n_dropouts = sum(p.dropout_reasons.values())
    n_starters = p.n_completed + n_dropouts + p.n_ongoing
    leads = _exact_mean_values(rng, n_starters, p.lead_time_mean, 0, 4 * p.lead_time_mean + 10)
    durations = (
        _exact_mean_values(rng, p.n_completed, p.duration_mean, 21, 2 * p.duration_mean)
        if p.duration_mean is not None
        else []
    )
    # Dropouts were registered in the new system from 1 June 2016 (seed report).
    windows = _Windows(
        year_start, date(2016, 6, 1), date(2016, 11, 1), date(2016, 11, 15), year_end
    )
    return _year_rows(rng, p, next_id, leads, durations, windows)


@dataclass(frozen=True)
class _Windows:
    """First days of the year's completed starts, dropout ends, ongoing starts and waiting
    registrations; all end on `last`."""

    completed_start: date
    dropout_end: date
    ongoing_start: date
    waiting_registered: date
    last: date


def _year_rows(
    rng: np.random.Generator,
    p: ExpertProfile,
    next_id,
    leads: list[int],
    durations: list[int],
    w: _Windows,
) -> list[dict]:
    """One expert's enrolments of a year: completed, dropouts (the profile's reasons), ongoing
    and waiting, with the given lead times and durations in that order."""
    rows: list[dict] = []

    def add(registered, started, ended, outcome, reason=""):
        rows.append(
            {
                "participant_id": next_id(),
                "provider_id": p.provider_id,
                "registered": registered,
                "started": started,
                "ended": ended,
                "outcome": outcome,
                "dropout_reason": reason,
                "language": p.languages[int(rng.integers(0, len(p.languages)))],
            }
        )

    lead_iter = iter(leads)
    for duration in durations:
        start = _day(rng, w.completed_start, w.last - timedelta(days=duration))
        add(
            start - timedelta(days=next(lead_iter)),
            start,
            start + timedelta(days=duration),
            "completed",
        )
    for reason in [r for r, k in p.dropout_reasons.items() for _ in range(k)]:
        end = _day(rng, w.dropout_end, w.last)
        start = end - timedelta(days=int(rng.integers(3, 35)))
        add(start - timedelta(days=next(lead_iter)), start, end, "dropout", reason)
    for _ in range(p.n_ongoing):
        start = _day(rng, w.ongoing_start, w.last)
        add(start - timedelta(days=next(lead_iter)), start, None, "ongoing")
    for _ in range(p.n_waiting):
        add(_day(rng, w.waiting_registered, w.last), None, None, "")
    return rows


def _survey_2016(
    rng: np.random.Generator, p: ExpertProfile, completions: pd.DataFrame
) -> list[dict]:
    scores = [s for s, k in sorted(p.scores.items(), reverse=True) for _ in range(k)]
    ends = completions.loc[completions["provider_id"] == p.provider_id, "ended"].tolist()
    rows = []
    for i, score in enumerate(scores):
        answered = ends[i % len(ends)] if ends else date(2016, 12, 15)
        row = {
            "provider_id": p.provider_id,
            "answered": answered,
            "overall": score,
            "language_understood": 5
            if p.provider_id in ("eductus", "omsorgslyftet")
            else int(rng.integers(4, 6)),
            "recommend": 5
            if p.provider_id in ("jobblotsen", "omsorgslyftet", "eductus")
            else int(rng.integers(4, 6)),
        }
        for m in MODULES:
            row[f"module_{m}"] = 5 if p.provider_id == "omsorgslyftet" else int(rng.integers(4, 6))
        rows.append(row)
    return rows


# Checklist: (provider, requirement index, fulfilled, deadline, remedied, comment)
_DEFICIENCIES_2016 = {
    ("eductus", 0): ("2017-12-01", "2017-11-20", "Kvalitetsarbetet följer ingen fastställd rutin."),
    ("integra", 0): (
        "2017-12-01",
        "",
        "Ledningssystem saknas; rutin för avvikelser & klagomål ska tas fram.",
    ),
    ("strombergs", 0): ("2017-12-01", "", "Expert har upphört med SO; ingen plan lämnad."),
    ("omsorgslyftet", 1): (
        "2017-12-01",
        "",
        "Vissa språk erbjuds bara med digitalt stöd, inte lärarlett.",
    ),
    ("jobblotsen", 1): ("2017-09-01", "2017-08-20", "Deltagare avslutades när språket saknades."),
}
_VISITS_2016 = {
    "eductus": "2017-03-14",
    "integra": "2017-03-28",
    "jobblotsen": "2017-04-05",
    "omsorgslyftet": "2017-04-19",
    "strombergs": "2017-05-03",
    "disara": "2017-05-17",
}


def _checklist_2016(requirements: tuple[str, ...]) -> list[dict]:
    rows = []
    for pid, visit in _VISITS_2016.items():
        for i, req in enumerate(requirements):
            deficiency = _DEFICIENCIES_2016.get((pid, i))
            if deficiency and (pid, i) in _REMEDIED_2016:
                deficiency = (deficiency[0], _REMEDIED_2016[(pid, i)], deficiency[2])
            rows.append(
                {
                    "provider_id": pid,
                    "requirement": req,
                    "fulfilled": "nej" if deficiency else "ja",
                    "visit_date": visit,
                    "deadline": deficiency[0] if deficiency else "",
                    "remedied": deficiency[1] if deficiency else "",
                    "comment": deficiency[2] if deficiency else "",
                }
            )
    return rows


# Development plans agreed at the spring 2017 visits on the 2016 figures (paraphrased, not quoted).
_PLANS_2016: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "eductus",
        "effektivitet",
        "43 dagar från anmälan till start, målet är 14.",
        "Se över intaget så att kurser kan starta oftare; samordna start med andra experter.",
        "Verksamhetschef",
        "2017-12-01",
    ),
    (
        "eductus",
        "effektivitet",
        "Svårt att erbjuda undervisning på alla språk.",
        "Anställa språkstöd med arabiska som modersmål under hösten 2017.",
        "Verksamhetschef",
        "2017-10-31",
    ),
    (
        "eductus",
        "kundnojdhet",
        "Höga betyg men få svar på enkäten.",
        "Utveckla kundundersökningen efter samma modell som för arbetsmarknadsinsatser.",
        "Kvalitetsansvarig",
        "2017-12-31",
    ),
    (
        "eductus",
        "avbrott",
        "12 avbrott, flera med orsak Övrigt.",
        "Följa upp varje avbrott med deltagaren för att förstå orsaken.",
        "Studievägledare",
        "2017-12-31",
    ),
    (
        "jobblotsen",
        "effektivitet",
        "17 dagar till start, nära målet.",
        "Hänvisa deltagare till annan expert redan före inskrivning när språket saknas.",
        "Verksamhetschef",
        "2017-09-01",
    ),
    (
        "jobblotsen",
        "kundnojdhet",
        "Medelbetyg 4,8 men låg svarsfrekvens.",
        "Påminna deltagarna om enkäten i den löpande dialogen.",
        "Lärare",
        "2017-12-31",
    ),
    (
        "jobblotsen",
        "avbrott",
        "12 avbrott sommaren 2016, flera för att språket saknades.",
        "Redovisa avbrott per orsak så att positiva avbrott syns; ingen avslutas för att språket saknas.",
        "Verksamhetschef",
        "2017-12-31",
    ),
    (
        "omsorgslyftet",
        "effektivitet",
        "37 dagar till start.",
        "Erbjuda löpande kursstart så att deltagaren kan börja när som helst.",
        "Utbildningsledare",
        "2017-09-30",
    ),
    (
        "omsorgslyftet",
        "kundnojdhet",
        "Enkäten finns bara på svenska.",
        "Tillsammans med kommunen översätta enkäten och låta deltagarna svara anonymt.",
        "Kommunen och experten",
        "2017-12-31",
    ),
    (
        "omsorgslyftet",
        "avbrott",
        "14 avbrott, de flesta med orsak Övrigt.",
        "Dela upp orsaken Övrigt i definierade orsaker eller kräva en kommentar.",
        "Kommunen",
        "2017-12-31",
    ),
    (
        "disara",
        "effektivitet",
        "14 dagar till start, inom målet.",
        "Fortsätta kontakta deltagaren direkt efter anmälan; starta kurs även med få deltagare.",
        "Verksamhetschef",
        "2017-12-31",
    ),
    (
        "disara",
        "avbrott",
        "3 avbrott, alla med positiv eller neutral orsak.",
        "Fortsätta hålla uppe närvaron med utvärdering var sjätte vecka.",
        "Lärare",
        "2017-12-31",
    ),
    (
        "strombergs",
        "effektivitet",
        "Ingen deltagare genomförde kursen; experten har slutat erbjuda SO.",
        "Föra över pågående deltagare till andra experter och avsluta avtalet.",
        "Kommunen",
        "2017-06-30",
    ),
    (
        "strombergs",
        "kundnojdhet",
        "Ingen kommunal enkät besvarad.",
        "Ge enkäten på språk som deltagaren förstår.",
        "Experten",
        "2017-06-30",
    ),
    (
        "integra",
        "effektivitet",
        "65 dagar till start, långt över målet.",
        "Förbättra interna rutiner och kommunikationen med kommunen så att kurser startar snabbare.",
        "Verksamhetschef",
        "2017-10-31",
    ),
    (
        "integra",
        "effektivitet",
        "Slutrapporter når kommunen sent.",
        "Skicka slutrapporter inom två veckor efter avslutad kurs.",
        "Administratör",
        "2017-09-30",
    ),
    (
        "integra",
        "kundnojdhet",
        "Ingen kommunal enkät besvarad; inga studiebesök.",
        "Utse en ansvarig för studiebesök och se till att enkäten delas ut.",
        "Verksamhetschef",
        "2017-12-31",
    ),
    (
        "integra",
        "avbrott",
        "Avbrott efter missnöje och språkliga missförstånd.",
        "Trepartssamtal med deltagare och karriärvägledare tidigt i kursen.",
        "Karriärvägledare",
        "2017-12-31",
    ),
)


def _plans_2016() -> list[dict]:
    return [
        {
            "provider_id": pid,
            "period": "2016",
            "area": area,
            "finding": finding,
            "action": action,
            "responsible": responsible,
            "due": due,
            "status": "planerad",
            "follow_up": "",
        }
        for pid, area, finding, action, responsible, due in _PLANS_2016
    ]


def _followed_up_plans_2016() -> list[dict]:
    rows = _plans_2016()
    for i, row in enumerate(rows):
        row["status"], row["follow_up"] = _FOLLOW_UP_2016[i]
    return rows


def _excluded_examples(next_id) -> list[dict]:
    """A few records with dates out of order: left out of every indicator, counted by rule."""
    return [
        {
            "participant_id": next_id(),
            "provider_id": "eductus",
            "registered": date(2016, 5, 10),
            "started": date(2016, 5, 2),
            "ended": date(2016, 6, 20),
            "outcome": "completed",
            "dropout_reason": "",
            "language": "arabiska",
        },
        {
            "participant_id": next_id(),
            "provider_id": "integra",
            "registered": date(2016, 8, 1),
            "started": date(2016, 9, 5),
            "ended": date(2016, 9, 1),
            "outcome": "completed",
            "dropout_reason": "",
            "language": "somaliska",
        },
        {
            "participant_id": next_id(),
            "provider_id": "omsorgslyftet",
            "registered": date(2016, 3, 3),
            "started": date(2016, 4, 4),
            "ended": None,
            "outcome": "completed",
            "dropout_reason": "",
            "language": "dari",
        },
    ]


# 2017 is synthetic: the plans agreed at the spring 2017 visits show an effect. Most experts
# improve; Integra does not; Strömbergs ends its contract on 30 June 2017.
PROFILES_2017: tuple[ExpertProfile, ...] = (
    ExpertProfile(
        "disara",
        "DiSara coaching AB",
        12,
        45,
        30,
        {"arbete": 2, "studier": 1},
        4,
        2,
        {5: 14, 4: 3},
        ("dari", "persiska", "svenska", "engelska"),
    ),
    ExpertProfile(
        "jobblotsen",
        "Jobblotsen Sverige AB",
        13,
        46,
        64,
        {"flyttat": 2, "arbete": 2, "bytt_expert": 2},
        6,
        3,
        {5: 22, 4: 8},
        ("dari", "tigrinja", "arabiska"),
    ),
    ExpertProfile(
        "omsorgslyftet",
        "Omsorgslyftet utbildningar AB",
        21,
        44,
        110,
        {"flyttat": 3, "arbete": 3, "sjukdom": 2, "missnojd": 2},
        8,
        4,
        {5: 40, 4: 6},
    ),
    ExpertProfile(
        "strombergs",
        "Strömbergs jobbcoachning",
        0,
        None,
        0,
        {},
        0,
        0,
        {},
        ("dari", "pashto"),
        authorized_to="2017-06-30",
    ),
    ExpertProfile(
        "eductus",
        "Academedia Eductus AB",
        24,
        48,
        105,
        {"arbete": 3, "flyttat": 2, "studier": 2, "ovrigt": 1},
        9,
        5,
        {5: 30, 4: 10},
        ("arabiska", "somaliska", "tigrinja", "dari"),
    ),
    ExpertProfile(
        "integra",
        "Integra",
        68,
        55,
        38,
        {"missnojd": 3, "sprak_saknas": 2, "ovrigt": 1},
        5,
        9,
        {4: 3, 3: 2},
    ),
)
STROMBERGS_LAST_DAY = date(2017, 6, 30)


def _enrolments_2017(rng: np.random.Generator, p: ExpertProfile, next_id) -> list[dict]:
    """New 2017 registrations of one expert (none for an expert whose contract ends)."""
    if p.provider_id == "strombergs":
        return []
    year_end = date(2017, 12, 31)
    n_dropouts = sum(p.dropout_reasons.values())
    leads = _exact_mean_values(
        rng,
        p.n_completed + n_dropouts + p.n_ongoing,
        p.lead_time_mean,
        0,
        3 * p.lead_time_mean + 10,
    )
    durations = _exact_mean_values(
        rng, p.n_completed, p.duration_mean or 0, 30, 2 * (p.duration_mean or 0)
    )
    windows = _Windows(
        date(2017, 2, 1), date(2017, 3, 1), date(2017, 11, 1), date(2017, 11, 15), year_end
    )
    return _year_rows(rng, p, next_id, leads, durations, windows)


def _carry_over_into_2017(rng: np.random.Generator, rows: list[dict]) -> None:
    """Those still ongoing or waiting at the end of 2016 finish or start in 2017.

    Strömbergs' ongoing participants end with reason expert_upphort when its contract ends.
    Every change lies in 2017, so no 2016 figure moves.
    """
    for row in rows:
        if row["registered"] > date(2016, 12, 31):
            continue
        if row["outcome"] == "ongoing":
            if row["provider_id"] == "strombergs":
                row.update(
                    ended=_day(rng, date(2017, 3, 1), STROMBERGS_LAST_DAY),
                    outcome="dropout",
                    dropout_reason="expert_upphort",
                )
            else:
                ended = row["started"] + timedelta(days=int(rng.integers(42, 66)))
                row.update(
                    ended=max(ended, date(2017, 1, 2) + timedelta(days=int(rng.integers(0, 20)))),
                    outcome="completed",
                )
        elif row["outcome"] == "" and row["started"] is None:
            start = date(2017, 1, 9) + timedelta(days=int(rng.integers(0, 21)))
            row.update(started=start, outcome="ongoing")
            row.update(ended=start + timedelta(days=int(rng.integers(42, 60))), outcome="completed")


# Checklist at the spring 2018 visits (Strömbergs has left): (provider, requirement) deficiencies.
_VISITS_2017 = {
    "eductus": "2018-03-13",
    "integra": "2018-03-27",
    "jobblotsen": "2018-04-10",
    "omsorgslyftet": "2018-04-24",
    "disara": "2018-05-15",
}
_DEFICIENCIES_2017 = {
    ("integra", 0): ("2017-12-01", "", "Ledningssystemet är fortfarande inte på plats."),
    ("eductus", 5): ("2018-09-30", "", "Enkäten delas inte ut till deltagare som avbryter."),
}
# What became of 2016's deficiencies before the 2018 visits (remedied dates), by (provider, req).
_REMEDIED_2016 = {("omsorgslyftet", 1): "2017-10-15"}


def _checklist_2017(requirements: tuple[str, ...]) -> list[dict]:
    rows = []
    for pid, visit in _VISITS_2017.items():
        for i, req in enumerate(requirements):
            deficiency = _DEFICIENCIES_2017.get((pid, i))
            rows.append(
                {
                    "provider_id": pid,
                    "requirement": req,
                    "fulfilled": "nej" if deficiency else "ja",
                    "visit_date": visit,
                    "deadline": deficiency[0] if deficiency else "",
                    "remedied": deficiency[1] if deficiency else "",
                    "comment": deficiency[2] if deficiency else "",
                }
            )
    return rows


# How the 2016 plans went, as followed up at the 2018 visits: (status, follow-up) by plan index.
_FOLLOW_UP_2016: dict[int, tuple[str, str]] = {
    0: ("klar", "Intag varannan vecka sedan augusti 2017."),
    1: ("klar", "Språkstöd på arabiska anställt i september 2017."),
    2: ("pagar", "Ny enkät provas under våren 2018."),
    3: ("klar", "Avbrottssamtal hålls med varje deltagare."),
    4: ("klar", "Hänvisning före inskrivning infördes i maj 2017."),
    5: ("klar", "Påminnelse i kursens sista vecka."),
    6: ("klar", "Avbrott redovisas per orsak varje månad."),
    7: ("klar", "Löpande kursstart sedan hösten 2017."),
    8: ("pagar", "Översättningen till arabiska och dari är klar, övriga språk återstår."),
    9: ("klar", "Orsaken Övrigt kräver nu en kommentar."),
    10: ("klar", "Oförändrat arbetssätt; målet hålls."),
    11: ("klar", "Utvärdering var sjätte vecka genomförd."),
    12: ("klar", "Avtalet upphörde 30 juni 2017; deltagarna fördes över."),
    13: ("ej_genomford", "Avtalet upphörde innan enkäten infördes."),
    14: ("ej_genomford", "Ingen ändring av rutinerna har redovisats."),
    15: ("pagar", "Slutrapporterna kommer fortfarande sent."),
    16: ("ej_genomford", "Ingen ansvarig utsedd; få enkätsvar."),
    17: ("klar", "Trepartssamtal införda under hösten 2017."),
}
# Plans agreed at the spring 2018 visits on the 2017 figures.
_PLANS_2017: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "integra",
        "effektivitet",
        "68 dagar från anmälan till start, oförändrat sedan 2016.",
        "Redovisa en plan för kursstarter varje månad; kommunen följer upp kvartalsvis.",
        "Verksamhetschef",
        "2018-09-30",
    ),
    (
        "integra",
        "auktorisation",
        "Ledningssystem saknas fortfarande, sista datum har passerat.",
        "Lämna in ledningssystem för systematiskt kvalitetsarbete; annars prövas auktorisationen.",
        "Verksamhetschef",
        "2018-08-31",
    ),
    (
        "eductus",
        "effektivitet",
        "24 dagar till start, bättre men över målet.",
        "Fortsätta med intag varannan vecka och pröva löpande start.",
        "Verksamhetschef",
        "2018-12-31",
    ),
    (
        "omsorgslyftet",
        "effektivitet",
        "21 dagar till start, bättre men över målet.",
        "Samordna kursstarter med andra experter för små språkgrupper.",
        "Utbildningsledare",
        "2018-12-31",
    ),
    (
        "jobblotsen",
        "kundnojdhet",
        "Fler svar på enkäten än 2016.",
        "Behålla påminnelsen och redovisa svarsfrekvensen per kurs.",
        "Lärare",
        "2018-12-31",
    ),
    (
        "disara",
        "avbrott",
        "Få avbrott, alla med positiv orsak.",
        "Fortsätta som tidigare.",
        "Verksamhetschef",
        "2018-12-31",
    ),
)


def _plans_2017() -> list[dict]:
    return [
        {
            "provider_id": pid,
            "period": "2017",
            "area": area,
            "finding": finding,
            "action": action,
            "responsible": responsible,
            "due": due,
            "status": "planerad",
            "follow_up": "",
        }
        for pid, area, finding, action, responsible, due in _PLANS_2017
    ]


def generate_sample(
    seed: int = SAMPLE_SEED, requirements: tuple[str, ...] | None = None
) -> dict[str, pd.DataFrame]:
    """The sample tables with canonical English columns and codes, deterministic for a seed."""
    from so_analysis.core.config import default_config

    reqs = requirements if requirements is not None else default_config().requirements
    rng = np.random.default_rng(seed)
    counter = iter(range(1, 10**6))

    def next_id() -> str:
        return f"D{next(counter):05d}"

    providers = pd.DataFrame(
        [
            {
                "provider_id": p.provider_id,
                "name": p.name,
                "authorized_from": p.authorized_from,
                "authorized_to": p.authorized_to,
            }
            for p in PROFILES_2016
        ]
    )
    rows: list[dict] = []
    for p in PROFILES_2016:
        rows += _enrolments_2016(rng, p, next_id)
    # Strömbergs: one registered customer changed expert before starting (seed report).
    rows.append(
        {
            "participant_id": next_id(),
            "provider_id": "strombergs",
            "registered": date(2016, 9, 12),
            "started": None,
            "ended": date(2016, 9, 30),
            "outcome": "not_started",
            "dropout_reason": "bytt_expert",
            "language": "dari",
        }
    )
    rows += _excluded_examples(next_id)
    rng_2017 = np.random.default_rng(seed + 1)
    _carry_over_into_2017(rng_2017, rows)
    for p in PROFILES_2017:
        rows += _enrolments_2017(rng_2017, p, next_id)
    enrolments = pd.DataFrame(rows).sort_values(["registered", "provider_id"], kind="stable")
    completed = enrolments[enrolments["outcome"] == "completed"].sort_values("ended", kind="stable")
    survey_rows: list[dict] = []
    in_2017 = pd.to_datetime(completed["ended"]) > pd.Timestamp("2016-12-31")
    for p in PROFILES_2016:
        survey_rows += _survey_2016(rng, p, completed[~in_2017])
    for p in PROFILES_2017:
        survey_rows += _survey_2016(rng_2017, p, completed[in_2017])
    survey = pd.DataFrame(survey_rows).sort_values(["answered", "provider_id"], kind="stable")
    return {
        "providers": providers,
        "enrolments": enrolments.reset_index(drop=True),
        "survey": survey.reset_index(drop=True),
        "checklist": pd.DataFrame(_checklist_2016(reqs) + _checklist_2017(reqs)),
        "plans": pd.DataFrame(_followed_up_plans_2016() + _plans_2017()),
    }


# How the sample is written: as a municipal export would be, with Swedish headers and labels.
EXPORT_HEADERS: dict[str, str] = {
    **SWEDISH_HEADERS,
    **{f"module_{m}": f"Modul {m.replace('_', ' ')}" for m in MODULES},
}
FILE_STEMS = {
    "providers": "experter",
    "enrolments": "deltagare",
    "survey": "enkat",
    "checklist": "checklista",
    "plans": "utvecklingsplan",
}
AREA_LABELS = {
    "effektivitet": "Effektivitet",
    "kundnojdhet": "Kundnöjdhet",
    "avbrott": "Avbrott",
    "auktorisation": "Auktorisation",
    "ovrigt": "Övrigt",
}
STATUS_LABELS = {
    "planerad": "planerad",
    "pagar": "pågår",
    "klar": "klar",
    "ej_genomford": "ej genomförd",
}


def to_municipal_export(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Swedish headers and labels, dates as ISO text: what a municipal export looks like."""
    out = {}
    for name, frame in tables.items():
        f = frame.copy()
        if name == "enrolments":
            f["outcome"] = f["outcome"].map(lambda v: OUTCOME_LABELS.get(v, ""))
            f["dropout_reason"] = f["dropout_reason"].map(lambda v: REASON_LABELS.get(v, ""))
        if name == "plans":
            f["area"] = f["area"].map(AREA_LABELS)
            f["status"] = f["status"].map(STATUS_LABELS)
        for col in f.columns:
            if f[col].map(lambda v: isinstance(v, date)).any():
                f[col] = f[col].map(lambda v: v.isoformat() if isinstance(v, date) else "")
        out[name] = f.rename(columns=EXPORT_HEADERS)
    return out


def write_sample(out_dir: Path | str, seed: int = SAMPLE_SEED) -> list[Path]:
    """Write the sample as semicolon-separated UTF-8 CSV files with Swedish headers."""
    return write_tables(generate_sample(seed), out_dir)


def generate_synthetic(
    n_providers: int = 100, n_enrolments: int = 200_000, year: int = 2016, seed: int = 1
) -> dict[str, pd.DataFrame]:
    """A large synthetic data set (for benchmarks): canonical columns, vectorised, deterministic."""
    from so_analysis.core.config import default_config

    rng = np.random.default_rng(seed)
    ids = [f"x{i:03d}" for i in range(n_providers)]
    providers = pd.DataFrame(
        {
            "provider_id": ids,
            "name": [f"Expert {i:03d} AB" for i in range(n_providers)],
            "authorized_from": "2015-01-01",
            "authorized_to": "",
        }
    )
    who = rng.integers(0, n_providers, n_enrolments)
    base = np.datetime64(f"{year - 1}-10-01")
    registered = base + rng.integers(0, 450, n_enrolments).astype("timedelta64[D]")
    lead = rng.gamma(3.0, 10.0, n_enrolments).astype(int)
    duration = rng.integers(20, 90, n_enrolments)
    started = registered + lead.astype("timedelta64[D]")
    ended = started + duration.astype("timedelta64[D]")
    u = rng.random(n_enrolments)
    outcome = np.where(u < 0.08, "dropout", "completed")
    cutoff = np.datetime64(f"{year + 1}-03-31")
    outcome = np.where(ended > cutoff, "ongoing", outcome)
    outcome = np.where(started > cutoff, "not_started", outcome)
    codes = np.array(list(REASON_LABELS))
    reason = np.where(outcome == "dropout", codes[rng.integers(0, len(codes), n_enrolments)], "")

    def iso(values: np.ndarray, keep: np.ndarray) -> list[str]:
        text = np.datetime_as_string(values, unit="D")
        return np.where(keep, text, "").tolist()

    enrolments = pd.DataFrame(
        {
            "participant_id": [f"S{i:07d}" for i in range(n_enrolments)],
            "provider_id": np.array(ids)[who],
            "registered": np.datetime_as_string(registered, unit="D"),
            "started": iso(started, outcome != "not_started"),
            "ended": iso(ended, (outcome == "completed") | (outcome == "dropout")),
            "outcome": outcome,
            "dropout_reason": reason,
            "language": "arabiska",
        }
    )
    done = enrolments[enrolments["outcome"] == "completed"].sample(frac=0.3, random_state=seed)
    survey = pd.DataFrame(
        {
            "provider_id": done["provider_id"].to_numpy(),
            "answered": done["ended"].to_numpy(),
            "overall": rng.integers(3, 6, len(done)),
        }
    )
    reqs = default_config().requirements
    checklist = pd.DataFrame(
        [
            {
                "provider_id": pid,
                "requirement": r,
                "fulfilled": "ja" if (i + j) % 7 else "nej",
                "visit_date": f"{year + 1}-03-01",
                "deadline": f"{year + 1}-12-01",
                "remedied": "",
                "comment": "",
            }
            for i, pid in enumerate(ids)
            for j, r in enumerate(reqs)
        ]
    )
    plans = pd.DataFrame(
        [
            {
                "provider_id": pid,
                "period": str(year),
                "area": area,
                "finding": "Iakttagelse",
                "action": "Åtgärd",
                "responsible": "Verksamhetschef",
                "due": f"{year + 1}-12-31",
                "status": "planerad",
                "follow_up": "",
            }
            for pid in ids
            for area in ("effektivitet", "avbrott")
        ]
    )
    return {
        "providers": providers,
        "enrolments": enrolments,
        "survey": survey,
        "checklist": checklist,
        "plans": plans,
    }


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path | str) -> list[Path]:
    """Write canonical tables as a municipal export (Swedish headers and labels, `;` CSV)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in to_municipal_export(tables).items():
        path = out / f"{FILE_STEMS[name]}.csv"
        frame.to_csv(path, sep=";", index=False, encoding="utf-8", lineterminator="\n")
        written.append(path)
    return written
