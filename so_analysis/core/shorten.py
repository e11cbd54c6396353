"""A name shortened to fit a chart or a console line, without measuring it in any font.

A chart's label must not depend on a font having the name's glyphs, and a name may be long
(an expert name of 5,000 characters is valid input). So widths are counted, not measured: a
character of the East Asian wide or fullwidth kind (CJK, Hangul, most emoji) counts 2 columns,
a combining mark or an invisible format character (a right-to-left mark, a zero-width joiner)
0, every other character 1. A name is cut only between characters a reader sees as one (a
letter with its accents, an emoji with its modifiers and joined parts, a flag's two halves),
and the cut is marked with an ellipsis. The whole name stays in tables and alt texts.
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "\u2026"
ZWJ = "\u200d"
_SPACE = re.compile(r"\s+")


def _char_width(char: str) -> int:
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _joins_previous(char: str, previous: str) -> bool:
    """Whether `char` belongs to the character a reader sees before it."""
    code = ord(char)
    return (
        previous == ZWJ
        or char == ZWJ
        or unicodedata.category(char) in ("Mn", "Me", "Mc")
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin-tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
    )


def clusters(text: str) -> list[str]:
    """`text` as the characters a reader sees (an approximation of Unicode's grapheme clusters:
    a base with its combining marks, emoji sequences, regional-indicator pairs)."""
    out: list[str] = []
    pending_flag = False  # the last cluster is a lone regional indicator
    for char in text:
        regional = 0x1F1E6 <= ord(char) <= 0x1F1FF
        if out and (_joins_previous(char, out[-1][-1]) or (regional and pending_flag)):
            out[-1] += char
            pending_flag = False
        else:
            out.append(char)
            pending_flag = regional
    return out


def display_width(text: str) -> int:
    """How many columns `text` takes (wide characters 2, marks and invisible ones 0)."""
    return sum(_char_width(c) for c in text)


def one_line(text: str) -> str:
    """`text` on one line: every run of white space (tabs, line breaks) one space, trimmed."""
    return _SPACE.sub(" ", str(text)).strip()


def shorten(text: str, width: int) -> str:
    """`text` on one line and at most `width` columns: cut between whole characters, with an
    ellipsis, where it is longer. 'Omsorgslyftet utbildningar AB' fits 32; a 5,000-character
    name becomes its first 31 columns and '…'."""
    text = one_line(text)
    if display_width(text) <= width:
        return text
    kept: list[str] = []
    used = 0
    for cluster in clusters(text):
        w = display_width(cluster)
        if used + w > width - 1:
            break
        kept.append(cluster)
        used += w
    return "".join(kept).rstrip() + ELLIPSIS
