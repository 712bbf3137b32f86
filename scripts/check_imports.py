#!/usr/bin/env python3
"""Checks that imports inside the library go one way.

Every `crate::`, `super::` and `self::` path in a file of `src/` (comments, doc comments and
`#[cfg(test)]` modules left out) is resolved to the file that defines the module it names. Then:

1. no two files import each other, directly or through others (no circle between files);
2. no stage imports a later one: the top-level folders of `src/` are stages in the order of
   `STAGES` below, and a file may import only from its own stage or an earlier one.

Usage: scripts/check_imports.py [--graph]   (exit 1 and a list of the faults if any)
  --graph   also print every file's imports, for reading the structure
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

# The pipeline, earliest first. The files at the root of src/ are the base (errors, progress
# reports, the row and schema contracts): any stage may import them, they import no stage.
STAGES = [
    "base", "corpus", "text", "syntax", "count", "stats", "analyses", "framing", "run", "tables",
    "cli",
]

# Imports that break the rule and are to go; an entry that no longer occurs is a fault too,
# so this list only shrinks. Empty: keep it so.
KNOWN = set()


def stage_of(path: Path) -> str:
    rel = path.relative_to(SRC)
    if len(rel.parts) == 1:
        return "cli" if rel.name == "main.rs" else "base"
    # The submodules of a base file (src/schema.rs's src/schema/) are the base too.
    if (SRC / f"{rel.parts[0]}.rs").is_file():
        return "base"
    return rel.parts[0]


def module_path(path: Path) -> tuple:
    """`src/text/read.rs` -> ("text", "read"); `src/text/mod.rs` -> ("text",)."""
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def blank_literals(source: str) -> str:
    """The source with comments removed and the contents of string and char literals blanked,
    in one pass (so that `"//"` or `'"'` cannot fool the rest)."""
    out, i, n = [], 0, len(source)
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            j = source.find("\n", i)
            i = n if j < 0 else j
        elif source.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if source.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif source.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c == "r" and re.match(r'r#*"', source[i:i + 10]) and not re.match(r"\w", source[i - 1:i] or " "):
            hashes = re.match(r'r(#*)"', source[i:]).group(1)
            end = source.find('"' + hashes, i + 2 + len(hashes))
            out.append('""')
            i = n if end < 0 else end + 1 + len(hashes)
        elif c == '"':
            j = i + 1
            while j < n and source[j] != '"':
                j += 2 if source[j] == "\\" else 1
            out.append('""')
            i = j + 1
        elif c == "'":
            m = re.match(r"'(\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'])'", source[i:])
            if m:
                out.append("' '")
                i += m.end()
            else:  # a lifetime
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def strip(source: str) -> str:
    """The code without comments, literals' contents and `#[cfg(test)]` modules."""
    source = blank_literals(source)
    out, i = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", source):
        if m.start() < i:
            continue
        out.append(source[i:m.start()])
        depth, j = 1, m.end()
        while depth and j < len(source):
            depth += {"{": 1, "}": -1}.get(source[j], 0)
            j += 1
        i = j
    out.append(source[i:])
    return "".join(out)


def expand_use(tree: str, prefix: tuple) -> list:
    """`a::{b, c::d}` -> [(a, b), (a, c, d)]."""
    tree = tree.strip()
    m = re.match(r"^([\w:]*?)(?:::)?\{(.*)\}$", tree, re.S)
    if not m:
        return [prefix + tuple(p for p in tree.split(" as ")[0].split("::") if p)]
    head = tuple(p for p in m.group(1).split("::") if p)
    items, depth, cur = [], 0, ""
    for ch in m.group(2):
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
            continue
        depth += {"{": 1, "}": -1}.get(ch, 0)
        cur += ch
    items.append(cur)
    paths = []
    for item in items:
        if item.strip():
            paths += expand_use(item, prefix + head)
    return paths


