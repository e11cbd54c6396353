"""User-facing text in one place: `locales/<lang>.toml`, the same keys in every language."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("sv", "en")


class Texts:
    """Look up `section.key` strings of one language; `fmt` fills `{placeholders}`."""

    def __init__(self, lang: str, table: dict[str, Any]):
        self.lang = lang
        self._table = table

    def __call__(self, dotted: str, **values: Any) -> str:
        node: Any = self._table
        for part in dotted.split("."):
            node = node[part]
        if not isinstance(node, str):
            raise KeyError(f"{dotted} is a section, not a text")
        return node.format(**values) if values else node

    def section(self, name: str) -> dict[str, Any]:
        return dict(self._table[name])

    def get(self, dotted: str, default: str) -> str:
        try:
            return self(dotted)
        except KeyError:
            return default


@cache
def _load(lang: str) -> dict[str, Any]:
    text = resources.files("so_analysis.core").joinpath(f"locales/{lang}.toml").read_text("utf-8")
    return tomllib.loads(text)


def texts(lang: str = "sv") -> Texts:
    """The text table for `lang` ('sv' or 'en')."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one of {LANGUAGES}")
    return Texts(lang, _load(lang))
