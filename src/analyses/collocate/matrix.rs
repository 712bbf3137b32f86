//! The node x collocate matrix of the corpus group ([`cooc_matrix`]) and its CSV file.

use ndarray::Array2;

use crate::analyses::collocate::rows::{by_measure, CollocationRow, Measure, CORPUS_GROUP};
use crate::rows::{Cell, CsvRows, RowSink};

/// The node x collocate matrix of the corpus group: for each node its `top` collocates by
/// `measure` (after the filter), the union of them as columns (ordered by first appearance:
/// node by node, best first), the measure's value in each cell (NaN where the pair was not
/// kept).
///
/// ```
/// use corpus_lens::collocate::{cooc_matrix, CollocationRow, Measure};
/// let row = |node: &str, c: &str, g: f64| CollocationRow { document: "(corpus)".into(),
///     node: node.into(), collocate: c.into(), o11: 2, o11_left: 1, o11_right: 1, f_node: 2,
///     f_collocate: 2, n: 100, e11: None, mi: None, mi3: None, t_score: None, z_score: None,
///     log_likelihood: Some(g), log_dice: None, dice: None, delta_p_collocate_given_node: None,
///     delta_p_node_given_collocate: None, chi2: None, log_ratio: None, span: 10,
///     impossible: false };
/// let rows = [row("a", "x", 3.0), row("a", "y", 2.0), row("b", "y", 5.0)];
/// let (nodes, collocates, m) = cooc_matrix(&rows, &["a".into(), "b".into()], Measure::LogLikelihood, 2);
/// assert_eq!(collocates, ["x", "y"]);
/// assert_eq!(m[[1, 1]], 5.0);
/// assert!(m[[1, 0]].is_nan());
/// # let _ = nodes;
/// ```
pub fn cooc_matrix(
    rows: &[CollocationRow],
    nodes: &[String],
    measure: Measure,
    top: usize,
) -> (Vec<String>, Vec<String>, Array2<f64>) {
    let corpus: Vec<&CollocationRow> = rows.iter().filter(|r| r.document == CORPUS_GROUP).collect();
    let mut columns: Vec<String> = Vec::new();
    for node in nodes {
        let mut mine: Vec<&&CollocationRow> = corpus.iter().filter(|r| &r.node == node).collect();
        mine.sort_by(|a, b| by_measure(measure, a, b));
        for r in mine.into_iter().take(top) {
            if !columns.contains(&r.collocate) {
                columns.push(r.collocate.clone());
            }
        }
    }
    let mut m = Array2::from_elem((nodes.len(), columns.len()), f64::NAN);
    for r in &corpus {
        let (Some(i), Some(j)) = (
            nodes.iter().position(|n| *n == r.node),
            columns.iter().position(|c| *c == r.collocate),
        ) else {
            continue;
        };
        m[[i, j]] = measure.of(r);
    }
    (nodes.to_vec(), columns, m)
}

/// The columns of `cooc_matrix.csv` for these collocates ([`crate::schema::COOC_MATRIX`]):
/// `node`, then one per collocate.
///
/// ```
/// let layout = corpus_lens::collocate::cooc_layout(&["power".into()]);
/// assert_eq!(layout.header(), ["node", "power"]);
/// ```
pub fn cooc_layout(collocates: &[String]) -> crate::schema::Layout {
    let names: Vec<&str> = collocates.iter().map(String::as_str).collect();
    crate::schema::COOC_MATRIX.layout(&names)
}

/// Writes the matrix as a wide CSV: a `node` column, then one column per collocate (the
/// header of [`cooc_layout`]).
///
/// ```
/// let m = ndarray::arr2(&[[1.5, f64::NAN]]);
/// let mut out = Vec::new();
/// corpus_lens::collocate::write_cooc_matrix(&mut out, &["soviet".into()], &["a".into(), "b,c".into()], &m)?;
/// assert_eq!(String::from_utf8(out).unwrap(), "node,a,\"b,c\"\nsoviet,1.5,\n");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn write_cooc_matrix(
    mut w: impl std::io::Write,
    nodes: &[String],
    collocates: &[String],
    m: &Array2<f64>,
) -> crate::Result<()> {
    let mut rows = CsvRows::new(&mut w, COOC_FILE);
    let mut header = Vec::new();
    cooc_layout(collocates).write_header(&mut header);
    rows.raw(&header);
    put_cooc_matrix(&mut rows, nodes, m)?;
    rows.finish()
}

/// Gives the rows of [`write_cooc_matrix`] (without the header) to `rows`, cell by cell.
///
/// ```
/// use corpus_lens::tables::CsvRows;
/// let m = ndarray::arr2(&[[1.5, f64::NAN]]);
/// let mut out = Vec::new();
/// let mut rows = CsvRows::new(&mut out, "cooc_matrix.csv");
/// corpus_lens::collocate::put_cooc_matrix(&mut rows, &["soviet".into()], &m)?;
/// rows.finish()?;
/// assert_eq!(out, b"soviet,1.5,\n");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn put_cooc_matrix(
    rows: &mut dyn RowSink,
    nodes: &[String],
    m: &Array2<f64>,
) -> crate::Result<()> {
    for (i, node) in nodes.iter().enumerate() {
        node.put(rows);
        for v in m.row(i) {
            v.put(rows);
        }
        rows.end_row()?;
    }
    Ok(())
}

/// File name of the co-occurrence matrix.
pub const COOC_FILE: &str = crate::schema::COOC_MATRIX.file;
