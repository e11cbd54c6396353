"""Typed configuration: the package defaults, overridden by `so_analysis.toml` in the data folder.

The defaults are written once, in `defaults.toml` beside this module: the file a municipality
reads (and copies from) to see what it can set, commented key by key. It is read once, at
import; the dataclasses below declare the types and take their default values from it, so
`Config()` is the package defaults. A setting that is not set by default (no minimum course
time, no registration day, no signatures, no period settings) is None or empty in its type and
absent from the file (TOML cannot write None).

`load_config` reads the data folder's file once, over the defaults, and checks every value
against the types declared here. A wrong value is an `InputError`; every config fault is made
by `_fault` (the file and section, the key, the value as written, what is expected: a text from
the catalogues) and raised as `raise InputError([...])`, one or several at a time.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, get_type_hints

from so_analysis.core.errors import InputError, InputFault
from so_analysis.core.personal_numbers import has_personal_number, mask_personal_numbers
from so_analysis.core.texts import texts

CONFIG_FILENAME = "so_analysis.toml"
DEFAULTS_FILENAME = "defaults.toml"


def _read_defaults() -> dict[str, Any]:
    """`defaults.toml` as parsed TOML."""
    path = resources.files("so_analysis.core").joinpath(DEFAULTS_FILENAME)
    return tomllib.loads(path.read_text(encoding="utf-8"))


_DEFAULTS = _read_defaults()


def _default(section: str | None, key: str) -> Any:
    """The package default of `key` (in `[section]`), a list as a tuple."""
    value = (_DEFAULTS if section is None else _DEFAULTS[section])[key]
    return tuple(value) if isinstance(value, list) else value


@dataclass(frozen=True)
class Targets:
    """The municipality's own targets (the law says only "as soon as possible")."""

    lead_time_max_days: float = _default("targets", "lead_time_max_days")
    duration_min_days: float | None = None  # not set: no minimum
    duration_max_days: float = _default("targets", "duration_max_days")
    dropout_rate_max: float = _default("targets", "dropout_rate_max")
    # "negative": dropouts for a negative reason only; "all": every dropout
    dropout_target_basis: str = _default("targets", "dropout_target_basis")
    satisfaction_min: float = _default("targets", "satisfaction_min")

    @property
    def dropout_figure(self) -> str:
        """The indicator the dropout target is judged on."""
        return "dropout_rate" if self.dropout_target_basis == "all" else "dropout_rate_negative"


DROPOUT_BASES = ("negative", "all")


@dataclass(frozen=True)
class ReasonClasses:
    """Which dropout reason codes count as positive, neutral or negative."""

    positive: tuple[str, ...] = _default("reasons", "positive")
    neutral: tuple[str, ...] = _default("reasons", "neutral")
    negative: tuple[str, ...] = _default("reasons", "negative")

    def class_of(self, code: str) -> str | None:
        """Return 'positive', 'neutral', 'negative' or None for a reason code."""
        for name in ("positive", "neutral", "negative"):
            if code in getattr(self, name):
                return name
        return None


@dataclass(frozen=True)
class Signature:
    """An official who signs the memo."""

    name: str
    title: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Memo:
    """Who the memo (*tjänsteskrivelse*) goes to and who signs it."""

    committee: str = _default("memo", "committee")
    unit: str = ""  # not set
    signatures: tuple[Signature, ...] = ()


@dataclass(frozen=True)
class PeriodSettings:
    """What belongs to one reporting period's documents rather than to the data."""

    diarienummer: str = ""
    memo_date: date | None = None  # the memo's date; default the as-of date
    atgard_senast: date | None = None  # by when the experts must act (the seed's 1 December)
    svar_senast: date | None = None  # by when a dialog template is returned; default as-of + 28 d


@dataclass(frozen=True)
class HoursMinimum:
    """The hours of SO a participant must be offered, for a course started on or after
    `valid_from` (None: any earlier start) and before the next rule's day (SFS 2019:1310)."""

    hours: float
    valid_from: date | None = None


