"""Hostile but fair input (issue 9): each case is read correctly or refused naming where.

Every refusal is an `InputError` (the command line's exit 2) whose faults name the file, the
line or row, and the column (sheet and A1 cell in a workbook).
"""

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

from so_analysis.core.errors import InputError
from so_analysis.load.dataset import SOURCE_ROW
from so_analysis.load.loading import load_dataset

MAX_CELL_CHARS = 128 * 1024  # the limit: so_analysis.load.raw.MAX_CELL_CHARS

PROVIDERS = "Expert-ID;Namn\nalfa;Alfa AB\nbeta;Beta AB\n"
HEADER = "Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Utfall;Avbrottsorsak\n"
ROW = "D{i};alfa;2016-01-04;2016-01-18;2016-03-01;genomförd;\n"


def folder(tmp_path, enrolments=None, providers=PROVIDERS, **extra):
    (tmp_path / "experter.csv").write_text(providers, encoding="utf-8")
    if enrolments is None:
        enrolments = HEADER + "".join(ROW.format(i=i) for i in range(1, 4))
    data = enrolments if isinstance(enrolments, bytes) else enrolments.encode("utf-8")
    (tmp_path / "deltagare.csv").write_bytes(data)
    for name, text in extra.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def refused(path):
    with pytest.raises(InputError) as info:
        load_dataset(path)
    return info.value.faults


# --------------------------------------------------------------------------- CSV structure


def test_unbalanced_quote_is_refused_naming_the_line_where_the_field_opens(tmp_path):
    rows = "".join(ROW.format(i=i) for i in range(1, 10))
    bad = 'D10;alfa;2016-01-04;2016-01-18;2016-03-01;"genomförd;\n'  # opens, never closes
    rest = "".join(ROW.format(i=i) for i in range(11, 900))
    faults = refused(folder(tmp_path, HEADER + rows + bad + rest))
    assert len(faults) == 1
    fault = faults[0]
    assert (fault.file, fault.row, fault.column) == ("deltagare.csv", 11, "Utfall")
    assert "citattecken" in fault.expected


@pytest.mark.parametrize("text", ["\n0", "\n\n0;1\n", ";\n"])
def test_a_first_line_with_no_column_is_refused_naming_the_file(tmp_path, text):
    """pandas finds no column to parse (EmptyDataError): an input fault, never exit 1."""
    faults = refused(folder(tmp_path, text))
    assert [f.file for f in faults] == ["deltagare.csv"]
    assert "rubrikrad" in faults[0].expected


def test_unbalanced_quote_after_a_field_spanning_lines_names_the_right_line(tmp_path):
    text = (
        HEADER
        + 'D1;alfa;2016-01-04;;;;"a\nb\nc"\nD2;alfa;"2016-01-05;;;;\nD3;alfa;2016-01-06;;;;\n'
    )
    fault = refused(folder(tmp_path, text))[0]
    assert (fault.row, fault.column) == (5, "Anmälningsdatum")


def test_quoted_fields_spanning_lines_keep_every_line_number_exact(tmp_path):
    text = (
        HEADER + 'D1;alfa;2016-01-04;;;;"Övrigt\r\nmed radbrytning"\n'
        "\n"
        'D2;alfa;2016-01-05;;;;"Fått\nett jobb"\n'
        "D3;alfa;2016-13-01;;;;\n"
    )
    faults = refused(folder(tmp_path, text))
    # the unknown reasons (with line breaks) and the bad date, each on the line its row starts
    assert [(f.row, f.column) for f in faults] == [
        (2, "Avbrottsorsak"),
        (5, "Avbrottsorsak"),
        (7, "Anmälningsdatum"),
    ]


@pytest.mark.parametrize(
    "blank",
    ["", "   ", ";;;;;;", " ; ;\t; ", "\u00a0;\u3000;", '"  ";"";', "\u2003"],
)
@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_blank_lines_are_skipped_and_later_lines_keep_their_numbers(tmp_path, blank, end):
    rows = [HEADER.rstrip("\n"), ROW.format(i=1).rstrip("\n"), blank, blank]
    rows.append("D3;alfa;2016-13-01;;;genomförd;")  # a bad date on line 5
    faults = refused(folder(tmp_path, end.join(rows) + end))
    assert [(f.row, f.column) for f in faults] == [(5, "Anmälningsdatum")]
    (tmp_path / "deltagare.csv").write_text(end.join(rows[:-1]) + end, encoding="utf-8")
    assert len(load_dataset(tmp_path).enrolments) == 1


