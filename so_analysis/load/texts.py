"""The municipality's own texts beside the data: `DATA/texter/<name>.md` (docs/data.md §6).

Read as UTF-8 (a BOM is allowed); a personnummer in them is masked like in any other input; a
text that is not UTF-8 or is larger than `MAX_TEXT_BYTES` is an input fault naming the file.
A missing file is simply absent: its section is left out of the report.
"""

from __future__ import annotations

from pathlib import Path

from so_analysis.core.errors import InputError, InputFault
from so_analysis.core.personal_numbers import count_personal_numbers, mask_personal_numbers
from so_analysis.core.texts import texts

TEXT_FOLDER = "texter"
# The report's fixed sections, in report order, and the memo's decision text.
REPORT_TEXTS = ("syfte", "urval-och-utforande", "begransningar", "annat-utvecklingsarbete")
DECISION_TEXT = "forslag-till-beslut"
TEXT_NAMES = (*REPORT_TEXTS, DECISION_TEXT)
MAX_TEXT_BYTES = 256 * 1024


def read_texts(data_dir: str | Path) -> tuple[dict[str, str], dict[str, int]]:
    """The texts in `DATA/texter/` by name (without `.md`), masked; empty files are absent.

    Also returns how many personnummer were masked in each text (for the data-quality appendix).
    """
    folder = Path(data_dir) / TEXT_FOLDER
    found: dict[str, str] = {}
    masked: dict[str, int] = {}
    faults: list[InputFault] = []
    for name in TEXT_NAMES:
        path = folder / f"{name}.md"
        if not path.is_file():
            continue
        label = f"{TEXT_FOLDER}/{path.name}"
        data = path.read_bytes()
        if len(data) > MAX_TEXT_BYTES:
            size = -(-len(data) // 1024)  # rounded up: over the limit never reads as the limit
            expected = texts("sv")(
                "load.own_text_too_large", limit=MAX_TEXT_BYTES // 1024, size=size
            )
            faults.append(InputFault(file=label, expected=expected))
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            expected = texts("sv")("load.own_text_encoding")
            faults.append(InputFault(file=label, row=line, expected=expected))
            continue
        text = text.replace("\x00", "")
        if text.strip():
            masked[name] = count_personal_numbers(text)
            found[name] = mask_personal_numbers(text)
    if faults:
        raise InputError(faults)
    return found, masked
