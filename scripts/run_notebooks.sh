#!/usr/bin/env bash
# Installs the corpus_lens package, runs `corpus-lens analyze`, then executes every notebook.
#
#   bash scripts/run_notebooks.sh [--update] [--out DIR] [--timeout SECONDS]
#
# 1. A Python virtual environment with notebooks/requirements.txt, in target/notebooks-venv
#    (or $CORPUS_LENS_VENV). It is reused while requirements.txt is unchanged; delete the folder
#    for a clean one. `python3 -m venv` needs ensurepip, which Debian ships apart (python3-venv):
#    without it the script uses `virtualenv` if present, else installs python3-venv with apt-get
#    when run as root, else stops and says what to install. $PYTHON picks the interpreter
#    (default python3; the pins are for 3.11).
# 2. The corpus_lens package built from this checkout (maturin) and installed into it; the
#    notebooks take their tables from `corpus_lens.analyze()`.
#    `cargo run --release --quiet -- analyze --out DIR` (default target/notebooks-out), whose
#    tables scripts/check_tables.py checks.
# 3. The unit tests of notebooks/corpus_lens_tables.py, then every notebooks/*.ipynb in name
#    order with CORPUS_LENS_OUT=DIR, each cell under a timeout (default 300 s).
#
# Without --update the committed notebooks are not touched: executed copies go to
# target/notebooks-executed/. With --update the outputs are written back into notebooks/
# (how the committed versions are made). Exit status: 0 when everything ran, non-zero at the
# first failure (bad usage: 2).
set -euo pipefail
cd "$(dirname "$0")/.."

update=""
out=target/notebooks-out
timeout=300
while [ $# -gt 0 ]; do
    case "$1" in
        --update) update=--update ;;
        --out) out=${2:?--out needs a folder}; shift ;;
        --timeout) timeout=${2:?--timeout needs seconds}; shift ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run_notebooks.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

venv=${CORPUS_LENS_VENV:-target/notebooks-venv}
python=${PYTHON:-python3}
requirements=notebooks/requirements.txt
start=$SECONDS

make_venv() {
    rm -rf "$venv"
    if "$python" -m venv "$venv" 2>/dev/null; then return 0; fi
    rm -rf "$venv"  # a venv without ensurepip is left half made
    if "$python" -m virtualenv --version >/dev/null 2>&1; then
        "$python" -m virtualenv --quiet "$venv"
        return 0
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        local version
        version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
        echo "run_notebooks.sh: $python has no ensurepip; installing python3-venv (python$version-venv) with apt-get" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python$version-venv" >/dev/null \
            || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        "$python" -m venv "$venv"
        return 0
    fi
    echo "run_notebooks.sh: cannot make a virtual environment with $python: install python3-venv" \
         "(Debian/Ubuntu: apt-get install python3-venv) or virtualenv, or set PYTHON" >&2
    return 1
}

stamp="$venv/.requirements.sha256"
wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
    echo "== virtual environment: $venv (reused)"
else
    echo "== virtual environment: $venv (new, installing $requirements)"
    make_venv
    # --no-compile: byte-compiling every installed module costs more than it saves here
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-compile -r "$requirements"
    # the python3 kernel spec of this environment, so that no user-wide spec runs another Python
    "$venv/bin/python" -m ipykernel install --sys-prefix --name python3 >/dev/null
    echo "$wanted" >"$stamp"
fi
echo "   ($((SECONDS - start)) s)"
vpython="$(cd "$venv" && pwd)/bin/python"

echo "== the corpus_lens package: a wheel of this checkout (maturin), installed into $venv"
if ! "$vpython" -c 'import maturin' 2>/dev/null; then
    "$vpython" -m pip install --quiet --disable-pip-version-check "maturin>=1.16,<2"
fi
rm -rf target/wheels
"$(dirname "$vpython")/maturin" build --release --quiet --out target/wheels
"$vpython" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall \
    target/wheels/corpus_lens-*.whl

echo "== corpus-lens analyze --out $out"
cargo run --release --quiet -- analyze --out "$out"

echo "== notebooks (CORPUS_LENS_OUT=$out)"
abs_out=$(cd "$out" && pwd)
# prefer the environment's kernel spec over any in the user's Jupyter folders
export JUPYTER_PREFER_ENV_PATH=1
(cd notebooks && "$vpython" -m unittest --quiet test_corpus_lens_tables)
echo "== every table read back with pandas and checked against schema.csv"
"$vpython" scripts/check_tables.py "$out"
shopt -s nullglob
notebooks=(notebooks/*.ipynb)
if [ ${#notebooks[@]} -eq 0 ]; then
    echo "run_notebooks.sh: no notebooks/*.ipynb" >&2
    exit 1
fi
copies=()
[ -z "$update" ] && copies=(--copies target/notebooks-executed)
CORPUS_LENS_OUT="$abs_out" "$vpython" scripts/execute_notebooks.py $update ${copies[@]+"${copies[@]}"} \
    --timeout "$timeout" "${notebooks[@]}"
echo "== done in $((SECONDS - start)) s"
