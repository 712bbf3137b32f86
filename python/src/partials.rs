//! Partial results from Python (docs/partials.md): list a corpus's documents, count some of
//! them into a partial file, merge partial files into tables.
//!
//! A shard can be counted from its own files alone ([`count_shard`]): the whole corpus is
//! then known by its document ids, which is all a partial's header and each document's
//! place need, so a worker reads only its shard's texts.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use ciborium::Value;
use corpus_lens::corpus::{Corpus, Document};
use corpus_lens::run::partial::{lexicon_hashes, read_header, Merger};
use corpus_lens::run::Analyzer;
use corpus_lens::tables::{Format, OutputDir};
use corpus_lens::Error;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::options::{Options, Settings};
use crate::tables::{Groups, Plan};
use crate::{rayon_pool, to_py};

/// A listed document: id, path, size in bytes, metadata in CBOR.
type Listed = (String, String, u64, Py<PyBytes>);

/// A partial's header as Python gets it: options, document ids, corpus documents, lexicons.
type HeaderTuple = (Vec<String>, Vec<String>, u64, Vec<(String, String)>);

/// The lexicon and model files a run reads, as the command line hashes them into a
/// partial's header.
fn lexicon_files(s: &Settings) -> Vec<PathBuf> {
    corpus_lens::run::partial::lexicon_files(&s.run.files())
}

/// The tables of `analyze`, with n-grams and lemmas if the options ask for them
/// (`ngrams=True`, `lemmas=True`, as `analyze`'s keywords).
fn groups_of(o: &Options<'_>) -> PyResult<Groups> {
    Ok(Groups {
        ngrams: o.get::<bool>("ngrams")?.unwrap_or(false),
        lemmas: o.get::<bool>("lemmas")?.unwrap_or(false),
        ..Groups::analyze()
    })
}

/// Runs `f` on `threads` threads if given (the tables' jobs too), else on the global pool.
fn in_threads<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> Result<T, Error> + Send,
) -> Result<T, Error> {
    match threads {
        Some(n) => rayon_pool(n)?.install(f),
        None => f(),
    }
}

/// Reads the analysis options and runs `f` with them, without the GIL and on the options'
/// threads: what every function that counts does first.
fn counting<T: Send>(
    py: Python<'_>,
    options: Bound<'_, PyDict>,
    f: impl FnOnce(&Groups, &Settings) -> Result<T, Error> + Send,
) -> PyResult<T> {
    let o = Options(options);
    let (g, s) = (groups_of(&o)?, Settings::read(&o)?);
    py.detach(|| in_threads(s.run.threads, || f(&g, &s)))
        .map_err(|e| to_py(py, e))
}

fn cbor_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Usage(format!("{what}: {e}"))
}

/// The documents of `inputs` in corpus order, without reading their texts: (id, path, size
/// of the file in bytes, the document's metadata in CBOR for [`count_shard`]).
#[pyfunction]
#[pyo3(signature = (inputs, options))]
pub(crate) fn documents(
    py: Python<'_>,
    inputs: Vec<PathBuf>,
    options: Bound<'_, PyDict>,
) -> PyResult<Vec<Listed>> {
    let settings = Settings::read(&Options(options))?;
    let listed = py
        .detach(|| {
            let corpus = Corpus::from_inputs_with(&inputs, settings.run.policy())?;
            let mut listed = Vec::with_capacity(corpus.documents().len());
            for d in corpus.documents() {
                let bytes = std::fs::metadata(&d.path).map_or(0, |m| m.len());
                let mut blob = Vec::new();
                ciborium::into_writer(d, &mut blob).map_err(|e| cbor_error(&d.id, e))?;
                listed.push((d.id.clone(), d.path.display().to_string(), bytes, blob));
            }
            Ok(listed)
        })
        .map_err(|e| to_py(py, e))?;
    Ok(listed
        .into_iter()
        .map(|(id, path, bytes, blob)| (id, path, bytes, PyBytes::new(py, &blob).unbind()))
        .collect())
}

/// Counts `corpus` (or the `chosen` documents of it) into the partial file `path`.
fn count(
    corpus: &Corpus,
    chosen: Option<&[String]>,
    path: &Path,
    (groups, s): (&Groups, &Settings),
    header_options: Vec<String>,
) -> Result<Vec<String>, Error> {
    let plan = Plan::new(groups, s)?;
    let analyzer = Analyzer::new(s.run.config(plan.count(groups, s)?));
    let lexicons = lexicon_files(s);
    let header = analyzer.count_partial(corpus, chosen, header_options, &lexicons, path)?;
    Ok(header.documents)
}

