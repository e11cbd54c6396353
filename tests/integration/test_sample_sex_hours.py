"""The sample's `kön` and `erbjudna timmar` (issue 20, item 7), as the loader reads them."""

import pandas as pd


def _starts_in(e: pd.DataFrame, year: int) -> pd.DataFrame:
    started = e[e["started"].dt.year == year].copy()
    started["lead"] = (started["started"] - started["registered"]).dt.days
    return started


def test_the_sample_has_sex_from_its_kon_column_and_a_few_unknown(sample_dataset):
    e = sample_dataset.enrolments
    assert e["participant_id"].str.fullmatch(r"D\d{5}").all()  # not personnummer: kept as is
    assert set(e["sex_source"].dropna()) == {"kolumn"}
    assert set(e["sex"].dropna()) == {"kvinna", "man"}
    unknown = int(e["sex"].isna().sum())
    assert 5 <= unknown <= 15 and e.loc[e["sex"].isna(), "sex_source"].isna().all()
    # okänt shows in 2017 (and the reporting year 2016-10-01..2017-09-30), all at one expert and
    # enough of them that they hide nothing (sample/sex_and_hours.py)
    assert _starts_in(e, 2017)["sex"].isna().sum() >= 5
    assert not _starts_in(e, 2016)["sex"].isna().any()
    assert set(e.loc[e["sex"].isna(), "provider_id"]) == {"omsorgslyftet"}


def test_in_2017_women_wait_longer_than_men_at_integra_and_nowhere_else(sample_dataset):
    started = _starts_in(sample_dataset.enrolments, 2017)
    by = started.groupby(["provider_id", "sex"])["lead"].agg(["mean", "size"]).unstack("sex")
    integra = by.loc["integra"]
    assert integra["size"]["kvinna"] >= 5 and integra["size"]["man"] >= 5
    assert integra["mean"]["kvinna"] - integra["mean"]["man"] >= 10
    others = by.drop(index="integra")
    assert ((others["mean"]["kvinna"] - others["mean"]["man"]).abs() < 5).all()


def test_hours_under_the_60_hour_rule_a_few_completions_below_it(sample_dataset):
    e = sample_dataset.enrolments
    started = e["started"].notna()
    assert e.loc[started, "hours_offered"].notna().all()
    assert e.loc[~started, "hours_offered"].isna().all()
    assert (e["started"].dt.year.dropna() <= 2017).all()  # every start under the 60-hour rule
    hours = e.loc[started, "hours_offered"]
    assert (hours.between(60, 81) | (hours < 60)).all() and (hours % 0.5 == 0).all()
    assert (hours % 1 == 0.5).any()  # a half hour, written with a decimal comma in the file
    below = e[e["hours_offered"] < 60]
    assert (below["outcome"] == "completed").all()
    assert sorted(below["provider_id"]) == ["integra", "integra", "jobblotsen"]
    assert (below["ended"].dt.year == 2017).all()
