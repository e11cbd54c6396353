"""Privacy (docs/method.md §4): keyed pseudonyms for participant ids, masking, and the key file.

A participant id that looks like a Swedish *personnummer* or *samordningsnummer* (10 or 12
digits, optionally with '-', '+', a space or an en dash before the last four) is replaced on
load by ``"p_" + HMAC-SHA256(key, last ten digits)[:16]``. The key is the municipality's own
secret (env ``SO_ANALYSIS_KEY``, or a key file created on first use), so pseudonyms are stable
across runs but cannot be reversed by guessing birth dates without the key. Anywhere else (a
name, a comment, a plan text) such a number is masked as "(dold)". Before an id is replaced,
the sex its second-to-last digit gives is read (`pseudonymise_with_sex`); nothing else of it is.

The key file is created atomically: the key is written to a temporary file beside it (mode
0600) and linked into place, so a run never sees an empty or half-written key, and of many
first runs at once every one ends up with the same key.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import re
import secrets
import stat
from pathlib import Path

import numpy as np
import pandas as pd

from so_analysis.core.errors import InputError, InputFault
from so_analysis.core.personal_numbers import (
    MASK,
    PERSONAL_NUMBER,
    count_personal_numbers,
    mask_personal_numbers,
    sex_of_digits,
)
from so_analysis.core.texts import texts

__all__ = [
    "MASK",
    "KeyFileError",
    "get_key",
    "key_file_path",
    "mask_personal_numbers",
    "mask_text_values",
    "pseudonym",
]

log = logging.getLogger(__name__)

KEY_ENV = "SO_ANALYSIS_KEY"
KEY_FILE_ENV = "SO_ANALYSIS_KEY_FILE"
DEFAULT_KEY_FILE = Path("~/.config/so-analysis/pseudonym.key")
PSEUDONYM_PREFIX = "p_"
MIN_KEY_BYTES = 32

_FULL = re.compile(PERSONAL_NUMBER)
# Shortest and longest text a personnummer can be (after stripping): 10 digits, 12 + separator.
_SHORTEST, _LONGEST = 10, 13


class KeyFileError(InputError):
    """The key file cannot be used; the message names the file and what to do."""

    def __init__(self, path: Path, what: str):
        super().__init__([InputFault(file=str(path), expected=what)])


def _canonical(value: str) -> str:
    """The last ten digits: 19850101-1234, 850101-1234 and 8501011234 are one person."""
    digits = re.sub(r"[^0-9]", "", value)
    return digits[-10:]


def key_file_path() -> Path:
    """Where the pseudonymisation key is kept when `SO_ANALYSIS_KEY` is not set."""
    configured = os.environ.get(KEY_FILE_ENV)
    return Path(configured).expanduser() if configured else DEFAULT_KEY_FILE.expanduser()


def _create_key_file(path: Path) -> None:
    """Write a new key to a private temporary file and link it into place (never replacing)."""
    t = texts("sv")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise KeyFileError(path, t("load.key.cannot_create", error=exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another run made it first: use theirs
            os.link(temporary, path)
    except OSError as exc:
        raise KeyFileError(path, t("load.key.cannot_create", error=exc.strerror or exc)) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _read_key_file(path: Path) -> bytes:
    t = texts("sv")
    try:
        info = path.stat()
        data = path.read_bytes()
    except IsADirectoryError:
        raise KeyFileError(path, t("load.key.not_a_file")) from None
    except OSError as exc:
        raise KeyFileError(path, t("load.key.unreadable", error=exc.strerror or exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise KeyFileError(path, t("load.key.not_a_file"))
    if info.st_mode & 0o077:
        log.warning(t("load.key.readable_by_others", path=path, mode=oct(info.st_mode & 0o777)))
    key = data.strip()
    if not key:
        raise KeyFileError(path, t("load.key.empty"))
    if len(key) < MIN_KEY_BYTES:
        raise KeyFileError(path, t("load.key.too_short", n=len(key), minimum=MIN_KEY_BYTES))
    return key


def get_key() -> bytes:
    """The pseudonymisation key: env `SO_ANALYSIS_KEY`, else the key file (created on first use).

    Raises `KeyFileError` (an `InputError`) naming the file and what to do when it is unusable.
    """
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return from_env.encode("utf-8")
    path = key_file_path()
    if not path.exists() and not path.is_symlink():
        _create_key_file(path)
    return _read_key_file(path)


def pseudonym(value: str, key: bytes) -> str:
    """The pseudonym of one personnummer-like value."""
    return _keyed(_canonical(value), key)


def _keyed(canonical: str, key: bytes) -> str:
    digest = hmac.digest(key, canonical.encode("ascii"), "sha256").hex()
    return PSEUDONYM_PREFIX + digest[:16]


def _lengths(values: np.ndarray) -> np.ndarray:
    """len() of each str, 0 for anything else (missing values, numbers)."""
    out = np.zeros(len(values), dtype=np.int64)
    present = np.flatnonzero(pd.notna(values))
    if not len(present):
        return out
    items = values[present].tolist()
    try:
        out[present] = np.fromiter(map(len, items), dtype=np.int64, count=len(items))
    except TypeError:  # not only text
        out[present] = [len(v) if isinstance(v, str) else 0 for v in items]
    return out


def pseudonymise(ids: pd.Series, key: bytes) -> tuple[pd.Series, np.ndarray, int]:
    """The ids (stripped, missing ones kept) with every personnummer replaced by its pseudonym,
    the mask of the ids replaced, and how many numbers were masked inside the others.

    An id that is a personnummer becomes its pseudonym; an id that only holds one (such as
    'ID 850101-1234') has it masked. Lengths are counted once and pick the few ids worth a look.
    """
    values, replaced, masked, _ = _pseudonymise(ids, key)
    return pd.Series(values, index=ids.index, dtype=object, copy=False), replaced, masked


def pseudonymise_with_sex(ids: pd.Series, key: bytes) -> tuple[pd.Series, int, pd.Series]:
    """`pseudonymise`'s ids and count of masked numbers, and the sex each id that is a
    personnummer or samordningsnummer gives (`sex_of_personal_number`: 'kvinna', 'man'; None
    for every other id), read from the number before it is replaced. Nothing else of it is kept.
    """
    values, _, masked, sexes = _pseudonymise(ids, key)
    index = ids.index
    return (
        pd.Series(values, index=index, dtype=object, copy=False),
        masked,
        pd.Series(sexes, index=index, dtype=object, copy=False),
    )


def _pseudonymise(ids: pd.Series, key: bytes) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """The ids with personnummer replaced, the mask of those replaced, the numbers masked inside
    the others, and the sex of each replaced id (None elsewhere)."""
    values = ids.to_numpy(dtype=object).copy()
    try:  # a CSV file's ids: all text, none missing
        stripped = list(map(str.strip, values.tolist()))
        present = np.arange(len(values))
    except TypeError:  # some missing, or not only text (a workbook's numbers)
        present = np.flatnonzero(pd.notna(values))
        items = values[present].tolist()
        stripped = [v.strip() if isinstance(v, str) else str(v).strip() for v in items]
    values[present] = stripped
    lengths = np.zeros(len(values), dtype=np.int64)
    lengths[present] = np.fromiter(map(len, stripped), dtype=np.int64, count=len(stripped))
    candidates = np.flatnonzero((lengths >= _SHORTEST) & (lengths <= _LONGEST))
    hits = np.asarray([i for i in candidates if _FULL.fullmatch(values[i])], dtype=np.int64)
    replaced = np.zeros(len(values), dtype=bool)
    sexes = np.full(len(values), None, dtype=object)
    if len(hits):
        mapping: dict[str, str] = {}
        sex_of: dict[str, str | None] = {}
        for v in set(values[hits]):
            digits = _canonical(v)
            mapping[v], sex_of[v] = _keyed(digits, key), sex_of_digits(digits)
        sexes[hits] = [sex_of[v] for v in values[hits]]
        values[hits] = [mapping[v] for v in values[hits]]
        replaced[hits] = True
    masked = 0
    for i in np.flatnonzero((lengths >= _SHORTEST) & ~replaced):
        n = count_personal_numbers(values[i])
        if n:
            values[i] = mask_personal_numbers(values[i])
            masked += n
    return values, replaced, masked, sexes


def mask_distinct(texts: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Distinct texts (str or None) with personnummer masked, and the count per text.

    The counts are None when nothing was masked (the texts are returned as they are).
    """
    lengths = _lengths(texts)
    candidates = np.flatnonzero(lengths >= _SHORTEST)
    if not len(candidates):
        return texts, None
    found = [count_personal_numbers(texts[i]) for i in candidates]
    if not any(found):
        return texts, None
    counts = np.zeros(len(texts), dtype=np.int64)
    counts[candidates] = found
    out = texts.copy()
    for i in candidates[np.asarray(found) > 0]:
        out[i] = mask_personal_numbers(texts[i])
    return out, counts


def mask_text_values(values: pd.Series, keep: np.ndarray | None = None) -> tuple[pd.Series, int]:
    """Mask anything personnummer-like in a column of text; also how many were masked.

    Rows where `keep` is True (pseudonyms, whose hex digits may by chance look like a number)
    are left alone. Only values long enough to hold a number are searched, each distinct one once.
    """
    array = values.to_numpy(dtype=object)
    long_enough = _lengths(array) >= _SHORTEST
    if keep is not None:
        long_enough &= ~keep
    candidates = np.flatnonzero(long_enough)
    if not len(candidates):
        return values, 0
    codes, uniques = pd.factorize(array[candidates])
    counts = np.fromiter(map(count_personal_numbers, uniques), dtype=np.int64, count=len(uniques))
    if not counts.any():
        return values, 0
    masked = np.empty(len(uniques), dtype=object)
    masked[:] = [mask_personal_numbers(u) if n else u for u, n in zip(uniques, counts, strict=True)]
    out = array.copy()
    out[candidates] = masked[codes]
    return pd.Series(out, index=values.index, dtype=object, copy=False), int(counts[codes].sum())