/// Counts the documents `chosen` (all if `None`) of the corpus of `inputs` into the partial
/// file `path`; `header_options` are the options as the header records them. Gives the ids
/// counted.
#[pyfunction]
#[pyo3(signature = (inputs, path, chosen, options, header_options))]
pub(crate) fn count_partial(
    py: Python<'_>,
    inputs: Vec<PathBuf>,
    path: PathBuf,
    chosen: Option<Vec<String>>,
    options: Bound<'_, PyDict>,
    header_options: Vec<String>,
) -> PyResult<Vec<String>> {
    counting(py, options, |g, s| {
        let corpus = Corpus::from_inputs_with(&inputs, s.run.policy())?;
        count(&corpus, chosen.as_deref(), &path, (g, s), header_options)
    })
}

/// Counts one shard into the partial file `path` reading only the shard's files. `corpus`:
/// the whole corpus's document ids, in order. `shard`: per document, its id, its metadata
/// from [`documents`] (or `None` for a plain text file), the local file to read and the
/// path the tables show (`corpus_summary.csv`'s `path`: the file's own name, e.g. its URL,
/// rather than where a worker copied it).
#[pyfunction]
#[pyo3(signature = (corpus, shard, path, options, header_options))]
pub(crate) fn count_shard(
    py: Python<'_>,
    corpus: Vec<String>,
    shard: Vec<(String, Option<Vec<u8>>, PathBuf, String)>,
    path: PathBuf,
    options: Bound<'_, PyDict>,
    header_options: Vec<String>,
) -> PyResult<Vec<String>> {
    counting(py, options, |g, s| {
        let mut mine: HashMap<String, Document> = HashMap::new();
        let mut shown = HashMap::new();
        let mut chosen = Vec::with_capacity(shard.len());
        for (id, blob, local, show) in shard {
            let mut document = match blob {
                Some(blob) => ciborium::from_reader::<Document, _>(blob.as_slice())
                    .map_err(|e| cbor_error(&id, e))?,
                None => Corpus::from_inputs_with(&[&local], s.run.policy())?.documents()[0].clone(),
            };
            document.id = id.clone();
            document.path = local.clone();
            if local.display().to_string() != show {
                shown.insert(id.clone(), show);
            }
            chosen.push(id.clone());
            if mine.insert(id.clone(), document).is_some() {
                return Err(Error::Usage(format!(
                    "document '{id}' is twice in the shard"
                )));
            }
        }
        let mut all = Vec::with_capacity(corpus.len());
        for id in &corpus {
            // Only the ids of the other documents count: for the header's corpus hash
            // and each document's place.
            all.push(
                mine.remove(id)
                    .unwrap_or_else(|| Document::bare(id.clone(), "")),
            );
        }
        if let Some(id) = mine.keys().next() {
            return Err(Error::Usage(format!(
                "document '{id}' of the shard is not in the corpus's ids"
            )));
        }
        let ids = count(
            &Corpus::new(all),
            Some(&chosen),
            &path,
            (g, s),
            header_options,
        )?;
        if !shown.is_empty() {
            show_paths(&path, &shown)?;
        }
        Ok(ids)
    })
}

