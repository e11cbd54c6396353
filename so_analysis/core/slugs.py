"""Names safe in file names and HTML ids, made from expert names."""

from __future__ import annotations

import re
import unicodedata

# A slug is at most this long (file names on every system allow far more; pages stay readable).
MAX_SLUG = 60


def slugify(text: str, limit: int = MAX_SLUG) -> str:
    """'Strömbergs jobbcoachning' -> 'strombergs-jobbcoachning'; never empty, at most `limit`."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    s = s[:limit].rstrip("-")
    return s or "expert"


def unique_slugs(names: list[str]) -> list[str]:
    """Slugs for names in order, distinct even where names fold alike ('Alfa AB', 'Alfa-AB').

    A name keeps its own slug when no earlier name took it; otherwise it gets the first free
    `-2`, `-3` … that is neither taken nor another name's own slug ('Alfa AB 2'). Every slug is
    at most MAX_SLUG characters.
    """
    bases = [slugify(name) for name in names]
    natural = set(bases)
    used: set[str] = set()
    out = []
    for base in bases:
        slug = base
        k = 1
        while slug in used or (k > 1 and slug in natural):
            k += 1
            suffix = f"-{k}"
            slug = base[: MAX_SLUG - len(suffix)].rstrip("-") + suffix
        used.add(slug)
        out.append(slug)
    return out
