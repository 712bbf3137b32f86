#!/usr/bin/env python3
"""Lists the library's public items whose documentation has no code example.

Asks rustdoc itself: its `missing_doc_code_examples` lint (nightly only) flags exactly the
public functions, methods, structs, enums, traits and macros whose doc comment has no code
block (constants, fields, variants, modules and trait impls are not expected to have one).
Prints one `file:line: item` per flagged item, then the count.

    python3 scripts/missing_examples.py            # list and count
    python3 scripts/missing_examples.py --count    # only the count
    python3 scripts/missing_examples.py --check    # exit 1 when any item lacks an example

Needs a nightly toolchain (`rustup toolchain install nightly`); it builds into
target/nightly-doc so that the stable build is left alone.
"""

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINT = "rustdoc::missing_doc_code_examples"


def flagged():
    command = [
        "cargo", "+nightly", "rustdoc", "--lib", "--quiet",
        "--target-dir", "target/nightly-doc", "--message-format", "json", "--",
        "-Zunstable-options",
        "-Zcrate-attr=feature(rustdoc_missing_doc_code_examples)",
        "-W", LINT,
    ]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"missing_examples: rustdoc failed (is nightly installed?)\n{run.stderr}")
    places = set()
    for line in run.stdout.splitlines():
        message = json.loads(line)
        diagnostic = message.get("message") or {}
        if (diagnostic.get("code") or {}).get("code") != LINT:
            continue
        span = diagnostic["spans"][0]
        places.add((span["file_name"], span["line_start"]))
    return sorted(places)


def item_line(file, line):
    """The item's own line: the first one after its doc comment and attributes."""
    lines = (ROOT / file).read_text().splitlines()
    i = line - 1
    while i < len(lines) and (lines[i].strip().startswith(("///", "#[")) or not lines[i].strip()):
        i += 1
    return i + 1, lines[i].strip().rstrip("{").strip() if i < len(lines) else "?"


def main():
    places = flagged()
    if "--count" not in sys.argv:
        for file, line in places:
            n, text = item_line(file, line)
            print(f"{file}:{n}: {text}")
    print(f"{len(places)} public item(s) without an example")
    if "--check" in sys.argv and places:
        sys.exit(1)


if __name__ == "__main__":
    main()
