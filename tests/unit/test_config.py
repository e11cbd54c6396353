import pytest

from so_analysis.core.config import Config, load_config
from so_analysis.core.errors import InputError


def test_defaults_come_from_the_package(tmp_path):
    cfg = load_config(tmp_path)
    assert cfg.targets.lead_time_max_days == 14
    # ten weeks is a ceiling (SPEC §1): no minimum unless the config sets one
    assert (cfg.targets.duration_min_days, cfg.targets.duration_max_days) == (None, 70)
    assert cfg.targets.dropout_rate_max == 0.10
    assert cfg.targets.dropout_target_basis == "negative"
    assert cfg.targets.dropout_figure == "dropout_rate_negative"
    assert cfg.dropouts_registered_from is None
    assert cfg.targets.satisfaction_min == 4.0
    assert cfg.min_n == 5
    assert cfg.reasons.class_of("flyttat") == "positive"
    assert cfg.reasons.class_of("sjukdom") == "neutral"
    assert cfg.reasons.class_of("missnojd") == "negative"
    assert cfg.reasons.class_of("ej_angiven") is None
    assert len(cfg.requirements) >= 5


def test_data_folder_overrides_only_what_it_sets(tmp_path):
    (tmp_path / "so_analysis.toml").write_text(
        'municipality = "Exempelby kommun"\nmin_n = 3\n[targets]\nlead_time_max_days = 21\n'
        '[reasons]\nneutral = ["sjukdom", "expert_upphort", "bytt_expert"]\n'
        'negative = ["missnojd", "sprak_saknas", "ovrigt"]\n',
        encoding="utf-8",
    )
    cfg = load_config(tmp_path)
    assert cfg.municipality == "Exempelby kommun"
    assert cfg.min_n == 3
    assert cfg.targets.lead_time_max_days == 21
    assert cfg.targets.satisfaction_min == 4.0
    assert cfg.reasons.class_of("bytt_expert") == "neutral"
    assert cfg.source == "so_analysis.toml"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[targets]\nlead_time = 3\n", "lead_time"),
        ("[targets]\nlead_time_max_days = 'fjorton'\n", "lead_time_max_days"),
        ("min_n = 0\n", "min_n"),
        ("colour = 'blå'\n", "colour"),
        ("[targets\n", "TOML"),
        ("[targets]\nduration_min_days = 'sex veckor'\n", "duration_min_days"),
        ("[targets]\nduration_min_days = 80\n", "duration_min_days"),
        ("[targets]\ndropout_target_basis = 'negativa'\n", "dropout_target_basis"),
        ("[targets]\ndropout_rate_max = 10\n", "dropout_rate_max"),
        ("[targets]\nlead_time_max_days = -1\n", "lead_time_max_days"),
        ("dropouts_registered_from = '2016-06-01'\n", "dropouts_registered_from"),
    ],
)
def test_bad_config_is_an_input_error_naming_the_key(tmp_path, text, fragment):
    (tmp_path / "so_analysis.toml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_config(tmp_path)
    assert fragment in err.value.message()
    assert "so_analysis.toml" in err.value.message()


def test_config_is_immutable():
    with pytest.raises(AttributeError):
        Config().min_n = 3  # type: ignore[misc]


def test_memo_and_period_settings(tmp_path):
    from datetime import date

    (tmp_path / "so_analysis.toml").write_text(
        '[memo]\ncommittee = "Nämnden"\nunit = "Enheten"\n'
        'signatures = [{ name = "A B", title = "Enhetschef" }]\n'
        '[period."2017"]\ndiarienummer = "AFN 2018/12"\natgard_senast = 2018-12-01\n',
        encoding="utf-8",
    )
    cfg = load_config(tmp_path)
    assert cfg.memo.committee == "Nämnden"
    assert cfg.memo.signatures[0].title == "Enhetschef"
    assert cfg.period_settings("2017").atgard_senast == date(2018, 12, 1)
    assert cfg.period_settings("2017").diarienummer == "AFN 2018/12"
    assert cfg.period_settings("2016").atgard_senast is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[period."2017"]\natgard_senast = "1 december"\n', "atgard_senast"),
        ('[period."2017"]\nsista_dag = 2018-01-01\n', "sista_dag"),
        ("[memo]\nsignatures = [{ title = 'chef' }]\n", "signatures"),
    ],
)
def test_bad_period_or_memo_settings_name_the_key(tmp_path, text, fragment):
    (tmp_path / "so_analysis.toml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_config(tmp_path)
    assert fragment in err.value.message()


def test_duration_minimum_dropout_basis_and_registration_day(tmp_path):
    from datetime import date

    (tmp_path / "so_analysis.toml").write_text(
        "dropouts_registered_from = 2016-06-01\n"
        '[targets]\nduration_min_days = 42\ndropout_target_basis = "all"\n',
        encoding="utf-8",
    )
    cfg = load_config(tmp_path)
    assert cfg.targets.duration_min_days == 42
    assert cfg.targets.dropout_figure == "dropout_rate"
    assert cfg.dropouts_registered_from == date(2016, 6, 1)


def test_the_dataclass_defaults_are_the_package_defaults():
    """`Config()` (used where no data folder is read) is defaults.toml read and checked."""
    from so_analysis.core.config import default_config

    assert Config().targets == default_config().targets
    assert Config().dropouts_registered_from == default_config().dropouts_registered_from


def test_hours_minimum_is_a_dated_list(tmp_path):
    """`hours_minimum`: 60 hours before 2020-02-01 and 100 from then by default (SFS 2019:1310);
    a municipality's file replaces the whole list."""
    from datetime import date

    from so_analysis.core.config import HoursMinimum

    assert load_config(tmp_path).hours_minimum == (
        HoursMinimum(60.0),
        HoursMinimum(100.0, date(2020, 2, 1)),
    )
    (tmp_path / "so_analysis.toml").write_text(
        "hours_minimum = [{ hours = 40 }, { from = 2018-01-01, hours = 62.5 }]\n", encoding="utf-8"
    )
    assert load_config(tmp_path).hours_minimum == (
        HoursMinimum(40.0),
        HoursMinimum(62.5, date(2018, 1, 1)),
    )


@pytest.mark.parametrize(
    "value",
    [
        "100",  # not a list
        "[]",
        "[{ from = 2020-02-01, hours = 100 }]",  # the first holds for every earlier start
        "[{ hours = 60 }, { hours = 100 }]",  # a later one without its day
        "[{ hours = 60 }, { from = '2020-02-01', hours = 100 }]",  # a date in quotes
        "[{ hours = 60 }, { from = 2020-02-01, hours = 100 }, { from = 2019-01-01, hours = 90 }]",
        "[{ hours = -1 }]",
        "[{ hours = 'sextio' }]",
        "[{ hours = 60, timmar = 60 }]",
        "[{ from = 2020-02-01 }]",
    ],
)
def test_a_bad_hours_minimum_names_the_key(tmp_path, value):
    (tmp_path / "so_analysis.toml").write_text(f"hours_minimum = {value}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_config(tmp_path)
    assert "hours_minimum" in err.value.message()
    assert "so_analysis.toml" in err.value.message()
