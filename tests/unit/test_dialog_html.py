"""The expert's statistics page of the dialog template, on hand-made frames: self-contained HTML,
the expert's name escaped in the page and kept as it is in the workbook."""

from __future__ import annotations

import dataclasses
from datetime import date

import frames

from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
from so_analysis.report.dialog import build_workbook, statistics_html
from so_analysis.report.publication.model import Report


def test_html_is_self_contained_and_escapes_the_expert_name():
    dataset = frames.dataset(
        ["a", "b"],
        [("a", "2016-01-04", "2016-01-20", "2016-03-20", "completed")] * 6
        + [("b", "2016-02-01", "2016-02-05", None)],
    )
    providers = dataset.providers.assign(name=["Evil <b>& Co", "B AB"])
    dataset = dataclasses.replace(dataset, providers=providers)
    analysis = analyse(dataset, parse_period("2016"), date(2017, 1, 31))
    page = statistics_html(Report(analysis), "a")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="sv">' in page
    assert "<style>" in page and "<script" not in page.lower()
    assert "http://" not in page and "https://" not in page and " src=" not in page
    assert "Evil &lt;b&gt;&amp; Co" in page and "<b>&" not in page
    assert "16,0" in page  # 16 days to start, with a decimal comma
    assert '<html lang="en">' in statistics_html(Report(analysis), "a", lang="en")
    ws = build_workbook(Report(analysis), "a")["Statistik"]
    assert ws["A1"].value.endswith("Evil <b>& Co")  # a workbook cell holds text as it is
