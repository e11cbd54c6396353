"""The visit in the report on hand-made frames: breakdowns protected like every count, the survey's
questions and the teaching languages as published, the dialog notes escaped where they belong."""

from __future__ import annotations

import dataclasses
from datetime import date

import frames
import pandas as pd
import pytest

from so_analysis.core.config import Config, Targets
from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
from so_analysis.measure.indicators import ALL
from so_analysis.measure.survey_languages import OTHER
from so_analysis.report import narrative, sections
from so_analysis.report.languages import published_languages, slow_language, slow_language_sentence
from so_analysis.report.publication.breakdown import protect, survey_items
from so_analysis.report.publication.disclosure import SUPPRESSED, TOO_FEW
from so_analysis.report.publication.model import Publication, Report

P = parse_period("2017")

# ------------------------------------------------------------------ the breakdown rule


def test_a_small_count_is_hidden_with_the_next_smallest_so_the_total_gives_nothing_away():
    counts = {("a", "x"): 3, ("b", "x"): 10, ("c", "x"): 20}
    p = protect(counts, ["a", "b", "c"], ["x"], 5)
    assert p.status("a", "x") == TOO_FEW and p.status("b", "x") == SUPPRESSED
    assert p.status("c", "x") is None and not p.totals_hidden


def test_two_small_counts_together_at_least_min_n_protect_each_other():
    p = protect({("a", "x"): 3, ("b", "x"): 2, ("c", "x"): 20}, ["a", "b", "c"], ["x"], 5)
    assert p.status("a", "x") == TOO_FEW and p.status("b", "x") == TOO_FEW
    assert p.status("c", "x") is None


def test_with_no_one_left_to_hide_the_total_is_hidden():
    p = protect({("a", "x"): 3}, ["a", "b"], ["x"], 5)
    assert p.status("a", "x") == TOO_FEW and p.totals_hidden == {"x"}


def test_an_expert_whose_group_is_hidden_has_every_count_hidden():
    counts = {("a", "x"): 6, ("b", "x"): 7, ("c", "x"): 30}
    p = protect(counts, ["a", "b", "c"], ["x"], 5, held={"a": TOO_FEW, "b": SUPPRESSED})
    assert (p.status("a", "x"), p.status("b", "x"), p.status("c", "x")) == (
        TOO_FEW,
        SUPPRESSED,
        None,
    )


def test_rows_that_add_up_are_protected_within_the_expert_too():
    counts = {
        ("a", "arabiska"): 10,
        ("a", "tigrinja"): 3,
        ("b", "arabiska"): 8,
        ("b", "tigrinja"): 6,
        ("c", "arabiska"): 7,
        ("c", OTHER): 5,
    }
    p = protect(counts, ["a", "b", "c"], ["arabiska", "tigrinja", OTHER], 5, rows_add_up=True)
    assert dict(p.hidden) == {
        ("a", "tigrinja"): TOO_FEW,
        ("a", "arabiska"): SUPPRESSED,  # a's starts minus its Arabic would give its Tigrinya
        ("b", "tigrinja"): SUPPRESSED,  # all Tigrinya minus b's would give a's
        ("b", "arabiska"): SUPPRESSED,
    }
    assert not p.totals_hidden


def test_a_zero_the_total_leaves_for_hidden_counts_is_complemented():
    # a and b (hidden with their groups) have no count in x: all of x minus c and d is 0
    counts = {("a", "y"): 6, ("b", "y"): 7, ("c", "x"): 30, ("d", "x"): 9, ("c", "y"): 8}
    held = {"a": TOO_FEW, "b": SUPPRESSED}
    p = protect(counts, ["a", "b", "c", "d"], ["x", "y"], 5, held=held)
    assert p.status("d", "x") == SUPPRESSED and p.status("c", "x") is None
    assert p.status("c", "y") is None and not p.totals_hidden
    # 'färre än 5' twice and 8 left by the total: both are 4
    p = protect({("a", "x"): 4, ("b", "x"): 4, ("c", "x"): 20, ("d", "x"): 9}, "abcd", "x", 5)
    assert p.status("d", "x") == SUPPRESSED and p.status("c", "x") is None
    # within an expert whose starts are published: 28 minus its 20 leaves 8 for two counts
    # that read 'färre än 5': both 4, unless a third is hidden with them
    counts = {("a", "x"): 4, ("a", "y"): 4, ("a", "z"): 20}
    counts |= {(p, c): 9 for p in "bc" for c in "xyz"}
    p = protect(counts, "abc", "xyz", 5, rows_add_up=True)
    assert p.status("a", "z") == SUPPRESSED


def test_an_experts_only_language_is_never_the_one_hidden_to_protect_another():
    # b teaches x only: hiding it would hide nothing (its starts are published); c is hidden
    counts = {("a", "x"): 2, ("a", "y"): 9, ("b", "x"): 6, ("c", "x"): 7, ("c", "y"): 8}
    p = protect(counts, ["a", "b", "c"], ["x", "y"], 5, rows_add_up=True)
    assert p.status("b", "x") is None and p.status("c", "x") == SUPPRESSED


