"""The committee's documents: the memo as Word and HTML, the report as a tagged A4 PDF."""

import itertools
import re
import subprocess
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from conftest import SAMPLE
from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject

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
    data = (folder / "kvalitetsrapport.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    info = subprocess.run(
        ["pdfinfo", str(folder / "kvalitetsrapport.pdf")], capture_output=True, text=True
    )
    if info.returncode == 0:
        assert "Tagged:          yes" in info.stdout
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info.stdout)

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


class _Text(HTMLParser):
    """A page's visible text (no style), or only what is inside `<main>` when `main` is set."""

    def __init__(self, main: bool = False) -> None:
        super().__init__()
        self.inside = not main
        self.main = main
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main" and self.main:
            self.inside = True
        elif tag in ("style", "script", "title"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "main" and self.main:
            self.inside = False
        elif tag in ("style", "script", "title"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.inside and not self.skip:
            self.parts.append(data)


# a number as the documents write it: an ISO date, or digits with NBSP-grouped thousands and a
# decimal comma ("1 234,5", "26 %" gives "26")
_NUMBER = re.compile(r"\d{4}-\d{2}-\d{2}|\d+(?:\u00a0\d{3})*(?:,\d+)?")


def _numbers(path, main: bool = False) -> set[str]:
    parser = _Text(main)
    parser.feed(path.read_text(encoding="utf-8"))
    return set(_NUMBER.findall(" ".join(parser.parts)))


def test_every_number_in_the_memo_is_in_the_report(folder):
    # issue 20: the memo states figures the report carries, never one of its own; its body
    # (the letterhead's date and reference number come from the config)
    memo = _numbers(folder / "tjansteskrivelse.html", main=True)
    report = _numbers(folder / "kvalitetsrapport.html")
    assert {"27,9", "30,5", "64,2", "10,5", "2018"} <= memo  # the memo's own figures are read
    assert memo <= report, sorted(memo - report)


class _Outline(HTMLParser):
    """The page's h1–h6 levels and its images' alternative texts, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []
        self.alts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        elif tag == "img":
            self.alts.append(dict(attrs).get("alt") or "")


def _structure(node: Any) -> Iterator[tuple[str, DictionaryObject]]:
    """Every structure element under `node` in reading order, with its role ("/H1", "/TH")."""
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for kid in node:
            yield from _structure(kid)
    elif isinstance(node, DictionaryObject) and "/S" in node:
        yield str(node["/S"]), node
        if "/K" in node:
            yield from _structure(node["/K"])
    elif isinstance(node, DictionaryObject) and "/K" in node:  # the tree's root
        yield from _structure(node["/K"])


def _objects(reader: PdfReader) -> Iterator[Any]:
    """Every indirect object of the file, whichever page or XObject uses it."""
    numbers = {n for table in reader.xref.values() for n in table} | set(reader.xref_objStm)
    for number in sorted(numbers):
        obj = reader.get_object(number)
        if obj is not None:
            yield obj


def test_the_pdf_passes_the_pdf_ua_machine_checks(folder):
    # issue 19: the structure tree skipped from H3 to H5 twice (Matterhorn 14-003); the
    # print stylesheet hid the parameter's "Resultat" heading, so the PDF lost an H4 the HTML has
    reader = PdfReader(folder / "kvalitetsrapport.pdf")
    root = reader.trailer["/Root"]
    elements = list(_structure(root["/StructTreeRoot"]))
    html = _Outline()
    html.feed((folder / "kvalitetsrapport.html").read_text(encoding="utf-8"))
    # headings start at H1, never skip a level, and are the HTML's, level for level
    levels = [int(role[2]) for role, _ in elements if re.fullmatch(r"/H[1-6]", role)]
    assert levels and levels[0] == 1
    skips = [(i, a, b) for i, (a, b) in enumerate(itertools.pairwise(levels)) if b > a + 1]
    assert not skips, skips
    assert levels == html.levels
    # every figure (the 29 charts of the 2017 sample) has the HTML's alternative text
    alts = [str(element.get("/Alt", "")) for role, element in elements if role == "/Figure"]
    assert len(alts) >= 20 and all(alt.strip() for alt in alts)
    assert alts == html.alts
    # every table has header cells
    tables = [element for role, element in elements if role == "/Table"]
    assert tables
    for table in tables:
        assert "/TH" in {role for role, _ in _structure(table["/K"])}
    # the document's language and title, shown as the title
    assert root["/Lang"] == "sv"
    title = reader.metadata.title if reader.metadata else None
    assert title and title.startswith("Kvalitetsrapport 2017")
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    # every font embedded: a font program in every font descriptor, a descriptor for every
    # font that needs one (all but Type 3 and the composite Type 0, whose descendant has it)
    fonts = [
        obj
        for obj in _objects(reader)
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Font"
    ]
    assert fonts
    for font in fonts:
        if font["/Subtype"] in ("/Type0", "/Type3"):
            continue
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font.get("/BaseFont")


class _Units(HTMLParser):
    """The text of every heading, paragraph, list item, caption and table cell of a page, as its
    print layout shows it: without what print hides (the contents' sections under each part,
    the parameter's "Resultat" heading, kept only for the structure tree)."""

    UNITS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "caption", "th", "td"})
    VOID = frozenset({"meta", "img", "br", "hr", "col", "link", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool, list[str]]] = []  # tag, hidden, its text so far
        self.units: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        in_toc = any(t == "nav" for t, _, _ in self.stack)
        hidden = (tag == "h4" and "results" in classes) or (
            tag == "ol" and in_toc and any(t == "ol" for t, _, _ in self.stack)
        )
        self.stack.append((tag, hidden, []))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            name, hidden, parts = self.stack.pop()
            text = "".join(parts)
            if not hidden:
                if self.stack:
                    self.stack[-1][2].append(text)
                if name in self.UNITS:
                    self.units.append(text)
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] not in ("style", "script", "title"):
            self.stack[-1][2].append(data)


def _squeezed(text: str) -> str:
    """Text compared without its spacing, line breaks, break opportunities or case (the kicker
    is upper-cased by the print stylesheet)."""
    return re.sub(r"[\s\u200b\u00ad]+", "", text).casefold()


def test_the_pdf_says_what_the_html_says(folder):
    # issue 21: the PDF may be typeset by any engine, its content may not change: every
    # heading, paragraph, list item, caption and table cell of the page's print layout is in
    # the PDF's text, in the page's order
    units = _Units()
    units.feed((folder / "kvalitetsrapport.html").read_text(encoding="utf-8"))
    wanted = [_squeezed(u) for u in units.units if _squeezed(u)]
    assert len(wanted) > 2000  # the 2017 sample: about 2,200
    # each page's text without its foot (the title and "n (N)"), which may fall inside a
    # paragraph that runs on to the next page
    pages = PdfReader(folder / "kvalitetsrapport.pdf").pages
    text = _squeezed(
        "".join(re.sub(r"\n[^\n]*\d+ \(\d+\)\s*$", "", page.extract_text()) for page in pages)
    )
    missing = [u for u in wanted if u not in text]
    assert not missing, missing[:10]
    # and in the page's order: each heading after the one before it
    headings = [_squeezed(h) for h in _headings(folder / "kvalitetsrapport.html")]
    at = 0
    for heading in headings:
        found = text.find(heading, at)
        assert found >= 0, heading
        at = found + len(heading)


def _headings(path) -> list[str]:
    units = _Units()
    units.UNITS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
    units.feed(path.read_text(encoding="utf-8"))
    return [u for u in units.units if u.strip()]
