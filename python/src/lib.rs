//! `corpus_lens._native`: the extension module behind the Python package `corpus_lens`.
//!
//! A thin layer over the library: the options are read into the library's types
//! ([`options`]), the engine counts the corpus, the library's table jobs
//! (`corpus_lens::tables::jobs`, the command line's too) write into memory as Arrow record
//! batches, and each table goes to Python as an Arrow IPC stream, which pyarrow reads and
//! pandas takes with its types. The interpreter is released while the library works.

mod options;

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::RecordBatch;
use corpus_lens::analyses::compare;
use corpus_lens::analyses::kwic_sort::SortKey;
use corpus_lens::analyses::lemmas::lemma_counts;
use corpus_lens::corpus::Corpus;
use corpus_lens::count::nodes::MatchBy;
use corpus_lens::framing::sentiment;
use corpus_lens::run::options::Spelling;
use corpus_lens::run::{Analyzer, CountOptions};
use corpus_lens::tables::arrow_tables::ArrowTables;
use corpus_lens::tables::jobs::{self, CompareInputs, Job};
use corpus_lens::tables::TableSink;
use corpus_lens::Error;
use pyo3::create_exception;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use options::{Options, Settings};

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

/// Which groups of tables a call asks for.
#[derive(Default)]
struct Groups {
    freq: bool,
    collocations: bool,
    kwic: bool,
    framing: bool,
    compare: bool,
    ngrams: bool,
    lemmas: bool,
}

impl Groups {
    fn of(names: &[String]) -> PyResult<Groups> {
        let mut g = Groups::default();
        for name in names {
            match name.as_str() {
                "freq" => g.freq = true,
                "collocations" => g.collocations = true,
                "kwic" => g.kwic = true,
                "framing" => g.framing = true,
                "compare" => g.compare = true,
                "ngrams" => g.ngrams = true,
                "lemmas" => g.lemmas = true,
                other => {
                    return Err(pyo3::exceptions::PyValueError::new_err(format!(
                        "unknown group of tables {other:?}"
                    )))
                }
            }
        }
        Ok(g)
    }
}

/// Counts the corpus of `inputs` and builds the tables of `groups`, as `corpus-lens analyze`
/// (all groups) or the single commands do.
fn tables(
    inputs: &[PathBuf],
    g: &Groups,
    s: &Settings,
) -> Result<Vec<(String, RecordBatch)>, Error> {
    let r = &s.run;
    let freq_options = r.freq()?;
    let filter = r.filter()?;
    let keyness = r.keyness(r.freq()?.stopwords)?;
    let needs_windows = g.collocations || g.kwic || g.compare;
    // Checked before the run: a bad key fails at once, not after counting.
    let kwic_keys = s
        .kwic_sort
        .as_deref()
        .map(|keys| SortKey::parse_within(keys, r.width))
        .transpose()?;
    let mut windows = r.node_windows(&s.nodes)?;
    let by_lemma = needs_windows && r.by == Some(MatchBy::Lemma);
    let (lemmas, pos) = if g.lemmas || by_lemma {
        let (lemmas, pos) = r.lemmas()?;
        if windows.nodes.by() == MatchBy::Lemma {
            let variants = &lemmas.variants;
            windows
                .nodes
                .fold_words(|w| variants.fold(w, w).map(str::to_string));
            windows.lemmas = Some(lemmas.clone());
            windows.pos = pos.clone();
        }
        (Some(lemmas), pos)
    } else {
        if r.pos.is_some() {
            return Err(Error::Usage(
                "pos filters lemmas or the node's tokens by tag: it needs lemmas=True or by=\"lemma\""
                    .into(),
            ));
        }
        (None, None)
    };
    let windows = Arc::new(windows);
    let framer = if g.framing || g.compare {
        Some(r.framer()?)
    } else {
        None
    };
    let corpus = Corpus::from_inputs_with(inputs, r.policy())?;
    let comparisons = match (g.compare, g.framing && g.freq) {
        // analyze: each document against the rest.
        (_, true) => compare::all_versus_rest(corpus.documents()),
        (true, false) => vec![compare::select(
            corpus.documents(),
            &s.target,
            &s.reference,
        )?],
        (false, false) => Vec::new(),
    };
    let summary = r.summary()?;
    let config = r.config(CountOptions {
        windows: needs_windows.then(|| windows.clone()),
        ngrams: if g.ngrams { Some(r.ngrams()?) } else { None },
        framing: framer.clone(),
        lemmas,
        ..Default::default()
    });
    let mut analysis = Analyzer::new(config).run(&corpus)?;
    let framed = analysis.take_framing();
    let keyness_counts = match (&analysis.lemmas, by_lemma) {
        (Some(tables), true) => Some(lemma_counts(&analysis, tables, pos.as_deref())),
        _ => None,
    };
    let sink = ArrowTables::new();
    let a = &analysis;
    let compare_inputs = framer.as_ref().map(|framer| CompareInputs {
        analysis: a,
        comparisons: &comparisons,
        keyness: &keyness,
        windows: &windows,
        min_o11: r.min_o11,
        framer,
        framed: &framed,
        summary,
        keyness_counts: keyness_counts.as_ref(),
    });
    let mut list: Vec<Job> = Vec::new();
    if g.freq {
        list.extend(jobs::freq_jobs(a, &freq_options, &sink));
    }
    if g.collocations {
        list.push(jobs::collocation_job(a, &filter, r.matrix_top, &sink));
    }
    if g.kwic {
        match &kwic_keys {
            Some(keys) => list.push(jobs::sorted_kwic_job(a, keys, &sink)),
            None => list.push(jobs::kwic_job(a, &sink)),
        }
    }
    if let (true, Some(framer)) = (g.framing, &framer) {
        let compared = g.compare.then_some(comparisons.as_slice());
        list.extend(jobs::framing_jobs(
            framer, &framed, summary, compared, &sink,
        ));
    }
    if let (true, Some(c)) = (g.compare, &compare_inputs) {
        list.extend(jobs::compare_jobs(c, !g.framing, &sink));
    }
    if g.ngrams {
        list.push(jobs::ngram_job(a, r.ngram_min_freq, &sink));
    }
    if let (true, Some(lemmas)) = (g.lemmas, &a.lemmas) {
        list.push(jobs::lemma_job(
            a,
            lemmas,
            &freq_options,
            pos.as_deref(),
            &sink,
        ));
    }
    jobs::run_jobs(list, |_| ())?;
    Ok(sink.into_tables())
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
    m.add("NativeError", m.py().get_type::<NativeError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
