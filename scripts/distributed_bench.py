#!/usr/bin/env python3
"""corpus_lens.distributed on a local Dask cluster against one `corpus-lens analyze` process,
on the same inputs and machine (docs/distributed.md, Figures).

    python scripts/distributed_bench.py bench-data/bench_256mb_100files [--workers 2] [--scratch DIR]

Needs the package and dask[distributed] installed (scripts/python_tests.sh's venv has both)
and target/release/corpus-lens. Prints wall times, peak memory (the analyze process, each
worker, the calling process, which holds the root merge), the shards' text and partial sizes,
and checks that the two runs' tables have the same bytes.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bin", default=str(ROOT / "target" / "release" / "corpus-lens"))
    parser.add_argument("--shards", type=int, default=None, help="count tasks (default: the workers)")
    parser.add_argument("--fan-in", type=int, default=4)
    parser.add_argument("--scratch", default=None, help="move the partials as files in this folder")
    parser.add_argument("--skip-analyze", action="store_true", help="run only the distributed side")
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    from corpus_lens.distributed import run

    with tempfile.TemporaryDirectory(prefix="corpus-lens-bench-") as tmp:
        cli_out, dask_out = Path(tmp) / "analyze", Path(tmp) / "dask"
        if not args.skip_analyze:
            start = time.perf_counter()
            subprocess.run(
                [args.bin, "analyze", *args.inputs, "--threads", str(args.workers), "--quiet", "--out", str(cli_out)],
                check=True,
            )
            wall = time.perf_counter() - start
            rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"analyze --threads {args.workers}: {wall:.1f} s, peak {rss:.0f} MB")

        start = time.perf_counter()
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        print(f"cluster started in {time.perf_counter() - start:.1f} s")
        timings: dict = {}
        start = time.perf_counter()
        run(
            args.inputs,
            dask_out,
            client=client,
            shards=args.shards,
            fan_in=args.fan_in,
            scratch=args.scratch,
            timings=timings,
        )
        wall = time.perf_counter() - start
        workers = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        client.close()
        cluster.close()
        shards = len(timings["shard_bytes"])
        moved = f"as files in {args.scratch}" if args.scratch else "as bytes"
        print(
            f"distributed, {args.workers} workers x 1 thread, {shards} shards, fan_in {args.fan_in}, "
            f"partials {moved}: {wall:.1f} s"
        )
        for key in ("list", "count", "merge_tasks", "root"):
            print(f"  {key}: {timings.get(key, 0):.1f} s")
        mb = lambda xs: " + ".join(f"{x / 1e6:.1f}" for x in xs)  # noqa: E731
        print(f"  shards' text: {mb(timings['shard_bytes'])} MB")
        print(f"  partials: {mb(timings['partial_bytes'])} MB")
        print(f"  partials at the root: {mb(timings['root_partial_bytes'])} MB")
        print(f"  peak per worker: {', '.join(f'{v:.0f} MB' for v in workers.values())}")
        print(f"  peak of the calling process (root merge): {peak_mb():.0f} MB")
        if not args.skip_analyze:
            names = sorted(p.name for p in cli_out.iterdir())
            same = names == sorted(p.name for p in dask_out.iterdir()) and all(
                (cli_out / n).read_bytes() == (dask_out / n).read_bytes() for n in names
            )
            print(f"tables byte-identical: {same}")
            return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
