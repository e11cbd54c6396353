"""What the notebook process is sent of each enrolment: what the report reads, no more.

The notebooks read the analysis through `Report`. Of the per-enrolment frames they read some
columns of the classified enrolments (the teaching languages, the hours against the minimum, the
basis for Länsstyrelsen, where each sex came from), never the participants' ids nor the dataset's
enrolments (the classified frame holds the same records). Sent whole, a million enrolments would
be held by the notebook process and by every notebook forked from it, ids and all.

`for_notebooks` withholds the columns in `WITHHELD` and sends the dataset's enrolments without
columns. Everything else goes, optional columns included: the report asks whether the data has
the sex or the hours (`"sex" in classified`), and a column left out would read as one not given.
A report function that starts reading a withheld column takes it off the list: until then the
notebook fails on it (a KeyError, exit 1 with the notebook kept), never silently.
"""

from __future__ import annotations

import dataclasses

from so_analysis.load.dataset import SOURCE_ROW
from so_analysis.measure.analysis import Analysis

# the classified enrolments' columns no report function reads: the pseudonymised ids (first
# starts are marked in `first_start`), the reasons as written and as classified (the report
# reads `Analysis.reasons`), and the source rows (faults are the loader's)
WITHHELD = ("participant_id", "dropout_reason", "reason", SOURCE_ROW)


def for_notebooks(analysis: Analysis) -> Analysis:
    """The analysis with the per-enrolment frames cut to what the report reads."""
    classified = analysis.classified
    keep = [c for c in classified.columns if c not in WITHHELD]
    dataset = dataclasses.replace(analysis.dataset, enrolments=analysis.dataset.enrolments[[]])
    return dataclasses.replace(analysis, dataset=dataset, classified=classified[keep])
