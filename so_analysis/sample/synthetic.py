"""A large synthetic data set for the benchmarks: canonical columns, vectorised, deterministic."""

from __future__ import annotations

import numpy as np
import pandas as pd

from so_analysis.sample.profiles import REASON_LABELS


def generate_synthetic(
    n_providers: int = 100, n_enrolments: int = 200_000, year: int = 2016, seed: int = 1
) -> dict[str, pd.DataFrame]:
    """A large synthetic data set (for benchmarks): canonical columns, vectorised, deterministic."""
    from so_analysis.core.config import default_config

    rng = np.random.default_rng(seed)
    ids = [f"x{i:03d}" for i in range(n_providers)]
    providers = pd.DataFrame(
        {
            "provider_id": ids,
            "name": [f"Expert {i:03d} AB" for i in range(n_providers)],
            "authorized_from": "2015-01-01",
            "authorized_to": "",
        }
    )
    who = rng.integers(0, n_providers, n_enrolments)
    base = np.datetime64(f"{year - 1}-10-01")
    registered = base + rng.integers(0, 450, n_enrolments).astype("timedelta64[D]")
    lead = rng.gamma(3.0, 10.0, n_enrolments).astype(int)
    duration = rng.integers(20, 90, n_enrolments)
    started = registered + lead.astype("timedelta64[D]")
    ended = started + duration.astype("timedelta64[D]")
    u = rng.random(n_enrolments)
    outcome = np.where(u < 0.08, "dropout", "completed")
    cutoff = np.datetime64(f"{year + 1}-03-31")
    outcome = np.where(ended > cutoff, "ongoing", outcome)
    outcome = np.where(started > cutoff, "not_started", outcome)
    codes = np.array(list(REASON_LABELS))
    reason = np.where(outcome == "dropout", codes[rng.integers(0, len(codes), n_enrolments)], "")

    def iso(values: np.ndarray, keep: np.ndarray) -> list[str]:
        text = np.datetime_as_string(values, unit="D")
        return np.where(keep, text, "").tolist()

    enrolments = pd.DataFrame(
        {
            "participant_id": [f"S{i:07d}" for i in range(n_enrolments)],
            "provider_id": np.array(ids)[who],
            "registered": np.datetime_as_string(registered, unit="D"),
            "started": iso(started, outcome != "not_started"),
            "ended": iso(ended, (outcome == "completed") | (outcome == "dropout")),
            "outcome": outcome,
            "dropout_reason": reason,
            "language": "arabiska",
        }
    )
    done = enrolments[enrolments["outcome"] == "completed"].sample(frac=0.3, random_state=seed)
    survey = pd.DataFrame(
        {
            "provider_id": done["provider_id"].to_numpy(),
            "answered": done["ended"].to_numpy(),
            "overall": rng.integers(3, 6, len(done)),
        }
    )
    reqs = default_config().requirements
    checklist = pd.DataFrame(
        [
            {
                "provider_id": pid,
                "requirement": r,
                "fulfilled": "ja" if (i + j) % 7 else "nej",
                "visit_date": f"{year + 1}-03-01",
                "deadline": f"{year + 1}-12-01",
                "remedied": "",
                "comment": "",
            }
            for i, pid in enumerate(ids)
            for j, r in enumerate(reqs)
        ]
    )
    plans = pd.DataFrame(
        [
            {
                "provider_id": pid,
                "period": str(year),
                "area": area,
                "finding": "Iakttagelse",
                "action": "Åtgärd",
                "responsible": "Verksamhetschef",
                "due": f"{year + 1}-12-31",
                "status": "planerad",
                "follow_up": "",
            }
            for pid in ids
            for area in ("effektivitet", "avbrott")
        ]
    )
    return {
        "providers": providers,
        "enrolments": enrolments,
        "survey": survey,
        "checklist": checklist,
        "plans": plans,
    }
