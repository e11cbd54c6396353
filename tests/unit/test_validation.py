"""Invalid input: every fault names file, row, column (as written), value and what was expected."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from so_analysis.core.errors import InputError, InputFault
from so_analysis.load.loading import load_dataset
from so_analysis.load.tables import PROVIDERS, SURVEY
from so_analysis.load.validation import build_schema, validate_table

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"

PROVIDERS_CSV = "Expert-ID;Namn\nalfa;Alfa AB\nbeta;Beta AB\n"
HEADER = "Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Utfall;Avbrottsorsak\n"
GOOD = "D1;alfa;2016-01-04;2016-01-18;2016-03-01;genomförd;\n"


def folder(tmp_path, enrolment_rows=GOOD, providers=PROVIDERS_CSV, header=HEADER, **extra):
    (tmp_path / "experter.csv").write_text(providers, encoding="utf-8")
    (tmp_path / "deltagare.csv").write_text(header + enrolment_rows, encoding="utf-8")
    for name, text in extra.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def faults_of(path) -> list[InputFault]:
    with pytest.raises(InputError) as info:
        load_dataset(path)
    return info.value.faults


def only(faults: list[InputFault]) -> InputFault:
    assert len(faults) == 1, [f.describe() for f in faults]
    return faults[0]


def test_valid_folder_has_no_faults(tmp_path):
    assert len(load_dataset(folder(tmp_path)).enrolments) == 1


def test_bad_date(tmp_path):
    fault = only(faults_of(folder(tmp_path, GOOD + "D2;alfa;4/1/2016;;;;\n")))
    assert (fault.file, fault.row, fault.column, fault.value) == (
        "deltagare.csv",
        3,
        "Anmälningsdatum",
        "4/1/2016",
    )
    assert fault.expected == "ett datum ÅÅÅÅ-MM-DD"
    text = fault.describe()
    assert (
        "deltagare.csv" in text
        and "rad 3" in text
        and "Anmälningsdatum" in text
        and "4/1/2016" in text
    )


@pytest.mark.parametrize("value", ["2016-13-45", "2016-02-30", "2015-02-29"])
def test_impossible_date(tmp_path, value):
    fault = only(faults_of(folder(tmp_path, f"D1;alfa;2016-01-04;{value};;;\n")))
    assert (fault.row, fault.column, fault.value) == (2, "Startdatum", value)
    assert "ÅÅÅÅ-MM-DD" in fault.expected


def test_leap_day_and_out_of_order_dates_are_fine(tmp_path):
    # start before registration is a data-quality matter for the report, not a fault
    ds = load_dataset(folder(tmp_path, "D1;alfa;2016-02-29;2016-01-01;2015-12-01;genomförd;\n"))
    assert ds.enrolments["registered"].iloc[0] == pd.Timestamp("2016-02-29")


def survey_folder(tmp_path, rows: str):
    return folder(tmp_path, enkat="Expert-ID;Svarsdatum;Helhetsbetyg;Modul Att bo\n" + rows)


@pytest.mark.parametrize("value", ["6", "0", "4,5", "bra", "-1"])
def test_bad_score(tmp_path, value):
    fault = only(faults_of(survey_folder(tmp_path, f'alfa;2016-02-01;"{value}";\n')))
    assert (fault.file, fault.row, fault.column, fault.value) == (
        "enkat.csv",
        2,
        "Helhetsbetyg",
        value,
    )
    assert fault.expected == "ett heltal 1–5"


def test_bad_module_score_and_missing_overall(tmp_path):
    faults = faults_of(survey_folder(tmp_path, "alfa;2016-02-01;;7\n"))
    assert [(f.row, f.column, f.value) for f in faults] == [
        (2, "Helhetsbetyg", ""),
        (2, "Modul Att bo", "7"),
    ]
    assert "1–5" in faults[0].expected and "tomt" in faults[0].expected


def test_unknown_reason(tmp_path):
    fault = only(
        faults_of(folder(tmp_path, "D1;alfa;2016-01-04;2016-01-18;2016-02-01;avbrott;Tröttnade\n"))
    )
    assert (fault.row, fault.column, fault.value) == (2, "Avbrottsorsak", "Tröttnade")
    assert fault.expected.startswith("en av: arbete, studier, flyttat")


def test_unknown_outcome(tmp_path):
    fault = only(faults_of(folder(tmp_path, "D1;alfa;2016-01-04;2016-01-18;;kanske;\n")))
    assert (fault.row, fault.column, fault.value) == (2, "Utfall", "kanske")
    assert "genomförd" in fault.expected and "avbrott" in fault.expected


def test_unknown_expert(tmp_path):
    fault = only(faults_of(folder(tmp_path, GOOD + "D2;gamma;2016-01-04;;;;\n")))
    assert (fault.file, fault.row, fault.column, fault.value) == (
        "deltagare.csv",
        3,
        "Expert-ID",
        "gamma",
    )
    # the nearest valid ids follow, most alike first ('gamma' is as far from both)
    assert fault.expected == "en expert i experter-tabellen; närmaste giltiga id: 'alfa', 'beta'"


def test_unknown_expert_names_the_nearest_ids(tmp_path):
    providers = "Expert-ID;Namn\neductus;E\nintegra;I\njobblotsen;J\ndisara;D\n"
    fault = only(faults_of(folder(tmp_path, "D1;edcutus;2016-01-04;;;;\n", providers=providers)))
    assert fault.expected.startswith(
        "en expert i experter-tabellen; närmaste giltiga id: 'eductus'"
    )


def test_unknown_expert_in_other_tables(tmp_path):
    path = folder(
        tmp_path,
        checklista="Expert-ID;Krav;Uppfyllt\nalfa;Krav 1;ja\nokänd;Krav 1;kanske\n",
        utvecklingsplan=(
            "Expert;Period;Område;Åtgärd\n"
            "Alfa AB;2016;Effektivitet;Gör något\nGamma AB;2016;Trivsel;X\n"
        ),
    )
    faults = faults_of(path)
    described = [(f.file, f.row, f.column, f.value) for f in faults]
    assert described == [
        ("checklista.csv", 3, "Expert-ID", "okänd"),
        ("checklista.csv", 3, "Uppfyllt", "kanske"),
        ("utvecklingsplan.csv", 3, "Expert", "Gamma AB"),
        ("utvecklingsplan.csv", 3, "Område", "Trivsel"),
    ]
    assert faults[1].expected == "ja eller nej"
    assert "effektivitet" in faults[3].expected


def test_missing_required_column(tmp_path):
    header = "Deltagar-ID;Expert-ID;Startdatum;Slutdatum;Avbrottsorsak\n"
    fault = only(faults_of(folder(tmp_path, "D1;alfa;;;\n", header=header)))
    assert fault.file == "deltagare.csv" and fault.row is None
    assert fault.column == "Anmälningsdatum"
    assert "kolumn" in fault.expected and "registered" in fault.expected


def test_missing_required_table(tmp_path):
    (tmp_path / "deltagare.csv").write_text(HEADER + GOOD, encoding="utf-8")
    fault = only(faults_of(tmp_path))
    assert fault.file == "experter"
    assert (
        fault.expected == "en fil experter.csv eller experter.xlsx (eller ett blad i en arbetsbok)"
    )


def test_duplicate_provider_id(tmp_path):
    fault = only(faults_of(folder(tmp_path, providers=PROVIDERS_CSV + "Alfa;Alfa igen\n")))
    assert (fault.file, fault.row, fault.column, fault.value) == (
        "experter.csv",
        4,
        "Expert-ID",
        "Alfa",
    )
    assert "unikt" in fault.expected


def test_empty_required_id(tmp_path):
    faults = faults_of(folder(tmp_path, GOOD + ";;2016-01-04;;;;\n"))
    assert [(f.row, f.column, f.value) for f in faults] == [
        (3, "Deltagar-ID", "(dold)"),
        (3, "Expert-ID", ""),
    ]
    assert all("tomt" in f.expected for f in faults)


def test_empty_required_date(tmp_path):
    fault = only(faults_of(folder(tmp_path, "D1;alfa;;;;;\n")))
    assert (fault.row, fault.column) == (2, "Anmälningsdatum")
    assert "ÅÅÅÅ-MM-DD" in fault.expected and "tomt" in fault.expected


def test_shifted_csv_row(tmp_path):
    fault = only(faults_of(folder(tmp_path, GOOD + "D2;alfa;2016-01-04;;;;;extra\n")))
    assert (fault.file, fault.row) == ("deltagare.csv", 3)
    assert "fält" in fault.expected


def test_bad_date_in_xlsx_row_as_excel_shows_it(tmp_path):
    (tmp_path / "experter.csv").write_text(PROVIDERS_CSV, encoding="utf-8")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "deltagare"
    sheet.append(
        ["Deltagar-ID", "Expert-ID", "Anmälningsdatum", "Startdatum", "Slutdatum", "Avbrottsorsak"]
    )
    sheet.append(["D1", "alfa", dt.datetime(2016, 1, 4), None, None, None])
    sheet.append([None] * 6)
    sheet.append(["D2", "alfa", "2016-02-30", 42370, None, None])
    workbook.save(tmp_path / "Data.xlsx")
    faults = faults_of(tmp_path)
    assert [(f.file, f.row, f.column, f.value) for f in faults] == [
        ("Data.xlsx [deltagare]", 4, "Anmälningsdatum", "2016-02-30"),
        ("Data.xlsx [deltagare]", 4, "Startdatum", "42370"),  # an integer is not a date
    ]


def test_faults_collected_across_files(tmp_path):
    path = folder(
        tmp_path,
        GOOD + "D2;alfa;2016-01-xx;;;;\n",
        providers=PROVIDERS_CSV + "beta;Beta igen\n",
        enkat="Expert-ID;Svarsdatum;Helhetsbetyg\nbeta;2016-02-01;9\n",
    )
    files = [f.file for f in faults_of(path)]
    assert files == ["experter.csv", "deltagare.csv", "enkat.csv"]


def test_more_than_20_faults_shows_20(tmp_path):
    rows = "".join(f"D{i};alfa;2016-01-{i:02d}x;;;;\n" for i in range(1, 26))
    with pytest.raises(InputError) as info:
        load_dataset(folder(tmp_path, rows))
    assert len(info.value.faults) == 25
    message = str(info.value)
    assert message.count("förväntat") == 20
    assert "… och 5 fel till" in message
    assert "rad 21" in message and "rad 22" not in message


def test_personal_number_in_a_faulty_row_is_never_shown(tmp_path):
    rows = (
        "19850101-1234;alfa;2016-13-01;;;;\n"
        "850101-1234;okänd;2016-01-01;;;;\n"
        "8501011234;alfa;2016-01-01;;;fel;\n"
    )
    faults = faults_of(folder(tmp_path, rows))
    assert len(faults) == 3
    message = str(InputError(faults)) + repr(faults)
    assert "1234" not in message and "850101" not in message


def test_personal_number_in_another_column_is_masked(tmp_path):
    fault = only(faults_of(folder(tmp_path, "D1;alfa;850101-1234;;;;\n")))
    assert fault.value == "(dold)"
    assert (fault.row, fault.column) == (2, "Anmälningsdatum")


def test_validate_table_directly():
    frame = pd.DataFrame(
        {
            "provider_id": ["a", "a", None],
            "name": ["A", "A2", "C"],
            "authorized_from": pd.to_datetime(["2015-01-01", None, None]).astype("datetime64[ns]"),
            "authorized_to": pd.Series(pd.NaT, index=range(3), dtype="datetime64[ns]"),
            "_row": [2, 3, 4],
        }
    )
    faults = validate_table(PROVIDERS, frame, "experter.csv", {"provider_id": "Expert-ID"})
    assert [(f.row, f.column) for f in faults] == [(3, "Expert-ID"), (4, "Expert-ID")]


def test_schema_covers_module_columns():
    frame = pd.DataFrame(columns=["provider_id", "answered", "overall", "module_x", "_row"])
    schema = build_schema(SURVEY, frame)
    assert "module_x" in schema.columns and "overall" in schema.columns


def test_valid_data_is_checked_without_importing_pandera():
    """pandera (a fifth of a second and 17 MB to import) is only needed for a table with faults."""
    code = (
        "import sys; from so_analysis.load.loading import load_dataset; "
        f"load_dataset({str(SAMPLE)!r}); print(any(m.startswith('pandera') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
