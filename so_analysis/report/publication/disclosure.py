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

Nor may a zero or a bound give one away (`pinned`): what the total leaves for the hidden experts
together must not pin any one's count, as a 0 left would (no negative dropout among them: every
hidden negative-dropout rate 0 %), or a sum each can only reach at its bound ("färre än 5" twice
and 8 left: both are 4; every dropout negative: the rate equals the published dropout rate).
Until none is pinned, the group is hidden for the next expert that unpins one, the fewest people
first. A count that is 0 over all participants is the municipality's own figure and pins
nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

from so_analysis.measure.figures import ALL, CATALOGUE, FIGURES, GROUPS, Group

TOO_FEW = "too_few"  # rests on fewer than min_n people (primary suppression)
SUPPRESSED = "suppressed"  # hidden so that a figure on too few cannot be worked out

# The groups each hides with it (the classes of hidden dropouts would show their count).
IMPLIES: dict[str, tuple[str, ...]] = {g.name: g.implies for g in GROUPS if g.implies}
# The counts a rate is made of over its basis: hidden, they hide the rate.
NUMERATORS = frozenset(f.numerator for f in CATALOGUE if f.numerator)
# The counts of each group that add up over the experts to the total (`_all`).
COLUMNS: dict[str, tuple[str, ...]] = {
    g.name: tuple(f.name for f in CATALOGUE if f.summed and g.name in f.groups) for g in GROUPS
}


def _n(rows: Mapping[str, Mapping[str, float]], pid: str, column: str) -> float:
    value = rows.get(pid, {}).get(column, math.nan)
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _small(n: float, min_n: int) -> bool:
    return 0 < n < min_n  # NaN compares False; zero people means nothing to protect


def hidden_groups(
    rows: Mapping[str, Mapping[str, float]],
    expert_ids: Iterable[str],
    min_n: int,
    seed: Mapping[tuple[str, str], str] | None = None,
    eligible: Callable[[str, str], bool] | None = None,
) -> dict[tuple[str, str], str]:
    """(provider_id, group) -> TOO_FEW or SUPPRESSED, for every hidden group (`_all` included).
    `seed`: what is hidden already, for a reason outside these rows; `eligible(provider_id,
    group)`: whether hiding the group for that expert protects anything (`hidden_by_sex`)."""
    experts = list(expert_ids)
    hidden: dict[tuple[str, str], str] = {}
    for group in GROUPS:
        for pid in experts:
            if any(_small(_n(rows, pid, b), min_n) for b in group.bases):
                hidden[(pid, group.name)] = TOO_FEW
    for key in seed or {}:
        hidden.setdefault(key, SUPPRESSED)
    for pid in experts:  # a hidden group hides the groups it implies
        for name, implied in IMPLIES.items():
            if (pid, name) in hidden:
                for other in implied:
                    hidden.setdefault((pid, other), hidden[(pid, name)])
    for group in GROUPS:
        _complement(rows, experts, group, hidden, min_n, eligible or _anyone)
    return hidden


