#!/usr/bin/env python3
"""A developer's first build, cold, for one or more revisions of koers, one after the other.

Each revision is cloned into a scratch folder and built with an empty target folder (crates are
fetched first, so downloads are not timed): the README's two commands' compile steps,
`cargo build --timings` and then `cargo test --no-run`. Prints the wall time of each and the units
that took longest (from cargo's timings report), and keeps the reports.

Usage: python3 benches/cold_build.py [--keep DIR] [--top N] REV [REV ...]
A cold build takes 15-20 minutes on 2 cores: run nothing else meanwhile.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], cwd: Path, env: dict) -> float:
    started = time.monotonic()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def slowest_units(report: Path, top: int) -> list[tuple[str, float]]:
    """The units of cargo's timings report with the longest duration (name, seconds)."""
    data = re.search(r"const UNIT_DATA = (\[.*?\]);\n", report.read_text(), re.S)
    units = json.loads(data.group(1)) if data else []
    named = [(f"{unit['name']} {unit.get('target', '').strip()}".strip(), unit["duration"]) for unit in units]
    return sorted(named, key=lambda unit: -unit[1])[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revisions", nargs="+")
    parser.add_argument("--keep", type=Path, help="copy each timings report here")
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()

    rows = []
    for revision in args.revisions:
        with tempfile.TemporaryDirectory() as scratch:
            checkout = Path(scratch) / "koers"
            subprocess.run(["git", "clone", "-q", str(ROOT), str(checkout)], check=True)
            subprocess.run(["git", "checkout", "-q", revision], cwd=checkout, check=True)
            env = dict(os.environ, CARGO_TARGET_DIR=str(Path(scratch) / "target"), CARGO_TERM_COLOR="never")
            subprocess.run(["cargo", "fetch", "--quiet"], cwd=checkout, env=env, check=True)
            build = timed(["cargo", "build", "--timings"], checkout, env)
            report = Path(scratch) / "target" / "cargo-timings" / "cargo-timing.html"
            slowest = slowest_units(report, args.top)
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(report, args.keep / f"cargo-timing-{revision}.html")
            tests = timed(["cargo", "test", "--no-run"], checkout, env)
            rows.append((revision, build, tests, slowest))
            print(f"{revision}: cargo build {build:.0f} s, then cargo test --no-run {tests:.0f} s", flush=True)

    print("\n| revision | `cargo build` cold | then `cargo test --no-run` | both |")
    print("|---|---|---|---|")
    for revision, build, tests, _ in rows:
        print(f"| {revision} | {build / 60:.1f} min | {tests / 60:.1f} min | {(build + tests) / 60:.1f} min |")
    for revision, _, _, slowest in rows:
        print(f"\nslowest units at {revision}:")
        for name, seconds in slowest:
            print(f"  {seconds:6.1f} s  {name}")


if __name__ == "__main__":
    main()
