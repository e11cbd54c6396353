"""A reader's attack on one published period (SPEC §4, docs/disclosure.md §10).

The attacker reads what is public in `OUT/<period>/`: every expert page's tables (each figure of
the expert beside the total over all participants, the dropouts by reason, the teaching
languages) and `indikatorer.xlsx`. Each count of each expert becomes an unknown with the bounds
its text gives ("12": exactly 12; "färre än 5": 0 to 4; "dold", "för få": 0 or more), bound by
what the method says adds up: the experts' counts to the total over all participants, the
dropouts by class to the dropouts, the reasons of a class to that class, the languages to the
starts, completions plus dropouts to the endings (where the period counts every ending). Bounds
are narrowed over these sums until nothing changes. A hidden count whose bounds close on one
value is recovered; so is a hidden rate whose bounds read the same at its display precision
(a zero numerator gives 0 % whatever the denominator, a numerator equal to its denominator
100 %). `recovered` lists them; an empty list is the pass.

A count that is 0 over all participants is the municipality's own figure (nobody, anywhere):
it says every expert's count is 0, the hidden ones' too, and nothing about one of them
(docs/disclosure.md §4): those are not counted as recovered.
"""

from __future__ import annotations

import html
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from so_analysis.core.texts import texts
from so_analysis.measure.figures import ALL, CONTRACT_COLUMNS, DECIMALS, FIGURES

INF = math.inf
CLASSES = ("dropouts_positive", "dropouts_neutral", "dropouts_negative", "dropouts_not_given")
COUNTS = (
    "n_started",
    "lead_time_n",
    "n_waiting",
    "n_completed",
    "n_dropouts",
    "duration_n",
    "dropout_base_n",
    *CLASSES,
    "satisfaction_n",
)
# a hidden rate and the counts it is made of (numerator, denominator)
RATES = {
    "dropout_rate": ("n_dropouts", "dropout_base_n"),
    "dropout_rate_negative": ("dropouts_negative", "dropout_base_n"),
    "response_rate": ("satisfaction_n", "n_completed"),
}
CLASS_OF_REASON = {"none": "dropouts_not_given"} | {
    k: f"dropouts_{k}" for k in ("positive", "neutral", "negative")
}

Var = tuple[str, ...]


@dataclass
class Published:
    """What a reader finds in one period's published files, as text."""

    names: dict[str, str]  # expert name -> provider_id
    figures: dict[tuple[str, str], str] = field(default_factory=dict)  # (pid|_all, figure)
    reasons: dict[str, dict[str, tuple[str, str, str]]] = field(default_factory=dict)
    languages: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # pid -> the page's text


@dataclass(frozen=True)
class Recovered:
    """A hidden figure the attack pins: who, which, what the page says, and the bounds found."""

    provider_id: str
    figure: str
    shown: str
    low: float
    high: float


