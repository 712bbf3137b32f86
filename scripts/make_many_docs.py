#!/usr/bin/env python3
"""Split the benchmark text into many small documents (a folder of .txt files).

Usage: make_many_docs.py --docs 2000 --size-mb 1.2 --out bench-data/many_2000

Writes `--docs` files of about SIZE_MB * 1e6 / DOCS bytes each, of whole paragraphs
(a paragraph longer than that is skipped), from the text that scripts/make_bench_corpus.py makes (deterministic:
same arguments, same bytes). The folder is read as a corpus (one document per
file, ids from the file names). For the many-documents figures in
docs/performance.md; bench-data/ is git-ignored: never commit its output.
"""

import argparse
import math
import os
import subprocess
import sys
import tempfile


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, required=True, help="number of documents")
    p.add_argument("--size-mb", type=float, required=True, help="total size in MB (1e6 bytes)")
    p.add_argument("--out", required=True, help="output folder (created; must not exist)")
    args = p.parse_args()
    if args.docs < 1 or args.size_mb <= 0:
        print("make_many_docs: --docs and --size-mb must be positive", file=sys.stderr)
        return 2
    if os.path.exists(args.out):
        print(f"make_many_docs: {args.out} exists; remove it first", file=sys.stderr)
        return 2
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "bench.txt")
        subprocess.run(
            [sys.executable, os.path.join(here, "make_bench_corpus.py"),
             "--size-mb", str(max(1, math.ceil(args.size_mb * 4))), "--out", src, "--quiet"],
            check=True,
        )
        with open(src, encoding="utf-8") as f:
            paragraphs = [x.strip() for x in f.read().split("\n\n") if x.strip()]
    per_doc = args.size_mb * 1e6 / args.docs
    os.makedirs(args.out)
    width = len(str(args.docs))
    it = iter(paragraphs)
    total = 0
    for k in range(args.docs):
        parts, size = [], 0
        while True:
            para = next(it, None)
            if para is None:
                print("make_many_docs: the text ran out; lower --docs or --size-mb",
                      file=sys.stderr)
                return 1
            n = len(para.encode("utf-8")) + 2
            if n > per_doc:
                continue  # too long for a document of this size: skipped
            parts.append(para)
            size += n
            if size >= per_doc * 0.75:
                break
        path = os.path.join(args.out, f"doc{k:0{width}d}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n\n".join(parts) + "\n")
        total += size
    print(f"make_many_docs: wrote {args.docs} documents, {total / 1e6:.2f} MB, to {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
