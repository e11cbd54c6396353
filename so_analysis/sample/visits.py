"""The visits of the sample: the checklists and development plans of 2016 and 2017, and their follow-up."""

from __future__ import annotations

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


def checklist_2016(requirements: tuple[str, ...]) -> list[dict]:
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


def followed_up_plans_2016() -> list[dict]:
    rows = _plans_2016()
    for i, row in enumerate(rows):
        row["status"], row["follow_up"] = _FOLLOW_UP_2016[i]
    return rows


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


def checklist_2017(requirements: tuple[str, ...]) -> list[dict]:
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


def plans_2017() -> list[dict]:
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
