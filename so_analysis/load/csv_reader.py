"""Reading one CSV file: decoding, the separator, pandas' C parser, and exact line numbers.

The file is decoded as UTF-8 (with or without BOM); bytes that are not UTF-8 are read as
Windows-1252, run by run, so a file mixing both never turns 'Å' into 'Ã…'. Bytes that are
neither are a fault naming the line. (Windows-1252 text whose bytes happen to be valid UTF-8,
such as 'Â' followed by a no-break space, cannot be told apart and is read as UTF-8; Swedish
text has no such pairs.) Cells are read by pandas' C parser as text, nothing
converted. Line numbers (the analyst's row) are exact even when a quoted field spans lines, and
are worked out from counts, not row by row. Faults that the bytes can rule out cheaply (control
characters, very long cells) are looked for cell by cell only when the bytes hold one.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from so_analysis.core.errors import InputFault
from so_analysis.load.headers import map_columns
from so_analysis.load.raw import (
    CONTROL,
    MAX_CELL_CHARS,
    RawTable,
    T,
    empty_cells,
    text_faults,
)
from so_analysis.load.tables import Table

# More fields than this beyond the header's on one line is refused outright (a sane export has
# a few trailing separators at most; thousands would only cost memory).
MAX_EXTRA_FIELDS = 256

# Columns whose cells are all but unique: read one text per cell, not as a category.
UNIQUE = ("participant_id",)

_SLICE = 1 << 22  # bytes decoded at a time when only checking
_UNDECODED = re.compile("[\udc80-\udcff]+")
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_PARSER_WIDTH = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_PARSER_EOF = re.compile(r"EOF inside string starting at row (\d+)")


def line_at(text: str, position: int) -> int:
    """The 1-based line holding `position` (\\r\\n, \\n and a lone \\r each end a line)."""
    lf = text.count("\n", 0, position)
    cr = text.count("\r", 0, position)
    crlf = text.count("\r\n", 0, position)
    return 1 + lf + cr - crlf


def decode_csv(data: bytes) -> tuple[str, list[int]]:
    """Text of a CSV file and the lines that are neither UTF-8 nor Windows-1252.

    UTF-8 (a BOM is dropped); any run of bytes that is not UTF-8 is read as Windows-1252.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "surrogateescape")
    bad: list[int] = []

    def as_cp1252(match: re.Match[str]) -> str:
        raw = match.group().encode("utf-8", "surrogateescape")
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            bad.append(match.start())
            return "\ufffd"

    decoded = _UNDECODED.sub(as_cp1252, text)
    return decoded, sorted(set(lines_at(text, bad)))


def lines_at(text: str, positions: list[int]) -> list[int]:
    """`line_at` for many ascending positions, in one pass over the text."""
    lines, line, previous = [], 1, 0
    for position in positions:
        line += line_at(text[previous:position], len(text[previous:position])) - 1
        lines.append(line)
        previous = position
    return lines


def sniff_delimiter(text: str) -> str:
    """';' or ',' — whichever occurs more often outside quotes on the header line (';' on a tie)."""
    counts = {";": 0, ",": 0}
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    return "," if counts[","] > counts[";"] else ";"


def _parse(
    buffer: bytes,
    delimiter: str,
    width: int | None,
    nrows: int | None = None,
    as_text: frozenset[int] = frozenset(),
):
    """Records as columns 0..width-1 of str, every line a record (blank ones too).

    With a `width`, every column but those `as_text` is read as a category: each distinct text
    made once, and a code per cell, which is what conversion works on (`convert._factorize`).
    The columns `as_text` (ids all but unique) hold one text per cell.
    """
    names = None if width is None else list(range(width))
    return pd.read_csv(
        io.BytesIO(buffer),
        sep=delimiter,
        header=None,
        names=names,
        dtype=object
        if names is None
        else {i: object if i in as_text else "category" for i in names},
        na_filter=False,
        keep_default_na=False,
        skip_blank_lines=False,
        engine="c",
        quoting=csv.QUOTE_MINIMAL,
        doublequote=True,
        quotechar='"',
        encoding="utf-8",
        index_col=False,
        nrows=nrows,
    )


