#!/usr/bin/env python3
"""Read every table of a corpus-lens output folder with pandas and check it against schema.csv.

Usage: check_tables.py OUT_DIR

For each table schema.csv lists: the header must be the schema's columns in order, and every
column must parse with the dtype of its schema type (string -> "string", integer -> "Int64",
float -> "float64", boolean -> "boolean"), via notebooks/corpus_lens_tables.read_table.
Every *.csv file in the folder must be listed in schema.csv. Exits 1 naming the table and the
problem otherwise. Needs pandas (the notebooks' virtual environment has it).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "notebooks"))

from corpus_lens_tables import PANDAS_DTYPES, read_schema, read_table  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = argv[1]
    schema = read_schema(out)
    if schema is None:
        print(f"check_tables.py: {out}/schema.csv is missing", file=sys.stderr)
        return 1
    listed = list(dict.fromkeys(schema["table"]))
    on_disk = sorted(f for f in os.listdir(out) if f.endswith(".csv"))
    unlisted = [f for f in on_disk if f not in listed]
    if unlisted:
        print(f"check_tables.py: {out}: not in schema.csv: {unlisted}", file=sys.stderr)
        return 1
    problems = 0
    for table in listed:
        try:
            frame = read_table(out, table)
        except Exception as err:  # noqa: BLE001 - report any failure with the table's name
            print(f"check_tables.py: {table}: {err}", file=sys.stderr)
            problems += 1
            continue
        types = schema[schema["table"] == table]
        for column, kind in zip(types["column"], types["type"]):
            want = PANDAS_DTYPES[kind]
            if str(frame[column].dtype) != want:
                print(f"check_tables.py: {table}: column {column} read as {frame[column].dtype}, "
                      f"schema says {kind} ({want})", file=sys.stderr)
                problems += 1
        print(f"ok {table}: {len(frame)} rows, {len(frame.columns)} columns")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