def _default_hours() -> tuple[HoursMinimum, ...]:
    return tuple(
        HoursMinimum(float(rule["hours"]), rule.get("from")) for rule in _DEFAULTS["hours_minimum"]
    )


@dataclass(frozen=True)
class Config:
    municipality: str = _default(None, "municipality")
    min_n: int = _default(None, "min_n")
    targets: Targets = field(default_factory=Targets)
    reasons: ReasonClasses = field(default_factory=ReasonClasses)
    requirements: tuple[str, ...] = _default("checklist", "requirements")
    data_note: str = ""  # shown in the report's data-quality appendix (e.g. "synthetic data")
    memo: Memo = field(default_factory=Memo)
    svar_till: str = ""  # who a dialog template is returned to (name, e-mail)
    # `[languages]`: spellings of a teaching language in exports, folded to its name
    languages: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # dropouts were registered from this day on (the seed's new system, 1 June 2016): both
    # dropout rates count only endings on or after it
    dropouts_registered_from: date | None = None
    periods: tuple[tuple[str, PeriodSettings], ...] = ()
    # the legal minimum of hours offered, by the course's start date (oldest rule first)
    hours_minimum: tuple[HoursMinimum, ...] = field(default_factory=_default_hours)
    source: str = "package defaults"

    def period_settings(self, label: str) -> PeriodSettings:
        """The settings of period `label` ('2017'), or the defaults when it has none."""
        return dict(self.periods).get(label, PeriodSettings())


# The keys a settings file may have at its top level (sections included).
TOP_LEVEL_KEYS = (
    "municipality",
    "min_n",
    "targets",
    "reasons",
    "checklist",
    "data_note",
    "memo",
    "svar_till",
    "languages",
    "dropouts_registered_from",
    "period",
    "hours_minimum",
)
MEMO_KEYS = ("committee", "unit", "signatures")
SIGNATURE_KEYS = ("name", "title", "unit")
PERIOD_DATES = ("memo_date", "atgard_senast", "svar_senast")

T = texts("sv")


def _fault(where: str, key: str | None, shown: str | None, expected: str) -> InputFault:
    """A fault in the settings: the file (and section), the key, the value as written."""
    return InputFault(file=where, column=key, value=shown, expected=expected)


def _one_of(keys: Any) -> str:
    return T("config.one_of", keys=str(sorted(keys)))


def _table(values: Any, where: str, name: str) -> dict[str, Any]:
    """`values` when it is a table (`[name]` in the file)."""
    if not isinstance(values, dict):
        raise InputError([_fault(where, name, repr(values), T("config.table_named", name=name))])
    return values


_Section = TypeVar("_Section", Targets, ReasonClasses)


def _section(cls: type[_Section], values: Any, where: str, name: str) -> _Section:
    """A `[name]` table as `cls`: a key it does not declare, or a value of another type, is a
    fault; the keys not given keep their defaults."""
    types = get_type_hints(cls)
    values = _table(values, where, name)
    unknown = [key for key in values if key not in types]
    if unknown:
        raise InputError([_fault(where, key, str(key), _one_of(types)) for key in unknown])
    converted = {key: _typed(types[key], value, where, key) for key, value in values.items()}
    return replace(cls(), **converted)


def _typed(kind: Any, value: Any, where: str, key: str) -> Any:
    """`value` as a field of type `kind` holds it: codes as a tuple; a number as it is."""
    if kind == tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError([_fault(where, key, repr(value), T("config.codes"))])
        return tuple(value)
    number = kind in (float, float | None)
    if number and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise InputError([_fault(where, key, repr(value), T("config.number"))])
    return value


def _masked(value: Any) -> Any:
    """Every text in the settings with anything personnummer-like masked (docs/method.md §4)."""
    if isinstance(value, str):
        return mask_personal_numbers(value) if has_personal_number(value) else value
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


