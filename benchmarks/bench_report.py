"""Time `so-report run` against the naive way of producing the same files, alternating in one run.

The naive way: for every notebook of our manifest, `papermill` (a new Jupyter kernel each time,
loading and validating the data in every notebook) and then `jupyter nbconvert --to html
--no-input` (nbconvert's stock template), one notebook after the other.

    .venv/bin/python benchmarks/bench_report.py                # sample and 100 experts × 200 000
    .venv/bin/python benchmarks/bench_report.py --only sample --rounds 3

Prints one line per timing and, per data set, the ratio ours ÷ naive (targets: sample at most
0.12, 100 experts × 200 000 at most 0.05; issue 13). Ours includes everything `so-report run`
does: loading, the notebooks, every page and the merged report, the workbook, the memo, the PDF,
the publish step. The naive loop makes no PDF, so each round also times the PDF alone
(`pdf_floor.py`: the run's own page laid out and painted by WeasyPrint in a fresh process) and
prints what it weighs: its layout and paint ÷ naive (a floor under ours ÷ naive), and ours ÷
(naive + the PDF process), the naive loop making the same PDF with the same library.
Run on purpose, never as a test: the machines are shared and timings are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pdf_floor import pdf_seconds

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def ours(data: Path, out: Path, period: str, as_of: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            BIN / "so-report",
            "run",
            "--data",
            data,
            "--period",
            period,
            "--out",
            out,
            "--as-of",
            as_of,
            "--quiet",
        ],
        check=True,
    )
    return time.perf_counter() - started


def naive(manifest: dict, out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for i, record in enumerate(manifest["notebooks"]):
        executed = out / f"{i:03d}.ipynb"
        command = [
            BIN / "papermill",
            REPO / record["notebook"],
            executed,
            "--no-progress-bar",
            "--cwd",
            REPO / "notebooks",
        ]
        for name, value in record["parameters"].items():
            command += ["-p", name, str(value)]
        _checked(command)
        _checked([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed])
    return time.perf_counter() - started


def _checked(command: list) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"failed ({done.returncode}): {' '.join(map(str, command))}")


def bench(name: str, data: Path, period: str, as_of: str, rounds: int, work: Path) -> float:
    first = work / f"{name}-ours-0"
    ours(data, first, period, as_of)  # warm-up (also yields the manifest the naive way follows)
    manifest = json.loads((first / period / "internt" / "manifest.json").read_text("utf-8"))
    ours_t, naive_t, pdf_t, layout_t = [], [], [], []
    for r in range(rounds):
        out = work / f"{name}-ours-{r + 1}"
        ours_t.append(ours(data, out, period, as_of))
        naive_t.append(naive(manifest, work / f"{name}-naive-{r}"))
        pdf_wall, pdf_layout = pdf_seconds(out / period / "kvalitetsrapport.html")
        pdf_t.append(pdf_wall)
        layout_t.append(pdf_layout)
        print(
            f"{name} round {r + 1}: ours {ours_t[-1]:.2f} s, naive {naive_t[-1]:.2f} s "
            f"({len(manifest['notebooks'])} notebooks), the PDF alone {pdf_wall:.2f} s "
            f"(layout and paint {pdf_layout:.2f} s)",
            flush=True,
        )
    o, n = statistics.median(ours_t), statistics.median(naive_t)
    p, lay = statistics.median(pdf_t), statistics.median(layout_t)
    ratio = o / n
    print(
        f"{name}: median ours {o:.2f} s, naive {n:.2f} s, ratio {ratio:.3f}; the PDF's layout "
        f"and paint alone {lay:.2f} s = {lay / n:.3f} of naive; ours ÷ (naive + the PDF "
        f"process {p:.2f} s) {o / (n + p):.3f}",
        flush=True,
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sample", "large"])
    parser.add_argument("--rounds", type=int, default=None)
    args = parser.parse_args()
    os.environ.setdefault("SO_ANALYSIS_KEY", "benchmark-key-not-secret")
    work = Path(tempfile.mkdtemp(prefix="so-bench-"))
    try:
        ratios = {}
        if args.only in (None, "sample"):
            ratios["sample"] = bench(
                "sample", REPO / "data" / "sample", "2017", "2018-06-30", args.rounds or 3, work
            )
        if args.only in (None, "large"):
            from so_analysis.sample import generate_synthetic, write_tables

            large = work / "large-data"
            write_tables(generate_synthetic(100, 200_000), large)
            ratios["large"] = bench("large", large, "2016", "2017-06-30", args.rounds or 1, work)
        print("ratios (ours ÷ naive): " + ", ".join(f"{k} {v:.3f}" for k, v in ratios.items()))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
