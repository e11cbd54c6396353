"""Disclosure control on hand-made indicator rows: primary and complementary suppression."""

from so_analysis.measure.figures import GROUPS
from so_analysis.report.publication.disclosure import (
    SUPPRESSED,
    TOO_FEW,
    figure_hidden,
    hidden_by_sex,
    hidden_groups,
    pinned,
)


def _rows(**experts):
    """provider -> counts; every count not given is a comfortable 50, `_all` is the sum."""
    columns = (
        "lead_time_n",
        "duration_n",
        "dropout_base_n",
        "n_dropouts",
        "satisfaction_n",
        "n_waiting",
    )
    rows = {}
    for pid, given in experts.items():
        rows[pid] = {c: float(given.get(c, 50)) for c in columns}
    rows["_all"] = {c: sum(r[c] for r in rows.values()) for c in columns}
    return rows


def test_nothing_small_hides_nothing():
    rows = _rows(a={}, b={}, c={})
    assert hidden_groups(rows, ["a", "b", "c"], 5) == {}


def test_one_small_expert_is_complemented_by_the_smallest_other():
    rows = _rows(a={"lead_time_n": 3}, b={"lead_time_n": 40}, c={"lead_time_n": 9})
    hidden = hidden_groups(rows, ["a", "b", "c"], 5)
    assert hidden[("a", "starts")] == TOO_FEW
    assert hidden[("c", "starts")] == SUPPRESSED  # c rests on fewer people than b
    assert ("b", "starts") not in hidden
    assert ("_all", "starts") not in hidden


def test_two_small_experts_protect_each_other_when_together_not_small():
    rows = _rows(a={"lead_time_n": 3}, b={"lead_time_n": 4}, c={})
    hidden = hidden_groups(rows, ["a", "b", "c"], 5)
    assert hidden[("a", "starts")] == TOO_FEW
    assert hidden[("b", "starts")] == TOO_FEW
    assert ("c", "starts") not in hidden


def test_two_small_experts_together_still_small_take_a_third():
    rows = _rows(a={"n_waiting": 1}, b={"n_waiting": 2}, c={"n_waiting": 30}, d={"n_waiting": 6})
    hidden = hidden_groups(rows, ["a", "b", "c", "d"], 5)
    assert hidden[("d", "waiting")] == SUPPRESSED
    assert ("c", "waiting") not in hidden


def test_a_lone_expert_hides_the_total():
    rows = _rows(a={"satisfaction_n": 2})
    hidden = hidden_groups(rows, ["a"], 5)
    assert hidden[("a", "survey")] == TOO_FEW
    assert hidden[("_all", "survey")] == SUPPRESSED


def test_zero_people_is_not_suppressed_and_not_a_complement():
    rows = _rows(a={"satisfaction_n": 0}, b={"satisfaction_n": 3}, c={"satisfaction_n": 0}, d={})
    hidden = hidden_groups(rows, ["a", "b", "c", "d"], 5)
    assert ("a", "survey") not in hidden and ("c", "survey") not in hidden
    assert hidden[("d", "survey")] == SUPPRESSED


def test_hidden_endings_hide_the_dropout_classes_and_the_response_rate():
    rows = _rows(a={"dropout_base_n": 4, "n_dropouts": 4, "duration_n": 0}, b={}, c={})
    hidden = hidden_groups(rows, ["a", "b", "c"], 5)
    assert figure_hidden(hidden, "a", "dropouts_positive") == TOO_FEW
    assert figure_hidden(hidden, "a", "duration_mean_days") == TOO_FEW
    assert figure_hidden(hidden, "a", "n_completed") == TOO_FEW
    assert figure_hidden(hidden, "a", "response_rate") == TOO_FEW
    assert figure_hidden(hidden, "a", "lead_time_mean_days") is None
    complemented = [pid for pid in "bc" if figure_hidden(hidden, pid, "dropout_rate")]
    assert len(complemented) == 1
    assert figure_hidden(hidden, complemented[0], "dropouts_negative") == SUPPRESSED