def test_trailing_separators_are_fine_and_a_filled_extra_field_is_refused(tmp_path):
    text = HEADER + "D1;alfa;2016-01-04;;;;;;\nD2;alfa;2016-01-04;;;;;x;\n"
    fault = refused(folder(tmp_path, text))[0]
    assert (fault.file, fault.row) == ("deltagare.csv", 3)
    assert "fält" in fault.expected


def test_thousands_of_separators_on_a_line_are_refused_without_reading_them(tmp_path):
    text = HEADER + "D1;alfa;2016-01-04;;;;" + ";" * 5000 + "\n"
    fault = refused(folder(tmp_path, text))[0]
    assert (fault.file, fault.row) == ("deltagare.csv", 2)


def test_a_cell_over_128_kb_is_refused_with_its_place(tmp_path):
    long = "x" * (MAX_CELL_CHARS + 1)
    text = HEADER + "D1;alfa;2016-01-04;;;;\nD2;alfa;2016-01-04;;;;\n"
    fault = refused(folder(tmp_path, text, providers=PROVIDERS + f'gamma;"{long}"\n'))[0]
    assert (fault.file, fault.row, fault.column) == ("experter.csv", 4, "Namn")
    assert str(MAX_CELL_CHARS) in fault.expected


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_control_characters_in_text_are_refused_with_their_place(tmp_path, char):
    providers = PROVIDERS + f"gamma;Gamma{char}AB\n"
    fault = refused(folder(tmp_path, providers=providers))[0]
    assert (fault.file, fault.row, fault.column) == ("experter.csv", 4, "Namn")
    assert f"U+{ord(char):04X}" in fault.expected


def test_tabs_and_line_breaks_in_text_are_not_control_characters(tmp_path):
    ds = load_dataset(folder(tmp_path, providers=PROVIDERS + 'gamma;"Gamma\tAB\nrad 2"\n'))
    assert ds.providers["name"].iloc[2] == "Gamma\tAB\nrad 2"


# --------------------------------------------------------------------------- encodings


def test_a_file_mixing_utf8_and_windows_1252_never_gives_mojibake(tmp_path):
    data = (
        b"Expert-ID;Namn\n"
        + "alfa;Åkersberga språk AB\n".encode()
        + "beta;Östra Ängby AB\n".encode("cp1252")
    )
    (tmp_path / "experter.csv").write_bytes(data)
    (tmp_path / "deltagare.csv").write_text(HEADER + ROW.format(i=1), encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert ds.providers["name"].tolist() == ["Åkersberga språk AB", "Östra Ängby AB"]


def test_bytes_neither_utf8_nor_windows_1252_are_refused_naming_the_line():
    from so_analysis.load.csv_reader import decode_csv
    from so_analysis.load.raw import MAX_CELL_CHARS as limit

    assert limit == MAX_CELL_CHARS
    text, bad = decode_csv(b"a;b\nok;\xc3\xa5\nfel;\x81\x8d\n")
    assert bad == [3]
    assert text.startswith("a;b\nok;å\n")


def test_undecodable_line_is_a_fault_with_its_line(tmp_path):
    data = (HEADER + ROW.format(i=1)).encode() + b"D2;alfa;2016-01-04;;;;\x81\n"
    fault = refused(folder(tmp_path, data))[0]
    assert (fault.file, fault.row) == ("deltagare.csv", 3)
    assert "UTF-8" in fault.expected


def test_names_in_ethiopic_and_cjk_load(tmp_path):
    providers = "Expert-ID;Namn\nalfa;ሰላም ትምህርት\nbeta;北京语言学校\n"
    ds = load_dataset(folder(tmp_path, providers=providers))
    assert ds.providers["name"].tolist() == ["ሰላም ትምህርት", "北京语言学校"]


def test_a_name_of_5000_characters_loads(tmp_path):
    name = "Alfa " * 1000
    ds = load_dataset(folder(tmp_path, providers=f"Expert-ID;Namn\nalfa;{name}\nbeta;B\n"))
    assert ds.providers["name"].iloc[0] == name.strip()


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1677-09-21", "2262-04-12"])
def test_dates_outside_the_representable_range_are_refused_with_their_place(tmp_path, value):
    text = HEADER + f"D1;alfa;{value};;;;\n"
    fault = refused(folder(tmp_path, text))[0]
    assert (fault.file, fault.row, fault.column, fault.value) == (
        "deltagare.csv",
        2,
        "Anmälningsdatum",
        value,
    )
    assert "1677-09-22" in fault.expected and "2262-04-11" in fault.expected


def test_dates_at_the_edges_of_the_range_load(tmp_path):
    text = HEADER + "D1;alfa;1677-09-22;;;;\nD2;alfa;2262-04-11;;;;\n"
    ds = load_dataset(folder(tmp_path, text))
    assert ds.enrolments["registered"].tolist() == [
        pd.Timestamp("1677-09-22"),
        pd.Timestamp("2262-04-11"),
    ]


# --------------------------------------------------------------------------- workbooks


def write_workbook(path, sheets, hidden=()):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)
    return path


