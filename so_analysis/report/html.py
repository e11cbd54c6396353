"""HTML from autoescaped Jinja templates: the one environment every page and section renders with.

Python builds data; the templates in `report/templates/html/` build HTML. Autoescaping is on for
every template and for strings, so input text can never become markup by a forgotten call.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

__all__ = ["Markup", "environment", "render", "report_css"]


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
    return env


def render(template: str, /, **context: Any) -> Markup:
    """Render `templates/html/<template>` with `context`; the result is safe HTML."""
    return Markup(environment().get_template(template).render(**context))


@cache
def report_css() -> str:
    """The report's stylesheet (screen and print), shared by every page."""
    return resources.files("so_analysis.report").joinpath("templates/report.css").read_text("utf-8")
