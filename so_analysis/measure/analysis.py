"""One period's analysis of a dataset: every indicator, target and data-quality count, computed once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from so_analysis.core.periods import Period
from so_analysis.core.slugs import unique_slugs
from so_analysis.load.dataset import Dataset
from so_analysis.measure.checklist import checklist_state
from so_analysis.measure.followup import plan_follow_up
from so_analysis.measure.indicators import (
    compute_indicators,
    dropout_reasons,
    measure_enrolments,
)
from so_analysis.measure.outcomes import classify_enrolments, quality_summary
from so_analysis.measure.sexes import SEX_COLUMN, expert_sex_tables, indicators_by_sex
from so_analysis.measure.targets import assess_targets, ended_experts
from so_analysis.measure.trend import indicator_history, previous_figures


@dataclass(frozen=True)
class Analysis:
    """Everything a report or an export of one period needs, derived from one dataset."""

    dataset: Dataset
    period: Period
    as_of: date
    classified: pd.DataFrame
    indicators: pd.DataFrame
    by_sex: pd.DataFrame  # the indicators per expert and sex (`measure.sexes`)
    assessment: pd.DataFrame
    reasons: pd.DataFrame
    quality: pd.DataFrame
    checklist: pd.DataFrame | None
    history: pd.DataFrame  # indicators for every period of the same kind up to this one
    previous: pd.DataFrame | None  # the previous period's indicators, if the data reaches it
    follow_up: pd.DataFrame | None  # the previous period's plan items, with `overdue`
    # experts whose authorization ended by the period's end, with the day (docs/method.md §3.12)
    ended: dict[str, date] = field(default_factory=dict)

    @property
    def expert_ids(self) -> list[str]:
        return list(self.dataset.providers["provider_id"])

    @property
    def slugs(self) -> dict[str, str]:
        """Each expert's slug, safe in file names and HTML ids, unique within the report."""
        providers = self.dataset.providers
        return dict(
            zip(providers["provider_id"], unique_slugs(list(providers["name"])), strict=True)
        )


def analyse(dataset: Dataset, period: Period, as_of: date) -> Analysis:
    """Compute every indicator (docs/method.md §3) for `period`, the checklist as of `as_of`."""
    config = dataset.config
    ended = ended_experts(dataset.providers, period)
    classified = classify_enrolments(dataset.enrolments)
    state = (
        checklist_state(dataset.checklist, as_of, ended) if dataset.checklist is not None else None
    )
    measured = measure_enrolments(classified, period, config, extra=(SEX_COLUMN,))
    # by expert, by expert × sex and by sex in one pass over the enrolments
    per_expert, per_expert_sex, per_sex = expert_sex_tables(dataset.providers, measured)
    indicators = compute_indicators(
        dataset.providers, classified, dataset.survey, state, period, config, measured, per_expert
    )
    by_sex = indicators_by_sex(
        dataset.providers, classified, period, config, measured, (per_expert_sex, per_sex)
    )
    reasons = dropout_reasons(classified, period, config.reasons, measured)
    # the period's measures are done with: each earlier period measures its own
    del measured, per_expert, per_expert_sex, per_sex
    history = indicator_history(
        dataset.providers, classified, dataset.survey, period, config, indicators
    )
    return Analysis(
        dataset=dataset,
        period=period,
        as_of=as_of,
        classified=classified,
        indicators=indicators,
        by_sex=by_sex,
        assessment=assess_targets(indicators, config.targets, ended),
        reasons=reasons,
        quality=quality_summary(classified, period),
        checklist=state,
        history=history,
        previous=previous_figures(history, period),
        follow_up=plan_follow_up(dataset.plans, period, as_of, ended),
        ended=ended,
    )
