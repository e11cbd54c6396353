"""The sample's returned templates for 2016: the spring 2017 visits on the 2016 figures.

The seed report's dialog is the guide for what each expert and the municipality said; the words
are the sample's own. Statuses are as of the visit: nothing agreed then was done yet.
"""

from __future__ import annotations

from so_analysis.sample.returned import PlanItem, Returned

RETURNED_2016: dict[str, Returned] = {
    "eductus": Returned(
        notes={
            "lead_time": (
                "Vi har haft intag en gång i månaden. Den som anmäls strax efter ett intag får "
                "vänta nästan fyra veckor, och ledningen letar efter sätt att starta oftare.",
                "Tiden till start är tre gånger målet. Experten redovisar hur intaget kan göras "
                "tätare.",
            ),
            "duration": (
                "Kursen går fyra heldagar i veckan i en rullande cykel, så den som väl har börjat "
                "blir klar på drygt fem veckor.",
                "Väl inom tio veckor.",
            ),
            "satisfaction": (
                "Deltagarna ger höga betyg på alla block, på språket och på om de skulle "
                "rekommendera oss. Vi vill få in fler svar, också från dem som slutar i förtid.",
                None,
            ),
            "dropouts": (
                "Många avbrott har orsaken Övrigt eftersom deltagaren inte sagt varför. Vi ska "
                "ringa upp alla som slutar.",
                "Orsaken Övrigt behöver redas ut innan avbrotten kan bedömas.",
            ),
            "content": (
                "Rullande kursstart ger deltagaren en plats snabbt men kräver mycket "
                "administration av lärarna.",
                None,
            ),
            "language": (
                "Små grupper på ovanliga språk kostar mer än de ger. Vi planerar att anställa "
                "ett språkstöd med arabiska som modersmål till hösten.",
                "Undervisning på modersmålet eller ett språk deltagaren behärskar väl är ett krav; "
                "språkstöd kan komplettera men inte ersätta den.",
            ),
            "study_visits": (
                "Ett studiebesök hos en annan av våra enheter, som kombinerar SFI och "
                "samhällsorientering, är planerat till hösten 2017.",
                None,
            ),
            "development": (
                "En ny lärplattform tas i bruk under hösten 2017. Studievägledarna kopplas in "
                "tidigare när en deltagare kör fast, med samtal mellan deltagare, lärare och "
                "vägledare.",
                None,
            ),
            "administration": (
                "Besked från kommunen dröjer ibland, och då dröjer också starten.",
                "Kommunen ser över hur snabbt en anmälan når experten.",
            ),
            "cooperation": (
                "Vi samarbetar redan med DiSara, Integra & Jobblotsen om deltagare som behöver "
                "ett annat språk än vi kan erbjuda.",
                None,
            ),
        },
        plan=(
            PlanItem(
                "effektivitet",
                "Kursstart varannan vecka i stället för en gång i månaden; samordna start med "
                "andra experter när en grupp är för liten.",
                "Verksamhetschef",
                "2017-12-01",
                "planerad",
                parameter="lead_time",
            ),
            PlanItem(
                "effektivitet",
                "Anställa ett språkstöd med arabiska som modersmål.",
                "Verksamhetschef",
                "2017-10-31",
                "planerad",
                finding="Svårt att erbjuda undervisning på alla deltagares språk.",
            ),
            PlanItem(
                "kundnojdhet",
                "Ta fram en ny enkät med kommunen, efter samma modell som för "
                "arbetsmarknadsinsatserna.",
                "Kvalitetsansvarig",
                "2017-12-31",
                "planerad",
                parameter="satisfaction",
            ),
            PlanItem(
                "avbrott",
                "Ringa upp varje deltagare som avbryter och registrera den verkliga orsaken.",
                "Studievägledare",
                "2017-12-31",
                "pagar",
                parameter="dropouts",
            ),
            PlanItem(
                "auktorisation",
                "Fastställa en rutin för det systematiska kvalitetsarbetet.",
                "Verksamhetschef",
                "2017-12-01",
                "planerad",
                parameter="authorization",
                finding="Kvalitetsarbetet följer ingen fastställd rutin (besöket 14 mars 2017).",
            ),
        ),
    ),
    "jobblotsen": Returned(
        notes={
            "lead_time": (
                "Vi kontaktar deltagaren samma vecka som anmälan kommer. Har vi inte språket "
                "hänvisar vi hellre till en annan expert än låter deltagaren vänta.",
                "Nära målet.",
            ),
            "duration": ("Kursen går på fem veckor för de flesta.", None),
            "satisfaction": (
                "Betygen är höga, men alla svarar inte. Vi påminner om enkäten.",
                None,
            ),
            "dropouts": (
                "Avbrotten kom sommaren 2016 i en grupp ungdomar från vårt eget boende, på dari "
                "och tigrinja. Flera registrerades i kommunens system först när kursen redan var "
                "slut.\n"
                "Vi samtalar med alla deltagare under kursen, men få ville berätta varför de "
                "slutade.",
                "Ingen deltagare får avslutas för att språket saknas. Deltagaren ska hänvisas "
                "till en expert som har språket redan innan inskrivningen.",
            ),
            "content": (
                "Vi har tagit fram eget material utifrån kursens åtta block.",
                None,
            ),
            "study_visits": (
                "Varje kurs gör flera studiebesök, bland annat på biblioteket och hos "
                "Skatteverket. Deltagarna uppskattar dem.",
                None,
            ),
            "administration": (
                "Det saknas regler för när en deltagare får byta expert, och arbetet med att "
                "hitta en ny plats ersätts inte.",
                "Kommunen tar fram regler för byte av expert; karriärvägledaren godkänner bytet.",
            ),
            "cooperation": (
                "Vi träffar de andra experterna efter dialogmötena och lär av varandra.",
                None,
            ),
        },
        plan=(
            PlanItem(
                "effektivitet",
                "Hänvisa deltagaren till en annan expert redan före inskrivning när språket "
                "saknas.",
                "Verksamhetschef",
                "2017-09-01",
                "pagar",
                parameter="lead_time",
            ),
            PlanItem(
                "kundnojdhet",
                "Påminna om enkäten i kursens sista vecka.",
                "Lärare",
                "2017-12-31",
                "planerad",
                parameter="satisfaction",
            ),
            PlanItem(
                "avbrott",
                "Redovisa avbrotten per orsak varje månad, så att de positiva syns.",
                "Verksamhetschef",
                "2017-12-31",
                "planerad",
                parameter="dropouts",
            ),
            PlanItem(
                "auktorisation",
                "Skriftlig rutin: ingen deltagare avslutas för att språket saknas.",
                "Verksamhetschef",
                "2017-09-01",
                "planerad",
                parameter="authorization",
                finding="Deltagare har avslutats när språket saknades (besöket 5 april 2017).",
            ),
        ),
    ),
    "omsorgslyftet": Returned(
        notes={
            "lead_time": (
                "Sedan besöket kan deltagaren börja när som helst; vi väntar inte längre på "
                "fulla grupper.",
                "Långt över målet. Den nya modellen följs upp nästa år.",
            ),
            "duration": (
                "Kurserna är intensiva: lika många timmar, men fler i veckan.",
                None,
            ),
            "satisfaction": (
                "Enkäten finns bara på svenska. Den borde finnas på deltagarnas språk och kunna "
                "besvaras anonymt.",
                "Kommunen tar fram enkäten; experten bidrar med översättningar.",
            ),
            "dropouts": (
                "De flesta avbrotten har orsaken Övrigt. Orsaken borde delas upp, eller en "
                "kommentar krävas.",
                "Kommunen ser över orsakerna i systemet.",
            ),
            "language": (
                "Kurserna är lärarledda men inte alltid på deltagarens modersmål. Digitalt "
                "material på flera språk används som stöd.",
                "Digitalt stöd ersätter inte undervisning på modersmålet; det har sagts tydligt.",
            ),
            "development": (
                "Lärportalen har efter besöket fått samma information som myndigheternas sidor, "
                "på flera språk.",
                None,
            ),
            "cooperation": (
                "Samarbetet med andra experter fungerar dåligt.",
                "Kommunen bjuder in alla experter till gemensamma möten.",
            ),
        },
        plan=(
            PlanItem(
                "effektivitet",
                "Löpande kursstart, så att deltagaren kan börja när som helst.",
                "Utbildningsledare",
                "2017-09-30",
                "pagar",
                parameter="lead_time",
            ),
            PlanItem(
                "kundnojdhet",
                "Översätta enkäten tillsammans med kommunen och låta deltagarna svara anonymt.",
                "Kommunen och experten",
                "2017-12-31",
                "planerad",
                parameter="satisfaction",
            ),
            PlanItem(
                "avbrott",
                "Dela upp orsaken Övrigt i definierade orsaker eller kräva en kommentar.",
                "Kommunen",
                "2017-12-31",
                "planerad",
                parameter="dropouts",
            ),
            PlanItem(
                "auktorisation",
                "Lärarledd undervisning på modersmålet för de språk som i dag bara har digitalt "
                "stöd.",
                "Utbildningsledare",
                "2017-12-01",
                "planerad",
                parameter="authorization",
                finding="Vissa språk erbjuds bara med digitalt stöd, inte lärarlett (besöket 19 april 2017).",
            ),
        ),
    ),
    "disara": Returned(
        notes={
            "lead_time": (
                "Vi ringer deltagaren direkt när anmälan kommit och startar kursen även när "
                "gruppen är liten.",
                "Målet nås. Ett gott exempel för de andra experterna.",
            ),
            "duration": ("Kursen går i två takter dagtid, normal och intensiv.", None),
            "satisfaction": (
                "Vi utvärderar kursen var sjätte vecka, och deltagarna rekommenderar oss till "
                "andra.",
                None,
            ),
            "dropouts": ("Två flyttade till en annan kommun och en fick arbete.", None),
            "language": ("Kursen ges på dari, persiska, svenska och engelska.", None),
            "study_visits": (
                "Ett besök på biblioteket och en föreläsning om att starta eget ingår, och "
                "deltagarna skriver ett eget CV.",
                None,
            ),
            "administration": (
                "Ibland ser vi att en deltagare varit registrerad i flera veckor utan att vi fått "
                "besked. Anmälan borde registreras samma dag.",
                "Kommunen undersöker fördröjningen i systemet och de felaktiga debiteringarna.",
            ),
            "cooperation": (
                "Efter varje dialogmöte träffas flera experter; nästa möte är i september. För "
                "en gemensam deltagare vill vi att deltagaren är registrerad hos oss.",
                None,
            ),
        },
        plan=(
            PlanItem(
                "effektivitet",
                "Fortsätta kontakta deltagaren direkt efter anmälan och starta även med få "
                "deltagare.",
                "Verksamhetschef",
                "2017-12-31",
                "pagar",
                parameter="lead_time",
            ),
            PlanItem(
                "avbrott",
                "Hålla uppe närvaron med utvärdering var sjätte vecka.",
                "Lärare",
                "2017-12-31",
                "pagar",
                parameter="dropouts",
            ),
        ),
    ),
    "strombergs": Returned(
        notes={
            "lead_time": (
                "Vi ligger nära deltagarna och kan starta snabbt.",
                "Kort tid till start, men få deltagare.",
            ),
            "duration": (
                "Ingen deltagare hann genomföra hela kursen: några fick arbete och andra bytte "
                "expert.",
                None,
            ),
            "dropouts": (
                "Två bytte expert, en fick arbete och en slutade av annan orsak.",
                None,
            ),
            "language": (
                "Undervisningen sker på svenska, med tolk för den som vill. Vi har material på "
                "dari och pashto men ingen anställd med andra språk.",
                "När tolken uteblev förstod deltagarna inte undervisningen. Undervisningen ska "
                "ges på ett språk deltagaren förstår.",
            ),
            "administration": (
                "Vi slutar erbjuda samhällsorientering: underlaget är för litet. Ersättningen "
                "borde kunna betalas per block, så att den som byter expert inte tar med sig "
                "hela ersättningen.",
                "Experten lämnar kundvalet; avtalet upphör 30 juni 2017.",
            ),
            "cooperation": (
                "Vi har talat med Omsorgslyftet om att föra över våra deltagare.",
                None,
            ),
        },
        plan=(
            PlanItem(
                "ovrigt",
                "Föra över pågående deltagare till andra experter och avsluta avtalet.",
                "Kommunen",
                "2017-06-30",
                "pagar",
                finding="Experten slutar erbjuda samhällsorientering; avtalet upphör 30 juni 2017.",
            ),
            PlanItem(
                "kundnojdhet",
                "Ge enkäten på ett språk som deltagaren förstår.",
                "Experten",
                "2017-06-30",
                "planerad",
                parameter="satisfaction",
            ),
        ),
    ),
    "integra": Returned(
        notes={
            "lead_time": (
                "Vi behöver fler deltagare i varje grupp för att kunna köpa in lärare på rätt "
                "språk, och det tar tid att samla dem.",
                "Långt över målet. Experten ska se över sina rutiner och kontakten med kommunen.",
            ),
            "duration": (
                "Vi har tagit in fler lärare, men har bara en kvällskurs i veckan. Fler kvällar "
                "och helger bär sig inte med dagens ersättning.",
                None,
            ),
            "satisfaction": (
                "Vi har inte delat ut kommunens enkät till alla grupper.",
                "Ingen kommunal enkät är besvarad för 2016.",
            ),
            "dropouts": (
                "Några avbröt för att de var missnöjda eller missförstod vad kursen innebar.",
                "Trepartssamtal mellan deltagare, expert och karriärvägledare tidigt i kursen "
                "förebygger missförstånd.",
            ),
            "language": ("För vissa språk söker vi samarbete med andra experter.", None),
            "study_visits": (
                None,
                "Deltagarna säger att de inte gjort några studiebesök.",
            ),
            "administration": (
                "Slutrapporterna når kommunen för sent; vi ser över vår egen administration.",
                None,
            ),
        },
        plan=(
            PlanItem(
                "effektivitet",
                "Förbättra de interna rutinerna och kontakten med kommunen så att kurser startar "
                "snabbare.",
                "Verksamhetschef",
                "2017-10-31",
                "planerad",
                parameter="lead_time",
            ),
            PlanItem(
                "effektivitet",
                "Skicka slutrapporter inom två veckor efter avslutad kurs.",
                "Administratör",
                "2017-09-30",
                "planerad",
                finding="Slutrapporterna når kommunen sent.",
            ),
            PlanItem(
                "kundnojdhet",
                "Utse en ansvarig för studiebesök och se till att enkäten delas ut.",
                "Verksamhetschef",
                "2017-12-31",
                "planerad",
                parameter="satisfaction",
            ),
            PlanItem(
                "avbrott",
                "Trepartssamtal med deltagare och karriärvägledare tidigt i kursen.",
                "Karriärvägledare",
                "2017-12-31",
                "planerad",
                parameter="dropouts",
            ),
            PlanItem(
                "auktorisation",
                "Ta fram ett ledningssystem med rutin för avvikelser & klagomål.",
                "Verksamhetschef",
                "2017-12-01",
                "planerad",
                parameter="authorization",
                finding="Ledningssystem saknas; ingen rutin för avvikelser & klagomål (besöket 28 mars 2017).",
            ),
        ),
    ),
}
