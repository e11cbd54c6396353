"""Typed configuration: package defaults overridden by `so_analysis.toml` in the data folder."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from so_analysis.core.errors import InputError, InputFault
from so_analysis.core.personal_numbers import has_personal_number, mask_personal_numbers

CONFIG_FILENAME = "so_analysis.toml"


@dataclass(frozen=True)
class Targets:
    """The municipality's own targets (the law says only "as soon as possible")."""

    lead_time_max_days: float = 14
    duration_min_days: float | None = None  # an optional minimum; none by default
    duration_max_days: float = 70
    dropout_rate_max: float = 0.10
    dropout_target_basis: str = "negative"  # "negative": negative dropouts only; "all": every one
    satisfaction_min: float = 4.0

    @property
    def dropout_figure(self) -> str:
        """The indicator the dropout target is judged on."""
        return "dropout_rate" if self.dropout_target_basis == "all" else "dropout_rate_negative"


DROPOUT_BASES = ("negative", "all")
# Numeric targets that may be left out of the config (no minimum).
_OPTIONAL_NUMBERS = {"duration_min_days"}


@dataclass(frozen=True)
class ReasonClasses:
    """Which dropout reason codes count as positive, neutral or negative."""

    positive: tuple[str, ...] = ("arbete", "studier", "flyttat")
    neutral: tuple[str, ...] = ("sjukdom", "expert_upphort")
    negative: tuple[str, ...] = ("bytt_expert", "missnojd", "sprak_saknas", "ovrigt")

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

    committee: str = "Arbets- och företagsnämnden"
    unit: str = ""
    signatures: tuple[Signature, ...] = ()


@dataclass(frozen=True)
class PeriodSettings:
    """What belongs to one reporting period's documents rather than to the data."""

    diarienummer: str = ""
    memo_date: date | None = None  # the memo's date; default the as-of date
    atgard_senast: date | None = None  # by when the experts must act (the seed's 1 December)
    svar_senast: date | None = None  # by when a dialog template is returned; default as-of + 28 d


@dataclass(frozen=True)
class Config:
    municipality: str = "Nacka kommun"
    min_n: int = 5
    targets: Targets = field(default_factory=Targets)
    reasons: ReasonClasses = field(default_factory=ReasonClasses)
    requirements: tuple[str, ...] = ()
    data_note: str = ""  # shown in the report's data-quality appendix (e.g. "synthetic data")
    memo: Memo = field(default_factory=Memo)
    svar_till: str = ""  # who a dialog template is returned to (name, e-mail)
    # `[languages]`: spellings of a teaching language in exports, folded to its name
    languages: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # dropouts were registered from this day on (the seed's new system, 1 June 2016): both
    # dropout rates count only endings on or after it
    dropouts_registered_from: date | None = None
    periods: tuple[tuple[str, PeriodSettings], ...] = ()
    source: str = "package defaults"

    def period_settings(self, label: str) -> PeriodSettings:
        """The settings of period `label` ('2017'), or the defaults when it has none."""
        return dict(self.periods).get(label, PeriodSettings())


