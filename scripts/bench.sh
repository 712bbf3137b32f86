#!/usr/bin/env bash
# Throughput benchmark for corpus-lens on a large synthetic corpus.
#
# Usage: scripts/bench.sh [SIZE_MB] [THREADS] [--compare-threads]
#   SIZE_MB            size of the benchmark corpus, 1 MB = 1,000,000 bytes (default 64)
#   THREADS            --threads passed to corpus-lens (default 2)
#   --compare-threads  also run analyze and freq with --threads 1
#
# Builds the release binary, generates bench-data/bench_<SIZE>mb.txt with
# scripts/make_bench_corpus.py (only if missing, too small, or older than the
# generator or the corpora), then times `wc -w`, `corpus-lens analyze` and
# `corpus-lens freq` on it with /usr/bin/time -v, and prints wall-clock time,
# throughput and peak RSS. bench-data/ is git-ignored: never commit it.
set -euo pipefail

usage() {
    sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

size_mb=""
threads=""
compare=0
for arg in "$@"; do
    case "$arg" in
        --compare-threads) compare=1 ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "bench.sh: unknown option: $arg" >&2; usage >&2; exit 2 ;;
        *)
            if [[ -z "$size_mb" ]]; then size_mb="$arg"
            elif [[ -z "$threads" ]]; then threads="$arg"
            else echo "bench.sh: too many arguments" >&2; usage >&2; exit 2
            fi ;;
    esac
done
size_mb="${size_mb:-64}"
threads="${threads:-2}"
if ! [[ "$size_mb" =~ ^[1-9][0-9]*$ ]]; then
    echo "bench.sh: SIZE_MB must be a positive integer, got '$size_mb'" >&2; exit 2
fi
if ! [[ "$threads" =~ ^[1-9][0-9]*$ ]]; then
    echo "bench.sh: THREADS must be a positive integer, got '$threads'" >&2; exit 2
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"

for tool in cargo python3 /usr/bin/time wc; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "bench.sh: required tool not found: $tool" >&2; exit 1
    fi
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/corpus-lens-bench.XXXXXX")"
cleanup() { rm -rf -- "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. Release build (cargo waits for the build-directory lock by itself).
echo "building release binary..." >&2
cargo build --release --quiet
bin="$root/target/release/corpus-lens"
if [[ ! -x "$bin" ]]; then
    echo "bench.sh: $bin missing after build" >&2; exit 1
fi

# 2. Benchmark corpus.
gen="scripts/make_bench_corpus.py"
corpus="bench-data/bench_${size_mb}mb.txt"
target_bytes=$((size_mb * 1000000))
need_gen=0
if [[ ! -f "$corpus" ]]; then
    need_gen=1
else
    have=$(wc -c <"$corpus")
    # The generator stops after the block that crosses the target: < 1 MB over.
    if (( have < target_bytes || have > target_bytes + 1000000 )); then
        need_gen=1
    elif [[ "$gen" -nt "$corpus" ]] \
        || [[ -n "$(find corpora -maxdepth 1 -name '*.txt' -newer "$corpus" -print -quit)" ]]; then
        need_gen=1
    fi
fi
gen_note="reused existing file"
if (( need_gen )); then
    echo "generating $corpus ..." >&2
    t0=$EPOCHREALTIME
    python3 "$gen" --size-mb "$size_mb" --out "$corpus"
    t1=$EPOCHREALTIME
    gen_note="generated in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f s", b - a }')"
fi
bytes=$(wc -c <"$corpus")
# Warm the page cache so the first timed command does not pay for disk reads.
cat -- "$corpus" >/dev/null

# 3. Timed runs. run_timed NAME CMD... -> sets wall_s and rss_kb
wall_s=""
rss_kb=""
run_timed() {
    local name="$1"; shift
    local report="$tmp/time_${name}.txt"
    if ! /usr/bin/time -v -o "$report" "$@" >"$tmp/stdout_${name}.txt"; then
        echo "bench.sh: '$name' failed: $*" >&2
        [[ -f "$report" ]] && grep -E 'exit|signal' "$report" >&2
        exit 1
    fi
    # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.23"
    wall_s=$(awk -F': ' '/Elapsed \(wall clock\) time/ {
                 n = split($NF, p, ":"); s = 0
                 for (i = 1; i <= n; i++) s = s * 60 + p[i]
                 printf "%.2f", s }' "$report")
    rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $NF }' "$report")
    if [[ -z "$wall_s" || -z "$rss_kb" ]]; then
        echo "bench.sh: could not parse /usr/bin/time -v output for '$name'" >&2; exit 1
    fi
}

lines=()
report_line() { # LABEL [RSS]
    local label="$1" with_rss="${2:-yes}" line
    line=$(awk -v b="$bytes" -v s="$wall_s" -v l="$label" 'BEGIN {
               t = (s > 0) ? s : 0.005   # time -v has 10 ms resolution
               printf "%-17s %6.2f s  %6.0f MB/s", l ":", s, b / 1e6 / t }')
    if [[ "$with_rss" == yes ]]; then
        line+=$(awk -v k="$rss_kb" 'BEGIN { printf "   peak RSS %.0f MB", k * 1024 / 1e6 }')
    fi
    lines+=("$line")
}

# Plain word count for scale (C locale: byte-oriented, like most fast tools).
run_timed wc env LC_ALL=C wc -w "$corpus"
words=$(awk '{ print $1 }' "$tmp/stdout_wc.txt")
report_line "wc -w" no

types=""
bench_tool() { # SUBCOMMAND THREADS
    local sub="$1" thr="$2" out="$tmp/out_${1}_${2}"
    run_timed "${sub}_${thr}" "$bin" "$sub" "$corpus" --out "$out" --threads "$thr" --quiet
    report_line "$sub ($thr thr)"
    if [[ -z "$types" && -f "$out/freq.csv" ]]; then
        types=$(( $(wc -l <"$out/freq.csv") - 1 ))
    fi
    rm -rf -- "$out"
}

for sub in analyze freq; do
    bench_tool "$sub" "$threads"
    if (( compare )) && [[ "$threads" != 1 ]]; then
        bench_tool "$sub" 1
    fi
done

# 4. Report.
echo
printf 'corpus: %s  %.1f MB  (%s words by wc -w; types in freq.csv: %s)\n' \
    "$corpus" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')" "$words" "${types:-?}"
printf '        %s; %s cores, load avg %s\n' \
    "$gen_note" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "${lines[@]}"