def test_few_completions_hide_the_dropout_rate_too():
    # completions = endings - dropouts: a rate and its counts would give the completions away
    rows = _rows(a={"duration_n": 3, "dropout_base_n": 13, "n_dropouts": 10}, b={}, c={})
    hidden = hidden_groups(rows, ["a", "b", "c"], 5)
    assert figure_hidden(hidden, "a", "dropout_rate") == TOO_FEW
    assert figure_hidden(hidden, "a", "n_dropouts") == TOO_FEW


# ------------------------------------------------------------------ zeros and totals


def _reasons(**experts):
    """provider -> (positive, neutral, negative): its dropouts by class; its endings a
    comfortable 50, every other count 50; `_all` is the sum."""
    classes = ("dropouts_positive", "dropouts_neutral", "dropouts_negative")
    rows = {}
    for pid, counts in experts.items():
        row = dict(zip(classes, map(float, counts), strict=True))
        row["dropouts_not_given"] = 0.0
        row["n_dropouts"] = float(sum(counts))
        row["dropout_base_n"] = row["duration_n"] = 50.0
        row["n_completed"] = 50.0 - row["n_dropouts"]
        rows[pid] = row
    rows["_all"] = {c: sum(r[c] for r in rows.values()) for c in rows[next(iter(rows))]}
    return rows


def _hidden_sum(rows, hidden, column):
    """What the total minus every published count gives for the hidden ones together."""
    shown = [p for p in rows if p != "_all" and not figure_hidden(hidden, p, column)]
    return rows["_all"][column] - sum(rows[p][column] for p in shown)


REASONS = next(g for g in GROUPS if g.name == "reasons")


def test_a_zero_the_total_gives_for_the_hidden_is_complemented():
    # a and b (3 and 4 dropouts) protect each other's count, but no dropout of either was
    # negative: all negatives minus c's and d's is 0, so both negative rates would read 0 %
    rows = _reasons(a=(3, 0, 0), b=(0, 4, 0), c=(4, 0, 2), d=(3, 1, 6))
    hidden = hidden_groups(rows, ["a", "b", "c", "d"], 5)
    assert hidden[("a", "reasons")] == TOO_FEW and hidden[("b", "reasons")] == TOO_FEW
    assert pinned(rows, list("abcd"), REASONS, hidden, 5) == []
    assert _hidden_sum(rows, hidden, "dropouts_negative") == 2
    # c, with the fewest dropouts of those with a negative one, hides its negative dropouts,
    # and its next smallest class with them (its dropouts would give one from the others);
    # its negative-dropout rate goes with them, the rest of its figures stay
    assert figure_hidden(hidden, "c", "dropouts_negative") == SUPPRESSED
    assert figure_hidden(hidden, "c", "dropouts_neutral") == SUPPRESSED
    assert figure_hidden(hidden, "c", "dropout_rate_negative") == SUPPRESSED
    for figure in ("dropouts_positive", "dropouts_not_given", "dropout_rate", "n_dropouts"):
        assert figure_hidden(hidden, "c", figure) is None, figure
    assert not [k for k in hidden if k[0] == "d"]


def test_a_numerator_equal_to_its_denominator_is_complemented():
    # every dropout of a and b was negative: their positives and neutrals from the totals are
    # 0, so their negative-dropout rates would equal their (published) dropout rates
    rows = _reasons(a=(0, 0, 3), b=(0, 0, 4), c=(9, 0, 1), d=(2, 3, 1), e=(0, 2, 6))
    hidden = hidden_groups(rows, list("abcde"), 5)
    assert pinned(rows, list("abcde"), REASONS, hidden, 5) == []
    for column in ("dropouts_positive", "dropouts_neutral"):
        assert _hidden_sum(rows, hidden, column) > 0, column
    # a's and b's negatives left by the total are their dropouts: one more negative count is
    # hidden with theirs (and its rate), only one
    negative = [p for p in "cde" if figure_hidden(hidden, p, "dropout_rate_negative")]
    assert len(negative) == 1
    assert _hidden_sum(rows, hidden, "dropouts_negative") > 7


