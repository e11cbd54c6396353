"""User-facing text in one place: gettext catalogues, `locales/<lang>/LC_MESSAGES/so_analysis.po`.

A msgid is a symbolic key (`section.key`, e.g. `sections.checklist.counts`), its msgstr the text
with `{placeholders}`; Swedish and English have the same msgids and the same placeholders per
msgid (tests/unit/test_texts.py). A message that carries a count has plural forms (msgid_plural,
msgstr[0] for one, msgstr[1] for other counts; `Plural-Forms: nplurals=2; plural=(n != 1);`) and is
read with `Texts.n(key, count, ...)`, which uses `ngettext`. A list is one msgid per item
(`method.blocks.0`, `.1`, …) and comes back as a list from `Texts.section`. New texts go into both
.po files. The catalogues are compiled with Babel once per process (no .mo is kept);
`make messages` extracts the keys used literally in the code and compiles both catalogues.
"""

from __future__ import annotations

import gettext
import io
import math
import numbers
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("sv", "en")
DOMAIN = "so_analysis"


class _Missing(gettext.NullTranslations):
    """The last fallback: a msgid not in the catalogue is an error, not the msgid echoed back."""

    def gettext(self, message: str) -> str:
        raise KeyError(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        raise KeyError(msgid1)


@dataclass(frozen=True)
class Catalogue:
    """One language's compiled messages and, in file order, its msgids."""

    lang: str
    translations: gettext.GNUTranslations
    singular: tuple[str, ...]
    plural: tuple[str, ...]


def catalogue_path(lang: str) -> Any:
    """The .po file of `lang` inside the package."""
    return resources.files("so_analysis.core").joinpath(f"locales/{lang}/LC_MESSAGES/{DOMAIN}.po")


@cache
def catalogue(lang: str) -> Catalogue:
    """`lang`'s .po read and compiled with Babel (once per process) into a GNUTranslations."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one of {LANGUAGES}")
    with catalogue_path(lang).open("rb") as f:
        po = read_po(f, locale=lang, domain=DOMAIN, abort_invalid=True)
    mo = io.BytesIO()
    write_mo(mo, po)
    mo.seek(0)
    translations = gettext.GNUTranslations(mo)
    translations.add_fallback(_Missing())
    singular = tuple(m.id for m in po if m.id and isinstance(m.id, str))
    plural = tuple(m.id[0] for m in po if m.id and isinstance(m.id, tuple))
    return Catalogue(lang, translations, singular, plural)


def messages(lang: str) -> dict[str, str | tuple[str, ...]]:
    """Every msgid of `lang` with its text, or its plural forms (one, other) as a tuple."""
    c = catalogue(lang)
    out: dict[str, str | tuple[str, ...]] = {k: c.translations.gettext(k) for k in c.singular}
    for key in c.plural:
        out[key] = (c.translations.ngettext(key, key, 1), c.translations.ngettext(key, key, 2))
    return out


# The count that picks the form for a count not shown ("färre än 5", "dold", "–"): the plural.
# Never the hidden figure itself: the form would give away whether it is 1.
UNKNOWN_COUNT = 5


def _plural_count(count: float | None) -> int:
    """A count for `ngettext`: a whole number (a float such as 3.0 from a table is accepted)."""
    if count is None:
        return UNKNOWN_COUNT
    if isinstance(count, bool) or not isinstance(count, numbers.Real):
        raise TypeError(f"a count must be a number, not {count!r}")
    value = float(count)
    if math.isnan(value) or not value.is_integer():
        raise ValueError(f"a count must be a whole number, not {count!r}")
    return int(value)


class Texts:
    """Look up `section.key` texts of one language; `{placeholders}` are filled from `values`."""

    def __init__(self, lang: str, catalogue: Catalogue):
        self.lang = lang
        self._c = catalogue

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # pickled as its language (the catalogue's plural rule is a function made at load)
        return texts, (self.lang,)

    def __call__(self, dotted: str, **values: Any) -> str:
        if dotted in self._c.plural:  # gettext would answer with the form for one
            raise KeyError(f"{dotted}: it has plural forms, read it with Texts.n")
        try:
            text = self._c.translations.gettext(dotted)
        except KeyError:
            raise KeyError(f"{dotted}: no such text in the {self.lang} catalogue") from None
        return text.format(**values) if values else text

    def n(self, dotted: str, count: float | None, **values: Any) -> str:
        """The plural form of `dotted` for `count`; `{n}` is the count unless `n=` is given.

        `count` None is a count not shown: give its text as `n=` ("färre än 5"); the plural form.
        """
        if count is None and "n" not in values:
            raise ValueError(f"{dotted}: a count not shown needs its text as n=")
        k = _plural_count(count)
        try:
            text = self._c.translations.ngettext(dotted, dotted, k)
        except KeyError:
            raise KeyError(f"{dotted}: no plural message in the {self.lang} catalogue") from None
        values.setdefault("n", k)
        return text.format(**values)

    def join(self, items: list[str]) -> str:
        """'A', 'A och B', 'A, B och C' ('and' in English)."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self('narrative.and')} {items[-1]}"

    def section(self, name: str) -> dict[str, Any]:
        """The texts under `name` as nested dicts (a list where the keys are 0, 1, …)."""
        prefix = f"{name}."
        tree: dict[str, Any] = {}
        for key in self._c.singular:
            if not key.startswith(prefix):
                continue
            *path, leaf = key[len(prefix) :].split(".")
            node = tree
            for part in path:
                node = node.setdefault(part, {})
            node[leaf] = self._c.translations.gettext(key)
        if not tree:
            raise KeyError(f"{name}: no such section in the {self.lang} catalogue")
        return _lists(tree)

    def get(self, dotted: str, default: str) -> str:
        try:
            return self(dotted)
        except KeyError:
            return default


def _lists(node: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in node.items():
        if isinstance(v, dict):
            v = _lists(v)
            if v and all(i.isdigit() for i in v):
                v = [v[i] for i in sorted(v, key=int)]
        out[k] = v
    return out


def texts(lang: str = "sv") -> Texts:
    """The texts of `lang` ('sv' or 'en')."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one of {LANGUAGES}")
    return Texts(lang, catalogue(lang))
