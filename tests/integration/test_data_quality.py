"""The data-quality appendix counts what loading corrected, never showing the values."""

from dataclasses import replace

import pandas as pd

from so_analysis.report import sections
from so_analysis.report.publication.model import Report


def test_duplicates_and_masked_numbers_are_counted(sample_analysis):
    notes = pd.DataFrame(
        {
            "rule": ["duplicate_enrolments", "masked_personal_numbers"],
            "table": ["enrolments", "checklist"],
            "column": [None, "comment"],
            "n": [39, 2],
        }
    )
    dataset = replace(sample_analysis.dataset, load_notes=notes)
    html = sections.data_quality(Report(replace(sample_analysis, dataset=dataset)), "sv")
    assert "Exakt likadana deltagarrader" in html and ">39<" in html
    assert "Personnummer eller samordningsnummer i fritext, dolda" in html
    assert ">checklista<" in html and ">Kommentar<" in html and ">2<" in html
    english = sections.data_quality(Report(replace(sample_analysis, dataset=dataset)), "en")
    assert "Identical enrolment rows" in english and ">comment<" in english


def test_nothing_corrected_shows_no_table(sample_analysis):
    html = sections.data_quality(Report(sample_analysis), "sv")
    assert "Rättat vid inläsningen" not in html
