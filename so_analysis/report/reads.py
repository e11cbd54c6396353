"""What the notebook process is sent: the report with everything it reads of each record made.

The notebooks read the analysis through `Report`. What they read of each enrolment and survey
answer (the teaching languages, the basis for Länsstyrelsen, the hours against the minimum,
where each sex came from, the answers per question) is made once by `prepare`, in the command's
process, which needs the same for the workbooks and the memo, and the report keeps it. The
notebook process then gets the report with those frames withheld (`for_notebooks`): a million
enrolments are not pickled, sent, unpickled and held again by every notebook forked from it.

A withheld frame still tells its columns (the publication model asks which optional columns the
data has, `"sex" in classified`); anything else raises `WithheldError`. So a report function
that starts reading records fails its notebook loudly (exit 1, the notebook kept) until it is
made in `prepare`, never silently.
"""

from __future__ import annotations

import dataclasses
from typing import Any, NoReturn, cast

import pandas as pd

from so_analysis.load.tables import SEX_FROM_COLUMN, SEX_FROM_ID, SEX_SOURCE
from so_analysis.measure.outcomes import touches_period
from so_analysis.measure.survey_languages import survey_detail
from so_analysis.report.languages import published_languages
from so_analysis.report.lansstyrelsen import published_basis
from so_analysis.report.legal import shortfalls
from so_analysis.report.publication.model import Report
from so_analysis.report.sexes import conclusion_sentences


class WithheldError(RuntimeError):
    """A notebook read records the notebook process is not sent."""


class Withheld:
    """Stands for a frame of records the notebook process is not sent: its columns only."""

    def __init__(self, name: str, frame: pd.DataFrame) -> None:
        self.name = name
        self.columns = frame.columns

    def __contains__(self, column: object) -> bool:
        return column in self.columns

    def _refuse(self, *_: Any, **__: Any) -> NoReturn:
        raise WithheldError(
            f"the notebook process is not sent {self.name}: make what reads them in "
            "so_analysis.report.reads.prepare"
        )

    __getitem__ = __len__ = __iter__ = _refuse

    def __getattr__(self, attribute: str) -> NoReturn:
        if attribute.startswith("__"):  # what pickle and copy look for: not there
            raise AttributeError(attribute)
        self._refuse()


def sex_sources(report: Report) -> tuple[int, int, int] | None:
    """How many of the period's enrolment records got their sex from the `kön` column, from the
    id, and in all (made once per report); None without the column or such records."""

    def count() -> tuple[int, int, int] | None:
        enrolments = report.analysis.classified  # every enrolment, with its sex source
        if SEX_SOURCE not in enrolments.columns:
            return None
        source = enrolments.loc[touches_period(enrolments, report.analysis.period), SEX_SOURCE]
        if source.empty:
            return None
        counts = source.value_counts()
        return int(counts.get(SEX_FROM_COLUMN, 0)), int(counts.get(SEX_FROM_ID, 0)), len(source)

    return report.once(("sex_sources",), count)


def survey_details(report: Report) -> pd.DataFrame | None:
    """The period's survey answers per expert and question (`measure.survey_languages.
    survey_detail`, made once per report); None without a survey."""
    survey = report.analysis.dataset.survey
    if survey is None:
        return None
    return report.once(("survey_detail",), lambda: survey_detail(survey, report.analysis.period))


def prepare(report: Report, lang: str) -> None:
    """Make, and keep in `report`, everything the notebooks read of each record, in `lang`."""
    report.model(lang)
    published_languages(report, lang)
    published_basis(report, lang)
    shortfalls(report)
    sex_sources(report)
    survey_details(report)
    conclusion_sentences(report, lang)


def for_notebooks(report: Report, lang: str) -> Report:
    """The report as the notebook process gets it: `prepare`d, its records withheld.

    Should `prepare` fail, the report goes whole: each notebook then meets the failure itself,
    and is kept with its traceback."""
    try:
        prepare(report, lang)
    except Exception:
        return Report(report.analysis)
    a = report.analysis
    survey = a.dataset.survey
    dataset = dataclasses.replace(
        a.dataset,
        enrolments=_withheld("the enrolments", a.dataset.enrolments),
        survey=None if survey is None else _withheld("the survey's answers", survey),
    )
    classified = _withheld("the classified enrolments", a.classified)
    return report.cut(dataclasses.replace(a, dataset=dataset, classified=classified))


def _withheld(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    return cast(pd.DataFrame, Withheld(name, frame))
