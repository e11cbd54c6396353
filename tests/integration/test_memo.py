"""The memo (tjänsteskrivelse): content from data and the municipality's texts, HTML and Word."""

import zipfile
from dataclasses import replace

from so_analysis.core.config import Memo as MemoConfig
from so_analysis.core.config import PeriodSettings, Signature
from so_analysis.report.facts import facts, visits
from so_analysis.report.memo import build_memo, memo_html, write_memo_docx
from so_analysis.report.publication.model import Report


def _analysis(sample_analysis, **config):
    dataset = replace(
        sample_analysis.dataset, config=replace(sample_analysis.dataset.config, **config)
    )
    return replace(sample_analysis, dataset=dataset)


def _docx_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_visits_are_each_experts_latest_visit(sample_analysis):
    seen = dict(visits(Report(sample_analysis)))
    assert set(seen) <= set(sample_analysis.dataset.expert_names().values())
    assert seen and all(day <= sample_analysis.as_of for day in seen.values())


def test_decision_defaults_to_noting_and_own_text_replaces_it(sample_analysis):
    memo = build_memo(Report(sample_analysis), {}, ["En slutsats."], "sv")
    assert memo.sections[0].blocks[0].text.endswith("noterar informationen till protokollet.")
    own = {"forslag-till-beslut": "Nämnden beslutar att godkänna rapporten för {period}."}
    memo = build_memo(Report(sample_analysis), own, [], "sv")
    assert memo.sections[0].blocks[0].text == "Nämnden beslutar att godkänna rapporten för 2016."


def test_conclusions_become_bullets_and_a_missing_text_leaves_no_heading(sample_analysis):
    memo = build_memo(Report(sample_analysis), {}, ["Första.", "Andra."], "sv")
    headings = [s.heading for s in memo.sections]
    assert "Annat utvecklingsarbete" not in headings
    conclusions = memo.sections[headings.index("Slutsatser och behov av utveckling")]
    assert [b.kind for b in conclusions.blocks] == ["bullet", "bullet"]
    memo = build_memo(Report(sample_analysis), {"annat-utvecklingsarbete": "Samarbete."}, [], "sv")
    assert "Annat utvecklingsarbete" in [s.heading for s in memo.sections]


def test_script_in_a_text_is_text_in_html_and_word(sample_analysis, tmp_path):
    own = {"syfte": "Syftet <script>alert(1)</script> & **mer**."}
    memo = build_memo(Report(sample_analysis), own, ["<b>fet</b>"], "sv")
    page = memo_html(memo)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;fet&lt;/b&gt;" in page and "<strong>mer</strong>" in page
    write_memo_docx(memo, tmp_path / "m.docx")
    xml = _docx_text(tmp_path / "m.docx")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml and "<script>" not in xml


def test_config_sets_committee_reference_date_and_signatures(sample_analysis, tmp_path):
    from datetime import date

    analysis = _analysis(
        sample_analysis,
        memo=MemoConfig("Arbets- och företagsnämnden", "Enheten", (Signature("Anna A", "Chef"),)),
        periods=(("2016", PeriodSettings("AFN 2017/42", date(2017, 9, 1))),),
    )
    memo = build_memo(Report(analysis), {}, [], "sv")
    assert (memo.diarienummer, memo.date, memo.committee) == (
        "AFN 2017/42",
        "2017-09-01",
        "Arbets- och företagsnämnden",
    )
    write_memo_docx(memo, tmp_path / "m.docx")
    xml = _docx_text(tmp_path / "m.docx")
    for text in ("AFN 2017/42", "2017-09-01", "Anna A", "Chef", "Enheten"):
        assert text in xml
    assert "{{" not in xml and "{%" not in xml


def test_a_municipalitys_own_word_template_is_used(sample_analysis, tmp_path):
    from docx import Document

    own = Document()
    own.add_paragraph("EGEN BREVMALL {{ title }}")
    (tmp_path / "mallar").mkdir()
    own.save(tmp_path / "mallar" / "tjansteskrivelse.docx")
    memo = build_memo(Report(sample_analysis), {}, [], "sv")
    write_memo_docx(memo, tmp_path / "m.docx", data_dir=tmp_path)
    assert "EGEN BREVMALL Kvalitetsuppföljning av samhällsorientering 2016" in _docx_text(
        tmp_path / "m.docx"
    )


def test_facts_name_the_visited_experts(sample_analysis):
    known = facts(Report(sample_analysis))
    assert known["period"] == "2016"
    for name, day in visits(Report(sample_analysis)):
        assert f"{name} ({day.isoformat()})" in known["besok"]
