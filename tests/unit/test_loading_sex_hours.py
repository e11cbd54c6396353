"""The enrolments' optional `kön` and `erbjudna timmar` columns (SPEC §2, §7), on hand-made rows.

Sex comes from the `kön` cell, else from the id when that is a personnummer or samordningsnummer
(the second-to-last of its ten digits: odd man, even kvinna), read before the id is pseudonymised;
otherwise it is unknown (None, *okänt*). Nothing else about the id survives loading.
"""

import math

import openpyxl
import pandas as pd
import pytest

from so_analysis.core.errors import InputError
from so_analysis.core.personal_numbers import sex_of_personal_number
from so_analysis.load.loading import load_dataset
from so_analysis.load.privacy import pseudonymise, pseudonymise_with_sex

PROVIDERS = "Expert-ID;Namn\nalfa;Alfa Utbildning AB\nbeta;Beta Språk AB\n"
HEADER = "Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Avbrottsorsak"


def folder(tmp_path, rows: list[str], extra: str = "", header: str = HEADER):
    (tmp_path / "experter.csv").write_text(PROVIDERS, encoding="utf-8")
    text = header + extra + "\n" + "".join(r + "\n" for r in rows)
    (tmp_path / "deltagare.csv").write_text(text, encoding="utf-8")
    return tmp_path


def enrolments(tmp_path, rows: list[str], extra: str = "", header: str = HEADER) -> pd.DataFrame:
    return load_dataset(folder(tmp_path, rows, extra, header)).enrolments


def faults(tmp_path, rows: list[str], extra: str = "") -> list:
    with pytest.raises(InputError) as info:
        load_dataset(folder(tmp_path, rows, extra))
    return info.value.faults


@pytest.mark.parametrize(
    ("value", "sex"),
    [
        ("850101-1234", "man"),  # 3: odd
        ("850101-1244", "kvinna"),  # 4: even
        ("8501011254", "man"),
        ("19850101-1264", "kvinna"),  # 12 digits: the last ten count
        ("198501011274", "man"),
        ("19121212+1202", "kvinna"),  # '+': over a hundred years old
        ("850161-1284", "kvinna"),  # samordningsnummer: day + 60
        ("850191-1294", "man"),  # the 31st + 60
        (" 850101 1204 ", "kvinna"),
        ("850101\u20131214", "man"),  # en dash
        ("851301-1234", None),  # no month 13: not a personnummer
        ("850100-1234", None),  # no day 0
        ("850132-1234", None),  # day 32 is neither
        ("850160-1234", None),
        ("850192-1234", None),
        ("D00384", None),
        ("85010112345", None),
        ("ID 850101-1234", None),  # holds one, is not one: masked, no sex
        ("", None),
    ],
)
def test_sex_of_personal_number(value, sex):
    assert sex_of_personal_number(value) == sex


def test_sex_from_the_id_is_read_before_it_is_pseudonymised_and_nothing_else_is_kept():
    ids = pd.Series(
        ["850101-1234", "850161-1244", "D7", None, "ID 850101-1234"], index=[5, 6, 7, 8, 9]
    )
    plain, replaced, masked = pseudonymise(ids, b"k")
    with_sex, masked_too, sex = pseudonymise_with_sex(ids, b"k")
    # the same pseudonyms and maskings as without reading the sex
    assert with_sex.tolist() == plain.tolist() and masked_too == masked == 1
    assert sex.index.tolist() == [5, 6, 7, 8, 9]
    assert sex.tolist() == ["man", "kvinna", None, None, None]
    assert replaced.tolist() == [True, True, False, False, False]


def test_sex_from_a_personnummer_or_samordningsnummer_10_and_12_digits(tmp_path):
    e = enrolments(
        tmp_path,
        [
            "850101-1234;alfa;2016-01-04;;;",  # man
            "19850101-1244;alfa;2016-01-05;;;",  # 12 digits: kvinna
            "850161-1254;beta;2016-01-06;;;",  # samordningsnummer: man
            "19850161-1264;beta;2016-01-07;;;",  # samordningsnummer, 12 digits: kvinna
            "D00384;beta;2016-01-08;;;",  # not a personnummer: okänt
        ],
    )
    assert e["sex"].tolist() == ["man", "kvinna", "man", "kvinna", None]
    assert e["sex_source"].tolist() == [*["personnummer"] * 4, None]
    assert e["participant_id"].str.startswith("p_").tolist() == [True] * 4 + [False]