def _clean(cell: str) -> str:
    cell = re.sub(r"<sup>.*?</sup>", "", cell, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def _tables(page: str) -> Iterable[tuple[str, list[str], list[list[str]]]]:
    """(caption, header cells, rows of cells) of every table of a page."""
    for m in re.finditer(r"<table>(.*?)</table>", page, flags=re.S):
        body = m.group(1)
        caption = re.search(r"<caption>(.*?)</caption>", body, flags=re.S)
        rows = [
            [_clean(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, flags=re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
        ]
        if rows:
            yield (_clean(caption.group(1)) if caption else "", rows[0], rows[1:])


def read_published(folder: Path, lang: str = "sv") -> Published:
    """The expert pages and `indikatorer.xlsx` of `folder` (an `OUT/<period>`)."""
    t = texts(lang)
    label_of = {v: k for k, v in t.section("sections")["rows"].items()}
    reason_of = {v: k for k, v in t.section("sections")["reasons"].items()}
    class_of = {v: k for k, v in t.section("sections")["reason_classes"].items()}
    ws = load_workbook(folder / "indikatorer.xlsx").active
    names: dict[str, str] = {}
    xlsx: dict[tuple[str, str], str] = {}
    for r in range(2, ws.max_row + 1):
        pid, name = str(ws.cell(row=r, column=1).value), str(ws.cell(row=r, column=2).value)
        names[name] = pid
        for c, column in enumerate(CONTRACT_COLUMNS, start=1):
            value = ws.cell(row=r, column=c).value
            xlsx[(pid, column)] = "" if value is None else str(value)
    out = Published(names)
    for path in sorted((folder / "experter").glob("*.html")):
        page = path.read_text(encoding="utf-8")
        for caption, head, rows in _tables(page):
            if len(head) == 4 and head[0] == t("sections.table.measure"):
                pid = names[head[1]]
                out.pages[pid] = page
                for label, own, _, everyone in rows:
                    figure = label_of[label]
                    out.figures[(pid, figure)] = own
                    out.figures[(ALL, figure)] = everyone
            elif head[:2] == [t("sections.table.reason"), t("sections.table.reason_class")]:
                pid = next(p for n, p in names.items() if f": {n}," in caption)
                out.reasons[pid] = {
                    reason_of.get(r[0], r[0]): (class_of[r[1]], r[2], r[3]) for r in rows
                }
            elif head[0] == t("visit.language") and len(head) == 3:
                pid = names[head[1]]
                out.languages[pid] = {r[0]: (r[1], r[2]) for r in rows}
    for (pid, column), value in xlsx.items():  # a number in the workbook is published too
        if column in FIGURES and re.fullmatch(r"-?\d+(\.\d+)?", value):
            shown = out.figures.get((pid, column))
            if shown is None or not _exact(shown):
                out.figures[(pid, column)] = value
    return out


def _exact(text: str) -> bool:
    return re.fullmatch(r"-?[\d\u00a0 ]+([.,]\d+)?([ \u00a0]?%)?", text.strip()) is not None


def _number(text: str) -> float:
    return float(text.replace("\u00a0", "").replace(" ", "").replace("%", "").replace(",", "."))


def _bounds(text: str, min_n: int) -> tuple[float, float]:
    if _exact(text):
        v = _number(text)
        return (v, v)
    if text.startswith(("färre än", "fewer than")):
        return (0.0, float(min_n - 1))
    return (0.0, INF)


class _System:
    """Integer unknowns with bounds and sums that must hold; narrowed to a fixed point."""

    def __init__(self) -> None:
        self.low: dict[Var, float] = {}
        self.high: dict[Var, float] = {}
        self.sums: list[tuple[list[tuple[int, Var]], float]] = []

    def bound(self, var: Var, low: float, high: float) -> None:
        self.low[var] = max(self.low.get(var, 0.0), low)
        self.high[var] = min(self.high.get(var, INF), high)

    def equal(self, terms: list[tuple[int, Var]], constant: float = 0.0) -> None:
        for _, var in terms:
            self.bound(var, 0.0, INF)
        self.sums.append((terms, constant))

    def narrow(self) -> None:
        changed = True
        while changed:
            changed = False
            for terms, constant in self.sums:
                for i, (coef, var) in enumerate(terms):
                    rest_low = rest_high = 0.0
                    for j, (c, v) in enumerate(terms):
                        if j == i:
                            continue
                        lo, hi = c * self.low[v], c * self.high[v]
                        rest_low += min(lo, hi)
                        rest_high += max(lo, hi)
                    # coef * var = constant - rest
                    lo, hi = (constant - rest_high) * coef, (constant - rest_low) * coef
                    lo, hi = min(lo, hi), max(lo, hi)
                    lo = math.ceil(lo - 1e-9) if lo > -INF else lo
                    hi = math.floor(hi + 1e-9) if hi < INF else hi
                    if lo > self.low[var] + 1e-9:
                        self.low[var], changed = lo, True
                    if hi < self.high[var] - 1e-9:
                        self.high[var], changed = hi, True


def recovered(
    published: Published,
    min_n: int = 5,
    every_ending: bool = True,
    identities: Iterable[str] = ("classes", "endings", "completions", "starts"),
    truth: dict[tuple[str, str], float] | None = None,
) -> list[Recovered]:
    """Every hidden figure of an expert the attack pins. `every_ending`: the period's rates count
    every ending (no `dropouts_registered_from` inside it), so completions plus dropouts are the
    endings and a rate's numerator is its count; `identities`: the sums the method states that
    hold for these data. `truth` ((provider_id, count) -> the unsuppressed count): every bound
    the attack finds must hold it, or the attack itself is wrong (AssertionError)."""
    experts = sorted(set(published.names.values()) - {ALL, "_mean"})
    s = _attack(published, experts, min_n, every_ending, set(identities))
    for (pid, figure), value in (truth or {}).items():
        var = (pid, figure)
        if var in s.low and not math.isnan(value):
            assert s.low[var] <= value <= s.high[var], (var, value, s.low[var], s.high[var])
    return _pinned(published, experts, s, every_ending)


def private_marks(folder: Path, lang: str = "sv") -> list[str]:
    """Published files that say a figure is shown to its expert alone (the dialog template's
    words): such a text was meant for one expert and is published with the figure it marks."""
    mark = {"sv": "Visas bara för er", "en": "Shown to you only"}[lang]
    return [
        str(p.relative_to(folder))
        for p in sorted(folder.rglob("*.html"))
        if "internt" not in p.parts and mark.lower() in p.read_text(encoding="utf-8").lower()
    ]


def _attack(
    published: Published, experts: list[str], min_n: int, every_ending: bool, identities: set
) -> _System:
    s = _System()
    shown = published.figures
    for (pid, figure), text in shown.items():
        if figure in COUNTS and pid != "_mean":
            s.bound((pid, figure), *_bounds(text, min_n))
    for figure in COUNTS:
        s.equal([(1, (p, figure)) for p in experts] + [(-1, (ALL, figure))])
    for pid in [*experts, ALL]:
        if "classes" in identities:
            s.equal([(1, (pid, c)) for c in CLASSES] + [(-1, (pid, "n_dropouts"))])
        if "completions" in identities:
            s.equal([(1, (pid, "n_completed")), (-1, (pid, "duration_n"))])
        if "starts" in identities:
            s.equal([(1, (pid, "n_started")), (-1, (pid, "lead_time_n"))])
        if "endings" in identities and every_ending:
            s.equal(
                [(1, (pid, "n_completed")), (1, (pid, "n_dropouts")), (-1, (pid, "dropout_base_n"))]
            )
    _reasons(s, published, experts, min_n)
    _languages(s, published, experts, min_n)
    s.narrow()
    return s


def _pinned(
    published: Published, experts: list[str], s: _System, every_ending: bool
) -> list[Recovered]:
    shown = published.figures
    found = []
    for pid in experts:
        for figure in COUNTS:
            text = shown.get((pid, figure))
            if text is None or _exact(text) or shown.get((ALL, figure)) == "0":
                continue
            low, high = s.low[(pid, figure)], s.high[(pid, figure)]
            if low == high:
                found.append(Recovered(pid, figure, text, low, high))
        for rate, (num, den) in RATES.items():
            text = shown.get((pid, rate))
            if text is None or _exact(text) or shown.get((ALL, num)) == "0":
                continue
            if shown.get((pid, num)) == "0":
                # a numerator published as 0 (no answers at all) says the rate is 0 % by itself,
                # through no hidden count: the people the rate is hidden for stay hidden
                continue
            n_low = s.low[(pid, num)] if every_ending else 0.0
            n_high, d_low, d_high = s.high[(pid, num)], s.low[(pid, den)], s.high[(pid, den)]
            d_low = max(d_low, 1.0)
            low = n_low / d_high if d_high < INF else 0.0
            high = n_high / d_low
            step = 10.0 ** -(DECIMALS[FIGURES[rate].unit] + 2)
            if high < INF and round(low / step) == round(high / step):
                found.append(Recovered(pid, rate, text, low, high))
        for var in [v for v in s.low if v[0] == "reason" and v[1] == pid]:
            nobody = s.high[("reason_total", var[2])] == 0  # the municipality's own zero
            if s.low[var] == s.high[var] and published.reasons.get(pid) is None and not nobody:
                found.append(Recovered(pid, f"reason:{var[2]}", "", s.low[var], s.high[var]))
        for category, (text, _) in published.languages.get(pid, {}).items():
            var = ("language", pid, category)
            if not _exact(text) and s.low[var] == s.high[var]:
                found.append(Recovered(pid, f"language:{category}", text, s.low[var], s.high[var]))
    return found


def _reasons(s: _System, published: Published, experts: list[str], min_n: int) -> None:
    """Each expert's dropouts by reason add up to its classes; the reasons' totals to the experts'."""
    listed = {r: c for table in published.reasons.values() for r, (c, _, _) in table.items()}
    if not listed:
        return
    codes = sorted(set(listed) | set(_DEFAULT_CLASS))
    klass = {
        code: CLASS_OF_REASON[listed.get(code, _DEFAULT_CLASS.get(code, "none"))] for code in codes
    }
    for code in codes:
        total = ("reason_total", code)
        s.equal([(1, ("reason", p, code)) for p in experts] + [(-1, total)])
        for table in published.reasons.values():
            if code in table:
                s.bound(total, *_bounds(table[code][2], min_n))
    for pid in experts:
        table = published.reasons.get(pid)
        for code in codes:
            if table is not None:
                value = (
                    _number(table[code][1]) if code in table and _exact(table[code][1]) else None
                )
                if code not in table:
                    s.bound(("reason", pid, code), 0.0, 0.0)
                elif value is not None:
                    s.bound(("reason", pid, code), value, value)
        for c in CLASSES:
            s.equal(
                [(1, ("reason", pid, code)) for code in codes if klass[code] == c]
                + [(-1, (pid, c))]
            )


# The default classes of the reason codes (SPEC §3), for reasons no published table lists.
_DEFAULT_CLASS = {
    "arbete": "positive",
    "studier": "positive",
    "flyttat": "positive",
    "sjukdom": "neutral",
    "expert_upphort": "neutral",
    "bytt_expert": "negative",
    "missnojd": "negative",
    "sprak_saknas": "negative",
    "ovrigt": "negative",
    "ej_angiven": "none",
}


def _languages(s: _System, published: Published, experts: list[str], min_n: int) -> None:
    """Each expert's starts by language add up to its starts; each language over the experts."""
    if not published.languages:
        return
    categories = sorted({c for table in published.languages.values() for c in table})
    totals = defaultdict(str)
    for table in published.languages.values():
        for c, (_, total) in table.items():
            totals[c] = total
    for c in categories:
        s.equal([(1, ("language", p, c)) for p in experts] + [(-1, ("language_total", c))])
        s.bound(("language_total", c), *_bounds(totals[c], min_n))
    for pid in experts:
        table = published.languages.get(pid)
        if table is None:
            continue  # no table: no starts, or its starts hidden
        for c in categories:
            text = table.get(c, ("0", ""))[0]
            s.bound(("language", pid, c), *_bounds(text, min_n))
        s.equal([(1, ("language", pid, c)) for c in categories] + [(-1, (pid, "n_started"))])
