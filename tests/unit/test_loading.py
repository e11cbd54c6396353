"""Reading data folders: discovery, encodings, delimiters, headers, XLSX, references, privacy."""

import datetime as dt
import hashlib

import openpyxl
import pandas as pd
import pytest

from so_analysis.core.errors import InputError
from so_analysis.load.csv_reader import sniff_delimiter
from so_analysis.load.dataset import SOURCE_ROW
from so_analysis.load.headers import module_name
from so_analysis.load.loading import load_dataset

PROVIDERS = "Expert-ID;Namn\nalfa;Alfa Utbildning AB\nbeta;Beta Språk AB\n"
ENROLMENTS = (
    "Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Utfall;Avbrottsorsak\n"
    "D1;alfa;2016-01-04;2016-01-18;2016-03-01;genomförd;\n"
    "D2;beta;2016-02-01;2016-02-10;2016-03-01;avbrott;Fått arbete\n"
    "D3;beta;2016-03-01;;;;\n"
)


def write(folder, name, text, encoding="utf-8"):
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def minimal(folder, providers=PROVIDERS, enrolments=ENROLMENTS):
    write(folder, "experter.csv", providers)
    write(folder, "deltagare.csv", enrolments)
    return folder


def write_xlsx(path, sheets: dict[str, list[list]]):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


# The input data contract (SPEC §2) as the loader hands it on: every canonical column, in order,
# with its type, whether or not the file had it; then the file's row (`_row`). Written out here,
# not taken from the loader's own tables, so that a change to the contract fails this test.
DATE = "datetime64[ns]"
CONTRACT = {
    "providers": {
        "provider_id": "object",
        "name": "object",
        "authorized_from": DATE,
        "authorized_to": DATE,
        "_row": "int64",
    },
    "enrolments": {
        "participant_id": "object",
        "provider_id": "object",
        "registered": DATE,
        "started": DATE,
        "ended": DATE,
        "outcome": "object",
        "dropout_reason": "object",
        "language": "object",
        "sex": "object",  # kvinna, man or None (okänt)
        "sex_source": "object",  # kolumn, personnummer or None
        "hours_offered": "float64",
        "_row": "int64",
    },
    "survey": {
        "provider_id": "object",
        "answered": DATE,
        "overall": "Int64",
        "language_understood": "Int64",
        "recommend": "Int64",
        "_row": "int64",
    },
    "checklist": {
        "provider_id": "object",
        "requirement": "object",
        "fulfilled": "bool",
        "visit_date": DATE,
        "deadline": DATE,
        "remedied": DATE,
        "comment": "object",
        "_row": "int64",
    },
    "plans": {
        "provider_id": "object",
        "period": "object",
        "area": "object",
        "action": "object",
        "finding": "object",
        "responsible": "object",
        "due": DATE,
        "status": "object",
        "follow_up": "object",
        "_row": "int64",
    },
}


def _columns(frame: pd.DataFrame) -> list[tuple[str, str]]:
    return [(name, str(dtype)) for name, dtype in frame.dtypes.items()]


def test_every_table_has_the_contract_columns_and_types_even_when_only_required_ones_are_given(
    tmp_path,
):
    minimal(tmp_path)
    write(tmp_path, "enkat.csv", "Expert-ID;Svarsdatum;Helhetsbetyg\nalfa;2016-02-01;5\n")
    write(tmp_path, "checklista.csv", "Expert-ID;Krav;Uppfyllt\nalfa;Minst 100 timmar;ja\n")
    write(
        tmp_path,
        "utvecklingsplan.csv",
        "Expert-ID;Period;Område;Åtgärd\nalfa;2016;Kundnöjdhet;Ny enkät\n",
    )
    ds = load_dataset(tmp_path)
    for table, columns in CONTRACT.items():
        assert _columns(getattr(ds, table)) == list(columns.items()), table


def test_frames_have_all_canonical_columns_and_dtypes(tmp_path):
    ds = load_dataset(minimal(tmp_path))
    assert _columns(ds.enrolments) == list(CONTRACT["enrolments"].items())
    assert _columns(ds.providers) == list(CONTRACT["providers"].items())
    e = ds.enrolments
    for col in ("registered", "started", "ended"):
        assert str(e[col].dtype) == "datetime64[ns]"
    assert e["registered"].tolist()[0] == pd.Timestamp("2016-01-04")
    assert pd.isna(e["started"].iloc[2])
    assert e["outcome"].tolist()[:2] == ["completed", "dropout"]
    assert pd.isna(e["outcome"].iloc[2])
    assert e["dropout_reason"].iloc[1] == "arbete"
    assert e["language"].isna().all()
    assert e[SOURCE_ROW].tolist() == [2, 3, 4]
    assert ds.providers["provider_id"].tolist() == ["alfa", "beta"]


