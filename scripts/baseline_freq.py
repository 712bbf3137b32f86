#!/usr/bin/env python3
"""Word frequencies the plain Python way: the baseline that scripts/bench.sh times.

Usage: baseline_freq.py [--top N] FILE...

Reads each UTF-8 file line by line, lowercases it, finds words with one regular
expression (runs of letters, joined by a single apostrophe or hyphen, as in
"kerensky's" and "counter-revolutionary"; digits are not words), counts them in a
collections.Counter and prints the N most frequent words (default 20) as
"count<TAB>word", then a line with the totals on stderr. This is what a user would
write before reaching for a tool; it is not meant to agree with corpus-lens to the
last token (no NFKC, no quote folding, no de-hyphenation of line breaks). Reading
line by line keeps memory at the size of the vocabulary, so it also runs on 1 GB.
Python 3 standard library only.
"""

import argparse
import re
import sys
from collections import Counter

WORD_RE = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files")
    ap.add_argument("--top", type=int, default=20, metavar="N",
                    help="how many of the most frequent words to print (default 20)")
    args = ap.parse_args()

    counts = Counter()
    for path in args.files:
        try:
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    counts.update(WORD_RE.findall(line.lower()))
        except (OSError, UnicodeDecodeError) as e:
            print(f"baseline_freq: {path}: {e}", file=sys.stderr)
            return 1

    for word, n in counts.most_common(args.top):
        print(f"{n}\t{word}")
    print(f"baseline_freq: {sum(counts.values())} tokens, {len(counts)} types",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
