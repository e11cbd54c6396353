"""Disclosure control on hand-made indicator rows: primary and complementary suppression."""

from so_analysis.report.publication.disclosure import (
    SUPPRESSED,
    TOO_FEW,
    figure_hidden,
    hidden_groups,
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
