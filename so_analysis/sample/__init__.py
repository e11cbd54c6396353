"""Seeded, deterministic sample data: the six experts of the 2016 seed report, participant by participant.

Period 2016 run through the real pipeline reproduces the published Tabell 1 (lead-time, duration
and satisfaction means) and the dropout counts and reasons of the report's expert sections.
The participants are synthetic; only the published aggregates are facts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from so_analysis.sample.export import to_municipal_export, write_tables
from so_analysis.sample.participants import (
    carry_over_into_2017,
    enrolments_2016,
    enrolments_2017,
    excluded_examples,
    survey_answers,
)
from so_analysis.sample.profiles import (
    PROFILES_2016,
    PROFILES_2017,
    SAMPLE_SEED,
    ExpertProfile,
)
from so_analysis.sample.sex_and_hours import add_sex_and_hours
from so_analysis.sample.synthetic import generate_synthetic
from so_analysis.sample.visits import checklist_2016, checklist_2017, plans_table

__all__ = [
    "PROFILES_2016",
    "PROFILES_2017",
    "SAMPLE_SEED",
    "ExpertProfile",
    "generate_sample",
    "generate_synthetic",
    "to_municipal_export",
    "write_sample",
    "write_tables",
]


def generate_sample(
    seed: int = SAMPLE_SEED, requirements: tuple[str, ...] | None = None
) -> dict[str, pd.DataFrame]:
    """The sample tables with canonical English columns and codes, deterministic for a seed."""
    from so_analysis.core.config import default_config

    reqs = requirements if requirements is not None else default_config().requirements
    rng = np.random.default_rng(seed)
    counter = iter(range(1, 10**6))

    def next_id() -> str:
        return f"D{next(counter):05d}"

    providers = pd.DataFrame(
        [
            {
                "provider_id": p.provider_id,
                "name": p.name,
                "authorized_from": p.authorized_from,
                "authorized_to": p.authorized_to,
            }
            for p in PROFILES_2016
        ]
    )
    rows: list[dict] = []
    for p in PROFILES_2016:
        rows += enrolments_2016(rng, p, next_id)
    # Strömbergs: one registered customer changed expert before starting (seed report).
    rows.append(
        {
            "participant_id": next_id(),
            "provider_id": "strombergs",
            "registered": date(2016, 9, 12),
            "started": None,
            "ended": date(2016, 9, 30),
            "outcome": "not_started",
            "dropout_reason": "bytt_expert",
            "language": "dari",
        }
    )
    rows += excluded_examples(next_id)
    rng_2017 = np.random.default_rng(seed + 1)
    carry_over_into_2017(rng_2017, rows)
    for p in PROFILES_2017:
        rows += enrolments_2017(rng_2017, p, next_id)
    enrolments = pd.DataFrame(rows).sort_values(["registered", "provider_id"], kind="stable")
    enrolments = add_sex_and_hours(enrolments, seed)
    completed = enrolments[enrolments["outcome"] == "completed"].sort_values("ended", kind="stable")
    survey_rows: list[dict] = []
    in_2017 = pd.to_datetime(completed["ended"]) > pd.Timestamp("2016-12-31")
    for p in PROFILES_2016:
        survey_rows += survey_answers(rng, p, completed[~in_2017])
    for p in PROFILES_2017:
        survey_rows += survey_answers(rng_2017, p, completed[in_2017])
    survey = pd.DataFrame(survey_rows).sort_values(["answered", "provider_id"], kind="stable")
    return {
        "providers": providers,
        "enrolments": enrolments.reset_index(drop=True),
        "survey": survey.reset_index(drop=True),
        "checklist": pd.DataFrame(checklist_2016(reqs) + checklist_2017(reqs)),
        "plans": pd.DataFrame(plans_table()),
    }


def write_sample(out_dir: Path | str, seed: int = SAMPLE_SEED) -> list[Path]:
    """Write the sample as semicolon-separated UTF-8 CSV files with Swedish headers, and the
    experts' returned dialog templates (`dialogmallar/<period>/<slug>.xlsx`) on them.

    The templates are written with the settings of `out_dir/so_analysis.toml` when there is one
    (the sample's own), else the package defaults.
    """
    from so_analysis.core.config import CONFIG_FILENAME, default_config, load_config
    from so_analysis.sample.templates import write_returned_templates

    out = Path(out_dir)
    written = write_tables(generate_sample(seed), out)
    config = load_config(out) if (out / CONFIG_FILENAME).is_file() else default_config()
    return written + write_returned_templates(out, config)
