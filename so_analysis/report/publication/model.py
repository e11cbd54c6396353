"""The publication model: the one place that decides what may be published and how it reads.

`publish(analysis, lang)` turns one period's analysis into a `Publication`: per expert (and the
totals `_mean` and `_all`) and per figure, the raw value, the count it rests on, a status
(`ok`, `too_few`, or why the figure is empty), its display text in the chosen language, the
rounded value a chart may draw, and whether it meets its target. Sections, the dialog template,
the conclusions, the charts, their alt texts and the Excel output all read this model; none of
them decides suppression or formatting again.

Audiences. The report and everything at the top of `OUT/<period>/` is public: a figure resting
on fewer than `min_n` observations reads "för få". The dialog template goes to one expert
(`audience=provider_id`): that expert's own figures are shown in full, because they rest on its
own participants, whom it already knows, and the template is not published; the columns that
compare it with all experts (`_mean`, `_all`) stay as published. Other experts' figures are
never shown in a dialog template. Such a figure is marked `private`, the template says it is not
published, and no target is judged on it (as in the report).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pandas as pd

from so_analysis.core.config import Targets
from so_analysis.core.periods import Period
from so_analysis.core.texts import Texts, texts
from so_analysis.measure.figures import (
    COUNT,
    DECIMALS,
    FIGURES,
    JUDGED,
    MEAN,
    MISSING,
    NO_COMPLETIONS,
    NO_ENDINGS,
    NO_HOURS,
    NO_STARTS,
    NO_SURVEY,
    NO_WAITING,
    PARAMETER,
    RATE,
    SHARE,
    TOTALS,
)
from so_analysis.measure.sexes import SEXES, sex_rows
from so_analysis.measure.targets import (
    ENDED,
    IN_PROGRESS,
    MET,
    MISSED,
    assess_targets,
    ended_experts,
    meets,
)
from so_analysis.report.publication import targets_text
from so_analysis.report.publication.disclosure import (
    SUPPRESSED,
    TOO_FEW,
    figure_hidden,
    hidden_by_sex,
    hidden_groups,
)
from so_analysis.report.publication.formatting import (
    format_count,
    format_number,
    format_percent,
    is_missing,
    round_half_away,
)

if TYPE_CHECKING:
    from so_analysis.measure.analysis import Analysis

# Status codes: `ok` is published; every other code says why the figure is not shown: too few
# people, hidden for another's sake (`disclosure`), or empty for the reason its catalogue entry
# gives (`measure.figures`).
OK = "ok"
NOT_APPLICABLE = "not_applicable"
NOT_IN_DATA = "not_in_data"  # an optional input column the figure needs is not in the data

T = TypeVar("T")


@dataclass(frozen=True)
class Cell:
    """One published figure of one expert (or total)."""

    provider_id: str
    figure: str
    value: float  # raw, unrounded; NaN when missing
    n: float  # the count it rests on; NaN when it rests on none
    status: str
    text: str  # what a reader sees: the number, "för få (n<5)" or "–"
    shown: float  # the rounded value as published, for charts and changes; NaN unless ok
    private: bool = False  # shown only to the expert itself (dialog template), never published

    @property
    def ok(self) -> bool:
        return self.status == OK


def kind(figure: str) -> str:
    """The figure's unit (`measure.figures`: days, share, rate, score or count)."""
    return FIGURES[figure].unit


def format_value(value: Any, unit: str, lang: str) -> str:
    """A value of `unit` as it reads in text: '30,5', '26 %', '7,9 %', '4,8', '12'."""
    if unit in (SHARE, RATE):
        return format_percent(value, DECIMALS[unit], lang)
    if unit == COUNT:
        return format_count(value, lang)
    return format_number(value, DECIMALS[unit], lang)


def round_value(value: float, unit: str) -> float:
    """A value of `unit` rounded as it reads (half away from zero); rates and shares stay
    fractions, rounded on the fraction's decimal text exactly as `format_percent` reads it."""
    if is_missing(value):
        return math.nan
    if unit in (SHARE, RATE):
        return round_half_away(value, DECIMALS[unit] + 2)
    return round_half_away(value, DECIMALS[unit])


def format_figure(value: Any, figure: str, lang: str) -> str:
    """A figure's value as it reads in text."""
    return format_value(value, kind(figure), lang)


def _number(row: dict[str, Any] | None, column: str | None) -> float:
    if row is None or column is None or column not in row or is_missing(row[column]):
        return math.nan
    return float(row[column])


