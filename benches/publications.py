#!/usr/bin/env python3
"""What the web edition and the data add to a build of the 2020 edition.

Runs, interleaved so machine noise hits every variant alike, `koers build --timings` with
`--format pdf`, `--format html`, `--format data` and the default (all three), each in a fresh
process, and reports medians: the whole process's wall time per format, and from the stage
timings of the full builds the web edition's and the data's render time against the PDF's
(Typst compile, balancing, page check and export). The target is under 10% of the PDF's time.

Usage: python3 benches/publications.py [--runs N]
"""

import argparse
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench import ROOT, koers_binary

FORMATS = ["pdf", "html", "data", "all"]
PDF_STAGES = ["typst compile", "balance columns", "page check", "pdf export"]


def build(koers: Path, out: Path, format: str) -> tuple[float, dict]:
    started = time.monotonic()
    result = subprocess.run([str(koers), "build", "--timings", "--format", format, "-o", str(out)], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    wall = (time.monotonic() - started) * 1000
    stages = {}
    for line in result.stdout.splitlines():
        match = re.match(r"\s*(.+?)\s{2,}([\d.]+) ms", line)
        if match:
            stages[match.group(1)] = float(match.group(2))
    return wall, stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    koers = koers_binary()
    walls = {format: [] for format in FORMATS}
    full = []
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.runs):
            for format in FORMATS:
                wall, stages = build(koers, Path(scratch) / format / "report.pdf", format)
                walls[format].append(wall)
                if format == "all":
                    full.append(stages)
        sizes = {name: sum(f.stat().st_size for f in (Path(scratch) / "all" / name).rglob("*") if f.is_file())
                 for name in ["report", "report-data"]}
    median = lambda values: statistics.median(values)
    print(f"{args.runs} runs each, interleaved; medians")
    print("| --format | whole process |")
    print("|---|---|")
    for format in FORMATS:
        print(f"| {format} | {median(walls[format]):.0f} ms |")
    pdf = median([sum(stages.get(s, 0) for s in PDF_STAGES) for stages in full])
    web = median([stages.get("web edition", 0) for stages in full])
    data = median([stages.get("data", 0) for stages in full])
    write = median([stages.get("write", 0) for stages in full])
    print()
    print(f"in the full build: PDF (typeset + export) {pdf:.1f} ms; web edition {web:.1f} ms "
          f"({web / pdf * 100:.1f}%); data {data:.1f} ms ({data / pdf * 100:.1f}%); together "
          f"{(web + data) / pdf * 100:.1f}% of the PDF's time; writing all three {write:.1f} ms")
    print(f"sizes: web edition {sizes['report'] / 1024:.0f} KiB, data {sizes['report-data'] / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
