"""Disclosure control of a breakdown (docs/disclosure.md §6): counts per expert and category.

A breakdown is a table of counts: per expert and category (a survey question, a teaching
language) the people a figure rests on; the total of each category over all experts (`_all`) is
published beside it. The rule is the report's (`report.disclosure`): a count on fewer than
`min_n` people is hidden (primary), and a hidden count must not be recoverable from what stays
published. So within each category, the hidden counts must be at least two with at least
`min_n` people between them, else the next smallest published count is hidden too
(complementary); when none is left to hide, the category's total is hidden. Where the
categories split each expert's people and the expert's total is published (`rows_add_up`: the
languages of the participants started), the same holds within each expert. An expert whose whole
group is already hidden (`held`: no survey figure, no start published) has every count hidden.

`published_breakdown` and `breakdown_cell` apply this to the publication model (the same statuses
and texts: 'för få (n<5)', 'färre än 5', 'dold', '–'); `survey_items` publishes the survey's
questions per expert (publication.py itself is at its size limit).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from so_analysis.measure.figures import ALL, COUNT, MISSING, SCORE
from so_analysis.report.publication.disclosure import SUPPRESSED, TOO_FEW
from so_analysis.report.publication.formatting import (
    is_missing,
)
from so_analysis.report.publication.model import OK, Cell, Publication, format_value, round_value


@dataclass(frozen=True)
class Protected:
    """Which counts of a breakdown are hidden, and how; which categories' totals are hidden."""

    hidden: Mapping[tuple[str, str], str]  # (provider_id, category) -> TOO_FEW or SUPPRESSED
    totals_hidden: frozenset[str]

    def status(self, provider_id: str, category: str) -> str | None:
        """TOO_FEW, SUPPRESSED or None (published)."""
        return self.hidden.get((provider_id, category))


def _enough(values: list[float], min_n: int) -> bool:
    """Hidden counts that give nothing away: none, or at least two with min_n people together."""
    return not values or (len(values) >= 2 and sum(values) >= min_n)


def protect(
    counts: Mapping[tuple[str, str], float],
    experts: Iterable[str],
    categories: Iterable[str],
    min_n: int,
    held: Mapping[str, str] | None = None,
    rows_add_up: bool = False,
) -> Protected:
    """Primary and complementary suppression of a breakdown (see the module's docstring)."""
    experts, categories = list(experts), list(categories)
    held = dict(held or {})

    def n(pid: str, cat: str) -> float:
        return float(counts.get((pid, cat), 0) or 0)

    hidden: dict[tuple[str, str], str] = {}
    for pid in experts:
        for cat in categories:
            if pid in held:
                hidden[(pid, cat)] = held[pid]
            elif 0 < n(pid, cat) < min_n:
                hidden[(pid, cat)] = TOO_FEW
    totals: set[str] = set()

    def sole(pid: str, cat: str) -> bool:
        """The expert's only category with people: hiding it alone would hide nothing."""
        return all(n(pid, other) == 0 for other in categories if other != cat)

    def problems() -> list[tuple[bool, str, str]]:
        """What is not yet protected: (rests on a primary count, 'row' or 'column', which)."""
        found = []
        if rows_add_up:
            for pid in experts:
                shut = [c for c in categories if (pid, c) in hidden and n(pid, c) > 0]
                if pid not in held and not _enough([n(pid, c) for c in shut], min_n):
                    found.append((any(hidden[(pid, c)] == TOO_FEW for c in shut), "row", pid))
        for cat in categories:
            shut = [p for p in experts if (p, cat) in hidden and n(p, cat) > 0]
            if cat not in totals and not _enough([n(p, cat) for p in shut], min_n):
                found.append((any(hidden[(p, cat)] == TOO_FEW for p in shut), "column", cat))
        return found

    # One hidden count at a time, the complements of counts too small first (rows before
    # columns), so that each hides what protects the most and no more than it must.
    while found := problems():
        _, kind, which = next((f for f in found if f[0]), found[0])
        if kind == "row":
            open_ = [c for c in categories if (which, c) not in hidden and n(which, c) > 0]
            if not open_:  # only when the expert's total is hidden too: hide the whole row
                held[which] = SUPPRESSED
                for c in categories:
                    hidden.setdefault((which, c), SUPPRESSED)
                continue
            smallest = min(open_, key=lambda c: (n(which, c), categories.index(c)))
            hidden[(which, smallest)] = SUPPRESSED
            continue
        candidates = [
            p
            for p in experts
            if (p, which) not in hidden and n(p, which) > 0 and not (rows_add_up and sole(p, which))
        ]
        if candidates:
            smallest = min(candidates, key=lambda p: (n(p, which), experts.index(p)))
            hidden[(smallest, which)] = SUPPRESSED
        else:
            totals.add(which)
    return Protected(hidden, frozenset(totals))


def published_breakdown(
    model: Publication,
    counts: Mapping[tuple[str, str], float],
    categories: Iterable[str],
    basis: str,
    rows_add_up: bool = False,
) -> Protected:
    """A breakdown protected for the report: `basis` is the count it rests on (`satisfaction_n`,
    `lead_time_n`); an expert whose basis is hidden has every count hidden, and when the
    total's basis is hidden, so is every category's total."""
    held = {}
    for pid in model.expert_ids:
        status = model.cell(pid, basis).status
        if status in (TOO_FEW, SUPPRESSED):
            held[pid] = status
    categories = list(categories)
    protected = protect(counts, model.expert_ids, categories, model.min_n, held, rows_add_up)
    if not model.cell(ALL, basis).ok:
        return Protected(protected.hidden, frozenset(categories))
    return protected


def breakdown_cell(
    model: Publication,
    protected: Protected,
    provider_id: str,
    category: str,
    value: Any,
    n: Any,
    k: str,
) -> Cell:
    """One figure of a breakdown (of kind `k`, resting on `n` people) as published, or why not."""
    if provider_id == ALL:
        hidden = SUPPRESSED if category in protected.totals_hidden else None
    else:
        hidden = protected.status(provider_id, category)
    missing = is_missing(value) or is_missing(n) or not n
    raw = math.nan if is_missing(value) else float(value)
    status = hidden or (MISSING if missing else OK)
    if status == OK:
        text = format_value(raw, k, model.lang)
        shown = round_value(raw, k)
    else:
        text, shown = model.status_text(status, count=k == COUNT), math.nan
    return Cell(provider_id, category, raw, 0.0 if missing else float(n), status, text, shown)


def survey_items(
    model: Publication, detail: pd.DataFrame
) -> dict[tuple[str, str], tuple[Cell, Cell]]:
    """Each survey question's mean (1–5) and answers per expert and `_all`, as published.

    `detail` is `measure.survey_languages.survey_detail` (provider_id, item, mean, n). A count
    of answers under `min_n` is hidden, and so much more that no total gives it away.
    """
    experts = detail[detail["provider_id"] != ALL]
    counts = {(str(r.provider_id), str(r.item)): float(r.n) for r in experts.itertuples()}
    protected = published_breakdown(model, counts, dict.fromkeys(detail["item"]), "satisfaction_n")
    out = {}
    for r in detail.itertuples():
        pid, item = str(r.provider_id), str(r.item)
        mean = breakdown_cell(model, protected, pid, item, r.mean, r.n, SCORE)
        answers = breakdown_cell(model, protected, pid, item, r.n, r.n, COUNT)
        out[(pid, item)] = (mean, answers)
    return out
