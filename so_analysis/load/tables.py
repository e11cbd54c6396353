"""The input data contract (docs/data.md): tables, columns, Swedish header aliases and codes."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum


def normalize_key(text: object) -> str:
    """Fold a header or code for matching: case, spaces, '-', '_' and å/ä/ö (any accent) ignored."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in s.lower() if ch not in " -_\t\n\r\u00a0")


class Kind(Enum):
    ID = "id"  # text identifier, stripped
    TEXT = "text"  # free text (escaped in every output)
    DATE = "date"  # ISO date text or an Excel date cell
    SCORE = "score"  # integer 1–5
    CODE = "code"  # one of a fixed set of codes, matched like headers
    BOOL = "bool"  # ja/nej
    NUMBER = "number"  # a number >= 0, decimal comma allowed


@dataclass(frozen=True)
class Column:
    name: str
    aliases: tuple[str, ...] = ()
    kind: Kind = Kind.TEXT
    required: bool = False
    codes: str | None = None  # name of the code list in CODES


@dataclass(frozen=True)
class Table:
    name: str  # canonical English name used in code
    files: tuple[str, ...]  # accepted file/sheet stems, Swedish first
    columns: tuple[Column, ...]
    required: bool = False
    prefix_columns: tuple[tuple[str, str], ...] = ()  # (prefix en, prefix sv) for module_* columns

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


# Coded values: canonical code -> accepted spellings (matched with normalize_key).
CODES: dict[str, dict[str, tuple[str, ...]]] = {
    "outcome": {
        "completed": ("genomförd", "genomford", "completed", "klar", "avslutad"),
        "dropout": ("avbrott", "dropout", "avbruten"),
        "ongoing": ("pågående", "ongoing", "pagar", "pågår"),
        "not_started": ("ej påbörjad", "not_started", "ej startad", "not started"),
    },
    "reason": {
        "arbete": ("arbete", "Fått arbete"),
        "studier": ("studier", "Börjat studera"),
        "flyttat": ("flyttat", "Flyttat till annan kommun"),
        "sjukdom": ("sjukdom", "Sjukdom"),
        "expert_upphort": ("expert_upphort", "Expert har upphört"),
        "bytt_expert": ("bytt_expert", "Bytt expert"),
        "missnojd": ("missnojd", "Missnöjd"),
        "sprak_saknas": ("sprak_saknas", "Språket saknas"),
        "ovrigt": ("ovrigt", "Övrigt"),
    },
    "area": {
        "effektivitet": ("effektivitet", "Effektivitet"),
        "kundnojdhet": ("kundnojdhet", "Kundnöjdhet"),
        "avbrott": ("avbrott", "Avbrott"),
        "auktorisation": ("auktorisation", "Auktorisation", "Auktorisationsvillkor"),
        "ovrigt": ("ovrigt", "Övrigt"),
    },
    "status": {
        "planerad": ("planerad", "planned"),
        "pagar": ("pågår", "pagar", "in_progress", "in progress"),
        "klar": ("klar", "done", "genomförd"),
        "ej_genomford": ("ej genomförd", "ej_genomford", "not_done", "not done"),
    },
    "sex": {
        "kvinna": ("kvinna", "k", "f", "woman", "female", "kvinnlig"),
        "man": ("man", "m", "male", "manlig"),
    },
    "bool": {
        "true": ("ja", "j", "yes", "y", "true", "1", "sant", "x"),
        "false": ("nej", "n", "no", "false", "0", "falskt"),
    },
}

# Reason code given to a dropout with no reason: counted as a dropout, in no class.
REASON_NOT_GIVEN = "ej_angiven"

PROVIDER_NAME_REF = ("expert", "anordnare")

PROVIDERS = Table(
    name="providers",
    files=("experter", "providers", "expert", "anordnare"),
    required=True,
    columns=(
        Column("provider_id", ("expert_id", "anordnare_id", "id"), Kind.ID, required=True),
        Column("name", ("namn", "expert", "anordnare"), Kind.TEXT, required=True),
        Column("authorized_from", ("auktoriserad_fran",), Kind.DATE),
        Column("authorized_to", ("auktoriserad_till",), Kind.DATE),
    ),
)

