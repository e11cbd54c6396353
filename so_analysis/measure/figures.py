"""The figure catalogue: every figure of one period, declared once.

A figure is a column of the indicator table (`measure.indicators.compute_indicators`). Its entry
says how it reads (unit, and so its rounding), the count it rests on (`basis`: the experts' mean
leaves out a figure on fewer than `min_n`, and the publication model shows it as "för få"), the
disclosure groups it is hidden with (the people it rests on), why it may be empty, whether it is
published at all and whether it is a column of `indikatorer.csv`. Indicators, disclosure, the
publication model, tables, charts and the workbook read this catalogue; its labels are the
catalogues' `columns.<name>` (workbook and CSV headers), `sections.rows.<name>` (the report's
tables) and `dialog.rows.<name>` (the dialog template).

Adding a figure: an entry here (in the order of the indicator table's columns), the line that
computes it in `measure.indicators`, its labels in both `.po` files, and, if a parameter's table
shows it, its place in that parameter's `rows` below.
"""

from __future__ import annotations

from dataclasses import dataclass

# The totals of the indicator table: everyone (`_all`) and the experts' unweighted mean (`_mean`).
ALL, MEAN = "_all", "_mean"
TOTALS = (MEAN, ALL)

# Units: how a figure reads. Days, hours and scores with one decimal, shares as whole per cent,
# rates with one decimal of a per cent, counts as whole numbers.
DAYS, SHARE, RATE, SCORE, COUNT, TEXT = "days", "share", "rate", "score", "count", "text"
HOURS = "hours"
DECIMALS = {DAYS: 1, HOURS: 1, SCORE: 1, SHARE: 0, RATE: 1, COUNT: 0}

# Why a figure may be empty (the publication model's status for it).
MISSING = "missing"
NO_STARTS = "no_starts"
NO_COMPLETIONS = "no_completions"
NO_ENDINGS = "no_endings"
NO_SURVEY = "no_survey"
NO_WAITING = "no_waiting"
NO_HOURS = "no_hours"  # no completion with the hours offered given

# The optional column of the enrolments the hours figures are measured on: without it they are
# not in the data (the report says so once, and shows no row for them).
HOURS_COLUMN = "hours_offered"


@dataclass(frozen=True)
class Group:
    """Figures resting on the same people: hidden together when `bases` are too few (docs/disclosure.md)."""

    name: str
    bases: tuple[str, ...]  # the counts of people that trigger suppression
    implies: tuple[str, ...] = ()  # groups hidden with this one


GROUPS: tuple[Group, ...] = (
    # the first starts are a subset of the starts (every one of them, often): hidden with them
    Group("starts", ("lead_time_n",), implies=("first_starts",)),
    # completions + dropouts = endings: any two of them give the third; the classes of hidden
    # dropouts would show their count; the hours offered rest on the completions (all of them,
    # often): hidden with them too
    Group("endings", ("duration_n", "dropout_base_n"), implies=("reasons", "hours")),
    Group("reasons", ("n_dropouts",)),
    Group("survey", ("satisfaction_n",)),
    Group("waiting", ("n_waiting",)),
    # the completions with the hours offered given. A group of its own, so that what its counts
    # pin hides only the hours figures of another expert, never its endings
    Group("hours", ("hours_n",)),
    Group("over_year", ("ongoing_over_year",)),
    # people counted once, at their first start; of its own, like the hours
    Group("first_starts", ("n_first_starts",)),
)


# Where a figure stands in `indikatorer.csv`: among the contract's columns (in order, first; the
# published workbook shows these), or after them.
CONTRACT, FOLLOWS = "contract", "follows"


@dataclass(frozen=True)
class Figure:
    """One column of the indicator table."""

    name: str
    unit: str
    basis: str | None = None  # the count it rests on: fewer than min_n -> too few
    groups: tuple[str, ...] = ()  # disclosure groups: hidden when any of them is
    empty: str = MISSING  # why it is empty when there is no figure
    csv: str | None = None  # in `indikatorer.csv`: CONTRACT (its first columns) or FOLLOWS
    published: bool = True  # False: for the analyst and the backtest only, never published
    summed: bool = (
        False  # a whole count: summed for `_all`, zero where nothing counts, empty in `_mean`
    )
    needs: str | None = None  # an optional column of the enrolments: without it, not in the data
    numerator: str | None = None  # a rate's count over its basis: hidden, it hides the rate

    @property
    def decimals(self) -> int:
        """Decimals as it reads (of the per cent for shares and rates)."""
        return DECIMALS[self.unit]


