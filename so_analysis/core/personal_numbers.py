"""Swedish personnummer and samordningsnummer in text: recognising and masking (docs/method.md §4).

10 or 12 digits, with `-`, `+`, a space, an en dash or nothing before the last four. The check
digit is not verified: a wrong one still identifies a person. Masking errs on the side of
hiding: any such run of digits not part of a longer number is replaced by `MASK`.
"""

from __future__ import annotations

import re

MASK = "(dold)"

# Separators allowed between the date part and the last four digits.
SEPARATORS = "-+ \u2013"
PERSONAL_NUMBER = rf"(?:[0-9]{{6}}|[0-9]{{8}})[{SEPARATORS}]?[0-9]{{4}}"
_INSIDE = re.compile(rf"(?<!\d)(?:\d{{6}}|\d{{8}})[{SEPARATORS}]?\d{{4}}(?!\d)")
WHOLE = re.compile(rf"\s*({PERSONAL_NUMBER})\s*")


def mask_personal_numbers(text: object) -> str:
    """Replace anything personnummer-like inside `text` with MASK."""
    return _INSIDE.sub(MASK, str(text))


def count_personal_numbers(text: str) -> int:
    """How many personnummer-like runs `text` holds (what `mask_personal_numbers` replaces)."""
    return len(_INSIDE.findall(text))


def has_personal_number(text: str) -> bool:
    return _INSIDE.search(text) is not None