ENROLMENT_HEADER = ["Deltagar-ID", "Expert-ID", "Anmälningsdatum", "Startdatum", "Slutdatum"]
ENROLMENT_HEADER += ["Avbrottsorsak"]


def test_hidden_sheets_are_not_read(tmp_path):
    write_workbook(
        tmp_path / "underlag.xlsx",
        {
            "Experter": [["Expert-ID", "Namn"], ["alfa", "Alfa"]],
            "Deltagare": [ENROLMENT_HEADER, ["D1", "alfa", dt.datetime(2016, 1, 4), None, None]],
            "Enkät": [["Expert-ID", "Svarsdatum", "Helhetsbetyg"], ["alfa", "trasig", 99]],
        },
        hidden={"Enkät"},
    )
    ds = load_dataset(tmp_path)
    assert ds.survey is None
    assert {s.table for s in ds.sources} == {"providers", "enrolments"}


def test_a_one_table_workbook_reads_its_first_visible_sheet(tmp_path):
    (tmp_path / "experter.csv").write_text(PROVIDERS, encoding="utf-8")
    write_workbook(
        tmp_path / "deltagare.xlsx",
        {
            "Gammal": [ENROLMENT_HEADER, ["X", "okänd", "trasig"]],
            "Blad2": [ENROLMENT_HEADER, ["D1", "alfa", dt.datetime(2016, 1, 4)]],
        },
        hidden={"Gammal"},
    )
    ds = load_dataset(tmp_path)
    assert ds.enrolments["participant_id"].tolist() == ["D1"]


