"""The municipality's own texts: read and masked on load, Markdown without raw HTML, facts filled."""

import shutil
from dataclasses import replace

import pytest
from conftest import SAMPLE

from so_analysis.core.errors import InputError
from so_analysis.load.texts import read_texts
from so_analysis.report import sections
from so_analysis.report.publication.model import Report


def _with_texts(analysis, **own):
    dataset = replace(analysis.dataset, texts=own)
    return replace(analysis, dataset=dataset)


def test_a_missing_text_leaves_its_section_out(sample_analysis):
    empty = _with_texts(sample_analysis)
    for name in ("syfte", "urval-och-utforande", "begransningar", "annat-utvecklingsarbete"):
        assert str(sections.own_text(Report(empty), name, "sv")) == ""
    with pytest.raises(ValueError):
        sections.own_text(Report(empty), "okänd", "sv")


def test_markdown_with_raw_html_off_and_facts_filled(sample_analysis):
    text = "# Rubrik\n\nBesök hos {besok}. <script>alert(1)</script> **viktigt** {okänd}"
    html = str(sections.own_text(Report(_with_texts(sample_analysis, syfte=text)), "syfte", "sv"))
    assert '<h3 id="syfte">Syfte</h3>' in html
    assert "<h4>Rubrik</h4>" in html  # the text's own heading nests under the section's
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<strong>viktigt</strong>" in html and "{okänd}" in html
    assert "DiSara coaching AB (" in html
    assert "{besok}" not in html
    assert (
        sections.own_text(Report(_with_texts(sample_analysis, syfte=text)), "syfte", "en")
        .headings[0]
        .title
        == "Purpose"
    )


def test_texts_are_read_masked_and_bounded(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    (folder / "texter" / "syfte.md").write_text("Ring 19850101-1234.", encoding="utf-8")
    found, masked = read_texts(folder)
    assert "19850101" not in found["syfte"] and masked["syfte"] == 1
    assert set(found) >= {"urval-och-utforande", "forslag-till-beslut"}
    (folder / "texter" / "begransningar.md").write_bytes(b"ok\n\xff\xfe trasig\n")
    with pytest.raises(InputError) as err:
        read_texts(folder)
    assert "texter/begransningar.md" in err.value.message() and "rad 2" in err.value.message()
