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


# The sexes a participant's row may carry (SPEC §7); None is unknown (*okänt*).
WOMAN = "kvinna"
MAN = "man"


def sex_of_personal_number(value: str) -> str | None:
    """WOMAN or MAN from a whole personnummer or samordningsnummer, None for anything else
    (`sex_of_digits` on its last ten digits)."""
    match = WHOLE.fullmatch(value)
    if match is None:
        return None
    return sex_of_digits(re.sub(r"[^0-9]", "", match.group(1))[-10:])


def sex_of_digits(digits: str) -> str | None:
    """WOMAN or MAN from the ten digits of a personnummer or samordningsnummer, else None.

    The second-to-last digit is odd for a man, even for a woman. Only digits whose date part can
    be a birth date count: month 01–12, day 01–31, or 61–91 (a samordningsnummer's day + 60);
    the check digit is not verified (`mask_personal_numbers` does not either).
    """
    month, day = digits[2:4], digits[4:6]
    if not ("01" <= month <= "12" and ("01" <= day <= "31" or "61" <= day <= "91")):
        return None
    return MAN if digits[8] in "13579" else WOMAN
