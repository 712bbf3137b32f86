"""Time from `analyze` to a DataFrame of framing_mentions: the Python package against the
command line's `analyze` plus `pd.read_csv`, and Parquet sizes against CSV.

    python scripts/bench_python.py bench-data/bench_64mb.txt [--repeat 3] [--bin target/release/corpus-lens]

Run with a Python that has the package installed (scripts/python_tests.sh makes one in
target/py-venv). Prints the median of each way's wall time, their ratio, and the total and
framing_mentions sizes of the tables as CSV and as Parquet.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd

import corpus_lens as cl


def by_package(inputs: str) -> pd.DataFrame:
    return cl.analyze([inputs])["framing_mentions"]


def by_cli(binary: str, inputs: str, out: Path) -> pd.DataFrame:
    subprocess.run([binary, "analyze", "--quiet", inputs, "--out", str(out)], check=True)
    return pd.read_csv(out / "framing_mentions.csv")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("inputs")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bin", default="target/release/corpus-lens")
    args = parser.parse_args()
    times: dict[str, list[float]] = {"package": [], "cli + read_csv": []}
    with tempfile.TemporaryDirectory() as tmp:
        csv_dir, parquet_dir = Path(tmp, "csv"), Path(tmp, "parquet")
        for _ in range(args.repeat):
            # Alternated, so that a change of load on the machine touches both alike.
            start = time.perf_counter()
            rows = len(by_package(args.inputs))
            times["package"].append(time.perf_counter() - start)
            start = time.perf_counter()
            assert len(by_cli(args.bin, args.inputs, csv_dir)) == rows
            times["cli + read_csv"].append(time.perf_counter() - start)
        for way, values in times.items():
            print(f"{way:>15}: median {statistics.median(values):.2f} s of {[round(v, 2) for v in values]}")
        ratio = statistics.median(times["package"]) / statistics.median(times["cli + read_csv"])
        print(f"package / (cli + read_csv): {ratio:.2f}; framing_mentions rows: {rows:,}")
        subprocess.run([args.bin, "analyze", "--quiet", args.inputs, "--format", "parquet",
                        "--out", str(parquet_dir)], check=True)
        size = lambda folder, glob: sum(p.stat().st_size for p in folder.glob(glob))
        csv_all, parquet_all = size(csv_dir, "*.csv") - size(csv_dir, "schema.csv"), size(parquet_dir, "*.parquet")
        print(f"all tables: CSV {csv_all / 1e6:.1f} MB, Parquet {parquet_all / 1e6:.1f} MB "
              f"({parquet_all / csv_all:.2f})")
        mentions_csv = (csv_dir / "framing_mentions.csv").stat().st_size
        mentions_parquet = (parquet_dir / "framing_mentions.parquet").stat().st_size
        print(f"framing_mentions: CSV {mentions_csv / 1e6:.1f} MB, Parquet {mentions_parquet / 1e6:.1f} MB "
              f"({mentions_parquet / mentions_csv:.2f})")


if __name__ == "__main__":
    main()
