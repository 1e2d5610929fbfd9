#!/usr/bin/env python3
"""Which cargo profile makes Typst fastest: koers built several ways, against PyPI's typst.

Builds koers with each profile variant below (each in a target folder of its own, so switching
does not rebuild the others; `--no-build` uses what is there), emits the 2020 edition's Typst
sources once, then runs, interleaved so machine noise hits every variant alike, `koers build
--timings` with each binary and PyPI's release-built typst on the emitted sources. Reports medians:
Typst's share of koers (first layout + PDF export, the work bare typst does; balancing is a second
layout bare typst does not do), the whole koers process, and each variant's ratio to bare typst
and to the README's profile.

Usage: python3 benches/profiles.py [--runs N] [--no-build] [--variants a,b]
Building all variants cold takes about an hour on 2 cores (fat LTO links for minutes).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import ROOT, bare_typst, ensure_bare_typst, koers_cold

TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))

# key: (what it is, cargo profile, environment overrides of that profile, target folder)
VARIANTS = {
    "readme": ("README's (dev; deps opt-level 2)", "dev", {}, TARGET),
    "release": ("release (opt-level 3, 16 codegen units)", "release", {}, TARGET),
    "dist": ("dist (release + thin LTO)", "dist", {}, TARGET),
    "dist-fat": (
        "dist with fat LTO, 1 codegen unit",
        "dist",
        {"CARGO_PROFILE_DIST_LTO": "fat", "CARGO_PROFILE_DIST_CODEGEN_UNITS": "1"},
        TARGET.parent / "koers-target-fat",
    ),
}


def binary(name: str, build: bool) -> Path:
    _, profile, overrides, target = VARIANTS[name]
    if build:
        started = time.monotonic()
        env = dict(os.environ, CARGO_TARGET_DIR=str(target), **overrides)
        subprocess.run(["cargo", "build", "--quiet", "--profile", profile], cwd=ROOT, env=env, check=True)
        print(f"built {name} in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    path = target / ("debug" if profile == "dev" else profile) / "koers"
    if not path.exists():
        sys.exit(f"{path} does not exist: build it first (without --no-build)")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated, of {', '.join(VARIANTS)}")
    args = parser.parse_args()
    names = [name for name in VARIANTS if name in args.variants.split(",")] or sys.exit("no such variant")

    ensure_bare_typst()
    binaries = {name: binary(name, not args.no_build) for name in names}
    typst, process, bare = {name: [] for name in names}, {name: [] for name in names}, []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        emitted = scratch / "typst"
        first = binaries[names[0]]
        subprocess.run([str(first), "build", "--emit-typst", str(emitted), "-o", str(scratch / "x.pdf")],
                       cwd=ROOT, check=True, capture_output=True)
        for _ in range(args.runs):
            for name in names:
                started = time.perf_counter()
                stages, _ = koers_cold(binaries[name], scratch / "out.pdf")
                process[name].append((time.perf_counter() - started) * 1000)
                typst[name].append(stages["typst compile"] + stages["pdf export"])
            bare.append(bare_typst(emitted)[0])

    bare_median = statistics.median(bare)
    readme = statistics.median(typst[names[0]])
    print(f"{args.runs} runs each, interleaved; medians\n")
    print("| build of koers | Typst (layout + export) | / bare typst | / first row | whole process |")
    print("|---|---|---|---|---|")
    for name in names:
        median = statistics.median(typst[name])
        print(f"| {VARIANTS[name][0]} | {median:.0f} ms | {median / bare_median:.2f} | {median / readme:.2f} "
              f"| {statistics.median(process[name]):.0f} ms |")
    print(f"| PyPI typst {__import__('typst').__version__} (release build), same sources | {bare_median:.0f} ms "
          "| 1.00 | | |")


if __name__ == "__main__":
    main()
