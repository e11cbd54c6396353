"""The basis for Länsstyrelsen's SO survey, as published (SPEC §7, docs/method.md §3.18).

Each year the municipality tells the county administrative board how many people started SO for
the first time in its reporting year (1 October–30 September), by sex and by teaching language.
Run for such a period (`2016-10-01..2017-09-30`), the report gives that basis: the people whose
first start in the data falls in the period (`measure.rules.first_start_people`: each person
once, linked by the pseudonym across experts, with the expert of that first start), per expert,
by sex and by language.

Both tables are breakdowns of each expert's `n_first_starts` (`report.publication.breakdown`): a
count under `min_n` is hidden, and so many more, within the expert and within the category, that
no total gives it away; an expert whose count of first starts is hidden has its whole row hidden.
Small languages join *övriga språk* as in the report's language table (`report.languages`). The
appendix section (`report.sections.lansstyrelsen`) and the published workbook
`OUT/<period>/lansstyrelsen.xlsx` (`write_lansstyrelsen_xlsx`) both read `published_basis`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from so_analysis.measure.figures import ALL, COUNT, MISSING
from so_analysis.measure.rules import SEX_COLUMN, SEXES, UNKNOWN_SEX, first_start_people
from so_analysis.measure.survey_languages import NOT_GIVEN, OTHER
from so_analysis.report.languages import grouped_languages
from so_analysis.report.publication.breakdown import Protected, breakdown_cell, published_breakdown
from so_analysis.report.publication.formatting import format_count
from so_analysis.report.publication.model import OK, Cell, Publication, Report
from so_analysis.report.xlsx import set_text

BASIS = "n_first_starts"  # the count each breakdown splits
SEX_CATEGORIES: tuple[str, ...] = (*SEXES, UNKNOWN_SEX)
TOTAL = "_total"  # the column (or row) of an expert's whole count


@dataclass(frozen=True)
class Breakdown:
    """People per expert and category, as published."""

    categories: tuple[str, ...]
    counts: dict[tuple[str, str], int]  # (provider_id, category) -> people
    totals: dict[str, int]  # category -> people over all experts
    protected: Protected

    def cell(self, model: Publication, provider_id: str, category: str) -> Cell:
        """One count as published: hidden, or the number (a true zero reads 0)."""
        if category == TOTAL:
            return model.cell(provider_id, BASIS)
        if provider_id == ALL:
            n = self.totals.get(category, 0)
        else:
            n = self.counts.get((provider_id, category), 0)
        c = breakdown_cell(model, self.protected, provider_id, category, n, n, COUNT)
        if c.status == MISSING and n == 0:
            return Cell(provider_id, category, 0.0, 0.0, OK, format_count(0, model.lang), 0.0)
        return c


@dataclass(frozen=True)
class Basis:
    """The period's basis for the national survey: by sex (None when the data has no sex) and by
    teaching language."""

    sex: Breakdown | None
    language: Breakdown

    def sex_label(self, category: str, model: Publication) -> str:
        return model.t(f"lansstyrelsen.sex.{category}")

    def language_label(self, category: str, model: Publication) -> str:
        if category == OTHER:
            return model.t("visit.other_languages")
        if category == NOT_GIVEN:
            return model.t("visit.not_given")
        return category


def _build(report: Report, model: Publication) -> Basis:
    config = report.analysis.dataset.config
    classified, period = report.analysis.classified, report.analysis.period
    people = first_start_people(classified, period, dict(config.languages))
    sex = None
    if SEX_COLUMN in classified:
        grouped = people.groupby(["provider_id", "sex"]).size()
        counts = {(str(p), str(c)): int(n) for (p, c), n in grouped.items()}
        protected = published_breakdown(model, counts, SEX_CATEGORIES, BASIS, rows_add_up=True)
        totals = {str(c): int(n) for c, n in people["sex"].value_counts().items()}
        sex = Breakdown(SEX_CATEGORIES, counts, totals, protected)
    categories, counts, protected, merged = grouped_languages(model, people, BASIS)
    mapped = people["language"].where(~people["language"].isin(merged), OTHER)
    totals = {str(c): int(n) for c, n in mapped.value_counts().items()}
    return Basis(sex, Breakdown(tuple(categories), counts, totals, protected))


def published_basis(report: Report, lang: str = "sv") -> Basis:
    """The period's basis for Länsstyrelsen's survey as published (made once per report)."""
    return report.once(("lansstyrelsen", lang), lambda: _build(report, report.model(lang)))


def write_lansstyrelsen_xlsx(report: Report, path: Path, lang: str = "sv") -> None:
    """`lansstyrelsen.xlsx`: the basis as published, a sheet by sex and a sheet by language.

    Every count is the publication model's: a published one as a number, a hidden one as its text
    ("färre än 5", "dold"). Text cells are written as text (`report.xlsx.set_text`).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    model = report.model(lang)
    t = model.t
    basis = published_basis(report, lang)
    period = report.analysis.period
    title = t(
        "lansstyrelsen.title_period",
        municipality=report.analysis.dataset.config.municipality,
        start=period.start.isoformat(),
        end=period.end.isoformat(),
    )
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    experts = [*model.expert_ids, ALL]
    wb = Workbook()
    sheets = []
    if basis.sex is not None:
        sex = basis.sex
        head = [t("lansstyrelsen.expert"), *(basis.sex_label(c, model) for c in sex.categories)]
        rows = [
            (model.name(pid), [sex.cell(model, pid, c) for c in (*sex.categories, TOTAL)])
            for pid in experts
        ]
        sheets.append((t("lansstyrelsen.sheet_sex"), [*head, t("lansstyrelsen.total")], rows))
    language = basis.language
    head = [t("lansstyrelsen.language"), *(model.name(pid) for pid in experts)]
    rows = [
        (
            basis.language_label(c, model),
            [language.cell(model, pid, c) for pid in experts],
        )
        for c in language.categories
    ]
    rows.append((t("lansstyrelsen.total"), [language.cell(model, pid, TOTAL) for pid in experts]))
    sheets.append((t("lansstyrelsen.sheet_language"), head, rows))
    for i, (name, head, body) in enumerate(sheets):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        set_text(ws.cell(row=1, column=1), title).font = Font(bold=True, size=12)
        set_text(ws.cell(row=2, column=1), t("lansstyrelsen.note", min_n=model.min_n))
        for col, label in enumerate(head, start=1):
            cell = set_text(ws.cell(row=4, column=col), label)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.column_dimensions[get_column_letter(col)].width = 30 if col == 1 else 16
        for r, (label, cells) in enumerate(body, start=5):
            set_text(ws.cell(row=r, column=1), label)
            for col, c in enumerate(cells, start=2):
                target = ws.cell(row=r, column=col)
                if c.ok:
                    target.value = int(c.shown)
                    target.number_format = "0"
                else:
                    set_text(target, c.text).alignment = Alignment(horizontal="right")
        for cell in ws[4 + len(body)]:
            cell.font = bold
        ws.freeze_panes = "B5"
    wb.save(path)
