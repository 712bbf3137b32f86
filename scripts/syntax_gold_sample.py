#!/usr/bin/env python3
"""Draw the memoir sentences for the hand-made syntax gold set (corpora/gold/syntax/).

Usage: python3 scripts/syntax_gold_sample.py [--binary PATH] [--n 100] [--seed 1921] --out FILE

Each shipped memoir except trotsky1919 (kept out of every gold set, as for framing) is cut to
its body (the manifest's body_start/body_end markers), tokenized and split into sentences by
`corpus-lens parse --no-parse` (the counts' tokenizer), and sentences of 8 to 35 tokens with a
lower-case word are drawn with a fixed seed, in equal shares per book (the remainder to the
first books in manifest order). Writes CoNLL-U with ID and FORM filled and every other column
`_`, for annotators to fill; `# sent_id = <document>-<sentence number in the body>`.
"""
import argparse
import random
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEPT_OUT = {"trotsky1919"}


def body(text, start, end):
    lines = text.split("\n")
    first = 0
    if start:
        first = next(i for i, l in enumerate(lines) if l.lstrip().startswith(start))
    last = len(lines)
    if end:
        last = next(i for i in range(first, len(lines)) if lines[i].lstrip().startswith(end))
    return "\n".join(lines[first:last])


def sentences(binary, text):
    out = subprocess.run([binary, "parse", "--no-parse", "-"], input=text.encode(),
                         capture_output=True, check=True).stdout.decode()
    for block in out.strip().split("\n\n"):
        rows = [l.split("\t") for l in block.split("\n") if l and not l.startswith("#")]
        yield [r[1] for r in rows]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=str(ROOT / "target/release/corpus-lens"))
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1921)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    manifest = tomllib.loads((ROOT / "corpora/manifest.toml").read_text())
    docs = [d for d in manifest["document"] if d["id"] not in KEPT_OUT]
    rng = random.Random(args.seed)
    share, extra = divmod(args.n, len(docs))
    out = []
    for i, d in enumerate(docs):
        text = (ROOT / "corpora" / d["path"]).read_text()
        text = body(text, d.get("body_start"), d.get("body_end"))
        pool = [(k, toks) for k, toks in enumerate(sentences(args.binary, text), 1)
                if 8 <= len(toks) <= 35 and any(re.fullmatch(r"[a-z]+", t) for t in toks)]
        for k, toks in sorted(rng.sample(pool, share + (i < extra))):
            out.append(f"# sent_id = {d['id']}-{k}\n# text = {' '.join(toks)}\n")
            out[-1] += "".join(f"{j}\t{t}\t_\t_\t_\t_\t_\t_\t_\t_\n" for j, t in enumerate(toks, 1))
    Path(args.out).write_text("\n".join(out) + "\n")
    print(f"{len(out)} sentences, {sum(s.count(chr(10)) - 2 for s in out)} tokens", file=sys.stderr)


if __name__ == "__main__":
    main()