def _checked_targets(targets: Targets, where: str) -> Targets:
    """Targets that make sense: no negative days, a rate between 0 and 1, a known basis."""
    faults = []
    for key in ("lead_time_max_days", "duration_max_days", "duration_min_days"):
        value = getattr(targets, key)
        if value is not None and value < 0:
            faults.append(_fault(where, key, repr(value), T("config.days")))
    rate = targets.dropout_rate_max
    if not 0 <= rate <= 1:
        faults.append(_fault(where, "dropout_rate_max", repr(rate), T("config.fraction")))
    score = targets.satisfaction_min
    if not 1 <= score <= 5:
        faults.append(_fault(where, "satisfaction_min", repr(score), T("config.score")))
    low, high = targets.duration_min_days, targets.duration_max_days
    if low is not None and low > high:
        expected = T("config.at_most_duration_max", maximum=high)
        faults.append(_fault(where, "duration_min_days", repr(low), expected))
    basis = targets.dropout_target_basis
    if basis not in DROPOUT_BASES:
        faults.append(_fault(where, "dropout_target_basis", repr(basis), T("config.basis")))
    if faults:
        raise InputError(faults)
    return targets


def _date(value: Any, where: str, key: str, example: str) -> date:
    """A TOML date (not a text, not a date and time)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InputError([_fault(where, key, repr(value), T("config.date", example=example))])
    return value


def _text(value: Any, where: str, key: str) -> str:
    if not isinstance(value, str):
        raise InputError([_fault(where, key, repr(value), T("config.text"))])
    return value


def _min_n(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InputError([_fault(where, "min_n", repr(value), T("config.min_n"))])
    return value


def _requirements(values: Any, where: str) -> tuple[str, ...]:
    """`[checklist] requirements`: the authorization requirements, as texts."""
    checklist = _table(values, where, "checklist")
    requirements = checklist.get("requirements", Config.requirements)
    if not isinstance(requirements, (list, tuple)) or not all(
        isinstance(r, str) for r in requirements
    ):
        raise InputError([_fault(where, "requirements", repr(requirements), T("config.texts"))])
    return tuple(requirements)


def config_from_mapping(data: dict[str, Any], where: str = CONFIG_FILENAME) -> Config:
    """Build a Config from a parsed TOML mapping; unknown keys are input faults."""
    data = _masked(data)
    unknown = [k for k in data if k not in TOP_LEVEL_KEYS]
    if unknown:
        raise InputError([_fault(where, k, k, _one_of(TOP_LEVEL_KEYS)) for k in unknown])
    base = Config()
    targets_at = f"{where} [targets]"
    targets = _section(Targets, data.get("targets", {}), targets_at, "targets")
    targets = _checked_targets(targets, targets_at)
    registered_from = data.get("dropouts_registered_from")
    reasons = _section(ReasonClasses, data.get("reasons", {}), f"{where} [reasons]", "reasons")
    requirements = _requirements(data.get("checklist", {}), f"{where} [checklist]")
    min_n = _min_n(data.get("min_n", base.min_n), where)
    return Config(
        municipality=str(data.get("municipality", base.municipality)),
        min_n=min_n,
        targets=targets,
        reasons=reasons,
        requirements=requirements,
        data_note=str(data.get("data_note", base.data_note)),
        memo=_memo(data.get("memo", {}), f"{where} [memo]"),
        svar_till=_text(data.get("svar_till", base.svar_till), where, "svar_till"),
        languages=_languages(data.get("languages", {}), where),
        dropouts_registered_from=None
        if registered_from is None
        else _date(registered_from, where, "dropouts_registered_from", "2016-06-01"),
        periods=_periods(data.get("period", {}), where),
        hours_minimum=_hours_minimum(data.get("hours_minimum", _DEFAULTS["hours_minimum"]), where),
        source=where,
    )


def _hours_minimum(values: Any, where: str) -> tuple[HoursMinimum, ...]:
    """`hours_minimum`: a list of `{ from = 2020-02-01, hours = 100 }`, the first without
    `from`, the days in increasing order; hours a number ≥ 0."""
    expected = T("config.hours_minimum")
    if not isinstance(values, list) or not values:
        raise InputError([_fault(where, "hours_minimum", repr(values), expected)])
    rules: list[HoursMinimum] = []
    for i, item in enumerate(values):
        if not isinstance(item, dict) or set(item) - {"from", "hours"} or "hours" not in item:
            raise InputError([_fault(where, "hours_minimum", repr(item), expected)])
        hours = item["hours"]
        if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not hours >= 0:
            raise InputError([_fault(where, "hours_minimum", repr(item), expected)])
        day = item.get("from")
        if (day is None) != (i == 0):
            raise InputError([_fault(where, "hours_minimum", repr(item), expected)])
        if day is not None:
            day = _date(day, where, "hours_minimum", "2020-02-01")
            earlier = rules[-1].valid_from
            if earlier is not None and day <= earlier:
                raise InputError([_fault(where, "hours_minimum", repr(item), expected)])
        rules.append(HoursMinimum(float(hours), day))
    return tuple(rules)


def _languages(values: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`[languages]`: a language's name and its spellings, e.g. tigrinja = ["tigrinya"]."""
    values = _table(values, where, "languages")
    out = []
    for name, variants in values.items():
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            expected = T("config.spellings")
            raise InputError([_fault(f"{where} [languages]", str(name), repr(variants), expected)])
        out.append((str(name), tuple(variants)))
    return tuple(out)