def test_counts_at_the_bound_their_text_states_are_complemented():
    # 'färre än 5' twice and 8 left by the total: both are 4
    rows = _rows(a={"n_waiting": 4}, b={"n_waiting": 4}, c={"n_waiting": 30}, d={"n_waiting": 9})
    hidden = hidden_groups(rows, ["a", "b", "c", "d"], 5)
    assert hidden[("a", "waiting")] == TOO_FEW and hidden[("b", "waiting")] == TOO_FEW
    assert hidden[("d", "waiting")] == SUPPRESSED
    # five experts with one each: 5 left by the total, and none has fewer than one
    ones = {p: {"satisfaction_n": 1} for p in "abcde"}
    rows = _rows(**ones, f={"satisfaction_n": 40}, g={"satisfaction_n": 12})
    hidden = hidden_groups(rows, list("abcdefg"), 5)
    assert hidden[("g", "survey")] == SUPPRESSED
    assert ("f", "survey") not in hidden


def test_a_zero_over_all_participants_hides_nothing_more():
    # nobody anywhere dropped out without a reason: the total's 0 says it of every expert,
    # and hiding more would not change that
    rows = _reasons(a=(3, 0, 1), b=(1, 2, 1), c=(4, 0, 2), d=(3, 1, 6))
    hidden = hidden_groups(rows, ["a", "b", "c", "d"], 5)
    assert {k for k in hidden if k[0] in "cd"} == set()


def test_a_count_hidden_with_too_few_others_never_reads_fewer_than_min_n():
    # 3 completions hide the endings; its 10 dropouts are hidden with them, and 'färre än 5'
    # would be untrue (and a bound a reader would count on)
    import pandas as pd

    from so_analysis.core.config import Targets
    from so_analysis.report.publication.model import Publication

    rows = _rows(a={"duration_n": 3, "dropout_base_n": 13, "n_dropouts": 10}, b={}, c={})
    rows["a"]["n_completed"], rows["b"]["n_completed"], rows["c"]["n_completed"] = 3, 40, 40
    rows["_all"]["n_completed"] = 83
    frame = pd.DataFrame([{"provider_id": pid, **row} for pid, row in rows.items()])
    model = Publication(frame, None, Targets(), 5, expert_ids=["a", "b", "c"])
    assert model.cell("a", "n_completed").text == "färre än 5"
    assert model.cell("a", "n_dropouts").status == SUPPRESSED
    assert model.cell("a", "n_dropouts").text == "dold"
    assert model.cell("a", "duration_mean_days").status == TOO_FEW


def test_a_pin_among_the_hours_hides_hours_not_endings():
    # a's hours rest on 3 completions (too few); every completion below the minimum is a's and
    # c's, none of b's: the total minus b and c would pin a's count. Hiding more of the hours
    # is enough: no expert's endings are hidden for it
    rows = _rows(a={"duration_n": 30}, b={}, c={})
    hours = {"a": (3, 2), "b": (40, 0), "c": (6, 1)}
    for pid, (n, below) in hours.items():
        rows[pid].update(hours_n=float(n), hours_below_minimum=float(below))
    rows["_all"].update(hours_n=49.0, hours_below_minimum=3.0)
    hidden = hidden_groups(rows, ["a", "b", "c"], 5)
    assert hidden[("a", "hours")] == TOO_FEW
    assert hidden[("c", "hours")] == SUPPRESSED
    assert not [k for k in hidden if k[1] == "endings"]
    hours_group = next(g for g in GROUPS if g.name == "hours")
    assert pinned(rows, ["a", "b", "c"], hours_group, hidden, 5) == []


def test_hidden_endings_hide_the_hours_and_hidden_starts_the_first_starts():
    rows = _rows(a={"duration_n": 2, "dropout_base_n": 2, "lead_time_n": 3}, b={"lead_time_n": 9})
    hidden = hidden_groups(rows, ["a", "b"], 5)
    assert hidden[("a", "hours")] == TOO_FEW and hidden[("a", "first_starts")] == TOO_FEW
    assert hidden[("b", "hours")] == SUPPRESSED and hidden[("b", "first_starts")] == SUPPRESSED


