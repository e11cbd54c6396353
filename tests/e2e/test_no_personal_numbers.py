"""No output or message carries a personnummer (SPEC §4): participant ids that look like one go
through the whole command line, and every file written and every line printed is searched."""

import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from so_analysis.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def _personal_number(i: int) -> tuple[str, str]:
    """A personnummer-like id in one of the spellings people type, and its bare digits."""
    digits = f"19{80 + i % 20:02d}{1 + i % 12:02d}{1 + i % 28:02d}{1000 + i:04d}"
    spellings = (
        digits,  # 12 digits
        f"{digits[:8]}-{digits[8:]}",  # 19850101-1234
        f"{digits[2:8]}-{digits[8:]}",  # 850101-1234
        f"{digits[2:8]}+{digits[8:]}",  # 850101+1234 (a centenarian's)
        digits[2:],  # 10 digits
    )
    return spellings[i % len(spellings)], digits[2:]


@pytest.fixture(scope="module")
def identified(tmp_path_factory) -> tuple[Path, list[str]]:
    """The sample with every participant id replaced by a personnummer."""
    folder = tmp_path_factory.mktemp("pnr") / "data"
    shutil.copytree(SAMPLE, folder)
    path = folder / "deltagare.csv"
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    ids = {old: _personal_number(i) for i, old in enumerate(sorted(set(frame["Deltagar-ID"])))}
    frame["Deltagar-ID"] = [ids[old][0] for old in frame["Deltagar-ID"]]
    frame.to_csv(path, sep=";", index=False)
    return folder, sorted({bare for _, bare in ids.values()})


def _texts(out: Path):
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    yield f"{path}:{name}", z.read(name).decode("utf-8", "replace")
        else:
            yield str(path), path.read_bytes().decode("utf-8", "replace")


def _digits_only(text: str) -> str:
    return re.sub(r"[-+\s]", "", text)


def _assert_clean(text: str, where: str, bare_ids: list[str]) -> None:
    flat = _digits_only(text)
    for bare in bare_ids:
        assert bare not in flat, f"{where} carries a personnummer"


def test_no_output_or_message_carries_a_personal_number(identified, tmp_path, capsys):
    folder, bare_ids = identified
    out = tmp_path / "out"
    for command in (
        ["run", "--data", str(folder), "--period", "2017", "--as-of", "2018-06-30"],
        ["dialog", "--data", str(folder), "--period", "2017", "--as-of", "2018-06-30"],
    ):
        assert main([*command, "--out", str(out)]) == 0
    printed = capsys.readouterr()
    _assert_clean(printed.out + printed.err, "the console", bare_ids)
    files = list(_texts(out))
    assert any(w.endswith("kvalitetsrapport.html") for w, _ in files)
    assert any(".xlsx:" in w for w, _ in files) and any(w.endswith(".ipynb") for w, _ in files)
    for where, text in files:
        _assert_clean(text, where, bare_ids)
    # the pseudonyms link the same person: the run's figures equal those of the plain sample
    plain = tmp_path / "plain"
    assert (
        main(
            [
                "run",
                "--data",
                str(SAMPLE),
                "--period",
                "2017",
                "--as-of",
                "2018-06-30",
                "--out",
                str(plain),
                "--quiet",
            ]
        )
        == 0
    )
    ours = pd.read_csv(out / "2017" / "internt" / "indikatorer.csv")
    pd.testing.assert_frame_equal(ours, pd.read_csv(plain / "2017" / "internt" / "indikatorer.csv"))


def test_an_error_on_a_row_never_shows_the_personal_number(identified, tmp_path, capsys):
    folder, bare_ids = identified
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    path = broken / "deltagare.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    fields = lines[5].split(";")
    fields[2] = "2016-13-45"  # a registration date that does not parse, on a person's row
    lines[5] = ";".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", "--data", str(broken), "--period", "2016", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "deltagare.csv" in err and "rad 6" in err and "2016-13-45" in err
    _assert_clean(err, "the error message", bare_ids)
    assert not out.exists() or not any(out.rglob("*.html"))


PLANTED = ("19850101-1234", "850101 1234", "850101–1234", "198501011234")


def test_a_personal_number_planted_anywhere_is_masked_everywhere(tmp_path, capsys):
    """Free text, a name, a language, the municipality, the data folder's own name and the
    output folder: every output file, file name and console line is searched."""
    folder = tmp_path / f"underlag {PLANTED[0]}" / "data"
    shutil.copytree(SAMPLE, folder)

    def plant(name: str, old: str, new: str) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    plant("experter.csv", "Integra", f"Integra {PLANTED[1]}")
    plant(
        "checklista.csv", "Kvalitetsarbetet följer ingen fastställd rutin.", f"Ring {PLANTED[2]}."
    )
    plant("deltagare.csv", ";dari;", f";dari {PLANTED[3]};")
    plant(
        "so_analysis.toml", 'municipality = "Nacka kommun"', f'municipality = "Nacka {PLANTED[0]}"'
    )
    plans = folder / "utvecklingsplan.csv"
    lines = plans.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1] + f" {PLANTED[3]}"
    plans.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / f"ut {PLANTED[1]}"
    for command in (
        ["run", "--data", str(folder), "--period", "2017", "--as-of", "2018-06-30"],
        ["dialog", "--data", str(folder), "--period", "2017", "--as-of", "2018-06-30"],
    ):
        assert main([*command, "--out", str(out)]) == 0
    printed = capsys.readouterr()
    bare = ["8501011234"]
    _assert_clean(printed.out + printed.err, "the console", bare)
    written = [p for p in out.rglob("*")]
    assert any(p.name == "kvalitetsrapport.html" for p in written)
    for path in written:
        _assert_clean(str(path.relative_to(out)), f"the file name {path}", bare)
    for where, text in _texts(out):
        _assert_clean(text, where, bare)
