"""Who the sample's experts are: what the 2016 seed report says of each, and the synthetic 2017."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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
