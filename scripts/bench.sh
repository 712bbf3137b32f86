#!/usr/bin/env bash
# Throughput benchmark for corpus-lens on a large synthetic corpus.
#
# Usage: scripts/bench.sh [SIZE_MB] [THREADS] [--compare-threads] [--files N] [--no-baseline]
#   SIZE_MB            size of the benchmark corpus, 1 MB = 1,000,000 bytes (default 64)
#   THREADS            --threads passed to corpus-lens (default 2)
#   --compare-threads  also run analyze and freq with 1 thread (2 if THREADS is 1), print the speedup
#   --files N          a folder of N documents with a manifest.toml instead of one file
#   --no-baseline      skip the plain Python baseline (scripts/baseline_freq.py)
#
# Builds the release binary, generates the corpus with scripts/make_bench_corpus.py into
# bench-data/ (bench_<SIZE>mb.txt, or bench_<SIZE>mb_<N>files/ with --files; only if
# missing, of another size, or older than the generator or the corpora), then times on it,
# with /usr/bin/time -v: `wc -w`, the Python baseline, `corpus-lens analyze --timings` and
# `corpus-lens freq --timings`. Prints wall-clock time, MB/s and peak RSS for each run, MB/s
# for each phase that --timings reports, and the thread speedup. bench-data/ is git-ignored:
# never commit it.
set -euo pipefail

