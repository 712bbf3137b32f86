#!/usr/bin/env python3
"""Build a large, deterministic benchmark corpus from the shipped memoirs.

Usage: make_bench_corpus.py --size-mb 64 --out bench-data/bench_64mb.txt
       make_bench_corpus.py --size-mb 64 --files 16 --out bench-data/bench_64mb_16files
                            [--corpora corpora] [--seed 1917] [--quiet]

Single-file mode (the default) writes ONE UTF-8 text file of at least
SIZE_MB * 1,000,000 bytes (it stops after the paragraph block that crosses
the target, so it is less than 1 MB over). It cycles through every book of
the corpora folder block by block (a block is 2-6 paragraphs), the books
interleaved in proportion to their length, so each stretch of the file mixes
all the books rather than repeating one whole book.

Folder mode (--files N) writes a folder of N text files plus a manifest.toml.
Document k is a reprint of source book k mod B (books in manifest order), read
from where the previous reprint of that book stopped, with the book's year,
author, author_faction and first_person phrases; a reprint names the first
reprint of its book in same_work_as. Each document's size is proportional to
its source book's length, and the sizes add up to at least SIZE_MB.

The first pass over each book is verbatim. On every later pass a per-block
varying fraction of the words (0.5-2.5 %, 1.5 % on average) is changed, the
way a scanned archive differs from a clean edition:
  * single OCR misreadings (e->c, h->b, rn->m, l->1, cl->d, dropped, doubled
    or inserted letters, swapped neighbours, ...),
  * double misreadings (two of those in one word),
  * words glued to the next one by a lost space ("ofthe", "theSoviet"),
  * words split by a stray space ("revolu tionary"),
  * words hyphenated across a line break ("revolu-<newline>tionary"),
  * capitalised words replaced by invented Russian-looking surnames from a
    growing pool (Pitman-Yor: mostly reused, sometimes new).
Misreadings of rare words, double misreadings, glued words and new names keep
adding types as the size grows (Heaps' law, V ~ n^0.65 here): 8 MB has about
27,000 types (freq.csv), 64 MB 76,000, 256 MB 185,000 and 1 GB (1000 MB)
443,000; the shipped books alone have 19,500. Speed: about 20 MB/s (1 GB in
under a minute on one core), memory about 100 MB whatever the size.

A fixed seed makes the output byte-identical from run to run (for one size
and one --files value). The output is written under a temporary name and
renamed when complete. Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import time
import tomllib
from pathlib import Path

# Paragraphs per block: a block is the unit of interleaving between books.
BLOCK_MIN_PARAS = 2
BLOCK_MAX_PARAS = 6

# Fraction of eligible words changed in a block on passes after the first.
RATE_MIN = 0.005
RATE_MAX = 0.025
# Share of changes on capitalised words that become invented surnames.
NAME_SHARE = 0.25
# How the other changes are drawn (cumulative thresholds on one uniform draw):
P_DOUBLE = 0.20   # two misreadings in one word
P_GLUE = 0.34     # glued to the next word (when one plain space separates them)
P_SPLIT = 0.39    # split by a space
P_HYPHEN = 0.43   # hyphenated across a line break; the rest: one misreading

WORD_RE = re.compile(r"\b[^\W\d_]{2,}\b")
PARA_SPLIT_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")

# OCR confusions: (wrong reading of) -> (what the scanner printed).
SUBSTITUTIONS = [
    ("e", "c"), ("c", "e"), ("h", "b"), ("b", "h"), ("rn", "m"), ("m", "rn"),
    ("l", "1"), ("l", "I"), ("i", "l"), ("I", "l"), ("u", "n"), ("n", "u"),
    ("cl", "d"), ("d", "cl"), ("li", "h"), ("w", "vv"), ("f", "t"), ("t", "f"),
    ("a", "o"), ("o", "a"), ("o", "0"), ("S", "8"), ("ri", "n"), ("ii", "u"),
    ("fi", "h"), ("v", "y"), ("y", "v"), ("B", "R"), ("O", "Q"), ("E", "F"),
]
SUBS_BY_SRC: dict[str, list[str]] = {}
for _src, _dst in SUBSTITUTIONS:
    SUBS_BY_SRC.setdefault(_src, []).append(_dst)
# Where each confusion can apply: two-letter sources by a lookahead (they overlap), then
# single letters.
SUB_PAIRS_RE = re.compile("(?=(%s))" % "|".join(s for s in SUBS_BY_SRC if len(s) == 2))
SUB_SINGLE_RE = re.compile("[%s]" % "".join(s for s in SUBS_BY_SRC if len(s) == 1))
INSERT_LETTERS = "etaoinshrdlcumfwy"

NAME_START = ["Vol", "Pet", "Mi", "Ra", "Bo", "Ko", "Za", "Ste", "Gri", "Lu",
              "Tro", "Sha", "Dob", "Ver", "Kra", "Nik", "Or", "Pa", "Se", "Ya",
              "Be", "Kho", "Dmi", "Zhu", "Shche", "Ig", "Ar", "Ti", "Ro", "Su",
              "Ga", "Ka", "Le", "Mo", "No", "Po", "Ri", "Sto", "Tu", "Fe",
              "Chi", "Ba", "Gu", "Zi", "Kle", "Pro", "Sve", "Ty", "Vi", "Yu"]
NAME_MID = ["", "", "", "ro", "ko", "li", "ma", "re", "ba", "to", "go", "la",
            "chi", "ne", "za", "sha", "vo", "de", "ri", "mu", "sla", "kha",
            "nya", "ste", "bra", "pe", "lo", "dya", "zhe", "ni"]
NAME_END = ["ov", "ev", "in", "sky", "skoy", "enko", "ovich", "yev", "ich",
            "ikov", "ayev", "shin", "nin", "ov", "in", "sky", "uk", "yan",
            "ova", "ina", "skaya", "ishvili", "adze", "off", "ovsky", "etsky"]


class Book:
    """One source text: its metadata (from the manifest, if any) and paragraphs."""

    def __init__(self, meta: dict, paras: list[str]):
        self.meta = meta
        self.id = meta["id"]
        self.paras = paras
        self.blocks: list[Block] = []
        self.nbytes = sum(len(p.encode("utf-8")) + 2 for p in paras)


def read_books(folder: Path) -> list[Book]:
    """The books in manifest order (folder/manifest.toml), else every *.txt by name."""
    manifest = folder / "manifest.toml"
    if manifest.is_file():
        with open(manifest, "rb") as fh:
            entries = tomllib.load(fh).get("document", [])
        metas = [dict(e, path=folder / e["path"]) for e in entries]
    else:
        metas = [{"id": p.stem, "path": p} for p in sorted(folder.glob("*.txt"))]
    books = []
    for meta in metas:
        text = Path(meta["path"]).read_text(encoding="utf-8").replace("\r\n", "\n")
        paras = [p.strip() for p in PARA_SPLIT_RE.split(text)]
        paras = [p for p in paras if p]
        if paras:
            books.append(Book(meta, paras))
    if not books:
        die(f"no non-empty texts in {folder}")
    return books


def die(message: str) -> None:
    print(f"make_bench_corpus: error: {message}", file=sys.stderr)
    sys.exit(1)


class Block:
    """A run of consecutive paragraphs of one book, with its word spans."""

    __slots__ = ("text", "spans", "data")

    def __init__(self, paras: list[str]):
        self.text = "\n\n".join(paras) + "\n\n"
        self.spans = [m.span() for m in WORD_RE.finditer(self.text)]
        self.data = self.text.encode("utf-8")


def make_blocks(books: list[Book], rng: random.Random) -> None:
    for book in books:
        i = 0
        while i < len(book.paras):
            n = rng.randint(BLOCK_MIN_PARAS, BLOCK_MAX_PARAS)
            book.blocks.append(Block(book.paras[i:i + n]))
            i += n


def interleave(books: list[Book], rng: random.Random, jitter: bool) -> list[Block]:
    """All blocks of all books, each book spread evenly over the pass."""
    keyed = []
    for b, book in enumerate(books):
        n = len(book.blocks)
        for i, block in enumerate(book.blocks):
            off = rng.random() if jitter else 0.5
            keyed.append(((i + off) / n, b, i, block))
    keyed.sort(key=lambda k: (k[0], k[1], k[2]))
    return [k[3] for k in keyed]


class NamePool:
    """Invented surnames, reused Pitman-Yor style: the pool grows ~ draws^0.6."""

    def __init__(self, rng: random.Random, discount: float = 0.6,
                 strength: float = 5.0):
        self.rng = rng
        self.discount = discount
        self.strength = strength
        self.names: list[str] = []
        self.seen: set[str] = set()
        self.draws: list[str] = []  # one entry per use: reuse ~ popularity

    def _new_name(self) -> str:
        r = self.rng
        for _ in range(20):
            name = r.choice(NAME_START) + r.choice(NAME_MID) + r.choice(NAME_END)
            if name not in self.seen:
                break
        else:  # the syllables are used up: make it longer
            while name in self.seen:
                name = name[:-2] + r.choice(NAME_MID) + r.choice(NAME_END)
        self.seen.add(name)
        self.names.append(name)
        return name

    def draw(self) -> str:
        n, k = len(self.draws), len(self.names)
        p_new = (self.strength + self.discount * k) / (self.strength + n)
        if n == 0 or self.rng.random() < p_new:
            name = self._new_name()
        else:
            name = self.rng.choice(self.draws)
        self.draws.append(name)
        return name


def ocr_variant(word: str, r: random.Random) -> str:
    """One plausible misreading of a word."""
    kind = r.random()
    if kind < 0.55:  # character confusion
        hits = [(m.start(), m.group(1)) for m in SUB_PAIRS_RE.finditer(word)]
        hits += [(m.start(), m.group()) for m in SUB_SINGLE_RE.finditer(word)]
        if hits:
            i, s = r.choice(hits)
            return word[:i] + r.choice(SUBS_BY_SRC[s]) + word[i + len(s):]
        kind = 0.6  # nothing to confuse: fall through to an edit
    n = len(word)
    if kind < 0.70 and n > 3:  # dropped letter
        i = r.randrange(1, n)
        return word[:i] + word[i + 1:]
    if kind < 0.82:  # doubled or inserted letter
        i = r.randrange(1, n + 1)
        ch = word[i - 1] if r.random() < 0.5 else r.choice(INSERT_LETTERS)
        return word[:i] + ch + word[i:]
    if n > 2:  # swapped neighbours
        i = r.randrange(1, n - 1)
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word + r.choice(INSERT_LETTERS)


def mutate(block: Block, r: random.Random, names: NamePool) -> bytes:
    """The block's text with a few words changed (see the module doc)."""
    spans = block.spans
    if not spans:
        return block.data
    expected = len(spans) * r.uniform(RATE_MIN, RATE_MAX)
    k = int(expected + r.random())  # stochastic rounding, mean = expected
    if k == 0:
        return block.data
    text = block.text
    out, pos = [], 0
    for idx in sorted(r.sample(range(len(spans)), min(k, len(spans)))):
        s, e = spans[idx]
        if s < pos:  # the previous change glued this word already
            continue
        word = text[s:e]
        u = r.random()
        if word[0].isupper() and u < NAME_SHARE:
            new = names.draw()
            if word.isupper():
                new = new.upper()
        else:
            u = r.random()
            n = len(word)
            if u < P_DOUBLE:
                new = ocr_variant(ocr_variant(word, r), r)
            elif u < P_GLUE and idx + 1 < len(spans) \
                    and text[e:spans[idx + 1][0]] == " ":
                e = spans[idx + 1][1]
                new = word + text[s + n + 1:e]
            elif P_GLUE <= u < P_SPLIT and n >= 5:
                i = r.randrange(2, n - 1)
                new = word[:i] + " " + word[i:]
            elif P_SPLIT <= u < P_HYPHEN and n >= 5:
                i = r.randrange(2, n - 1)
                new = word[:i] + "-\n" + word[i:]
            else:
                new = ocr_variant(word, r)
        out.append(text[pos:s])
        out.append(new)
        pos = e
    out.append(text[pos:])
    return "".join(out).encode("utf-8")


