"""Expert slugs: distinct for every expert and bounded in length (issue 9)."""

import pytest

from so_analysis.core.slugs import MAX_SLUG, slugify, unique_slugs


def test_names_that_fold_alike_get_distinct_slugs():
    names = ["Alfa AB", "Alfa AB 2", "Alfa-AB", "alfa ab", "Beta", "Beta"]
    slugs = unique_slugs(names)
    assert len(set(slugs)) == len(names)
    assert slugs[:2] == ["alfa-ab", "alfa-ab-2"]  # a name keeps its own slug when free


def test_a_suffix_never_takes_a_later_names_own_slug():
    slugs = unique_slugs(["Alfa AB", "Alfa-AB", "Alfa AB 2"])
    assert slugs == ["alfa-ab", "alfa-ab-3", "alfa-ab-2"]


def test_slugs_are_stable_for_distinct_names():
    names = ["Strömbergs jobbcoachning", "DiSara coaching AB", "Integra"]
    assert unique_slugs(names) == [slugify(n) for n in names]
    assert slugify("Strömbergs jobbcoachning") == "strombergs-jobbcoachning"


@pytest.mark.parametrize("n", [1, 2, 30])
def test_long_names_give_bounded_distinct_slugs(n):
    names = ["x" * 5000] * n + ["x" * 4999 + "y"]
    slugs = unique_slugs(names)
    assert len(set(slugs)) == len(names)
    assert all(0 < len(s) <= MAX_SLUG for s in slugs)
    assert MAX_SLUG == 60


def test_names_without_latin_letters_still_get_distinct_slugs():
    slugs = unique_slugs(["ሰላም", "北京", "Expert"])
    assert len(set(slugs)) == 3 and all(slugs)
