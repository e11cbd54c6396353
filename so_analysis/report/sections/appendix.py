"""The appendices: data quality (records left out, missing tables, columns read but not used) and
method and definitions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from so_analysis.core.config import HoursMinimum
from so_analysis.load.tables import SWEDISH_HEADERS
from so_analysis.measure.figures import DAYS, RATE
from so_analysis.measure.outcomes import REASON_NOT_GIVEN_RULE
from so_analysis.report import legal, sexes
from so_analysis.report.publication.disclosure import SUPPRESSED, TOO_FEW
from so_analysis.report.publication.formatting import format_count, format_date, format_number
from so_analysis.report.publication.model import Publication, Report
from so_analysis.report.publication.targets_text import short_number
from so_analysis.report.reads import sex_sources
from so_analysis.report.sections.base import Heading, Section, Table, cell, row, section, table


def data_quality(report: Report, lang: str = "sv") -> Section:
    """Records left out by rule and expert, dropouts without a reason, missing optional tables."""
    model = report.model(lang)
    t = model.t
    quality = report.analysis.quality
    shown = quality[quality["n"] > 0] if quality is not None and not quality.empty else None
    rows = []
    if shown is not None:
        for rule, group in shown.groupby("rule", sort=False):
            rule_label = t.get(f"sections.quality.rules.{rule}", str(rule))
            excluded = bool(group["excluded"].iloc[0])
            handling = t("sections.quality.excluded" if excluded else "sections.quality.counted")
            records = group.to_dict("records")
            if rule == REASON_NOT_GIVEN_RULE:
                records = _not_given_rows(model, records)
            for r in records:
                pid = str(r["provider_id"])
                name = model.name(pid)
                count = format_count(r["n"], lang)
                reasons = model.cell(pid, "dropouts_not_given")
                if rule == REASON_NOT_GIVEN_RULE and not reasons.ok:
                    count = reasons.text  # the reasons of these dropouts are not published
                rows.append(
                    row(None, [cell(rule_label), cell(name), cell(handling), cell(count, num=True)])
                )
            if len(group) > 1 and rule != REASON_NOT_GIVEN_RULE:
                total = format_count(group["n"].sum(), lang)
                rows.append(
                    row(
                        None,
                        [
                            cell(rule_label),
                            cell(t("sections.quality.total")),
                            cell(handling),
                            cell(total, num=True),
                        ],
                        total=True,
                    )
                )
    head = [
        t("sections.quality.rule"),
        t("columns.provider"),
        t("sections.quality.handling"),
        t("sections.table.count"),
    ]
    ds = report.analysis.dataset
    missing = [
        t(f"sections.quality.tables.{name}")
        for name in ("survey", "checklist", "plans")
        if getattr(ds, name, None) is None
    ]
    lines = [
        t("sections.quality.missing_tables", tables=", ".join(missing))
        if missing
        else t("sections.quality.all_tables")
    ]
    lines += _replaced_plans(ds, model)
    hours = legal.hours_missing_line(report, lang)  # said once, here
    if hours:
        lines.append(hours)
    note = ds.config.data_note
    if note:
        lines.append(t("sections.quality.note", note=note))
    heading = Heading("datakvalitet", 2, t("sections.headings.data_quality"))
    return section(
        "data_quality.html",
        [heading],
        intro=t("sections.quality.intro"),
        no_records=None if rows else t("sections.quality.none"),
        table=table(t("sections.quality.caption"), head, rows) if rows else None,
        loading=_load_notes(ds, t, lang),
        unused=_unused_columns(ds, t),
        lines=lines,
    )


def _label(t: Any, kind: str, code: Any) -> str:
    """A load rule's or table's label; the dialog template's own (`visit.quality`) as well."""
    return t.get(f"sections.quality.{kind}.{code}", t.get(f"visit.quality.{code}", str(code)))


def _replaced_plans(ds: Any, model: Any) -> list[str]:
    """Which plan rows of the table a returned dialog template replaced, per expert and period."""
    replaced = ds.replaced_plans
    if replaced is None or replaced.empty:
        return []
    t = model.t
    return [
        t.n(
            "visit.replaced",
            r["n_template"],
            name=model.name(str(r["provider_id"])),
            period=r["period"],
            rows=t("visit.replaced_rows", rows=r["table_rows"]),
            table=r["table_file"],
            file=r["file"],
            n=format_count(r["n_template"], model.lang),
        )
        for r in replaced.to_dict("records")
    ]


def _column_label(column: Any, lang: str) -> str:
    """A column as the municipality's files name it (Swedish) or its English name."""
    if not isinstance(column, str) or not column:
        return "–"
    return SWEDISH_HEADERS.get(column, column) if lang == "sv" else column


def _load_notes(ds: Any, t: Any, lang: str) -> Table | None:
    """What loading corrected, counted by rule, table and column (never the values)."""
    notes = ds.load_notes
    if notes is None or notes.empty:
        return None
    rows = [
        row(
            None,
            [
                cell(_label(t, "load_rules", r["rule"])),
                cell(_label(t, "tables", r["table"])),
                cell(_column_label(r["column"], lang)),
                cell(format_count(r["n"], lang), num=True),
            ],
        )
        for r in notes.to_dict("records")
    ]
    head = [
        t("sections.quality.rule"),
        t("sections.quality.table"),
        t("sections.quality.column"),
        t("sections.table.count"),
    ]
    return table(t("sections.quality.load_caption"), head, rows)


