"""The report's sections, one function per notebook cell; each returns a `Section`.

A section reads the publication model (`report.publication`) for every status, text, rounding
and judgement, builds plain data and renders it with an autoescaped template in
`report/templates/html/sections/`. A `Section` is its HTML and the headings it holds; shown in a
notebook (`display(section)`) the headings go into the output's metadata, and the full report's
table of contents is built from them (`report.document`).

- expert: expert_heading, parameter_section, authorization_section, follow_up_section,
  trend_section;
- visit: dialog_section (the visit's topics and the languages taught), languages_summary;
- summary: summary_heading, key_figures, tabell_1, conclusions, follow_up_summary,
  summary_charts;
- sexes: women_and_men (the figures by sex, per expert and for all participants);
- appendix: data_quality, method_appendix;
- lansstyrelsen: lansstyrelsen_basis (the basis for Länsstyrelsen's SO survey, an appendix);
- texts: own_text (the municipality's fixed sections from `DATA/texter/`).
"""

from so_analysis.report.sections.appendix import data_quality, method_appendix
from so_analysis.report.sections.base import Heading, Section
from so_analysis.report.sections.expert import (
    PLAN_AREAS,
    authorization_section,
    expert_heading,
    follow_up_section,
    parameter_section,
    trend_section,
)
from so_analysis.report.sections.lansstyrelsen import lansstyrelsen_basis
from so_analysis.report.sections.sexes import women_and_men
from so_analysis.report.sections.summary import (
    conclusions,
    follow_up_summary,
    key_figures,
    previous_period_label,
    signed_change,
    summary_charts,
    summary_heading,
    tabell_1,
)
from so_analysis.report.sections.texts import own_text
from so_analysis.report.sections.visit import dialog_section, languages_summary

__all__ = [
    "own_text",
    "PLAN_AREAS",
    "Heading",
    "Section",
    "authorization_section",
    "conclusions",
    "data_quality",
    "dialog_section",
    "expert_heading",
    "follow_up_section",
    "follow_up_summary",
    "key_figures",
    "languages_summary",
    "lansstyrelsen_basis",
    "method_appendix",
    "parameter_section",
    "previous_period_label",
    "signed_change",
    "summary_charts",
    "summary_heading",
    "tabell_1",
    "trend_section",
    "women_and_men",
]
