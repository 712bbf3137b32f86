//! `--format parquet`: every table as `<table>.parquet` with the schema's types, the same rows
//! as the CSV tables, the same bytes at any thread count; one table to standard output.
//! (`scripts/check_parquet.py`, run by `.ci/run`, compares every value with pyarrow.)

mod common;

use std::fs;
use std::path::Path;

use arrow_array::{Array, Float64Array, Int64Array, RecordBatch, StringArray};
use common::{run_ok, tempdir, write, Table};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

const TEXT: &str = "The Soviet met at Smolny, and the Bolsheviks spoke.\n\n\
The Cadets feared the Soviet. The Mensheviks were swept aside by the Bolsheviks.\n\n\
The Provisional Government fell; the Soviet took power.\n";

fn read_parquet(path: &Path) -> Vec<RecordBatch> {
    let file = fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    reader.map(|b| b.unwrap()).collect()
}

/// The tables of schema.csv in `dir`, as (file, columns).
fn listed(dir: &Path) -> Vec<(String, Vec<(String, String)>)> {
    let schema = Table::read(&dir.join("schema.csv"));
    let mut tables: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for row in &schema.rows {
        let (table, column, kind) = (
            schema.get(row, "table"),
            schema.get(row, "column"),
            schema.get(row, "type"),
        );
        match tables.last_mut() {
            Some((name, columns)) if name == table => {
                columns.push((column.to_string(), kind.to_string()))
            }
            _ => tables.push((
                table.to_string(),
                vec![(column.to_string(), kind.to_string())],
            )),
        }
    }
    tables
}

#[test]
fn parquet_tables_have_the_schema_types_and_the_csv_rows() {
    let dir = tempdir();
    write(dir.path(), "memoir.txt", TEXT);
    run_ok(dir.path(), ["analyze", "memoir.txt", "--out", "csv", "-q"]);
    run_ok(
        dir.path(),
        [
            "analyze",
            "memoir.txt",
            "--out",
            "pq",
            "--format",
            "parquet",
            "-q",
        ],
    );
    let csv_tables = listed(&dir.path().join("csv"));
    let pq_tables = listed(&dir.path().join("pq"));
    assert_eq!(csv_tables.len(), pq_tables.len());
    for ((csv_name, csv_columns), (pq_name, pq_columns)) in csv_tables.iter().zip(&pq_tables) {
        if csv_name == "schema.csv" {
            continue;
        }
        assert_eq!(pq_name, &csv_name.replace(".csv", ".parquet"));
        assert_eq!(pq_columns, csv_columns, "{pq_name}");
        let batches = read_parquet(&dir.path().join("pq").join(pq_name));
        let csv = Table::read(&dir.path().join("csv").join(csv_name));
        let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
        assert_eq!(rows, csv.rows.len(), "{pq_name}");
        let Some(batch) = batches.first() else {
            continue;
        };
        let schema = batch.schema();
        for (field, (name, kind)) in schema.fields().iter().zip(pq_columns) {
            assert_eq!(field.name(), name, "{pq_name}");
            let expected = match kind.as_str() {
                "string" => "Utf8",
                "integer" => "Int64",
                "float" => "Float64",
                "boolean" => "Boolean",
                other => panic!("{pq_name}: type {other}"),
            };
            assert_eq!(
                format!("{:?}", field.data_type()),
                expected,
                "{pq_name}.{name}"
            );
        }
    }
    // Values: freq.csv's first row, cell for cell.
    let csv = Table::read(&dir.path().join("csv/freq.csv"));
    let batch = &read_parquet(&dir.path().join("pq/freq.parquet"))[0];
    let words = batch
        .column(0)
        .as_any()
        .downcast_ref::<StringArray>()
        .unwrap();
    let freqs = batch
        .column(1)
        .as_any()
        .downcast_ref::<Int64Array>()
        .unwrap();
    let per_million = batch
        .column(2)
        .as_any()
        .downcast_ref::<Float64Array>()
        .unwrap();
    let first = &csv.rows[0];
    assert_eq!(words.value(0), csv.get(first, "word"));
    assert_eq!(freqs.value(0).to_string(), csv.get(first, "freq"));
    let expected: f64 = csv.get(first, "per_million").parse().unwrap();
    assert_eq!(per_million.value(0).to_bits(), expected.to_bits());
    // An empty float cell is a null, not 0.
    let dp_norm = csv.column("dp_norm");
    for (i, row) in csv.rows.iter().enumerate() {
        assert_eq!(row[dp_norm].is_empty(), batch.column(dp_norm).is_null(i));
    }
}

#[test]
fn parquet_bytes_are_the_same_at_any_thread_count() {
    let dir = tempdir();
    write(dir.path(), "memoir.txt", TEXT.repeat(50));
    for threads in ["1", "2"] {
        let out = format!("pq{threads}");
        let args = [
            "analyze",
            "memoir.txt",
            "--format",
            "parquet",
            "-q",
            "-j",
            threads,
        ];
        run_ok(dir.path(), args.iter().copied().chain(["--out", &out]));
    }
    for entry in fs::read_dir(dir.path().join("pq1")).unwrap() {
        let name = entry.unwrap().file_name();
        let one = fs::read(dir.path().join("pq1").join(&name)).unwrap();
        let two = fs::read(dir.path().join("pq2").join(&name)).unwrap();
        assert!(one == two, "{name:?} differs between 1 and 2 threads");
    }
}

#[test]
fn one_table_commands_write_parquet_to_standard_output() {
    let dir = tempdir();
    write(dir.path(), "memoir.txt", TEXT);
    let output = common::command(
        dir.path(),
        [
            "kwic",
            "soviet",
            "-i",
            "memoir.txt",
            "--format",
            "parquet",
            "-q",
        ],
    )
    .output()
    .unwrap();
    common::assert_success(&output);
    assert!(output.stdout.starts_with(b"PAR1") && output.stdout.ends_with(b"PAR1"));
    let path = dir.path().join("kwic.parquet");
    fs::write(&path, &output.stdout).unwrap();
    let rows: usize = read_parquet(&path).iter().map(RecordBatch::num_rows).sum();
    assert_eq!(rows, 3);
}