def _complement(
    rows: Mapping[str, Mapping[str, float]],
    experts: list[str],
    group: Group,
    hidden: dict[tuple[str, str], str],
    min_n: int,
    eligible: Callable[[str, str], bool],
) -> None:
    """Hide the group for more experts (or the total) until no hidden one can be worked out."""
    if (ALL, group.name) in hidden:
        return  # nothing to work a hidden figure out from

    def people(pid: str) -> float:
        values = [_n(rows, pid, b) for b in group.bases]
        return max((v for v in values if not math.isnan(v)), default=0.0)

    def few(shut: Mapping[tuple[str, str], str]) -> bool:
        """Hidden experts too few to hide one another: fewer than two, or under min_n people."""
        held = [pid for pid in experts if (pid, group.name) in shut and people(pid) > 0]
        return bool(held) and not (
            len(held) >= 2
            and all(
                sum(_n(rows, pid, b) for pid in held) >= min_n
                or sum(_n(rows, pid, b) for pid in held) == 0
                for b in group.bases
            )
        )

    def problems(shut: Mapping[tuple[str, str], str]) -> int:
        """How many ways the hidden experts' figures can still be worked out."""
        return few(shut) + len(pinned(rows, experts, group, shut, min_n))

    def smallest(options: list[tuple[str, dict[tuple[str, str], str]]]) -> dict | None:
        """Of (expert, what would be hidden), the one leaving less to work out, the expert resting
        on the fewest people first; of all when none does."""
        if not options:
            return None
        helping = [o for o in options if problems(o[1]) < found] or options
        return min(
            helping,
            key=lambda o: (_hides_a_rate(o[1], o[0]), people(o[0]), experts.index(o[0])),
        )[1]

    while found := problems(hidden):
        candidates = [
            pid
            for pid in experts
            if (pid, group.name) not in hidden and people(pid) > 0 and eligible(pid, group.name)
        ]
        choice = None
        if _splits(group) and not few(hidden):  # one count pinned: hide counts, not the group
            options = _cell_options(rows, experts, group, hidden, min_n)
            choice = smallest([o for o in options if eligible(o[0], group.name)])
        if choice is None:
            choice = smallest([(pid, _with(hidden, pid, group)) for pid in candidates])
        if choice is None:
            hidden.update(_with(hidden, ALL, group))
            return
        hidden.update(choice)


def _anyone(provider_id: str, group: str) -> bool:
    return True


def _splits(group: Group) -> bool:
    """Whether the group's counts split a count published with another group, which they add
    up to (the dropouts by class, of the dropouts): one of them can be hidden on its own."""
    return len(group.bases) == 1 and group.bases[0] not in COLUMNS[group.name]


def _cell_options(
    rows: Mapping[str, Mapping[str, float]],
    experts: list[str],
    group: Group,
    hidden: Mapping[tuple[str, str], str],
    min_n: int,
) -> list[tuple[str, dict[tuple[str, str], str]]]:
    """Ways to unpin a count of a splitting group by hiding counts of a published expert: the
    pinned count's class (and its next smallest one, since its dropouts give their sum), or one
    more of an expert's own, where its hidden ones are what its sum pins."""
    options = []
    for pid, column in pinned(rows, experts, group, hidden, min_n):
        own = (pid, group.name) not in hidden and (pid, column) in hidden
        for other in [pid] if own else experts:
            if (other, group.name) in hidden or (not own and (other, column) in hidden):
                continue
            shut = [c for c in COLUMNS[group.name] if (other, c) in hidden or c == column]
            # a count that is 0 over everyone is 0 for each: hiding it hides nothing
            rest = [c for c in COLUMNS[group.name] if c not in shut and _n(rows, ALL, c) != 0]
            if not rest or (not own and not _n(rows, other, column) > 0):
                continue
            cells = [*shut, min(rest, key=lambda c: (c in NUMERATORS, _n(rows, other, c)))]
            options.append(
                (other, {**hidden, **dict.fromkeys(((other, c) for c in cells), SUPPRESSED)})
            )
    return options


def _hides_a_rate(hidden: Mapping[tuple[str, str], str], pid: str) -> bool:
    """Whether a rate of `pid` is hidden through its numerator alone (the negative dropouts)."""
    return any((pid, n) in hidden for n in NUMERATORS)


def _with(
    hidden: Mapping[tuple[str, str], str], pid: str, group: Group
) -> dict[tuple[str, str], str]:
    """`hidden` with the group (and the groups it implies) hidden for `pid` too."""
    out = dict(hidden)
    out[(pid, group.name)] = SUPPRESSED
    for implied in IMPLIES.get(group.name, ()):
        out.setdefault((pid, implied), SUPPRESSED)
    return out