# ------------------------------------------------------------------ figures by sex

SEX_COLUMNS = ("lead_time_n", "duration_n", "dropout_base_n", "n_dropouts", "n_waiting")


def _by_sex(**experts):
    """provider -> {sex: counts}: a sex given with no counts has a comfortable 50 of each, a
    sex not given has nobody; `_all` per sex is the sum over the experts."""
    out = {}
    for sex in ("kvinna", "man", "okänt"):
        rows = {}
        for pid, sexes in experts.items():
            given = sexes.get(sex)
            rows[pid] = {
                c: float(given.get(c, 50)) if given is not None else 0.0 for c in SEX_COLUMNS
            }
        rows["_all"] = {c: sum(r[c] for r in rows.values()) for c in SEX_COLUMNS}
        out[sex] = rows
    return out


def _overall(rows_by_sex):
    """The experts' own counts: their sexes' added up."""
    ids = rows_by_sex["kvinna"].keys()
    return {
        pid: {c: sum(rows[pid][c] for rows in rows_by_sex.values()) for c in SEX_COLUMNS}
        for pid in ids
    }


def _decide(rows_by_sex, experts, hidden_overall=None):
    if hidden_overall is None:
        hidden_overall = hidden_groups(_overall(rows_by_sex), experts, 5)
    return hidden_by_sex(rows_by_sex, experts, 5, hidden_overall)


def test_a_group_hidden_for_one_sex_is_hidden_for_the_experts_other_sex():
    # 3 women and 20 men: with the men published, the expert's 23 less them give the women
    rows = _by_sex(
        a={"kvinna": {"lead_time_n": 3}, "man": {"lead_time_n": 20}},
        b={"kvinna": {}, "man": {}},
        c={"kvinna": {}, "man": {}},
    )
    hidden = _decide(rows, ["a", "b", "c"])
    assert hidden["kvinna"][("a", "starts")] == TOO_FEW
    assert hidden["man"][("a", "starts")] == SUPPRESSED
    # within each sex a is complemented, by the same expert: its other sex is hidden too
    for sex in ("kvinna", "man"):
        assert len([p for p in "bc" if (p, "starts") in hidden[sex]]) == 1, sex
    assert ("b", "starts") in hidden["kvinna"] or ("c", "starts") in hidden["kvinna"]
    shut = {sex: {p for p in "abc" if (p, "starts") in hidden[sex]} for sex in ("kvinna", "man")}
    assert shut["kvinna"] == shut["man"]
    assert not [k for k in hidden["okänt"] if k[1] == "starts"]  # nobody of unknown sex


def test_a_group_hidden_for_the_expert_is_hidden_for_every_sex_it_has_people_of():
    rows = _by_sex(
        a={"kvinna": {"n_waiting": 2}, "man": {"n_waiting": 2}, "okänt": {"n_waiting": 0}},
        b={"kvinna": {}, "man": {}},
        c={"kvinna": {}, "man": {}},
    )
    overall = hidden_groups(_overall(rows), ["a", "b", "c"], 5)
    assert overall[("a", "waiting")] == TOO_FEW  # its 4 waiting
    hidden = _decide(rows, ["a", "b", "c"], overall)
    assert ("a", "waiting") in hidden["kvinna"] and ("a", "waiting") in hidden["man"]
    assert ("a", "waiting") not in hidden["okänt"]  # none of its unknown sex waits
    # the expert's complement overall is hidden for its sexes too
    (other,) = [p for p in "bc" if (p, "waiting") in overall]
    assert (other, "waiting") in hidden["kvinna"] and (other, "waiting") in hidden["man"]


