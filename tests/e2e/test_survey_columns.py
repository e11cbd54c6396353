"""A survey with `Modul 1` and `Modul 2` shows both in the report, and a column the report does not
use is named in its data-quality appendix (issue 19): nothing read is dropped without a word."""

import csv
import html
import re
import shutil

from conftest import SAMPLE

from so_analysis.cli import main


def _with_extra_columns(data):
    """The sample's survey with two unnamed course blocks and a column that names nothing."""
    path = data / "enkat.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    rows[0] += ["Modul 1", "Modul 2", "Kommentar <fritext>"]
    for i, row in enumerate(rows[1:]):
        row += [str(3 + i % 3), str(2 + i % 4) if i % 5 else "", "x"]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)


def _survey_rows(page: str) -> dict[str, list[str]]:
    """Every survey question's row of the page: its name -> its cells as text."""
    rows: dict[str, list[str]] = {}
    for name, cells in re.findall(r'<th scope="row">(Modul [12])</th>(.*?)</tr>', page, re.S):
        cells = re.sub(r"<sup>.*?</sup>", "", cells)  # footnote marks
        texts = [
            html.unescape(re.sub(r"<[^>]+>", "", c))
            for c in re.findall(r"<td[^>]*>(.*?)</td>", cells)
        ]
        rows.setdefault(name, []).extend(texts)
    return rows


def test_modul_1_and_modul_2_reach_the_report_and_the_expert_pages(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    _with_extra_columns(data)
    out = tmp_path / "out"
    code = main(
        ["run", "--data", str(data), "--period", "2017", "--as-of", "2018-06-30", "--out", str(out)]
    )
    assert code == 0
    page = (out / "2017" / "kvalitetsrapport.html").read_text(encoding="utf-8")
    rows = _survey_rows(page)
    assert set(rows) == {"Modul 1", "Modul 2"}
    assert any(re.fullmatch(r"[1-5],[0-9]", text) for text in rows["Modul 1"])  # a published mean
    assert "för få (n<5)" in rows["Modul 2"] or "dold" in rows["Modul 2"]  # protected like the rest
    answered = 0
    for expert in (out / "2017" / "experter").glob("*.html"):
        own = expert.read_text(encoding="utf-8")
        if "Enkätens frågor" in own:
            answered += 1
            assert set(_survey_rows(own)) == {"Modul 1", "Modul 2"}, expert.name
    assert answered >= 5
    # the column that names nothing: named (escaped) in the data-quality appendix
    appendix = page[page.index('id="datakvalitet"') : page.index('id="metod"')]
    assert "<td>enkät</td><td>enkat.csv</td><td>fält 16</td>" in appendix
    assert "<td>Kommentar &lt;fritext&gt;</td>" in appendix
