#!/usr/bin/env python3
"""How Typst's time grows with the text, and what balancing the last pages adds (#15).

Copies the bundled 2020 edition with every section's prose written once, twice and four times
(footnote marks dropped from the copies; tables, charts and callouts as they are), builds each
with `koers build --timings`, interleaved so machine noise hits all alike, and prints a Markdown
table of the medians: pages, first layout (`typst compile`, plain columns), the layouts after
it (`balance columns`), their sum against the 1x edition's, and against the first layout.

Usage: python3 benches/scaling.py [--runs N]   (builds koers with the README's profile)
"""

import argparse
import re
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

import yaml

from bench import ROOT, koers_binary

FACTORS = (1, 2, 4)


def repeat_prose(node, factor: int) -> None:
    """Every `body` string under `node` written `factor` times, the copies without note marks."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "body" and isinstance(value, str):
                copy = re.sub(r"\[\^[^\]]*\]", "", value.rstrip())
                node[key] = "\n\n".join([value.rstrip()] + [copy] * (factor - 1)) + "\n"
            else:
                repeat_prose(value, factor)
    elif isinstance(node, list):
        for item in node:
            repeat_prose(item, factor)


def edition(factor: int, into: Path) -> Path:
    project = into / f"x{factor}"
    shutil.copytree(ROOT / "content", project / "content")
    for chapter in (project / "content" / "2020").glob("*.yaml"):
        data = yaml.safe_load(chapter.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "sections" in data:
            repeat_prose(data["sections"], factor)
            chapter.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    return project


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    koers = koers_binary()
    with tempfile.TemporaryDirectory() as scratch:
        projects = {factor: edition(factor, Path(scratch)) for factor in FACTORS}
        times = {factor: {"typst compile": [], "balance columns": [], "pages": 0} for factor in FACTORS}
        for _ in range(runs):
            for factor, project in projects.items():
                out = subprocess.run([str(koers), "build", "--timings", "-o", "out/r.pdf"], cwd=project,
                                     capture_output=True, text=True, check=True)
                for line in out.stdout.splitlines():
                    stage = re.match(r"\s*(typst compile|balance columns)\s+([\d.]+) ms", line)
                    if stage:
                        times[factor][stage.group(1)].append(float(stage.group(2)))
                    pages = re.search(r"\((\d+) pages", line)
                    if pages:
                        times[factor]["pages"] = int(pages.group(1))
    median = {factor: {k: statistics.median(v) for k, v in t.items() if k != "pages"} for factor, t in times.items()}
    base = median[1]["typst compile"] + median[1]["balance columns"]
    print(f"{runs} runs each, medians\n")
    print("| text | pages | first layout (ms) | balancing (ms) | Typst in all (ms) | vs 1x | with balancing / without |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for factor in FACTORS:
        first, balance = median[factor]["typst compile"], median[factor]["balance columns"]
        print(f"| {factor}x | {times[factor]['pages']} | {first:.0f} | {balance:.0f} | {first + balance:.0f} "
              f"| {(first + balance) / base:.2f} | {(first + balance) / first:.2f} |")


if __name__ == "__main__":
    main()