def referenced(code: str, here: tuple, is_mod_file: bool) -> list:
    """Absolute module paths (tuples) that the code names."""
    parent = here if is_mod_file else here[:-1]
    found = []

    def absolute(kind, rest):
        if kind == "crate":
            return rest
        if kind == "super":
            return parent[:-1] + rest if is_mod_file else here[:-2] + rest if len(here) > 1 else rest
        if kind == "self":
            return here + rest
        return None

    for m in re.finditer(r"\buse\s+(crate|super|self)::([^;]*);", code, re.S):
        for p in expand_use(m.group(2), ()):
            found.append(absolute(m.group(1), p))
    # `use child::...` (a module the file declares) is `self::child::...`.
    for child in re.findall(r"\bmod\s+(\w+)\s*;", code):
        for m in re.finditer(r"\buse\s+" + child + r"::([^;]*);", code, re.S):
            for p in expand_use(m.group(1), ()):
                found.append(here + (child,) + p)
    body = re.sub(r"\buse\s+(crate|super|self)::[^;]*;", "", code, flags=re.S)
    # `pub(in crate::a::b)` limits where an item is seen: it names a module but imports none.
    body = re.sub(r"\bpub\s*\(\s*in\s+[\w:]+\s*\)", "pub", body)
    for m in re.finditer(r"\b(crate|super)::((?:\w+::)*\w+)", body):
        found.append(absolute(m.group(1), tuple(m.group(2).split("::"))))
    return [f for f in found if f]


def main() -> int:
    # Test modules in files of their own (`#[cfg(test)] mod tests;`) are not the library.
    files = sorted(f for f in SRC.rglob("*.rs") if f.name != "tests.rs")
    by_module = {module_path(f): f for f in files}
    imports = {}
    for f in files:
        here = module_path(f)
        is_mod = f.name in ("mod.rs", "lib.rs", "main.rs")
        targets = set()
        for path in referenced(strip(f.read_text()), here, is_mod):
            for k in range(len(path), 0, -1):
                if path[:k] in by_module:
                    target = by_module[path[:k]]
                    if target != f and not (f.name in ("lib.rs", "main.rs")):
                        targets.add(target)
                    break
        imports[f] = targets
    faults = []
    rel = lambda f: str(f.relative_to(SRC))
    seen_known = set()
    for f in list(imports):
        for t in list(imports[f]):
            if (rel(f), rel(t)) in KNOWN:
                seen_known.add((rel(f), rel(t)))
                imports[f].discard(t)
    for a, b in sorted(KNOWN - seen_known):
        faults.append(f"{a} no longer imports {b}: remove the pair from KNOWN")
    # Circles: strongly connected components with more than one file (Tarjan).
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in imports.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(comp)

    sys.setrecursionlimit(10000)
    for v in files:
        if v not in index:
            visit(v)
    for comp in sccs:
        names = sorted(str(c.relative_to(SRC)) for c in comp)
        faults.append(f"circle between {len(names)} files: {', '.join(names)}")
    for f, targets in imports.items():
        for t in sorted(targets):
            a, b = stage_of(f), stage_of(t)
            if a not in STAGES or b not in STAGES:
                faults.append(f"{f.relative_to(SRC)}: stage folder not in STAGES ({a}, {b})")
            elif STAGES.index(b) > STAGES.index(a):
                faults.append(
                    f"{f.relative_to(SRC)} ({a}) imports {t.relative_to(SRC)} ({b}), a later stage"
                )
    if "--graph" in sys.argv:
        for f, targets in imports.items():
            print(f"{f.relative_to(SRC)} -> {', '.join(sorted(str(t.relative_to(SRC)) for t in targets))}")
    for fault in faults:
        print(f"check_imports: {fault}", file=sys.stderr)
    if faults:
        print(f"check_imports: {len(faults)} faults; stages in order: {' < '.join(STAGES)}", file=sys.stderr)
        return 1
    known = f", but {len(KNOWN)} known wrong-way imports" if KNOWN else ""
    print(
        f"check_imports: {len(files)} files, no circle, every import to the same or an earlier "
        f"stage ({' < '.join(STAGES)}){known}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