def test_an_expert_with_people_of_one_sex_only_is_never_a_complement():
    # b (6 women, no men) would be the smallest complement among the women, but hiding its
    # women protects nothing: its own published figures are theirs. c, with men too, is taken
    rows = _by_sex(
        a={"kvinna": {"lead_time_n": 3}, "man": {"lead_time_n": 20}},
        b={"kvinna": {"lead_time_n": 6}},
        c={"kvinna": {"lead_time_n": 30}, "man": {"lead_time_n": 30}},
        d={"kvinna": {"lead_time_n": 40}, "man": {"lead_time_n": 40}},
    )
    hidden = _decide(rows, list("abcd"))
    assert ("b", "starts") not in hidden["kvinna"]
    assert hidden["kvinna"][("c", "starts")] == SUPPRESSED
    assert ("c", "starts") in hidden["man"] and ("a", "starts") in hidden["man"]
    assert ("d", "starts") not in hidden["kvinna"] and ("d", "starts") not in hidden["man"]


def test_the_unknown_sex_is_protected_and_linked_like_the_others():
    # 2 of a's people have no known sex: hidden, and so a's women and men, or a's 42 less its
    # 20 women and 20 men would give them; no other expert has people of unknown sex, so
    # their total is hidden instead of a complement
    rows = _by_sex(
        a={"kvinna": {"lead_time_n": 20}, "man": {"lead_time_n": 20}, "okänt": {"lead_time_n": 2}},
        b={"kvinna": {}, "man": {}},
        c={"kvinna": {}, "man": {}},
    )
    hidden = _decide(rows, ["a", "b", "c"])
    assert hidden["okänt"][("a", "starts")] == TOO_FEW
    assert ("_all", "starts") in hidden["okänt"]
    for sex in ("kvinna", "man"):
        assert hidden[sex][("a", "starts")] == SUPPRESSED, sex


def test_linking_is_repeated_until_nothing_more_is_hidden():
    # women: a (3) and b (4, no men) hide each other. Men: a is hidden with its women, alone,
    # so c (8 men, fewer than d's 60) is hidden among the men, and then c's women in a second
    # round
    rows = _by_sex(
        a={"kvinna": {"lead_time_n": 3}, "man": {"lead_time_n": 20}},
        b={"kvinna": {"lead_time_n": 4}},
        c={"kvinna": {"lead_time_n": 30}, "man": {"lead_time_n": 8}},
        d={"man": {"lead_time_n": 60}},
    )
    hidden = _decide(rows, list("abcd"))
    assert hidden["man"][("c", "starts")] == SUPPRESSED
    assert hidden["kvinna"][("c", "starts")] == SUPPRESSED
    assert ("d", "starts") not in hidden["man"]
    # a fixed point: what is hidden for one sex of an expert is for each sex it has people of
    for sex, shut in hidden.items():
        for pid, group in shut:
            if group != "starts" or pid == "_all":
                continue
            for other in hidden:
                if rows[other][pid]["lead_time_n"] > 0:
                    assert (pid, group) in hidden[other], (sex, other, pid)


def test_counts_at_their_bound_across_the_sexes_read_hidden_not_fewer_than():
    # 4 women and 4 men waiting, each "färre än 5", and the expert's own 8 published: both
    # would be 4. Every sex is hidden already, so the bound goes: they read "dold"
    rows = _by_sex(
        a={"kvinna": {"n_waiting": 4}, "man": {"n_waiting": 4}},
        b={"kvinna": {}, "man": {}},
        c={"kvinna": {}, "man": {}},
    )
    hidden = _decide(rows, ["a", "b", "c"])
    assert hidden["kvinna"][("a", "waiting")] == SUPPRESSED
    assert hidden["man"][("a", "waiting")] == SUPPRESSED
    # 4 and 3 of 7: each of them 3 or 4, nothing pinned: "färre än 5" stays
    rows = _by_sex(
        a={"kvinna": {"n_waiting": 4}, "man": {"n_waiting": 3}},
        b={"kvinna": {}, "man": {}},
        c={"kvinna": {}, "man": {}},
    )
    hidden = _decide(rows, ["a", "b", "c"])
    assert hidden["kvinna"][("a", "waiting")] == TOO_FEW
    assert hidden["man"][("a", "waiting")] == TOO_FEW