class Generator:
    """Blocks of text, verbatim on a book's first pass and changed afterwards."""

    def __init__(self, books: list[Book], seed: int):
        self.books = books
        self.rng = random.Random(seed)
        make_blocks(books, self.rng)
        self.names = NamePool(random.Random(seed + 1))

    def text_of(self, block: Block, first: bool) -> bytes:
        return block.data if first else mutate(block, self.rng, self.names)

    def single_file(self, fh, target: int) -> tuple[int, int]:
        """Writes the interleaved books until `target` bytes; returns (bytes, passes)."""
        written, passes = 0, 0
        while written < target:
            first = passes == 0
            chunk = []
            for block in interleave(self.books, self.rng, jitter=not first):
                data = self.text_of(block, first)
                chunk.append(data)
                written += len(data)
                if written >= target:
                    break
            fh.write(b"".join(chunk))
            passes += 1
        return written, passes

    def folder(self, out: Path, target: int, files: int, stamp: str) -> tuple[int, int]:
        """Writes `files` documents and manifest.toml into `out`; returns (bytes, passes)."""
        books = self.books
        assigned = [books[k % len(books)] for k in range(files)]
        weight = sum(b.nbytes for b in assigned)
        cursor = {b.id: 0 for b in books}  # blocks read so far, over all passes
        copies: dict[str, list[str]] = {b.id: [] for b in books}
        entries, written = [], 0
        for k, book in enumerate(assigned):
            doc_target = -(-target * book.nbytes // weight)  # ceiling
            n = len(copies[book.id]) + 1
            doc_id = f"{book.id}-{n:03d}" if files > len(books) else book.id
            copies[book.id].append(doc_id)
            chunk, size = [], 0
            while size < doc_target:
                i = cursor[book.id]
                cursor[book.id] += 1
                data = self.text_of(book.blocks[i % len(book.blocks)],
                                    i < len(book.blocks))
                chunk.append(data)
                size += len(data)
            name = f"{k:04d}_{doc_id}.txt"
            (out / name).write_bytes(b"".join(chunk))
            written += size
            entries.append(manifest_entry(book, doc_id, name, n, copies))
        header = ("# Benchmark corpus written by scripts/make_bench_corpus.py: "
                  f"{files} documents, {written} bytes.\n"
                  f"# bench-params: {stamp}\n"
                  "# Each document is a changed reprint of one shipped book (see "
                  "corpora/manifest.toml);\n# later reprints name the first one "
                  "in same_work_as. Generated: do not edit, do not commit.\n")
        (out / "manifest.toml").write_text(header + "".join(entries), encoding="utf-8")
        passes = max(-(-cursor[b.id] // len(b.blocks)) for b in books)
        return written, passes


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def manifest_entry(book: Book, doc_id: str, path: str, n: int,
                   copies: dict[str, list[str]]) -> str:
    m = book.meta
    lines = ["", "[[document]]", f"id = {toml_str(doc_id)}", f"path = {toml_str(path)}"]
    title = m.get("title", "")
    if title:
        lines.append(f"title = {toml_str(title if n == 1 else f'{title} (reprint {n})')}")
    for key in ("author", "language", "author_faction"):
        if m.get(key):
            lines.append(f"{key} = {toml_str(m[key])}")
    if "year" in m:
        lines.append(f"year = {int(m['year'])}")
    if m.get("first_person") and m.get("author_faction"):
        lines.append("first_person = [" + ", ".join(map(toml_str, m["first_person"])) + "]")
    same = None
    if n > 1:
        same = copies[book.id][0]
    elif m.get("same_work_as") and copies.get(m["same_work_as"]):
        same = copies[m["same_work_as"]][0]
    if same:
        lines.append(f"same_work_as = {toml_str(same)}")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="See the top of this file for what the corpus holds.")
    ap.add_argument("--size-mb", type=float, required=True,
                    help="minimum size in MB (1 MB = 1,000,000 bytes)")
    ap.add_argument("--out", type=Path, required=True,
                    help="output file, or folder with --files")
    ap.add_argument("--files", type=int, default=0, metavar="N",
                    help="write a folder of N documents plus manifest.toml")
    ap.add_argument("--corpora", type=Path, default=None,
                    help="folder of source texts, with manifest.toml or *.txt "
                         "(default: <repo>/corpora)")
    ap.add_argument("--seed", type=int, default=1917,
                    help="random seed (default 1917); same seed, same bytes")
    ap.add_argument("--quiet", action="store_true",
                    help="no summary line on stderr")
    args = ap.parse_args()

    if args.size_mb <= 0:
        ap.error("--size-mb must be positive")
    if args.files < 0:
        ap.error("--files must be positive (0, the default, writes one file)")
    corpora = args.corpora or Path(__file__).resolve().parent.parent / "corpora"
    target = int(args.size_mb * 1_000_000)
    t0 = time.perf_counter()

    gen = Generator(read_books(corpora), args.seed)
    out = args.out
    tmp = out.with_name(f"{out.name}.{os.getpid()}.tmp")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        if args.files:
            if out.exists() and not (out / "manifest.toml").is_file():
                die(f"{out} exists and is not a benchmark folder; not replacing it")
            tmp.mkdir()
            stamp = f"size_mb={args.size_mb:g} files={args.files} seed={args.seed}"
            written, passes = gen.folder(tmp, target, args.files, stamp)
            if out.exists():
                shutil.rmtree(out)
            os.replace(tmp, out)
        else:
            if out.is_dir():
                die(f"{out} is a folder; give a file name (or use --files)")
            with open(tmp, "wb") as fh:
                written, passes = gen.single_file(fh, target)
            os.replace(tmp, out)
    finally:
        if tmp.is_dir():
            shutil.rmtree(tmp)
        elif tmp.exists():
            tmp.unlink()

    if not args.quiet:
        dt = time.perf_counter() - t0
        what = f"{args.files} documents + manifest.toml" if args.files else "1 file"
        print(f"make_bench_corpus: wrote {out} ({what}, {written / 1e6:.1f} MB, "
              f"{len(gen.books)} books, {passes} passes, {len(gen.names.names)} "
              f"invented names) in {dt:.1f} s ({written / 1e6 / max(dt, 1e-9):.1f} MB/s)",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
