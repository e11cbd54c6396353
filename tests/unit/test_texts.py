import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import so_analysis
from so_analysis.core.texts import LANGUAGES, catalogue, catalogue_path, messages, texts
from so_analysis.measure.figures import CONTRACT_COLUMNS as INDICATOR_COLUMNS

PACKAGE = Path(so_analysis.__file__).parent


def _fields(s):
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


def _forms(value):
    return value if isinstance(value, tuple) else (value,)


def test_every_language_has_the_same_keys():
    assert set(messages("sv")) == set(messages("en"))
    assert set(catalogue("sv").plural) == set(catalogue("en").plural)


def test_every_indicator_column_has_a_label():
    for lang in ("sv", "en"):
        labels = texts(lang).section("columns")
        assert set(INDICATOR_COLUMNS) <= set(labels)


def test_placeholders_match_between_languages():
    sv, en = messages("sv"), messages("en")
    for key, text in sv.items():
        # every form has the same placeholders, except that the form for one may leave out {n}
        # ("the overdue action"); the same set in both languages
        fields = {frozenset(_fields(f) - {"n"}) for f in (*_forms(text), *_forms(en[key]))}
        assert len(fields) == 1, f"{key}: the placeholders differ between forms or languages"
        if isinstance(text, tuple):
            assert "n" in _fields(text[1]) or "n" not in _fields(text[0]), key
            assert ("n" in _fields(text[1])) == ("n" in _fields(en[key][1])), key
        else:
            assert _fields(text) == _fields(en[key]), key


def test_catalogues_are_gettext_catalogues_with_two_plural_forms():
    for lang in LANGUAGES:
        with catalogue_path(lang).open("rb") as f:
            po = read_po(f, abort_invalid=True)
        assert str(po.locale) == lang
        assert po.plural_forms == "nplurals=2; plural=(n != 1);"
        for m in po:
            if not m.id:
                continue
            assert not m.fuzzy, m.id
            assert all(_forms(m.string)), f"{lang}: {m.id} has an empty text"
            if isinstance(m.id, tuple):
                assert m.id[0] == m.id[1] and len(m.string) == 2, m.id
        assert catalogue(lang).translations.info()["language"] == lang


def test_lookups():
    t = texts("sv")
    assert t("sections.headings.summary") == "Sammanfattning"
    assert t("document.report_title", period="2017").startswith("Kvalitetsrapport 2017")
    assert t.get("sections.reasons.no_such_reason", "x") == "x"
    with pytest.raises(KeyError):
        t("sections.headings")  # a section, not a text
    with pytest.raises(KeyError):
        t("no.such.key")
    blocks = t.section("method")["blocks"]
    assert isinstance(blocks, list) and len(blocks) == 8 and blocks[0] == "Att komma till Sverige"
    assert texts("en").section("dialog")["areas"]["ovrigt"] == "Other"
    with pytest.raises(ValueError):
        texts("de")


def test_plural_lookup_is_strict():
    t = texts("en")
    plural = catalogue("en").plural[0]
    with pytest.raises(KeyError, match="plural"):
        t(plural)
    with pytest.raises(KeyError):
        t.n("sections.headings.summary", 1)
    with pytest.raises(ValueError):
        t.n(plural, 1.5)
    with pytest.raises(TypeError):
        t.n(plural, "3")


# ---- every key the code names literally exists in both catalogues ----


def _is_texts(node):
    """`t`, `T`, `m.t`, `model.t`, `texts(...)`: an expression that is a Texts."""
    if isinstance(node, ast.Name):
        return node.id in ("t", "T")
    if isinstance(node, ast.Attribute):
        return node.attr == "t"
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id == "texts"
    return False


