"""The visits of the sample: the checklists of 2016 and 2017, and the plans no template holds."""

from __future__ import annotations

from so_analysis.load.dialog.layout import PLAN_COLUMNS

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


# The plans of the visits come back in the returned dialog templates (`sample.returned_2016`,
# `returned_2017`). The table keeps what no template holds: the municipality's own plan for
# Strömbergs, which left on 30 June 2017 and was not visited in 2018 (its 2017 template came back
# with the follow-up and notes only, so it replaces nothing).
_MUNICIPALITY_PLANS: tuple[tuple[str, str, str, str, str, str, str, str, str], ...] = (
    (
        "strombergs",
        "2017",
        "ovrigt",
        "Auktorisationen upphörde 30 juni 2017.",
        "Kontrollera att varje deltagare som genomfört kursen hos experten fått sitt intyg.",
        "Kommunen",
        "2017-12-31",
        "klar",
        "Intygen kontrollerades i december 2017; två skickades ut i efterhand.",
    ),
)


def plans_table() -> list[dict]:
    """The plans table of the sample: only plans that no returned template holds."""
    keys = tuple(c for c in PLAN_COLUMNS if c != "_row")  # the row number is the reader's
    return [dict(zip(keys, row, strict=True)) for row in _MUNICIPALITY_PLANS]