def test_a_kon_cell_overrides_the_id_and_an_empty_one_leaves_it_to_the_id(tmp_path):
    e = enrolments(
        tmp_path,
        [
            "850101-1234;alfa;2016-01-04;;;;kvinna",  # the id says man: the cell wins
            "850101-1244;alfa;2016-01-05;;;;M",  # the id says kvinna
            "850101-1254;alfa;2016-01-06;;;;",  # no cell: from the id
            "D1;alfa;2016-01-07;;;;",  # neither: okänt
            "D2;alfa;2016-01-08;;;;Man",
        ],
        extra=";Kön",
    )
    assert e["sex"].tolist() == ["kvinna", "man", "man", None, "man"]
    assert e["sex_source"].tolist() == ["kolumn", "kolumn", "personnummer", None, "kolumn"]


@pytest.mark.parametrize(
    ("written", "sex"),
    [
        ("kvinna", "kvinna"),
        ("KVINNA", "kvinna"),
        (" Kvinna ", "kvinna"),
        ("k", "kvinna"),
        ("F", "kvinna"),
        ("woman", "kvinna"),
        ("Female", "kvinna"),
        ("man", "man"),
        ("M", "man"),
        ("male", "man"),
        ("MAN", "man"),
    ],
)
def test_accepted_spellings_of_kon(tmp_path, written, sex):
    e = enrolments(tmp_path, [f"D1;alfa;2016-01-04;;;;{written}"], extra=";kon")
    assert e["sex"].tolist() == [sex]


@pytest.mark.parametrize("header", ["Kön", "kon", "KÖN", "sex"])
def test_headers_of_kon(tmp_path, header):
    e = enrolments(tmp_path, ["D1;alfa;2016-01-04;;;;k"], extra=f";{header}")
    assert e["sex"].tolist() == ["kvinna"]


def test_an_invalid_kon_is_a_fault_naming_file_row_and_column(tmp_path):
    found = faults(
        tmp_path,
        ["D1;alfa;2016-01-04;;;;kvinna", "850101-1234;alfa;2016-01-05;;;;annat"],
        extra=";Kön",
    )
    assert [(f.file, f.row, f.column, f.value) for f in found] == [
        ("deltagare.csv", 3, "Kön", "annat")
    ]
    assert "kvinna, man" in found[0].expected