def test_optional_tables_absent_are_none_and_others_ignored(tmp_path):
    minimal(tmp_path)
    write(tmp_path, "so_analysis.toml", 'municipality = "Testby"\n')
    write(tmp_path, "README.txt", "hej")
    write(tmp_path, "anteckningar.csv", "a;b\n1;2\n")
    (tmp_path / "dialogmallar").mkdir()
    write(tmp_path / "dialogmallar", "enkat.csv", "trasig")
    ds = load_dataset(tmp_path)
    assert ds.survey is None and ds.checklist is None and ds.plans is None
    assert ds.config.municipality == "Testby"


def test_given_config_is_used(tmp_path):
    from so_analysis.core.config import Config

    ds = load_dataset(minimal(tmp_path), config=Config(municipality="X"))
    assert ds.config.municipality == "X"


def test_required_tables_may_be_empty(tmp_path):
    minimal(tmp_path, enrolments=ENROLMENTS.splitlines()[0] + "\n")
    ds = load_dataset(tmp_path)
    assert len(ds.enrolments) == 0
    assert str(ds.enrolments["registered"].dtype) == "datetime64[ns]"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings(tmp_path, encoding):
    write(tmp_path, "experter.csv", "Expert-ID;Namn\nöst;Östra Språkskolan Å och Ä\n", encoding)
    write(
        tmp_path,
        "deltagare.csv",
        "Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Avbrottsorsak;Språk\n"
        "D1;öst;2016-01-04;;;Språket saknas;persiska\n"
        "D2;Östra Språkskolan Å och Ä;2016-01-04;;;Övrigt;tigrinja\n",
        encoding,
    )
    ds = load_dataset(tmp_path)
    assert ds.providers["name"].iloc[0] == "Östra Språkskolan Å och Ä"
    assert ds.enrolments["provider_id"].tolist() == ["öst", "öst"]
    assert ds.enrolments["dropout_reason"].tolist() == ["sprak_saknas", "ovrigt"]
    assert ds.enrolments["language"].tolist() == ["persiska", "tigrinja"]


def test_comma_delimiter_and_quotes(tmp_path):
    write(tmp_path, "experter.csv", 'Expert-ID,Namn\nalfa,"Alfa; Beta, AB"\n')
    write(
        tmp_path,
        "deltagare.csv",
        "Deltagar-ID,Expert-ID,Anmälningsdatum,Startdatum,Slutdatum,Avbrottsorsak\n"
        "D1,alfa,2016-01-04,,,\n",
    )
    ds = load_dataset(tmp_path)
    assert ds.providers["name"].iloc[0] == "Alfa; Beta, AB"
    assert len(ds.enrolments) == 1


def test_sniff_delimiter():
    assert sniff_delimiter("a;b;c\n1,2;3") == ";"
    assert sniff_delimiter('a,"b;c",d\n') == ","
    assert sniff_delimiter("a\n") == ";"


def test_english_headers_and_crlf(tmp_path):
    write(tmp_path, "providers.csv", "provider_id,name,authorized_from\r\nalfa,Alfa,2015-01-01\r\n")
    write(
        tmp_path,
        "enrolments.csv",
        "participant_id,provider_id,registered,started,ended,outcome,dropout_reason,language\r\n"
        "D1,alfa,2016-01-04,2016-01-10,2016-03-01,completed,,dari\r\n",
    )
    ds = load_dataset(tmp_path)
    assert ds.providers["authorized_from"].iloc[0] == pd.Timestamp("2015-01-01")
    assert ds.enrolments["outcome"].iloc[0] == "completed"
    assert ds.enrolments["language"].iloc[0] == "dari"


def test_headers_match_ignoring_case_spaces_and_accents(tmp_path):
    write(tmp_path, "Experter.CSV", "EXPERT ID;namn\nalfa;Alfa\n")
    write(
        tmp_path,
        "deltagare.csv",
        "deltagar_id;expert-id;ANMALNINGSDATUM;Kursstart;Avslutad;Status;Orsak;Okänd kolumn\n"
        "D1;ALFA;2016-01-04;;;PÅGÅENDE;;x\n",
    )
    ds = load_dataset(tmp_path)
    assert ds.enrolments["provider_id"].iloc[0] == "alfa"
    assert ds.enrolments["outcome"].iloc[0] == "ongoing"
    assert "Okänd kolumn" not in ds.enrolments.columns


