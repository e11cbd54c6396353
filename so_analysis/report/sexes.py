"""Women and men as published (SPEC §7, docs/method.md §3.19): the figures by sex, and the
differences between women and men the report names.

Every figure comes from the publication models by sex (`Report.by_sex`), so what is hidden
there is never stated here. A difference is named where, for an expert or for all
participants, both women's and men's figure of a parameter are published (each resting on at
least `min_n` people) and they differ, as shown, by at least `DIFFERENCE` of the figure's unit:
5 days, or 5 percentage points of a rate or share. Otherwise nothing is said of one. The texts
are the catalogues' `sex.*`.
"""

from __future__ import annotations

from dataclasses import dataclass

from so_analysis.measure.figures import ALL, COUNT, DAYS, RATE, SCORE, SHARE
from so_analysis.measure.sexes import KVINNA, MAN, SEXES
from so_analysis.report.publication.disclosure import SUPPRESSED, TOO_FEW
from so_analysis.report.publication.formatting import format_number
from so_analysis.report.publication.model import Cell, Publication, Report, kind

# The smallest difference between women and men named, by the figure's unit (as shown: days
# with one decimal, rates as fractions).
DIFFERENCE = {DAYS: 5.0, SHARE: 0.05, RATE: 0.05, SCORE: 0.5}
# The parameters compared, in the order of the conclusions; satisfaction has no sex (the survey
# has none), so it is compared only where its figures by sex are published.
PARAMETERS = ("lead_time", "duration", "dropouts", "satisfaction")
# Each parameter's count of people beside its figure.
BASES = {
    "lead_time": "lead_time_n",
    "duration": "duration_n",
    "dropouts": "dropout_base_n",
    "satisfaction": "satisfaction_n",
}
# The figures of the summary's table, in its columns' order.
TABLE = (
    "n_started",
    "lead_time_mean_days",
    "lead_time_within_target_share",
    "n_completed",
    "duration_mean_days",
    "dropout_rate",
    "dropout_rate_negative",
    "n_waiting",
)


@dataclass(frozen=True)
class Difference:
    """Women's and men's figure of one parameter for an expert (or `_all`), and how far apart."""

    provider_id: str
    parameter: str
    women: Cell
    men: Cell

    @property
    def gap(self) -> float:
        """Women's figure minus men's, as shown."""
        return self.women.shown - self.men.shown


def occurring(report: Report, provider_id: str) -> list[str]:
    """The sexes an expert (or `_all`) has people of in the period: women, men, then okänt."""

    def find() -> dict[str, list[str]]:
        rows = report.analysis.by_sex
        found: dict[str, set[str]] = {}
        for pid, sex in zip(rows["provider_id"], rows["sex"].where(rows["occurs"]), strict=True):
            if isinstance(sex, str):
                found.setdefault(str(pid), set()).add(sex)
        return {pid: [s for s in SEXES if s in sexes] for pid, sexes in found.items()}

    return report.once(("sexes_occurring",), find).get(provider_id, [])


def published_by_sex(report: Report, provider_id: str, lang: str) -> bool:
    """Whether any of the table's figures by sex of the expert is published."""
    models = report.by_sex(lang)
    cells = [models[s].cell(provider_id, f) for s in occurring(report, provider_id) for f in TABLE]
    return any(c.ok and not (kind(c.figure) == COUNT and c.value == 0) for c in cells)


def difference(report: Report, provider_id: str, parameter: str, lang: str) -> Difference | None:
    """The parameter's difference between women and men at `provider_id`, where it is named."""
    models = report.by_sex(lang)
    figure = report.model(lang).figure_of(parameter)
    women, men = models[KVINNA].cell(provider_id, figure), models[MAN].cell(provider_id, figure)
    min_n = report.analysis.dataset.config.min_n
    if not (women.ok and men.ok) or women.private or men.private:
        return None
    if not (women.n >= min_n and men.n >= min_n):
        return None
    found = Difference(provider_id, parameter, women, men)
    threshold = DIFFERENCE[kind(figure)]
    return found if abs(found.gap) >= threshold - 1e-9 else None


