"""The tables of `corpus-lens analyze` for the notebooks: from the Python package, or read from
the CSV files of an output folder with the right dtypes.

    import corpus_lens
    from corpus_lens_tables import read_table, table_exists
    OUT = corpus_lens.analyze()          # {table name: DataFrame}, typed by the schema
    freq = read_table(OUT, "freq")       # or "freq.csv"; OUT may also be a folder (out_dir())

Given the package's dict, `read_table` returns its table (a copy). Given a folder:

Dtypes come from `schema.csv` in the output folder when it is there (columns table, column,
position, type, description; type string -> "string", integer -> "Int64", float ->
"float64", boolean -> "boolean"). The table's header must then list exactly the schema's
columns in the schema's order, or `read_table` raises `SchemaMismatch`: a renamed, missing,
extra or moved column is an error, not a silently misread table. A table that schema.csv does
not describe (cooc_matrix.csv and framing_matrix.csv have data-dependent columns) and any
table read without schema.csv get pandas' own dtype inference.

Missing values: the tables write a missing or undefined value as an empty cell and nothing
else, so only an empty cell is read as missing. pandas' default NA strings ("NA", "null",
"nan", "None", ...) are real words in a word list ("na" and "null" are in freq.csv of the
shipped corpus) and stay text here.

Nothing here computes a statistic: the notebooks plot, filter, sort and pivot what
corpus-lens wrote.
"""

from __future__ import annotations

import csv
import os

import pandas as pd

DEFAULT_OUT = os.path.join("..", "out")

PANDAS_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "float": "float64",
    "boolean": "boolean",
}

# The Snowball English stopword list, the one `corpus-lens --stopwords english` uses
# (src/stopwords.rs, same order). Used only to filter rows for display.
SNOWBALL_ENGLISH_STOPWORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing would should could ought i'm you're he's she's it's we're they're i've you've we've
    they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't
    aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't shan't
    shouldn't can't cannot couldn't mustn't let's that's who's what's here's there's when's
    where's why's how's a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on off
    over under again further then once here there when where why how all any both each few
    more most other some such no nor not only own same so than too very
    """.split()
)


class SchemaMismatch(ValueError):
    """A table's header differs from the columns schema.csv lists for it."""


def out_dir() -> str:
    """The output folder of `corpus-lens analyze`: $CORPUS_LENS_OUT, else ../out."""
    return os.environ.get("CORPUS_LENS_OUT") or DEFAULT_OUT


def _file_name(name: str) -> str:
    return name if name.endswith(".csv") else name + ".csv"


def _table_key(name: str) -> str:
    return name[: -len(".csv")] if name.endswith(".csv") else name


def table_exists(out, name: str) -> bool:
    """Whether the output folder (or the package's dict of tables) has the table (`name` with
    or without `.csv`)."""
    if isinstance(out, dict):
        return _table_key(name) in out
    return os.path.exists(os.path.join(out, _file_name(name)))


def read_schema(out: str) -> pd.DataFrame | None:
    """schema.csv of the output folder, or None when the folder has none."""
    path = os.path.join(out, "schema.csv")
    if not os.path.exists(path):
        return None
    schema = pd.read_csv(
        path,
        dtype={"table": "string", "column": "string", "type": "string", "description": "string"},
        keep_default_na=False,
        na_values=[""],
    )
    expected = ["table", "column", "position", "type", "description"]
    if list(schema.columns) != expected:
        raise SchemaMismatch(f"{path}: header {list(schema.columns)}, expected {expected}")
    unknown = sorted(set(schema["type"]) - set(PANDAS_DTYPES))
    if unknown:
        raise SchemaMismatch(f"{path}: unknown column types {unknown}")
    return schema


def table_columns(schema: pd.DataFrame, name: str) -> list[tuple[str, str]] | None:
    """[(column, type)] of one table in schema order, or None if the schema omits the table.

    schema.csv may name a table `freq` or `freq.csv`; both are accepted.
    """
    key = _table_key(name)
    rows = schema[schema["table"].map(_table_key) == key]
    if rows.empty:
        return None
    rows = rows.sort_values("position", kind="stable")
    return list(zip(rows["column"], rows["type"]))


def read_header(path: str) -> list[str]:
    """The header row of a CSV file."""
    with open(path, newline="", encoding="utf-8") as f:
        return next(csv.reader(f), [])


def read_table(out, name: str, **read_csv_kwargs) -> pd.DataFrame:
    """One table (`name` with or without `.csv`) of the package's dict of tables
    (`corpus_lens.analyze()`, a copy) or of an output folder.

    With schema.csv: dtypes from the schema, and `SchemaMismatch` unless the header lists
    exactly the schema's columns in order. Without it (or for a table it does not describe):
    pandas' dtype inference. Either way only empty cells are missing values. Extra keyword
    arguments go to `pandas.read_csv` (e.g. `usecols`, `index_col`).
    """
    if isinstance(out, dict):
        key = _table_key(name)
        if key not in out:
            raise KeyError(f"no table {key!r}; the tables are {sorted(out)}")
        return out[key].copy()
    path = os.path.join(out, _file_name(name))
    if not os.path.exists(path):
        raise FileNotFoundError(
            f"{path} not found: run `corpus-lens analyze --out {out}` "
            "(or set CORPUS_LENS_OUT to the folder it wrote)"
        )
    options = {"keep_default_na": False, "na_values": [""]}
    schema = read_schema(out)
    columns = table_columns(schema, name) if schema is not None else None
    if columns is not None:
        expected = [c for c, _ in columns]
        header = read_header(path)
        if header != expected:
            raise SchemaMismatch(_describe_mismatch(path, header, expected))
        options["dtype"] = {c: PANDAS_DTYPES[t] for c, t in columns}
    options.update(read_csv_kwargs)
    return pd.read_csv(path, **options)


def _describe_mismatch(path: str, header: list[str], expected: list[str]) -> str:
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    parts = [f"{path}: header does not match schema.csv"]
    if missing:
        parts.append(f"missing {missing}")
    if extra:
        parts.append(f"not in schema {extra}")
    if not missing and not extra:
        parts.append(f"order {header}, schema order {expected}")
    return "; ".join(parts)
