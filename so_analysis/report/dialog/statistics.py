"""The figures of a dialog template, read from the publication model for one expert.

The template goes to one expert (`audience=provider_id`): its own figures are shown in full, and
those resting on fewer than `min_n` observations are marked `private` (shown to it alone, not
published, no target judged on them); the comparison columns `_mean` and `_all` read exactly as
published; no other expert's figure appears.

Women and men (SPEC §7): after the parameters, the figure each parameter is judged on and the
count it rests on, per sex, from the models by sex (`Report.by_sex`): the expert's own with it as
the audience, the total over all participants of that sex as published. No target is judged per
sex and the experts' mean is not given per sex: those cells stay empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from so_analysis.core.texts import Texts
from so_analysis.measure.figures import (
    ALL,
    COUNT,
    FIGURES,
    JUDGED,
    MEAN,
    NO_COMPLETIONS,
    NO_ENDINGS,
    NO_STARTS,
    NO_SURVEY,
    PARAMETERS,
)
from so_analysis.measure.sexes import KVINNA, MAN, NOT_BY_SEX, SEX_COLUMN, SEXES, UNKNOWN
from so_analysis.report import legal
from so_analysis.report.publication.disclosure import SUPPRESSED, TOO_FEW
from so_analysis.report.publication.model import Cell, Publication, Report, kind
from so_analysis.report.publication.targets_text import short_number

COLUMNS = ("indicator", "value", "target", "met", "mean", "all")


@dataclass(frozen=True)
class Figure:
    """One figure as the template shows it: a number (None when shown as text) and its text."""

    number: float | int | None
    text: str
    kind: str
    private: bool = False  # the expert's own figure on too few observations: not published


@dataclass(frozen=True)
class StatRow:
    """A row of the statistics table: a group heading, or a figure with its comparisons."""

    label: str
    group: bool = False
    expert: Figure | None = None
    # None on a row by sex: the experts' mean is not given per sex
    mean: Figure | None = None
    total: Figure | None = None
    target: str = ""
    met: str = ""  # 'ja', 'nej', '–', or '' on a row that carries no target
    met_target: bool | None = None  # the target met, missed, or not judged


def model(report: Report, provider_id: str, lang: str = "sv") -> Publication:
    """The publication model as the dialog template of `provider_id` reads it."""
    if provider_id not in report.analysis.expert_ids:
        raise KeyError(f"{provider_id!r} is not an expert of this analysis")
    return report.model(lang, provider_id)


def figure(cell: Cell) -> Figure:
    """A model cell as the template shows it: the published rounded number, or its text."""
    if not cell.ok:
        return Figure(None, cell.text, kind(cell.figure))
    number: float | int = cell.shown
    if kind(cell.figure) == COUNT:
        number = int(number)
    return Figure(number, cell.text, kind(cell.figure), cell.private)


def met_text(m: Publication, met: bool | None) -> str:
    if met is None:
        return m.t("dialog.missing")
    return m.t("dialog.yes") if met else m.t("dialog.no")


def statistics_rows(report: Report, provider_id: str, lang: str = "sv") -> list[StatRow]:
    """The statistics table: per parameter a heading, then its figures (the catalogue's
    `PARAMETERS`); then the rows by sex (`sex_statistics_rows`)."""
    m = model(report, provider_id, lang)
    rows: list[StatRow] = []
    for parameter, figures in ((p.name, m.rows(p.name)) for p in PARAMETERS):
        rows.append(StatRow(m.t(f"dialog.groups.{parameter}"), group=True))
        for name in figures:
            judged = m.figure_of(parameter) == name
            met = m.met(provider_id, parameter) if judged else None
            rows.append(
                StatRow(
                    label=m.t(f"dialog.rows.{name}"),
                    expert=figure(m.cell(provider_id, name)),
                    mean=figure(m.cell(MEAN, name)),
                    total=figure(m.cell(ALL, name)),
                    target=m.target_text(parameter, "dialog") if judged else "",
                    met=met_text(m, met) if judged else "",
                    met_target=met,
                )
            )
    return rows + sex_statistics_rows(report, provider_id, lang)


def sexes_shown(report: Report, provider_id: str) -> tuple[str, ...]:
    """The sexes the rows by sex show for an expert: women and men, and *okänt* where the
    expert had people of unknown sex in the period; none where nobody's sex is known at all."""
    by_sex = report.analysis.by_sex
    occurs = {
        (str(pid), str(sex))
        for pid, sex, yes in zip(
            by_sex["provider_id"], by_sex[SEX_COLUMN], by_sex["occurs"], strict=True
        )
        if yes
    }
    if not {(ALL, KVINNA), (ALL, MAN)} & occurs:
        return ()
    return tuple(s for s in SEXES if s != UNKNOWN or (provider_id, s) in occurs)


