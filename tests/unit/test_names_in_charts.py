"""Any valid expert name draws: no chart warns or collapses, whatever the script or length.

The charts are built as the report builds them, with warnings turned into errors: a warning in a
notebook once failed the report (issue 19: seaborn's heatmap measured an Ethiopic name in
DejaVu Sans and warned of the missing glyph; a 5,005-character name collapsed its axes).
"""

from __future__ import annotations

import base64
import warnings
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from so_analysis.core.shorten import ELLIPSIS, clusters, display_width, shorten
from so_analysis.report import plots

LONG = ("Integra " * 700)[:5005]
NAMES = {
    "ethiopic": "ትግርኛ ትምህርቲ AB",
    "cjk": "日本語 Consulting AB",
    "long": LONG,
    "korean": "한국어 교육 주식회사",
    "devanagari": "हिन्दी शिक्षा संस्थान",
    "arabic": "\u200fمؤسسة التعليم\u200f",
    "emoji": "Familj 👩\u200d👩\u200d👧 & 🇸🇪 AB",
    "combining": "Cafe\u0301 Zalgo\u0301\u0302\u0303 AB",
    "dollars": "Kr$na $\\frac{1}{0}$ AB",
    "lines": "Två\trader\nAB",
    "wide": "株" * 5000,
}


def _frame(ids: list[str]) -> pd.DataFrame:
    values = [float(i + 3) for i in range(len(ids))]
    return pd.DataFrame({"provider_id": [*ids, "_all", "_mean"], "x": [*values, 10.0, 11.0]})


def _texts(html: str) -> list[str]:
    svg = base64.b64decode(html.split("base64,")[1].split('"')[0])
    root = ET.fromstring(svg)
    return ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]


def _met(names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "period": period,
                "provider_id": pid,
                "Expert": name,
                "Parameter": "antagning",
                "met": met,
            }
            for period in ("2016", "2017")
            for (pid, name), met in zip(names.items(), [True, False, None] * 9, strict=False)
        ]
    )


@pytest.fixture
def strict_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.mark.usefixtures("strict_warnings")
def test_every_chart_draws_names_in_any_script_and_length_without_a_warning():
    ids = list(NAMES)
    frame = _frame(ids)
    drawn = [
        plots.summary_chart(frame, "x", 14.0, label="dagar", names=NAMES),
        plots.expert_comparison(frame, "x", "long", (5.0, 9.0), "dagar", NAMES, max_bars=0),
        plots.targets_heatmap(_met(NAMES)),
    ]
    for fig in drawn:
        ax = fig.axes[0]
        box = ax.get_position()
        assert box.width > 0.3 and box.height > 0.3  # the axes keep most of the figure
    pages = [plots.figure_html(fig, "alt", "cap") for fig in drawn]
    summary, single, heatmap = (_texts(p) for p in pages)
    short = shorten(LONG, plots.LABEL_WIDTH)
    for texts in (summary, heatmap):
        for key in ("ethiopic", "cjk", "korean", "devanagari", "arabic", "emoji", "combining"):
            assert NAMES[key] in texts, key  # as given: the reader's font draws it
        assert short in texts and LONG not in texts
        assert "Kr$na $\\frac{1}{0}$ AB" in texts  # dollars as written, never mathtext
        assert "Två rader AB" in texts  # one line
        assert "株" * 15 + ELLIPSIS in texts  # 32 columns: 15 wide characters and the ellipsis
    assert short in single


def test_a_long_name_is_cut_with_an_ellipsis_and_short_names_are_kept():
    assert shorten("Omsorgslyftet utbildningar AB", 32) == "Omsorgslyftet utbildningar AB"
    assert shorten(LONG, 32) == "Integra Integra Integra Integra" + ELLIPSIS  # no space before …
    assert display_width(shorten(LONG, 32)) == 32
    assert shorten("日本語日本語", 7) == "日本語" + ELLIPSIS  # wide characters count two
    assert shorten("  Alfa\n\tAB  ", 32) == "Alfa AB"


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("Cafe\u0301", ["C", "a", "f", "e\u0301"]),  # a letter with its accent
        ("a👩\u200d👩\u200d👧b", ["a", "👩\u200d👩\u200d👧", "b"]),  # one family
        ("🇸🇪🇳🇴", ["🇸🇪", "🇳🇴"]),  # two flags, not four letters
        ("👍🏽!", ["👍🏽", "!"]),  # a skin tone stays with its hand
        ("\u200fم", ["\u200f", "م"]),
    ],
)
def test_names_are_cut_only_between_characters_a_reader_sees(text, seen):
    assert clusters(text) == seen
    for width in range(1, display_width(text) + 1):
        cut = shorten(text, width)
        if cut != text:
            kept = cut.removesuffix(ELLIPSIS)
            assert clusters(kept) == seen[: len(clusters(kept))], (width, cut)
            assert display_width(cut) <= width


def test_widths_count_wide_characters_twice_and_marks_not_at_all():
    assert display_width("AB") == 2
    assert display_width("日本") == 4
    assert display_width("e\u0301") == 1
    assert display_width("\u200f\u200d") == 0


def test_experts_of_the_same_name_are_rows_of_their_own():
    met = _met({"a": "Alfa AB", "b": "Alfa AB", "c": "ALFA AB"})
    ax = plots.targets_heatmap(met).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Alfa AB", "Alfa AB", "ALFA AB"]
    cells = ax.collections[0].get_array()
    assert cells.tolist() == [[1.0, 1.0], [0.0, 0.0], [None, None]]  # never averaged together


def test_margins_follow_counted_widths_not_any_font():
    short = plots.summary_chart(_frame(["a"]), "x", None, names={"a": "Alfa"})
    wide = plots.summary_chart(_frame(["a"]), "x", None, names={"a": "株" * 40})
    latin = plots.summary_chart(_frame(["a"]), "x", None, names={"a": "A" * 4000})
    left = [f.subplotpars.left for f in (short, wide, latin)]
    # 'Genomsnitt per expert' is the widest label beside 'Alfa'; the others are cut at 32 columns
    assert left[0] < left[1] <= left[2] < 0.4
