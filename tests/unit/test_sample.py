"""The sample data: deterministic, and the committed files are exactly what the generator writes."""

import pandas as pd

from so_analysis.sample import generate_sample, generate_synthetic


def test_generator_is_deterministic():
    a, b = generate_sample(), generate_sample()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])


def test_sample_has_the_six_experts_of_the_seed():
    names = generate_sample()["providers"]["name"].tolist()
    assert names == [
        "DiSara coaching AB",
        "Jobblotsen Sverige AB",
        "Omsorgslyftet utbildningar AB",
        "Strömbergs jobbcoachning",
        "Academedia Eductus AB",
        "Integra",
    ]


def test_synthetic_has_the_asked_size():
    t = generate_synthetic(7, 1000, seed=3)
    assert len(t["providers"]) == 7
    assert len(t["enrolments"]) == 1000
    assert set(t["enrolments"]["provider_id"]) <= set(t["providers"]["provider_id"])
