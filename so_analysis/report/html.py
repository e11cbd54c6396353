"""HTML from autoescaped Jinja templates: the one environment every page and section renders with.

Python builds data; the templates in `report/templates/html/` build HTML. Autoescaping is on for
every template and for strings, so input text can never become markup by a forgotten call.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from so_analysis.core.shorten import clusters

__all__ = ["Markup", "breakable", "environment", "render", "report_css"]

# A word longer than this (an expert named by 5,000 letters without a space) gets a break
# opportunity every LONGEST_WORD characters: otherwise its table cell is wider than the page.
LONGEST_WORD = 40
ZERO_WIDTH_SPACE = "\u200b"
_LONG_WORD = re.compile(rf"\S{{{LONGEST_WORD + 1},}}")


def _broken(match: re.Match[str]) -> str:
    parts = clusters(match.group())
    chunks = ["".join(parts[i : i + LONGEST_WORD]) for i in range(0, len(parts), LONGEST_WORD)]
    return ZERO_WIDTH_SPACE.join(chunks)


def breakable(text: Any) -> Any:
    """`text` with a zero-width space every LONGEST_WORD characters of a longer word (between
    whole characters), so that a table cell can break it; anything else (and markup) as it is.

    (CSS `overflow-wrap: anywhere` would do it without a character, but WeasyPrint lays such a
    cell out in time quadratic in the word: minutes for one name of 3,000 letters.)"""
    if not isinstance(text, str) or isinstance(text, Markup) or not _LONG_WORD.search(text):
        return text
    return _LONG_WORD.sub(_broken, text)


@cache
def environment() -> Environment:
    """The Jinja environment of `so_analysis.report` templates, autoescaping everything."""
    env = Environment(
        loader=PackageLoader("so_analysis.report", "templates/html"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["breakable"] = breakable
    return env


def render(template: str, /, **context: Any) -> Markup:
    """Render `templates/html/<template>` with `context`; the result is safe HTML."""
    return Markup(environment().get_template(template).render(**context))


@cache
def report_css() -> str:
    """The report's stylesheet (screen and print), shared by every page."""
    return resources.files("so_analysis.report").joinpath("templates/report.css").read_text("utf-8")
