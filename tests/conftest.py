"""Shared fixtures. Every test runs with a fixed pseudonymisation key, never the user's key file."""

from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample"
# Every test of these tiers runs the command line (or builds and installs a wheel): `slow`.
SLOW_TIERS = ("e2e", "backtests")


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tests = REPO / "tests"
    for item in items:
        if any(item.path.is_relative_to(tests / tier) for tier in SLOW_TIERS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _test_key(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("SO_ANALYSIS_KEY", "test-key-only-for-the-test-suite")
    monkeypatch.setenv("SO_ANALYSIS_KEY_FILE", str(tmp_path_factory.mktemp("key") / "k"))


@pytest.fixture(scope="session")
def sample_dataset():
    import os

    from so_analysis.load.loading import load_dataset

    os.environ.setdefault("SO_ANALYSIS_KEY", "test-key-only-for-the-test-suite")
    return load_dataset(SAMPLE)


@pytest.fixture(scope="session")
def sample_analysis(sample_dataset):
    from so_analysis.core.periods import parse_period
    from so_analysis.measure.analysis import analyse

    return analyse(sample_dataset, parse_period("2016"), date(2017, 6, 30))