def _section(cls: type, values: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    faults = [
        InputFault(file=where, column=key, value=str(key), expected=f"one of {sorted(known)}")
        for key in values
        if key not in known
    ]
    if faults:
        raise InputError(faults)
    converted: dict[str, Any] = {}
    for key, value in values.items():
        default = known[key].default
        if isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(
                    [
                        InputFault(
                            file=where, column=key, value=repr(value), expected="a list of codes"
                        )
                    ]
                )
            converted[key] = tuple(value)
        elif (
            isinstance(default, (int, float)) and not isinstance(default, bool)
        ) or key in _OPTIONAL_NUMBERS:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise InputError(
                    [InputFault(file=where, column=key, value=repr(value), expected="a number")]
                )
            converted[key] = value
        else:
            converted[key] = value
    return replace(cls(), **converted)


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

    def fault(key: str, value: Any, expected: str) -> None:
        faults.append(InputFault(file=where, column=key, value=repr(value), expected=expected))

    for key in ("lead_time_max_days", "duration_max_days", "duration_min_days"):
        value = getattr(targets, key)
        if value is not None and value < 0:
            fault(key, value, "a number of days ≥ 0")
    if not 0 <= targets.dropout_rate_max <= 1:
        fault("dropout_rate_max", targets.dropout_rate_max, "a fraction from 0 to 1, e.g. 0.10")
    if not 1 <= targets.satisfaction_min <= 5:
        fault("satisfaction_min", targets.satisfaction_min, "a score from 1 to 5")
    low = targets.duration_min_days
    if low is not None and low > targets.duration_max_days:
        fault("duration_min_days", low, f"at most duration_max_days ({targets.duration_max_days})")
    if targets.dropout_target_basis not in DROPOUT_BASES:
        fault("dropout_target_basis", targets.dropout_target_basis, '"negative" or "all"')
    if faults:
        raise InputError(faults)
    return targets


def _date(value: Any, where: str, key: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise _fault(where, key, value, "a date without quotes, e.g. 2016-06-01")
    return value


def config_from_mapping(data: dict[str, Any], where: str = CONFIG_FILENAME) -> Config:
    """Build a Config from a parsed TOML mapping; unknown keys are input faults."""
    data = _masked(data)
    allowed = {
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
    }
    unknown = [k for k in data if k not in allowed]
    if unknown:
        raise InputError(
            [
                InputFault(file=where, column=k, value=k, expected=f"one of {sorted(allowed)}")
                for k in unknown
            ]
        )
    base = Config()
    targets = _checked_targets(
        _section(Targets, data.get("targets", {}), f"{where} [targets]"), f"{where} [targets]"
    )
    registered_from = data.get("dropouts_registered_from")
    reasons = _section(ReasonClasses, data.get("reasons", {}), f"{where} [reasons]")
    requirements = tuple(data.get("checklist", {}).get("requirements", base.requirements))
    min_n = data.get("min_n", base.min_n)
    if not isinstance(min_n, int) or isinstance(min_n, bool) or min_n < 1:
        raise InputError(
            [
                InputFault(
                    file=where, column="min_n", value=repr(min_n), expected="a whole number ≥ 1"
                )
            ]
        )
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
        else _date(registered_from, where, "dropouts_registered_from"),
        periods=_periods(data.get("period", {}), where),
        source=where,
    )


def _languages(values: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`[languages]`: a language's name and its spellings, e.g. tigrinja = ["tigrinya"]."""
    if not isinstance(values, dict):
        raise _fault(where, "languages", values, "a table [languages]")
    out = []
    for name, variants in values.items():
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            expected = 'a list of spellings, e.g. ["tigrinya", "tigrigna"]'
            raise _fault(f"{where} [languages]", str(name), variants, expected)
        out.append((str(name), tuple(variants)))
    return tuple(out)


def _fault(where: str, key: str, value: Any, expected: str) -> InputError:
    return InputError([InputFault(file=where, column=key, value=repr(value), expected=expected)])


def _text(value: Any, where: str, key: str) -> str:
    if not isinstance(value, str):
        raise _fault(where, key, value, "a text in quotes")
    return value


def _memo(values: Any, where: str) -> Memo:
    if not isinstance(values, dict):
        raise _fault(where, "memo", values, "a table [memo]")
    known = {"committee", "unit", "signatures"}
    for key in values:
        if key not in known:
            raise _fault(where, key, key, f"one of {sorted(known)}")
    signatures = []
    for item in values.get("signatures", []):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise _fault(where, "signatures", item, '{ name = "…", title = "…" }')
        extra = set(item) - {"name", "title", "unit"}
        if extra:
            raise _fault(where, "signatures", sorted(extra), "only name, title and unit")
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
        raise _fault(where, "period", values, 'tables [period."2017"]')
    dates = {"memo_date", "atgard_senast", "svar_senast"}
    out = []
    for label, settings in values.items():
        here = f'{where} [period."{label}"]'
        if not isinstance(settings, dict):
            raise _fault(here, str(label), settings, "a table")
        converted: dict[str, Any] = {}
        for key, value in settings.items():
            if key == "diarienummer":
                converted[key] = _text(value, here, key)
            elif key in dates:
                if not isinstance(value, date) or isinstance(value, datetime):
                    raise _fault(here, key, value, "a date without quotes, e.g. 2017-12-01")
                converted[key] = value
            else:
                raise _fault(here, key, key, f"one of {sorted(dates | {'diarienummer'})}")
        out.append((str(label), PeriodSettings(**converted)))
    return tuple(out)


def default_config() -> Config:
    """The package defaults from `defaults.toml`."""
    text = resources.files("so_analysis.core").joinpath("defaults.toml").read_text(encoding="utf-8")
    return replace(
        config_from_mapping(tomllib.loads(text), "defaults.toml"), source="package defaults"
    )


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_config(data_dir: Path | str | None = None) -> Config:
    """Package defaults, overridden by `so_analysis.toml` in `data_dir` when present."""
    text = resources.files("so_analysis.core").joinpath("defaults.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    if data_dir is None:
        return default_config()
    path = Path(data_dir) / CONFIG_FILENAME
    if not path.exists():
        return default_config()
    try:
        override = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            [InputFault(file=path.name, value="", expected=f"valid TOML ({exc})")]
        ) from None
    return config_from_mapping(_deep_merge(data, override), path.name)