def test_embedded_newline_keeps_line_numbers(tmp_path):
    write(tmp_path, "experter.csv", 'Expert-ID;Namn\nalfa;"Alfa\nAB"\nbeta;Beta\n')
    write(
        tmp_path,
        "deltagare.csv",
        "Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Avbrottsorsak\n"
        "D1;alfa;2016-01-04;;;\n\n;;;;;\nD2;beta;2016-01-05;;;\n",
    )
    ds = load_dataset(tmp_path)
    assert ds.providers[SOURCE_ROW].tolist() == [2, 4]
    assert ds.providers["name"].iloc[0] == "Alfa\nAB"
    assert ds.enrolments[SOURCE_ROW].tolist() == [2, 5]


def test_expert_referred_to_by_name(tmp_path):
    minimal(
        tmp_path,
        enrolments="Deltagar-ID;Expert;Anmälningsdatum;Startdatum;Slutdatum;Avbrottsorsak\n"
        "D1;Alfa Utbildning AB;2016-01-04;;;\n"
        "D2;beta språk ab;2016-01-04;;;\n",
    )
    write(
        tmp_path,
        "enkat.csv",
        "Expert-ID;Svarsdatum;Helhetsbetyg\nAlfa Utbildning AB;2016-02-01;5\nbeta;2016-02-01;4\n",
    )
    ds = load_dataset(tmp_path)
    assert ds.enrolments["provider_id"].tolist() == ["alfa", "beta"]
    assert ds.survey["provider_id"].tolist() == ["alfa", "beta"]


def test_scores_with_decimal_comma_and_modules(tmp_path):
    minimal(tmp_path)
    write(
        tmp_path,
        "enkat.csv",
        "Expert-ID;Datum;NKI;Förstod språket;Modul Att bo i Sverige;Module_paverka\n"
        'alfa;2016-02-01;"5,0";4.0;;3\nbeta;2016-02-01;3;;2;\n',
    )
    ds = load_dataset(tmp_path)
    s = ds.survey
    assert s["overall"].tolist() == [5, 3]
    assert str(s["overall"].dtype) == "Int64"
    assert s["language_understood"].iloc[0] == 4 and pd.isna(s["language_understood"].iloc[1])
    assert pd.isna(s["recommend"]).all()
    assert s["module_att_bo_i_sverige"].iloc[1] == 2
    assert s["module_paverka"].iloc[0] == 3


def test_module_name():
    assert module_name("Modul komma till Sverige") == "module_komma_till_sverige"
    assert module_name("module_vårda_hälsan") == "module_varda_halsan"
    assert module_name("Modul") is None
    assert module_name("Namn") is None


def test_checklist_and_plans_codes(tmp_path):
    minimal(tmp_path)
    write(
        tmp_path,
        "checklista.csv",
        "Expert-ID;Krav;Uppfyllt;Besöksdatum;Åtgärdas senast;Åtgärdat;Kommentar\n"
        "alfa;Minst 100 timmar;Ja;2017-03-14;;;\n"
        "beta;Minst 100 timmar;NEJ;2017-03-14;2017-06-01;;Brist\n",
    )
    write(
        tmp_path,
        "utvecklingsplan.csv",
        "Expert-ID;Period;Område;Åtgärd;Status\nalfa;2016;Kundnöjdhet;Ny enkät;Pågår\n",
    )
    ds = load_dataset(tmp_path)
    assert ds.checklist["fulfilled"].tolist() == [True, False]
    assert ds.checklist["deadline"].iloc[1] == pd.Timestamp("2017-06-01")
    assert ds.plans["area"].iloc[0] == "kundnojdhet"
    assert ds.plans["status"].iloc[0] == "pagar"
    assert ds.plans["period"].iloc[0] == "2016"


def test_xlsx_per_table_with_date_cells(tmp_path):
    write_xlsx(
        tmp_path / "experter.xlsx",
        {"Blad1": [["Expert-ID", "Namn"], ["alfa", "Alfa"], [1234, "Siffror AB"]]},
    )
    write_xlsx(
        tmp_path / "deltagare.xlsx",
        {
            "Blad1": [
                [
                    "Deltagar-ID",
                    "Expert-ID",
                    "Anmälningsdatum",
                    "Startdatum",
                    "Slutdatum",
                    "Avbrottsorsak",
                ],
                [
                    "D1",
                    "alfa",
                    dt.datetime(2016, 1, 4),
                    dt.date(2016, 1, 18),
                    "2016-03-01 00:00:00",
                    None,
                ],
                [None, None, None, None, None, None],
                [198501011234, 1234, "2016-01-05", None, None, "Övrigt"],
            ]
        },
    )
    write_xlsx(
        tmp_path / "enkat.xlsx",
        {
            "Enkät": [
                ["Expert-ID", "Svarsdatum", "Helhetsbetyg"],
                ["alfa", dt.datetime(2016, 2, 1, 13, 5), 5.0],
            ]
        },
    )
    ds = load_dataset(tmp_path)
    e = ds.enrolments
    assert e["registered"].tolist() == [pd.Timestamp("2016-01-04"), pd.Timestamp("2016-01-05")]
    assert e["started"].iloc[0] == pd.Timestamp("2016-01-18")
    assert e["ended"].iloc[0] == pd.Timestamp("2016-03-01")
    assert e[SOURCE_ROW].tolist() == [2, 4]
    assert e["provider_id"].tolist() == ["alfa", "1234"]
    assert e["participant_id"].iloc[1].startswith("p_")
    assert ds.providers["provider_id"].tolist() == ["alfa", "1234"]
    assert ds.survey["answered"].iloc[0] == pd.Timestamp("2016-02-01")
    assert ds.survey["overall"].iloc[0] == 5
    assert [s.path for s in ds.sources] == ["experter.xlsx", "deltagare.xlsx", "enkat.xlsx"]