def pinned(
    rows: Mapping[str, Mapping[str, float]],
    experts: list[str],
    group: Group,
    hidden: Mapping[tuple[str, str], str],
    min_n: int,
) -> list[tuple[str, str]]:
    """(provider_id, count) of every hidden count of `group` that the published ones pin down.

    Each count of the group adds up over the experts to the total (`_all`), so the total minus
    the published experts gives the hidden experts' sum. Each hidden count lies between what a
    reader knows of it: at least 1 for the people a hidden group rests on (zero people are never
    hidden), at most `min_n - 1` where it reads "färre än 5", at most its basis where that is
    published (an expert's dropouts by class, when its dropouts are shown). A count is pinned
    when the sum and the others' bounds leave it one value: a zero numerator (nothing left for
    the hidden experts: every hidden rate 0 %), every hidden count at its upper bound (a
    numerator equal to its denominator), or at its lower bound. A count that is 0 over all
    participants pins every expert's to 0 alike, the municipality's own figure: not counted.
    Where a splitting group's counts are hidden one by one (`_splits`), what the expert's
    published basis leaves for them may not pin one either.
    """
    if (ALL, group.name) in hidden:
        return []
    found = []
    for column in COLUMNS[group.name]:
        shut = [p for p in experts if (p, group.name) in hidden or (p, column) in hidden]
        values = [_n(rows, pid, column) for pid in shut]
        if len(shut) == 0 or any(math.isnan(v) for v in values) or not _n(rows, ALL, column) > 0:
            continue
        bounds = [_bounds(rows, pid, column, group, hidden, min_n) for pid in shut]
        found += [(shut[i], column) for i in pins(sum(values), bounds)]
    for pid in experts if _splits(group) else ():
        cells = [c for c in COLUMNS[group.name] if (pid, c) in hidden]
        if (pid, group.name) in hidden or not cells:
            continue
        bounds = [_bounds(rows, pid, c, group, hidden, min_n) for c in cells]
        total = sum(_n(rows, pid, c) for c in cells)
        found += [(pid, cells[i]) for i in pins(total, bounds) if (pid, cells[i]) not in found]
    return found


def pins(total: float, bounds: list[tuple[float, float]]) -> list[int]:
    """Which of some hidden counts, known to add up to `total` and each to lie within its
    (at least, at most) `bounds`, a reader can work out: those the others' bounds leave one
    value."""
    found = []
    for i, (low, high) in enumerate(bounds):
        others_low = sum(lo for j, (lo, _) in enumerate(bounds) if j != i)
        others_high = sum(hi for j, (_, hi) in enumerate(bounds) if j != i)
        if max(low, total - others_high) >= min(high, total - others_low):
            found.append(i)
    return found


def _bounds(
    rows: Mapping[str, Mapping[str, float]],
    pid: str,
    column: str,
    group: Group,
    hidden: Mapping[tuple[str, str], str],
    min_n: int,
) -> tuple[float, float]:
    """What a reader knows of a hidden count: (at least, at most)."""
    if _n(rows, ALL, column) == 0:
        return 0.0, 0.0  # nobody has it: nor has this expert
    value = _n(rows, pid, column)
    low = 1.0 if group.bases == (column,) and value >= 1 else 0.0
    high = math.inf
    if hidden.get((pid, group.name)) == TOO_FEW and value < min_n:
        high = float(min_n - 1)  # it reads "färre än 5"
    basis = FIGURES[column].basis
    if basis is not None and not any((pid, g) in hidden for g in FIGURES[basis].groups):
        high = min(high, _n(rows, pid, basis))  # its basis is published
    return low, high


def figure_hidden(
    hidden: Mapping[tuple[str, str], str], provider_id: str, figure: str
) -> str | None:
    """TOO_FEW, SUPPRESSED or None: whether `figure` of `provider_id` is hidden, and how."""
    spec = FIGURES.get(figure)
    names = (*spec.groups, figure, spec.numerator or figure) if spec is not None else ()
    found = [hidden[(provider_id, n)] for n in names if (provider_id, n) in hidden]
    if not found:
        return None
    return TOO_FEW if TOO_FEW in found else SUPPRESSED


