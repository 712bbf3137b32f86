//! The keyword options of the Python functions, read into the library's [`RunOptions`],
//! which holds the defaults and checks them (the command line fills the same struct). The
//! names are the command line's (`--min-freq` is `min_freq`).

use corpus_lens::run::options::{
    RunOptions, Spelling, CORRECTIONS, COUNTING, MATCH_BY, PARTS, WITHIN,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The options as given (`None`: not given, the default applies).
pub(crate) struct Options<'py>(pub(crate) Bound<'py, PyDict>);

impl<'py> Options<'py> {
    pub(crate) fn get<T: for<'a> FromPyObject<'a, 'py>>(&self, name: &str) -> PyResult<Option<T>> {
        match self.0.get_item(name)? {
            Some(v) if !v.is_none() => Ok(Some(v.extract::<T>().map_err(|e| {
                let e: PyErr = e.into();
                pyo3::exceptions::PyTypeError::new_err(format!("{name}: {e}"))
            })?)),
            _ => Ok(None),
        }
    }

    /// Sets `field` to the option `name` if it was given.
    fn set<T: for<'a> FromPyObject<'a, 'py>>(&self, name: &str, field: &mut T) -> PyResult<()> {
        if let Some(value) = self.get(name)? {
            *field = value;
        }
        Ok(())
    }

    /// The choice named by the option `name`, if it was given.
    fn choice<T: Copy>(&self, name: &str, choices: &[(&str, T)]) -> PyResult<Option<T>> {
        let Some(value) = self.get::<String>(name)? else {
            return Ok(None);
        };
        Spelling::Keyword
            .choose(name, &value, choices)
            .map(Some)
            .map_err(|e| crate::to_py(self.0.py(), e))
    }
}

/// Everything a run needs, read while the interpreter is held.
pub(crate) struct Settings {
    /// The options the command line has too.
    pub(crate) run: RunOptions,
    /// KWIC sort keys (`kwic(sort=...)`, the CLI's `kwic --sort`).
    pub(crate) kwic_sort: Option<String>,
    /// The nodes given (none: the default nodes, by stem).
    pub(crate) nodes: Vec<String>,
    /// `compare`'s target documents.
    pub(crate) target: Vec<String>,
    /// `compare`'s reference documents.
    pub(crate) reference: Vec<String>,
}

impl Settings {
    pub(crate) fn read(o: &Options<'_>) -> PyResult<Settings> {
        let mut r = RunOptions {
            spelling: Spelling::Keyword,
            ..RunOptions::default()
        };
        if let Some(format) = o.get::<String>("input_format")? {
            r.input_format = format
                .parse()
                .map_err(|e: String| pyo3::exceptions::PyValueError::new_err(e))?;
        }
        r.threads = o.get("threads")?;
        r.parts = o.choice("parts", PARTS)?;
        r.by = o.choice("by", MATCH_BY)?;
        if let Some(within) = o.choice("within", WITHIN)? {
            r.within = within;
        }
        if let Some(counting) = o.choice("counting", COUNTING)? {
            r.counting = counting;
        }
        if let Some(correction) = o.choice("correction", CORRECTIONS)? {
            r.correction = correction;
        }
        o.set("lossy", &mut r.lossy)?;
        o.set("allow_outside", &mut r.allow_outside)?;
        o.set("keep_numbers", &mut r.keep_numbers)?;
        o.set("keep_matter", &mut r.keep_matter)?;
        o.set("case_sensitive", &mut r.case_sensitive)?;
        o.set("left", &mut r.left)?;
        o.set("right", &mut r.right)?;
        o.set("width", &mut r.width)?;
        r.stopwords = o.get("stopwords")?;
        o.set("min_freq", &mut r.min_freq)?;
        o.set("min_o11", &mut r.min_o11)?;
        o.set("min_collocate_freq", &mut r.min_collocate_freq)?;
        o.set("sort", &mut r.sort)?;
        r.top = o.get("top")?;
        o.set("collocate_stopwords", &mut r.collocate_stopwords)?;
        o.set("min_range", &mut r.min_range)?;
        o.set("matrix_top", &mut r.matrix_top)?;
        o.set("min_n", &mut r.min_n)?;
        o.set("max_n", &mut r.max_n)?;
        o.set("ngram_min_freq", &mut r.ngram_min_freq)?;
        o.set("keyness_min_freq", &mut r.keyness_min_freq)?;
        match (
            o.get::<bool>("keyness_all")?.unwrap_or(false),
            o.get::<usize>("keyness_top")?,
        ) {
            (true, Some(_)) => {
                return Err(pyo3::exceptions::PyValueError::new_err(
                    "keyness_top and keyness_all=True: give one",
                ))
            }
            (true, None) => r.keyness_top = None,
            (false, Some(top)) => r.keyness_top = Some(top),
            (false, None) => {}
        }
        o.set("alpha", &mut r.alpha)?;
        r.factions = o.get("factions")?;
        r.lexicon = o.get("lexicon")?;
        r.window = o.get("window")?;
        r.model = o.get("model")?;
        r.verbs = o.get("verbs")?;
        o.set("no_stance", &mut r.no_stance)?;
        o.set("replicates", &mut r.replicates)?;
        o.set("seed", &mut r.seed)?;
        o.set("no_first_person", &mut r.no_first_person)?;
        o.set("min_mentions", &mut r.min_mentions)?;
        o.set("min_paragraphs", &mut r.min_paragraphs)?;
        o.set("linearize_from", &mut r.linearize_from)?;
        r.pos = o.get("pos")?;
        o.set("no_variants", &mut r.no_variants)?;
        r.variants = o.get("variants")?;
        Ok(Settings {
            run: r,
            kwic_sort: o.get("kwic_sort")?,
            nodes: o.get("nodes")?.unwrap_or_default(),
            target: o.get("target")?.unwrap_or_default(),
            reference: o.get("reference")?.unwrap_or_default(),
        })
    }
}
