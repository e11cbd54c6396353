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

The figures by sex (docs/disclosure.md §11) are attacked the same way, in one system with the
rest: the summary's table "Kvinnor och män" (each expert and sex that occurs, then all
participants per sex) and the line by sex under each expert's results ("Dagar till start per kön:
kvinnor 77,3 dagar (underlag 21) och män 56,6 dagar (underlag 36)."). Each count of an expert and
sex is an unknown bounded by its text, as above; a sex an expert shows no row of has none of its
people. The sums: an expert's counts by sex add up to its own count, each sex's experts to that
sex's total, the sexes' totals to the total over all participants. A mean, share or rate is the
*amount* it is made of (days summed, people counted: the figure times its basis) over its basis,
and the amounts add up like the counts: a published figure bounds its amount to its basis times
the figure within the rounding of its decimals (77,3 dagar of 21: 1622,3 to 1624,4 days, so 1623
or 1624, days being whole). A hidden mean, share or rate is recovered when its amount over its
basis reads one value at its precision, or when it is *isolated*: its basis is known exactly and
in one of its sums every other amount is a published figure on a basis known exactly, so that only
the others' rounding hides it (an expert's mean of 23 starts less its men's of 20 gives its 3
women's to within a day).
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
from so_analysis.measure.figures import (
    ALL,
    CONTRACT_COLUMNS,
    DECIMALS,
    FIGURES,
    RATE,
    SHARE,
)
from so_analysis.measure.sexes import SEXES
from so_analysis.report.sexes import TABLE as SEX_TABLE

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
    # (sex, pid|_all, figure) -> text: the summary's table by sex, then the lines by sex
    by_sex: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # pid|_all -> the sexes it shows people of (rows of the table, items of its lines)
    sexes: dict[str, set[str]] = field(default_factory=dict)
    in_table: set[str] = field(default_factory=set)  # the experts the table by sex shows


@dataclass(frozen=True)
class Recovered:
    """A hidden figure the attack pins: who, which, what the page says, and the bounds found."""

    provider_id: str
    figure: str
    shown: str
    low: float
    high: float
    sex: str | None = None  # a figure by sex: whose
    how: str = "bounds"  # "bounds": its bounds read one value; "isolated": see the module


