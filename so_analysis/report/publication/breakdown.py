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
What a total (of a category, or of an expert's row) leaves for the hidden counts together may not
pin one either (`disclosure.pins`): no 0 left for the counts of an expert whose group is hidden
(none of its respondents answered that question), no sum each can only reach at "färre än 5".
`hidden_reason_totals` does the same for the totals beside an expert's dropouts by reason.

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
from so_analysis.report.publication.disclosure import SUPPRESSED, TOO_FEW, pins
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
    """Hidden counts that give nothing away: none with people, or at least two with min_n
    people together (whether zeros left for hidden experts give them away is `pins`' to say)."""
    return not any(values) or (len(values) >= 2 and sum(values) >= min_n)


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

    def bounds(pid: str, cat: str) -> tuple[float, float]:
        """What a reader knows of a hidden count: more than 0 unless its whole row is hidden,
        fewer than min_n where that is what it (or its expert's basis) reads."""
        low = 0.0 if pid in held or not n(pid, cat) else 1.0
        few = hidden[(pid, cat)] == TOO_FEW and n(pid, cat) < min_n
        return low, float(min_n - 1) if few else math.inf

    def pinned(cells: list[tuple[str, str]]) -> bool:
        """Whether the sum of these hidden counts (a total minus the published ones) pins one:
        0 left for them, or each at a bound it is known by."""
        total = sum(n(p, c) for p, c in cells)
        return bool(pins(total, [bounds(p, c) for p, c in cells]))

    def problems() -> list[tuple[bool, str, str]]:
        """What is not yet protected: (rests on a primary count, 'row' or 'column', which)."""
        found = []
        if rows_add_up:
            for pid in experts:
                cells = [(pid, c) for c in categories if (pid, c) in hidden]
                shut = [c for _, c in cells if n(pid, c) > 0]
                if pid not in held and (
                    not _enough([n(pid, c) for c in shut], min_n) or pinned(cells)
                ):
                    found.append((any(hidden[(pid, c)] == TOO_FEW for c in shut), "row", pid))
        for cat in categories:
            # a hidden expert's zero counts too: the reader cannot tell it from any other count
            cells = [(p, cat) for p in experts if (p, cat) in hidden and (p in held or n(p, cat))]
            if cat not in totals and (
                not _enough([n(p, c) for p, c in cells if n(p, c) or p in held], min_n)
                or (sum(n(p, cat) for p in experts) > 0 and pinned(cells))
            ):
                primary = any(hidden[cell] == TOO_FEW and n(*cell) > 0 for cell in cells)
                found.append((primary, "column", cat))
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


CLASS_FIGURES = {
    "positive": "dropouts_positive",
    "neutral": "dropouts_neutral",
    "negative": "dropouts_negative",
    "none": "dropouts_not_given",  # a dropout with no reason ("ej angiven") is in no class
}


def hidden_reason_totals(model: Publication, reasons: pd.DataFrame) -> frozenset[str]:
    """The reasons whose total over all participants an expert's table of dropouts by reason
    may not show (it reads 'dold').

    `reasons` is `Analysis.reasons` (provider_id, reason, reason_class, n). An expert whose
    dropouts by class are hidden shows no table; what a reason's total leaves after the
    published tables is theirs together. Where that pins their counts (nothing left: none of
    them had the reason), the total is hidden, and with it as many more of the class, the
    smallest first, that what the unshown totals leave together (the class's total less the
    shown ones) pins nothing either.
    """
    reasons = reasons.assign(reason_class=reasons["reason_class"].fillna("none"))
    experts = reasons[reasons["provider_id"] != ALL]
    totals = reasons[reasons["provider_id"] == ALL].set_index("reason")
    shut = [  # the experts whose table is not shown: a class of their dropouts is hidden
        p
        for p in model.expert_ids
        if any(model.cell(p, f).status in (TOO_FEW, SUPPRESSED) for f in CLASS_FIGURES.values())
    ]
    hidden: set[str] = set()
    for klass, figure in CLASS_FIGURES.items():
        codes = [str(r) for r in totals.index[totals["reason_class"] == klass]]
        if not codes or not model.cell(ALL, figure).ok:
            hidden.update(codes)
            continue

        def left(codes: Iterable[str]) -> float:
            """What the totals of `codes` leave for the experts with no table, together."""
            mine = experts[experts["provider_id"].isin(shut) & experts["reason"].isin(codes)]
            return float(mine["n"].sum())

        bounds = [_class_bounds(model, pid, figure) for pid in shut]
        printed = set(experts[~experts["provider_id"].isin(shut)]["reason"])
        shown = [c for c in codes if c in printed and not pins(left([c]), bounds)]
        unshown = [c for c in codes if c not in shown]  # the class's total less the shown ones
        while unshown and shown and pins(left(unshown), bounds):
            smallest = min(shown, key=lambda c: (float(totals.at[c, "n"]), codes.index(c)))
            shown.remove(smallest)
            unshown.append(smallest)
        hidden.update(unshown)
    return frozenset(hidden)


def _class_bounds(model: Publication, provider_id: str, figure: str) -> tuple[float, float]:
    """What a reader knows of a hidden count of dropouts of one class: 0 to 4 where it reads
    'färre än 5', up to its dropouts where they are published."""
    cell = model.cell(provider_id, figure)
    if cell.status == TOO_FEW:
        return 0.0, float(model.min_n - 1)
    dropouts = model.cell(provider_id, "n_dropouts")
    return 0.0, dropouts.value if dropouts.ok else math.inf