def test_an_invalid_kon_in_a_workbook_names_sheet_and_cell(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    sheet = workbook.create_sheet("experter")
    sheet.append(["Expert-ID", "Namn"])
    sheet.append(["alfa", "Alfa"])
    sheet = workbook.create_sheet("deltagare")
    sheet.append([*HEADER.split(";"), "Erbjudna timmar", "Kön"])
    sheet.append(["D1", "alfa", "2016-01-04", None, None, None, 72.5, "Kvinna"])
    sheet.append(["D2", "alfa", "2016-01-05", None, None, None, 60, "x"])
    workbook.save(tmp_path / "data.xlsx")
    with pytest.raises(InputError) as info:
        load_dataset(tmp_path)
    [fault] = info.value.faults
    assert (fault.file, fault.cell, fault.column, fault.value) == (
        "data.xlsx [deltagare]",
        "H3",
        "Kön",
        "x",
    )


def test_hours_from_a_workbook_number_and_text(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    sheet = workbook.create_sheet("experter")
    sheet.append(["Expert-ID", "Namn"])
    sheet.append(["alfa", "Alfa"])
    sheet = workbook.create_sheet("deltagare")
    sheet.append([*HEADER.split(";"), "Erbjudna timmar", "Kön"])
    sheet.append(["D1", "alfa", "2016-01-04", None, None, None, 72.5, "Kvinna"])
    sheet.append(["D2", "alfa", "2016-01-05", None, None, None, "61,5", None])
    sheet.append(["D3", "alfa", "2016-01-06", None, None, None, None, "m"])
    workbook.save(tmp_path / "data.xlsx")
    e = load_dataset(tmp_path).enrolments
    assert e["hours_offered"].tolist()[:2] == [72.5, 61.5] and math.isnan(e["hours_offered"][2])
    assert e["sex"].tolist() == ["kvinna", None, "man"]


def test_hours_with_a_decimal_comma_and_empty_cells(tmp_path):
    e = enrolments(
        tmp_path,
        [
            "D1;alfa;2016-01-04;;;;72,5",
            "D2;alfa;2016-01-05;;;;60",
            "D3;alfa;2016-01-06;;;;",
            "D4;alfa;2016-01-07;;;;0",
        ],
        extra=";Erbjudna timmar",
    )
    hours = e["hours_offered"]
    assert str(hours.dtype) == "float64"
    assert hours[[0, 1, 3]].tolist() == [72.5, 60.0, 0.0] and math.isnan(hours[2])


@pytest.mark.parametrize(
    "header", ["timmar", "Erbjudna timmar", "erbjudna_timmar", "hours_offered"]
)
def test_headers_of_hours(tmp_path, header):
    e = enrolments(tmp_path, ["D1;alfa;2016-01-04;;;;80"], extra=f";{header}")
    assert e["hours_offered"].tolist() == [80.0]


def test_negative_or_unreadable_hours_are_faults_naming_file_row_and_column(tmp_path):
    found = faults(
        tmp_path,
        [
            "D1;alfa;2016-01-04;;;;-1",
            "D2;alfa;2016-01-05;;;;60",
            "D3;alfa;2016-01-06;;;;sextio",
            "D4;alfa;2016-01-07;;;;-0,5",
        ],
        extra=";Timmar",
    )
    assert [(f.file, f.row, f.column, f.value) for f in found] == [
        ("deltagare.csv", 2, "Timmar", "-1"),
        ("deltagare.csv", 4, "Timmar", "sextio"),
        ("deltagare.csv", 5, "Timmar", "-0,5"),
    ]
    assert all("0 eller större" in f.expected for f in found)


def test_without_the_columns_sex_comes_from_the_id_and_hours_are_empty(tmp_path):
    e = enrolments(tmp_path, ["850101-1244;alfa;2016-01-04;;;", "D2;alfa;2016-01-05;;;"])
    assert e["sex"].tolist() == ["kvinna", None]
    assert e["sex_source"].tolist() == ["personnummer", None]
    assert e["hours_offered"].isna().all()


def test_the_pseudonym_is_the_same_with_or_without_a_kon_cell_and_nothing_else_of_the_id_stays(
    tmp_path,
):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    without = enrolments(tmp_path / "a", ["19850101-1234;alfa;2016-01-04;;;"])
    with_cell = enrolments(
        tmp_path / "b", ["19850101-1234;alfa;2016-01-04;;;;kvinna"], extra=";Kön"
    )
    assert with_cell["participant_id"].tolist() == without["participant_id"].tolist()
    assert without["participant_id"].iloc[0].startswith("p_")
    # only the contract's columns; none holds the number or its birth date
    for frame in (without, with_cell):
        assert list(frame.columns) == [
            "participant_id", "provider_id", "registered", "started", "ended", "outcome",
            "dropout_reason", "language", "sex", "sex_source", "hours_offered", "_row",
        ]  # fmt: skip
        rest = frame.drop(columns="participant_id").astype(str).to_string()
        assert "850101" not in rest and "1234" not in rest and "1985" not in rest


def test_sex_from_the_id_or_the_cell_reaches_the_figures_by_sex(tmp_path):
    """From the file to `indikatorer_kon.csv`'s rows: a samordningsnummer's sex, a `kön` cell
    overriding the id, and one woman enrolled with two experts (counted with each)."""
    from datetime import date

    from so_analysis.core.periods import parse_period
    from so_analysis.measure.analysis import analyse

    rows = [
        "850161-1254;alfa;2016-01-01;2016-01-11;2016-02-10;;",  # samordningsnummer: man
        "850101-1234;alfa;2016-01-01;2016-01-21;2016-03-01;;kvinna",  # the id says man
        "850101-1234;beta;2016-03-01;2016-03-06;2016-04-05;;kvinna",  # the same woman, again
        "D7;beta;2016-01-01;2016-01-31;2016-03-01;;",  # okänt
    ]
    ds = load_dataset(folder(tmp_path, rows, extra=";Kön"))
    a = analyse(ds, parse_period("2016"), date(2017, 6, 30))
    by = a.by_sex.set_index(["provider_id", "sex"])
    assert by.loc[("alfa", "man"), "lead_time_mean_days"] == 10.0
    assert by.loc[("alfa", "kvinna"), "lead_time_mean_days"] == 20.0
    assert by.loc[("beta", "kvinna"), "n_started"] == 1
    assert by.loc[("beta", "okänt"), "lead_time_mean_days"] == 30.0
    assert by.loc[("_all", "kvinna"), "n_started"] == 2
    assert by.loc[("_all", "kvinna"), "n_first_starts"] == 1  # one person, counted once
    assert by.loc[("alfa", "kvinna"), "n_first_starts"] == 1
