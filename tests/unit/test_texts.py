from so_analysis.core.texts import _load, texts
from so_analysis.measure.indicators import INDICATOR_COLUMNS


def _keys(table, prefix=""):
    out = set()
    for k, v in table.items():
        if isinstance(v, dict):
            out |= _keys(v, f"{prefix}{k}.")
        else:
            out.add(f"{prefix}{k}")
    return out


def test_every_language_has_the_same_keys():
    assert _keys(_load("sv")) - {"lang"} == _keys(_load("en")) - {"lang"}


def test_every_indicator_column_has_a_label():
    for lang in ("sv", "en"):
        labels = texts(lang).section("columns")
        assert set(INDICATOR_COLUMNS) <= set(labels)


def test_placeholders_match_between_languages():
    import string

    def fields(s):
        return {f for _, f, _, _ in string.Formatter().parse(s) if f}

    sv, en = _load("sv"), _load("en")

    def walk(a, b, path=""):
        for k, v in a.items():
            if isinstance(v, dict):
                walk(v, b[k], f"{path}{k}.")
            elif isinstance(v, str):
                assert fields(v) == fields(b[k]), f"{path}{k}"

    walk(sv, en)