def _count(name: str, groups: tuple[str, ...] = (), basis: str | None = None) -> Figure:
    return Figure(name, COUNT, basis=basis, groups=groups, csv=CONTRACT, summed=True)


_STARTS, _ENDINGS, _REASONS = ("starts",), ("endings",), ("reasons",)
_HOURS = ("hours",)

# In the order of the indicator table's columns: the contract of `indikatorer.csv` (docs/data.md,
# "indikatorer.csv"), the figures that follow it there, then the report's own.
CATALOGUE: tuple[Figure, ...] = (
    Figure("provider_id", TEXT, csv=CONTRACT, published=False),
    Figure("provider", TEXT, csv=CONTRACT, published=False),
    _count("n_registered"),
    _count("n_started", _STARTS),
    _count("n_completed", _ENDINGS),
    _count("n_dropouts", _ENDINGS),
    _count("n_waiting", ("waiting",)),
    Figure("lead_time_mean_days", DAYS, "lead_time_n", _STARTS, NO_STARTS, csv=CONTRACT),
    Figure("lead_time_median_days", DAYS, "lead_time_n", _STARTS, NO_STARTS, csv=CONTRACT),
    Figure("lead_time_within_target_share", SHARE, "lead_time_n", _STARTS, NO_STARTS, csv=CONTRACT),
    Figure("duration_mean_days", DAYS, "duration_n", _ENDINGS, NO_COMPLETIONS, csv=CONTRACT),
    Figure("duration_median_days", DAYS, "duration_n", _ENDINGS, NO_COMPLETIONS, csv=CONTRACT),
    Figure(
        "duration_within_target_share", SHARE, "duration_n", _ENDINGS, NO_COMPLETIONS, csv=CONTRACT
    ),
    Figure(
        "dropout_rate",
        RATE,
        "dropout_base_n",
        _ENDINGS,
        NO_ENDINGS,
        csv=CONTRACT,
        numerator="n_dropouts",
    ),
    _count("dropouts_positive", _REASONS, basis="n_dropouts"),
    _count("dropouts_negative", _REASONS, basis="n_dropouts"),
    Figure("satisfaction_mean", SCORE, "satisfaction_n", ("survey",), NO_SURVEY, csv=CONTRACT),
    _count("satisfaction_n", ("survey",)),
    # responses per completion: times the published completions it gives the responses
    Figure(
        "response_rate",
        SHARE,
        "n_completed",
        ("survey", "endings"),
        NO_COMPLETIONS,
        csv=CONTRACT,
        numerator="satisfaction_n",
    ),
    _count("open_deficiencies"),
    _count("overdue_deficiencies"),
    # times the published endings it gives the negative dropouts: hidden with their classes too
    Figure(
        "dropout_rate_negative",
        RATE,
        "dropout_base_n",
        ("endings", "reasons"),
        NO_ENDINGS,
        csv=FOLLOWS,
        numerator="dropouts_negative",
    ),
    # the rules in force today (SPEC §7): completed within a year of the start (at most 365 days),
    # still going more than 365 days after the start at the period's end; the hours offered to
    # the completions (where given) and the share offered the legal minimum for their start date
    Figure(
        "completed_within_year_share", SHARE, "duration_n", _ENDINGS, NO_COMPLETIONS, csv=FOLLOWS
    ),
    Figure("ongoing_over_year", COUNT, groups=("over_year",), csv=FOLLOWS, summed=True),
    Figure(
        "hours_offered_mean", HOURS, "hours_n", _HOURS, NO_HOURS, csv=FOLLOWS, needs=HOURS_COLUMN
    ),
    Figure(
        "hours_minimum_met_share",
        SHARE,
        "hours_n",
        _HOURS,
        NO_HOURS,
        csv=FOLLOWS,
        needs=HOURS_COLUMN,
    ),
    # people whose first start in the data falls in the period (Länsstyrelsen's survey), each
    # counted once, with the expert of that start
    Figure("n_first_starts", COUNT, groups=("first_starts",), csv=FOLLOWS, summed=True),
    Figure("hours_n", COUNT, groups=_HOURS, summed=True, needs=HOURS_COLUMN),
    Figure("hours_below_minimum", COUNT, "hours_n", _HOURS, summed=True, needs=HOURS_COLUMN),
    Figure("lead_time_n", COUNT, groups=_STARTS, summed=True),
    Figure("lead_time_min_days", DAYS, published=False),
    Figure("lead_time_max_days", DAYS, published=False),
    Figure("duration_n", COUNT, groups=_ENDINGS, summed=True),
    Figure("dropout_base_n", COUNT, groups=_ENDINGS, summed=True),
    Figure("dropouts_neutral", COUNT, "n_dropouts", _REASONS, summed=True),
    Figure("dropouts_not_given", COUNT, "n_dropouts", _REASONS, summed=True),
    Figure("waiting_mean_days", DAYS, "n_waiting", ("waiting",)),
    Figure("waiting_max_days", DAYS, published=False),
    # `_mean` only: the experts' mean duration with a missing figure counted as 0 days, the way
    # the municipality's published 2016 report counted it (34,2); for the backtest only
    Figure("duration_mean_days_missing_as_zero", DAYS, published=False),
    # the dropout rate over every ending of the period, ignoring `dropouts_registered_from`: how
    # the published 2016 report counted (14 dropouts from June of 117 endings: 12 %)
    Figure("dropout_rate_all_endings", RATE, published=False),
)
FIGURES: dict[str, Figure] = {f.name: f for f in CATALOGUE}

