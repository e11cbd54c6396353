"""Survey detail per course block and teaching languages, on hand-made frames."""

import pandas as pd
import pytest

from so_analysis.core.periods import parse_period
from so_analysis.measure.survey_languages import (
    NOT_GIVEN,
    lead_time_by_language,
    normalise_languages,
    survey_detail,
)

P = parse_period("2017")


def test_languages_fold_case_spacing_and_variants():
    raw = pd.Series(["Arabiska", " arabic ", "ARAB", "Tigrinya", "dari", None, "", "Oromo"])
    assert list(normalise_languages(raw)) == [
        "arabiska",
        "arabiska",
        "arabiska",
        "tigrinja",
        "dari",
        NOT_GIVEN,
        NOT_GIVEN,
        "oromo",
    ]
    assert (
        normalise_languages(pd.Series(["Afaan Oromoo"]), {"oromo": ("afaan oromoo",)})[0] == "oromo"
    )


def test_languages_folded_per_spelling_keep_index_order_and_odd_values():
    """Folded once per distinct spelling: the same names, in the frame's own index order; values
    that one key would merge (1, 1.0, True) stay three texts, whitespace alone is not given."""
    raw = pd.Series([1, 1.0, True, "  ", None, " Farsi"], index=[5, 3, 9, 1, 2, 0])
    out = normalise_languages(raw)
    assert list(out.index) == [5, 3, 9, 1, 2, 0]
    assert out.dtype == object
    assert list(out) == ["1", "1.0", "true", NOT_GIVEN, NOT_GIVEN, "persiska"]
    assert list(normalise_languages(pd.Series(["a", pd.NA], dtype="string"))) == ["a", NOT_GIVEN]


def _enrolments():
    return pd.DataFrame(
        {
            "provider_id": ["a", "a", "a", "b", "b"],
            "registered": pd.to_datetime(
                ["2017-01-01", "2017-01-01", "2017-02-01", "2017-01-01", "2016-12-01"]
            ),
            "started": pd.to_datetime(
                ["2017-01-11", "2017-01-31", "2017-02-05", "2017-01-15", "2016-12-20"]
            ),
        }
    )


def test_lead_time_by_language_longest_first_with_share_within_target():
    languages = pd.Series(["arabiska", "dari", "arabiska", "dari", "dari"])
    table = lead_time_by_language(_enrolments(), P, languages, 14)
    assert list(table["language"]) == ["dari", "arabiska"]
    dari = table.iloc[0]
    assert dari["n"] == 2 and dari["lead_time_mean_days"] == pytest.approx(22)  # 30 and 14 days
    assert dari["within_target_share"] == 0.5
    arabic = table.iloc[1]
    assert arabic["lead_time_mean_days"] == pytest.approx(7) and arabic["within_target_share"] == 1


def test_survey_detail_means_and_n_per_item_with_the_total():
    survey = pd.DataFrame(
        {
            "provider_id": ["a", "a", "b", "b"],
            "answered": pd.to_datetime(["2017-03-01", "2017-04-01", "2017-05-01", "2016-05-01"]),
            "overall": [5, 4, 3, 1],
            "module_bo_i_sverige": [5, None, 3, 1],
            "recommend": [4, 4, None, 1],
        }
    )
    detail = survey_detail(survey, P).set_index(["provider_id", "item"])
    assert detail.loc[("a", "module_bo_i_sverige")].tolist() == [5.0, 1]
    assert detail.loc[("_all", "module_bo_i_sverige")].tolist() == [4.0, 2]
    assert detail.loc[("a", "recommend")].tolist() == [4.0, 2]
    assert ("b", "recommend") not in detail.index  # nobody at b answered it in the period
    items = list(dict.fromkeys(i for _, i in detail.index))
    assert items == ["module_bo_i_sverige", "recommend"]  # report order, blocks first
    assert survey_detail(None, P).empty


def test_lead_time_by_language_counted_in_one_pass_matches_the_groupby():
    """Random starts with missing dates and languages, on a shuffled index: the one-pass count
    gives exactly the frame a groupby per language gives."""
    import numpy as np

    from so_analysis.measure.survey_languages import _lead_time_grouped

    rng = np.random.default_rng(7)
    for trial in range(60):
        n = int(rng.integers(0, 80))
        registered = pd.Series(
            pd.Timestamp("2016-12-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D")
        )
        started = registered + pd.to_timedelta(rng.integers(0, 90, n), unit="D")
        registered[rng.random(n) < 0.1] = pd.NaT
        started[rng.random(n) < 0.1] = pd.NaT
        index = pd.Index(rng.permutation(n) * 3) if trial % 2 else pd.RangeIndex(n)
        enrolments = pd.DataFrame(
            {"registered": registered.to_numpy(), "started": started.to_numpy()}, index=index
        )
        languages = pd.Series(rng.choice(["a", "b", "c", NOT_GIVEN], n), index=index, dtype=object)
        if n and trial % 5 == 0:
            languages.iloc[0] = None
        target = float(rng.integers(0, 60))
        got = lead_time_by_language(enrolments, P, languages, target)
        within = P.contains(enrolments["started"])
        days = (enrolments["started"] - enrolments["registered"]).dt.days[within]
        expected = _lead_time_grouped(languages[within], days.astype("float64"), target)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
