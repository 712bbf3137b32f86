#!/usr/bin/env bash
# Fuzzes corpus-lens with cargo-fuzz (libFuzzer): runs each target for SECONDS and prints the
# executions and crashes of each.
#
#   bash scripts/fuzz.sh SECONDS [TARGET...]
#
# Targets (fuzz/fuzz_targets/): text_pipeline (normalize + segment + tokenize + count),
# manifest (Corpus::from_manifest), reader (DocumentReader, small blocks, lossy on/off),
# sentiment (sentiment::score_lines), factions (factions::FactionSet::parse and find),
# lexicon (lexicon::Lexicon parsers, then framing::Framer on the input).
# Default: all six, one after the other.
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain; without one, stable
# is used with RUSTC_BOOTSTRAP=1 (cargo-fuzz passes -Z flags). Not part of `cargo test`: the
# fuzz crate is its own workspace. Seed inputs go to fuzz/corpus/<target>/ (made from the
# shipped texts when empty), crashes to fuzz/artifacts/<target>/, logs to fuzz/logs/.
# Each crash should become a regression test in tests/bad_input.rs (see fuzz/README.md).
# Built with debug assertions (integer overflow checks) and, by default, no sanitizer: the
# crate has no unsafe code, and without AddressSanitizer the targets run 2-3 times faster.
# FUZZ_SANITIZER=address (or memory, thread...) turns one on.
# Exit status: 0 when no target crashed, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-}
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: bash scripts/fuzz.sh SECONDS [TARGET...]" >&2
    exit 2
fi
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(text_pipeline manifest reader sentiment factions lexicon)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: cargo-fuzz is missing; install it with: cargo install cargo-fuzz" >&2
    exit 2
fi
toolchain=()
if cargo +nightly --version >/dev/null 2>&1; then
    toolchain=(+nightly)
else
    export RUSTC_BOOTSTRAP=1
fi

# Seeds: pieces of the shipped texts and a few odd inputs, written once.
seed() {
    local target=$1 dir=fuzz/corpus/$1
    mkdir -p "$dir"
    if [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
        return
    fi
    local i=0 f
    for f in corpora/*.txt; do
        i=$((i + 1))
        case $target in
            text_pipeline | sentiment) head -c 3000 "$f" >"$dir/text$i" ;;
            reader) { printf '\x05'; head -c 2000 "$f"; } >"$dir/text$i" ;;
        esac
    done
    case $target in
        factions)
            [ -f corpora/factions.toml ] && cp corpora/factions.toml "$dir/shipped"
            printf '[[faction]]\nid = "a"\nlabel = "A"\naliases = ["the Soviet", "S.R.s"]\n\n[[faction]]\nid = "b"\nparent = "a"\ncase_sensitive_aliases = ["Cadets"]\n# the Soviet and the Cadets met\n' >"$dir/two"
            ;;
        manifest)
            cp corpora/manifest.toml "$dir/shipped"
            printf '[[document]]\nid = "a"\npath = "a.txt"\nyear = 1917\ntitle = "T"\n' >"$dir/one"
            printf '[[document]]\nid = "a"\npath = "a.txt"\n\n[[document]]\nid = "b"\npath = "sub/c.txt"\nsame_work_as = "a"\n' >"$dir/two"
            printf '[[document]]\nid = "a"\npath = a.txt\n' >"$dir/bad"
            ;;
        reader)
            printf '\x81\xef\xbb\xbfBOM.\r\n\r\nCRLF text.\r\rCR \xff.\n' >"$dir/odd1"
            printf '\x02\xff\xfeH\x00i\x00' >"$dir/utf16"
            printf '\x83 \n\t\n\x0c\n' >"$dir/blank"
            ;;
        text_pipeline | sentiment)
            printf 'Mr. Kerensky\xe2\x80\x99s counter-revolu-\ntionary \xe2\x80\x9cSoviet\xe2\x80\x9d \xe2\x80\x94 V. I. Lenin, S.R. 1917!\n\nNext.\r\n' >"$dir/odd1"
            printf '\xd0\xa1\xd0\xbe\xd0\xb2\xd0\xb5\xd1\x82 \xce\x9f\xce\x94\xce\x9f\xce\xa3 cafe\xcc\x81 \xef\xac\x81ne \xf0\x9f\x98\x80 \xe9\x9d\xa9\xe5\x91\xbd \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\n' >"$dir/scripts"
            ;;
    esac
}

mkdir -p fuzz/logs
declare -A execs crashes status
start=$(date +%s)
for target in "${targets[@]}"; do
    seed "$target"
    log=fuzz/logs/$target.log
    before=$(ls fuzz/artifacts/"$target" 2>/dev/null | grep -c '^crash-\|^oom-\|^timeout-' || true)
    echo "== $target: ${seconds}s"
    cargo "${toolchain[@]}" fuzz run --debug-assertions --sanitizer "${FUZZ_SANITIZER:-none}" "$target" -- \
        -max_total_time="$seconds" -max_len=8192 -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$log" 2>&1
    status[$target]=$?
    after=$(ls fuzz/artifacts/"$target" 2>/dev/null | grep -c '^crash-\|^oom-\|^timeout-' || true)
    execs[$target]=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
    crashes[$target]=$((after - before))
    grep -E '^(==[0-9]+==ERROR|thread .* panicked|artifact_prefix|Test unit written)' "$log" | head -5
done
end=$(date +%s)

echo
printf '%-15s %12s %8s %6s\n' target executions crashes exit
failed=0
for target in "${targets[@]}"; do
    printf '%-15s %12s %8s %6s\n' "$target" "${execs[$target]:-?}" "${crashes[$target]}" "${status[$target]}"
    if [ "${status[$target]}" -ne 0 ] || [ "${crashes[$target]}" -gt 0 ]; then
        failed=1
    fi
done
echo "total wall time: $((end - start)) s (logs in fuzz/logs/, crashes in fuzz/artifacts/)"
exit $failed
