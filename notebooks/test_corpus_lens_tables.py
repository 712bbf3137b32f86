"""Tests of corpus_lens_tables.read_table on small folders made here.

    python -m unittest discover -s notebooks -p 'test_*.py'
"""

import os
import tempfile
import unittest

import pandas as pd

from corpus_lens_tables import SchemaMismatch, out_dir, read_table, table_exists

SCHEMA = """table,column,position,type,description
freq,word,0,string,the word
freq,freq,1,integer,occurrences
freq,per_million,2,float,per million
collocations.csv,collocate,0,string,the collocate
collocations.csv,o11,1,integer,co-occurrences
collocations.csv,mi,2,float,MI
collocations.csv,impossible,3,boolean,negative cell
"""

FREQ = "word,freq,per_million\nthe,10,100.5\nna,2,\nnull,1,3.0\ntrue,1,3.0\n"
COLLOCATIONS = "collocate,o11,mi,impossible\nparties,5,6.1,false\nthe,,,true\n"


class ReadTableTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        with open(os.path.join(self.out, name), "w", encoding="utf-8") as f:
            f.write(text)

    def test_schema_dtypes(self):
        self.write("schema.csv", SCHEMA)
        self.write("freq.csv", FREQ)
        self.write("collocations.csv", COLLOCATIONS)
        freq = read_table(self.out, "freq")
        self.assertEqual(
            [str(t) for t in freq.dtypes], ["string", "Int64", "float64"]
        )
        self.assertEqual(list(freq["word"]), ["the", "na", "null", "true"])
        self.assertTrue(pd.isna(freq.loc[1, "per_million"]))
        coll = read_table(self.out, "collocations.csv")
        self.assertEqual(
            [str(t) for t in coll.dtypes], ["string", "Int64", "float64", "boolean"]
        )
        self.assertFalse(coll.loc[0, "impossible"])
        self.assertTrue(coll.loc[1, "impossible"])
        self.assertTrue(pd.isna(coll.loc[1, "o11"]))

    def test_header_must_match_schema(self):
        self.write("schema.csv", SCHEMA)
        for header in ["freq,word,per_million", "word,freq", "word,freq,per_million,extra"]:
            self.write("freq.csv", header + "\n")
            with self.assertRaises(SchemaMismatch):
                read_table(self.out, "freq")

    def test_without_schema_pandas_defaults(self):
        self.write("freq.csv", FREQ)
        freq = read_table(self.out, "freq")
        self.assertEqual(str(freq["freq"].dtype), "int64")
        # only empty cells are missing, even without a schema
        self.assertEqual(list(freq["word"]), ["the", "na", "null", "true"])

    def test_table_not_in_schema_uses_defaults(self):
        self.write("schema.csv", SCHEMA)
        self.write("framing_matrix.csv", "document,faction,mentions,strength\nd,f,3,0.5\n")
        matrix = read_table(self.out, "framing_matrix")
        self.assertEqual(str(matrix["mentions"].dtype), "int64")

    def test_missing_table(self):
        self.assertFalse(table_exists(self.out, "keyness"))
        with self.assertRaises(FileNotFoundError):
            read_table(self.out, "keyness")

    def test_out_dir(self):
        old = os.environ.pop("CORPUS_LENS_OUT", None)
        try:
            self.assertEqual(out_dir(), os.path.join("..", "out"))
            os.environ["CORPUS_LENS_OUT"] = self.out
            self.assertEqual(out_dir(), self.out)
        finally:
            os.environ.pop("CORPUS_LENS_OUT", None)
            if old is not None:
                os.environ["CORPUS_LENS_OUT"] = old


if __name__ == "__main__":
    unittest.main()
