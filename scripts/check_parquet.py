#!/usr/bin/env python3
"""Checks that the Parquet tables hold exactly what the CSV tables hold.

Usage: scripts/check_parquet.py CSV_DIR PARQUET_DIR

Both folders come from the same run (`analyze --out CSV_DIR` and `analyze --format parquet
--out PARQUET_DIR`). For every table of CSV_DIR/schema.csv: the Parquet file
(`<table>.parquet`, listed in PARQUET_DIR/schema.csv) has the same columns in the same order,
each with the Arrow type of its schema type (string -> string, integer -> int64, float ->
double, boolean -> bool), the same number of rows, and the same values: a CSV cell read by
its schema type (an empty cell missing, except in a string column where it is "") equals
the Parquet value, floats bit for bit. Read with pyarrow alone, the way pandas and R's arrow
read the files. Exit 1 and a list of the differences if any.
"""
import csv
import math
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ARROW = {"string": pa.string(), "integer": pa.int64(), "float": pa.float64(), "boolean": pa.bool_()}


def schema(folder):
    tables = {}
    with open(folder / "schema.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            tables.setdefault(row["table"], []).append((row["column"], row["type"]))
    return tables


def typed(cell, kind):
    if kind == "string":
        return cell
    if cell == "":
        return None
    if kind == "integer":
        return int(cell)
    if kind == "float":
        return float(cell)
    return {"true": True, "false": False}[cell]


def same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    csv_dir, pq_dir = Path(sys.argv[1]), Path(sys.argv[2])
    csv_tables, pq_tables = schema(csv_dir), schema(pq_dir)
    faults, checked, cells = [], 0, 0
    for name, columns in csv_tables.items():
        if name == "schema.csv":
            continue
        pq_name = name[: -len(".csv")] + ".parquet"
        if pq_tables.get(pq_name) != columns:
            faults.append(f"{pq_name}: schema.csv lists other columns than for {name}")
            continue
        table = pq.read_table(pq_dir / pq_name)
        names = [c for c, _ in columns]
        if table.column_names != names:
            faults.append(f"{pq_name}: columns {table.column_names} != {names}")
            continue
        for (column, kind), field in zip(columns, table.schema):
            if field.type != ARROW[kind]:
                faults.append(f"{pq_name}: {column} is {field.type}, schema says {kind}")
        with open(csv_dir / name, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))[1:]
        if len(rows) != table.num_rows:
            faults.append(f"{pq_name}: {table.num_rows} rows, {name} has {len(rows)}")
            continue
        for k, (column, kind) in enumerate(columns):
            values = table.column(k).to_pylist()
            for i, (row, value) in enumerate(zip(rows, values)):
                if not same(typed(row[k], kind), value):
                    faults.append(f"{pq_name} row {i + 1} {column}: csv {row[k]!r}, parquet {value!r}")
                    break
            cells += len(values)
        checked += 1
    for fault in faults:
        print(fault)
    print(f"check_parquet: {checked} tables, {cells} cells compared, {len(faults)} differences")
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