# ------------------------------------------------------------------ the survey's questions


def _survey_model(n: dict[str, float]) -> Publication:
    rows = [{"provider_id": pid, "satisfaction_n": v} for pid, v in n.items()]
    rows.append({"provider_id": ALL, "satisfaction_n": sum(n.values())})
    return Publication(pd.DataFrame(rows), None, Targets(), 5, expert_ids=list(n))


def test_survey_questions_hide_small_counts_and_complement_them():
    model = _survey_model({"a": 20, "b": 12, "c": 3, "d": 8})  # c too few, d hidden with it
    detail = pd.DataFrame(
        [
            ("a", "module_bo_i_sverige", 4.5, 20),
            ("b", "module_bo_i_sverige", 4.25, 4),
            ("c", "module_bo_i_sverige", 5.0, 3),
            ("d", "module_bo_i_sverige", 4.0, 8),
            (ALL, "module_bo_i_sverige", 4.46, 35),
            ("a", "recommend", 4.9, 20),
            ("b", "recommend", 4.0, 12),
            (ALL, "recommend", 4.56, 32),
            ("a", "module_aldras", 3.0, 2),
            (ALL, "module_aldras", 3.0, 2),
        ],
        columns=["provider_id", "item", "mean", "n"],
    )
    cells = survey_items(model, detail)
    mean, answers = cells[("a", "module_bo_i_sverige")]
    assert (mean.text, answers.text) == ("4,5", "20")
    assert cells[("b", "module_bo_i_sverige")][0].text == "för få (n<5)"
    assert cells[("b", "module_bo_i_sverige")][1].text == "färre än 5"
    assert cells[("c", "module_bo_i_sverige")][0].status == "too_few"  # its survey is hidden
    assert cells[("d", "module_bo_i_sverige")][0].text == "dold"
    assert cells[(ALL, "module_bo_i_sverige")][0].text == "4,5"
    # nothing small in "rekommendera", but all minus a and b would leave 0 answers for c and d,
    # whose surveys are hidden: b's is hidden too, so what is left is b's, c's and d's
    assert [cells[(p, "recommend")][0].text for p in ("a", "b", ALL)] == ["4,9", "dold", "4,6"]
    # only one expert answered, and too few: the total would give it away
    assert cells[("a", "module_aldras")][0].status == "too_few"
    assert cells[(ALL, "module_aldras")][0].text == "dold"


# ------------------------------------------------------------------ teaching languages


def _languages_analysis():
    """Three experts, min_n 5: Tigrinya waits long; Oromo and Somali are few (övriga språk)."""
    rows, languages = [], []

    def add(pid: str, language: str, n: int, lead: int) -> None:
        for _ in range(n):
            rows.append(
                (
                    pid,
                    "2017-03-01",
                    str(date(2017, 3, 1) + pd.Timedelta(days=lead))[:10],
                    None,
                    "ongoing",
                )
            )
            languages.append(language)

    add("a", "Arabiska", 10, 10)
    add("a", "tigrinya", 3, 60)
    add("b", "arabic", 8, 12)
    add("b", "Tigrinja", 6, 50)
    add("c", "arabiska", 7, 8)
    add("c", "oromo", 2, 30)
    add("c", "somaliska", 3, 30)
    dataset = frames.dataset(["a", "b", "c"], rows)
    enrolments = dataset.enrolments.assign(language=languages)
    dataset = dataclasses.replace(dataset, enrolments=enrolments)
    return analyse(dataset, P, date(2018, 6, 30))


def test_languages_per_expert_and_over_all_as_published():
    analysis = _languages_analysis()
    languages = published_languages(Report(analysis))
    assert languages.categories == ("arabiska", "tigrinja", OTHER)
    assert languages.counts[("c", OTHER)] == 5 and languages.totals["tigrinja"] == 9
    assert languages.protected.status("a", "tigrinja") == TOO_FEW
    assert languages.protected.status("a", "arabiska") == SUPPRESSED
    assert languages.protected.status("c", "arabiska") is None
    by = languages.by_language.set_index("category")
    assert by.loc["tigrinja", "lead_time_mean_days"] == pytest.approx((3 * 60 + 6 * 50) / 9)
    assert by.loc[OTHER, "n"] == 5 and by.loc["arabiska", "within_target_share"] == 1.0
    page = str(sections.dialog_section(Report(analysis), "a", "sv"))
    assert "färre än 5" in page and "dold" in page and "60" not in page
    assert "övriga språk" in str(sections.dialog_section(Report(analysis), "c", "sv"))