def hidden_by_sex(
    rows_by_sex: Mapping[str, Mapping[str, Mapping[str, float]]],
    expert_ids: Iterable[str],
    min_n: int,
    hidden_overall: Mapping[tuple[str, str], str],
) -> dict[str, dict[tuple[str, str], str]]:
    """Per sex, what is hidden of the figures by sex (docs/disclosure.md §11).

    An expert's figures by sex add up to its own, and each sex's experts to that sex's total
    (`_all`): a table with both margins published. Within each sex the experts' figures are
    hidden as `hidden_groups` hides them. Across the sexes, where a group (or a count) is hidden
    for one sex of an expert, or for the expert itself (`hidden_overall`), it is hidden for
    every sex it has people of; the same for the totals. Hiding a group for an expert protects
    another only where the expert has people of another sex in it too (else its own published
    figure would be the hidden one): others are not taken as complements. Where the expert's own
    published count and its hidden sexes' bounds pin one of them ("färre än 5" twice and 8), the
    group reads "dold" for each of its sexes (`_across_sexes`). Repeated until nothing more is
    hidden.
    """
    experts = list(expert_ids)
    sexes = list(rows_by_sex)
    people = {
        (sex, pid, g.name): max(
            (v for b in g.bases if not math.isnan(v := _n(rows, pid, b))), default=0.0
        )
        for sex, rows in rows_by_sex.items()
        for pid in [*experts, ALL]
        for g in GROUPS
    }

    def group_of(name: str) -> str:
        return name if name in COLUMNS else next(g for g in FIGURES[name].groups)

    def eligible_for(sex: str) -> Callable[[str, str], bool]:
        def eligible(pid: str, group: str) -> bool:
            return (pid, group) in hidden_overall or any(
                people[(other, pid, group)] > 0 for other in sexes if other != sex
            )

        return eligible

    seed: dict[tuple[str, str], str] = dict.fromkeys(hidden_overall, SUPPRESSED)
    unbounded: set[tuple[str, str]] = set()  # read "dold", never "färre än 5" (`_across_sexes`)
    while True:
        per_sex = {
            sex: hidden_groups(
                rows,
                experts,
                min_n,
                {k: v for k, v in seed.items() if people[(sex, k[0], group_of(k[1]))] > 0},
                eligible_for(sex),
            )
            for sex, rows in rows_by_sex.items()
        }
        for hidden in per_sex.values():
            for key in unbounded & hidden.keys():
                hidden[key] = SUPPRESSED
        linked = dict(seed)
        for hidden in per_sex.values():
            for key in hidden:
                linked.setdefault(key, SUPPRESSED)
        if linked.keys() != seed.keys():
            seed = linked
            continue
        pinned_here = _across_sexes(rows_by_sex, per_sex, [*experts, ALL], min_n, hidden_overall)
        if pinned_here <= unbounded:
            return per_sex
        unbounded |= pinned_here


def _across_sexes(
    rows_by_sex: Mapping[str, Mapping[str, Mapping[str, float]]],
    per_sex: Mapping[str, Mapping[tuple[str, str], str]],
    ids: list[str],
    min_n: int,
    hidden_overall: Mapping[tuple[str, str], str],
) -> set[tuple[str, str]]:
    """(provider_id, group) whose hidden counts by sex the expert's own published count pins.

    An expert's counts by sex add up to its own count, published where its group is: where the
    sexes' groups are hidden they share that count, and each lies within what its text says.
    Two counts that read "färre än 5" and an expert's 8 are both 4. Hiding another sex cannot
    help (every sex it has people of is hidden already), so such a group reads "dold" for each
    sex instead: the bound is what pinned it (docs/disclosure.md §11)."""
    found = set()
    for pid in ids:
        for group in GROUPS:
            if (pid, group.name) in hidden_overall:
                continue  # the expert's own count is hidden too: nothing exact to share
            for column in COLUMNS[group.name]:
                if (pid, column) in hidden_overall:
                    continue
                shut = [
                    sex
                    for sex, hidden in per_sex.items()
                    if (pid, group.name) in hidden or (pid, column) in hidden
                ]
                values = [_n(rows_by_sex[sex], pid, column) for sex in shut]
                if not shut or any(math.isnan(v) for v in values):
                    continue
                if not sum(_n(rows, pid, column) for rows in rows_by_sex.values()) > 0:
                    continue  # the expert's own 0 says it of every sex: nothing to protect
                bounds = [
                    _bounds(rows_by_sex[sex], pid, column, group, per_sex[sex], min_n)
                    for sex in shut
                ]
                if pins(sum(values), bounds):
                    found.add((pid, group.name))
    return found
