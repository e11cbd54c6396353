"""The committee's documents: the memo as Word and HTML, the report as a tagged A4 PDF."""

import re
import subprocess
import zipfile

import pytest
from conftest import SAMPLE

from so_analysis.cli import main

# the sample's experts, as its experter.csv names them
EXPERTS = tuple(
    line.split(";")[1] for line in (SAMPLE / "experter.csv").read_text("utf-8").splitlines()[1:]
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    code = main(
        [
            "run",
            "--data",
            str(SAMPLE),
            "--period",
            "2017",
            "--as-of",
            "2018-06-30",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    return out / "2017"


def test_the_pdf_is_tagged_a4_with_the_language(folder):
    import weasyprint  # noqa: F401  (the package that wrote it; pdfinfo may be missing)

    data = (folder / "kvalitetsrapport.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    info = subprocess.run(
        ["pdfinfo", str(folder / "kvalitetsrapport.pdf")], capture_output=True, text=True
    )
    if info.returncode == 0:
        assert "Tagged:          yes" in info.stdout
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info.stdout)
    from pypdf import PdfReader  # noqa: PLC0415

    reader = PdfReader(folder / "kvalitetsrapport.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "sv"
    first = reader.pages[0].extract_text()
    assert "Innehåll" in first and "Kvalitetsrapport 2017" in first
    last = reader.pages[-1].extract_text()
    pages = len(reader.pages)
    assert f"{pages} ({pages})" in last  # page numbers in the foot
    # issue 10: the six-expert sample on at most 24 A4 pages, each expert on a page of its own,
    # found from the contents by its page number
    assert pages <= 24
    tops = {
        i + 1: page.extract_text().lstrip().split("\n", 1)[0] for i, page in enumerate(reader.pages)
    }
    for name in EXPERTS:
        listed = re.search(re.escape(name) + r"[ .]*?(\d+)\s*$", first, re.MULTILINE)
        assert listed, name
        assert tops[int(listed[1])] == name
    # every results table stays whole and on the page of its caption: on each page as many
    # captions ("… jämfört med alla experter") as heads of results tables ("Mått"); a table
    # broken across pages repeats its head without the caption, an orphaned caption has none
    for number, page in enumerate(reader.pages, start=1):
        text = re.sub(r"\s+", " ", page.extract_text())
        captions = text.count("jämfört med alla experter")
        assert captions == len(re.findall(r"\bMått\b", text)), number


def test_the_memo_in_word_and_html(folder):
    with zipfile.ZipFile(folder / "tjansteskrivelse.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    for heading in (
        "Förslag till beslut",
        "Sammanfattning",
        "Ärendet",
        "Slutsatser och behov av utveckling",
        "Bilagor",
    ):
        assert heading in xml
    assert "noterar informationen till protokollet" in xml
    assert "{{" not in xml and "{%" not in xml
    page = (folder / "tjansteskrivelse.html").read_text(encoding="utf-8")
    assert "<h2>Förslag till beslut</h2>" in page and "Kvalitetsrapport, verksamhetsbesök" in page
    assert "default-src 'none'" in page
