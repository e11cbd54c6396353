"""Time `so-report run` against the naive way of making the same documents, alternating in one run.

The peer (issue 21) makes what `so-report run` makes, the way a careful user without this
product would: for every notebook of our manifest `papermill` (a new Jupyter kernel each time,
loading and validating the data in every notebook) and then `jupyter nbconvert --to html
--no-input` (nbconvert's stock template), one notebook after the other; then the PDF of the same
merged page by WeasyPrint in a process of its own (its `weasyprint` command, tagged PDF/UA-1, on
the page our run published: the page is the same byte for byte as before issue 21).

    .venv/bin/python benchmarks/bench_report.py                # sample and 100 experts × 200 000
    .venv/bin/python benchmarks/bench_report.py --only sample --rounds 3
    .venv/bin/python benchmarks/bench_report.py --only large --rounds 1

Each round runs ours, the naive loop and the peer's PDF one after the other, and also times our
own PDF step alone (`so_analysis.report.pdf.write_pdf` on the same page in a fresh process, its
import and font discovery left out, as the run does them while its notebooks run). Prints one
line per round and, per data set, the medians and the ratio ours ÷ (naive loop + the peer's
PDF) (targets: sample at most 0.10, 100 experts × 200 000 at most 0.05, and there our PDF at most
30 % of our run; issue 21). Run on purpose, never as a test: the machines are shared and timings
are noisy.
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

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGETS = {"sample": 0.10, "large": 0.05}
PDF_SHARE = 0.30  # of our run's wall time, 100 experts × 200 000

OUR_PDF = """
import sys, time
from pathlib import Path
from so_analysis.report.pdf import prepare_pdf, write_pdf
prepare_pdf()
html = Path(sys.argv[1]).read_text("utf-8")
started = time.perf_counter()
write_pdf(html, Path(sys.argv[2]))
print(time.perf_counter() - started)
"""


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


def peer_pdf(page: Path, out: Path) -> float:
    """The peer's PDF: the `weasyprint` command on the merged page, tagged (PDF/UA-1)."""
    started = time.perf_counter()
    _checked([BIN / "weasyprint", "--pdf-variant", "pdf/ua-1", "-q", page, out])
    return time.perf_counter() - started


def our_pdf(page: Path, out: Path) -> float:
    """Our PDF step alone: `write_pdf` on the same page in a fresh process (import excluded)."""
    done = _checked([sys.executable, "-c", OUR_PDF, page, out])
    return float(done.stdout.split()[-1])


def _checked(command: list) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"failed ({done.returncode}): {' '.join(map(str, command))}")
    return done


def bench(name: str, data: Path, period: str, as_of: str, rounds: int, work: Path) -> float:
    first = work / f"{name}-ours-0"
    ours(data, first, period, as_of)  # warm-up (also yields the manifest the naive way follows)
    manifest = json.loads((first / period / "internt" / "manifest.json").read_text("utf-8"))
    ours_t, naive_t, peer_pdf_t, our_pdf_t = [], [], [], []
    for r in range(rounds):
        out = work / f"{name}-ours-{r + 1}"
        ours_t.append(ours(data, out, period, as_of))
        naive_t.append(naive(manifest, work / f"{name}-naive-{r}"))
        page = out / period / "kvalitetsrapport.html"
        peer_pdf_t.append(peer_pdf(page, work / f"{name}-peer-{r}.pdf"))
        our_pdf_t.append(our_pdf(page, work / f"{name}-our-{r}.pdf"))
        peer = naive_t[-1] + peer_pdf_t[-1]
        print(
            f"{name} round {r + 1}: ours {ours_t[-1]:.2f} s; peer {peer:.2f} s = naive loop "
            f"{naive_t[-1]:.2f} s ({len(manifest['notebooks'])} notebooks) + WeasyPrint's PDF "
            f"{peer_pdf_t[-1]:.2f} s; ratio {ours_t[-1] / peer:.3f}; our PDF step alone "
            f"{our_pdf_t[-1]:.2f} s",
            flush=True,
        )
    o, n = statistics.median(ours_t), statistics.median(naive_t)
    pp, op = statistics.median(peer_pdf_t), statistics.median(our_pdf_t)
    ratio = o / (n + pp)
    target = TARGETS[name]
    print(
        f"{name}: median ours {o:.2f} s; peer {n + pp:.2f} s (naive loop {n:.2f} s + "
        f"WeasyPrint's PDF {pp:.2f} s); ours ÷ peer {ratio:.3f} (target ≤ {target:.2f}: "
        f"{'met' if ratio <= target else 'NOT met'}); our PDF step {op:.2f} s = "
        f"{op / o:.0%} of our run"
        + (
            f" (target ≤ {PDF_SHARE:.0%}: {'met' if op / o <= PDF_SHARE else 'NOT met'})"
            if name == "large"
            else ""
        ),
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
        print(
            "ratios (ours ÷ (naive loop + the same PDF)): "
            + ", ".join(f"{k} {v:.3f}" for k, v in ratios.items())
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
