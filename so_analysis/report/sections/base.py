"""What every section is built from: the section itself, its headings, table data, footnotes.

A section function reads the publication model, builds plain data (the dataclasses below, all
text already formatted, none of it HTML) and renders it with a template in
`report/templates/html/sections/`. The templates escape everything; the result is a `Section`:
the HTML, and the headings it holds (id, level, title), which the notebook shows as output
metadata so that the full report's table of contents is built from them.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from so_analysis.report.html import render
from so_analysis.report.publication.model import Cell, Publication, Report

METADATA_KEY = "so_analysis"

# The parameters in the order of Tabell 1 and the trend table.
TABLE_PARAMETERS = ("lead_time", "duration", "dropouts", "satisfaction")


@dataclass(frozen=True)
class Heading:
    """A heading with an anchor: what the table of contents links to."""

    id: str
    level: int
    title: str


class Section(str):
    """A section's HTML (safe, rendered by a template) and the headings it holds.

    It is a string, so it can be joined and searched like one; displayed in a notebook it shows
    as HTML with its headings as output metadata (`{"so_analysis": {"headings": [...]}}`).
    """

    headings: tuple[Heading, ...]

    def __new__(cls, html: str, headings: Iterable[Heading] = ()) -> Section:
        obj = super().__new__(cls, html)
        obj.headings = tuple(headings)
        return obj

    def __html__(self) -> str:
        return str(self)

    def metadata(self) -> dict[str, Any]:
        """The output metadata a notebook stores with this section."""
        return {METADATA_KEY: {"headings": [asdict(h) for h in self.headings]}}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        title = self.headings[0].title if self.headings else ""
        return {"text/html": str(self), "text/plain": title}, self.metadata()


def section(template: str, headings: Sequence[Heading], **context: Any) -> Section:
    """Render `sections/<template>` with its headings (the template draws them)."""
    return Section(render(f"sections/{template}", headings=headings, **context), headings)


def simple(
    headings: Sequence[Heading],
    table: Table | None = None,
    notes: Footnotes | None = None,
    lines: Sequence[str] = (),
) -> Section:
    """A section of headings, an optional table with its footnotes, then lines of text."""
    return section("simple.html", headings, table=table, notes=notes, lines=lines)


@dataclass(frozen=True)
class Piece:
    """Inline text: plain, or in a span of class `cls`, with a footnote number after it."""

    text: str
    cls: str = ""
    note: int = 0


@dataclass(frozen=True)
class TableCell:
    pieces: tuple[Piece, ...]
    num: bool = False


@dataclass(frozen=True)
class Row:
    """A table row: a row header cell when `header` is given, then the cells."""

    cells: tuple[TableCell, ...]
    header: str | None = None
    total: bool = False


@dataclass(frozen=True)
class Table:
    caption: str
    head: tuple[str, ...]
    rows: tuple[Row, ...]
    cls: str = ""


def cell(*pieces: Piece | str, num: bool = False) -> TableCell:
    """A table cell of pieces; a plain string is a plain piece."""
    return TableCell(tuple(p if isinstance(p, Piece) else Piece(p) for p in pieces), num)


def row(header: str | None, cells: Iterable[TableCell], total: bool = False) -> Row:
    return Row(tuple(cells), header, total)


def table(caption: str, head: Iterable[str], rows: Iterable[Row], cls: str = "") -> Table:
    return Table(caption, tuple(head), tuple(rows), cls)


@dataclass
class Footnotes:
    """Numbered footnotes of one section, one per distinct reason a figure is not shown."""

    title: str
    notes: list[str] = field(default_factory=list)

    def mark(self, note: str) -> int:
        """The number of `note`, added when new."""
        if note not in self.notes:
            self.notes.append(note)
        return self.notes.index(note) + 1


def footnotes(model: Publication) -> Footnotes:
    return Footnotes(model.t("sections.status.footnotes"))


def shown(c: Cell, model: Publication, notes: Footnotes) -> Piece:
    """A published figure as a table shows it: its text, or why not with a footnote mark."""
    if c.ok:
        return Piece(c.text)
    return Piece(c.text, "nodata", notes.mark(model.status_note(c.status)))


def judgement_piece(model: Publication, judgement: str | None) -> Piece:
    """A judgement as it reads, in a span of its class: met, missed, inprogress or nodata."""
    cls = {"met": "met", "missed": "missed", "in_progress": "inprogress"}.get(str(judgement))
    return Piece(model.judgement_text(judgement), cls or "nodata")


def sentence(template: str, **slots: str | Piece) -> tuple[Piece, ...]:
    """A text with `{slots}` as pieces, so that a slot can be a span (a judgement) in the sentence."""
    out: list[Piece] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            out.append(Piece(literal))
        if name is not None:
            value = slots[name]
            out.append(value if isinstance(value, Piece) else Piece(str(value)))
    return tuple(out)


def slug(report: Report, provider_id: str) -> str:
    return report.analysis.slugs.get(provider_id, provider_id)
