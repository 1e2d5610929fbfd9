#!/usr/bin/env python3
"""Measures how koers fails on hostile content: a billion-laughs alias bomb, a flood of 100.000
aliases that are each valid, 10.000 levels of nesting and a 100 MB file, each as the school chapter of a small edition. For each: exit code,
wall time and the peak RSS of the koers process (wait4 rusage). The limits: under 2 s, 200 MiB.

Usage: python3 benches/hostile.py   (builds koers with the README's profile first)
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = """year: 2021
title: Proef
subtitle: Voortgangsrapportage
author: Bureau
published: 2022-05-01
inleiding: Inleiding.
voorwoord:
  lead: Lead.
  text: Tekst.
  signatories: []
"""


def billion_laughs() -> bytes:
    lines = ["title: School", "intro: x", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append("sections: *a9")
    return ("\n".join(lines) + "\n").encode()


def alias_flood() -> bytes:
    # Type-valid (each alias is a section), so only the alias budget can stop it.
    return ("title: School\nintro: x\nsections: [&s {body: x}, " + ", ".join(["*s"] * 100_000) + "]\n").encode()


def deep_nesting() -> bytes:
    return ("title: x\nintro: y\nsections: " + "[" * 10_000 + "]" * 10_000 + "\n").encode()


def hundred_megabytes(path: Path) -> None:
    # Written in chunks: a 100 MB buffer in this process would count in the child's peak RSS
    # (fork copies the parent before koers is executed).
    with path.open("wb") as out:
        out.write(b"title: School\nintro: |\n  ")
        chunk = b"x" * (1024 * 1024)
        for _ in range(100):
            out.write(chunk)
        out.write(b"\n")


def main() -> None:
    subprocess.run(["cargo", "build", "--quiet"], cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    koers = target / "debug" / "koers"
    print("| input | exit | time | peak RSS | within 2 s and 200 MiB |")
    print("|---|---:|---:|---:|---|")
    for name, make in [("alias bomb (10^9 laughs)", billion_laughs), ("alias flood (100.000 aliases)", alias_flood),
                       ("10.000 levels of nesting", deep_nesting),
                       ("100 MB file", hundred_megabytes)]:
        with tempfile.TemporaryDirectory() as project:
            edition = Path(project) / "content" / "2021"
            edition.mkdir(parents=True)
            (edition / "report.yaml").write_text(REPORT)
            if make is hundred_megabytes:
                make(edition / "school.yaml")
            else:
                (edition / "school.yaml").write_bytes(make())
            started = time.perf_counter()
            process = subprocess.Popen([str(koers), "check", "--content", "content"], cwd=project,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - started
            rss = usage.ru_maxrss / 1024
            code = os.waitstatus_to_exitcode(status)
            ok = code == 1 and elapsed < 2 and rss < 200
            print(f"| {name} | {code} | {elapsed * 1000:.0f} ms | {rss:.0f} MiB | {'yes' if ok else 'NO'} |")
            if not ok:
                print(process.stderr.read().decode(errors="replace")[:2000], file=sys.stderr)


if __name__ == "__main__":
    main()