def _count(buffer: bytes, byte: bytes) -> int:
    """How often `byte` occurs (a fast search first: most files hold no \\r, tab or DEL)."""
    return 0 if buffer.find(byte) < 0 else buffer.count(byte)


def _newlines(frame: pd.DataFrame) -> np.ndarray:
    """Line breaks inside each record's cells (quoted fields spanning lines)."""
    total = np.zeros(len(frame), dtype="int64")
    for position in frame.columns:
        text = frame[position].astype(object)
        has = text.str.contains("[\r\n]", regex=True).to_numpy(dtype=bool)
        if has.any():
            total[has] += text[has].str.count("\r\n|\r|\n").to_numpy(dtype="int64")
    return total


def record_lines(
    frame: pd.DataFrame, text: Callable[[], str], buffer: bytes, delimiter: str, total: int
) -> np.ndarray:
    """The line each record starts on (1-based), exact when quoted fields span lines.

    `total` is the file's number of lines: when it equals the number of records, no field
    spans lines and the answer is 1, 2, 3 …
    """
    n = len(frame)
    if n == total:  # one record per line: no field spans lines
        return np.arange(1, n + 1, dtype="int64")
    extra = _newlines(frame)
    lines = np.arange(1, n + 1, dtype="int64") + np.concatenate(([0], np.cumsum(extra)[:-1]))
    if n and int(lines[-1] + extra[-1]) == total:
        return lines
    # The counts disagree (an unusual line end): read again with the csv module, record by record.
    reader = csv.reader(io.StringIO(text(), newline=""), delimiter=delimiter)
    starts, previous = [], 0
    for _ in reader:
        starts.append(previous + 1)
        previous = reader.line_num
    return np.asarray(starts[:n] + [previous] * (n - len(starts)), dtype="int64")


def _open_quote(text: str, start_line: int, delimiter: str) -> tuple[int, int]:
    """(line, field number) of the quoted field that is never closed, scanning from a line."""
    position = 0
    for _ in range(start_line - 1):
        position = text.find("\n", position) + 1
    d = re.escape(delimiter)
    quoted = re.compile(rf'"[^"]*(?:""[^"]*)*"[^{d}\r\n]*')
    plain = re.compile(rf"[^{d}\r\n]*")
    field_no = 1
    while position < len(text):
        if text[position] == '"':
            match = quoted.match(text, position)
            if match is None:
                return line_at(text, position), field_no
        else:
            match = plain.match(text, position)
            assert match is not None
        position = match.end()
        field_no = field_no + 1 if text[position : position + 1] == delimiter else 1
        position += 1
    return line_at(text, len(text)), field_no


def _field_bound(buffer: bytes, delimiter: str) -> tuple[int, int]:
    """(most separators on one line + 1, that line): an upper bound of the fields per line."""
    codes = np.frombuffer(buffer, dtype=np.uint8)
    ends = np.flatnonzero(codes == 10)
    seps = np.flatnonzero(codes == ord(delimiter))
    per_line = np.bincount(np.searchsorted(ends, seps), minlength=len(ends) + 1)
    line = int(per_line.argmax())
    return int(per_line[line]) + 1, line + 1


def _blank(column: pd.Series) -> np.ndarray:
    """Which cells hold nothing but whitespace (of a category: each distinct text looked at once)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        texts = column.cat.categories.to_numpy(dtype=object).tolist()
        blank = np.fromiter((not t.strip() for t in texts), dtype=bool, count=len(texts))
        return blank[column.cat.codes.to_numpy()]
    cells = column.to_numpy(dtype=object)
    whitespace = np.fromiter(map(str.isspace, cells.tolist()), dtype=bool, count=len(cells))
    return (cells == "") | whitespace


# The bytes a line whose record may be blank starts with: a line end (an empty line), a
# separator, a quote, whitespace or a control character, the lead byte of a Unicode space.
_BLANK_START = np.zeros(256, dtype=bool)
_BLANK_START[[*range(0x21), ord('"'), ord(";"), ord(","), 0xC2, 0xE1, 0xE2, 0xE3]] = True


def _blank_records(frame: pd.DataFrame) -> np.ndarray:
    """Records with nothing but whitespace in every field (skipped like empty lines)."""
    candidates = np.flatnonzero(_blank(frame[0]))
    if not len(candidates):
        return candidates
    rest = frame.iloc[candidates]
    blank = rest.apply(lambda col: col.str.strip().eq("")).all(axis=1).to_numpy(dtype=bool)
    return candidates[blank]


@dataclass(frozen=True)
class _Scan:
    """What one pass over a file's bytes finds."""

    lines: int  # physical lines: line ends (\n, \r\n, a lone \r), plus a last line without one
    control: bool  # a control character (C0 but tab and line ends, DEL, C1) somewhere
    longest: int  # bytes in the longest line (by \n)
    maybe_blank: bool  # a line may hold a blank record (False: none can, `_BLANK_START`)


