"""Names safe in file names and HTML ids, made from expert names."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """'Strömbergs jobbcoachning' -> 'strombergs-jobbcoachning'; never empty."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    return s or "expert"


def unique_slugs(names: list[str]) -> list[str]:
    """Slugs for names in order, made unique with -2, -3 … where two names fold alike."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        base = slugify(name)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out
