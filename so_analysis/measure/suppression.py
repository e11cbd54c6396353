"""Small-n suppression (SPEC §4): why a figure may not be published, per expert and figure."""

from __future__ import annotations

import pandas as pd

OK, TOO_FEW = "ok", "too_few"

# Figure column -> (the count it rests on, the status when that count is zero).
FIGURE_BASIS: dict[str, tuple[str, str]] = {
    "lead_time_mean_days": ("lead_time_n", "no_starts"),
    "lead_time_median_days": ("lead_time_n", "no_starts"),
    "lead_time_within_target_share": ("lead_time_n", "no_starts"),
    "duration_mean_days": ("duration_n", "no_completions"),
    "duration_median_days": ("duration_n", "no_completions"),
    "duration_within_target_share": ("duration_n", "no_completions"),
    "dropout_rate": ("dropout_base_n", "no_endings"),
    "dropout_rate_negative": ("dropout_base_n", "no_endings"),
    "satisfaction_mean": ("satisfaction_n", "no_survey"),
    "response_rate": ("n_completed", "no_completions"),
}


def figure_status(indicators: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """Index provider_id; one column per FIGURE_BASIS figure: 'ok', 'too_few' or why it is empty.

    The experts' mean (`_mean`) has no count of its own: it is 'ok' when it has a figure.
    """
    t = indicators.set_index("provider_id")
    status = {}
    for column, (basis, empty) in FIGURE_BASIS.items():
        n = t[basis]
        figure = t[column]
        values = pd.Series(OK, index=t.index, dtype="object")
        values = values.mask(n.notna() & (n < min_n), TOO_FEW)
        values = values.mask(figure.isna(), empty)
        # a figure needing a survey is missing because there is none, not for want of completions
        if column == "response_rate":
            values = values.mask(figure.isna() & t["satisfaction_n"].isna(), "no_survey")
        status[column] = values
    return pd.DataFrame(status, index=t.index)
