"""The report's page as Typst markup: what the PDF shows, read from the published HTML.

The PDF (`report/pdf.py`) is typeset by Typst from the same self-contained page the report
publishes, so it says exactly what the page says: every heading, paragraph, list, table and
chart of the page, in its order, laid out as the page's print stylesheet lays it out for a
browser (`templates/report.css`, `@media print`): A4, page numbers "n (N)" with the report's
title in the foot, the contents with page numbers (the experts and parts only, as in print),
each expert and the appendix on a new page, tables and charts never broken across pages (a
table longer than a page breaks, its head repeated), an expert's results table with its chart
beside it, the summary's charts two by two, footnotes run on as one paragraph.

This module only reads HTML and writes text; the charts' SVG are handed back to be written
beside the markup as files for Typst to draw (`Typeset.images`). The page's text goes into the
markup as string literals, so no character of it is read as markup.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from so_analysis.report.html import breakable
from so_analysis.report.html_tree import Node, parse
from so_analysis.report.typst_style import (
    BAND,
    INK,
    INPROGRESS,
    MET,
    MISSED,
    MUTED,
    RULE,
    preamble,
)

# A table is kept on one page when it fits one (print: `break-inside: avoid`); one that may not
# (more lines than this, counting a cell of 40 characters a line) breaks, its head repeated.
UNBREAKABLE_LINES = 60

_BLOCK = {
    "address", "article", "aside", "blockquote", "div", "dl", "dd", "dt", "figure",
    "figcaption", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "ul", "caption", "details", "summary",
}  # fmt: skip
_LABEL_CHARS = re.compile(r"[^A-Za-z0-9_.:-]")


def string(text: str) -> str:
    """A Typst string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", "")
    return f'"{escaped}"'


def label(anchor: str) -> str:
    return "<" + _LABEL_CHARS.sub("-", anchor) + ">"


@dataclass
class Typeset:
    """The page as Typst markup, and the charts it draws (file name → SVG bytes)."""

    markup: str
    images: dict[str, bytes]
    title: str