def _with_cached_value(path, cell, value):
    """Give a formula cell of the first sheet a saved value, as Excel does when it saves."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                pattern = rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?'
                data = re.sub(pattern.encode(), rb"\1\2<v>" + str(value).encode() + b"</v>", data)
            target.writestr(item, data)
    path.write_bytes(buffer.getvalue())


def test_formula_without_saved_value_is_refused_naming_the_cells(tmp_path):
    folder(tmp_path)
    write_workbook(
        tmp_path / "enkat.xlsx",
        {
            "Blad1": [
                ["Expert-ID", "Svarsdatum", "Helhetsbetyg"],
                ["alfa", dt.datetime(2016, 2, 1), "=2+2"],
                ["beta", dt.datetime(2016, 2, 1), "=A1*0+5"],
                ["alfa", dt.datetime(2016, 2, 2), 3],
            ]
        },
    )
    faults = refused(tmp_path)
    assert [(f.file, f.sheet, f.cell, f.row, f.column) for f in faults] == [
        ("enkat.xlsx", "Blad1", "C2", 2, "Helhetsbetyg"),
        ("enkat.xlsx", "Blad1", "C3", 3, "Helhetsbetyg"),
    ]
    assert "=2+2" in faults[0].expected
    assert "blad 'Blad1', cell C2" in faults[0].describe()


def test_formula_with_saved_value_is_read_by_that_value(tmp_path):
    folder(tmp_path)
    path = write_workbook(
        tmp_path / "enkat.xlsx",
        {
            "Blad1": [
                ["Expert-ID", "Svarsdatum", "Helhetsbetyg"],
                ["alfa", dt.datetime(2016, 2, 1), "=2+2"],
            ]
        },
    )
    _with_cached_value(path, "C2", 4)
    ds = load_dataset(tmp_path)
    assert ds.survey["overall"].tolist() == [4]


def test_workbook_cell_faults_name_sheet_and_a1_cell(tmp_path):
    (tmp_path / "experter.csv").write_text(PROVIDERS, encoding="utf-8")
    write_workbook(
        tmp_path / "deltagare.xlsx",
        {
            "Blad1": [
                ENROLMENT_HEADER,
                ["D1", "alfa", dt.datetime(9999, 12, 31)],
                ["D2", "alfa", "0001-01-01"],
                ["D3", "alfa", "2016-02-30"],
            ]
        },
    )
    faults = refused(tmp_path)
    assert [(f.sheet, f.cell, f.row, f.column) for f in faults] == [
        ("Blad1", "C2", 2, "Anmälningsdatum"),
        ("Blad1", "C3", 3, "Anmälningsdatum"),
        ("Blad1", "C4", 4, "Anmälningsdatum"),
    ]


# --------------------------------------------------------------------------- duplicates


def test_exact_duplicate_enrolments_count_once_and_are_noted(tmp_path):
    rows = ROW.format(i=1) * 3 + ROW.format(i=2) + "D2;alfa;2016-02-04;;;;\n"
    ds = load_dataset(folder(tmp_path, HEADER + rows))
    assert ds.enrolments["participant_id"].tolist() == ["D1", "D2", "D2"]
    assert ds.enrolments[SOURCE_ROW].tolist() == [2, 5, 6]
    notes = ds.load_notes
    assert notes.to_dict("records") == [
        {"rule": "duplicate_enrolments", "table": "enrolments", "column": None, "n": 2}
    ]


def test_no_load_notes_for_clean_data(tmp_path):
    notes = load_dataset(folder(tmp_path)).load_notes
    assert notes.empty and list(notes.columns) == ["rule", "table", "column", "n"]
    assert str(notes["n"].dtype) == "int64"


# --------------------------------------------------------------------------- personnummer


def test_personal_numbers_anywhere_are_masked_and_counted(tmp_path):
    providers = "Expert-ID;Namn\nalfa;Alfa AB (kontakt 850101-1234)\nbeta;Beta AB\n"
    rows = HEADER.replace("Avbrottsorsak", "Avbrottsorsak;Språk").strip() + "\n"
    rows += "D1;alfa;2016-01-04;;;;;arabiska 19850101 1234\n"
    rows += "D2;alfa;2016-01-04;;;;;persiska\n"
    rows += "ID 121212–1212;alfa;2016-01-04;;;;;dari\n"
    plans = (
        "Expert-ID;Period;Område;Åtgärd;Iakttagelse\n"
        "alfa;2016;Övrigt;Ring 8501011234 och 850101+1234;Se 850101-1234\n"
    )
    ds = load_dataset(folder(tmp_path, rows, providers=providers, utvecklingsplan=plans))
    assert ds.providers["name"].iloc[0] == "Alfa AB (kontakt (dold))"
    assert ds.enrolments["language"].tolist() == ["arabiska (dold)", "persiska", "dari"]
    assert ds.enrolments["participant_id"].iloc[2] == "ID (dold)"
    assert ds.plans["action"].iloc[0] == "Ring (dold) och (dold)"
    counts = {(r.table, r.column): r.n for r in ds.load_notes.itertuples()}
    assert counts == {
        ("providers", "name"): 1,
        ("enrolments", "participant_id"): 1,
        ("enrolments", "language"): 1,
        ("plans", "action"): 2,
        ("plans", "finding"): 1,
    }
    dumped = "".join(f.to_csv() for f in (ds.providers, ds.enrolments, ds.plans))
    assert "1234" not in dumped and "1212" not in dumped


def test_a_personal_number_in_a_file_name_never_reaches_a_message(tmp_path):
    (tmp_path / "experter.csv").write_text(PROVIDERS, encoding="utf-8")
    write_workbook(
        tmp_path / "underlag 850101-1234.xlsx",
        {"Deltagare": [ENROLMENT_HEADER, ["D1", "alfa", "2016-13-01"]]},
    )
    with pytest.raises(InputError) as info:
        load_dataset(tmp_path)
    message = str(info.value) + "".join(f.describe() for f in info.value.faults)
    assert "850101" not in message and "(dold)" in message


def test_source_file_names_are_masked(tmp_path):
    (tmp_path / "experter.csv").write_text(PROVIDERS, encoding="utf-8")
    write_workbook(
        tmp_path / "underlag 850101-1234.xlsx",
        {"Deltagare": [ENROLMENT_HEADER, ["D1", "alfa", "2016-01-01"]]},
    )
    ds = load_dataset(tmp_path)
    assert [s.path for s in ds.sources] == ["experter.csv", "underlag (dold).xlsx"]


# --------------------------------------------------------------------------- messages


def test_a_misspelt_header_names_the_file_headers_and_the_closest_expected(tmp_path):
    header = HEADER.replace("Anmälningsdatum", "Anmälningsdatu")
    faults = refused(folder(tmp_path, header + "D1;alfa;2016-01-04;;;;\n"))
    assert len(faults) == 1
    text = faults[0].describe()
    assert "'Deltagar-ID', 'Expert-ID', 'Anmälningsdatu'" in text
    assert "menade du 'Anmälningsdatum' i stället för 'Anmälningsdatu'?" in text
