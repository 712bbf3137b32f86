#!/usr/bin/env python3
"""Checks that no source file of src/ passes 800 lines, tests excepted.

Test code does not count: files named tests.rs, and a file's in-line `#[cfg(test)] mod ... {}`
block. Exit 1 with the files that pass the limit.

Usage: scripts/check_file_sizes.py [--limit N]
"""
import re
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def code_lines(text: str) -> int:
    """Lines of `text` outside its first `#[cfg(test)] mod name { ... }` block."""
    lines = text.count("\n")
    m = re.search(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", text)
    if not m:
        return lines
    depth, j = 1, m.end()
    while depth and j < len(text):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        j += 1
    return lines - text[m.start():j].count("\n")


def main() -> int:
    limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else 800
    files = [f for f in sorted(SRC.rglob("*.rs")) if f.name != "tests.rs"]
    over = [(f, n) for f in files if (n := code_lines(f.read_text())) > limit]
    for f, n in over:
        print(f"check_file_sizes: {f.relative_to(SRC.parent)}: {n} lines of code, over {limit}", file=sys.stderr)
    if over:
        return 1
    largest = max(files, key=lambda f: code_lines(f.read_text()))
    print(f"check_file_sizes: {len(files)} files, none over {limit} lines of code "
          f"(largest: {largest.relative_to(SRC.parent)}, {code_lines(largest.read_text())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
