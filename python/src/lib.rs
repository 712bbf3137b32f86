//! `corpus_lens._native`: the extension module behind the Python package `corpus_lens`.
//!
//! A thin layer over the library: the options are read into the library's types
//! ([`options`]), the engine counts the corpus, the library's table jobs
//! (`corpus_lens::tables::jobs`, the command line's too) write into memory as Arrow record
//! batches, and each table goes to Python as an Arrow IPC stream, which pyarrow reads and
//! pandas takes with its types. The interpreter is released while the library works.

mod options;
mod partials;
mod tables;

use std::path::PathBuf;

use arrow_array::RecordBatch;
use corpus_lens::framing::sentiment;
use corpus_lens::run::options::Spelling;
use corpus_lens::tables::arrow_tables::ArrowTables;
use corpus_lens::tables::TableSink;
use corpus_lens::Error;
use pyo3::create_exception;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use options::{Options, Settings};
use tables::{tables, Groups};

// As in the command line: the engine's paragraph results are allocated on worker threads and
// freed on the merging thread, which glibc's malloc handles slowly (Rust's allocations only;
// Python's objects keep Python's allocator).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(
    _native,
    NativeError,
    pyo3::exceptions::PyException,
    "An error of the library: args are (kind, message, details dict)."
);

/// The library's error as a [`NativeError`]: its variant's name, its message (which names
/// the file and place), and the place as fields (`path`, `line`, `column`, `offset`).
fn to_py(py: Python<'_>, error: Error) -> PyErr {
    let details = PyDict::new(py);
    let set = |k: &str, v: Py<PyAny>| {
        let _ = details.set_item(k, v);
    };
    let path = |p: &std::path::Path| p.display().to_string();
    let kind = match &error {
        Error::NotFound { path: p } => {
            set(
                "path",
                path(p).into_pyobject(py).unwrap().into_any().unbind(),
            );
            "NotFound"
        }
        Error::Io { path: p, .. } | Error::OutOfMemory { path: p, .. } => {
            set(
                "path",
                path(p).into_pyobject(py).unwrap().into_any().unbind(),
            );
            "Io"
        }
        Error::InvalidUtf8 {
            path: p,
            offset,
            line,
        }
        | Error::Binary {
            path: p,
            offset,
            line,
        } => {
            set(
                "path",
                path(p).into_pyobject(py).unwrap().into_any().unbind(),
            );
            set(
                "offset",
                offset.into_pyobject(py).unwrap().into_any().unbind(),
            );
            set("line", line.into_pyobject(py).unwrap().into_any().unbind());
            "Input"
        }
        Error::Utf16 { path: p }
        | Error::Utf32 { path: p }
        | Error::FileChanged { path: p, .. }
        | Error::EmptyFile { path: p }
        | Error::NotRegularFile { path: p, .. }
        | Error::NoTextFiles { path: p }
        | Error::Format { path: p, .. }
        | Error::NotEnglish { path: p, .. } => {
            set(
                "path",
                path(p).into_pyobject(py).unwrap().into_any().unbind(),
            );
            "Input"
        }
        Error::Manifest {
            path: p,
            line,
            column,
            ..
        } => {
            set(
                "path",
                path(p).into_pyobject(py).unwrap().into_any().unbind(),
            );
            set("line", line.into_pyobject(py).unwrap().into_any().unbind());
            set(
                "column",
                column.into_pyobject(py).unwrap().into_any().unbind(),
            );
            "Manifest"
        }
        Error::MarkerNotFound { path: p, .. } | Error::DuplicateId { second: p, .. } => {
            set(
                "path",
                path(p).into_pyobject(py).unwrap().into_any().unbind(),
            );
            "Manifest"
        }
        Error::Usage(_) | Error::DuplicateColumn { .. } => "Usage",
        Error::Threads { .. } => "Io",
        Error::Data { path: p, line, .. }
        | Error::Gold { path: p, line, .. }
        | Error::Conllu { path: p, line, .. } => {
            set(
                "path",
                path(p).into_pyobject(py).unwrap().into_any().unbind(),
            );
            set("line", line.into_pyobject(py).unwrap().into_any().unbind());
            "Data"
        }
        Error::Model { path: p, .. } | Error::Csv { path: p, .. } => {
            set(
                "path",
                path(p).into_pyobject(py).unwrap().into_any().unbind(),
            );
            "Data"
        }
        _ => "Error",
    };
    NativeError::new_err((kind, error.to_string(), details.unbind()))
}