def _gap_text(found: Difference, figure: str, lang: str) -> str:
    if kind(figure) in (SHARE, RATE):
        return format_number(abs(found.gap) * 100, 1, lang)
    return format_number(abs(found.gap), 1, lang)


def difference_sentence(report: Report, found: Difference, lang: str, short: bool = False) -> str:
    """'Hos Integra väntade kvinnor 20,7 dagar längre än män på att starta (77,3 mot 56,6
    dagar).'; `short`: without the two figures (the memo's, whose report has them)."""
    model = report.model(lang)
    t = model.t
    figure = model.figure_of(found.parameter)
    where = (
        t("sex.where_all")
        if found.provider_id == ALL
        else t("sex.where_expert", name=model.name(found.provider_id))
    )
    key = "negative" if figure == "dropout_rate_negative" else found.parameter
    more = "more" if found.gap > 0 else "less"
    text = t(
        f"sex.{'short' if short else 'difference'}.{key}.{more}",
        where=where,
        women=found.women.text,
        men=found.men.text,
        gap=_gap_text(found, figure, lang),
    )
    return text[0].upper() + text[1:]


def differences(report: Report, lang: str) -> dict[str, list[Difference]]:
    """Per parameter, the differences named: all participants first, then the experts."""
    model = report.model(lang)
    out: dict[str, list[Difference]] = {}
    for parameter in PARAMETERS:
        found = [
            d
            for pid in [ALL, *model.expert_ids]
            if (d := difference(report, pid, parameter, lang)) is not None
        ]
        if found:
            out[parameter] = found
    return out


def conclusion_sentences(report: Report, lang: str) -> dict[str, list[str]]:
    """Per parameter, the conclusions' sentences naming a difference between women and men."""
    found = report.once(("sex_differences", lang), lambda: differences(report, lang))
    return {p: [difference_sentence(report, d, lang) for d in ds] for p, ds in found.items()}


def memo_sentences(report: Report, lang: str) -> dict[str, str]:
    """Per parameter, the memo's sentence: the first difference named among all participants
    or at an expert its paragraph names as missing the target, short; the report names every
    difference, with the figures."""
    model = report.model(lang)
    found = report.once(("sex_differences", lang), lambda: differences(report, lang))
    out = {}
    for parameter, named in found.items():
        kept = [
            d for d in named if d.provider_id == ALL or model.met(d.provider_id, parameter) is False
        ]
        if kept:
            out[parameter] = difference_sentence(report, kept[0], lang, short=True)
    return out


def expert_line(report: Report, provider_id: str, parameter: str, lang: str) -> str | None:
    """The line by sex under an expert's results: 'Kvinnor: 77,3 dagar (21), män: 56,6 dagar
    (36).'; None for a parameter without figures by sex, or an expert without people."""
    model: Publication = report.model(lang)
    t = model.t
    figure = model.figure_of(parameter)
    if parameter == "satisfaction":
        return None  # the survey has no sex
    sexes = occurring(report, provider_id)
    if not sexes:
        return None
    models = report.by_sex(lang)
    cells = {sex: models[sex].cell(provider_id, figure) for sex in sexes}
    if not any(c.ok or c.status in (TOO_FEW, SUPPRESSED) for c in cells.values()):
        return None  # nothing to measure (no starts, no completions)
    items = []
    for sex, cell in cells.items():
        basis = models[sex].cell(provider_id, BASES[parameter])
        if cell.ok and basis.ok:
            value = t(f"sex.value.{kind(figure)}", v=cell.text)
            items.append(t("sex.item", sex=t(f"sex.name.{sex}"), value=value, n=basis.text))
        else:
            items.append(t("sex.item_hidden", sex=t(f"sex.name.{sex}"), value=cell.text))
    found = difference(report, provider_id, parameter, lang)
    label = t(
        "sex.label.negative" if figure == "dropout_rate_negative" else f"sex.label.{parameter}"
    )
    line = t("sex.line", label=label, items=t.join(items))
    if found is not None:
        line += " " + difference_sentence(report, found, lang)
    return line
