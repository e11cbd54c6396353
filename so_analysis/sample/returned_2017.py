"""The sample's returned templates for 2017: the spring 2018 visits on the 2017 figures, with the
follow-up of the plans agreed in 2017 on the 2016 figures (sheet Uppföljning).

Strömbergs left the customer choice on 30 June 2017 and was not visited: the municipality filled
in its template's follow-up and notes itself, and wrote no plan in it.
"""

from __future__ import annotations

from so_analysis.sample.returned import PlanItem, Returned
from so_analysis.sample.returned_2016 import RETURNED_2016


def _actions(pid: str) -> list[str]:
    return [item.action for item in RETURNED_2016[pid].plan]


def _follow_up(pid: str, reports: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Each 2016 plan item of `pid`, in order, with its (status, follow-up)."""
    actions = _actions(pid)
    assert len(actions) == len(reports), pid
    return dict(zip(actions, reports, strict=True))


RETURNED_2017: dict[str, Returned] = {
    "eductus": Returned(
        notes={
            "lead_time": (
                "Kursstart varannan vecka har kortat väntan. Den som vill ha undervisning på ett "
                "språk med få deltagare får ändå vänta tills gruppen är stor nog.",
                "Bättre än 2016, men över målet.",
            ),
            "duration": (
                "Vi har lagt in fler repetitionstillfällen, så kurserna blev någon vecka längre.",
                None,
            ),
            "satisfaction": ("Betygen är fortsatt höga. Den nya enkäten prövas nu.", None),
            "dropouts": (
                "Sedan vi ringer upp den som slutar vet vi orsaken till nästan varje avbrott.",
                None,
            ),
            "language": (
                "Språkstödet på arabiska hjälper deltagare som väntar på en grupp på sitt språk.",
                None,
            ),
            "development": ("Lärplattformen används i alla kurser sedan hösten 2017.", None),
            "administration": (
                None,
                "Enkäten delas inte ut till deltagare som avbryter; det ska vara åtgärdat senast "
                "30 september 2018.",
            ),
        },
        plan=(
            PlanItem(
                "effektivitet",
                "Pröva löpande kursstart för de största språkgrupperna.",
                "Verksamhetschef",
                "2018-12-31",
                "planerad",
                parameter="lead_time",
            ),
            PlanItem(
                "auktorisation",
                "Dela ut enkäten även till deltagare som avbryter.",
                "Kvalitetsansvarig",
                "2018-09-30",
                "pagar",
                parameter="authorization",
                finding="Enkäten delas inte ut till deltagare som avbryter (besöket 13 mars 2018).",
            ),
        ),
        follow_up=_follow_up(
            "eductus",
            [
                ("klar", "Kurserna startar varannan måndag sedan augusti 2017."),
                ("klar", "Ett språkstöd med arabiska som modersmål anställdes i september 2017."),
                ("pagar", "Den nya enkäten prövas under våren 2018."),
                ("klar", "Alla som avbryter rings upp, och orsaken registreras i systemet."),
                ("klar", "Rutinen fastställdes i november 2017."),
            ],
        ),
    ),
    "jobblotsen": Returned(
        notes={
            "lead_time": (
                "Hänvisningen före inskrivning gör att nästan ingen väntar på ett språk vi inte "
                "har.",
                "Strax över målet.",
            ),
            "satisfaction": (
                "Fler svarar på enkäten sedan vi påminner i sista veckan.",
                None,
            ),
            "dropouts": ("Vi redovisar avbrotten per orsak varje månad.", None),
            "study_visits": (
                "Studiebesöken fortsätter; i år även hos Försäkringskassan.",
                None,
            ),
            "cooperation": (
                "Vi tar emot deltagare från andra experter när de saknar språket, och skickar "
                "våra till dem.",
                None,
            ),
        },
        plan=(
            PlanItem(
                "kundnojdhet",
                "Redovisa svarsfrekvensen per kurs och behålla påminnelsen.",
                "Lärare",
                "2018-12-31",
                "planerad",
                parameter="satisfaction",
            ),
        ),
        follow_up=_follow_up(
            "jobblotsen",
            [
                ("klar", "Hänvisning före inskrivning infördes i maj 2017."),
                ("klar", "Påminnelsen ges i kursens sista vecka."),
                ("klar", "Avbrotten redovisas per orsak varje månad."),
                ("klar", "Rutinen antogs i augusti 2017."),
            ],
        ),
    ),
    "omsorgslyftet": Returned(
        notes={
            "lead_time": (
                "Med löpande start har väntan nästan halverats. Längst väntar de som vill ha "
                "undervisning på ett språk där vi ännu inte har lärare.",
                "Förbättring, men över målet.",
            ),
            "satisfaction": (
                "Enkäten finns nu på arabiska och dari.",
                None,
            ),
            "dropouts": (
                "Med en kommentar vid orsaken Övrigt ser vi tydligare varför deltagare slutar.",
                None,
            ),
            "language": ("Sedan hösten 2017 har vi lärare på tigrinja och somaliska.", None),
            "development": (
                "Vi har fått uppdraget att anordna SFI från hösten 2018 och rekryterar språkstöd, "
                "som också kan hjälpa deltagarna i samhällsorienteringen.",
                None,
            ),
            "cooperation": (None, "Experten deltar nu i de gemensamma mötena."),
        },
        plan=(
            PlanItem(
                "effektivitet",
                "Samordna kursstarter med andra experter för små språkgrupper.",
                "Utbildningsledare",
                "2018-12-31",
                "planerad",
                parameter="lead_time",
            ),
            PlanItem(
                "kundnojdhet",
                "Översätta enkäten till de språk som återstår.",
                "Kommunen och experten",
                "2018-09-30",
                "pagar",
                parameter="satisfaction",
            ),
        ),
        follow_up=_follow_up(
            "omsorgslyftet",
            [
                ("klar", "Löpande kursstart sedan september 2017."),
                ("pagar", "Enkäten finns på arabiska och dari; övriga språk återstår."),
                ("klar", "Orsaken Övrigt kräver nu en kommentar i systemet."),
                ("klar", "Lärare på tigrinja och somaliska anställdes i oktober 2017."),
            ],
        ),
    ),
    "disara": Returned(
        notes={
            "lead_time": (
                "Vi ringer fortfarande deltagaren samma dag som anmälan kommer.",
                "Målet nås.",
            ),
            "dropouts": ("Få avbrott, och ingen har slutat för att hen var missnöjd.", None),
            "administration": (
                "Anmälningarna når oss snabbare sedan kommunen ändrade sin rutin.",
                "De felaktiga debiteringarna rättades under hösten 2017.",
            ),
        },
        plan=(
            PlanItem(
                "avbrott",
                "Fortsätta som tidigare, med utvärdering var sjätte vecka.",
                "Verksamhetschef",
                "2018-12-31",
                "planerad",
                parameter="dropouts",
            ),
        ),
        follow_up=_follow_up(
            "disara",
            [
                ("klar", "Arbetssättet är oförändrat och målet hålls."),
                ("klar", "Utvärderingarna har gjorts var sjätte vecka."),
            ],
        ),
    ),
    "strombergs": Returned(
        notes={
            "dropouts": (
                None,
                "Avbrotten 2017 gäller deltagare som fördes över till andra experter när avtalet "
                "upphörde.",
            ),
            "administration": (
                None,
                "Inget besök 2018: experten lämnade kundvalet 30 juni 2017. Kommunen har själv "
                "fyllt i uppföljningen av planen från 2016.",
            ),
        },
        follow_up=_follow_up(
            "strombergs",
            [
                (
                    "klar",
                    "Avtalet upphörde 30 juni 2017; de pågående deltagarna fördes över till "
                    "Omsorgslyftet och Eductus.",
                ),
                ("ej_genomford", "Avtalet upphörde innan enkäten hann översättas."),
            ],
        ),
    ),
    "integra": Returned(
        notes={
            "lead_time": (
                "Vi har fortfarande för få deltagare per språk för att starta ofta, och vill "
                "samordna starterna med andra experter.",
                "Oförändrat långt över målet. Kommunen begär en plan för kursstarter varje månad.",
            ),
            "satisfaction": (
                "Enkäten delades ut till några grupper under hösten.",
                "Medelbetyget ligger under målet, på få svar.",
            ),
            "study_visits": (None, "Ingen ansvarig för studiebesök har utsetts."),
            "administration": (
                None,
                "Ledningssystemet saknas fortfarande och sista dag för åtgärd har passerat. "
                "Auktorisationen prövas om det inte lämnas in.",
            ),
        },
        plan=(
            PlanItem(
                "effektivitet",
                "Lämna en plan för kursstarter varje månad; kommunen följer upp varje kvartal.",
                "Verksamhetschef",
                "2018-09-30",
                "planerad",
                parameter="lead_time",
            ),
            PlanItem(
                "kundnojdhet",
                "Utse en ansvarig för enkät och studiebesök.",
                "Verksamhetschef",
                "2018-09-30",
                "planerad",
                parameter="satisfaction",
            ),
            PlanItem(
                "auktorisation",
                "Lämna in ett ledningssystem för systematiskt kvalitetsarbete; annars prövas "
                "auktorisationen.",
                "Verksamhetschef",
                "2018-08-31",
                "planerad",
                parameter="authorization",
            ),
        ),
        follow_up=_follow_up(
            "integra",
            [
                ("ej_genomford", "Inga ändrade rutiner har redovisats."),
                ("pagar", "Slutrapporterna kommer fortfarande sent."),
                ("ej_genomford", "Ingen ansvarig är utsedd, och enkäten har få svar."),
                ("klar", "Trepartssamtal hålls sedan hösten 2017."),
                ("ej_genomford", "Ledningssystemet är inte på plats."),
            ],
        ),
    ),
}
