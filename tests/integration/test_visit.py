"""The languages of the sample as the report publishes them: no small count given away."""

from __future__ import annotations

from datetime import date

import pytest

from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
from so_analysis.report.languages import published_languages
from so_analysis.report.publication.model import Report


@pytest.mark.parametrize(
    ("period", "as_of"), [("2016", date(2017, 6, 30)), ("2017", date(2018, 6, 30))]
)
def test_no_language_count_of_the_sample_gives_a_small_one_away(sample_dataset, period, as_of):
    """Every language count the report shows rests on at least min_n starts, or is hidden; the
    hidden ones of a language, and of an expert, are two or more with min_n between them."""
    analysis = analyse(sample_dataset, parse_period(period), as_of)
    languages = published_languages(Report(analysis))
    min_n = analysis.dataset.config.min_n
    status = languages.protected.status
    for (pid, category), n in languages.counts.items():
        assert n >= min_n or status(pid, category) is not None, (pid, category, n)
    assert all(languages.totals[c] >= min_n for c in languages.categories)
    experts = analysis.expert_ids
    for group in [[(p, c) for p in experts] for c in languages.categories] + [
        [(p, c) for c in languages.categories] for p in experts
    ]:
        shut = [languages.counts.get(k, 0) for k in group if status(*k) and languages.counts.get(k)]
        assert (
            not shut
            or (len(shut) >= 2 and sum(shut) >= min_n)
            or all(status(*k) for k in group if languages.counts.get(k))
        ), group
