"""Personnummer detection, keyed pseudonyms, the key file and masking (SPEC §4).

Participant ids are tested through `pseudonymise`, which the loader calls on every id it reads.
"""

import os
import stat

import pandas as pd
import pytest

from so_analysis.core.personal_numbers import has_personal_number
from so_analysis.load.loading import load_dataset
from so_analysis.load.privacy import (
    get_key,
    mask_personal_numbers,
    pseudonym,
    pseudonymise,
)

KEY = b"k"


@pytest.mark.parametrize(
    "value",
    [
        "850101-1234",
        "8501011234",
        "19850101-1234",
        "198501011234",
        "19850101+1234",
        "850101+1234",
        "850161-1234",  # samordningsnummer: day + 60
        " 850101-1234 ",
        "121212-1213",  # valid check digit
        "121212-1212",  # wrong check digit: still identifies a person
    ],
)
def test_an_id_that_is_a_personal_number_is_replaced(value):
    assert pseudonymise(pd.Series([value]), KEY)[1].tolist() == [True]


@pytest.mark.parametrize(
    "value",
    [
        "D00384",
        "123",
        "85010112345",
        "850101-123",
        "8501-01-1234",
        "",
        "abc8501011234",
        "1985-01-01",
    ],
)
def test_an_id_that_is_not_a_personal_number_is_not_replaced(value):
    assert pseudonymise(pd.Series([value]), KEY)[1].tolist() == [False]


@pytest.mark.parametrize(
    ("value", "replaced"),
    [
        *[
            (v, True)
            for v in (
                "850101-1234",
                "8501011234",
                "19850101-1234",
                "198501011234",
                "19850101+1234",
                "850101+1234",
                "850161-1234",  # samordningsnummer: day + 60
                " 850101-1234 ",
                "121212-1212",  # wrong check digit: still identifies a person
                "850101 1234",
                "850101–1234",  # en dash
            )
        ],
        *[
            (v, False)
            for v in ("D00384", "123", "85010112345", "850101-123", "8501-01-1234", "1985-01-01")
        ],
    ],
)
def test_an_id_that_is_a_personal_number_is_replaced_by_its_pseudonym(value, replaced):
    ids, which, masked = pseudonymise(pd.Series([value]), KEY)
    assert which.tolist() == [replaced] and masked == 0
    if replaced:
        assert ids[0] == pseudonym(value, KEY) and ids[0].startswith("p_") and len(ids[0]) == 18
    else:
        assert ids[0] == value.strip()


def test_same_person_in_three_spellings_gets_one_pseudonym():
    ids, replaced, masked = pseudonymise(
        pd.Series(["19850101-1234", "850101-1234", "8501011234", " 850101-1234"]), KEY
    )
    assert ids.nunique() == 1 and replaced.all() and masked == 0
    assert ids[0].startswith("p_") and len(ids[0]) == 18
    assert not any("1234" in v for v in ids)


def test_other_ids_unchanged_but_stripped_and_missing_kept():
    ids, replaced, masked = pseudonymise(pd.Series([" D00384 ", "123", None]), KEY)
    assert ids.tolist()[:2] == ["D00384", "123"]
    assert pd.isna(ids[2])
    assert not replaced.any() and masked == 0


def test_a_personal_number_inside_another_id_is_masked_and_counted():
    """Not the id of a person by itself, so not pseudonymised; but never shown either."""
    ids, replaced, masked = pseudonymise(
        pd.Series(["ID 850101-1234", "850101-1234/121212-1212", "abc8501011234", "D1"]), KEY
    )
    assert ids.tolist() == ["ID (dold)", "(dold)/(dold)", "abc(dold)", "D1"]
    assert not replaced.any() and masked == 4
    assert not any(has_personal_number(v) for v in ids)


def test_pseudonym_is_stable_and_keyed():
    ids = pd.Series(["850101-1234"])
    assert pseudonymise(ids, b"a")[0][0] == pseudonymise(ids, b"a")[0][0]
    assert pseudonymise(ids, b"a")[0][0] != pseudonymise(ids, b"b")[0][0]


def test_the_loader_pseudonymises_with_the_env_key_by_default(monkeypatch, tmp_path):
    (tmp_path / "experter.csv").write_text("Expert-ID;Namn\nalfa;Alfa AB\n", encoding="utf-8")
    (tmp_path / "deltagare.csv").write_text(
        "Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Avbrottsorsak\n"
        "850101-1234;alfa;2016-01-04;;;\n",
        encoding="utf-8",
    )
    loaded = {}
    for key in ("one", "two"):
        monkeypatch.setenv("SO_ANALYSIS_KEY", key)
        loaded[key] = load_dataset(tmp_path).enrolments["participant_id"].iloc[0]
    assert loaded == {k: pseudonym("850101-1234", k.encode()) for k in ("one", "two")}


def test_env_key_wins(monkeypatch):
    monkeypatch.setenv("SO_ANALYSIS_KEY", "secret-å")
    assert get_key() == "secret-å".encode()


