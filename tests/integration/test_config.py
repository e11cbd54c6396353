"""The sample's own so_analysis.toml, as the loader reads it."""


def test_the_sample_sets_the_registration_day_and_the_defaults(sample_dataset):
    from datetime import date

    from so_analysis.core.config import default_config

    cfg = sample_dataset.config
    assert cfg.targets == default_config().targets
    assert cfg.dropouts_registered_from == date(2016, 6, 1)
    assert cfg.period_settings("2016").atgard_senast == date(2017, 12, 1)