def _unused_columns(ds: Any, t: Any) -> Table | None:
    """The columns of the input files read but used for nothing, by file and header: nothing
    read is dropped without a word (names masked on load, escaped by the template)."""
    unused = ds.unused_columns
    if not unused:
        return None
    rows = []
    for u in unused:
        file = u.file
        if u.sheet is not None:
            file = t("sections.quality.unused_sheet", file=u.file, sheet=u.sheet)
        place = u.letter or t("sections.quality.unused_field", n=u.position)
        header = u.header or t("sections.quality.unused_no_header")
        cells = [cell(_label(t, "tables", u.table)), cell(file), cell(place), cell(header)]
        rows.append(row(None, cells))
    head = [
        t("sections.quality.table"),
        t("sections.quality.file"),
        t("sections.quality.column"),
        t("sections.quality.header"),
    ]
    return table(t("sections.quality.unused_caption"), head, rows)


def _not_given_rows(model: Publication, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of dropouts without a reason, in the experts' order: one for every expert whose
    count is hidden too, none or not (a row missing would tell a 0, docs/disclosure.md §4)."""
    have = {str(r["provider_id"]): r for r in records}
    out = []
    for pid in model.expert_ids:
        hidden = model.cell(pid, "dropouts_not_given").status in (TOO_FEW, SUPPRESSED)
        if pid in have or hidden:
            out.append(have.get(pid, {**records[0], "provider_id": pid, "n": 0}))
    return out


def _dropouts_from(report: Report, t: Any) -> list[str]:
    """The day dropouts were first registered, when the config sets one (docs/method.md §3.5)."""
    day = report.analysis.dataset.config.dropouts_registered_from
    return [] if day is None else [t("method_targets.dropouts_from", date=format_date(day))]


def _hours_rules(rules: tuple[HoursMinimum, ...], t: Any) -> str:
    """The legal minimum of hours by start date, as the config has it: 'minst 60 timmar vid
    kursstart före 2020-02-01 och minst 100 timmar vid kursstart från och med 2020-02-01'."""
    parts = []
    for i, rule in enumerate(rules):
        hours = short_number(rule.hours, t.lang)
        if rule.valid_from is not None:
            parts.append(t("method.hours_from", hours=hours, date=format_date(rule.valid_from)))
        elif i + 1 < len(rules) and rules[i + 1].valid_from is not None:
            until = format_date(rules[i + 1].valid_from)
            parts.append(t("method.hours_before", hours=hours, date=until))
        else:
            parts.append(t("method.hours_always", hours=hours))
    and_ = t("narrative.and")
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {and_} {parts[-1]}"


def _sex_differences(t: Any, min_n: int, lang: str) -> str:
    """How the figures by sex are counted and hidden, and which difference is named."""
    return t(
        "method.sex_differences",
        min_n=min_n,
        days=format_number(sexes.DIFFERENCE[DAYS], 0, lang),
        points=format_number(sexes.DIFFERENCE[RATE] * 100, 0, lang),
    )


def _sex_sources(report: Report, t: Any, lang: str) -> list[str]:
    """Where sex comes from, and how many of the period's enrolment records got it from the
    `kön` column, from the id, or not at all (SPEC §7)."""
    found = sex_sources(report)
    lines = [t("method.sex"), _sex_differences(t, report.analysis.dataset.config.min_n, lang)]
    if found is None:
        return lines
    column, from_id, n = found
    return [
        *lines,
        t.n(
            "method.sex_sources",
            n,
            n=format_count(n, lang),
            column=format_count(column, lang),
            id=format_count(from_id, lang),
            unknown=format_count(n - column - from_id, lang),
        ),
    ]


def method_appendix(report: Report, lang: str = "sv") -> Section:
    """Definitions (docs/method.md §3), targets from the config, suppression, the law, 8 blocks."""
    model = report.model(lang)
    t = model.t
    config = report.analysis.dataset.config
    reasons = config.reasons

    def labels(codes: Iterable[str]) -> str:
        return ", ".join(t.get(f"sections.reasons.{c}", c).lower() for c in codes)

    definitions = [
        t("method.counts"),
        *_sex_sources(report, t, lang),
        t("method.lead_time"),
        t("method.duration"),
        t("method.waiting"),
        t(
            "method.dropouts",
            positive=labels(reasons.positive),
            neutral=labels(reasons.neutral),
            negative=labels(reasons.negative),
        ),
        t("method_targets.dropouts_negative"),
        *_dropouts_from(report, t),
        t("method.derived"),
        t("method.excluded"),
        t("method.within_year"),
        t("method.hours", rules=_hours_rules(config.hours_minimum, t)),
        t("method.first_starts"),
        t("method.satisfaction"),
        t("method.checklist", as_of=format_date(report.analysis.as_of)),
        t("method.means"),
        t("method.suppression", min_n=config.min_n),
        t("method.rounding"),
    ]
    headings = [
        Heading("metod", 2, t("sections.headings.method")),
        Heading("metod-definitioner", 3, t("method.definitions_heading")),
        Heading("metod-mal", 3, t("method.targets_heading")),
        Heading("metod-lag", 3, t("method.law_heading")),
    ]
    return section(
        "method.html",
        headings,
        intro=[t("method.intro")],
        definitions=definitions,
        targets=[
            t("method_targets.targets", **model.target_values()),
            t("method_targets.authorization", as_of=format_date(report.analysis.as_of)),
            t("method_targets.ended"),
            t("method_targets.moved"),
        ],
        law=t("method.law"),
        blocks_title=t("method.blocks_heading"),
        blocks=t.section("method")["blocks"],
    )
