"""HTML sections on a hand-made analysis (escaping, suppression, ids, tables) and on the sample."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from html.parser import HTMLParser

import nbformat
import numpy as np
import pandas as pd
import pytest

from so_analysis.core.config import Config
from so_analysis.core.periods import parse_period
from so_analysis.load.dataset import Dataset
from so_analysis.measure.analysis import Analysis
from so_analysis.measure.figures import COLUMNS as ALL_COLUMNS
from so_analysis.measure.figures import COUNT_COLUMNS, SECTION_ORDER
from so_analysis.measure.outcomes import classify_enrolments
from so_analysis.measure.sexes import indicators_by_sex
from so_analysis.measure.targets import assess_targets
from so_analysis.report import document, sections
from so_analysis.report.publication.model import Report

EVIL = "<script>alert(1)</script> & Co"
NAN = np.nan


def _indicator_row(pid, name, **figures):
    row = {c: NAN for c in ALL_COLUMNS}
    row.update(provider_id=pid, provider=name)
    for c in COUNT_COLUMNS:
        row[c] = 0.0
    row.update(figures)
    return row


def make_analysis(with_optional: bool = True) -> Analysis:
    """Experts: 'a' meets most targets, 'b' (evil name) misses, 'c' has few observations, and
    'd' and 'e' are hidden to protect c and a (complementary suppression)."""
    providers = pd.DataFrame(
        {
            "provider_id": ["a", "b", "c", "d", "e"],
            "name": ["Alfa AB", EVIL, "Ceta", "Delta", "Epsilon"],
        }
    )
    rows = [
        _indicator_row(
            "a",
            "Alfa AB",
            n_registered=20,
            n_started=20,
            n_completed=18,
            n_dropouts=2,
            n_waiting=6,
            waiting_mean_days=12.0,
            lead_time_n=20,
            lead_time_mean_days=10.25,
            lead_time_median_days=9.0,
            lead_time_within_target_share=0.8,
            duration_n=18,
            duration_mean_days=50.0,
            duration_median_days=49.0,
            duration_within_target_share=0.9,
            dropout_base_n=20,
            dropout_rate=0.1,
            dropout_rate_negative=0.0,
            dropouts_positive=2,
            satisfaction_mean=4.5,
            satisfaction_n=10,
            response_rate=10 / 18,
            open_deficiencies=1,
            overdue_deficiencies=0,
        ),
        _indicator_row(
            "b",
            EVIL,
            n_registered=30,
            n_started=30,
            n_completed=0,
            n_dropouts=6,
            n_waiting=0,
            lead_time_n=30,
            lead_time_mean_days=12.0,
            lead_time_median_days=11.0,
            lead_time_within_target_share=0.6,
            duration_n=0,
            dropout_base_n=6,
            dropout_rate=1.0,
            dropout_rate_negative=0.5,
            dropouts_positive=2,
            dropouts_negative=3,
            dropouts_not_given=1,
            satisfaction_n=0,
            open_deficiencies=1,
            overdue_deficiencies=1,
        ),
        _indicator_row(
            "c",
            "Ceta",
            n_registered=4,
            n_started=4,
            n_completed=4,
            n_dropouts=0,
            n_waiting=1,
            waiting_mean_days=3.0,
            lead_time_n=4,
            lead_time_mean_days=30.0,
            lead_time_median_days=30.0,
            lead_time_within_target_share=0.25,
            duration_n=4,
            duration_mean_days=40.0,
            duration_median_days=40.0,
            duration_within_target_share=0.5,
            dropout_base_n=4,
            dropout_rate=0.0,
            dropout_rate_negative=0.0,
            satisfaction_mean=3.0,
            satisfaction_n=4,
            response_rate=1.0,
            open_deficiencies=0,
            overdue_deficiencies=0,
        ),
        # 'd' rests on exactly min_n people in each group (5 starts, 5 completions, 5 answers, 5
        # waiting): the fewest among those publishable, so it is hidden to protect c's figures
        # from being worked out of the totals; 'e' (5 dropouts, nothing else) likewise protects
        # a's 2 dropouts by class.
        _indicator_row(
            "d",
            "Delta",
            n_registered=5,
            n_started=5,
            n_completed=5,
            n_dropouts=0,
            n_waiting=5,
            waiting_mean_days=8.0,
            lead_time_n=5,
            lead_time_mean_days=11.0,
            lead_time_median_days=11.0,
            lead_time_within_target_share=0.8,
            duration_n=5,
            duration_mean_days=45.0,
            duration_median_days=45.0,
            duration_within_target_share=0.8,
            dropout_base_n=5,
            dropout_rate=0.0,
            dropout_rate_negative=0.0,
            satisfaction_mean=4.0,
            satisfaction_n=5,
            response_rate=1.0,
            open_deficiencies=0,
            overdue_deficiencies=0,
        ),
        _indicator_row(
            "e",
            "Epsilon",
            n_registered=0,
            n_started=0,
            n_completed=0,
            n_dropouts=5,
            n_waiting=0,
            lead_time_n=0,
            duration_n=0,
            dropout_base_n=5,
            dropout_rate=1.0,
            dropout_rate_negative=0.8,
            dropouts_negative=4,
            dropouts_not_given=1,
            satisfaction_n=0,
            open_deficiencies=0,
            overdue_deficiencies=0,
        ),
    ]
    ind = pd.DataFrame(rows)
    experts = ind.copy()
    total = _indicator_row(
        "_all",
        "Samtliga deltagare",
        n_registered=54,
        n_started=54,
        n_completed=22,
        n_dropouts=13,
        n_waiting=7,
        waiting_mean_days=10.7,
        lead_time_n=54,
        lead_time_mean_days=12.4,
        duration_n=22,
        duration_mean_days=48.2,
        dropout_base_n=35,
        dropout_rate=13 / 35,
        dropout_rate_negative=7 / 35,
        dropouts_positive=4,
        dropouts_negative=7,
        dropouts_not_given=2,
        satisfaction_mean=4.1,
        satisfaction_n=14,
        response_rate=14 / 22,
        open_deficiencies=2,
        overdue_deficiencies=1,
    )
    mean = {
        c: (NAN if c in COUNT_COLUMNS else experts[c].astype(float).mean())
        for c in ALL_COLUMNS
        if c not in ("provider_id", "provider")
    }
    mean.update(provider_id="_mean", provider="Genomsnitt per expert")
    ind = pd.concat([ind, pd.DataFrame([total, mean])], ignore_index=True)[list(ALL_COLUMNS)]
    config = Config()
    plans = checklist = None
    if with_optional:
        plans = pd.DataFrame(
            {
                "provider_id": ["b", "b", "a"],
                "period": ["2016", "2016", "2015"],
                "area": ["effektivitet", "auktorisation", "avbrott"],
                "finding": ["Lång väntan", "Brist & mer", "gammal"],
                "action": [EVIL, "Åtgärda <b>nu</b>", "old"],
                "responsible": ["Chef", "VD", "x"],
                "due": pd.to_datetime(["2017-12-01", "2017-10-01", "2016-12-01"]),
                "status": ["pagar", None, "klar"],
                "follow_up": [None, None, None],
            }
        )
        checklist = pd.DataFrame(
            {
                "provider_id": ["a", "b", "b"],
                "requirement": ["Intyg", "Ledningssystem <i>", "Modersmål"],
                "fulfilled": [False, False, True],
                "visit_date": pd.to_datetime(["2017-03-01"] * 3),
                "deadline": pd.to_datetime(["2017-12-01", "2017-05-01", None]),
                "remedied": pd.to_datetime([None, None, None]),
                "comment": ["Saknas", "Kommentar & <script>", None],
                "open": [True, True, False],
                "overdue": [False, True, False],
            }
        )
    dataset = Dataset(
        providers=providers,
        enrolments=pd.DataFrame(),
        plans=plans,
        checklist=None,
        survey=None,
        config=config,
    )
    if with_optional:
        dataset = Dataset(
            providers=providers,
            enrolments=pd.DataFrame(),
            plans=plans,
            checklist=checklist,
            survey=pd.DataFrame(),
            config=config,
        )
    reasons = pd.DataFrame(
        {
            "provider_id": ["a", "b", "b", "b", "_all", "_all", "_all", "_all"],
            "reason": [
                "arbete",
                "bytt_expert",
                "flyttat",
                "ej_angiven",
                "arbete",
                "bytt_expert",
                "flyttat",
                "ej_angiven",
            ],
            "reason_class": [
                "positive",
                "negative",
                "positive",
                None,
                "positive",
                "negative",
                "positive",
                None,
            ],
            "n": [2, 3, 2, 1, 2, 3, 2, 1],
        }
    )
    quality = pd.DataFrame(
        {
            "rule": ["end_before_start", "end_before_start", "reason_not_given"],
            "provider_id": ["a", "b", "b"],
            "n": [1, 2, 1],
            "excluded": [True, True, False],
        }
    )
    return Analysis(
        dataset=dataset,
        period=parse_period("2016"),
        as_of=date(2017, 6, 30),
        classified=classify_enrolments(_no_enrolments()),  # the figures above are hand-made
        indicators=ind,
        by_sex=indicators_by_sex(
            dataset.providers,
            classify_enrolments(_no_enrolments()),
            parse_period("2016"),
            config,
        ),
        assessment=assess_targets(ind, config.targets),
        reasons=reasons,
        quality=quality,
        checklist=checklist,
        history=ind.assign(period="2016"),
        previous=None,
        follow_up=None,
    )


def _no_enrolments() -> pd.DataFrame:
    dates = {c: pd.Series(dtype="datetime64[ns]") for c in ("registered", "started", "ended")}
    text = ("participant_id", "provider_id", "outcome", "dropout_reason", "language")
    return pd.DataFrame({**{c: pd.Series(dtype=object) for c in text}, **dates})


@pytest.fixture(scope="module")
def fake():
    return make_analysis()


def _expert_page(analysis, pid, lang="sv"):
    report = Report(analysis)
    parts = [sections.expert_heading(report, pid, lang)]
    parts += [sections.parameter_section(report, pid, p, lang) for p in SECTION_ORDER]
    parts.append(sections.authorization_section(report, pid, lang))
    return "".join(parts)


def _summary_page(analysis, lang="sv"):
    report = Report(analysis)
    return "".join(
        f(report, lang)
        for f in (
            sections.summary_heading,
            sections.key_figures,
            sections.tabell_1,
            sections.conclusions,
            sections.summary_charts,
            sections.data_quality,
            sections.method_appendix,
        )
    )


def test_input_text_is_escaped(fake):
    page = _expert_page(fake, "b") + _summary_page(fake)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
    assert "Åtgärda &lt;b&gt;nu&lt;/b&gt;" in page
    assert "Ledningssystem &lt;i&gt;" in page
    assert "Kommentar &amp; &lt;script&gt;" in page


def test_too_few_observations_are_suppressed(fake):
    html = sections.parameter_section(Report(fake), "c", "lead_time", "sv")
    # escaped exactly once: a raw "<5" would open a tag, a double escape shows "&lt;" to readers
    assert '<span class="nodata">för få (n&lt;5)</span><sup>1</sup>' in html
    assert "n<5" not in html and "&amp;lt;" not in html
    assert "30,0" not in html.split("<figure")[0]  # the mean 30 rests on 4 starts
    assert 'class="footnotes"' in html
    assert "färre än 5" in html
    # and it is not assessed either
    assert '<span class="nodata">kan inte bedömas</span>' in html


def test_missing_figure_is_a_dash_with_a_footnote(fake):
    html = sections.parameter_section(Report(fake), "b", "duration", "sv")
    assert '<span class="nodata">–</span><sup>1</sup>' in html
    assert "Ingen deltagare har genomfört kursen" in html
    sat = sections.parameter_section(Report(fake), "b", "satisfaction", "sv")
    assert "Inga enkätsvar" in sat


def test_ids_unique_across_experts(fake):
    pages = "".join(_expert_page(fake, pid) for pid in fake.expert_ids) + _summary_page(fake)
    ids = re.findall(r'\bid="([^"]+)"', pages)
    assert len(ids) == len(set(ids))
    assert 'id="alfa-ab-lead_time"' in pages
    for anchor in ("sammanfattning", "tabell-1", "slutsatser", "diagram", "datakvalitet", "metod"):
        assert f'id="{anchor}"' in pages


def test_every_table_has_caption_and_head(fake):
    pages = _expert_page(fake, "a") + _expert_page(fake, "b") + _summary_page(fake)
    tables = re.findall(r"<table.*?</table>", pages, re.S)
    assert len(tables) >= 8
    for table in tables:
        assert "<caption>" in table and "<thead>" in table


def test_met_and_missed_classes(fake):
    table = sections.tabell_1(Report(fake), "sv")
    assert '<span class="met">uppfyllt</span>' in table
    assert '<span class="missed">ej uppfyllt</span>' in table
    assert '<tr class="total"><th scope="row">Genomsnitt per expert</th>' in table
    assert '<tr class="total"><th scope="row">Samtliga deltagare</th>' in table
    assert '<td class="num">' in table
    assert table.count("Tabell 1") >= 2


def test_rounding_in_tables(fake):
    html = sections.parameter_section(Report(fake), "a", "lead_time", "sv")
    assert "10,3" in html  # 10.25 half away from zero


def test_plans_under_the_right_parameter(fake):
    duration = sections.parameter_section(Report(fake), "b", "duration", "sv")
    assert "Lång väntan" in duration and "pågår" in duration
    lead = sections.parameter_section(Report(fake), "b", "lead_time", "sv")
    assert "Lång väntan" not in lead
    auth = sections.authorization_section(Report(fake), "b", "sv")
    assert "Brist &amp; mer" in auth
    # an area with no item leaves no heading and no line (issue 10: no empty plan headings)
    assert "Ingen utvecklingsplan" not in auth and "för övrigt" not in auth
    assert "Ingen utvecklingsplan" not in sections.parameter_section(
        Report(fake), "b", "lead_time", "sv"
    )
    # an item of another period is not shown
    assert (
        "old"
        not in sections.parameter_section(Report(fake), "a", "dropouts", "sv").split("<h4>")[-1]
    )


def test_authorization_states(fake):
    html = sections.authorization_section(Report(fake), "b", "sv")
    assert '<span class="overdue">försenad</span>' in html
    assert "2 öppna" not in html and "1 öppen brist, varav 1" in html  # not "1 öppna brister"


def test_reasons_table_and_small_counts(fake):
    b = sections.parameter_section(Report(fake), "b", "dropouts", "sv")
    assert "Bytt expert" in b and "negativ" in b and "Orsak ej angiven" in b
    a = sections.parameter_section(Report(fake), "a", "dropouts", "sv")
    assert "Färre än 5 avbrott" in a


def test_a_reasons_total_that_would_tell_the_hidden_experts_counts_is_hidden(fake):
    """Only b shows its dropouts by reason; a, c, d and e hide theirs. Every total b's table
    lists is b's own count: the total minus b's would tell that none of theirs had the reason
    (b's counts are published, so its table stays), so each total reads 'dold'."""
    b = sections.parameter_section(Report(fake), "b", "dropouts", "sv")
    table = b[b.index("<caption>Avbrottsorsaker") :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', table)
    assert [label for label, _ in rows] == [
        "Bytt expert",
        "Flyttat till annan kommun",
        "Orsak ej angiven",
    ]
    for label, cells in rows:
        counts = re.findall(r'<td class="num">(.*?)</td>', cells)
        assert counts[0] in ("3", "2", "1"), label  # b's own
        assert 'class="nodata">dold</span>' in counts[1], label


EVIL_SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"


def test_every_expert_whose_dropouts_without_a_reason_are_hidden_has_its_row(fake):
    """b dropped one out without a reason; a, c, d and e hide their dropouts by class. A row
    for b alone would tell that they had none: every hidden one gets its row, read as hidden."""
    quality = sections.data_quality(Report(fake), "sv")
    rows = re.findall(
        r"<tr><td>Avbrott utan angiven orsak</td><td>([^<]*)</td><td>[^<]*</td>"
        r'<td class="num">([^<]*)</td></tr>',
        quality,
    )
    assert [name for name, _ in rows] == ["Alfa AB", EVIL_SHOWN, "Ceta", "Delta", "Epsilon"]
    assert [n for _, n in rows] == ["färre än 5", "1", "färre än 5", "dold", "dold"]


def test_without_optional_tables():
    analysis = make_analysis(with_optional=False)
    auth = sections.authorization_section(Report(analysis), "a", "sv")
    assert "Ingen checklista" in auth
    assert "utvecklingsplan" not in auth.lower()  # said once, in the data-quality appendix
    quality = sections.data_quality(Report(analysis), "sv")
    assert "enkät, checklista, utvecklingsplan" in quality


def test_english_has_no_swedish_labels(fake):
    pages = _expert_page(fake, "a", "en") + _summary_page(fake, "en")
    headings = " ".join(re.findall(r"<h[2-5][^>]*>(.*?)</h[2-5]>", pages))
    for word in (
        "Resultat",
        "Utvecklingsplan",
        "Sammanfattning",
        "Slutsatser",
        "Avbrott",
        "Kundnöjdhet",
        "Bilaga",
        "Tabell",
    ):
        assert word not in headings
    assert '<span class="nodata">too few (n&lt;5)</span><sup>' in pages
    assert "n<5" not in pages
    assert "för få" not in pages


def test_method_appendix_has_the_legal_frame(fake):
    html = sections.method_appendix(Report(fake), "sv")
    for fact in (
        "2013:156",
        "2010:1138",
        "60 timmar",
        "100 timmar",
        "modersmål",
        "intyg",
        "Länsstyrelserna",
        "Att åldras i Sverige",
        "NKI",
        "medelbetyg (1–5)",
        "14 dagar",
    ):
        assert fact in html


# ---------------------------------------------------------------- trend in Tabell 1


def test_signed_change_reads_as_shown():
    assert sections.signed_change(7.95, "duration_mean_days", "sv") == "+8,0"
    assert sections.signed_change(-0.023, "dropout_rate", "sv") == "−2,3 p.e."
    assert sections.signed_change(0.00004, "dropout_rate", "en") == "±0.0 pp"


# ---------------------------------------------------------------- escaping in every section


class _Page(HTMLParser):
    """What a browser makes of a fragment: its elements and its text (entities decoded)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [v for _, v in attrs if v]

    def handle_data(self, data):
        self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text) + " ".join(self.attrs)


def _evil_analysis() -> Analysis:
    """The hand-made analysis with hostile text everywhere a section shows input text."""
    base = make_analysis()
    config = dataclasses.replace(base.dataset.config, municipality=EVIL, data_note=EVIL)
    dataset = dataclasses.replace(base.dataset, config=config)
    follow_up = pd.DataFrame(
        {
            "provider_id": ["b"],
            "period": ["2015"],
            "area": ["effektivitet"],
            "finding": [EVIL],
            "action": [EVIL],
            "responsible": [EVIL],
            "due": pd.to_datetime(["2016-06-01"]),
            "status": ["pagar"],
            "follow_up": [EVIL],
            "overdue": [True],
            "done": [False],
        }
    )
    ind = base.indicators.copy()  # a new frame: a new publication model for the new dataset
    history = pd.concat([ind.assign(period="2015"), ind.assign(period="2016")], ignore_index=True)
    changed = {"dataset": dataset, "indicators": ind, "history": history, "follow_up": follow_up}
    return dataclasses.replace(base, **changed)


def _parameter(param: str):
    return lambda a, lang: sections.parameter_section(Report(a), "b", param, lang)


EXPERT_SECTIONS = {
    "expert_heading": lambda a, lang: sections.expert_heading(Report(a), "b", lang),
    **{f"parameter_section-{p}": _parameter(p) for p in SECTION_ORDER},
    "authorization_section": lambda a, lang: sections.authorization_section(Report(a), "b", lang),
    "follow_up_section": lambda a, lang: sections.follow_up_section(Report(a), "b", lang),
    "trend_section": lambda a, lang: sections.trend_section(Report(a), "b", lang),
}


def _summary(section):
    return lambda a, lang: section(Report(a), lang)


SUMMARY_SECTIONS = {
    f.__name__: _summary(f)
    for f in (
        sections.summary_heading,
        sections.key_figures,
        sections.tabell_1,
        sections.conclusions,
        sections.follow_up_summary,
        sections.summary_charts,
        sections.data_quality,
        sections.method_appendix,
    )
}
ALL_SECTIONS = {**EXPERT_SECTIONS, **SUMMARY_SECTIONS}
# the sections that show no input text at all (counts, definitions, conclusions on figures)
WITHOUT_INPUT_TEXT = {"key_figures", "method_appendix", "conclusions"}


@pytest.fixture(scope="module")
def evil():
    return _evil_analysis()


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", sorted(ALL_SECTIONS))
def test_every_section_escapes_input_text(evil, name, lang):
    html = ALL_SECTIONS[name](evil, lang)
    page = _Page(html)
    assert "script" not in page.tags and "b" not in page.tags and "i" not in page.tags
    assert "<script>" not in html
    if name not in WITHOUT_INPUT_TEXT:
        # shown to the reader exactly as written: escaped once, never twice
        assert EVIL in page.all_text, name
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "&amp;lt;" not in html and "&amp;amp;" not in html


# ---------------------------------------------------------------- headings and contents


@pytest.mark.parametrize("name", sorted(ALL_SECTIONS))
def test_a_section_lists_the_headings_it_shows(evil, name):
    section = ALL_SECTIONS[name](evil, "sv")
    assert isinstance(section, sections.Section)
    shown = [
        (anchor, int(level), _Page(inner).all_text)
        for level, anchor, inner in re.findall(r'<h([23]) id="([^"]+)">(.*?)</h\1>', section)
    ]
    assert [(h.id, h.level, h.title) for h in section.headings] == shown
    assert section.headings  # every section has a heading with an anchor


def test_a_section_displays_its_headings_as_output_metadata(evil):
    from IPython.core.formatters import DisplayFormatter

    section = sections.parameter_section(Report(evil), "b", "lead_time", "sv")
    data, metadata = DisplayFormatter().format(section)
    assert data["text/html"] == str(section)
    assert metadata == {
        "so_analysis": {
            "headings": [
                {
                    "id": f"{evil.slugs['b']}-lead_time",
                    "level": 3,
                    "title": "Effektivitet: antagning",
                }
            ]
        }
    }


def _notebook(*outputs: tuple[str, dict], tags: tuple[str, ...] = ()) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for html, metadata in outputs:
        cell = nbformat.v4.new_code_cell("", metadata={"tags": list(tags)})
        cell.outputs = [
            nbformat.v4.new_output("display_data", data={"text/html": html}, metadata=metadata)
        ]
        nb.cells.append(cell)
    return nb


def test_the_contents_list_comes_from_the_sections_headings(evil):
    from IPython.core.formatters import DisplayFormatter

    def shown(section):
        data, metadata = DisplayFormatter().format(section)
        return data["text/html"], metadata

    summary = _notebook(
        shown(sections.summary_heading(Report(evil))), shown(sections.tabell_1(Report(evil)))
    )
    summary.cells += _notebook(
        shown(sections.method_appendix(Report(evil))), tags=("appendix",)
    ).cells
    expert = _notebook(
        shown(sections.expert_heading(Report(evil), "b")),
        shown(sections.parameter_section(Report(evil), "b", "duration")),
        # HTML with a heading its section does not list: not in the contents
        ('<h2 id="not-listed">Not listed</h2>', {}),
    )
    merged, _ = document.merge_report(summary, [("b", expert)])
    page = document.render_page(
        merged, document.PageInfo(title="T", kicker="K", meta="M", footer="F"), with_toc=True
    )
    toc = page[page.index("<nav") : page.index("</nav>")]
    links = re.findall(r'<a href="#([^"]+)">(.*?)</a>', toc)
    slug = evil.slugs["b"]
    assert [anchor for anchor, _ in links] == [
        "sammanfattning",
        "tabell-1",
        slug,
        f"{slug}-duration",
        "metod",
        "metod-definitioner",
        "metod-mal",
        "metod-lag",
    ]
    assert (slug, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co") in links
    # h3 entries nest under their h2
    assert toc.count("<ol>") == 1 + 3  # the list, and sub-lists under three h2 entries
    # the title is the section's data, whatever the HTML says
    relabelled = _notebook(
        (
            '<h2 id="x">In the page</h2>',
            {"so_analysis": {"headings": [{"id": "x", "level": 2, "title": "From the data"}]}},
        )
    )
    page = document.render_page(
        relabelled, document.PageInfo(title="T", kicker="K", meta="M", footer="F"), with_toc=True
    )
    assert '<a href="#x">From the data</a>' in page


# ---------------------------------------------------------------- charts from published figures


def test_charts_draw_the_published_figures_only(fake):
    import base64
    import xml.etree.ElementTree as ET

    from so_analysis.report.sections.charts import published_frame

    frame = published_frame(Report(fake).model("sv"), "lead_time_mean_days").set_index(
        "provider_id"
    )
    assert frame.loc["a", "lead_time_mean_days"] == 10.3  # 10.25 as published, not raw
    assert np.isnan(frame.loc["c", "lead_time_mean_days"])  # 30.0 rests on 4 starts

    def chart(html: str, start: int = 0) -> tuple[list[str], str]:
        figure = html[html.index("<figure", start) : html.index("</figure>", start)]
        svg = base64.b64decode(figure.split("base64,")[1].split('"')[0])
        texts = ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
        return ["".join(e.itertext()) for e in texts], _Page(figure).attrs[-1]

    # an expert's section: a compact comparison with the experts' mean and all participants
    labels, alt = chart(sections.parameter_section(Report(fake), "a", "lead_time", "sv"))
    assert "10,3" in labels and "30,0" not in labels
    assert alt.startswith("Stapeldiagram") and "Alfa AB 10,3; " in alt
    assert "Ceta" not in alt and "30,0" not in alt
    # the summary: every expert, a hidden one drawn as its note
    labels, alt = chart(sections.summary_charts(Report(fake), "sv"))
    assert "10,3" in labels and "för få (n<5)" in labels and "30,0" not in labels
    assert "Alfa AB 10,3; " in alt and "Ceta för få (n<5); " in alt and "30,0" not in alt
