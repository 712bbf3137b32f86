//! The collocation and concordance tables of an analysis, labelled with the window options
//! the run counted: the options are given once, in [`super::Config`], and a table cannot be
//! asked with others (which would label one node's counts with another's name).

use std::cell::Cell;

use super::Analysis;
use crate::analyses::collocate::{
    rows_with, CollocationFilter, CollocationRow, KwicRow, KwicRows, WindowOptions,
};
use crate::error::{Error, Result};

impl Analysis {
    /// The window options the run counted, or [`Error::NotCounted`] if it counted none.
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, run::Analyzer, Error};
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let analysis = Analyzer::default().run(&corpus)?;
    /// assert!(matches!(analysis.counted_windows(), Err(Error::NotCounted { .. })));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn counted_windows(&self) -> Result<&WindowOptions> {
        self.window_options.as_deref().ok_or(Error::NotCounted {
            what: "collocation windows and concordance lines",
            option: "CountOptions::windows",
        })
    }

    /// Each counted node's label and its occurrences in the corpus, in the order the nodes
    /// were given: a node with 0 matched nothing.
    ///
    /// ```
    /// use corpus_lens::{collocate::WindowOptions, corpus::Corpus};
    /// use corpus_lens::{nodes::{MatchBy, NodeSet}, run::{Analyzer, Config, CountOptions}};
    /// let nodes = NodeSet::new(&["Kerensky", "Zinovievsk"], MatchBy::Word, false)?;
    /// let config = Config {
    ///     count: CountOptions { windows: Some(WindowOptions::new(nodes).into()), ..Default::default() },
    ///     ..Default::default()
    /// };
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let found = Analyzer::new(config).run(&corpus)?.node_freqs()?;
    /// assert_eq!(found[0].0, "Kerensky");
    /// assert!(found[0].1 > 0);
    /// assert_eq!(found[1], ("Zinovievsk".to_string(), 0));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn node_freqs(&self) -> Result<Vec<(String, u64)>> {
        let options = self.counted_windows()?;
        let mut totals = vec![0u64; options.nodes.nodes().len()];
        for w in self.windows.iter().flatten() {
            for (total, n) in totals.iter_mut().zip(&w.node_freq) {
                *total += n;
            }
        }
        let labels = options.nodes.nodes().iter().map(|n| n.label.clone());
        Ok(labels.zip(totals).collect())
    }

    /// The rows of `collocations.csv` (every counted node): the whole corpus first, then
    /// each document; see [`crate::analyses::collocate`] for the windows and the measures.
    /// [`Error::NotCounted`] if the run counted no windows.
    ///
    /// ```
    /// use corpus_lens::{collocate::{CollocationFilter, WindowOptions}, corpus::Corpus};
    /// use corpus_lens::{nodes::{MatchBy, NodeSet}, run::{Analyzer, Config, CountOptions}};
    /// let nodes = NodeSet::new(&["bourgeoisie"], MatchBy::Word, false)?;
    /// let config = Config {
    ///     count: CountOptions { windows: Some(WindowOptions::new(nodes).into()), ..Default::default() },
    ///     ..Default::default()
    /// };
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let rows = Analyzer::new(config).run(&corpus)?.collocations(&CollocationFilter::default())?;
    /// assert!(rows.iter().any(|r| r.collocate == "propertied" && r.o11 >= 2));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn collocations(&self, filter: &CollocationFilter) -> Result<Vec<CollocationRow>> {
        Ok(rows_with(
            &self.counts,
            &self.windows,
            self.counted_windows()?,
            filter,
        ))
    }

    /// [`Analysis::collocations`] of some of the counted nodes, named by their labels (as
    /// given, or differing only in case); a node the run did not count is
    /// [`Error::NodeNotCounted`].
    ///
    /// ```
    /// use corpus_lens::{collocate::{CollocationFilter, WindowOptions}, corpus::Corpus, Error};
    /// use corpus_lens::{nodes::{MatchBy, NodeSet}, run::{Analyzer, Config, CountOptions}};
    /// let nodes = NodeSet::new(&["bourgeoisie", "soviet"], MatchBy::Word, false)?;
    /// let config = Config {
    ///     count: CountOptions { windows: Some(WindowOptions::new(nodes).into()), ..Default::default() },
    ///     ..Default::default()
    /// };
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let analysis = Analyzer::new(config).run(&corpus)?;
    /// let filter = CollocationFilter::default();
    /// let rows = analysis.collocations_of(&["Soviet"], &filter)?;
    /// assert!(!rows.is_empty() && rows.iter().all(|r| r.node == "soviet"));
    /// let err = analysis.collocations_of(&["Kerensky"], &filter).unwrap_err();
    /// assert!(matches!(err, Error::NodeNotCounted { ref node, .. } if node == "Kerensky"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn collocations_of(
        &self,
        nodes: &[&str],
        filter: &CollocationFilter,
    ) -> Result<Vec<CollocationRow>> {
        let options = self.counted_windows()?;
        let labels: Vec<String> = options
            .nodes
            .nodes()
            .iter()
            .map(|n| n.label.clone())
            .collect();
        let mut wanted = Vec::with_capacity(nodes.len());
        for &node in nodes {
            let label = labels
                .iter()
                .find(|l| l.as_str() == node)
                .or_else(|| {
                    labels
                        .iter()
                        .find(|l| l.to_lowercase() == node.to_lowercase())
                })
                .ok_or_else(|| Error::NodeNotCounted {
                    node: node.to_string(),
                    counted: labels.clone(),
                })?;
            wanted.push(label.as_str());
        }
        let mut rows = rows_with(&self.counts, &self.windows, options, filter);
        rows.retain(|r| wanted.contains(&r.node.as_str()));
        Ok(rows)
    }

    /// The rows of `kwic.csv`, by document (corpus order) and position, read back from the
    /// documents' logs. [`Error::NotCounted`] if the run counted no windows.
    ///
    /// ```
    /// use corpus_lens::{collocate::WindowOptions, corpus::Corpus};
    /// use corpus_lens::{nodes::{MatchBy, NodeSet}, run::{Analyzer, Config, CountOptions}};
    /// let nodes = NodeSet::new(&["Constituent Assembly"], MatchBy::Word, false)?;
    /// let config = Config {
    ///     count: CountOptions { windows: Some(WindowOptions::new(nodes).into()), ..Default::default() },
    ///     ..Default::default()
    /// };
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let rows = Analyzer::new(config).run(&corpus)?.kwic()?;
    /// assert!(!rows.is_empty() && rows.iter().all(|r| r.node.starts_with("Constituent")));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn kwic(&self) -> Result<Vec<KwicRow>> {
        let error = Cell::new(None);
        let rows = self.kwic_lines(&error)?.collect();
        error.take().map_or(Ok(rows), Err)
    }

    /// The rows of [`Analysis::kwic`] one at a time, for a table writer that streams them:
    /// an error reading a log back ends the rows and is left in `error`.
    ///
    /// ```
    /// use std::cell::Cell;
    /// use corpus_lens::{collocate::WindowOptions, corpus::Corpus};
    /// use corpus_lens::{nodes::{MatchBy, NodeSet}, run::{Analyzer, Config, CountOptions}};
    /// let nodes = NodeSet::new(&["kerensky"], MatchBy::Word, false)?;
    /// let config = Config {
    ///     count: CountOptions { windows: Some(WindowOptions::new(nodes).into()), ..Default::default() },
    ///     ..Default::default()
    /// };
    /// let analysis = Analyzer::new(config).run(&Corpus::load_default()?)?;
    /// let error = Cell::new(None);
    /// let first = analysis.kwic_lines(&error)?.next().expect("a line");
    /// assert!(error.take().is_none());
    /// assert_eq!(first.node.to_lowercase(), "kerensky");
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn kwic_lines<'a>(&'a self, error: &'a Cell<Option<Error>>) -> Result<KwicRows<'a>> {
        Ok(KwicRows::from_parts(
            &self.counts,
            &self.windows,
            self.counted_windows()?,
            error,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyses::collocate::WindowOptions;
    use crate::corpus::Corpus;
    use crate::count::nodes::{MatchBy, NodeSet};
    use crate::run::{Analyzer, Config, CountOptions};

    fn analysis(nodes: &[&str], left: usize) -> Analysis {
        let mut options = WindowOptions::new(NodeSet::new(nodes, MatchBy::Word, false).unwrap());
        options.left = left;
        let config = Config {
            count: CountOptions {
                windows: Some(options.into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let corpus = Corpus::new(Corpus::load_default().unwrap().documents()[..1].to_vec());
        Analyzer::new(config).run(&corpus).unwrap()
    }

    /// The rows take the window the run counted: a run with a left window of 0 has no
    /// left-side counts, whatever a caller might have believed.
    #[test]
    fn rows_use_the_counted_window() {
        let a = analysis(&["soviet"], 0);
        let rows = a.collocations(&CollocationFilter::default()).unwrap();
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| r.o11_left == 0 && r.span == 5));
        assert_eq!(a.counted_windows().unwrap().left, 0);
    }

    /// Asking for a node that was not counted is a typed error naming the nodes that were.
    #[test]
    fn node_not_counted_is_an_error() {
        let a = analysis(&["soviet", "Kerensky"], 5);
        let err = a
            .collocations_of(&["bourgeoisie"], &CollocationFilter::default())
            .unwrap_err();
        match err {
            Error::NodeNotCounted { node, counted } => {
                assert_eq!(node, "bourgeoisie");
                assert_eq!(counted, ["soviet", "Kerensky"]);
            }
            other => panic!("{other}"),
        }
        let one = a
            .collocations_of(&["kerensky"], &CollocationFilter::default())
            .unwrap();
        let all = a.collocations(&CollocationFilter::default()).unwrap();
        let want: Vec<_> = all.into_iter().filter(|r| r.node == "Kerensky").collect();
        assert!(!want.is_empty());
        assert_eq!(one, want);
    }

    /// A run without windows has no collocations or concordance: NotCounted, not empty rows.
    #[test]
    fn tables_of_a_run_without_windows_are_errors() {
        let corpus = Corpus::new(Corpus::load_default().unwrap().documents()[..1].to_vec());
        let a = Analyzer::default().run(&corpus).unwrap();
        for err in [
            a.collocations(&CollocationFilter::default()).unwrap_err(),
            a.kwic().unwrap_err(),
            a.node_freqs().unwrap_err(),
        ] {
            assert!(matches!(err, Error::NotCounted { .. }), "{err}");
            assert!(err.to_string().contains("CountOptions::windows"));
        }
    }
}