def test_one_workbook_with_sheets(tmp_path):
    write_xlsx(
        tmp_path / "underlag 2016.xlsx",
        {
            "Experter": [["Expert-ID", "Namn"], ["alfa", "Alfa"]],
            "Deltagare": [
                [
                    "Deltagar-ID",
                    "Expert-ID",
                    "Anmälningsdatum",
                    "Startdatum",
                    "Slutdatum",
                    "Avbrottsorsak",
                ],
                ["D1", "alfa", dt.datetime(2016, 1, 4), None, None, None],
            ],
            "Kundenkät": [
                ["Expert-ID", "Svarsdatum", "Helhetsbetyg"],
                ["alfa", dt.datetime(2016, 2, 1), 4],
            ],
            "Övrigt": [["x"], [1]],
        },
    )
    ds = load_dataset(tmp_path)
    assert len(ds.providers) == 1 and len(ds.enrolments) == 1 and len(ds.survey) == 1
    assert ds.checklist is None
    sources = {s.table: s for s in ds.sources}
    assert sources["enrolments"].path == "underlag 2016.xlsx"
    assert sources["enrolments"].sheet == "Deltagare"
    assert sources["survey"].sheet == "Kundenkät"
    digest = hashlib.sha256((tmp_path / "underlag 2016.xlsx").read_bytes()).hexdigest()
    assert sources["providers"].sha256 == digest


def test_sources_checksums(tmp_path):
    minimal(tmp_path)
    ds = load_dataset(tmp_path)
    by_table = {s.table: s for s in ds.sources}
    assert by_table["enrolments"].rows == 3
    assert by_table["enrolments"].path == "deltagare.csv"
    assert by_table["enrolments"].sheet is None
    assert (
        by_table["enrolments"].sha256
        == hashlib.sha256((tmp_path / "deltagare.csv").read_bytes()).hexdigest()
    )


def test_personal_numbers_are_pseudonymised(tmp_path):
    raw = ["19850101-1234", "850101-1234", "8501011234", "121212+1212", "D00384"]
    # one registration date each: the same person registered thrice (not a duplicate row)
    body = "".join(f"{pid};alfa;2016-01-0{i + 1};;;\n" for i, pid in enumerate(raw))
    minimal(
        tmp_path,
        enrolments="Personnummer;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Avbrottsorsak\n"
        + body,
    )
    ds = load_dataset(tmp_path)
    ids = ds.enrolments["participant_id"].tolist()
    assert ids[0] == ids[1] == ids[2] and ids[0].startswith("p_")
    assert ids[3].startswith("p_") and ids[3] != ids[0]
    assert ids[4] == "D00384"
    dumped = repr(ds.enrolments) + ds.enrolments.to_csv() + ds.enrolments.to_string()
    for value in raw[:4]:
        assert value not in dumped
    assert "8501011234" not in dumped and "1234" not in "".join(ids[:4])


def test_pseudonym_depends_on_key(tmp_path):
    body = (
        "Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Avbrottsorsak\n"
        "850101-1234;alfa;2016-01-04;;;\n"
    )
    minimal(tmp_path, enrolments=body)
    a = load_dataset(tmp_path, key=b"a").enrolments["participant_id"].iloc[0]
    b = load_dataset(tmp_path, key=b"b").enrolments["participant_id"].iloc[0]
    assert a != b and load_dataset(tmp_path, key=b"a").enrolments["participant_id"].iloc[0] == a


def test_missing_folder(tmp_path):
    with pytest.raises(InputError) as info:
        load_dataset(tmp_path / "finns-inte")
    assert "finns-inte" in str(info.value)


def test_two_files_for_one_table_is_a_fault(tmp_path):
    minimal(tmp_path)
    write(tmp_path, "providers.csv", "provider_id;name\nx;X\n")
    with pytest.raises(InputError) as info:
        load_dataset(tmp_path)
    assert "experter.csv" in str(info.value) and "providers.csv" in str(info.value)
