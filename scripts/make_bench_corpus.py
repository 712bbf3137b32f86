#!/usr/bin/env python3
"""Build a large, deterministic benchmark corpus from the shipped memoirs.

Usage: make_bench_corpus.py --size-mb 64 --out bench-data/bench_64mb.txt
                            [--corpora corpora] [--seed 1917]

The output is ONE UTF-8 text file of at least SIZE_MB * 1,000,000 bytes
(it stops after the paragraph block that crosses the target). It is made by
cycling through every corpora/*.txt paragraph-block by paragraph-block, with
the books interleaved in proportion to their length (so each stretch of the
file mixes all the books rather than repeating one whole book).

The first pass over the books is verbatim. On every later pass a small,
per-block varying fraction of words (0.5-2.5 %, ~1.5 % on average) is
replaced by
  * plausible OCR variants (e->c, h->b, rn->m, l->1, cl->d, dropped, doubled
    or inserted letters, swapped neighbours, ...), or
  * now and then, an invented Russian-looking surname built from syllables,
    drawn from a growing pool (mostly reused, sometimes new), so the number
    of types keeps growing with size as in a real scanned archive.
A fixed seed makes the output byte-identical from run to run.
Paragraphs are separated by one blank line. Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

# Paragraphs per block: a block is the unit of interleaving between books.
BLOCK_MIN_PARAS = 2
BLOCK_MAX_PARAS = 6

# Fraction of eligible words mutated in a block on passes after the first.
RATE_MIN = 0.005
RATE_MAX = 0.025
# Share of mutations on capitalised words that become invented surnames.
NAME_SHARE = 0.25

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
SUB_SOURCES = sorted(SUBS_BY_SRC, key=len, reverse=True)
INSERT_LETTERS = "etaoinshrdlcumfwy"

NAME_START = ["Vol", "Pet", "Mi", "Ra", "Bo", "Ko", "Za", "Ste", "Gri", "Lu",
              "Tro", "Sha", "Dob", "Ver", "Kra", "Nik", "Or", "Pa", "Se", "Ya",
              "Be", "Kho", "Dmi", "Zhu", "Shche", "Ig", "Ar", "Ti", "Ro", "Su"]
NAME_MID = ["", "", "", "ro", "ko", "li", "ma", "re", "ba", "to", "go", "la",
            "chi", "ne", "za", "sha", "vo", "de", "ri", "mu"]
NAME_END = ["ov", "ev", "in", "sky", "skoy", "enko", "ovich", "yev", "ich",
            "ikov", "ayev", "shin", "nin", "ov", "in", "sky", "uk", "yan"]


def read_books(folder: Path) -> list[tuple[str, list[str]]]:
    books = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        paras = [p.strip() for p in PARA_SPLIT_RE.split(text)]
        paras = [p for p in paras if p]
        if paras:
            books.append((path.name, paras))
    if not books:
        sys.exit(f"make_bench_corpus: no non-empty *.txt files in {folder}")
    return books


class Block:
    """A run of consecutive paragraphs of one book, with its word spans."""

    __slots__ = ("text", "spans", "nbytes")

    def __init__(self, paras: list[str]):
        self.text = "\n\n".join(paras) + "\n\n"
        self.spans = [m.span() for m in WORD_RE.finditer(self.text)]
        self.nbytes = len(self.text.encode("utf-8"))


def make_blocks(books, rng: random.Random) -> list[list[Block]]:
    per_book = []
    for _name, paras in books:
        blocks, i = [], 0
        while i < len(paras):
            n = rng.randint(BLOCK_MIN_PARAS, BLOCK_MAX_PARAS)
            blocks.append(Block(paras[i:i + n]))
            i += n
        per_book.append(blocks)
    return per_book


def interleave(per_book: list[list[Block]], rng: random.Random,
               jitter: bool) -> list[Block]:
    """All blocks of all books, each book spread evenly over the pass."""
    keyed = []
    for b, blocks in enumerate(per_book):
        n = len(blocks)
        for i, block in enumerate(blocks):
            off = rng.random() if jitter else 0.5
            keyed.append(((i + off) / n, b, i, block))
    keyed.sort(key=lambda k: (k[0], k[1], k[2]))
    return [k[3] for k in keyed]


class NamePool:
    """Invented surnames, reused Pitman-Yor style: the pool grows ~ n^0.6."""

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
        else:
            name = name + r.choice(NAME_END)
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
    kind = r.random()
    if kind < 0.55:  # character confusion
        hits = [(i, s) for s in SUB_SOURCES
                for i in _find_all(word, s)]
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


def _find_all(word: str, sub: str):
    i = word.find(sub)
    while i >= 0:
        yield i
        i = word.find(sub, i + 1)


def mutate(block: Block, r: random.Random, names: NamePool) -> str:
    spans = block.spans
    if not spans:
        return block.text
    expected = len(spans) * r.uniform(RATE_MIN, RATE_MAX)
    k = int(expected + r.random())  # stochastic rounding, mean = expected
    if k == 0:
        return block.text
    text = block.text
    out, pos = [], 0
    for idx in sorted(r.sample(range(len(spans)), min(k, len(spans)))):
        s, e = spans[idx]
        word = text[s:e]
        if word[0].isupper() and r.random() < NAME_SHARE:
            new = names.draw()
            if word.isupper():
                new = new.upper()
        else:
            new = ocr_variant(word, r)
        out.append(text[pos:s])
        out.append(new)
        pos = e
    out.append(text[pos:])
    return "".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, required=True,
                    help="minimum size in MB (1 MB = 1,000,000 bytes)")
    ap.add_argument("--out", type=Path, required=True, help="output file")
    ap.add_argument("--corpora", type=Path, default=None,
                    help="folder of *.txt (default: <repo>/corpora)")
    ap.add_argument("--seed", type=int, default=1917)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()

    if args.size_mb <= 0:
        ap.error("--size-mb must be positive")
    corpora = args.corpora or Path(__file__).resolve().parent.parent / "corpora"
    target = int(args.size_mb * 1_000_000)
    t0 = time.perf_counter()

    rng = random.Random(args.seed)
    books = read_books(corpora)
    per_book = make_blocks(books, rng)
    names = NamePool(random.Random(args.seed + 1))

    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + f".{os.getpid()}.tmp")
    written, passes = 0, 0
    try:
        with open(tmp, "wb") as fh:
            while written < target:
                first = passes == 0
                chunk = []
                for block in interleave(per_book, rng, jitter=not first):
                    if first:
                        data = block.text.encode("utf-8")
                    else:
                        data = mutate(block, rng, names).encode("utf-8")
                    chunk.append(data)
                    written += len(data)
                    if written >= target:
                        break
                fh.write(b"".join(chunk))
                passes += 1
        os.replace(tmp, args.out)
    finally:
        if tmp.exists():
            tmp.unlink()

    if not args.quiet:
        dt = time.perf_counter() - t0
        print(f"make_bench_corpus: wrote {args.out} ({written / 1e6:.1f} MB, "
              f"{len(books)} books, {passes} passes, {len(names.names)} "
              f"invented names) in {dt:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