def test_a_language_that_waits_markedly_longer_gets_a_sentence():
    analysis = _languages_analysis()
    found = slow_language(Report(analysis))
    assert found["language"] == "tigrinja" and found["n"] == 9
    assert found["days"] >= 1.5 * found["overall"]
    sentence = slow_language_sentence(Report(analysis), "sv")
    assert sentence.startswith("Deltagare som undervisades på tigrinja (9 startade)")
    assert "53,3 dagar" in sentence and "22,6" in sentence
    summary = str(sections.languages_summary(Report(analysis), "sv"))
    assert sentence in summary and "övriga språk" in summary
    assert slow_language_sentence(Report(analysis), "en").startswith(
        "Participants taught in tigrinja"
    )
    lead = next(
        p for p in narrative.conclusion_parts(Report(analysis), "sv").parts if p.key == "lead_time"
    )
    assert sentence in lead.sentences  # the conclusions carry it under the lead time


def test_no_sentence_when_no_language_waits_markedly_longer():
    rows = [("a", "2017-03-01", "2017-03-11", None, "ongoing")] * 12
    dataset = frames.dataset(["a"], rows)
    dataset = dataclasses.replace(
        dataset, enrolments=dataset.enrolments.assign(language=["dari", "arabiska"] * 6)
    )
    analysis = analyse(dataset, P, date(2018, 6, 30))
    assert (
        slow_language(Report(analysis)) is None and slow_language_sentence(Report(analysis)) is None
    )


def test_language_variants_from_the_config_fold_to_one_name():
    rows = [("a", "2017-03-01", "2017-03-11", None, "ongoing")] * 10
    config = Config(languages=(("oromo", ("afaan oromoo", "oromiffa")),))
    dataset = frames.dataset(["a"], rows, config=config)
    spelled = ["Afaan Oromoo"] * 4 + ["oromiffa"] * 3 + ["OROMO"] * 3
    dataset = dataclasses.replace(dataset, enrolments=dataset.enrolments.assign(language=spelled))
    languages = published_languages(Report(analyse(dataset, P, date(2018, 6, 30))))
    assert languages.categories == ("oromo",) and languages.totals == {"oromo": 10}


# ------------------------------------------------------------------ the dialog notes

EVIL = 'Vi <b>startar</b> & "snabbt"\nAndra stycket <script>x</script>'


def _with_notes(analysis, pid: str, topic: str, comment: str | None, notes: str | None):
    dialog = pd.DataFrame(
        [
            {
                "provider_id": pid,
                "period": analysis.period.label,
                "topic": topic,
                "expert_comment": comment,
                "municipality_notes": notes,
                "_row": 2,
                "_file": "dialogmallar/x.xlsx",
            }
        ]
    )
    dataset = dataclasses.replace(analysis.dataset, dialog=dialog)
    return dataclasses.replace(analysis, dataset=dataset)


def test_notes_appear_escaped_under_their_parameter_and_topic_only():
    analysis = _with_notes(_languages_analysis(), "a", "lead_time", EVIL, "Kommunen <noterar>")
    lead = str(sections.parameter_section(Report(analysis), "a", "lead_time", "sv"))
    assert "Expertens kommentar" in lead and "Kommunens anteckningar" in lead
    assert "Vi &lt;b&gt;startar&lt;/b&gt; &amp; &#34;snabbt&#34;" in lead or (
        "Vi &lt;b&gt;startar&lt;/b&gt; &amp; &quot;snabbt&quot;" in lead
    )
    assert "<script>" not in lead and "&lt;script&gt;x&lt;/script&gt;" in lead
    assert "Kommunen &lt;noterar&gt;" in lead
    duration = str(sections.parameter_section(Report(analysis), "a", "duration", "sv"))
    # no note on this parameter: no heading and no "nothing noted" line (no empty headings)
    assert "startar" not in duration and "Från verksamhetsbesöket" not in duration
    other = str(sections.parameter_section(Report(analysis), "b", "lead_time", "sv"))
    assert "startar" not in other and "Från verksamhetsbesöket" not in other  # b sent none
    topic = _with_notes(_languages_analysis(), "a", "study_visits", None, "Besök <på> biblioteket")
    page = str(sections.dialog_section(Report(topic), "a", "sv"))
    silent = page.index("Inga anteckningar från besöket om")
    visits = page[page.index("Studiebesök</h4>") : silent]
    assert "Besök &lt;på&gt; biblioteket" in visits and "Expertens kommentar" not in visits
    # the other topics are named in one line, not one empty heading each
    assert "utvecklingsarbete" in page[silent:] and "Utvecklingsarbete</h4>" not in page
    assert "studiebesök" not in page[silent:]


def test_without_notes_the_dialog_section_says_no_template_came_back():
    page = str(sections.dialog_section(Report(_languages_analysis()), "b", "sv"))
    assert "Ingen ifylld dialogmall för perioden 2017 har kommit in från B." in page
    assert "Undervisningsspråk och modersmål" in page  # the languages are shown all the same
