"""The targets and judgements as they read: target sentences, target phrases, judgement labels.

Read through the publication model (`Publication.target_text`, `.target_values`,
`.judgement_text`), which holds the `Wording` they need: the duration target is a ceiling unless the config sets a minimum, the
dropout target names its basis (negative dropouts or every dropout), and the authorization rules
have a third state, *brist under åtgärd*, besides *uppfyllt* and *ej uppfyllt*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from so_analysis.core.config import Targets
from so_analysis.core.periods import Period
from so_analysis.core.texts import Texts
from so_analysis.measure.targets import MET, MISSED
from so_analysis.report.publication.formatting import (
    format_date,
    format_number,
    format_percent,
    round_half_away,
)


@dataclass(frozen=True)
class Wording:
    """What the targets' texts depend on: the targets, the language and its texts, and the day
    the dropout rates count from when it falls inside the period."""

    targets: Targets
    t: Texts
    lang: str
    dropouts_from: date | None


def short_number(x: float, lang: str) -> str:
    """A number in prose: '43' when whole after rounding to one decimal, '30,5' otherwise."""
    r = round_half_away(float(x), 1)
    return format_number(r, 0 if float(r).is_integer() else 1, lang)


def short_percent(x: float, lang: str) -> str:
    """A fraction in prose: '10 %' or '7,5 %'."""
    return format_percent(x, 0 if float(round_half_away(x * 100, 1)).is_integer() else 1, lang)


def target_values(m: Wording) -> dict[str, str]:
    """The targets as text: lead, dmin ('' without a minimum), dmax, rate, sat; and the phrases
    `duration` ('högst 70' or '42–70') and `dropouts` ('högst 10 % negativa avbrott')."""
    tg, lang, t = m.targets, m.lang, m.t
    dmin = "" if tg.duration_min_days is None else short_number(tg.duration_min_days, lang)
    dmax = short_number(tg.duration_max_days, lang)
    rate = short_percent(tg.dropout_rate_max, lang)
    duration = (
        t("judgement.range", min=dmin, max=dmax) if dmin else t("judgement.at_most", max=dmax)
    )
    return {
        "lead": short_number(tg.lead_time_max_days, lang),
        "dmin": dmin,
        "dmax": dmax,
        "rate": rate,
        "sat": format_number(tg.satisfaction_min, 1, lang),
        "duration": duration,
        "dropouts": t(f"judgement.dropouts_{tg.dropout_target_basis}", max=rate),
    }


def dropouts_from(day: date | None, period: Period) -> date | None:
    """`day` (the config's `dropouts_registered_from`) when it limits the dropout rates of
    `period`, else None."""
    if day is None or not period.start < day <= period.end:
        return None
    return day


def dropouts_from_text(m: Wording) -> str:
    """The sentence saying the dropout rates count from `dropouts_from` ('' when they do not)."""
    if m.dropouts_from is None:
        return ""
    return m.t("judgement.dropouts_from", date=format_date(m.dropouts_from))


def target_text(m: Wording, parameter: str, section: str = "sections") -> str:
    """The target of a parameter as a sentence; `section` picks the report's or dialog's."""
    tg, v, t, lang = m.targets, target_values(m), m.t, m.lang
    if parameter == "lead_time":
        return t(f"{section}.targets.lead_time", max=v["lead"])
    if parameter == "duration":
        weeks = short_number(tg.duration_max_days / 7, lang)
        if tg.duration_min_days is None:
            return t(f"judgement.targets.{section}.duration_max", max=v["dmax"], max_weeks=weeks)
        return t(
            f"{section}.targets.duration",
            min=v["dmin"],
            max=v["dmax"],
            min_weeks=short_number(tg.duration_min_days / 7, lang),
            max_weeks=weeks,
        )
    if parameter == "dropouts":
        if tg.dropout_target_basis == "negative":
            text = t(f"judgement.targets.{section}.dropouts_negative", max=v["rate"])
        else:
            text = t(f"{section}.targets.dropouts", max=v["rate"])
        note = dropouts_from_text(m)
        return f"{text} {note}" if note else text
    if parameter == "satisfaction":
        return t(f"{section}.targets.satisfaction", min=v["sat"])
    return t(f"{section}.targets.authorization")


def judgement_text(m: Wording, judgement: str | None) -> str:
    """'uppfyllt', 'ej uppfyllt', 'brist under åtgärd', 'upphört' or 'kan inte bedömas'."""
    if judgement is None:
        return m.t("judgement.none")
    if judgement in (MET, MISSED):
        return m.t(f"judgement.{judgement}")
    return m.t(f"judgement.{judgement}")