def _memo(values: Any, where: str) -> Memo:
    values = _table(values, where, "memo")
    for key in values:
        if key not in MEMO_KEYS:
            raise InputError([_fault(where, key, repr(key), _one_of(MEMO_KEYS))])
    signatures = []
    for item in values.get("signatures", []):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            expected = T("config.signature", name="…", title="…")
            raise InputError([_fault(where, "signatures", repr(item), expected)])
        extra = set(item) - set(SIGNATURE_KEYS)
        if extra:
            shown = repr(sorted(extra))
            raise InputError([_fault(where, "signatures", shown, T("config.signature_keys"))])
        signatures.append(
            Signature(
                _text(item["name"], where, "name"),
                _text(item.get("title", ""), where, "title"),
                _text(item.get("unit", ""), where, "unit"),
            )
        )
    base = Memo()
    return Memo(
        committee=_text(values.get("committee", base.committee), where, "committee"),
        unit=_text(values.get("unit", base.unit), where, "unit"),
        signatures=tuple(signatures),
    )


def _periods(values: Any, where: str) -> tuple[tuple[str, PeriodSettings], ...]:
    """`[period."2017"]` tables: the memo's reference number and dates of one period."""
    if not isinstance(values, dict):
        raise InputError([_fault(where, "period", repr(values), T("config.period_tables"))])
    out = []
    for label, settings in values.items():
        here = f'{where} [period."{label}"]'
        if not isinstance(settings, dict):
            raise InputError([_fault(here, str(label), repr(settings), T("config.table"))])
        converted: dict[str, Any] = {}
        for key, value in settings.items():
            if key == "diarienummer":
                converted[key] = _text(value, here, key)
            elif key in PERIOD_DATES:
                converted[key] = _date(value, here, key, "2017-12-01")
            else:
                known = (*PERIOD_DATES, "diarienummer")
                raise InputError([_fault(here, key, repr(key), _one_of(known))])
        out.append((str(label), PeriodSettings(**converted)))
    return tuple(out)


@cache
def default_config() -> Config:
    """The package defaults: `defaults.toml`, checked as a municipality's file is (= `Config()`)."""
    return replace(config_from_mapping(_DEFAULTS, DEFAULTS_FILENAME), source=Config.source)


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_config(data_dir: Path | str | None = None) -> Config:
    """Package defaults, overridden by `so_analysis.toml` in `data_dir` when present.

    The file's keys are merged over `defaults.toml`'s before they are checked, so a section's
    faults are found in the order the defaults list its keys.
    """
    path = None if data_dir is None else Path(data_dir) / CONFIG_FILENAME
    if path is None or not path.exists():
        return default_config()
    try:
        override = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError([_fault(path.name, None, "", T("config.toml", error=exc))]) from None
    return config_from_mapping(_deep_merge(_DEFAULTS, override), path.name)