# The columns of the indicator table, of `indikatorer.csv`, and the whole counts.
COLUMNS: tuple[str, ...] = tuple(FIGURES)
CONTRACT_COLUMNS: tuple[str, ...] = tuple(f.name for f in CATALOGUE if f.csv == CONTRACT)
CSV_COLUMNS: tuple[str, ...] = CONTRACT_COLUMNS + tuple(
    f.name for f in CATALOGUE if f.csv == FOLLOWS
)
COUNT_COLUMNS: tuple[str, ...] = tuple(f.name for f in CATALOGUE if f.summed)
# The published figures, in catalogue order.
PUBLISHED: tuple[str, ...] = tuple(f.name for f in CATALOGUE if f.published)


@dataclass(frozen=True)
class Parameter:
    """A parameter of the follow-up: the figure its target is judged on and the rows shown for it
    (the expert's results table, the dialog template's statistics)."""

    name: str
    figure: str  # the dropout target follows its basis instead (`Targets.dropout_figure`)
    rows: tuple[str, ...]


# In the order of an expert's sections and the dialog template's statistics; the authorization
# rules last.
PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "lead_time",
        "lead_time_mean_days",
        (
            "lead_time_mean_days",
            "lead_time_median_days",
            "lead_time_within_target_share",
            "lead_time_n",
            "n_first_starts",
            "n_waiting",
            "waiting_mean_days",
        ),
    ),
    Parameter(
        "duration",
        "duration_mean_days",
        (
            "duration_mean_days",
            "duration_median_days",
            "duration_within_target_share",
            "duration_n",
            "completed_within_year_share",
            "ongoing_over_year",
            "hours_n",
            "hours_offered_mean",
            "hours_minimum_met_share",
            "hours_below_minimum",
        ),
    ),
    Parameter(
        "satisfaction",
        "satisfaction_mean",
        ("satisfaction_mean", "satisfaction_n", "response_rate"),
    ),
    Parameter(
        "dropouts",
        "dropout_rate",
        (
            "dropout_rate",
            "dropout_rate_negative",
            "n_dropouts",
            "dropout_base_n",
            "dropouts_positive",
            "dropouts_neutral",
            "dropouts_negative",
            "dropouts_not_given",
        ),
    ),
    Parameter(
        "authorization", "overdue_deficiencies", ("open_deficiencies", "overdue_deficiencies")
    ),
)
PARAMETER: dict[str, Parameter] = {p.name: p for p in PARAMETERS}
# The parameters judged on a figure: in the order of the sections, and of Tabell 1's columns.
SECTION_ORDER: tuple[str, ...] = tuple(p.name for p in PARAMETERS if p.name != "authorization")
JUDGED: tuple[str, ...] = ("lead_time", "duration", "dropouts", "satisfaction")