/// Rewrites the partial file `path` with each document's `path` as `shown` gives it by id.
/// The body is a CBOR sequence (docs/partials.md): the word lists, then one map per
/// document holding its `document` map; each item is copied, one at a time.
fn show_paths(path: &Path, shown: &HashMap<String, String>) -> Result<(), Error> {
    let io = |source: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = BufReader::new(File::open(path).map_err(io)?);
    let mut start = [0u8; 16];
    reader.read_exact(&mut start).map_err(io)?;
    let len = u64::from_le_bytes(start[8..].try_into().expect("8 bytes"));
    let mut head = vec![0; len as usize];
    reader.read_exact(&mut head).map_err(io)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let file = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    let mut out = BufWriter::new(file);
    out.write_all(&start).map_err(io)?;
    out.write_all(&head).map_err(io)?;
    while !reader.fill_buf().map_err(io)?.is_empty() {
        let mut item: Value =
            ciborium::from_reader(&mut reader).map_err(|e| cbor_error("partial", e))?;
        show_path(&mut item, shown);
        ciborium::into_writer(&item, &mut out).map_err(|e| cbor_error("partial", e))?;
    }
    let file = out.into_inner().map_err(|e| io(e.into_error()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let readable = std::fs::Permissions::from_mode(0o644);
        file.as_file().set_permissions(readable).map_err(io)?;
    }
    file.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// Sets the `path` of a saved document's `document` map as `shown` gives it for its id.
fn show_path(item: &mut Value, shown: &HashMap<String, String>) {
    let Value::Map(saved) = item else { return };
    for (key, document) in saved.iter_mut() {
        let (Some("document"), Value::Map(document)) = (key.as_text(), document) else {
            continue;
        };
        let id = document
            .iter()
            .find(|(k, _)| k.as_text() == Some("id"))
            .and_then(|(_, v)| v.as_text());
        let Some(show) = id.and_then(|id| shown.get(id)).cloned() else {
            continue;
        };
        for (key, value) in document.iter_mut() {
            if key.as_text() == Some("path") {
                *value = Value::Text(show.clone());
            }
        }
    }
}

/// A partial file's header: (options, document ids, corpus documents, lexicons).
#[pyfunction]
pub(crate) fn partial_header(py: Python<'_>, path: PathBuf) -> PyResult<HeaderTuple> {
    let header = py.detach(|| read_header(&path)).map_err(|e| to_py(py, e))?;
    Ok((
        header.options,
        header.documents,
        header.corpus_documents,
        header.lexicons,
    ))
}

/// Merges the partial files `paths` (counted with `options`, which the header records as
/// `header_options`) and writes analyze's tables into the folder `out` in `format`, or, with
/// no `out`, returns them as (name, Arrow IPC stream) pairs.
#[pyfunction]
#[pyo3(signature = (paths, out, format, options, header_options))]
pub(crate) fn merge_partials(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    out: Option<PathBuf>,
    format: String,
    options: Bound<'_, PyDict>,
    header_options: Vec<String>,
) -> PyResult<Vec<(String, Py<PyBytes>)>> {
    let o = Options(options);
    let (g, s) = (groups_of(&o)?, Settings::read(&o)?);
    let format = match format.as_str() {
        "csv" => Format::Csv,
        "parquet" => Format::Parquet,
        other => {
            return Err(to_py(
                py,
                Error::Usage(format!("format={other:?}: give \"csv\" or \"parquet\"")),
            ))
        }
    };
    let tables = py
        .detach(|| {
            in_threads(s.run.threads, || {
                let groups = g;
                let plan = Plan::new(&groups, &s)?;
                let (header, mut merger) = Merger::open(&paths)?;
                if header.options != header_options {
                    return Err(Error::Usage(format!(
                        "{}: counted with the options {:?}, but the merge has {:?}",
                        paths[0].display(),
                        header.options,
                        header_options
                    )));
                }
                let lexicons = lexicon_files(&s);
                let here = lexicon_hashes(&lexicons)?;
                if here != header.lexicons {
                    return Err(Error::Usage(format!(
                        "{}: counted with the lexicons and models {:?}, but here they are \
                         {:?}; merge with the files the partials were counted with",
                        paths[0].display(),
                        header.lexicons,
                        here
                    )));
                }
                let analyzer = Analyzer::new(s.run.config(plan.count(&groups, &s)?));
                let (corpus, mut analysis) = merger.run(&analyzer)?;
                match &out {
                    Some(dir) => {
                        let mut inputs: Vec<PathBuf> =
                            corpus.documents().iter().map(|d| d.path.clone()).collect();
                        inputs.extend(lexicons);
                        let sink = OutputDir::create_as(dir, &inputs, format)?;
                        plan.write(&groups, &s, &corpus, &mut analysis, &sink)?;
                        sink.commit()?;
                        Ok(Vec::new())
                    }
                    None => {
                        let sink = corpus_lens::tables::arrow_tables::ArrowTables::new();
                        plan.write(&groups, &s, &corpus, &mut analysis, &sink)?;
                        Ok(sink.into_tables())
                    }
                }
            })
        })
        .map_err(|e| to_py(py, e))?;
    crate::to_bytes(py, tables)
}

/// Merges the partial files `paths` into one partial file `partial` (a merge task of a
/// tree: it merges like any other partial).
#[pyfunction]
#[pyo3(signature = (paths, partial))]
pub(crate) fn merge_to_partial(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    partial: PathBuf,
) -> PyResult<Vec<String>> {
    py.detach(|| {
        let (_, mut merger) = Merger::open(&paths)?;
        Ok(merger.write_partial(&partial)?.documents)
    })
    .map_err(|e| to_py(py, e))
}