class _Writer:
    def __init__(self, root: Node) -> None:
        self.images: dict[str, bytes] = {}
        ids: dict[str, int] = {}
        self._count_ids(root, ids)
        self.unique = {k for k, n in ids.items() if n == 1}

    def _count_ids(self, node: Node, ids: dict[str, int]) -> None:
        for child in node.elements():
            if child.attrs.get("id"):
                key = label(child.attrs["id"])
                ids[key] = ids.get(key, 0) + 1
            self._count_ids(child, ids)

    # -- inline content ----------------------------------------------------------------------

    def inline(self, children: list[Node | str]) -> str:
        out = []
        for child in children:
            if isinstance(child, str):
                # a word of over 40 characters may break, as in the page's tables (html.py)
                text = breakable(re.sub(r"\s+", " ", child))
                if text:
                    out.append(f"#{string(text)};")
            else:
                out.append(self.inline_element(child))
        return "".join(out)

    def inline_element(self, node: Node) -> str:
        tag, cls = node.tag, node.classes
        inner = self.inline(node.children)
        if tag in ("strong", "b"):
            return f"#strong[{inner}]"
        if tag in ("em", "i"):
            return f"#emph[{inner}]"
        if tag == "sup":
            return f"#super[{inner}]"
        if tag == "sub":
            return f"#sub[{inner}]"
        if tag == "br":
            return "#linebreak()"
        if tag == "code":
            return f"#raw({string(node.text())})"
        if tag == "img":
            return self.image(node, "")
        if tag == "span":
            if "previous" in cls:  # on a line of its own, small and muted
                return f'#linebreak()#text(size: 6.4pt, fill: rgb("{MUTED}"), weight: "regular")[{inner}]'
            if "nodata" in cls:
                return f'#text(fill: rgb("{MUTED}"), style: "italic")[{inner}]'
            if "overdue" in cls:
                return f'#text(fill: rgb("{MISSED}"), weight: "bold")[{inner}]'
            for name, colour in (("met", MET), ("missed", MISSED), ("inprogress", INPROGRESS)):
                if name in cls:
                    return (
                        f'#box(stroke: 0.6pt + rgb("{colour}"), inset: (x: 1.2pt), '
                        f'outset: (y: 1.2pt), radius: 1pt)[#text(fill: rgb("{colour}"), '
                        f'weight: "bold")[{inner}]]'
                    )
        return inner

    # -- blocks ------------------------------------------------------------------------------

    def blocks(self, children: list[Node | str]) -> str:
        out: list[str] = []
        run: list[Node | str] = []  # inline content between blocks: a paragraph of its own
        elements = children
        i = 0
        while i < len(elements):
            child = elements[i]
            if isinstance(child, Node) and (child.tag in _BLOCK or child.tag == "img"):
                out.append(self.paragraph(run))
                run = []
                if (
                    child.tag == "p"
                    and "target" in child.classes
                    and (verdict := _next_element(elements, i))
                    and verdict[0].tag == "p"
                    and "verdict" in verdict[0].classes
                ):
                    # "Mål: … Bedömning för X: uppfyllt." as one paragraph (print)
                    both = [*child.children, " ", *verdict[0].children]
                    out.append(self.paragraph(both))
                    i = verdict[1] + 1
                    continue
                out.append(self.block(child))
            else:
                run.append(child)
            i += 1
        out.append(self.paragraph(run))
        return "".join(out)

    def paragraph(self, children: list[Node | str]) -> str:
        content = self.inline(children).strip()
        if not content or content == '#" ";':
            return ""
        return f"#par[{content}]\n"

    def anchor(self, node: Node) -> str:
        """A marker for the element's id (the contents' page numbers point at it)."""
        if not node.attrs.get("id"):
            return ""
        key = label(node.attrs["id"])
        return f"#metadata(none) {key}\n" if key in self.unique else ""

    def block(self, node: Node) -> str:
        tag, cls = node.tag, node.classes
        if re.fullmatch(r"h[1-6]", tag):
            return self.heading(node)
        if tag == "nav" and "toc" in cls:
            return self.toc(node)
        if tag == "section":
            brk = "#pagebreak(weak: true)\n" if cls & {"expert", "appendix"} else ""
            return brk + self.anchor(node) + self.blocks(node.children)
        if tag == "header":
            return self.anchor(node) + self.blocks(node.children)
        if tag == "footer":
            body = self.blocks(node.children)
            return (
                f'#block(width: 100%, above: 6pt, stroke: (top: 0.5pt + rgb("{RULE}")), '
                f'inset: (top: 2pt))[#set text(fill: rgb("{MUTED}"), size: 0.9em)\n{body}]\n'
            )
        if tag == "p":
            content = self.inline(node.children).strip()
            if not content:
                return ""
            if "doc-kicker" in cls:
                return (
                    f'#par[#text(fill: rgb("{MUTED}"), size: 0.85em, tracking: 0.06em)'
                    f"[#upper[{content}]]]\n"
                )
            if cls & {"doc-meta", "meta"}:
                return f'#par[#text(fill: rgb("{MUTED}"), size: 0.9em)[{content}]]\n'
            return self.anchor(node) + f"#par[{content}]\n"
        if tag in ("ul", "ol"):
            return self.listing(node)
        if tag == "table":
            return self.table(node, None)
        if tag == "figure":
            return self.figure(node, None)
        if tag == "img":
            return self.image(node, "") + "\n"
        if tag == "blockquote":
            return f"#pad(left: 8pt)[{self.blocks(node.children)}]\n"
        if tag == "div":
            if "result" in cls:
                return self.result(node)
            if "charts" in cls:
                return self.charts(node)
            if "footnotes" in cls:
                return self.footnotes(node)
            if "table" in cls:
                return self.anchor(node) + self.blocks(node.children)
        return self.anchor(node) + self.blocks(node.children)

    def heading(self, node: Node, toc: bool = False) -> str:
        level = int(node.tag[1])
        content = self.inline(node.children).strip()
        key = label(node.attrs["id"]) if node.attrs.get("id") else ""
        lab = f" {key}" if key and key in self.unique else ""
        heading = f"#heading(level: {level})[{content}]{lab}"
        if toc:  # the contents' own heading: smaller, without the rule
            return f"#[#show heading: it => block(above: 4pt, below: 2pt, text(size: 9.4pt, it.body))\n{heading}]\n"
        if "results" in node.classes:
            # drawn in no place, kept in the structure (the reasons' H5 under it skips none)
            return f"#place(box(width: 0pt, height: 0pt, clip: true)[{heading}])\n"
        return heading + "\n"

    def toc(self, node: Node) -> str:
        """The contents as print shows them: the parts and experts, numbered, with the page
        each starts on (the sections under them are the screen's)."""
        out = []
        for child in node.elements():
            if child.tag in ("ol", "ul"):
                entries = [i for i in child.elements() if i.tag == "li"]
                for n, item in enumerate(entries, start=1):
                    link = item.find("a")
                    if link is None:
                        continue
                    text = self.inline(link.children).strip()
                    target = label(link.attrs.get("href", "").lstrip("#"))
                    ordinal = f"#[{n}. ]" if child.tag == "ol" else ""
                    if target in self.unique:
                        number = f"#context counter(page).at({target}).first()"
                        out.append(
                            f"#par[{ordinal}#link({target})[{text}]"
                            f'#box(width: 1fr, repeat[#text(fill: rgb("{MUTED}"))[. ]])'
                            f'#text(fill: rgb("{MUTED}"))[{number}]]\n'
                        )
                    else:
                        out.append(f"#par[{ordinal}{text}]\n")
            elif re.fullmatch(r"h[1-6]", child.tag):
                out.append(self.heading(child, toc=True))
            else:
                out.append(self.block(child))
        body = "".join(out)
        return (
            f'#block(width: 100%, stroke: 0.5pt + rgb("{RULE}"), inset: (x: 8pt, top: 2pt, '
            f"bottom: 5pt), above: 5pt, below: 5pt)[#set par(spacing: 0.78em)\n{body}]\n"
        )

    def listing(self, node: Node) -> str:
        items = [i for i in node.elements() if i.tag == "li"]
        if "keyfigures" in node.classes:
            boxes = "#h(0.6em, weak: true)".join(
                f'#box(fill: rgb("{BAND}"), inset: (x: 5pt, y: 2pt), radius: 2pt)'
                f"[{self.inline(i.children).strip()}]"
                for i in items
            )
            return f"#block(breakable: false)[#par[{boxes}]]\n"
        function = "enum" if node.tag == "ol" else "list"
        body = ", ".join(f"[{self.blocks(i.children)}]" for i in items)
        listing = f"#{function}(tight: true, {body})\n" if items else ""
        if node.tag == "ol" and self.appendix:
            return f"#columns(2, gutter: 12pt)[{listing}]\n"
        return listing

    appendix = False

    def table(self, node: Node, width: str | None) -> str:
        caption = next((c for c in node.elements() if c.tag == "caption"), None)
        head_rows: list[Node] = []
        body_rows: list[Node] = []
        for part in node.elements():
            rows = [r for r in part.elements() if r.tag == "tr"] if part.tag != "tr" else [part]
            if part.tag == "thead":
                head_rows += rows
            elif part.tag in ("tbody", "tfoot", "tr"):
                body_rows += rows
        columns = max(
            (
                sum(int(c.attrs.get("colspan", "1") or 1) for c in r.elements())
                for r in head_rows + body_rows
            ),
            default=1,
        )
        cells: list[str] = []
        if head_rows:
            header = []
            for row in head_rows:
                header += [self.cell(c, head=True, total=False) for c in row.elements()]
            # a head of many lines (a name of thousands of letters) is not repeated on every page
            long_head = sum(len(c.text()) for r in head_rows for c in r.elements()) > 400
            repeat = "repeat: false, " if long_head else ""
            cells.append(f"table.header({repeat}" + ", ".join(header) + ")")
        for row in body_rows:
            total = "total" in row.classes
            cells += [self.cell(c, head=False, total=total) for c in row.elements()]
        if width is not None:  # a results table as wide as its column: the first one takes the rest
            spec = "(1.6fr, " + "1fr, " * (columns - 1) + ")"
        else:
            spec = "(" + "auto, " * columns + ")"
        heads = len(head_rows)
        stroke = (
            f'(x, y) => (bottom: if y + 1 == {heads} {{ 1.2pt + rgb("{INK}") }} '
            f'else {{ 0.5pt + rgb("{RULE}") }})'
        )
        table = (
            f"#table(columns: {spec}, inset: (x: 3.5pt, y: 2.6pt), stroke: {stroke}, "
            f"align: left, " + ", ".join(cells) + ")"
        )
        title = ""
        if caption is not None:
            title = f"#par[#strong[{self.inline(caption.children).strip()}]]\n"
        lines = sum(
            max((len(c.text()) // 40 + 1 for c in row.elements()), default=1)
            for row in head_rows + body_rows
        )
        breakable = "true" if lines > UNBREAKABLE_LINES else "false"
        size = f"width: {width}, " if width else ""
        return (
            f"#block({size}breakable: {breakable}, above: 3pt, below: 4pt)"
            f"[#set text(size: 7.2pt)\n{title}{table}]\n"
        )

    def cell(self, node: Node, head: bool, total: bool) -> str:
        args = []
        span = node.attrs.get("colspan")
        if span and span != "1":
            args.append(f"colspan: {int(span)}")
        span = node.attrs.get("rowspan")
        if span and span != "1":
            args.append(f"rowspan: {int(span)}")
        if "num" in node.classes:
            args.append("align: right")
        if head or total:
            args.append(f'fill: rgb("{BAND}")')
        content = (
            self.blocks(node.children).strip()
            if _has_block(node)
            else self.inline(node.children).strip()
        )
        if node.tag == "th" or total:
            content = f"#strong[{content}]"
        return f"table.cell({', '.join(args)})[{content}]"

    def image(self, node: Node, size: str) -> str:
        src = node.attrs.get("src", "")
        alt = node.attrs.get("alt", "")
        match = re.match(r"data:image/(svg\+xml|png|jpeg);base64,(.*)", src, re.S)
        if not match:
            return ""
        extension = {"svg+xml": "svg", "png": "png", "jpeg": "jpg"}[match[1]]
        name = f"chart-{len(self.images) + 1:04d}.{extension}"
        self.images[name] = base64.b64decode(match[2])
        sizing = size or "height: 3.2cm"
        return f"#image({string(name)}, alt: {string(alt)}, {sizing})"

    def figure(self, node: Node, size: str | None) -> str:
        img = node.find("img")
        caption = next((c for c in node.elements() if c.tag == "figcaption"), None)
        body = self.image(img, size or "") if img is not None else ""
        if caption is not None:
            body += (
                f'\n#par[#text(size: 6.8pt, fill: rgb("{MUTED}"))'
                f"[{self.inline(caption.children).strip()}]]"
            )
        return f"#block(breakable: false, above: 2pt, below: 4pt)[{body}]\n"

    def result(self, node: Node) -> str:
        """The expert's results table (60 %) with its chart beside it, never broken."""
        table = ""
        chart = ""
        rest = []
        for child in node.elements():
            if "table" in child.classes and (t := child.find("table")) is not None:
                table = self.table(t, "100%")
            elif child.tag == "figure":
                chart = self.figure(child, "width: 100%")
            else:
                rest.append(self.block(child))
        return (
            f"#block(breakable: false)[#grid(columns: (60%, 1fr), column-gutter: 8pt, "
            f"[{table}], [#v(12pt){chart}])]\n" + "".join(rest)
        )

    def charts(self, node: Node) -> str:
        """The summary's charts two by two, each with its heading."""
        cells = []
        for cell in node.elements():
            parts = []
            for child in cell.elements():
                if child.tag == "figure":
                    parts.append(self.figure(child, "width: 100%"))
                else:
                    parts.append(self.block(child))
            cells.append("[#block(breakable: false)[" + "".join(parts) + "]]")
        return (
            f"#grid(columns: (1fr, 1fr), column-gutter: 8pt, row-gutter: 4pt, {', '.join(cells)})\n"
        )

    def footnotes(self, node: Node) -> str:
        """The notes run on as one paragraph: "Förklaringar: 1. … 2. …"."""
        parts = []
        for child in node.elements():
            if child.tag == "p":
                parts.append(self.inline(child.children).strip() + "#[: ]")
            elif child.tag in ("ol", "ul"):
                items = [i for i in child.elements() if i.tag == "li"]
                for n, item in enumerate(items, start=1):
                    number = f"#[{n}. ]" if child.tag == "ol" else ""
                    parts.append(number + self.inline(item.children).strip() + "#[ ]")
            else:
                parts.append(self.inline(child.children).strip())
        body = "".join(parts)
        return (
            f'#block(width: 100%, above: 1pt, stroke: (top: 0.5pt + rgb("{RULE}")), '
            f'inset: (top: 1pt))[#set text(size: 6.6pt, fill: rgb("{MUTED}"))\n#par[{body}]]\n'
        )


def _next_element(children: list[Node | str], i: int) -> tuple[Node, int] | None:
    for j in range(i + 1, len(children)):
        child = children[j]
        if isinstance(child, Node):
            return child, j
        if child.strip():
            return None
    return None


def _has_block(node: Node) -> bool:
    return any(c.tag in _BLOCK - {"caption"} for c in node.elements())


def typeset(html: str) -> Typeset:
    """The page as Typst markup and the images it draws."""
    root = parse(html)
    writer = _Writer(root)
    html_node = root.find("html") or root
    lang = html_node.attrs.get("lang", "sv") or "sv"
    title_node = root.find("title")
    title = re.sub(r"\s+", " ", title_node.text()).strip() if title_node else ""
    h1 = root.find("h1")
    doctitle = re.sub(r"\s+", " ", h1.text()).strip() if h1 else title
    title = title or doctitle or "–"  # PDF/UA: a document has a title
    body = root.find("body") or root
    parts: list[str] = []
    for child in body.children:
        if isinstance(child, Node) and child.tag == "main":
            for part in child.children:
                if isinstance(part, Node) and "appendix" in part.classes:
                    writer.appendix = True
                    parts.append(writer.block(part))
                    writer.appendix = False
                elif isinstance(part, Node):
                    parts.append(writer.block(part))
        elif isinstance(child, Node):
            parts.append(writer.block(child))
    head = preamble(string(title), string(lang), string(doctitle))
    return Typeset(head + "".join(parts), writer.images, title)


__all__ = ["Typeset", "parse", "typeset"]
