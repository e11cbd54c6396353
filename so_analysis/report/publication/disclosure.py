"""Disclosure control (docs/disclosure.md): which figures of a period may be published, and why.

Figures come in *groups* that rest on the same people: the lead-time figures and the count of
starts; the duration figures, the completions, the dropout rate and its counts (completions +
dropouts = endings, so any two of them give the third); the dropouts by class; the survey; the
waiting. A group is hidden for an expert when it rests on fewer than `min_n` people (primary
suppression): its figures read "för få", its counts "färre än 5".

A hidden group must not be recoverable from what stays published. The total over all
participants (`_all`) minus every other expert would give it away, so where one group is hidden
for a single expert (or for experts who together are still fewer than `min_n`), the group is
also hidden for the published expert resting on the fewest people (complementary suppression,
as SCB and Skolverket do), until at least two experts with at least `min_n` people between them
are hidden; if no expert is left to hide, the total is hidden instead. The experts' mean
(`_mean`) is then taken over the published figures only, so it cannot give one away either.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from so_analysis.measure.figures import ALL, FIGURES, GROUPS, Group

TOO_FEW = "too_few"  # rests on fewer than min_n people (primary suppression)
SUPPRESSED = "suppressed"  # hidden so that a figure on too few cannot be worked out

# The groups each hides with it (the classes of hidden dropouts would show their count).
IMPLIES: dict[str, tuple[str, ...]] = {g.name: g.implies for g in GROUPS if g.implies}


def _n(rows: Mapping[str, Mapping[str, float]], pid: str, column: str) -> float:
    value = rows.get(pid, {}).get(column, math.nan)
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _small(n: float, min_n: int) -> bool:
    return 0 < n < min_n  # NaN compares False; zero people means nothing to protect


def hidden_groups(
    rows: Mapping[str, Mapping[str, float]], expert_ids: Iterable[str], min_n: int
) -> dict[tuple[str, str], str]:
    """(provider_id, group) -> TOO_FEW or SUPPRESSED, for every hidden group (`_all` included)."""
    experts = list(expert_ids)
    hidden: dict[tuple[str, str], str] = {}
    for group in GROUPS:
        for pid in experts:
            if any(_small(_n(rows, pid, b), min_n) for b in group.bases):
                hidden[(pid, group.name)] = TOO_FEW
    for pid in experts:  # a hidden group hides the groups it implies
        for name, implied in IMPLIES.items():
            if (pid, name) in hidden:
                for other in implied:
                    hidden.setdefault((pid, other), hidden[(pid, name)])
    for group in GROUPS:
        _complement(rows, experts, group, hidden, min_n)
    return hidden


def _complement(
    rows: Mapping[str, Mapping[str, float]],
    experts: list[str],
    group: Group,
    hidden: dict[tuple[str, str], str],
    min_n: int,
) -> None:
    """Hide the group for more experts (or the total) until no hidden one can be worked out."""

    def people(pid: str) -> float:
        values = [_n(rows, pid, b) for b in group.bases]
        return max((v for v in values if not math.isnan(v)), default=0.0)

    def protected() -> bool:
        held = [pid for pid in experts if (pid, group.name) in hidden and people(pid) > 0]
        if not held:
            return True
        return len(held) >= 2 and all(
            sum(_n(rows, pid, b) for pid in held) >= min_n
            or sum(_n(rows, pid, b) for pid in held) == 0
            for b in group.bases
        )

    while not protected():
        candidates = [pid for pid in experts if (pid, group.name) not in hidden and people(pid) > 0]
        if not candidates:
            hidden[(ALL, group.name)] = SUPPRESSED
            return
        smallest = min(candidates, key=lambda pid: (people(pid), experts.index(pid)))
        hidden[(smallest, group.name)] = SUPPRESSED
        for implied in IMPLIES.get(group.name, ()):
            hidden.setdefault((smallest, implied), SUPPRESSED)


def figure_hidden(
    hidden: Mapping[tuple[str, str], str], provider_id: str, figure: str
) -> str | None:
    """TOO_FEW, SUPPRESSED or None: whether `figure` of `provider_id` is hidden, and how."""
    names = FIGURES[figure].groups if figure in FIGURES else ()
    found = [hidden[(provider_id, n)] for n in names if (provider_id, n) in hidden]
    if not found:
        return None
    return TOO_FEW if TOO_FEW in found else SUPPRESSED
