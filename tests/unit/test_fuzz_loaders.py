"""Fuzzing the loaders (issue 9): random cells, header orders and encodings, bounded examples.

Whatever the input, loading either returns a dataset or raises `InputError` (exit 2), never
anything else (exit 1); and valid rows are never lost: as many rows come back as were written,
with the text as written. A dataset returned from any input keeps the contract: no row invented,
the canonical columns with their types, known experts and codes, no personnummer in any text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from so_analysis.core.errors import InputError
from so_analysis.core.personal_numbers import WHOLE, has_personal_number, mask_personal_numbers
from so_analysis.load.dataset import SOURCE_ROW
from so_analysis.load.loading import load_dataset
from so_analysis.load.privacy import pseudonym

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)

KEY = b"fuzz-key-not-secret-fuzz-key-123"
PROVIDERS = "Expert-ID;Namn\nalfa;Alfa AB\nbeta;Beta AB\n"
COLUMNS = [
    ("Deltagar-ID", "participant_id"),
    ("Expert-ID", "provider_id"),
    ("Anmälningsdatum", "registered"),
    ("Startdatum", "started"),
    ("Slutdatum", "ended"),
    ("Avbrottsorsak", "dropout_reason"),
    ("Språk", "language"),
]

# Free text as people type it: letters of many scripts, punctuation, quotes, both separators,
# line breaks and tabs; no digits (a run of them may be a personnummer and is then masked).
TEXT = st.text(
    alphabet=st.characters(
        categories=("L", "M", "P", "Zs"),
        include_characters=";,\"'\n\t",
        exclude_characters="\x85\u2028\u2029",
    ),
    max_size=40,
)
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))
REASONS = st.sampled_from(["", "arbete", "Fått arbete", "Övrigt", "sjukdom", "Språket saknas"])


@st.composite
def enrolment_rows(draw):
    n = draw(st.integers(min_value=0, max_value=12))
    rows = []
    for i in range(n):
        rows.append(
            {
                "participant_id": f"D{i:04d}",
                "provider_id": draw(st.sampled_from(["alfa", "beta", "ALFA", "Beta AB"])),
                "registered": draw(DATES).isoformat(),
                "started": "",
                "ended": "",
                "dropout_reason": draw(REASONS),
                "language": draw(TEXT),
            }
        )
    return rows


def _cp1252(text: str) -> str:
    return text.encode("cp1252", "ignore").decode("cp1252")


def _ambiguous(text: str) -> bool:
    """Windows-1252 bytes that are also valid UTF-8 ('Â' + no-break space): read as UTF-8.

    A file may mix both encodings (SPEC §2), so bytes that are valid UTF-8 are taken as such;
    such pairs do not occur in Swedish text, and the loader's documentation says so.
    """
    decoded = text.encode("cp1252").decode("utf-8", "surrogateescape")
    return any(ord(ch) > 127 and not 0xDC80 <= ord(ch) <= 0xDCFF for ch in decoded)


def _write_csv(rows, headers, delimiter, encoding) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([h for h, _ in headers])
    for row in rows:
        writer.writerow([row[name] for _, name in headers])
    return out.getvalue().encode(encoding)


ENROLMENT_TYPES = {
    "participant_id": "object",
    "provider_id": "object",
    "registered": "datetime64[ns]",
    "started": "datetime64[ns]",
    "ended": "datetime64[ns]",
    "outcome": "object",
    "dropout_reason": "object",
    "language": "object",
    SOURCE_ROW: "int64",
}
OUTCOMES = {"completed", "dropout", "ongoing", "not_started"}
REASONS_LOADED = {"arbete", "studier", "flyttat", "sjukdom", "expert_upphort", "bytt_expert"}
REASONS_LOADED |= {"missnojd", "sprak_saknas", "ovrigt"}
PSEUDONYM = re.compile(r"p_[0-9a-f]{16}")


def _check_loaded(ds, written: int) -> None:
    """What any dataset the loader returns keeps, whatever the file held."""
    e = ds.enrolments
    assert len(e) <= written, "a row was invented"
    assert {c: str(e[c].dtype) for c in ENROLMENT_TYPES} == ENROLMENT_TYPES
    assert e["participant_id"].notna().all() and e["registered"].notna().all()
    assert set(e["provider_id"]) <= {"alfa", "beta"}
    assert set(e["outcome"].dropna()) <= OUTCOMES
    assert set(e["dropout_reason"].dropna()) <= REASONS_LOADED
    assert e[SOURCE_ROW].is_unique and (e[SOURCE_ROW] >= 2).all()  # rows of the file, once each
    for column in [c for c, kind in ENROLMENT_TYPES.items() if kind == "object"]:
        for value in e[column].dropna():
            if column == "participant_id" and PSEUDONYM.fullmatch(value):
                continue  # a pseudonym's hex digits may look like a number by chance
            assert not has_personal_number(str(value)), (column, value)


def _load(files: dict[str, bytes]):
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        return load_dataset(folder, key=KEY)


@SETTINGS
@given(
    rows=enrolment_rows(),
    order=st.permutations(COLUMNS),
    delimiter=st.sampled_from([";", ","]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    upper=st.booleans(),
)
def test_valid_rows_in_any_column_order_and_encoding_are_all_read(
    rows, order, delimiter, encoding, upper
):
    if encoding == "cp1252":
        rows = [r | {"language": _cp1252(r["language"])} for r in rows]
        assume(not any(_ambiguous(r["language"]) for r in rows))
    headers = [(h.upper() if upper else h, name) for h, name in order]
    data = _write_csv(rows, headers, delimiter, encoding)
    ds = _load({"experter.csv": PROVIDERS.encode(), "deltagare.csv": data})
    _check_loaded(ds, len(rows))
    assert len(ds.enrolments) == len(rows)
    assert ds.enrolments["participant_id"].tolist() == [r["participant_id"] for r in rows]
    assert ds.enrolments["language"].tolist() == [r["language"].strip() or None for r in rows]
    assert set(ds.enrolments["provider_id"]) <= {"alfa", "beta"}


@SETTINGS
@given(
    cells=st.lists(st.binary(max_size=30), min_size=7, max_size=7),
    where=st.integers(min_value=0, max_value=2),
)
def test_random_bytes_in_cells_load_or_are_refused(cells, where):
    good = b"D1;alfa;2016-01-04;;;;arabiska\r\n"
    row = b";".join(cells) + b"\r\n"
    body = [good, good.replace(b"D1", b"D2")]
    body.insert(where, row)
    data = ";".join(h for h, _ in COLUMNS).encode() + b"\r\n" + b"".join(body)
    try:
        ds = _load({"experter.csv": PROVIDERS.encode(), "deltagare.csv": data})
    except InputError as exc:
        assert exc.faults and all(f.file for f in exc.faults)
        return
    _check_loaded(ds, len(body))
    assert len(ds.enrolments) >= 2
    assert {"D1", "D2"} <= set(ds.enrolments["participant_id"])  # the valid rows, as given


@SETTINGS
@given(
    header=st.lists(st.text(max_size=12), min_size=1, max_size=8),
    body=st.text(max_size=200),
)
def test_random_text_files_load_or_are_refused(header, body):
    text = ";".join(header) + "\n" + body
    try:
        ds = _load({"experter.csv": PROVIDERS.encode(), "deltagare.csv": text.encode("utf-8")})
    except InputError as exc:
        assert exc.faults
        return
    _check_loaded(ds, len(body.splitlines()))


EXCEL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    st.text(alphabet=st.characters(categories=("L", "N", "P", "Zs")), max_size=20),
)


@SETTINGS
@given(rows=st.lists(st.lists(EXCEL_VALUES, min_size=7, max_size=7), max_size=6))
def test_random_workbook_cells_load_or_are_refused(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([h for h, _ in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    try:
        ds = _load({"experter.csv": PROVIDERS.encode(), "deltagare.xlsx": buffer.getvalue()})
    except InputError as exc:
        assert exc.faults
        return
    _check_loaded(ds, len(rows))


def _mostly(valid, rate: int = 19):
    """`valid` values, and one time in `rate + 1` any cell at all."""
    return st.integers(0, rate).flatmap(lambda k: valid if k else EXCEL_VALUES)


# Personnummer as people type them, and ids as the export writes them (text or a number).
PERSONAL = st.sampled_from(["850101-1234", "19850101-1234", "8501011234", " 121212+1212 "])
IDS = st.one_of(
    st.from_regex(r"D[0-9]{1,5}", fullmatch=True),
    PERSONAL,
    PERSONAL.map(lambda pnr: f"ID {pnr.strip()}"),  # a personnummer inside another id
    st.integers(min_value=1, max_value=10**10),
)
PLAUSIBLE = [
    IDS,
    _mostly(st.sampled_from(["alfa", "beta", "ALFA", "Beta AB"])),
    _mostly(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 1, 1))),
    _mostly(st.one_of(st.none(), DATES.map(dt.date.isoformat))),
    _mostly(st.none()),
    _mostly(REASONS),
    st.one_of(TEXT, PERSONAL.map(lambda pnr: f"ring {pnr}"), EXCEL_VALUES),
]


@SETTINGS
@given(rows=st.lists(st.tuples(*PLAUSIBLE), min_size=1, max_size=6))
def test_workbook_rows_that_load_keep_the_contract_and_their_ids(rows):
    """Cells that are mostly valid, so that most examples load: every loaded row keeps the
    contract, and its id is the id as given (stripped, a personnummer in it masked) or, when
    the id is a personnummer, its pseudonym."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([h for h, _ in COLUMNS])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    try:
        ds = _load({"experter.csv": PROVIDERS.encode(), "deltagare.xlsx": buffer.getvalue()})
    except InputError as exc:
        assert exc.faults and all(f.file for f in exc.faults)
        return
    _check_loaded(ds, len(rows))
    loaded_rows = ds.enrolments[["participant_id", SOURCE_ROW]].itertuples(index=False)
    for loaded, sheet_row in loaded_rows:
        given = rows[sheet_row - 2][0]
        if not isinstance(given, str):
            continue  # a number, shown as Excel shows it
        if WHOLE.fullmatch(given):
            assert loaded == pseudonym(given.strip(), KEY)
        else:
            assert loaded == mask_personal_numbers(given.strip())


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_fuzz_writer_round_trips_the_sample_shape(encoding):
    rows = [
        {
            "participant_id": "D0001",
            "provider_id": "alfa",
            "registered": "2016-01-04",
            "started": "",
            "ended": "",
            "dropout_reason": "Övrigt",
            "language": 'tigrinja; "dari"\nrad två',
        }
    ]
    ds = _load(
        {
            "experter.csv": PROVIDERS.encode(),
            "deltagare.csv": _write_csv(rows, COLUMNS, ";", encoding),
        }
    )
    assert ds.enrolments["language"].tolist() == ['tigrinja; "dari"\nrad två']
    assert ds.enrolments["dropout_reason"].tolist() == ["ovrigt"]