def figure_status(row: dict[str, Any] | None, provider_id: str, figure: str, min_n: int) -> str:
    """Whether one figure of one indicator row may be published, or why not."""
    spec = FIGURES[figure]
    value = _number(row, figure)
    basis = _number(row, spec.basis)
    if spec.unit == COUNT:
        if provider_id == MEAN:
            return NOT_APPLICABLE  # the experts' mean has no counts of its own
        if spec.basis is not None and 0 < basis < min_n:
            return TOO_FEW
        return OK if not math.isnan(value) else MISSING
    if figure == "waiting_mean_days" and provider_id != MEAN and not basis > 0:
        return NO_WAITING  # nobody waiting (NaN compares False too)
    if math.isnan(value):
        if figure == "response_rate" and math.isnan(_number(row, "satisfaction_n")):
            return NO_SURVEY
        return spec.empty
    if basis < min_n:  # NaN compares False: the experts' mean rests on no count of its own
        return TOO_FEW
    return OK


class Publication:
    """Every published figure of one period, in one language, for one audience."""

    def __init__(
        self,
        indicators: pd.DataFrame,
        assessment: pd.DataFrame | None,
        targets: Targets,
        min_n: int,
        lang: str = "sv",
        audience: str | None = None,
        names: dict[str, str] | None = None,
        expert_ids: Iterable[str] | None = None,
        ended: Mapping[str, date] | None = None,
        dropouts_from: date | None = None,
        columns: Iterable[str] | None = None,
        hidden: Mapping[tuple[str, str], str] | None = None,
    ):
        self.lang = lang
        self.t: Texts = texts(lang)
        self.min_n = int(min_n)
        self.targets = targets
        self.audience = audience
        self._rows = {str(r["provider_id"]): r for r in indicators.to_dict("records")}
        self._assessment = assessment
        self.expert_ids = (
            list(expert_ids)
            if expert_ids is not None
            else [pid for pid in self._rows if pid not in TOTALS]
        )
        self._names = dict(names or {})
        # experts whose authorization ended before or during the period, with the day
        self.ended: dict[str, date] = dict(ended or {})
        # the day the dropout rates count from, when it falls inside the period
        self.dropouts_from = dropouts_from
        self.wording = targets_text.Wording(targets, self.t, lang, dropouts_from)
        self._cells: dict[tuple[str, str], Cell] = {}
        # what is hidden: as these rows hide it, unless decided with more (`hidden_by_sex`)
        self._hidden = (
            dict(hidden)
            if hidden is not None
            else hidden_groups(self._rows, self.expert_ids, self.min_n)
        )
        # the figures whose optional input column (`columns`: the enrolments') is not in the data
        given = None if columns is None else set(columns)
        self.absent = frozenset(
            f.name
            for f in FIGURES.values()
            if f.needs and given is not None and f.needs not in given
        )

    def rows(self, parameter: str) -> tuple[str, ...]:
        """The figures a parameter's table shows: its catalogue rows, but those not in the data."""
        return tuple(f for f in PARAMETER[parameter].rows if f not in self.absent)

    # ------------------------------------------------------------ figures

    def cell(self, provider_id: str, figure: str) -> Cell:
        """The published figure `figure` of `provider_id` (an expert, `_mean` or `_all`)."""
        key = (provider_id, figure)
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = self._make_cell(provider_id, figure)
        return found

    def _make_cell(self, provider_id: str, figure: str) -> Cell:
        row = self._rows.get(provider_id)
        value = _number(row, figure)
        if provider_id == MEAN and FIGURES[figure].unit != COUNT:
            value = self._experts_mean(figure)
        n = _number(row, FIGURES[figure].basis)
        status = figure_status(row, provider_id, figure, self.min_n)
        hidden = figure_hidden(self._hidden, provider_id, figure)
        private = False
        if provider_id == self.audience and (hidden or status == TOO_FEW):
            # the expert's own figures, shown to it alone (the dialog template)
            if not math.isnan(value):
                status, private = OK, True
        elif hidden == TOO_FEW:
            status = TOO_FEW  # even where empty: "no completions" would tell a hidden count
            if FIGURES[figure].unit == COUNT and value >= self.min_n:
                status = SUPPRESSED  # hidden with a group on too few: never "färre än 5"
        elif hidden == SUPPRESSED:
            status = SUPPRESSED
        if figure in self.absent:
            status, private = NOT_IN_DATA, False
        if status == OK:
            text = format_figure(value, figure, self.lang)
            shown = round_value(value, kind(figure))
        else:
            text = self.status_text(status, count=FIGURES[figure].unit == COUNT)
            shown = math.nan
        return Cell(provider_id, figure, value, n, status, text, shown, private)

    def _experts_mean(self, figure: str) -> float:
        """The unweighted mean of the experts' published figures (never of a hidden one)."""
        values = [
            c.value for pid in self.expert_ids if (c := self.cell(pid, figure)).ok and not c.private
        ]
        return sum(values) / len(values) if values else math.nan

    def status_text(self, status: str, count: bool = False) -> str:
        """How an unpublished figure reads: 'för få (n<5)', 'färre än 5', 'dold' or '–'."""
        if status == TOO_FEW:
            key = "fewer_than" if count else "too_few"
            return self.t(f"sections.status.{key}", min_n=self.min_n)
        if status == SUPPRESSED:
            return self.t("sections.status.suppressed")
        return self.t("sections.status.missing")

    def status_note(self, status: str) -> str:
        """The footnote that says why a figure is not shown."""
        key = {
            TOO_FEW: "note_too_few",
            SUPPRESSED: "note_suppressed",
            NO_STARTS: "note_no_starts",
            NO_COMPLETIONS: "note_no_completions",
            NO_ENDINGS: "note_no_endings",
            NO_SURVEY: "note_no_survey",
            NOT_APPLICABLE: "note_not_applicable",
            NO_WAITING: "note_no_waiting",
            NO_HOURS: "note_no_hours",
            NOT_IN_DATA: "note_not_in_data",
        }.get(status, "note_missing")
        return self.t(f"sections.status.{key}", min_n=self.min_n)

    def published(self, figure: str, ids: Iterable[str] | None = None) -> dict[str, float]:
        """Experts (or `ids`) whose `figure` is published, in order, with the raw figure."""
        out = {}
        for pid in self.expert_ids if ids is None else ids:
            c = self.cell(pid, figure)
            if c.ok:
                out[pid] = c.value
        return out

    def hidden(self, figure: str, ids: Iterable[str]) -> dict[str, str]:
        """Providers among `ids` whose `figure` is suppressed, with the text shown instead."""
        out = {}
        for pid in ids:
            c = self.cell(pid, figure)
            if c.status in (TOO_FEW, SUPPRESSED):
                out[pid] = c.text
        return out

    def value(self, provider_id: str, column: str) -> float:
        """A raw indicator (any column, published or not): for counts a section states."""
        return _number(self._rows.get(provider_id), column)

    # ------------------------------------------------------------ targets

    def figure_of(self, parameter: str) -> str:
        """The figure a parameter is judged on: the dropout target's rate follows its basis."""
        if parameter == "dropouts":
            return self.targets.dropout_figure
        return PARAMETER[parameter].figure

    def met(self, provider_id: str, parameter: str) -> bool | None:
        """Target met (True), missed (False), or None: no figure, one that is not published, or
        an expert whose authorization ended (the assessment judges it on nothing, docs/method.md).

        Targets are judged on published figures only, for every audience: a figure shown to its
        own expert alone (`private`) is not judged, so a template never judges what the report
        cannot. A negative-dropout rate hidden with its reasons is still met when the published
        rate of every dropout meets the target (it cannot be higher), which tells nothing new.
        """
        cell = self.cell(provider_id, self.figure_of(parameter))
        if parameter in JUDGED and (not cell.ok or cell.private):
            if parameter == "dropouts" and cell.figure != "dropout_rate":
                every = self.cell(provider_id, "dropout_rate")
                if every.ok and not every.private and not math.isnan(cell.value):
                    return True if every.value <= self.targets.dropout_rate_max else None
            return None
        if provider_id == MEAN and parameter in JUDGED:  # over the published figures
            return meets(parameter, cell.value, self.targets)
        if self._assessment is None:
            return None
        try:
            met = self._assessment.at[provider_id, parameter]
        except KeyError:
            return None
        return None if met is None or is_missing(met) else bool(met)

    def judgement(self, provider_id: str, parameter: str) -> str | None:
        """How a target reads for an expert: MET, MISSED, IN_PROGRESS (the authorization rules: a
        deficiency open, none past its deadline), ENDED (the expert's authorization ended), or
        None (not judged)."""
        if provider_id in self.ended:
            return ENDED
        met = self.met(provider_id, parameter)
        if met is None:
            return None
        if parameter == "authorization" and self._assessment is not None:
            column = self._assessment.get("authorization_state")
            state = None if column is None else column.get(provider_id)
            if state in (MET, IN_PROGRESS, MISSED):
                return str(state)
        return MET if met else MISSED

    def judgement_text(self, judgement: str | None) -> str:
        """'uppfyllt', 'ej uppfyllt', 'brist under åtgärd', 'upphört' or 'kan inte bedömas'."""
        return targets_text.judgement_text(self.wording, judgement)

    def target_values(self) -> dict[str, str]:
        """The targets as text: lead, dmin, dmax, rate, sat and phrases (`targets_text`)."""
        return targets_text.target_values(self.wording)

    def target_text(self, parameter: str, section: str = "sections") -> str:
        """The target of a parameter as a sentence; `section` picks the report's or dialog's."""
        return targets_text.target_text(self.wording, parameter, section)

    # ------------------------------------------------------------ names

    def name(self, provider_id: str) -> str:
        """The expert's name, or the label of a total."""
        if provider_id in TOTALS:
            return self.t(f"totals.{provider_id}")
        return self._names.get(provider_id, provider_id)