def test_key_file_created_with_0600_and_reused(monkeypatch, tmp_path):
    path = tmp_path / "deep" / "dir" / "pseudonym.key"
    monkeypatch.delenv("SO_ANALYSIS_KEY", raising=False)
    monkeypatch.setenv("SO_ANALYSIS_KEY_FILE", str(path))
    key = get_key()
    assert path.exists()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(bytes.fromhex(key.decode())) == 32
    assert get_key() == key
    other = tmp_path / "other.key"
    monkeypatch.setenv("SO_ANALYSIS_KEY_FILE", str(other))
    assert get_key() != key


def test_default_key_file_location(monkeypatch, tmp_path):
    monkeypatch.delenv("SO_ANALYSIS_KEY", raising=False)
    monkeypatch.delenv("SO_ANALYSIS_KEY_FILE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    get_key()
    assert (tmp_path / ".config" / "so-analysis" / "pseudonym.key").exists()


def test_mask_personal_numbers_in_a_sentence():
    text = (
        "Deltagare 19850101-1234 och 850101+1234 (rad 3), även 8501011234;"
        " D00384 och 2016-01-05 kvar."
    )
    masked = mask_personal_numbers(text)
    assert "1234" not in masked
    assert masked.count("(dold)") == 3
    assert "D00384" in masked and "2016-01-05" in masked and "rad 3" in masked


# --------------------------------------------------------------------------- the key file


def _first_run_key(path: str, start) -> bytes:
    os.environ.pop("SO_ANALYSIS_KEY", None)
    os.environ["SO_ANALYSIS_KEY_FILE"] = path
    start.wait()
    return get_key()


def test_many_simultaneous_first_runs_all_get_the_same_key(monkeypatch, tmp_path):
    import multiprocessing

    path = tmp_path / "nycklar" / "pseudonym.key"
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    n = 50
    with context.Manager() as manager:
        start = manager.Barrier(n)
        with context.Pool(n) as pool:
            keys = pool.starmap(_first_run_key, [(str(path), start)] * n)
    assert len(set(keys)) == 1 and len(keys[0]) == 64
    assert path.read_bytes().strip() == keys[0]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["pseudonym.key"]  # no temporary left


def _use_key_file(monkeypatch, path):
    monkeypatch.delenv("SO_ANALYSIS_KEY", raising=False)
    monkeypatch.setenv("SO_ANALYSIS_KEY_FILE", str(path))


def test_a_key_readable_by_others_is_used_with_a_warning(monkeypatch, tmp_path, caplog):
    path = tmp_path / "k"
    path.write_text("a" * 64 + "\n")
    os.chmod(path, 0o644)
    _use_key_file(monkeypatch, path)
    with caplog.at_level("WARNING", logger="so_analysis"):
        assert get_key() == b"a" * 64
    assert any(
        str(path) in r.getMessage() and "chmod 600" in r.getMessage() for r in caplog.records
    )


def test_a_private_key_gives_no_warning(monkeypatch, tmp_path, caplog):
    path = tmp_path / "k"
    path.write_text("a" * 64 + "\n")
    os.chmod(path, 0o600)
    _use_key_file(monkeypatch, path)
    with caplog.at_level("WARNING", logger="so_analysis"):
        get_key()
    assert not caplog.records


@pytest.mark.parametrize(
    ("content", "says"),
    [("kort-nyckel\n", "minst 32"), ("", "tom"), ("   \n", "tom")],
)
def test_an_unusable_key_is_refused_naming_the_file_and_what_to_do(
    monkeypatch, tmp_path, content, says
):
    from so_analysis.core.errors import InputError

    path = tmp_path / "k"
    path.write_text(content)
    os.chmod(path, 0o600)
    _use_key_file(monkeypatch, path)
    with pytest.raises(InputError) as info:
        get_key()
    message = str(info.value)
    assert str(path) in message and says in message
    assert path.read_text() == content  # never replaced: a short key may still be the real one


def test_a_key_path_that_is_a_folder_or_cannot_be_made_is_refused(monkeypatch, tmp_path):
    from so_analysis.core.errors import InputError

    _use_key_file(monkeypatch, tmp_path)
    with pytest.raises(InputError) as info:
        get_key()
    assert str(tmp_path) in str(info.value) and "SO_ANALYSIS_KEY_FILE" in str(info.value)
    blocked = tmp_path / "fil"
    blocked.write_text("x")
    _use_key_file(monkeypatch, blocked / "under" / "k")
    with pytest.raises(InputError) as info:
        get_key()
    assert str(blocked / "under" / "k") in str(info.value)


@pytest.mark.parametrize("value", ["850101 1234", "850101–1234", "19850101 1234"])
def test_space_and_en_dash_are_separators_too(value):
    assert pseudonymise(pd.Series([value]), KEY)[1].tolist() == [True]
    assert mask_personal_numbers(f"x {value} y") == "x (dold) y"
