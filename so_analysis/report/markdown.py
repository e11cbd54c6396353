"""The municipality's own texts (`DATA/texter/*.md`): Markdown with raw HTML off, for HTML and Word.

A `<script>` in a text shows as text; images are not rendered (a page fetches nothing). Facts
from the data are filled in where a text names them: `{kommun}`, `{period}`, `{experter}`,
`{besok}`, `{atgard_senast}`, `{svar_senast}` (only these names; other braces stay as written).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup

FACTS = ("kommun", "period", "experter", "besok", "atgard_senast", "svar_senast")


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    return md


def fill_facts(text: str, facts: Mapping[str, str]) -> str:
    """Replace `{name}` for the known fact names only; anything else stays as written."""
    for name in FACTS:
        if name in facts:
            text = text.replace("{" + name + "}", facts[name])
    return text


def to_html(text: str, heading_offset: int = 0) -> Markup:
    """Markdown to safe HTML: raw HTML is shown as text, never as markup.

    `heading_offset` moves the text's own headings down (`#` becomes h4 with offset 3), so
    they nest under the section that holds the text.
    """
    md = _parser()
    tokens = md.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + heading_offset, 6)
            token.tag = f"h{level}"
    return Markup(md.renderer.render(tokens, md.options, {}))


@dataclass
class Run:
    """A piece of a paragraph with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    """A paragraph, heading or list item, as runs: what a Word template lays out."""

    kind: str  # "paragraph", "bullet", "number" or "heading"
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def to_blocks(text: str) -> list[Block]:
    """Markdown to paragraphs, headings and list items with bold and italic runs."""
    blocks: list[Block] = []
    lists: list[str] = []
    kind = "paragraph"
    for token in _parser().parse(text):
        if token.type == "bullet_list_open":
            lists.append("bullet")
        elif token.type == "ordered_list_open":
            lists.append("number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "heading_open":
            kind = "heading"
        elif token.type == "paragraph_open":
            kind = lists[-1] if lists else "paragraph"
        elif token.type == "inline":
            blocks.append(Block(kind, _runs(token.children or [])))
        elif token.type in ("fence", "code_block"):
            blocks.append(Block("paragraph", [Run(token.content.rstrip("\n"))]))
    return [b for b in blocks if b.text.strip()]


def _runs(children: list) -> list[Run]:
    runs: list[Run] = []
    bold = italic = False
    for child in children:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("text", "code_inline"):
            runs.append(Run(child.content, bold, italic))
        elif child.type in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bold, italic))
    return runs