def _literal_keys():
    """(kind, key, place) for every call t("…"), t.n("…", …), t.section("…") and f-string prefix."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func, first = node.func, node.args[0]
            if _is_texts(func):
                kind = "text"
            elif isinstance(func, ast.Attribute) and _is_texts(func.value):
                kind = {"n": "plural", "section": "section", "get": "get"}.get(func.attr)
                if kind is None:
                    continue
            else:
                continue
            place = f"{path.relative_to(PACKAGE)}:{node.lineno}"
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((kind, first.value, place))
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                found.append(("prefix", first.values[0].value, place))
            elif isinstance(first, ast.BinOp) and isinstance(first.left, ast.Constant):
                found.append(("prefix", first.left.value, place))
    return found


def test_the_scan_finds_the_calls():
    kinds = {kind for kind, _, _ in _literal_keys()}
    assert {"text", "plural", "section", "prefix"} <= kinds
    assert len(_literal_keys()) > 200


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_used_in_the_code_exists(lang):
    msgs, plural = messages(lang), set(catalogue(lang).plural)
    t = texts(lang)
    for kind, key, place in _literal_keys():
        if kind == "text":
            assert key in msgs and key not in plural, f"{place}: {key}"
        elif kind == "plural":
            assert key in plural, f"{place}: {key} has no plural forms"
        elif kind == "section":
            assert t.section(key), f"{place}: {key}"
        elif kind == "prefix":
            assert any(k.startswith(key) for k in msgs), f"{place}: nothing starts with {key}"


# ---- plural forms: every count from 0 to 3 reads right in both languages ----

# Per plural message and language: (the words for one, the words for any other count), `{n}`
# the count. A count of 1 must read with the first and not the second, 0, 2 and 3 the reverse.
PLURALS = {
    "visit.survey_answers": {
        "sv": ("{n} svar", "{n} svar"),
        "en": ("{n} answer", "{n} answers"),
    },
    "charts.targets_alt_line": {
        "sv": ("{n} bedömt mål nått", "{n} bedömda mål nådda"),
        "en": ("{n} judged target met", "{n} judged targets met"),
    },
    "sections.meta.summary": {
        "sv": ("följer upp {n} expert i", "följer upp {n} experter i"),
        "en": ("follows up {n} provider of", "follows up {n} providers of"),
    },
    "sections.meta.registered": {
        "sv": ("{n} anmäld", "{n} anmälda"),
        "en": ("{n} registered",) * 2,
    },
    "sections.meta.started": {"sv": ("{n} startad", "{n} startade"), "en": ("{n} started",) * 2},
    "sections.meta.completed": {
        "sv": ("{n} genomförd", "{n} genomförda"),
        "en": ("{n} completed",) * 2,
    },
    "sections.meta.dropouts": {"sv": ("{n} avbrott",) * 2, "en": ("{n} dropout", "{n} dropouts")},
    "sections.checklist.counts": {
        "sv": ("{n} öppen brist,", "{n} öppna brister,"),
        "en": ("{n} open deficiency", "{n} open deficiencies"),
    },
    "sections.follow_up.n_items": {
        "sv": ("{n} åtgärd", "{n} åtgärder"),
        "en": ("{n} action", "{n} actions"),
    },
    "sections.follow_up.n_done": {"sv": ("{n} klar", "{n} klara"), "en": ("{n} done",) * 2},
    "sections.follow_up.n_overdue": {
        "sv": ("{n} försenad", "{n} försenade"),
        "en": ("{n} overdue",) * 2,
    },
    "sections.keyfigures.registered": {"sv": ("anmäld", "anmälda"), "en": ("registered",) * 2},
    "sections.keyfigures.started": {"sv": ("startad", "startade"), "en": ("started",) * 2},
    "sections.keyfigures.completed": {"sv": ("genomförd", "genomförda"), "en": ("completed",) * 2},
    "sections.keyfigures.dropouts": {"sv": ("avbrott",) * 2, "en": ("dropout", "dropouts")},
    "sections.keyfigures.waiting": {
        "sv": ("väntar på start",) * 2,
        "en": ("waiting to start",) * 2,
    },
    "sections.keyfigures.lead_time_met": {
        "sv": ("expert når målet", "experter når målet"),
        "en": ("provider meeting the target", "providers meeting the target"),
    },
    "narrative.met_count": {
        "sv": ("av {n} expert med", "av {n} experter med"),
        "en": ("of {n} provider with", "of {n} providers with"),
    },
    "narrative.authorization_count": {
        "sv": ("av {n} expert villkoren", "av {n} experter villkoren"),
        "en": ("by X of {n} provider.", "by X of {n} providers."),
    },
    "narrative.waiting": {
        "sv": ("väntade {n} anmäld på", "väntade {n} anmälda på"),
        "en": ("{n} registered participant was", "{n} registered participants were"),
    },
    "narrative.waiting_few": {
        "sv": ("väntade {n} anmäld på", "väntade {n} anmälda på"),
        "en": ("{n} registered participant was", "{n} registered participants were"),
    },
    "narrative.reasons": {
        "sv": ("Av {n} avbrott hade",) * 2,
        "en": ("Of {n} dropout,", "Of {n} dropouts,"),
    },
    "narrative.reasons_too_few": {
        "sv": (
            "{n} avbrott, för få för att redovisa orsaken",
            "{n} avbrott, för få för att redovisa orsakerna",
        ),
        "en": ("There was {n} dropout", "There were {n} dropouts"),
    },
    "narrative.follow_up_counts": {
        "sv": ("{n} åtgärd från", "{n} åtgärder från"),
        "en": ("{n} action from X was", "{n} actions from X were"),
    },
    "narrative.follow_up_expert": {
        "sv": ("av {n} åtgärd:", "av {n} åtgärder:"),
        "en": ("of {n} action:", "of {n} actions:"),
    },
    "narrative.what_goals": {
        "sv": ("målet för", "målen för"),
        "en": ("the target for", "the targets for"),
    },
    "narrative.ask_overdue": {
        "sv": ("den försenade åtgärden", "de {n} försenade åtgärderna"),
        "en": ("the overdue action", "the {n} overdue actions"),
    },
    "narrative.ask_deficiency": {
        "sv": ("bristen mot", "de {n} bristerna mot"),
        "en": ("the deficiency against", "the {n} deficiencies against"),
    },
    "judgement.follow_up_ended": {
        "sv": ("{n} åtgärd avslutades som upphörd", "{n} åtgärder avslutades som upphörda"),
        "en": ("{n} action was closed", "{n} actions were closed"),
    },
    "summary.note_ended": {
        "sv": ("upphörde som expert under", "upphörde som experter under"),
        "en": ("stopped being a provider during", "stopped being providers during"),
    },
    "visit.slow_language": {
        "sv": ("({n} startad)", "({n} startade)"),
        "en": (
            "The participant taught in X ({n} started)",
            "Participants taught in X ({n} started)",
        ),
    },
    "visit.replaced": {
        "sv": ("({n} rad i mallen)", "({n} rader i mallen)"),
        "en": ("({n} row in the template)", "({n} rows in the template)"),
    },
    "dialog.findings.waiting": {
        "sv": ("{n} anmäld väntade", "{n} anmälda väntade"),
        "en": ("{n} registered participant was", "{n} registered participants were"),
    },
    "dialog.findings.positive": {
        "sv": ("{n} positiv", "{n} positiva"),
        "en": ("{n} positive",) * 2,
    },
    "dialog.findings.negative": {
        "sv": ("{n} negativ", "{n} negativa"),
        "en": ("{n} negative",) * 2,
    },
    "dialog.findings.satisfaction_missed": {
        "sv": ("av {n} enkätsvar",) * 2,
        "en": ("from {n} survey response", "from {n} survey responses"),
    },
    "dialog.findings.satisfaction_met": {
        "sv": ("av {n} enkätsvar",) * 2,
        "en": ("from {n} survey response", "from {n} survey responses"),
    },
    "memo.summary_intro": {
        "sv": (
            "omfattar {n} expert och bygger på dess",
            "omfattar {n} experter och bygger på deras",
        ),
        "en": ("covers {n} provider and rests on its", "covers {n} providers and rests on their"),
    },
    "memo.prose.met": {
        "sv": ("av {n} expert med", "av {n} experter med"),
        "en": ("of {n} provider with a published figure.", "of {n} providers with"),
    },
    "memo.prose.overview_needs_by": {
        "sv": ("{n} expert senast X redovisar hur den", "{n} experter senast X redovisar hur de"),
        "en": ("{n} provider to report by X how it", "{n} providers to report by X how they"),
    },
    "memo.prose.overview_needs": {
        "sv": ("{n} expert inför nästa uppföljning", "{n} experter inför nästa uppföljning"),
        "en": ("{n} provider to report", "{n} providers to report"),
    },
    "charts.alt_hist": {
        "sv": ("för {n} expert;", "för {n} experter;"),
        "en": ("for {n} provider;", "for {n} providers;"),
    },
    "method.sex_sources": {
        "sv": ("Periodens {n} deltagarpost", "Periodens {n} deltagarposter"),
        "en": ("{n} enrolment record", "{n} enrolment records"),
    },
    "load.too_many_fields": {
        "sv": ("högst {n} fält,",) * 2,
        "en": ("at most {n} field,", "at most {n} fields,"),
    },
    "errors.heading": {
        "sv": ("Ogiltiga indata ({n} fel):",) * 2,
        "en": ("Invalid input ({n} fault):", "Invalid input ({n} faults):"),
    },
    "errors.more": {
        "sv": ("… och {n} fel till",) * 2,
        "en": ("… and {n} more fault", "… and {n} more faults"),
    },
    "legal.hours_below": {
        "sv": ("{n} deltagare erbjöds färre",) * 2,
        "en": ("{n} participant was offered", "{n} participants were offered"),
    },
    "legal.over_year": {
        "sv": ("hade {n} deltagare gått",) * 2,
        "en": ("{n} participant had been", "{n} participants had been"),
    },
    "legal.over_year_named": {
        "sv": ("hade {n} deltagare gått",) * 2,
        "en": ("{n} participant had been", "{n} participants had been"),
    },
    "legal.ask_hours": {
        "sv": ("(en deltagare erbjöds färre)", "({n} deltagare erbjöds färre)"),
        "en": ("(one participant was offered fewer)", "({n} participants were offered fewer)"),
    },
    "sections.by_sex.left_out": {
        "sv": ("Kan inte redovisas per kön",) * 2,
        "en": ("since its figures", "since their figures"),
    },
    "lansstyrelsen.total_line": {
        "sv": ("{n} person påbörjade", "{n} personer påbörjade"),
        "en": ("{n} person started", "{n} people started"),
    },
}

# Forms a reader found in the report: never in any text, for any count.
BAD = re.compile(
    r"(?<![\d,.])1 (öppna|klara|försenade|åtgärder|anmälda|startade|genomförda|experter|positiva"
    r"|negativa|open deficiencies|actions|dropouts|providers|fields)\b"
    r"|\b[02-9] (öppen brist|åtgärd|klar|försenad|anmäld|open deficiency)\b"
    r"|\bfor other\b(?! matters)|\bför övrigt\b"
)


def _filled(text, count):
    """`text` with `{n}` the count and every other placeholder a neutral word."""
    values = {f: "X" for f in _fields(text)}
    values["n"] = count
    return text.format(**values)


def _reads(phrase, text):
    return re.search(re.escape(phrase) + r"(?!\w)", text) is not None


def test_every_plural_message_is_tested():
    for lang in LANGUAGES:
        assert set(catalogue(lang).plural) == set(PLURALS)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", sorted(PLURALS))
def test_plural_forms_for_counts_0_to_3(lang, key):
    one, other = PLURALS[key][lang]
    t = texts(lang)
    for count in range(4):
        fields = _fields(messages(lang)[key][0]) - {"n"}
        text = t.n(key, count, **{f: "X" for f in fields})
        want, not_want = (one, other) if count == 1 else (other, one)
        assert _reads(want.format(n=count), text), f"{lang} {key} {count}: {text}"
        if want != not_want:
            assert not _reads(not_want.format(n=count), text), f"{lang} {key} {count}: {text}"
        assert not BAD.search(text), f"{lang} {key} {count}: {text}"


def test_a_count_not_shown_reads_as_many():
    t = texts("sv")
    assert t.n("sections.meta.dropouts", None, n="färre än 5") == "färre än 5 avbrott"
    assert t.n("sections.meta.registered", None, n="dold") == "dold anmälda"
    with pytest.raises(ValueError):
        t.n("sections.meta.dropouts", None)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_composed_counts_read_right(lang):
    """The follow-up line and the expert's participants, composed as the sections compose them."""
    t = texts(lang)
    for items in range(4):
        for done in range(items + 1):
            for overdue in range(items - done + 1):
                line = t(
                    "sections.follow_up.counts",
                    items=t.n("sections.follow_up.n_items", items),
                    period="2016",
                    done=t.n("sections.follow_up.n_done", done),
                    overdue=t.n("sections.follow_up.n_overdue", overdue),
                    as_of="2017-06-30",
                )
                assert not BAD.search(line), line
    sv_one = "1 åtgärd från perioden 2016: 1 klar, 0 försenade per 2017-06-30."
    if lang == "sv":
        assert line == "3 åtgärder från perioden 2016: 3 klara, 0 försenade per 2017-06-30."
        parts = {k: t.n(f"sections.follow_up.n_{k}", v) for k, v in (("items", 1), ("done", 1))}
        one = t(
            "sections.follow_up.counts",
            **parts,
            period="2016",
            overdue=t.n("sections.follow_up.n_overdue", 0),
            as_of="2017-06-30",
        )
        assert one == sv_one
    for counts in ((1, 1, 1, 1), (0, 0, 0, 0), (2, 3, 1, 0)):
        words = {
            k: t.n(f"sections.meta.{k}", c)
            for k, c in zip(("registered", "started", "completed", "dropouts"), counts, strict=True)
        }
        meta = t("sections.meta.expert", period="2016", start="a", end="b", waiting=1, **words)
        assert not BAD.search(meta), meta
        if lang == "sv" and counts == (1, 1, 1, 1):
            assert "perioden: 1 anmäld, 1 startad, 1 genomförd, 1 avbrott; 1 väntar" in meta


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_reads_for_other(lang):
    t = texts(lang)
    for area in t.section("sections")["plan_areas"]:
        label = t(f"sections.plan_areas.{area}")
        line = t("sections.plan.no_items", area=label, period="2017")
        assert not BAD.search(line), line
    for key, text in messages(lang).items():
        for count in range(4):
            form = text if isinstance(text, str) else text[0 if count == 1 else 1]
            assert not BAD.search(_filled(form, count)), f"{key}: {form}"