/// One table as an Arrow IPC stream.
fn ipc_bytes(name: &str, batch: &RecordBatch) -> Result<Vec<u8>, Error> {
    let fault = |e: arrow_schema::ArrowError| Error::Data {
        path: PathBuf::from(name),
        line: 0,
        message: e.to_string(),
    };
    let mut writer =
        arrow_ipc::writer::StreamWriter::try_new(Vec::new(), &batch.schema()).map_err(fault)?;
    writer.write(batch).map_err(fault)?;
    writer.into_inner().map_err(fault)
}

fn rayon_pool(threads: usize) -> Result<rayon::ThreadPool, Error> {
    corpus_lens::run::options::check_threads(threads, Spelling::Keyword)?;
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))
}

fn to_bytes(
    py: Python<'_>,
    tables: Vec<(String, RecordBatch)>,
) -> PyResult<Vec<(String, Py<PyBytes>)>> {
    let mut out = Vec::with_capacity(tables.len());
    for (name, batch) in tables {
        let bytes = py
            .detach(|| ipc_bytes(&name, &batch))
            .map_err(|e| to_py(py, e))?;
        out.push((name, PyBytes::new(py, &bytes).unbind()));
    }
    Ok(out)
}

/// Runs the engine on `inputs` (the shipped corpus if empty) and returns the tables of
/// `groups` as (name, Arrow IPC stream) pairs, in name order.
#[pyfunction]
#[pyo3(signature = (inputs, groups, options))]
fn run(
    py: Python<'_>,
    inputs: Vec<PathBuf>,
    groups: Vec<String>,
    options: Bound<'_, PyDict>,
) -> PyResult<Vec<(String, Py<PyBytes>)>> {
    let g = Groups::of(&groups)?;
    let settings = Settings::read(&Options(options))?;
    let tables = py
        .detach(|| match settings.run.threads {
            // The tables' jobs on as many threads as the counting (results are the same).
            Some(n) => rayon_pool(n)?.install(|| tables(&inputs, &g, &settings)),
            None => tables(&inputs, &g, &settings),
        })
        .map_err(|e| to_py(py, e))?;
    to_bytes(py, tables)
}

/// VADER's scores of each text, as the `sentiment` table's Arrow IPC stream.
#[pyfunction]
fn sentiment_scores(py: Python<'_>, texts: Vec<String>) -> PyResult<Py<PyBytes>> {
    let bytes = py
        .detach(|| {
            let sink = ArrowTables::new();
            sink.write(
                &corpus_lens::tables::SENTIMENT,
                sentiment::score_texts(&texts),
            )?;
            let (name, batch) = sink.into_tables().remove(0);
            ipc_bytes(&name, &batch)
        })
        .map_err(|e| to_py(py, e))?;
    Ok(PyBytes::new(py, &bytes).unbind())
}

/// The declared schema of every table (`corpus-lens schema`), as CSV text.
#[pyfunction]
fn schema_csv(py: Python<'_>) -> PyResult<String> {
    let mut out = Vec::new();
    corpus_lens::tables::write_declared_schema(&mut out).map_err(|e| to_py(py, e))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(sentiment_scores, m)?)?;
    m.add_function(wrap_pyfunction!(schema_csv, m)?)?;
    m.add_function(wrap_pyfunction!(partials::documents, m)?)?;
    m.add_function(wrap_pyfunction!(partials::count_partial, m)?)?;
    m.add_function(wrap_pyfunction!(partials::count_shard, m)?)?;
    m.add_function(wrap_pyfunction!(partials::partial_header, m)?)?;
    m.add_function(wrap_pyfunction!(partials::merge_partials, m)?)?;
    m.add_function(wrap_pyfunction!(partials::merge_to_partial, m)?)?;
    m.add("NativeError", m.py().get_type::<NativeError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