ENROLMENTS = Table(
    name="enrolments",
    files=("deltagare", "enrolments", "deltagande"),
    required=True,
    columns=(
        Column("participant_id", ("deltagar_id", "person_id", "personnummer"), Kind.ID, True),
        Column("provider_id", ("expert_id", "anordnare_id"), Kind.ID, True),
        Column("registered", ("anmalningsdatum", "anmald"), Kind.DATE, True),
        Column("started", ("startdatum", "kursstart"), Kind.DATE, True),
        Column("ended", ("slutdatum", "avslutad"), Kind.DATE, True),
        Column("outcome", ("utfall", "status"), Kind.CODE, False, "outcome"),
        Column("dropout_reason", ("avbrottsorsak", "orsak"), Kind.CODE, True, "reason"),
        Column("language", ("sprak", "undervisningssprak"), Kind.TEXT),
        Column("sex", ("kon",), Kind.CODE, False, "sex"),
        Column("hours_offered", ("erbjudna_timmar", "timmar"), Kind.NUMBER),
    ),
)

# Where an enrolment's `sex` came from (the column after it in the loaded frame): its `kön`
# cell, or else its participant id when that is a personnummer or samordningsnummer; None when
# the sex is unknown (*okänt*).
SEX_SOURCE = "sex_source"
SEX_FROM_COLUMN = "kolumn"
SEX_FROM_ID = "personnummer"

SURVEY = Table(
    name="survey",
    files=("enkat", "survey", "kundenkat"),
    columns=(
        Column("provider_id", ("expert_id", "anordnare_id"), Kind.ID, True),
        Column("answered", ("svarsdatum", "datum"), Kind.DATE, True),
        Column("overall", ("helhetsbetyg", "nojdhet", "nki"), Kind.SCORE, True),
        Column("language_understood", ("forstod_spraket",), Kind.SCORE),
        Column("recommend", ("rekommendera",), Kind.SCORE),
    ),
    prefix_columns=(("module_", "modul_"),),
)

CHECKLIST = Table(
    name="checklist",
    files=("checklista", "checklist"),
    columns=(
        Column("provider_id", ("expert_id", "anordnare_id"), Kind.ID, True),
        Column("requirement", ("krav",), Kind.TEXT, True),
        Column("fulfilled", ("uppfyllt",), Kind.BOOL, True, "bool"),
        Column("visit_date", ("besoksdatum",), Kind.DATE),
        Column("deadline", ("atgardas_senast",), Kind.DATE),
        Column("remedied", ("atgardat",), Kind.DATE),
        Column("comment", ("kommentar",), Kind.TEXT),
    ),
)

PLANS = Table(
    name="plans",
    files=("utvecklingsplan", "plans", "utvecklingsplaner"),
    columns=(
        Column("provider_id", ("expert_id", "anordnare_id"), Kind.ID, True),
        Column("period", ("period",), Kind.ID, True),
        Column("area", ("omrade",), Kind.CODE, True, "area"),
        Column("action", ("atgard",), Kind.TEXT, True),
        Column("finding", ("iakttagelse",), Kind.TEXT),
        Column("responsible", ("ansvarig",), Kind.TEXT),
        Column("due", ("klart_senast",), Kind.DATE),
        Column("status", ("status",), Kind.CODE, False, "status"),
        Column("follow_up", ("uppfoljning",), Kind.TEXT),
    ),
)

TABLES: tuple[Table, ...] = (PROVIDERS, ENROLMENTS, SURVEY, CHECKLIST, PLANS)


def code_lookup(codes: str) -> dict[str, str]:
    """Map every normalized accepted spelling of a code list to its canonical code."""
    table: dict[str, str] = {}
    for code, spellings in CODES[codes].items():
        table[normalize_key(code)] = code
        for s in spellings:
            table[normalize_key(s)] = code
    return table


# The Swedish header of each canonical column, as a municipal export writes it: used in
# messages about a missing column and by the sample generator.
SWEDISH_HEADERS: dict[str, str] = {
    "provider_id": "Expert-ID",
    "name": "Namn",
    "authorized_from": "Auktoriserad från",
    "authorized_to": "Auktoriserad till",
    "participant_id": "Deltagar-ID",
    "registered": "Anmälningsdatum",
    "started": "Startdatum",
    "ended": "Slutdatum",
    "outcome": "Utfall",
    "dropout_reason": "Avbrottsorsak",
    "language": "Språk",
    "sex": "Kön",
    "hours_offered": "Erbjudna timmar",
    "answered": "Svarsdatum",
    "overall": "Helhetsbetyg",
    "language_understood": "Förstod språket",
    "recommend": "Rekommendera",
    "requirement": "Krav",
    "fulfilled": "Uppfyllt",
    "visit_date": "Besöksdatum",
    "deadline": "Åtgärdas senast",
    "remedied": "Åtgärdat",
    "comment": "Kommentar",
    "period": "Period",
    "area": "Område",
    "action": "Åtgärd",
    "finding": "Iakttagelse",
    "responsible": "Ansvarig",
    "due": "Klart senast",
    "status": "Status",
    "follow_up": "Uppföljning",
}
