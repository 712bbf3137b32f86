#!/usr/bin/env bash
# Where a corpus-lens run spends its CPU, by function, from perf samples.
#
# Usage: scripts/profile.sh [--top N] -- ARGS...
#   e.g. scripts/profile.sh -- analyze --out /tmp/out
#        scripts/profile.sh --top 60 -- freq bench-data/bench_64mb.txt --out /tmp/out --threads 2
#
# Builds the release binary (it keeps debug info for this), records it with
# `perf record --call-graph dwarf` (sampling only: no hardware counters are needed, so it
# works in a VM) and prints, for each corpus_lens function, the share of samples in which
# it is on the stack (inclusive time; a function is counted once per sample), then the top
# functions by samples spent in the function itself (self time). Needs `perf` (Debian:
# linux-perf). Not part of the test suite.
set -euo pipefail
top=40
if [[ "${1:-}" == "--top" ]]; then top=$2; shift 2; fi
if [[ "${1:-}" == "--" ]]; then shift; fi
if [[ $# -eq 0 ]]; then sed -n '2,12p' "$0"; exit 2; fi
command -v perf >/dev/null || { echo "profile.sh: perf is not installed (Debian: apt-get install linux-perf)" >&2; exit 1; }
cd "$(dirname "$0")/.."
cargo build --release --quiet
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
perf record --quiet -F 2000 --call-graph dwarf,32768 -o "$data/perf.data" \
    target/release/corpus-lens "$@" >/dev/null
perf script -i "$data/perf.data" -F ip,sym 2>/dev/null > "$data/stacks.txt"
python3 - "$data/stacks.txt" "$top" <<'PY'
import collections, re, sys
path, top = sys.argv[1], int(sys.argv[2])
inclusive, own = collections.Counter(), collections.Counter()
samples = 0

def frame(line):
    f = line.strip().split(" ", 1)[-1]
    return re.sub(r"\+0x[0-9a-f]+$", "", f).replace(" (inlined)", "")

def flush(block):
    global samples
    if not block:
        return
    samples += 1
    frames = [frame(l) for l in block]
    own[frames[0][:110]] += 1
    seen = set()
    for f in frames:
        m = re.match(r"(corpus_lens::[\w:]+)", f)
        if m and m.group(1) not in seen:
            seen.add(m.group(1))
            inclusive[m.group(1)] += 1

block = []
for line in open(path, errors="replace"):
    if line.strip():
        block.append(line)
    else:
        flush(block)
        block = []
flush(block)
print(f"{samples} samples\n\ninclusive (on the stack):")
for name, n in inclusive.most_common(top):
    print(f"{100 * n / samples:6.1f}%  {name}")
print("\nself:")
for name, n in own.most_common(top // 2):
    print(f"{100 * n / samples:6.1f}%  {name}")
PY
