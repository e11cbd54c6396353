"""Privacy (SPEC §4): personnummer detection, keyed pseudonyms and masking of free text.

A participant id that looks like a Swedish *personnummer* or *samordningsnummer* (10 or 12
digits, optionally with '-' or '+' before the last four) is replaced on load by
``"p_" + HMAC-SHA256(key, last ten digits)[:16]``. The key is the municipality's own secret
(env ``SO_ANALYSIS_KEY``, or a key file created on first use), so pseudonyms are stable across
runs but cannot be reversed by guessing birth dates without the key.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
from pathlib import Path

import pandas as pd

KEY_ENV = "SO_ANALYSIS_KEY"
KEY_FILE_ENV = "SO_ANALYSIS_KEY_FILE"
DEFAULT_KEY_FILE = Path("~/.config/so-analysis/pseudonym.key")
PSEUDONYM_PREFIX = "p_"
MASK = "(dold)"

# YYMMDD[-+]NNNN or YYYYMMDD[-+]NNNN; the check digit is not verified (a wrong one still
# identifies a person).
_PERSONAL_NUMBER = r"(?:\d{6}|\d{8})[-+]?\d{4}"
_WHOLE = re.compile(rf"\s*({_PERSONAL_NUMBER})\s*")
_INSIDE = re.compile(rf"(?<!\d){_PERSONAL_NUMBER}(?!\d)")


def looks_like_personal_number(value: object) -> bool:
    """True for 10 or 12 digits, optionally with '-' or '+' before the last four."""
    if not isinstance(value, str):
        return False
    return _WHOLE.fullmatch(value) is not None


def _canonical(value: str) -> str:
    """The last ten digits: 19850101-1234, 850101-1234 and 8501011234 are one person."""
    digits = re.sub(r"\D", "", value)
    return digits[-10:]


def key_file_path() -> Path:
    """Where the pseudonymisation key is kept when `SO_ANALYSIS_KEY` is not set."""
    configured = os.environ.get(KEY_FILE_ENV)
    return Path(configured).expanduser() if configured else DEFAULT_KEY_FILE.expanduser()


def get_key() -> bytes:
    """The pseudonymisation key: env `SO_ANALYSIS_KEY`, else the key file (created on first use)."""
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return from_env.encode("utf-8")
    path = key_file_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it meanwhile
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(32) + "\n")
            os.chmod(path, 0o600)
    key = path.read_text(encoding="utf-8").strip()
    if not key:
        raise RuntimeError(f"Nyckelfilen {path} är tom; ta bort den så skapas en ny.")
    return key.encode("utf-8")


def pseudonym(value: str, key: bytes) -> str:
    """The pseudonym of one personnummer-like value."""
    digest = hmac.digest(key, _canonical(value).encode("ascii"), "sha256").hex()
    return PSEUDONYM_PREFIX + digest[:16]


def pseudonymise_ids(ids: pd.Series, key: bytes | None = None) -> pd.Series:
    """Replace personnummer-like ids by keyed pseudonyms; other ids are returned stripped.

    Missing values stay missing. The hash is computed once per distinct value.
    """
    if key is None:
        key = get_key()
    out = ids.astype("object").copy()
    present = out.notna()
    distinct = pd.unique(out[present].to_numpy(dtype=object))
    text = out[present].map({v: str(v).strip() for v in distinct}).astype(object)
    out[present] = text
    hits = text.str.fullmatch(_PERSONAL_NUMBER)
    if hits.any():
        values = text[hits]
        mapping = {v: pseudonym(v, key) for v in pd.unique(values)}
        out[values.index] = values.map(mapping)
    return out


def mask_personal_numbers(text: str) -> str:
    """Replace anything personnummer-like inside free text with "(dold)"."""
    return _INSIDE.sub(MASK, str(text))