def sex_figures(m: Publication) -> list[str]:
    """The figures shown by sex: per parameter judged on a figure that is measured by sex, that
    figure and the count it rests on (the survey has no sex: satisfaction is not among them)."""
    out: list[str] = []
    for p in PARAMETERS:
        name = m.figure_of(p.name)
        if p.name not in JUDGED or name in NOT_BY_SEX or name not in m.rows(p.name):
            continue
        basis = FIGURES[name].basis
        out += [name] if basis is None else [name, basis]
    return out


def sex_statistics_rows(report: Report, provider_id: str, lang: str = "sv") -> list[StatRow]:
    """The rows by sex: a heading, then per figure of `sex_figures` a row per sex shown
    (women, men, okänt), the expert's own figure beside the total over all participants of that
    sex as published; no target, no experts' mean."""
    sexes = sexes_shown(report, provider_id)
    if not sexes:
        return []
    m = model(report, provider_id, lang)
    t = m.t
    own, published = report.by_sex(lang, provider_id), report.by_sex(lang)
    rows = [StatRow(t("dialog.by_sex.group"), group=True)]
    for name in sex_figures(m):
        for sex in sexes:
            key = "unknown" if sex == UNKNOWN else sex
            label = t(
                "dialog.by_sex.row",
                label=t(f"dialog.rows.{name}"),
                sex=t(f"dialog.by_sex.sexes.{key}"),
            )
            rows.append(
                StatRow(
                    label=label,
                    expert=figure(own[sex].cell(provider_id, name)),
                    total=figure(published[sex].cell(ALL, name)),
                )
            )
    return rows


def has_private(rows: list[StatRow]) -> bool:
    """Whether the table shows any figure to this expert alone."""
    return any(r.expert is not None and r.expert.private for r in rows)


def hidden_for_others(report: Report, provider_id: str, name: str, lang: str = "sv") -> bool:
    """Whether the report hides this figure of the expert to protect another's (`dold`), not
    because it rests on too few itself."""
    return report.model(lang).cell(provider_id, name).status == SUPPRESSED


def _private_reasons(report: Report, provider_id: str, lang: str) -> set[bool]:
    """For each figure shown to this expert alone, whether the report hides it for another
    expert's sake (True) or because it rests on too few (False); by sex too."""
    m = model(report, provider_id, lang)
    names = [n for p in PARAMETERS for n in m.rows(p.name)]
    reasons = {
        hidden_for_others(report, provider_id, n, lang)
        for n in names
        if m.cell(provider_id, n).private
    }
    if sex_statistics_rows(report, provider_id, lang):
        own, published = report.by_sex(lang, provider_id), report.by_sex(lang)
        reasons |= {
            published[sex].cell(provider_id, n).status == SUPPRESSED
            for sex in sexes_shown(report, provider_id)
            for n in sex_figures(m)
            if own[sex].cell(provider_id, n).private
        }
    return reasons


def statistics_notes(report: Report, provider_id: str, rows: list[StatRow], lang: str) -> list[str]:
    """The notes under the statistics table (the template's sheet and its e-mail page alike):
    first why a figure is shown to this expert alone, if one is (too few, or hidden for another
    expert's sake: complementary suppression), then too few, missing and the mean, then what
    the rows by sex show, if there are any."""
    m = model(report, provider_id, lang)
    t, mark = m.t, m.t("dialog.private_mark")
    notes = []
    if has_private(rows):
        hidden = _private_reasons(report, provider_id, lang)
        if False in hidden:
            notes.append(t("dialog.note_private", mark=mark, min_n=m.min_n))
        if True in hidden:
            notes.append(t("template.note_private_suppressed", mark=mark, min_n=m.min_n))
    notes += [
        t("dialog.note_too_few", min_n=m.min_n),
        t("dialog.note_missing"),
        t("dialog.note_mean"),
    ]
    sexes = sexes_shown(report, provider_id)
    if sexes:
        notes.append(t("dialog.by_sex.note"))
        if UNKNOWN in sexes:
            notes.append(t("dialog.by_sex.note_unknown"))
    return notes


