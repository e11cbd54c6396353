"""Expert names in any script and of any length give a complete report (issue 19).

The whole command runs, as a user runs it, on the sample with its six experts renamed: names
drawn from many scripts (Arabic, Ethiopic, CJK, Korean, Devanagari, emoji, right-to-left marks,
combining characters, HTML and CSV punctuation), 1 to 5,000 characters long, and two names that
differ only by case or accents. Every run must exit 0 with no notice (a warning in a notebook is
a notice, docs/publishing.md §6), write one page per expert, show each name whole in the tables,
the pages and the charts' alt texts, and shortened with an ellipsis in the charts themselves.

The command runs in a process of its own: run in-process, the notebooks would inherit pytest's
warning recorder, and a warning would vanish instead of reaching stderr. (The earlier test here
called `main()` in-process, and so never saw the heatmap warn of an Ethiopic glyph.)
"""

from __future__ import annotations

import base64
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from conftest import SAMPLE
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from so_analysis.core.shorten import shorten
from so_analysis.core.slugs import slugify
from so_analysis.report.plots import LABEL_WIDTH

SCRIPTS = {
    "arabic": list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي"),
    "ethiopic": list("ሀለሐመሠረሰቀበተኀነአከወዐዘየደገጠጰጸፀፈፐትግርኛምህቲ"),
    "cjk": list("日本語中文株式会社教育学校東京北京"),
    "korean": list("한국어교육주식회사서울"),
    "devanagari": ["हि", "न्", "दी", "शि", "क्षा", "सं", "स्था", "न"],
    "emoji": ["👩\u200d👩\u200d👧", "🇸🇪", "👍🏽", "😀", "❤\ufe0f", "🧑\u200d🏫"],
    "rtl": ["\u200f", "\u200e", "ש", "ל", "ו", "ם"],
    "combining": ["e\u0301", "a\u0308", "c\u0327", "o\u0302\u0323", "n\u0303"],
    "latin": list("abcdefghijklmnopqrstuvwxyzåäöéüÅÄÖ"),
    "punctuation": list("&<>\"';$#%*()[]{}/\\|+-=@!?.,:_~^`"),
}
ISSUE_NAMES = ["ትግርኛ ትምህርቲ AB", "日本語 Consulting AB", ("Integra " * 626)[:5005]]


def _ids() -> list[str]:
    with (SAMPLE / "experter.csv").open(encoding="utf-8", newline="") as f:
        return [row[0] for row in list(csv.reader(f, delimiter=";"))[1:]]


IDS = _ids()

_word = st.sampled_from(sorted(SCRIPTS)).flatmap(
    lambda script: st.lists(st.sampled_from(SCRIPTS[script]), min_size=1, max_size=8).map("".join)
)


def _fit(text: str, length: int) -> str:
    """`text` repeated or cut to `length` characters (code points), never blank at either end."""
    repeated = (text + " ") * (length // (len(text) + 1) + 1)
    return repeated[:length].strip() or text.strip()


_name = st.builds(
    _fit,
    st.lists(_word, min_size=1, max_size=4).map(" ".join),
    st.sampled_from([1, 2, 31, 32, 33]) | st.integers(1, 80),
)
_long_name = st.builds(
    _fit, st.lists(_word, min_size=1, max_size=4).map(" ".join), st.integers(1, 5000)
)


def _variant(base: str, kind: str) -> str:
    """`base` differing only by case or accents."""
    if kind == "upper":
        changed = base.upper()
    elif kind == "strip":
        decomposed = unicodedata.normalize("NFD", base)
        changed = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
        )
    else:
        changed = base.replace("a", "å").replace("o", "ö").replace("e", "é")
    return changed if changed != base else base.swapcase()


_alike = st.builds(
    lambda word, kind: (f"{word} AB", _variant(f"{word} AB", kind)),
    st.text(alphabet=st.sampled_from(SCRIPTS["latin"]), min_size=1, max_size=12),
    st.sampled_from(["upper", "strip", "accent"]),
)
_names = st.builds(
    lambda long, others, alike: [long, *others, *alike],
    _long_name,
    st.lists(_name, min_size=len(IDS) - 3, max_size=len(IDS) - 3),
    _alike,
)


class _Page(HTMLParser):
    """The text of every table cell, the alt texts and the charts' SVG data of a page."""

    def __init__(self, text: str):
        super().__init__()
        self.cells: list[str] = []
        self.alts: list[str] = []
        self.svgs: list[bytes] = []
        self.text: list[str] = []
        self._open: list[list[str]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._open.append([])
        if tag == "img":
            found = dict(attrs)
            self.alts.append(found.get("alt") or "")
            src = found.get("src") or ""
            if src.startswith("data:image/svg+xml;base64,"):
                self.svgs.append(base64.b64decode(src.split(",", 1)[1]))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._open:
            self.cells.append("".join(self._open.pop()))

    def handle_data(self, data):
        data = data.replace("\u200b", "")  # a break opportunity in a word of over 40 letters
        self.text.append(data)
        for cell in self._open:
            cell.append(data)


def _svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]


def _renamed(data: Path, names: list[str]) -> None:
    path = data / "experter.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    renamed = [
        rows[0],
        *([row[0], name, *row[2:]] for row, name in zip(rows[1:], names, strict=True)),
    ]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(renamed)
    # a returned template is named by its expert's slug or id: the old slugs become ids
    ids = {slugify(row[1]): row[0] for row in rows[1:]}
    for template in (data / "dialogmallar").rglob("*.xlsx"):
        template.rename(template.with_name(f"{ids[template.stem]}.xlsx"))


def _check_report(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "data", Path(tmp) / "out"
        shutil.copytree(SAMPLE, data)
        _renamed(data, names)
        done = subprocess.run(
            [sys.executable, "-m", "so_analysis.cli", "run", "--data", str(data)]
            + ["--period", "2017", "--as-of", "2018-06-30", "--out", str(out), "--quiet"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert done.stderr == ""  # no notice, no warning
        folder = out / "2017"
        manifest = json.loads((folder / "internt" / "manifest.json").read_text("utf-8"))
        assert [r["notices"] for r in manifest["notebooks"]] == [[]] * (len(IDS) + 1)
        pages = sorted((folder / "experter").glob("*.html"))
        assert len(pages) == len(IDS)  # one page per expert, whatever their names fold to
        report = _Page((folder / "kvalitetsrapport.html").read_text("utf-8"))
        summary = _Page((folder / "sammanfattning.html").read_text("utf-8"))
        labels = {t for svg in summary.svgs for t in _svg_texts(svg)}
        expert_texts = ["".join(_Page(p.read_text("utf-8")).text) for p in pages]
        for name in names:
            assert any(name in cell for cell in report.cells), name[:80]  # whole in Tabell 1
            assert any(name in alt for alt in summary.alts), name[:80]  # whole in the alt text
            assert shorten(name, LABEL_WIDTH) in labels, name[:80]  # shortened in the chart
            assert sum(name in text for text in expert_texts) >= 1, name[:80]  # its own page


@settings(
    max_examples=3,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # a shrink would run the report dozens of times
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@example(
    names=[
        *ISSUE_NAMES,
        "Strömbergs jobbcoachning",
        "Åkesson Utbildning AB",
        "akesson utbildning ab",
    ]
)
@given(names=_names)
def test_names_in_any_script_and_length_give_a_complete_report(names):
    _check_report(names)
