"""The Python package against the command line's tables, its dtypes, errors and VADER."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import corpus_lens as cl


@pytest.fixture(scope="module")
def tables():
    return cl.analyze()


def read_typed(path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    """A CSV table read cell by cell into the dtypes of `frame` (the package's table)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    typed = {}
    for column in raw.columns:
        kind = str(frame[column].dtype)
        cells = raw[column]
        if kind == "string":
            typed[column] = cells.astype("string")
        elif kind == "Int64":
            typed[column] = pd.array([int(c) if c else None for c in cells], dtype="Int64")
        elif kind == "boolean":
            typed[column] = pd.array([{"true": True, "false": False}.get(c) for c in cells], dtype="boolean")
        else:
            typed[column] = [float(c) if c else math.nan for c in cells]
    return pd.DataFrame(typed, columns=raw.columns)


@pytest.mark.parametrize(
    "name",
    ["freq", "stems", "corpus_summary", "kwic", "collocations", "cooc_matrix",
     "framing_mentions", "framing_summary", "framing_matrix", "keyness", "ocr_suspects"],
)
def test_values_equal_the_cli_tables(tables, cli_out, name):
    mine = tables[name]
    theirs = read_typed(cli_out / f"{name}.csv", mine)
    assert list(mine.columns) == list(theirs.columns)
    assert len(mine) > 0
    pd.testing.assert_frame_equal(mine, theirs, check_exact=True)


@pytest.mark.parametrize("name", ["framing_mentions", "framing_matrix", "cooc_matrix"])
def test_run_dependent_tables_equal_the_csv_read_by_the_schema_types(tables, cli_out, name):
    """The tables whose columns depend on the run, against their CSV read by schema.csv."""
    schema = pd.read_csv(cli_out / "schema.csv", dtype=str, keep_default_na=False)
    kinds = dict(schema.loc[schema["table"] == f"{name}.csv", ["column", "type"]].values)
    raw = pd.read_csv(cli_out / f"{name}.csv", dtype=str, keep_default_na=False)
    assert list(raw.columns) == list(kinds)
    typed = {}
    for column, kind in kinds.items():
        cells = raw[column]
        if kind == "string":
            typed[column] = cells.astype("string")
        elif kind == "integer":
            typed[column] = pd.array([int(c) if c else None for c in cells], dtype="Int64")
        elif kind == "boolean":
            typed[column] = pd.array([{"true": True, "false": False}[c] if c else None for c in cells], dtype="boolean")
        else:
            assert kind == "float", column
            typed[column] = pd.Series([float(c) if c else math.nan for c in cells], dtype="float64")
    theirs = pd.DataFrame(typed, columns=raw.columns)
    assert len(theirs) > 0
    pd.testing.assert_frame_equal(tables[name], theirs, check_exact=True)


def test_analyze_gives_every_table_of_the_cli(tables, cli_out):
    written = {p.stem for p in cli_out.glob("*.csv")} - {"schema"}
    assert set(tables) == written


def test_dtypes_follow_the_schema(tables):
    freq = tables["freq"]
    assert str(freq["word"].dtype) == "string"
    assert str(freq["freq"].dtype) == "Int64"
    assert str(freq["per_million"].dtype) == "float64"
    summary = tables["framing_summary"]
    assert str(summary["enough_data"].dtype) == "boolean"
    schema = cl.schema()
    declared = schema[schema["table"] == "corpus_summary.csv"].set_index("column")["type"]
    expected = {"string": "string", "integer": "Int64", "float": "float64", "boolean": "boolean"}
    for column, kind in declared.items():
        assert str(tables["corpus_summary"][column].dtype) == expected[kind], column


def test_strings_stay_strings(tmp_path):
    text = tmp_path / "nulls.txt"
    text.write_text("The null hypothesis. Null and void, null again; NA and None too.\n\n" * 3)
    freq = cl.freq(text)
    words = set(freq["word"])
    assert {"null", "na", "none"} <= words
    assert not freq["word"].isna().any()
    # A folder of plain texts: no metadata, and the columns stay strings, not floats.
    summary = cl.freq(tmp_path, table="corpus_summary")
    assert str(summary["title"].dtype) == "string"
    assert summary["year"].isna().all() and str(summary["year"].dtype) == "Int64"


def test_single_table_functions(tmp_path):
    text = tmp_path / "soviet.txt"
    text.write_text(
        "The soviet met at night. The soviet voted for peace and bread.\n\n"
        "Then the soviet of workers met again, and the soviet voted.\n"
    )
    kwic = cl.kwic("soviet", text, width=2)
    assert len(kwic) == 4
    assert set(kwic["node"].str.lower()) == {"soviet"}
    # Sorted by the next word, as `kwic --sort 1R`: met, met, of, voted ... (text order on ties).
    ordered = cl.kwic("soviet", text, width=2, sort="1R")
    firsts = [r.split()[0].lower() for r in ordered["right"]]
    assert firsts == sorted(firsts) and len(ordered) == 4
    with pytest.raises(cl.UsageError) as info:
        cl.kwic("soviet", text, width=2, sort="3R")
    assert "--width 2" in str(info.value)
    colloc = cl.collocations("soviet", text, left=2, right=2, min_o11=1, collocate_stopwords="none")
    assert "voted" in set(colloc["collocate"])
    grams = cl.ngrams(text, min_n=2, max_n=2, min_freq=2)
    assert "the soviet" in set(grams["ngram"]) or grams.iloc[:, 0].astype(str).str.contains("soviet").any()
    assert len(cl.framing(table="framing_mentions")) > 0
    keyness = cl.compare("reed1919")
    assert len(keyness) > 0 and (keyness["target"] == "reed1919").all()


def test_keyness_top_and_all_as_keywords():
    # 200 over-used and 200 under-used words by default, as --keyness-top; all with keyness_all.
    top = cl.compare("reed1919", keyness_top=3)
    assert list(top["direction"]) == ["over"] * 3 + ["under"] * 3
    assert len(cl.compare("reed1919")) == 400
    every = cl.compare("reed1919", keyness_all=True)
    assert len(every) > 400
    assert list(top["word"][:3]) == list(every["word"][:3])
    with pytest.raises((ValueError, cl.UsageError)):
        cl.compare("reed1919", keyness_top=0)


def test_a_missing_file_is_named(tmp_path):
    missing = tmp_path / "no_such_memoir.txt"
    with pytest.raises(cl.InputNotFoundError) as info:
        cl.freq(missing)
    assert str(missing) in str(info.value)
    assert info.value.path == str(missing)
    assert isinstance(info.value, FileNotFoundError)


def test_bad_utf8_names_file_line_and_byte(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(b"First line.\nCaf\xe9 society.\n")
    with pytest.raises(cl.InputError) as info:
        cl.freq(bad)
    assert (info.value.line, info.value.offset) == (2, 15)
    assert "latin1.txt" in str(info.value) and "line 2" in str(info.value)


def test_bad_options_are_usage_errors():
    with pytest.raises(cl.UsageError, match="sort"):
        cl.collocations("soviet", sort="no_such_measure")
    with pytest.raises(ValueError):
        cl.compare("reed", alpha=2.0)
    # One replicate gave an interval that need not hold its estimate.
    for replicates in (1, 39, 100_001):
        with pytest.raises(ValueError, match="replicates"):
            cl.framing(replicates=replicates)
    # Thousands of threads only cost time to start (the command line's cap, 16 per core).
    with pytest.raises(cl.UsageError, match="threads=100000: at most"):
        cl.freq(threads=100_000)


def test_sentiment_matches_vader():
    # Values of the reference implementation (vaderSentiment 3.3.2).
    texts = [
        "VADER is smart, handsome, and funny.",
        "VADER is not smart, handsome, nor funny.",
        "The book was kind of good.",
        "",
    ]
    scores = cl.sentiment(texts)
    assert list(scores.columns) == ["line", "compound", "pos", "neu", "neg"]
    assert list(scores["line"]) == [1, 2, 3, 4]
    assert tuple(scores.iloc[0, 1:]) == (0.8316, 0.746, 0.254, 0.0)
    assert tuple(scores.iloc[1, 1:]) == (-0.7424, 0.0, 0.354, 0.646)
    assert tuple(scores.iloc[2, 1:]) == (0.3832, 0.343, 0.657, 0.0)
    assert tuple(scores.iloc[3, 1:]) == (0.0, 0.0, 0.0, 0.0)
