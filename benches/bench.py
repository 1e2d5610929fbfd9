#!/usr/bin/env python3
"""Benchmarks koers on the bundled 2020 edition, side by side with bare Typst, in one run.

Measures, interleaving the runs so machine noise hits both sides alike:
  - koers cold: `koers build --timings` in a fresh process (per-stage times, total, peak RSS);
  - bare Typst: the same generated sources (`--emit-typst`) compiled to PDF/A-2a + UA-1 with the
    same fonts by PyPI's `typst` package, timed around the compile call in a fresh process;
  - koers incremental: `koers watch`, editing one chapter's prose, the rebuild time it reports;
  - twelve editions: 2021-2031 started from 2020 with `koers new`, then the 2031 edition built
    cold (its "previous edition" stage computes the eleven editions before it) and rebuilt in
    `koers watch` (the earlier editions' figures are kept between rebuilds).

Usage: python3 benches/bench.py [--runs N]   (installs PyPI `typst` if missing; builds koers with
the README's profile). Prints a Markdown table for BENCHMARKS.md.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPST_VERSION = "0.15.2"
BARE_TYPST = """
import sys, time, typst
main, fonts, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])
started = time.perf_counter()
pdf = typst.compile(main, root=str(__import__("pathlib").Path(main).parent), font_paths=[fonts],
                    ignore_system_fonts=True, pdf_standards=["a-2a", "ua-1"], timestamp=epoch)
print(time.perf_counter() - started, len(pdf))
"""


def koers_binary() -> Path:
    subprocess.run(["cargo", "build", "--quiet"], cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "debug" / "koers"


def ensure_bare_typst() -> None:
    try:
        import typst  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", f"typst=={TYPST_VERSION}"], check=True)


def koers_cold(koers: Path, out: Path) -> tuple[dict, int]:
    """One `koers build --timings`; returns {stage: ms} (with 'total') and peak RSS in MiB."""
    process = subprocess.Popen([str(koers), "build", "--timings", "-o", str(out)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # wait4 gives the rusage of this child alone (peak RSS in KiB on Linux).
    _, status, usage = os.wait4(process.pid, 0)
    stdout = process.stdout.read()
    if status:
        sys.exit(f"koers build failed:\n{process.stderr.read()}")
    stages = {}
    for line in stdout.splitlines():
        match = re.match(r"\s*(.+?)\s{2,}([\d.]+) ms", line)
        if match:
            stages[match.group(1)] = float(match.group(2))
    return stages, usage.ru_maxrss // 1024


def bare_typst(emitted: Path) -> tuple[float, int]:
    process = subprocess.Popen([sys.executable, "-c", BARE_TYPST, str(emitted / "main.typ"),
                                str(ROOT / "assets" / "fonts"), "1609372800"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    stdout = process.stdout.read()
    if status:
        sys.exit(f"bare typst failed:\n{process.stderr.read()}")
    return float(stdout.split()[0]) * 1000, usage.ru_maxrss // 1024


def koers_incremental(koers: Path, runs: int, last_year: int = 2020) -> tuple[list[float], dict]:
    """Rebuild times reported by `koers watch` after editing the Werk chapter's intro of the
    edition of `last_year`, started (if after 2020) with `koers new` year by year; and that
    edition's cold `build --timings` stages."""
    with tempfile.TemporaryDirectory() as project:
        project = Path(project)
        shutil.copytree(ROOT / "content", project / "content")
        for year in range(2021, last_year + 1):
            subprocess.run([str(koers), "new", str(year)], cwd=project, check=True, capture_output=True)
        cold = subprocess.run([str(koers), "build", "--timings", "-o", str(project / "cold.pdf")], cwd=project,
                              check=True, capture_output=True, text=True).stdout
        stages = {m.group(1): float(m.group(2)) for m in re.finditer(r"(?m)^\s*(.+?)\s{2,}([\d.]+) ms", cold)}
        werk = project / "content" / str(last_year) / "werk.yaml"
        original = werk.read_text()
        watch = subprocess.Popen([str(koers), "watch", "-o", str(project / "out.pdf")], cwd=project,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        times = []
        try:
            for run in range(runs + 1):
                while True:
                    line = watch.stdout.readline()
                    if not line:
                        sys.exit("koers watch stopped")
                    match = re.search(r"rebuilt .* in (\d+) ms", line)
                    if match:
                        break
                if run > 0:  # the first line is the initial (cold) build
                    times.append(float(match.group(1)))
                if run < runs:
                    time.sleep(0.3)
                    edited = re.sub(r"centraal:|\[TE SCHRIJVEN\]", f"bewerking {run}:", original, count=1)
                    werk.write_text(edited)
        finally:
            watch.kill()
            watch.wait()
        return times, stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    ensure_bare_typst()
    koers = koers_binary()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        emitted = scratch / "typst"
        subprocess.run([str(koers), "build", "--emit-typst", str(emitted), "-o", str(scratch / "x.pdf")],
                       cwd=ROOT, check=True, capture_output=True)
        cold, bare, koers_rss, bare_rss = [], [], [], []
        for _ in range(runs):
            stages, rss = koers_cold(koers, scratch / "out.pdf")
            cold.append(stages)
            koers_rss.append(rss)
            milliseconds, rss = bare_typst(emitted)
            bare.append(milliseconds)
            bare_rss.append(rss)
    incremental, _ = koers_incremental(koers, runs)
    chain_incremental, chain_cold = koers_incremental(koers, runs, last_year=2031)

    median = statistics.median
    total = median(run["total"] for run in cold)
    print(f"runs: {runs} (medians); machine: {os.cpu_count()} cores\n")
    print("| stage | koers cold (ms) |")
    print("|---|---:|")
    for stage in cold[0]:
        print(f"| {stage} | {median(run[stage] for run in cold):.1f} |")
    print()
    print("| measure | value | target |")
    print("|---|---:|---|")
    print(f"| koers total, cold | {total:.0f} ms | |")
    print(f"| bare Typst, same sources (compile + PDF export) | {median(bare):.0f} ms | |")
    print(f"| ratio koers / bare Typst | {total / median(bare):.2f} | ≤ 1,3 |")
    charts = median(run.get("charts", 0.0) for run in cold)
    print(f"| drawing all charts of the edition (charts stage) | {charts:.1f} ms | < 50 ms |")
    print(f"| koers incremental rebuild (watch, one chapter edited) | {median(incremental):.0f} ms | |")
    print(f"| incremental / cold | {median(incremental) / total * 100:.0f}% | ≤ 15% |")
    print(f"| 2031 of twelve editions, cold: previous-edition stage | {chain_cold['previous edition']:.0f} ms | |")
    print(f"| 2031 of twelve editions, cold: total | {chain_cold['total']:.0f} ms | |")
    print(f"| 2031 of twelve editions, incremental rebuild (watch) | {median(chain_incremental):.0f} ms | |")
    print(f"| peak RSS koers build | {max(koers_rss)} MiB | ≤ 400 MiB |")
    print(f"| peak RSS bare Typst (incl. Python) | {max(bare_rss)} MiB | |")


if __name__ == "__main__":
    main()
