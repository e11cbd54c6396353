"""Expert names in scripts the chart font lacks (Ethiopic, CJK) render: exit 0, names in the page."""

import shutil

from conftest import SAMPLE

from so_analysis.cli import main

NAME = "ኢንተግራ 株式会社 Integra"


def test_ethiopic_and_cjk_names_render(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    experts = data / "experter.csv"
    experts.write_text(
        experts.read_text(encoding="utf-8").replace("integra;Integra;", f"integra;{NAME};"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code = main(
        ["run", "--data", str(data), "--period", "2017", "--as-of", "2018-06-30", "--out", str(out)]
    )
    assert code == 0
    page = (out / "2017" / "kvalitetsrapport.html").read_text(encoding="utf-8")
    assert f">{NAME}<" in page
    assert any(
        NAME in p.read_text(encoding="utf-8") for p in (out / "2017" / "experter").glob("*.html")
    )
