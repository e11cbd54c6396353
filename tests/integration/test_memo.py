"""The memo (tjänsteskrivelse): content from data and the municipality's texts, HTML and Word."""

import os
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from conftest import SAMPLE

from so_analysis.core.config import Memo as MemoConfig
from so_analysis.core.config import PeriodSettings, Signature
from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
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
    memo = build_memo(Report(sample_analysis), {}, "sv")
    assert memo.sections[0].blocks[0].text.endswith("noterar informationen till protokollet.")
    own = {"forslag-till-beslut": "Nämnden beslutar att godkänna rapporten för {period}."}
    memo = build_memo(Report(sample_analysis), own, "sv")
    assert memo.sections[0].blocks[0].text == "Nämnden beslutar att godkänna rapporten för 2016."


def test_a_missing_text_leaves_no_heading(sample_analysis):
    memo = build_memo(Report(sample_analysis), {}, "sv")
    assert "Annat utvecklingsarbete" not in [s.heading for s in memo.sections]
    memo = build_memo(Report(sample_analysis), {"annat-utvecklingsarbete": "Samarbete."}, "sv")
    assert "Annat utvecklingsarbete" in [s.heading for s in memo.sections]


def test_script_in_a_text_is_text_in_html_and_word(sample_analysis, tmp_path):
    own = {"syfte": "Syftet <script>alert(1)</script> & **mer**."}
    memo = build_memo(Report(sample_analysis), own, "sv", {"lead_time": "<b>fet</b>"})
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
    memo = build_memo(Report(analysis), {}, "sv")
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
    memo = build_memo(Report(sample_analysis), {}, "sv")
    write_memo_docx(memo, tmp_path / "m.docx", data_dir=tmp_path)
    assert "EGEN BREVMALL Kvalitetsuppföljning av samhällsorientering 2016" in _docx_text(
        tmp_path / "m.docx"
    )


def test_facts_name_the_visited_experts(sample_analysis):
    known = facts(Report(sample_analysis))
    assert known["period"] == "2016"
    for name, day in visits(Report(sample_analysis)):
        assert f"{name} ({day.isoformat()})" in known["besok"]


# ---- issue 20: the memo an official signs, in prose, on at most two pages ----


@pytest.fixture(scope="module")
def report_2017(sample_dataset):
    return Report(analyse(sample_dataset, parse_period("2017"), date(2018, 6, 30)))


def _section(memo, heading):
    return next(s for s in memo.sections if s.heading == heading)


def test_the_conclusions_are_a_paragraph_per_parameter_then_the_asks(report_2017):
    memo = build_memo(report_2017, report_2017.analysis.dataset.texts, "sv")
    blocks = _section(memo, "Slutsatser och behov av utveckling").blocks
    # 4 parameters, the authorization rules, the plans of 2016, the asks' intro, one item per
    # expert asked (Jobblotsen, Omsorgslyftet, Eductus, Integra), the pointer to the report
    assert [b.kind for b in blocks] == ["paragraph"] * 7 + ["bullet"] * 4 + ["paragraph"]
    leads = [b.runs[0].text for b in blocks[:6] if b.runs[0].bold]
    assert leads == [
        "Effektivitet: antagning.",
        "Effektivitet: genomförande.",
        "Avbrott.",
        "Kundnöjdhet.",
        "Auktorisationsvillkor.",
        "Uppföljning av utvecklingsplanerna från 2016.",
    ]
    lead_time = blocks[0].text
    assert "Målet är högst 14 dagar från anmälan till start; 1 av 5 experter" in lead_time
    assert "Genomsnittet per expert är 27,9 dagar; 2016 var det 30,5." in lead_time
    assert "Målet nås inte av Integra (64,2 dagar), Academedia Eductus AB (25,2 dagar)" in lead_time
    assert blocks[6].text.startswith("Kommunen begär att följande experter senast 1 december 2018")
    assert [b.text.split(" ska ")[0] for b in blocks[7:11]] == [
        "Jobblotsen Sverige AB",
        "Omsorgslyftet utbildningar AB",
        "Academedia Eductus AB",
        "Integra",
    ]
    summary = " ".join(b.text for b in _section(memo, "Sammanfattning").blocks)
    assert "når 1 av 5 målet för tid från anmälan till start, 4 av 4 målet för" in summary
    assert "Kommunen begär att 4 experter senast 1 december 2018" in summary
    # the findings one by one stay in the report
    text = " ".join(b.text for s in memo.sections for b in s.blocks)
    assert "Störst förändring" not in text and "Försenat hos Integra, 4 av 5" not in text


def test_the_sentence_on_women_and_men_has_its_place(report_2017):
    sentence = "Kvinnor väntade i genomsnitt 9,0 dagar längre än män."
    memo = build_memo(report_2017, {}, "sv", {"duration": sentence})
    blocks = _section(memo, "Slutsatser och behov av utveckling").blocks
    assert blocks[1].text.endswith(sentence) and sentence not in blocks[0].text


def _office() -> str:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice is not installed: .ci/run must install libreoffice-writer-nogui")
    pytest.skip("LibreOffice not installed (apt-get install libreoffice-writer-nogui)")


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("period", "as_of", "lang"),
    [("2017", "2018-06-30", "sv"), ("2017", "2018-06-30", "en"), ("2016", "2017-06-30", "sv")],
)
def test_the_memo_prints_on_at_most_two_pages_in_libreoffice(
    sample_dataset, tmp_path, period, as_of, lang
):
    # issue 20: the 2017 memo printed on four pages, its conclusions some 45 copied bullets
    from pypdf import PdfReader

    from so_analysis.run.runner import RunParameters, write_memo

    office = _office()
    day = date.fromisoformat(as_of)
    analysis = analyse(sample_dataset, parse_period(period), day)
    params = RunParameters(SAMPLE, parse_period(period), tmp_path, day, lang)
    assert "tjansteskrivelse.docx" in write_memo(Report(analysis), params, tmp_path)  # as `run`
    result = subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "tjansteskrivelse.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    pdf = tmp_path / "tjansteskrivelse.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    reader = PdfReader(pdf)
    assert len(reader.pages) <= 2
    last = reader.pages[-1].extract_text()
    assert "Karin Exempel" in last and "Amir Exempel" in last  # signed on the last page
