"""The PDF alone: how long WeasyPrint takes to make `kvalitetsrapport.pdf` from a published page.

`so-report run` must write the PDF (README) and may not change a byte of it for speed (issue
13), so its layout and paint are a floor under the run's time that the naive loop, which makes
no PDF, does not pay. The benchmarks time it in a fresh interpreter, as the `weasyprint` command
would, with the same call the run makes (`so_analysis.report.pdf.write_pdf`), and print it
beside their ratios.

    .venv/bin/python benchmarks/pdf_floor.py outputs/2017/kvalitetsrapport.html

Prints the process's wall time and, of it, the seconds of layout and paint (the import of
WeasyPrint, which the run does while its notebooks run, excluded).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import sys, time
from pathlib import Path
from so_analysis.report.pdf import prepare_pdf, write_pdf
prepare_pdf()
html = Path(sys.argv[1]).read_text("utf-8")
started = time.perf_counter()
write_pdf(html, Path(sys.argv[2]))
print(time.perf_counter() - started)
"""


def pdf_seconds(html: Path) -> tuple[float, float]:
    """(wall seconds of a fresh process making the PDF, seconds of its layout and paint)."""
    with tempfile.TemporaryDirectory(prefix="so-pdf-floor-") as folder:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(html), str(Path(folder) / "rapport.pdf")],
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"failed ({done.returncode}): the PDF of {html}")
    return wall, float(done.stdout.split()[-1])


if __name__ == "__main__":
    wall, layout = pdf_seconds(Path(sys.argv[1]))
    print(f"PDF: {wall:.2f} s in a fresh process, of which layout and paint {layout:.2f} s")