def _scan(buffer: bytes) -> _Scan:
    """Lines, control characters and the longest line, a slice at a time (no temporary as large
    as the file); the rarer bytes (\r, tab, DEL, C1) by a fast search first."""
    lf = low = longest = 0
    last_end = -1
    maybe_blank = False
    whole = np.frombuffer(buffer, np.uint8)  # a view: no copy
    for start in range(0, len(buffer), _SLICE):
        chunk = whole[start : start + _SLICE]
        ends = np.flatnonzero(chunk == 10)
        lf += len(ends)
        low += int(np.count_nonzero(chunk < 32))
        if len(ends):
            first = int(ends[0]) + start
            longest = max(longest, first - last_end, int(np.diff(ends).max(initial=0)))
            last_end = int(ends[-1]) + start
            after = ends + start + 1  # the first byte of each next line
            after = after[after < len(whole)]
            maybe_blank = maybe_blank or bool(_BLANK_START[whole[after]].any())
    longest = max(longest, len(buffer) - last_end)
    cr = _count(buffer, b"\r")
    lone_cr = cr - buffer.count(b"\r\n") if cr else 0
    lines = lf + lone_cr
    lines += 1 if buffer and not buffer.endswith((b"\n", b"\r")) else 0
    maybe_blank = maybe_blank or lone_cr > 0  # lines by \r alone: not looked at here
    control = (
        low > _count(buffer, b"\t") + cr + lf
        or buffer.find(b"\x7f") >= 0
        or (buffer.find(b"\xc2") >= 0 and _C1_UTF8.search(buffer) is not None)
    )
    return _Scan(lines, control, longest, maybe_blank)


