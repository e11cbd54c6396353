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
from dataclasses import dataclass

ALL, MEAN = "_all", "_mean"

PRIMARY = "too_few"  # rests on fewer than min_n people
SECONDARY = "suppressed"  # hidden so that a primary one cannot be worked out


@dataclass(frozen=True)
class Group:
    """Figures resting on the same people; `bases` are the counts that trigger suppression."""

    name: str
    bases: tuple[str, ...]
    figures: tuple[str, ...]


GROUPS: tuple[Group, ...] = (
    Group(
        "starts",
        ("lead_time_n",),
        (
            "lead_time_mean_days",
            "lead_time_median_days",
            "lead_time_within_target_share",
            "lead_time_n",
            "n_started",
        ),
    ),
    Group(
        "endings",
        ("duration_n", "dropout_base_n"),
        (
            "duration_mean_days",
            "duration_median_days",
            "duration_within_target_share",
            "duration_n",
            "n_completed",
            "dropout_rate",
            "n_dropouts",
            "dropout_base_n",
        ),
    ),
    Group(
        "reasons",
        ("n_dropouts",),
        ("dropouts_positive", "dropouts_neutral", "dropouts_negative", "dropouts_not_given"),
    ),
    Group("survey", ("satisfaction_n",), ("satisfaction_mean", "satisfaction_n")),
    Group("waiting", ("n_waiting",), ("waiting_mean_days", "n_waiting")),
)
# A figure that rests on two groups at once: hidden when either is. The negative-dropout rate
# is in the endings group with the dropout rate, and times the published endings it would give
# the negative dropouts: so it is hidden with the dropouts by class too.
DERIVED: dict[str, tuple[str, ...]] = {
    "response_rate": ("survey", "endings"),
    "dropout_rate_negative": ("endings", "reasons"),
}
# Groups that hide another with them: the classes of hidden dropouts would show their count.
IMPLIES: dict[str, tuple[str, ...]] = {"endings": ("reasons",)}


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
    """(provider_id, group) -> PRIMARY or SECONDARY, for every hidden group (`_all` included)."""
    experts = list(expert_ids)
    hidden: dict[tuple[str, str], str] = {}
    for group in GROUPS:
        for pid in experts:
            if any(_small(_n(rows, pid, b), min_n) for b in group.bases):
                hidden[(pid, group.name)] = PRIMARY
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
            hidden[(ALL, group.name)] = SECONDARY
            return
        smallest = min(candidates, key=lambda pid: (people(pid), experts.index(pid)))
        hidden[(smallest, group.name)] = SECONDARY
        for implied in IMPLIES.get(group.name, ()):
            hidden.setdefault((smallest, implied), SECONDARY)


GROUP_OF: dict[str, str] = {f: g.name for g in GROUPS for f in g.figures}


def figure_hidden(
    hidden: Mapping[tuple[str, str], str], provider_id: str, figure: str
) -> str | None:
    """PRIMARY, SECONDARY or None: whether `figure` of `provider_id` is hidden, and how."""
    names = DERIVED.get(figure) or ((GROUP_OF[figure],) if figure in GROUP_OF else ())
    found = [hidden[(provider_id, n)] for n in names if (provider_id, n) in hidden]
    if not found:
        return None
    return PRIMARY if PRIMARY in found else SECONDARY
