#!/usr/bin/env python3
"""Measures how koers fails on hostile content and overrides, each in a copy of the minimal
fixture: a billion-laughs alias bomb, a flood of 100.000 aliases that are each valid, 10.000
levels of nesting, a 100 MB file, huge `decimals`, a 100.000-character word, a pipe as a photo, a
3 GB template override, and Typst overrides that loop, allocate or paginate without end. For each:
exit code, wall time and the peak RSS of koers and its typesetting worker. The budget: under 2 s
and 200 MiB, except where a named limit (--max-typeset-seconds, --max-typeset-memory,
--max-pages) stops the work, which is then given as the case's argument.

Usage: python3 benches/hostile.py   (builds koers with the README's profile first)
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


MINIMAL = ROOT / "tests" / "fixtures" / "minimal" / "content" / "2021"
THEME = '#import "/templates/theme.typ": *\n'


def school(rest: str) -> bytes:
    return ("title: School\nintro: Leerlingen op Zuid.\n" + rest).encode()


# Each case: name, files to write over the minimal fixture (path -> bytes, or None for a pipe),
# the koers arguments, and, where a named limit stops it rather than the 2 s and 200 MiB budget,
# that limit (a --max-* argument names itself).
CASES = [
    ("alias bomb (10^9 laughs)", {"content/2021/school.yaml": billion_laughs}, ["check"]),
    ("alias flood (100.000 aliases)", {"content/2021/school.yaml": alias_flood}, ["check"]),
    ("10.000 levels of nesting", {"content/2021/school.yaml": deep_nesting}, ["check"]),
    ("100 MB file", {"content/2021/school.yaml": hundred_megabytes}, ["check"]),
    ("decimals: 300000000", {"content/2021/school.yaml": lambda: school("figures:\n  a: {value: 1.5, decimals: 300000000}\n")}, ["build"]),
    ("decimals: 2^64-1", {"content/2021/school.yaml": lambda: school("figures:\n  a: {value: 1.5, decimals: 18446744073709551615}\n")}, ["build"]),
    ("a word of 100.000 characters", {"content/2021/school.yaml": lambda: school("sections:\n  - body: " + "x" * 100_000 + "\n")}, ["build"]),
    ("a photo that is a pipe", {"content/2021/foto.jpg": None,
                                "content/2021/school.yaml": lambda: school("sections:\n  - body: x\n    photo: {path: foto.jpg, alt: foto}\n")}, ["check"]),
    ("a 3 GB template override", {"templates/chapter.typ.j2": "3 GB"}, ["build"]),
    ("Typst: for over range(300000000)", {"templates/chapter.typ.j2": lambda: (THEME + "#for i in range(300000000) { }\n").encode()},
     ["build", "--max-typeset-seconds", "2"]),
    ("Typst: 40 strings of 100 MB", {"templates/chapter.typ.j2": lambda: (THEME + '#let s = range(40).map(i => "x" * 100000000)\n#s.len()\n').encode()},
     ["build", "--max-typeset-memory", "150"]),
    ("Typst: 20.000 page breaks", {"templates/chapter.typ.j2": lambda: (THEME + "#for i in range(20000) { pagebreak() }\n").encode()},
     ["build", "--max-pages", "100"]),
    ("a 15 MB photo in 150 sections", {"content/2021/foto.png": lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * (15 * 1024 * 1024),
                                       "content/2021/school.yaml": lambda: school("sections:\n" + "".join(
                                           f"  - body: Tekst {i}.\n    photo: {{path: foto.png, alt: Foto {i}}}\n" for i in range(150)))},
     ["check"], "koers' own memory ceiling (2 GiB)"),
]


def sparse(path: Path, size: int) -> None:
    """A file of `size` bytes that takes no disk space (koers must refuse it before reading)."""
    with path.open("wb") as out:
        out.truncate(size)


def measured(koers: Path, project: str, args: list) -> tuple:
    """Runs koers through a fresh Python process, so the peak RSS is that of koers and of its
    typesetting worker (RUSAGE_CHILDREN of the wrapper covers the whole tree)."""
    wrapper = ("import resource, subprocess, sys, time\n"
               "t = time.perf_counter(); p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
               "e = time.perf_counter() - t\n"
               "print(p.returncode, e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
               "sys.stderr.write(p.stderr.decode(errors='replace')[:1500])\n")
    done = subprocess.run([sys.executable, "-c", wrapper, str(koers), *args, "--content", "content", *(
        ["-o", "out/report.pdf"] if args[0] == "build" else [])], cwd=project, capture_output=True, text=True)
    code, elapsed, rss = done.stdout.split()
    return int(code), float(elapsed), int(rss) / 1024, done.stderr


def main() -> None:
    subprocess.run(["cargo", "build", "--quiet"], cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    koers = target / "debug" / "koers"
    print("| input | exit | time | peak RSS (koers and worker) | within 2 s and 200 MiB, or the named limit |")
    print("|---|---:|---:|---:|---|")
    failed = 0
    for name, files, args, *named in CASES:
        with tempfile.TemporaryDirectory() as project:
            edition = Path(project) / "content" / "2021"
            edition.mkdir(parents=True)
            for source in MINIMAL.iterdir():
                (edition / source.name).write_bytes(source.read_bytes())
            for relative, make in files.items():
                path = Path(project) / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                if make is None:
                    os.mkfifo(path)
                elif make == "3 GB":
                    sparse(path, 3 * 1024 ** 3)
                elif make is hundred_megabytes:
                    make(path)
                else:
                    path.write_bytes(make())
            code, elapsed, rss, stderr = measured(koers, project, args)
            limited = bool(named) or any(arg.startswith("--max-") for arg in args)
            ok = code == 1 and (limited or (elapsed < 2 and rss < 200))
            verdict = ("yes, at " + named[0] if named else "yes") if ok else "NO"
            print(f"| {name} | {code} | {elapsed * 1000:.0f} ms | {rss:.0f} MiB | {verdict} |")
            if not ok:
                failed += 1
                print(stderr, file=sys.stderr)
    if failed:
        sys.exit(f"{failed} hostile cases were not refused within their budget")


if __name__ == "__main__":
    main()