def provider_name(report: Report, provider_id: str) -> str:
    return report.model().name(provider_id)


_EMPTY = (NO_STARTS, NO_COMPLETIONS, NO_ENDINGS, NO_SURVEY)


def _count(t: Texts, key: str, cell: Cell) -> str:
    """'5 positiva', or 'positiva: dold' where the count is not published."""
    if cell.ok:
        return t.n(f"dialog.findings.{key}", cell.shown, n=cell.text)
    return t(f"dialog.findings.{key}_hidden", n=cell.text)


def finding(report: Report, provider_id: str, parameter: str, lang: str = "sv") -> str:
    """The pre-filled *iakttagelse* for one parameter: the figure against the target, or why not;
    for duration, the completions offered fewer hours than the legal minimum after it.

    The plan of a returned template is published in the report as the expert left it, so a
    finding states published figures only, as the report reads them: a figure (or a count
    beside it) shown to the expert alone never enters it, and where the parameter's figure is
    not published the finding says why, without it (the statistics show the expert its own)."""
    text = _finding(report, provider_id, parameter, lang)
    if parameter == "duration":  # published counts only, like the rest of the finding
        hours = legal.hours_below_line(report, report.model(lang), provider_id)
        if hours:
            return f"{text} {hours}"
    return text


def _finding(report: Report, provider_id: str, parameter: str, lang: str) -> str:
    model(report, provider_id, lang)  # an expert of this analysis
    m = report.model(lang)
    t, pid = m.t, provider_id
    if parameter == "authorization":
        open_, overdue = m.cell(pid, "open_deficiencies"), m.cell(pid, "overdue_deficiencies")
        if not open_.ok:
            return t("dialog.findings.no_checklist")
        if overdue.ok and overdue.value > 0:
            return t("dialog.findings.authorization_missed", overdue=overdue.text, open=open_.text)
        if open_.value > 0:
            return t("dialog.findings.authorization_open", open=open_.text)
        return t("dialog.findings.authorization_met")

    name = m.figure_of(parameter)
    cell = m.cell(pid, name)
    if cell.status in (TOO_FEW, SUPPRESSED):  # even where empty: that would tell a count
        key = (
            "template.private_suppressed"
            if cell.status == SUPPRESSED
            else "dialog.findings.private"
        )
        return t(key, label=t(f"dialog.rows.{name}"), min_n=m.min_n)
    if not cell.ok:
        return t(f"dialog.findings.{cell.status}") if cell.status in _EMPTY else t("dialog.missing")
    outcome = "met" if m.met(pid, parameter) else "missed"
    v = m.target_values()
    if parameter == "lead_time":
        text = t(
            f"dialog.findings.lead_time_{outcome}",
            value=short_number(cell.value, lang),
            max=v["lead"],
        )
        waiting = m.cell(pid, "n_waiting")
        if waiting.ok and waiting.value > 0:
            text += t.n("dialog.findings.waiting", waiting.shown, n=waiting.text)
        return text
    if parameter == "duration":
        key = f"dialog.findings.duration_{outcome}"
        if not v["dmin"]:  # a ceiling only
            key = f"judgement.findings.duration_max_{outcome}"
        return t(
            key,
            value=short_number(cell.value, lang),
            min=v["dmin"],
            max=v["dmax"],
        )
    if parameter == "dropouts":
        positive, negative = m.cell(pid, "dropouts_positive"), m.cell(pid, "dropouts_negative")
        key = f"dialog.findings.dropouts_{outcome}"
        if name == "dropout_rate_negative":  # judged on the negative dropouts
            key = f"judgement.findings.dropouts_negative_{outcome}"
        return t(
            key,
            rate=cell.text,
            n=m.cell(pid, "n_dropouts").text,
            base=m.cell(pid, "dropout_base_n").text,
            max=v["rate"],
            positive=_count(t, "positive", positive),
            negative=_count(t, "negative", negative),
        )
    answers = m.cell(pid, "satisfaction_n")
    return t.n(
        f"dialog.findings.satisfaction_{outcome}",
        answers.shown if answers.ok else None,
        value=cell.text,
        n=answers.text,
        min=v["sat"],
    )