def is_utf8(buffer: bytes) -> bool:
    """Whether the bytes are valid UTF-8, checked in slices (no copy of a large file as text)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(buffer)
    try:
        for start in range(0, len(view), _SLICE):
            decoder.decode(view[start : start + _SLICE], final=False)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def read_csv_table(table: Table, path: Path, label: str, data: bytes | None = None) -> RawTable:
    """Read one CSV file; faults that make its cells untrustworthy leave `usable` False.

    Without `data` the file is read here, so that its bytes are let go as soon as parsed.
    """
    if data is None:
        data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()

    def failed(*faults: InputFault) -> RawTable:
        empty = np.zeros(0, "int64")
        return RawTable(table, label, path.name, None, sha, [], empty_cells(0), empty, True,
                        faults=list(faults), usable=False)  # fmt: skip

    buffer = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    del data
    decoded: list[str] = []  # the whole text, only made when a rare path needs it
    if not is_utf8(buffer):
        text, bad_lines = decode_csv(buffer)
        if bad_lines:
            return failed(*(InputFault(label, T("load.encoding"), row=n) for n in bad_lines))
        buffer = text.encode("utf-8")
        decoded.append(text)

    def whole_text() -> str:
        if not decoded:
            decoded.append(buffer.decode("utf-8"))
        return decoded[0]

    head = buffer[:_SLICE].decode("utf-8", "ignore")
    if not head.strip() and not whole_text().strip():
        return failed(InputFault(label, T("load.no_header")))
    delimiter = sniff_delimiter(head)
    try:
        header = _parse(buffer, delimiter, None, nrows=1)
    except pd.errors.EmptyDataError:  # the first line holds no column at all
        return failed(InputFault(label, T("load.no_header")))
    except pd.errors.ParserError:
        header = pd.DataFrame({0: [""]})
    header_width = header.shape[1]
    headers = [str(h).strip() for h in header.iloc[0].tolist()] if len(header) else []

    width, frame = header_width, None
    as_text = _one_text_per_cell(table, headers)
    for _ in range(4):
        try:
            frame = _parse(buffer, delimiter, width, as_text=as_text)
            break
        except pd.errors.EmptyDataError:
            return failed(InputFault(label, T("load.no_header")))
        except pd.errors.ParserError as exc:
            message = str(exc)
            if (m := _PARSER_EOF.search(message)) is not None:
                before = _parse(buffer, delimiter, width, nrows=int(m[1]), as_text=as_text)
                start = 1 + len(before) + int(_newlines(before).sum())
                line, field_no = _open_quote(whole_text(), start, delimiter)
                column = headers[field_no - 1] if field_no <= len(headers) else None
                column = column or T("load.unnamed_column", n=field_no)
                return failed(InputFault(label, T("load.open_quote"), row=line, column=column))
            if (m := _PARSER_WIDTH.search(message)) is None:
                return failed(InputFault(label, T("load.unreadable_csv", error=message)))
            bound, line = _field_bound(buffer, delimiter)
            width = max(width + 1, int(m[3]), bound)
            if width > header_width + MAX_EXTRA_FIELDS:
                expected = T.n("load.too_many_fields", header_width, found=bound)
                return failed(InputFault(label, expected, row=line))
    if frame is None:
        return failed(InputFault(label, T("load.unreadable_csv", error="?")))

    scan = _scan(buffer)
    total_lines = scan.lines
    lines = record_lines(frame, whole_text, buffer, delimiter, total_lines)[1:]
    long_possible = len(buffer) > MAX_CELL_CHARS and (
        len(frame) != total_lines or scan.longest > MAX_CELL_CHARS
    )
    control = scan.control
    header_fault = _header_control_fault(label, whole_text()) if control else None
    maybe_blank = scan.maybe_blank
    buffer, decoded[:] = b"", []  # let go: the cells are all that is needed from here on
    cells = frame.iloc[1:]
    blank = _blank_records(cells) if len(cells) and maybe_blank else np.zeros(0, "int64")
    if len(blank):
        keep = np.ones(len(cells), dtype=bool)
        keep[blank] = False
        cells, lines = cells[keep], lines[keep]
    cells = cells.reset_index(drop=True)
    cells.columns = list(range(cells.shape[1]))
    raw = RawTable(table, label, path.name, None, sha, headers, cells, lines, True)
    if control or long_possible:
        raw.faults += text_faults(raw)
        if not raw.faults and header_fault is not None:  # only in the header line
            raw.faults.append(header_fault)
    raw.faults += extra_field_faults(raw)
    return raw


def _one_text_per_cell(table: Table, headers: list[str]) -> frozenset[int]:
    """The positions of the columns read one text per cell: those of `UNIQUE` the headers name."""
    positions = map_columns(table, headers).positions
    return frozenset(positions[name] for name in UNIQUE if name in positions)


def _header_control_fault(label: str, text: str) -> InputFault | None:
    """The first control character of the file, by line (when no cell holds one: the header)."""
    match = CONTROL.search(text)
    if match is None:
        return None
    expected = T("load.control_character", char=f"U+{ord(match.group()):04X}", position=1)
    return InputFault(label, expected, row=line_at(text, match.start()))


def extra_field_faults(raw: RawTable) -> list[InputFault]:
    """Rows with more (non-empty) fields than the header: the row's values are shifted.

    (In a workbook, notes in a column without a header are simply ignored.)
    """
    width = len(raw.headers)
    cells = raw.cells
    if not raw.text_only or cells.shape[1] <= width:
        return []
    extra = cells.iloc[:, width:].apply(lambda col: col.str.strip().ne("")).to_numpy(dtype=bool)
    filled = extra.any(axis=1)
    # the fields the row has, up to its last value (what broke the bound)
    found = width + extra.shape[1] - np.argmax(extra[:, ::-1], axis=1)
    return [
        InputFault(
            file=raw.label,
            row=int(raw.rows[i]),
            expected=T.n("load.too_many_fields", width, found=int(found[i])),
        )
        for i in np.flatnonzero(filled)
    ]
