"""One-off: convert the old `locales/<lang>.toml` text tables into gettext catalogues (.po).

Usage: `.venv/bin/python scripts/toml_to_po.py` (from the repository root).

Each TOML string becomes one message: msgid = the dotted key (a symbolic id, `section.key`),
msgstr = the text; a TOML array becomes one message per item (`method.blocks.0`, `.1`, …); a
comment above a key or table becomes a `#.` comment. A table with exactly the keys `one` and
`other` becomes a message with plural forms (msgid_plural, msgstr[0] for one, msgstr[1] for other).
Plural messages written by hand in the .po files are kept unless the TOML has the same id, and a
TOML string with the id of such a message is left out with a warning, so the script can be run
again to pick up keys added to the TOML in the meantime. It does nothing once the TOML is gone.
"""

from __future__ import annotations

import re
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

LOCALES = Path(__file__).resolve().parents[1] / "so_analysis" / "core" / "locales"
DOMAIN = "so_analysis"
HEADER = {
    "sv": "Swedish user-facing text of so-analysis.",
    "en": "English user-facing text of so-analysis.",
}
HEADER_TAIL = (
    "msgid is a symbolic key (section.key), msgstr the text with {placeholders};\n"
    "every language has the same msgids and placeholders. A message with a count has\n"
    "plural forms and is read with Texts.n(key, count). A list is one msgid per item (key.0, …)."
)
# Fixed so that running the script twice writes the same file.
DATE = datetime(2026, 11, 23, tzinfo=UTC)
CATALOG: dict[str, Any] = {
    "project": "so-analysis",
    "version": "1",
    "msgid_bugs_address": "see README.md",
    "creation_date": DATE,
    "revision_date": DATE,
    "last_translator": "so-analysis",
    "language_team": "so-analysis",
    "charset": "utf-8",
    "fuzzy": False,
}
HEADER_LINE = re.compile(r"^\[([^\]]+)\]\s*$")
KEY_LINE = re.compile(r"^([A-Za-z0-9_\-]+)\s*=")


def _comments(text: str) -> dict[str, list[str]]:
    """Comments above a key or a table header, attached to the key (or the table's first key)."""
    out: dict[str, list[str]] = {}
    table, pending = "", []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("#"):
            pending.append(s.lstrip("#").strip().strip("-").strip())
        elif m := HEADER_LINE.match(s):
            table = m.group(1).strip()
        elif (m := KEY_LINE.match(s)) and pending:
            out[f"{table}.{m.group(1)}" if table else m.group(1)] = pending
            pending = []
    return out


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, str | tuple[str, str]]]:
    out: list[tuple[str, str | tuple[str, str]]] = []
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict) and set(value) == {"one", "other"}:
            out.append((full, (str(value["one"]), str(value["other"]))))
        elif isinstance(value, dict):
            out += _flatten(value, f"{full}.")
        elif isinstance(value, list):
            out += [(f"{full}.{i}", str(item)) for i, item in enumerate(value)]
        else:
            out.append((full, str(value)))
    return out


def _section(msgid: str) -> str:
    return msgid.rsplit(".", 1)[0]


def convert(lang: str) -> None:
    source = LOCALES / f"{lang}.toml"
    if not source.exists():
        print(f"{source} is gone: nothing to convert")
        return
    text = source.read_text("utf-8")
    comments = _comments(text)
    entries = [(k, v) for k, v in _flatten(tomllib.loads(text)) if k != "lang"]
    target = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    plurals: list[Message] = []
    if target.exists():
        with target.open("rb") as f:
            old = read_po(f, locale=lang, domain=DOMAIN, abort_invalid=True)
        plurals = [m for m in old if m.id and isinstance(m.id, tuple)]
    from_toml = {k for k, v in entries if isinstance(v, tuple)}
    plurals = [m for m in plurals if m.id[0] not in from_toml]
    plural_ids = {m.id[0] for m in plurals}
    catalog = Catalog(
        locale=lang,
        domain=DOMAIN,
        header_comment=f"# {HEADER[lang]}\n# " + HEADER_TAIL.replace("\n", "\n# "),
        **CATALOG,
    )
    order: list[str] = []
    for msgid, msgstr in entries:
        if msgid in plural_ids:
            print(f"{lang}: {msgid} has plural forms in the .po; the TOML text is left out")
            continue
        notes = comments.get(msgid) or comments.get(f"{msgid}.one", ())
        catalog.add(
            (msgid, msgid) if isinstance(msgstr, tuple) else msgid, msgstr, auto_comments=notes
        )
        order.append(msgid)
    # Each plural message right after the last message of its section (else at the end).
    for message in plurals:
        section = _section(message.id[0])
        after = [i for i, k in enumerate(order) if _section(k) == section]
        position = after[-1] + 1 if after else len(order)
        order.insert(position, message.id[0])
        catalog[message.id[0]] = message
    ordered = Catalog(
        locale=lang,
        domain=DOMAIN,
        header_comment=catalog.header_comment,
        **CATALOG,
    )
    for msgid in order:
        m = catalog[msgid]
        ordered.add(m.id, m.string, auto_comments=m.auto_comments)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as f:
        write_po(f, ordered, width=0, omit_header=False, include_lineno=False)
    n_plural = len(plurals) + len(from_toml)
    print(f"{lang}: {len(order)} messages ({n_plural} with plural forms) -> {target}")


def main() -> int:
    for lang in ("sv", "en"):
        convert(lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
