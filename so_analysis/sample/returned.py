"""What a returned dialog template of the sample holds: the visit's notes, the plan, the follow-up.

A `Returned` is filled into the template that `so-report dialog` writes (`sample.templates`), as
an expert (and, at the visit, the municipality) would fill it in Excel. The plan's findings are
the template's own, pre-filled from the figures; a point of the expert's own brings its finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PlanItem:
    """One row of the plan. `parameter`: the pre-filled row it is written on (its finding kept
    unless `finding` is given: the visit saw what the figures of the as-of date could not);
    None: a spare row, with `finding` of its own."""

    area: str
    action: str
    responsible: str
    due: str
    status: str
    parameter: str | None = None
    finding: str | None = None


@dataclass(frozen=True)
class Returned:
    """One expert's template as it came back for one period."""

    notes: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    plan: tuple[PlanItem, ...] = ()
    # the previous period's plan item (its action) -> (status, follow-up)
    follow_up: dict[str, tuple[str, str]] = field(default_factory=dict)
