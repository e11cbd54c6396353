"""Loading at the library's speed: 1,000,000 enrolments × 3 experts, measured alternating.

Each round measures, one after the other:
  1. load + analyse in this process, in CPU seconds (`time.process_time`), after a warm-up;
  2. `so-report run` on the data, wall time and peak RSS (via `/usr/bin/time -v`, or
     `resource.getrusage` of the child where GNU time is missing);
  3. a bare `pandas.read_csv` of the same five files in a fresh interpreter, wall and peak RSS.
Then it prints the medians and the ratios (targets of issue 21: load + analyse at most 2.0 s
CPU, median of five rounds; `so-report run` at most 5× the bare read, peak memory at most
450 MB), and the time of the run's PDF step alone (`bench_report.our_pdf`), which the bare read
does not make.

    .venv/bin/python benchmarks/bench_load.py                 # 5 rounds
    .venv/bin/python benchmarks/bench_load.py --rounds 1 --enrolments 200000

Run on purpose, never as a test: the machines are shared and timings are noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_report import our_pdf

BIN = Path(sys.executable).parent
GNU_TIME = Path("/usr/bin/time")
KEY = "benchmark-key-not-secret-benchmark-key-0123"

BARE_READ = """
import sys
import pandas as pd
for path in sys.argv[1:]:
    pd.read_csv(path, sep=";")
"""


def measured(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of a command run to completion."""
    env = os.environ | {"SO_ANALYSIS_KEY": KEY}
    if GNU_TIME.exists():
        started = time.perf_counter()
        done = subprocess.run(
            [str(GNU_TIME), "-v", *command], env=env, capture_output=True, text=True
        )
        wall = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
        peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        return wall, int(peak[1]) / 1024 if peak else float("nan")
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, (after if after > before else float("nan")) / 1024


def load_and_analyse(data: Path) -> tuple[float, float]:
    """CPU seconds of loading, then of analysing, in this process."""
    from so_analysis.core.periods import parse_period
    from so_analysis.load.loading import load_dataset
    from so_analysis.measure.analysis import analyse

    started = time.process_time()
    dataset = load_dataset(data)
    loaded = time.process_time()
    analyse(dataset, parse_period("2016"), dt.date(2017, 6, 30))
    return loaded - started, time.process_time() - loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--enrolments", type=int, default=1_000_000)
    parser.add_argument("--experts", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a profile of one load")
    args = parser.parse_args()
    os.environ["SO_ANALYSIS_KEY"] = KEY
    work = Path(tempfile.mkdtemp(prefix="so-bench-load-"))
    try:
        from so_analysis.sample import generate_synthetic, write_tables

        data = work / "data"
        files = [
            str(p) for p in write_tables(generate_synthetic(args.experts, args.enrolments), data)
        ]
        size = sum(Path(f).stat().st_size for f in files) / 1024 / 1024
        print(f"data: {args.enrolments:,} enrolments × {args.experts} experts, {size:.0f} MB CSV")
        load_and_analyse(data)  # warm-up: imports, caches
        run = [str(BIN / "so-report"), "run", "--data", str(data), "--period", "2016"]
        run += ["--as-of", "2017-06-30", "--quiet", "--out"]
        bare = [sys.executable, "-c", BARE_READ, *files]
        cpu, ours, naive = [], [], []
        for r in range(args.rounds):
            load_cpu, analyse_cpu = load_and_analyse(data)
            cpu.append((load_cpu, analyse_cpu))
            ours.append(measured([*run, str(work / f"out-{r}")]))
            naive.append(measured(bare))
            print(
                f"round {r + 1}: load+analyse {load_cpu + analyse_cpu:.2f} s CPU "
                f"(load {load_cpu:.2f}, analyse {analyse_cpu:.2f}); so-report run "
                f"{ours[-1][0]:.2f} s, {ours[-1][1]:.0f} MB; pandas.read_csv {naive[-1][0]:.2f} s, "
                f"{naive[-1][1]:.0f} MB",
                flush=True,
            )
        load_med = statistics.median(c[0] for c in cpu)
        analyse_med = statistics.median(c[1] for c in cpu)
        ours_wall = statistics.median(o[0] for o in ours)
        ours_peak = max(o[1] for o in ours)
        naive_wall = statistics.median(n[0] for n in naive)
        naive_peak = max(n[1] for n in naive)
        page = work / "out-0" / "2016" / "kvalitetsrapport.html"
        pdf = our_pdf(page, work / "pdf-alone.pdf")
        cpu_med = statistics.median(c[0] + c[1] for c in cpu)
        print(
            f"load+analyse in process: {cpu_med:.2f} s CPU, median of {len(cpu)} "
            f"(load {load_med:.2f}, analyse {analyse_med:.2f}; target ≤ 2.0 s: "
            f"{'met' if cpu_med <= 2.0 else 'NOT met'})"
        )
        print(
            f"so-report run: {ours_wall:.2f} s wall, peak {ours_peak:.0f} MB; bare pandas.read_csv: "
            f"{naive_wall:.2f} s wall, peak {naive_peak:.0f} MB"
        )
        ratio = ours_wall / naive_wall
        print(
            f"ratios: run ÷ read_csv wall {ratio:.2f} (target ≤ 5: "
            f"{'met' if ratio <= 5 else 'NOT met'}), peak memory {ours_peak / naive_peak:.2f}× "
            f"({ours_peak:.0f} MB, target ≤ 450 MB: {'met' if ours_peak <= 450 else 'NOT met'})"
        )
        print(
            f"the run's PDF step alone: {pdf:.2f} s = {pdf / naive_wall:.2f}× the bare read; "
            f"the run less that: {(ours_wall - pdf) / naive_wall:.2f}×"
        )
        if args.profile:
            import cProfile
            import pstats

            from so_analysis.load.loading import load_dataset

            profile = cProfile.Profile()
            profile.runcall(load_dataset, data)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(r"so_analysis", 25)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
