"""Charts: deterministic SVG, escaped alt text, many experts, missing figures."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from so_analysis.report import plots


def _frame(n: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    values = list(rng.uniform(5, 60, n))
    values[1] = np.nan
    ids = [f"p{i}" for i in range(n)]
    return pd.DataFrame(
        {"provider_id": [*ids, "_all", "_mean"], "x": [*values, 30.0, float(np.nanmean(values))]}
    )


def _svg(html: str) -> bytes:
    return base64.b64decode(html.split("base64,")[1].split('"')[0])


class _Parsed(HTMLParser):
    """The elements of a figure_html output, with attributes and text as a browser reads them."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _svg_texts(html: str) -> list[str]:
    """The text elements of the chart's SVG (labels are text, not paths: svg.fonttype none)."""
    root = ET.fromstring(_svg(html))
    return ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]


def test_figures_are_matplotlib_figures_not_pyplot():
    fig = plots.expert_comparison(_frame(), "x", "p0", 14, "dagar", {"p0": "A"})
    assert isinstance(fig, Figure)
    assert fig.canvas.manager is None  # not registered with pyplot


def test_svg_is_deterministic():
    def render():
        fig = plots.expert_comparison(
            _frame(), "x", "p0", (42, 70), "dagar", {"p0": "A"}, hidden={"p2": "för få"}
        )
        return plots.figure_html(fig, "alt", "cap")

    first, second = render(), render()
    assert first == second
    svg = _svg(first)
    assert svg.startswith(b"<?xml") and b"<dc:date>" not in svg


def test_figure_html_escapes_and_wraps():
    fig = plots.summary_chart(_frame(), "x", 14, label="dagar")
    out = plots.figure_html(fig, 'a "quoted" <b>', "A & B")
    assert out.startswith('<figure class="chart"><img src="data:image/svg+xml;base64,')
    assert 'alt="a &#34;quoted&#34; &lt;b&gt;"' in out  # Jinja's autoescape of a quote
    assert "<figcaption>A &amp; B</figcaption></figure>" in out
    parsed = _Parsed(out)
    # a browser reads exactly the text given, and no element comes from it
    assert [tag for tag, _ in parsed.tags] == ["figure", "img", "figcaption"]
    assert parsed.tags[0][1] == {"class": "chart"}
    assert parsed.tags[1][1]["alt"] == 'a "quoted" <b>'
    assert "".join(parsed.text) == "A & B"


def test_figure_html_embeds_the_chart_as_valid_svg():
    fig = plots.expert_comparison(
        _frame(), "x", "p0", 14, "dagar", {"p0": "Alfa & <Beta>"}, hidden={"p2": "för få"}
    )
    out = plots.figure_html(fig, "alt", "cap")
    texts = _svg_texts(out)  # parses: the SVG is well-formed XML
    assert "Alfa & <Beta>" in texts  # the highlighted expert's label, escaped in the SVG
    assert "för få" in texts  # a hidden figure is a note, not a bar
    assert "saknas" in texts  # a missing one too
    assert fig.axes == []  # the figure is cleared once saved


def test_many_experts_use_compact_charts():
    frame = _frame(100)
    fig = plots.expert_comparison(frame, "x", "p5", 14, "dagar", {})
    assert len(fig.axes[0].patches) == 3  # this expert, the mean, all participants
    hist = plots.summary_chart(frame, "x", 14, label="dagar")
    assert hist.axes[0].get_ylabel()  # a histogram, counted in experts
    parsed = _Parsed(plots.figure_html(hist, "a", "b"))
    assert parsed.tags[1][1]["alt"] == "a" and "".join(parsed.text) == "b"


def test_target_text():
    assert plots.target_text(14, "max", "sv") == "målet högst 14"
    assert plots.target_text((42, 70), "range", "sv") == "målet 42–70"
    assert plots.target_text(0.1, "max", "en", scale=100) == "target at most 10"
    assert plots.target_text(4.0, "min", "sv") == "målet minst 4"
    assert plots.target_text(None, "max", "sv") == ""