def publication(
    analysis: Analysis,
    indicators: pd.DataFrame,
    period: Period,
    lang: str = "sv",
    audience: str | None = None,
    hidden: Mapping[tuple[str, str], str] | None = None,
) -> Publication:
    """`indicators` of `period` (this analysis's period or an earlier one of the same data)
    published as that period's own report would publish them."""
    config = analysis.dataset.config
    if indicators is analysis.indicators:
        assessment, ended = analysis.assessment, analysis.ended
    else:
        ended = ended_experts(analysis.dataset.providers, period)
        assessment = assess_targets(indicators, config.targets, ended)
    return Publication(
        indicators,
        assessment,
        config.targets,
        config.min_n,
        lang,
        audience,
        names=analysis.dataset.expert_names(),
        expert_ids=analysis.expert_ids,
        ended=ended,
        dropouts_from=targets_text.dropouts_from(config.dropouts_registered_from, period),
        columns=analysis.classified.columns,
        hidden=hidden,
    )


class Report:
    """One period's analysis with its publication models, each built once.

    Every report function takes this: `report.analysis` is the data, `report.model(lang)` what
    may be published of it. The runner makes one per run before the notebooks fork, so every
    notebook finds the models built; a notebook run by hand makes its own (`run.context`).
    """

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._models: dict[tuple[str, str, str | None], Publication] = {}
        self._made: dict[Hashable, Any] = {}

    def model(self, lang: str = "sv", audience: str | None = None) -> Publication:
        """This period's publication model in `lang`, for everyone or for one expert alone
        (`audience`: its dialog template)."""
        key = ("this", lang, audience)
        if key not in self._models:
            a = self.analysis
            self._models[key] = publication(a, a.indicators, a.period, lang, audience)
        return self._models[key]

    def by_sex(self, lang: str = "sv", audience: str | None = None) -> dict[str, Publication]:
        """This period's figures by sex (`measure.sexes`), one model per sex, each hiding what
        `hidden_by_sex` decides for all sexes together with the experts' own figures."""
        return self.once(("by_sex", lang, audience), lambda: self._by_sex(lang, audience))

    def _by_sex(self, lang: str, audience: str | None) -> dict[str, Publication]:
        a = self.analysis
        rows = self.once(("by_sex_rows",), lambda: {s: sex_rows(a.by_sex, s) for s in SEXES})

        def decide() -> dict[str, dict[tuple[str, str], str]]:
            keyed = {
                sex: {str(r["provider_id"]): r for r in table.to_dict("records")}
                for sex, table in rows.items()
            }
            overall = self.model()._hidden
            return hidden_by_sex(keyed, a.expert_ids, a.dataset.config.min_n, overall)

        hidden = self.once(("hidden_by_sex",), decide)
        return {
            sex: publication(a, rows[sex], a.period, lang, audience, hidden=hidden[sex])
            for sex in SEXES
        }

    def previous(self, lang: str = "sv") -> Publication | None:
        """The previous period's figures as its own report published them, if the data reaches
        it."""
        a = self.analysis
        if a.previous is None:
            return None
        key = ("previous", lang, None)
        if key not in self._models:
            self._models[key] = publication(a, a.previous, a.period.previous(), lang)
        return self._models[key]

    def cut(self, analysis: Analysis) -> Report:
        """A report over `analysis` (the same figures, some of its data withheld: `report.reads`)
        with this one's models and breakdowns as made so far."""
        other = Report(analysis)
        other._models, other._made = dict(self._models), dict(self._made)
        return other

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """What `make` returns, made once for this report (`key` names it): a breakdown every
        notebook of the report reads alike, such as the teaching languages."""
        if key not in self._made:
            self._made[key] = make()
        return cast(T, self._made[key])