usage() {
    sed -n '2,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

die() {
    echo "bench.sh: $*" >&2
    exit 2
}

size_mb=""
threads=""
compare=0
files=0
baseline=1
while (($#)); do
    case "$1" in
        --compare-threads) compare=1 ;;
        --no-baseline) baseline=0 ;;
        --files)
            (($# >= 2)) || die "--files needs a number"
            files="$2"; shift
            [[ "$files" =~ ^[1-9][0-9]*$ ]] || die "--files must be a positive integer, got '$files'" ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "bench.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
        *)
            if [[ -z "$size_mb" ]]; then size_mb="$1"
            elif [[ -z "$threads" ]]; then threads="$1"
            else echo "bench.sh: too many arguments" >&2; usage >&2; exit 2
            fi ;;
    esac
    shift
done
size_mb="${size_mb:-64}"
threads="${threads:-2}"
[[ "$size_mb" =~ ^[1-9][0-9]*$ ]] || die "SIZE_MB must be a positive integer, got '$size_mb'"
[[ "$threads" =~ ^[1-9][0-9]*$ ]] || die "THREADS must be a positive integer, got '$threads'"

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"

for tool in cargo python3 /usr/bin/time wc awk; do
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

# 2. Benchmark corpus: one file, or a folder with manifest.toml (--files N).
gen="scripts/make_bench_corpus.py"
target_bytes=$((size_mb * 1000000))
if ((files)); then
    out="bench-data/bench_${size_mb}mb_${files}files"
    stamp_file="$out/manifest.toml"
else
    out="bench-data/bench_${size_mb}mb.txt"
    stamp_file="$out"
fi
need_gen=0
if [[ ! -f "$stamp_file" ]]; then
    need_gen=1
elif [[ "$gen" -nt "$stamp_file" ]] \
    || [[ -n "$(find corpora -maxdepth 1 \( -name '*.txt' -o -name manifest.toml \) \
                 -newer "$stamp_file" -print -quit)" ]]; then
    need_gen=1
elif ((files)); then
    grep -qxF "# bench-params: size_mb=$size_mb files=$files seed=1917" "$stamp_file" \
        || need_gen=1
else
    have=$(wc -c <"$out")
    # The generator stops after the block that crosses the target: < 1 MB over.
    if ((have < target_bytes || have > target_bytes + 1000000)); then
        need_gen=1
    fi
fi
gen_note="reused existing corpus"
if ((need_gen)); then
    echo "generating $out ..." >&2
    t0=$EPOCHREALTIME
    args=(--size-mb "$size_mb" --out "$out" --quiet)
    ((files)) && args+=(--files "$files")
    python3 "$gen" "${args[@]}"
    t1=$EPOCHREALTIME
    gen_note=$(awk -v a="$t0" -v b="$t1" -v mb="$size_mb" \
        'BEGIN { printf "generated in %.1f s (%.1f MB/s)", b - a, mb / (b - a) }')
fi
if ((files)); then
    corpus="$out/manifest.toml"
    texts=()
    while IFS= read -r f; do texts+=("$f"); done < <(find "$out" -maxdepth 1 -name '*.txt' | sort)
    ((${#texts[@]} == files)) || { echo "bench.sh: expected $files texts in $out" >&2; exit 1; }
else
    corpus="$out"
    texts=("$out")
fi
bytes=$(cat -- "${texts[@]}" | wc -c)
# Warm the page cache so the first timed command does not pay for disk reads.
cat -- "${texts[@]}" >/dev/null

# 3. Timed runs. run_timed NAME CMD... -> sets wall_s and rss_kb; keeps stdout and stderr.
wall_s=""
rss_kb=""
run_timed() {
    local name="$1"; shift
    local report="$tmp/time_${name}.txt"
    if ! /usr/bin/time -v -o "$report" "$@" >"$tmp/stdout_${name}.txt" 2>"$tmp/stderr_${name}.txt"; then
        echo "bench.sh: '$name' failed: $*" >&2
        tail -n 20 "$tmp/stderr_${name}.txt" >&2 || true
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
    walls[$name]="$wall_s"
}

declare -A walls=()
lines=()
report_line() { # LABEL
    lines+=("$(awk -v b="$bytes" -v s="$wall_s" -v l="$1" -v k="$rss_kb" 'BEGIN {
               t = (s > 0) ? s : 0.005   # time -v has 10 ms resolution
               printf "%-24s %8.2f s %8.1f MB/s   peak RSS %6.0f MB", l, s, b / 1e6 / t, k * 1024 / 1e6 }')")
}

# Plain word count for scale (C locale: byte-oriented, like most fast tools).
echo "timing wc -w ..." >&2
run_timed wc env LC_ALL=C wc -w -- "${texts[@]}"
words=$(tail -n 1 "$tmp/stdout_wc.txt" | awk '{ print $1 }')
report_line "wc -w"

if ((baseline)); then
    echo "timing the Python baseline ..." >&2
    run_timed baseline python3 scripts/baseline_freq.py -- "${texts[@]}"
    report_line "Python Counter+regex"
fi

types=""
tokens=""
bench_tool() { # SUBCOMMAND THREADS
    local sub="$1" thr="$2" dir="$tmp/out_${1}_${2}"
    echo "timing $sub with $thr thread(s) ..." >&2
    run_timed "${sub}_${thr}" "$bin" "$sub" "$corpus" --out "$dir" --threads "$thr" \
        --timings --quiet
    report_line "$sub ($thr thr)"
    if [[ -z "$types" && -f "$dir/freq.csv" ]]; then
        types=$(($(wc -l <"$dir/freq.csv") - 1))
    fi
    if [[ -z "$tokens" && -f "$dir/corpus_summary.csv" ]]; then
        # One row per document; titles may hold quoted commas: read it as CSV.
        tokens=$(python3 -c 'import csv, sys
print(sum(int(r["tokens"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' \
            "$dir/corpus_summary.csv")
    fi
    rm -rf -- "$dir"
}

other=""
if ((compare)); then
    other=$((threads == 1 ? 2 : 1))
fi
for sub in analyze freq; do
    bench_tool "$sub" "$threads"
    [[ -n "$other" ]] && bench_tool "$sub" "$other"
done

# Phases of one subcommand: seconds and MB/s at THREADS (and at the other thread count
# with --compare-threads, with the speedup). Input: the "corpus-lens: timing: PHASE SECS s"
# lines of --timings. Table jobs run in parallel, so their times overlap; "tables" is the
# wall-clock time of all of them, and "whole run" is /usr/bin/time's wall clock.
stage_table() { # SUBCOMMAND
    local sub="$1" a="$tmp/stderr_${1}_${threads}.txt" b=/dev/null
    [[ -n "$other" ]] && b="$tmp/stderr_${sub}_${other}.txt"
    awk -v bytes="$bytes" -v ta="$threads" -v tb="$other" -v cmd="$sub" \
        -v wa="${walls[${sub}_${threads}]}" -v wb="${walls[${sub}_${other}]:-}" '
        function rate(s) { return bytes / 1e6 / (s > 0 ? s : 0.0005) }
        function cell(s) { return sprintf("%8.3f s %8.1f MB/s", s, rate(s)) }
        function row(name, x, y, job,   line) {
            line = sprintf("  %-20s %s", (job ? "  " : "") name, cell(x))
            if (tb != "") {
                line = line sprintf("   %s", cell(y))
                line = line (x > 0 && y > 0 ? sprintf("   %5.2fx", (ta > tb ? y / x : x / y)) : "")
            }
            print line
        }
        $1 == "corpus-lens:" && $2 == "timing:" {
            if (FILENAME == ARGV[1]) { order[++n] = $3; sa[$3] = $4 } else sb[$3] = $4
        }
        END {
            hdr = sprintf("%s phases", cmd)
            line = sprintf("  %-20s %s", hdr, ta " thr")
            if (tb != "") line = sprintf("%-47s   %-24s   speedup", line, tb " thr")
            print line
            for (i = 1; i <= n; i++) {
                p = order[i]
                job = (p != "read+count" && p != "dispersion" && p != "tables")
                row(p, sa[p], sb[p], job)
            }
            row("whole run", wa, wb, 0)
        }' "$a" "$b"
}

# 4. Report.
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
echo
if ((files)); then
    printf 'corpus: %s  (%d documents, %s MB)\n' "$corpus" "$files" "$mb"
else
    printf 'corpus: %s  (%s MB)\n' "$corpus" "$mb"
fi
printf '        %s words by wc -w; %s tokens, %s types (freq.csv) by corpus-lens\n' \
    "$words" "${tokens:-?}" "${types:-?}"
printf '        %s; %s cores, load avg %s\n' \
    "$gen_note" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%s\n' "${lines[@]}"
for sub in analyze freq; do
    echo
    stage_table "$sub"
done
if [[ -n "$other" ]]; then
    echo
    for sub in analyze freq; do
        awk -v s="$sub" -v ta="$threads" -v tb="$other" \
            -v a="${walls[${sub}_${threads}]}" -v b="${walls[${sub}_${other}]}" 'BEGIN {
            hi = (ta > tb) ? ta : tb; lo = (ta > tb) ? tb : ta
            whi = (ta > tb) ? a : b; wlo = (ta > tb) ? b : a
            printf "speedup %-8s %d -> %d threads: %.2fx (%.2f s -> %.2f s)\n", s, lo, hi,
                   (whi > 0 ? wlo / whi : 0), wlo, whi }'
    done
fi
if awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v c="$(nproc)" 'BEGIN { exit !(l > c) }'; then
    echo
    echo "note: the load average is above the core count: these figures are measured under load"
fi
