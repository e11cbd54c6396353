"""A refusal for size names the bound it hit (the file on disk, the file unpacked, the rows of a
sheet, the fields of a line, a text's size) with the limit and the value that broke it (issue 19).
"""

from __future__ import annotations

import io
import struct
import zlib

import openpyxl
import pytest

from so_analysis.core.errors import InputError
from so_analysis.load.csv_reader import read_csv_table
from so_analysis.load.dialog.sheets import (
    MAX_ROWS,
    MAX_TEMPLATE_BYTES,
    MAX_UNPACKED_BYTES,
    read_template,
)
from so_analysis.load.tables import ENROLMENTS
from so_analysis.load.texts import MAX_TEXT_BYTES, read_texts

MIB = 1 << 20


def zip_bomb(unpacked_mib: int, name: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A valid zip whose one member is `unpacked_mib` MiB of zeros, deflated to ~1 KB per MiB.

    Deflated once: after a full flush the compressor starts afresh, so every further MiB of
    zeros deflates to the same bytes, and the member is those bytes repeated."""
    zeros = b"\0" * MIB
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    data = block * unpacked_mib + deflate.flush()
    crc = 0
    for _ in range(unpacked_mib):
        crc = zlib.crc32(zeros, crc)
    size, fname = unpacked_mib * MIB, name.encode()
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(fname), 0
    )
    local += fname
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        *(0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size, len(fname), 0, 0, 0, 0, 0, 0),
    )
    central += fname
    offset = len(local) + len(data)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), offset, 0)
    return local + data + central + end


def test_the_bomb_is_what_it_claims():
    import zipfile

    small = zip_bomb(3)
    with zipfile.ZipFile(io.BytesIO(small)) as archive:
        assert archive.testzip() is None  # a real zip: the CRC and sizes are right
        assert archive.read("xl/worksheets/sheet1.xml") == b"\0" * (3 * MIB)


def test_a_one_megabyte_template_unpacking_to_a_gibibyte_names_the_unpacked_size():
    data = zip_bomb(1024)
    assert MIB <= len(data) < MAX_TEMPLATE_BYTES  # small on disk: only its unpacked size is big
    workbook, faults = read_template(data, "dialogmallar/integra.xlsx")
    assert workbook is None and len(faults) == 1
    expected = faults[0].expected
    assert "uppackad" in expected  # the bound hit: its size unpacked, not the file's
    assert f"högst {MAX_UNPACKED_BYTES // MIB} MB uppackad" in expected  # the limit
    assert "packas upp till 1024 MB" in expected  # the value that broke it
    assert "filen är 1,1 MB" in expected  # the file the user looks at: about 1 MB
    assert "filstorlek" not in expected


def test_a_template_too_large_on_disk_names_the_file_size_with_both_sizes():
    _, faults = read_template(b"PK" + b"\0" * (MAX_TEMPLATE_BYTES + 1), "dialogmallar/x.xlsx")
    [fault] = faults
    assert "filstorlek på högst 2 MB" in fault.expected
    assert "filen är 2,1 MB" in fault.expected  # rounded up: never reads as the limit itself
    assert "uppackad" not in fault.expected


@pytest.mark.parametrize(
    ("size", "shown"),
    [(MIB, "1"), (MIB + 1, "1,1"), (2 * MIB, "2"), (1024 * MIB, "1024"), (100 * MIB + 1, "101")],
)
def test_megabytes_read_in_swedish_and_round_up(size, shown):
    from so_analysis.load.dialog.sheets import megabytes

    assert megabytes(size) == shown


def test_a_sheet_too_long_names_the_row_limit_and_the_row_filled_in():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Statistik"
    sheet = workbook.create_sheet("Utvecklingsplan")
    sheet.cell(row=MAX_ROWS + 7, column=2, value="långt ner")
    buffer = io.BytesIO()
    workbook.save(buffer)
    _, faults = read_template(buffer.getvalue(), "dialogmallar/x.xlsx")
    [fault] = faults
    assert (fault.sheet, fault.cell) == ("Utvecklingsplan", f"B{MAX_ROWS + 7}")
    assert f"högst {MAX_ROWS} rader per blad" in fault.expected
    assert f"rad {MAX_ROWS + 7} är ifylld" in fault.expected


def test_a_csv_line_with_too_many_fields_says_how_many_it_has(tmp_path):
    header = "Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Utfall;Avbrottsorsak\n"
    path = tmp_path / "deltagare.csv"
    path.write_text(header + "D1;alfa;2016-01-04;;;;;;x;;\n", encoding="utf-8")
    raw = read_csv_table(ENROLMENTS, path, path.name)
    [fault] = raw.faults
    assert fault.row == 2
    assert "högst 7 fält" in fault.expected and "raden har 9" in fault.expected


def test_a_csv_line_with_thousands_of_fields_says_how_many_it_has(tmp_path):
    header = "Deltagar-ID;Expert-ID;Anmälningsdatum;Startdatum;Slutdatum;Utfall;Avbrottsorsak\n"
    path = tmp_path / "deltagare.csv"
    path.write_text(header + "D1;alfa;2016-01-04" + ";" * 5000 + "\n", encoding="utf-8")
    [fault] = read_csv_table(ENROLMENTS, path, path.name).faults
    assert fault.row == 2
    assert "högst 7 fält" in fault.expected and "raden har 5003" in fault.expected


def test_an_own_text_too_large_names_both_sizes_in_swedish(tmp_path):
    (tmp_path / "texter").mkdir()
    (tmp_path / "texter" / "syfte.md").write_bytes(b"a" * (300 * 1024 + 1))
    with pytest.raises(InputError) as err:
        read_texts(tmp_path)
    [fault] = err.value.faults
    assert fault.file == "texter/syfte.md"
    assert fault.expected == f"en text på högst {MAX_TEXT_BYTES // 1024} KB (filen är 301 KB)"