def _clean(cell: str) -> str:
    cell = re.sub(r"<sup>.*?</sup>", "", cell, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def _tables(page: str) -> Iterable[tuple[str, list[str], list[list[str]]]]:
    """(caption, header cells, rows of cells) of every table of a page."""
    for m in re.finditer(r"<table[^>]*>(.*?)</table>", page, flags=re.S):
        body = m.group(1)
        caption = re.search(r"<caption>(.*?)</caption>", body, flags=re.S)
        rows = [
            [_clean(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, flags=re.S)]
            for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
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
    summary = folder / "sammanfattning.html"
    if summary.exists():
        _read_sex_table(out, summary.read_text(encoding="utf-8"), lang)
    for pid, page in out.pages.items():
        _read_sex_lines(out, pid, page, lang)
    return out


def _read_sex_table(out: Published, page: str, lang: str) -> None:
    """The summary's table "Kvinnor och män": a row per expert and sex that occurs, then all
    participants per sex."""
    t = texts(lang)
    caption = t("sections.by_sex.caption", period="\x00").split("\x00")[0]
    column_of = {t(f"sections.by_sex.columns.{f}"): f for f in SEX_TABLE}
    sex_of = {t(f"sex.name.{sex}"): sex for sex in SEXES}
    for cap, head, rows in _tables(page):
        if not cap.startswith(caption):
            continue
        figures = [column_of[h] for h in head[2:]]
        for name, label, *cells in rows:
            pid, sex = out.names[name], sex_of[label]
            out.sexes.setdefault(pid, set()).add(sex)
            if pid != ALL:
                out.in_table.add(pid)
            for figure, text in zip(figures, cells, strict=True):
                out.by_sex[(sex, pid, figure)] = text


# a number as a line by sex shows it: "77,3", "15,8 %", "1 437"
_NUMBER = r"(?P<v>-?\d[\d\u00a0]*(?:[.,]\d+)?(?:[\u00a0 ]?%)?)"

# the figure and the basis of each line by sex (report/sexes.py `expert_line`)
_LINES = {
    "lead_time": ("lead_time_mean_days", "lead_time_n"),
    "duration": ("duration_mean_days", "duration_n"),
    "dropouts": ("dropout_rate", "dropout_base_n"),
    "negative": ("dropout_rate_negative", "dropout_base_n"),
}


def _read_sex_lines(out: Published, pid: str, page: str, lang: str) -> None:
    """The lines by sex under an expert's results: each sex's figure and, where it is
    published, its basis ("kvinnor 77,3 dagar (underlag 21)"). What the table shows already
    stays as the table shows it."""
    t = texts(lang)
    hidden = "|".join(
        re.escape(t(f"sections.status.{k}", min_n=5)).replace("5", r"\d+")
        for k in ("too_few", "suppressed")
    )
    for paragraph in re.findall(r"<p>(.*?)</p>", page, flags=re.S):
        text = _clean(paragraph)
        for key, (figure, basis) in _LINES.items():
            prefix = t("sex.line", label=t(f"sex.label.{key}"), items="\x00").split("\x00")[0]
            if not text.startswith(prefix):
                continue
            items = re.split(r"\.(?:\s|$)", text[len(prefix) :], maxsplit=1)[0]
            value_of = re.escape(t(f"sex.value.{FIGURES[figure].unit}", v="\x00"))
            value_of = value_of.replace("\x00", _NUMBER)
            for sex in SEXES:
                name = re.escape(t(f"sex.name.{sex}"))
                shown = re.escape(t("sex.item", sex="\x01", value="\x02", n="\x03"))
                shown = shown.replace("\x01", name).replace("\x02", value_of)
                shown = shown.replace("\x03", r"(?P<n>\d[\d\u00a0]*)")
                m = re.search(rf"(?:^|\s){shown}", items)
                value = None
                if m:
                    value = m.group("v")
                    out.by_sex.setdefault((sex, pid, basis), m.group("n"))
                else:
                    m = re.search(rf"(?:^|\s){name} (?P<v>{hidden})", items)
                    value = m.group("v") if m else None
                if value is not None:
                    out.sexes.setdefault(pid, set()).add(sex)
                    out.by_sex.setdefault((sex, pid, figure), value)


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
    """Integer unknowns with bounds, sums that must hold and ratios within bounds (an amount over
    its basis, as a published figure gives it); narrowed to a fixed point."""

    def __init__(self) -> None:
        self.low: dict[Var, float] = {}
        self.high: dict[Var, float] = {}
        self.sums: list[tuple[list[tuple[int, Var]], float]] = []
        # (amount, basis, at least, at most): amount / basis within the bounds
        self.ratios: list[tuple[Var, Var, float, float]] = []
        self._slack = 0

    def ratio(self, amount: Var, basis: Var, low: float, high: float) -> None:
        self.bound(amount, 0.0, INF)
        self.bound(basis, 0.0, INF)
        self.ratios.append((amount, basis, max(low, 0.0), high))

    def at_most(self, small: Var, large: Var) -> None:
        """small <= large (large = small + a slack of 0 or more)."""
        self._slack += 1
        self.equal([(1, small), (1, ("slack", str(self._slack))), (-1, large)])

    def _set(self, var: Var, lo: float, hi: float) -> bool:
        lo = math.ceil(lo - 1e-9) if lo > -INF else lo
        hi = math.floor(hi + 1e-9) if hi < INF else hi
        changed = False
        if lo > self.low[var] + 1e-9:
            self.low[var], changed = lo, True
        if hi < self.high[var] - 1e-9:
            self.high[var], changed = hi, True
        return changed

    def _narrow_ratios(self) -> bool:
        changed = False
        for amount, basis, low, high in self.ratios:
            b_lo, b_hi = self.low[basis], self.high[basis]
            a_lo, a_hi = self.low[amount], self.high[amount]
            changed |= self._set(amount, low * b_lo, high * b_hi if b_hi < INF else INF)
            b_from = a_lo / high if high > 0 else 0.0
            b_to = a_hi / low if low > 0 and a_hi < INF else INF
            changed |= self._set(basis, b_from, b_to)
        return changed

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
                    changed |= self._set(var, lo, hi)
            changed |= self._narrow_ratios()


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
    truth = dict(truth or {})
    for var, value in list(truth.items()):  # an amount's truth: its figure times its basis
        figure = var[-1]
        basis = (*var[:-1], AMOUNTS[figure]) if figure in AMOUNTS else None
        if basis is not None and basis in truth:
            truth[(*var[:-1], _amount(figure))] = value * truth[basis] if truth[basis] else 0.0
    for var, value in truth.items():
        if var in s.low and not math.isnan(value):
            ok = s.low[var] - 1e-6 <= value <= s.high[var] + 1e-6
            assert ok, (var, value, s.low[var], s.high[var])
    found = _pinned(published, experts, s, every_ending)
    seen = {(r.provider_id, r.figure, r.sex) for r in found}
    more = _pinned_amounts(published, experts, s) + _pinned_by_sex(published, experts, s)
    return found + [r for r in more if (r.provider_id, r.figure, r.sex) not in seen]


def truth_by_sex(csv: Path) -> dict[Var, float]:
    """The unsuppressed figures by sex of `internt/indikatorer_kon.csv`, keyed as the attack's
    unknowns, for `recovered(truth=...)`; a sex an expert has no row of has none of its people."""
    import pandas as pd

    frame = pd.read_csv(csv, dtype={"provider_id": str})
    out: dict[Var, float] = {}
    for row in frame.to_dict("records"):
        for column, value in row.items():
            if column in FIGURES and isinstance(value, int | float):
                out[_sexed(str(row["sex"]), str(row["provider_id"]), column)] = float(value)
    return out


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
    _by_sex(s, published, experts, min_n, every_ending, identities)
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


# ---------------------------------------------------------------- figures by sex
#
# An unknown by sex is ("kön", sex, provider_id|_all, name); the expert's own is (provider_id,
# name). A mean, share or rate F is also its amount "sum:F" (days summed, people counted), which
# adds up over experts and sexes like a count.

# the figures by sex made of an amount over a basis, and their basis
AMOUNTS = {
    f: str(FIGURES[f].basis)
    for f in (
        "lead_time_mean_days",
        "lead_time_within_target_share",
        "duration_mean_days",
        "dropout_rate",
        "dropout_rate_negative",
    )
}
# the counts by sex: those the table shows, and those the figures rest on or are made of
SEX_COUNTS = (
    "n_started",
    "lead_time_n",
    "n_completed",
    "duration_n",
    "n_dropouts",
    "dropout_base_n",
    "dropouts_negative",
    "n_waiting",
)
# a count not shown by sex, hidden where this figure of the same people is
HIDDEN_WITH = {
    "lead_time_n": "n_started",
    "duration_n": "n_completed",
    "n_dropouts": "dropout_rate",
    "dropout_base_n": "dropout_rate",
    "dropouts_negative": "dropout_rate_negative",
}
# a figure reading "för få" and the count it says is fewer than min_n (`_by_sex`)
_TOO_FEW_BASIS = {
    "lead_time_mean_days": "lead_time_n",
    "lead_time_within_target_share": "lead_time_n",
    "duration_mean_days": "duration_n",
}
# the amount of a rate that is made of a count: the count where every ending counts
MADE_OF = {"dropout_rate": "n_dropouts", "dropout_rate_negative": "dropouts_negative"}


def _amount(figure: str) -> str:
    return f"sum:{figure}"


def _sexed(sex: str, pid: str, name: str) -> Var:
    return ("kön", sex, pid, name)


def _quantities() -> tuple[str, ...]:
    return (*SEX_COUNTS, *(_amount(f) for f in AMOUNTS))


def _hidden_text(text: str | None) -> bool:
    """A figure that is there but not shown: "dold", "för få", "färre än 5"."""
    return text is not None and not _exact(text) and text.strip() not in ("", "–", "-")


def _value_bounds(text: str, figure: str) -> tuple[float, float]:
    """What a published figure can be, within the rounding of its decimals (rates and shares
    as fractions)."""
    unit = FIGURES[figure].unit
    decimals = DECIMALS[unit]
    value = _number(text)
    if unit in (SHARE, RATE):
        if "%" in text:
            value /= 100
        decimals += 2
    half = 0.5 * 10.0**-decimals
    return max(value - half, 0.0), value + half


def _step(figure: str) -> float:
    unit = FIGURES[figure].unit
    return 10.0 ** -(DECIMALS[unit] + (2 if unit in (SHARE, RATE) else 0))


def _by_sex(
    s: _System,
    published: Published,
    experts: list[str],
    min_n: int,
    every_ending: bool,
    identities: set,
) -> None:
    """The amounts of the experts' own figures, and every figure by sex, with their sums."""
    units: list[tuple[str, str | None]] = [(p, None) for p in [*experts, ALL]]
    if published.by_sex:
        units += [(p, sex) for p in [*experts, ALL] for sex in SEXES]
    for pid, sex in units:

        def key(name: str, pid: str = pid, sex: str | None = sex) -> Var:
            return (pid, name) if sex is None else _sexed(sex, pid, name)

        def text(name: str, pid: str = pid, sex: str | None = sex) -> str | None:
            if sex is None:
                return published.figures.get((pid, name))
            return published.by_sex.get((sex, pid, name))

        for name in _quantities():
            s.bound(key(name), 0.0, INF)
        if sex is not None and pid in published.sexes and sex not in published.sexes[pid]:
            for name in _quantities():  # no row, no item: none of its people
                s.bound(key(name), 0.0, 0.0)
            continue
        for name in SEX_COUNTS:
            shown = text(name)
            if sex is not None and shown is not None:
                s.bound(key(name), *_bounds(shown, min_n))
        for figure, basis in AMOUNTS.items():
            shown = text(figure)
            if shown is not None and _exact(shown):
                s.ratio(key(_amount(figure)), key(basis), *_value_bounds(shown, figure))
                s.bound(key(basis), float(min_n), INF)  # published: on min_n or more
            if FIGURES[figure].unit in (SHARE, RATE):
                s.at_most(key(_amount(figure)), key(basis))
        # a figure "för få" rests on fewer than min_n: where its group has no other basis, that
        # basis (the starts; the completions too where every ending counts, as the endings
        # are then at least the completions)
        for figure, basis in _TOO_FEW_BASIS.items():
            shown = text(figure)
            if shown is not None and shown.startswith(("för få", "too few")):
                if basis == "lead_time_n":
                    s.bound(key(basis), 1.0, float(min_n - 1))
                elif every_ending:
                    s.bound(key(basis), 0.0, float(min_n - 1))
        # a hidden group rests on one person or more (zero people are never hidden)
        if _hidden_text(text("n_started")) or _hidden_text(text("lead_time_mean_days")):
            s.bound(key("lead_time_n"), 1.0, INF)
        if _hidden_text(text("n_waiting")):
            s.bound(key("n_waiting"), 1.0, INF)
        if every_ending and any(
            _hidden_text(text(f)) for f in ("n_completed", "duration_mean_days", "dropout_rate")
        ):
            s.bound(key("dropout_base_n"), 1.0, INF)
        # the identities the method states, as for the experts' own figures
        if sex is not None and "completions" in identities:
            s.equal([(1, key("n_completed")), (-1, key("duration_n"))])
        if sex is not None and "starts" in identities:
            s.equal([(1, key("n_started")), (-1, key("lead_time_n"))])
        s.at_most(key(_amount("dropout_rate_negative")), key(_amount("dropout_rate")))
        ends = [(1, key("n_completed")), (1, key("n_dropouts")), (-1, key("dropout_base_n"))]
        for rate, count in MADE_OF.items():
            if every_ending:
                s.equal([(1, key(_amount(rate))), (-1, key(count))])
            else:  # the rates count the endings from a day inside the period only
                s.at_most(key(_amount(rate)), key(count))
        if sex is not None and "endings" in identities and every_ending:
            s.equal(ends)
        elif not every_ending:  # the endings counted are some of the completions and dropouts
            s.equal([*ends, (-1, key("uncounted_endings"))])
    for figure in AMOUNTS:  # the experts' amounts add up to the total's
        q = _amount(figure)
        s.equal([(1, (p, q)) for p in experts] + [(-1, (ALL, q))])
    if not published.by_sex:
        return
    for q in _quantities():
        for pid in [*experts, ALL]:  # an expert's sexes to its own
            s.equal([(1, _sexed(sex, pid, q)) for sex in SEXES] + [(-1, (pid, q))])
        for sex in SEXES:  # each sex's experts to the sex's total
            s.equal([(1, _sexed(sex, p, q)) for p in experts] + [(-1, _sexed(sex, ALL, q))])


def _nobody(published: Published, sex: str | None, pid: str, figure: str) -> bool:
    """Whether a published figure says nobody has this count (or amount) at all: the expert's
    own, its sex's total over all participants or the total's reads 0, a rate or share 0 on a
    basis too small for a rounded 0 to hide anyone. Such a 0 says it of every part of it alike,
    the hidden ones' too, and nothing about one of them (docs/disclosure.md §4)."""
    names = [figure]
    if figure in MADE_OF.values():
        names += [r for r, c in MADE_OF.items() if c == figure]
    places = [published.figures.get((pid, n)) for n in names]
    places += [published.figures.get((ALL, n)) for n in names]
    if sex is not None:
        places += [published.by_sex.get((sex, ALL, n)) for n in names]
    for text in places:
        if text is None or not _exact(text):
            continue
        if _number(text) == 0:
            return True
    return False


def _index(s: _System) -> tuple[dict[Var, list[int]], dict[Var, Var]]:
    """Which sums each unknown is in; the amounts a published figure bounds, with their bases."""
    sums: dict[Var, list[int]] = defaultdict(list)
    for i, (terms, _) in enumerate(s.sums):
        for _, var in terms:
            sums[var].append(i)
    return sums, {amount: basis for amount, basis, _, _ in s.ratios}


def _amount_recovered(
    s: _System,
    index: tuple[dict[Var, list[int]], dict[Var, Var]],
    amount: Var,
    basis: Var,
    figure: str,
) -> tuple[str, float, float] | None:
    """How a hidden mean, share or rate is recovered ("bounds" or "isolated"), and its bounds,
    or None."""
    a_low, a_high, b_low, b_high = s.low[amount], s.high[amount], s.low[basis], s.high[basis]
    b_low = max(b_low, 1.0)
    low = a_low / b_high if b_high < INF else 0.0
    high = a_high / b_low
    step = _step(figure)
    if high < INF and round(low / step) == round(high / step):
        return ("bounds", low, high)
    if s.low[basis] != s.high[basis]:
        return None
    sums, shown = index

    def known(var: Var) -> bool:
        if s.low[var] == s.high[var]:
            return True
        b = shown.get(var)
        return b is not None and s.low[b] == s.high[b]

    for i in sums[amount]:
        terms = s.sums[i][0]
        if all(known(v) for _, v in terms if v != amount):
            return ("isolated", low, high)
    return None


def _pinned_amounts(published: Published, experts: list[str], s: _System) -> list[Recovered]:
    """An expert's own hidden means, shares and rates the amounts pin (the figures by sex add
    up to them)."""
    index = _index(s)
    found = []
    for pid in experts:
        for figure, basis in AMOUNTS.items():
            text = published.figures.get((pid, figure))
            if not _hidden_text(text) or _nobody(published, None, pid, _made_of(figure)):
                continue
            got = _amount_recovered(s, index, (pid, _amount(figure)), (pid, basis), figure)
            if got is not None:
                found.append(Recovered(pid, figure, str(text), got[1], got[2], how=got[0]))
    return found


def _made_of(figure: str) -> str:
    """The count a figure's amount is, where it is one (the rates' numerators)."""
    return MADE_OF.get(figure, figure)


def _pinned_by_sex(published: Published, experts: list[str], s: _System) -> list[Recovered]:
    """Every hidden figure by sex the attack pins: a count shown by sex ("färre än 5", "dold"),
    the counts hidden with a figure (the dropouts and endings behind a hidden rate), a mean,
    share or rate. An expert the table leaves out shows nothing by sex: a count of it pinned to
    more than 0 is a hidden one (a published one would have put it in the table), and one pinned
    to 0 where its line says the figure is hidden."""
    if not published.by_sex:
        return []
    index = _index(s)
    found = []
    for pid in [*experts, ALL]:
        listed = pid == ALL or pid in published.in_table
        for sex in SEXES:
            if pid in published.sexes and sex not in published.sexes[pid]:
                continue  # none of its people
            for count in SEX_COUNTS:
                with_ = HIDDEN_WITH.get(count, count)
                text = published.by_sex.get((sex, pid, with_))
                if text is None and with_ in ("n_started", "n_completed"):
                    line = {"n_started": "lead_time_mean_days", "n_completed": "duration_mean_days"}
                    text = published.by_sex.get((sex, pid, line[with_]))
                var = _sexed(sex, pid, count)
                low, high = s.low[var], s.high[var]
                if low != high or _nobody(published, sex, pid, count):
                    continue
                if text is None:  # left out, and no line says more
                    if listed or low == 0:
                        continue
                elif not _hidden_text(text):
                    continue
                found.append(Recovered(pid, count, text or "", low, high, sex=sex))
            for figure, basis in AMOUNTS.items():
                text = published.by_sex.get((sex, pid, figure))
                amount, base = _sexed(sex, pid, _amount(figure)), _sexed(sex, pid, basis)
                if text is None:  # left out, and no line says more
                    if listed or s.low[base] < 1:
                        continue
                elif not _hidden_text(text) or s.high[base] == 0:
                    continue
                if _nobody(published, sex, pid, _made_of(figure)):
                    continue
                got = _amount_recovered(s, index, amount, base, figure)
                if got is not None:
                    found.append(
                        Recovered(pid, figure, text or "", got[1], got[2], sex=sex, how=got[0])
                    )
    return found
