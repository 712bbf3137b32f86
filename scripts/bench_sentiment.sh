#!/usr/bin/env bash
# Times `corpus-lens sentiment` against Python vaderSentiment 3.3.2 on the same lines
# (sentences of the shipped memoirs, one per line) and checks that the scores agree
# (parity is with vaderSentiment 3.3.2 on Python >= 3.12, see the Python part below).
# Usage: scripts/bench_sentiment.sh [LINES]   (default 50000)
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-50000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
if ! python3 -c 'import vaderSentiment' 2>/dev/null; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet vaderSentiment==3.3.2
    py="$work/venv/bin/python"
else
    py=python3
fi

# Sentences of the shipped texts, one per line, repeated up to LINES lines.
python3 - "$lines" > "$work/lines.txt" <<'PY'
import glob, re, sys
n = int(sys.argv[1])
text = " ".join(open(p, encoding="utf-8").read() for p in sorted(glob.glob("corpora/*.txt")))
sents = [s.strip() for s in re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", text)) if s.strip()]
out = [sents[i % len(sents)] for i in range(n)]
sys.stdout.write("\n".join(out) + "\n")
PY

start=$(date +%s.%N)
"$py" - "$work/lines.txt" > "$work/python.csv" <<'PY'
import math, sys
from vaderSentiment import vaderSentiment as vs
# Python 3.12 made sum() of floats compensated; vaderSentiment's compound depends on it when
# valences cancel exactly (about 1 line in 20,000 here). corpus-lens matches 3.12+; on an
# older Python, emulate it so that both sides compute the same reference.
if sys.version_info < (3, 12):
    vs.sum = lambda xs, start=0: math.fsum(list(xs)) + start
a = vs.SentimentIntensityAnalyzer()
print("line,compound,pos,neu,neg")
for i, line in enumerate(open(sys.argv[1], encoding="utf-8").read().splitlines(), 1):
    s = a.polarity_scores(line)
    print(f"{i},{s['compound']},{s['pos']},{s['neu']},{s['neg']}")
PY
py_s=$(echo "$(date +%s.%N) - $start" | bc)

start=$(date +%s.%N)
target/release/corpus-lens sentiment "$work/lines.txt" > "$work/rust.csv"
rs_s=$(echo "$(date +%s.%N) - $start" | bc)

python3 - "$work/python.csv" "$work/rust.csv" <<'PY'
import csv, sys
a = list(csv.reader(open(sys.argv[1])))
b = list(csv.reader(open(sys.argv[2])))
bad = [(x, y) for x, y in zip(a[1:], b[1:]) if [float(v) for v in x] != [float(v) for v in y]]
print(f"lines: {len(a) - 1} python, {len(b) - 1} corpus-lens; differing rows: {len(bad)}")
for x, y in bad[:5]:
    print("  python", x, "corpus-lens", y)
sys.exit(1 if bad or len(a) != len(b) else 0)
PY
printf 'python vaderSentiment: %6.2f s (%.0f lines/s)\n' "$py_s" "$(echo "$lines / $py_s" | bc -l)"
printf 'corpus-lens sentiment: %6.2f s (%.0f lines/s)\n' "$rs_s" "$(echo "$lines / $rs_s" | bc -l)"
printf 'speed-up: %.1fx\n' "$(echo "$py_s / $rs_s" | bc -l)"
