//! A table's row: how its values become cells, and the order of rows.
//!
//! The interface between the stages that make rows (analyses, framing) and the stage that
//! writes them ([`crate::tables`]): a row type names its columns and writes its fields as
//! cells ([`Row`], [`Cell`]), much as a type implements serde's `Serialize` without knowing
//! the format. It sits at the base of the crate so that no stage imports a later one to
//! describe its rows. [`crate::tables`] re-exports every item.
//!
//! A cell is written as RFC 4180 text: a float as the shortest text that reads back to the
//! same `f64`, a missing value (`None`, a NaN through [`finite`]) as an empty cell.

use rayon::prelude::*;

use crate::error::{Error, Result};

/// A float for a table: `None` (an empty cell) when not finite.
///
/// ```
/// assert_eq!(corpus_lens::tables::finite(f64::NAN), None);
/// assert_eq!(corpus_lens::tables::finite(0.5), Some(0.5));
/// ```
pub fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The order of rows in a frequency-like table: `counts` descending, then `texts`
/// ascending in byte order (the order `str` compares in), then index; returns the
/// indices in that order.
///
/// Sorting keys of two integers (the count and the text's first eight bytes) and
/// reading the texts only where both tie is several times faster on a large vocabulary
/// than comparing strings, whose bytes lie all over memory.
///
/// ```
/// use corpus_lens::tables::count_then_text_order;
/// let texts = ["soviet", "army", "soviets", "tsar"];
/// assert_eq!(count_then_text_order(&[2, 1, 2, 2], &texts)?, [0, 2, 3, 1]);
/// assert!(count_then_text_order(&[2, 1], &texts).unwrap_err().is_usage());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
///
/// # Errors
///
/// `Error::Usage` if there is not one count per text, or `2^32` texts or more (the indices
/// are `u32`).
pub fn count_then_text_order<S: AsRef<str> + Sync>(
    counts: &[u64],
    texts: &[S],
) -> Result<Vec<u32>> {
    if counts.len() != texts.len() {
        return Err(Error::Usage(format!(
            "{} counts for {} texts: give one count per text",
            counts.len(),
            texts.len()
        )));
    }
    if u32::try_from(texts.len()).is_err() {
        return Err(Error::Usage(format!(
            "{} texts: at most {} can be ordered",
            texts.len(),
            u32::MAX
        )));
    }
    Ok(order_by_count_then_text(counts, texts))
}

/// [`count_then_text_order`] for callers that hold one count per text and fewer than
/// `2^32` of them.
pub(crate) fn order_by_count_then_text<S: AsRef<str> + Sync>(
    counts: &[u64],
    texts: &[S],
) -> Vec<u32> {
    debug_assert_eq!(counts.len(), texts.len());
    let prefix = |s: &str| {
        let mut head = [0u8; 8];
        let n = s.len().min(8);
        head[..n].copy_from_slice(&s.as_bytes()[..n]);
        u64::from_be_bytes(head)
    };
    let mut keys: Vec<(std::cmp::Reverse<u64>, u64, u32)> = counts
        .par_iter()
        .zip(texts.par_iter())
        .enumerate()
        .map(|(i, (&c, t))| (std::cmp::Reverse(c), prefix(t.as_ref()), i as u32))
        .collect();
    keys.par_sort_unstable_by(|a, b| {
        (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| {
            let (x, y) = (texts[a.2 as usize].as_ref(), texts[b.2 as usize].as_ref());
            x.cmp(y).then(a.2.cmp(&b.2))
        })
    });
    keys.into_iter().map(|k| k.2).collect()
}

/// A table row: its column names and how it writes its fields.
///
/// Row types are declared with the `table_row!` macro, which generates both from the
/// struct's fields, so they cannot drift apart; a test checks them against each [`crate::schema::Schema`].
///
/// ```
/// use corpus_lens::tables::{write_csv, Cell, CellSink, Column, ColumnType, Row, Schema};
/// struct Count {
///     word: String,
///     count: u64,
/// }
/// impl Row for Count {
///     const COLUMNS: &'static [&'static str] = &["word", "count"];
///     fn write_fields(&self, out: &mut Vec<u8>) {
///         self.word.write_cell(out);
///         out.push(b',');
///         self.count.write_cell(out);
///     }
///     fn put_fields(&self, sink: &mut dyn CellSink) {
///         self.word.put(sink);
///         self.count.put(sink);
///     }
/// }
/// const COUNTS: Schema = Schema {
///     file: "counts.csv",
///     row: "one word",
///     order: "count descending",
///     columns: &[
///         Column { name: "word", kind: ColumnType::String, description: "the word", repeated: false },
///         Column { name: "count", kind: ColumnType::Integer, description: "occurrences", repeated: false },
///     ],
/// };
/// let rows = [Count { word: "soviet".into(), count: 2 }, Count { word: "\"tsar\", the".into(), count: 1 }];
/// let mut csv = Vec::new();
/// write_csv(&mut csv, &COUNTS, &rows)?;
/// assert_eq!(String::from_utf8(csv).unwrap(), "word,count\nsoviet,2\n\"\"\"tsar\"\", the\",1\n");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub trait Row {
    /// The column names, in order.
    const COLUMNS: &'static [&'static str];
    /// Appends the row's fields, comma-separated, without the line end.
    ///
    /// ```
    /// use corpus_lens::{freq::OcrRow, tables::Row};
    /// let row = OcrRow {
    ///     document: "reed".into(),
    ///     token: "thc".into(),
    ///     count: 3,
    ///     example: "in thc street, a crowd".into(),
    ///     reason: "known_misreading",
    /// };
    /// let mut out = Vec::new();
    /// row.write_fields(&mut out);
    /// assert_eq!(out, b"reed,thc,3,\"in thc street, a crowd\",known_misreading");
    /// assert_eq!(OcrRow::COLUMNS, ["document", "token", "count", "example", "reason"]);
    /// ```
    fn write_fields(&self, out: &mut Vec<u8>);

    /// Gives the row's fields, in column order, to a typed sink (the Arrow and Parquet
    /// writers): the same values as [`Row::write_fields`], without the text.
    ///
    /// ```
    /// use corpus_lens::{freq::OcrRow, tables::{CellSink, Row}};
    /// #[derive(Default)]
    /// struct Kinds(Vec<&'static str>);
    /// impl CellSink for Kinds {
    ///     fn text(&mut self, _: &str) { self.0.push("text") }
    ///     fn integer(&mut self, _: i64) { self.0.push("integer") }
    ///     fn float(&mut self, _: f64) { self.0.push("float") }
    ///     fn boolean(&mut self, _: bool) { self.0.push("boolean") }
    ///     fn null(&mut self) { self.0.push("null") }
    /// }
    /// let row = OcrRow { document: "reed".into(), token: "thc".into(), count: 3,
    ///     example: "in thc street".into(), reason: "known_misreading" };
    /// let mut kinds = Kinds::default();
    /// row.put_fields(&mut kinds);
    /// assert_eq!(kinds.0, ["text", "text", "integer", "text", "text"]);
    /// ```
    fn put_fields(&self, sink: &mut dyn CellSink);
}

impl<T: Row> Row for &T {
    const COLUMNS: &'static [&'static str] = T::COLUMNS;
    fn write_fields(&self, out: &mut Vec<u8>) {
        (**self).write_fields(out);
    }
    fn put_fields(&self, sink: &mut dyn CellSink) {
        (**self).put_fields(sink);
    }
}

/// Where a row's cells go as typed values rather than text: the Arrow and Parquet writers
/// ([`crate::tables`] with the `arrow` feature), or a caller's own.
///
/// A float that is not finite arrives as [`CellSink::null`], as it is an empty cell in CSV.
///
/// ```
/// use corpus_lens::tables::{Cell, CellSink};
/// struct Texts(Vec<String>);
/// impl CellSink for Texts {
///     fn text(&mut self, v: &str) { self.0.push(v.to_string()) }
///     fn integer(&mut self, v: i64) { self.0.push(v.to_string()) }
///     fn float(&mut self, v: f64) { self.0.push(v.to_string()) }
///     fn boolean(&mut self, v: bool) { self.0.push(v.to_string()) }
///     fn null(&mut self) { self.0.push("NA".into()) }
/// }
/// let mut sink = Texts(Vec::new());
/// for cell in [&"a, b" as &dyn Cell, &Some(0.5), &None::<f64>, &f64::NAN, &7u64, &true] {
///     cell.put(&mut sink);
/// }
/// assert_eq!(sink.0, ["a, b", "0.5", "NA", "NA", "7", "true"]);
/// ```
pub trait CellSink {
    /// A string cell.
    ///
    /// ```
    /// # use corpus_lens::tables::CellSink;
    /// # #[derive(Default)] struct Seen(Vec<String>);
    /// # impl CellSink for Seen {
    /// #     fn text(&mut self, v: &str) { self.0.push(format!("text {v}")) }
    /// #     fn integer(&mut self, v: i64) { self.0.push(format!("integer {v}")) }
    /// #     fn float(&mut self, v: f64) { self.0.push(format!("float {v}")) }
    /// #     fn boolean(&mut self, v: bool) { self.0.push(format!("boolean {v}")) }
    /// #     fn null(&mut self) { self.0.push("null".into()) }
    /// # }
    /// let mut sink = Seen::default();
    /// sink.text("soviet");
    /// assert_eq!(sink.0, ["text soviet"]);
    /// ```
    fn text(&mut self, value: &str);
    /// An integer cell.
    ///
    /// ```
    /// # use corpus_lens::tables::CellSink;
    /// # #[derive(Default)] struct Seen(Vec<String>);
    /// # impl CellSink for Seen {
    /// #     fn text(&mut self, v: &str) { self.0.push(format!("text {v}")) }
    /// #     fn integer(&mut self, v: i64) { self.0.push(format!("integer {v}")) }
    /// #     fn float(&mut self, v: f64) { self.0.push(format!("float {v}")) }
    /// #     fn boolean(&mut self, v: bool) { self.0.push(format!("boolean {v}")) }
    /// #     fn null(&mut self) { self.0.push("null".into()) }
    /// # }
    /// let mut sink = Seen::default();
    /// sink.integer(1917);
    /// assert_eq!(sink.0, ["integer 1917"]);
    /// ```
    fn integer(&mut self, value: i64);
    /// A finite float cell.
    ///
    /// ```
    /// # use corpus_lens::tables::CellSink;
    /// # #[derive(Default)] struct Seen(Vec<String>);
    /// # impl CellSink for Seen {
    /// #     fn text(&mut self, v: &str) { self.0.push(format!("text {v}")) }
    /// #     fn integer(&mut self, v: i64) { self.0.push(format!("integer {v}")) }
    /// #     fn float(&mut self, v: f64) { self.0.push(format!("float {v}")) }
    /// #     fn boolean(&mut self, v: bool) { self.0.push(format!("boolean {v}")) }
    /// #     fn null(&mut self) { self.0.push("null".into()) }
    /// # }
    /// let mut sink = Seen::default();
    /// sink.float(0.5);
    /// assert_eq!(sink.0, ["float 0.5"]);
    /// ```
    fn float(&mut self, value: f64);
    /// A boolean cell.
    ///
    /// ```
    /// # use corpus_lens::tables::CellSink;
    /// # #[derive(Default)] struct Seen(Vec<String>);
    /// # impl CellSink for Seen {
    /// #     fn text(&mut self, v: &str) { self.0.push(format!("text {v}")) }
    /// #     fn integer(&mut self, v: i64) { self.0.push(format!("integer {v}")) }
    /// #     fn float(&mut self, v: f64) { self.0.push(format!("float {v}")) }
    /// #     fn boolean(&mut self, v: bool) { self.0.push(format!("boolean {v}")) }
    /// #     fn null(&mut self) { self.0.push("null".into()) }
    /// # }
    /// let mut sink = Seen::default();
    /// sink.boolean(true);
    /// assert_eq!(sink.0, ["boolean true"]);
    /// ```
    fn boolean(&mut self, value: bool);
    /// A missing value (an empty cell in CSV).
    ///
    /// ```
    /// # use corpus_lens::tables::CellSink;
    /// # #[derive(Default)] struct Seen(Vec<String>);
    /// # impl CellSink for Seen {
    /// #     fn text(&mut self, v: &str) { self.0.push(format!("text {v}")) }
    /// #     fn integer(&mut self, v: i64) { self.0.push(format!("integer {v}")) }
    /// #     fn float(&mut self, v: f64) { self.0.push(format!("float {v}")) }
    /// #     fn boolean(&mut self, v: bool) { self.0.push(format!("boolean {v}")) }
    /// #     fn null(&mut self) { self.0.push("null".into()) }
    /// # }
    /// let mut sink = Seen::default();
    /// sink.null();
    /// assert_eq!(sink.0, ["null"]);
    /// ```
    fn null(&mut self);
}

/// Where the rows of a table whose columns depend on the run go, cell by cell: CSV text
/// ([`CsvRows`]), or typed columns (the Arrow and Parquet writers of [`crate::tables`]).
///
/// ```
/// use corpus_lens::tables::{CellSink, CsvRows, RowSink};
/// let mut out = Vec::new();
/// let mut rows = CsvRows::new(&mut out, "counts.csv");
/// rows.text("soviet");
/// rows.integer(2);
/// rows.end_row()?;
/// rows.finish()?;
/// assert_eq!(out, b"soviet,2\n");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub trait RowSink: CellSink {
    /// Ends the row whose cells were given since the last one.
    ///
    /// ```
    /// use corpus_lens::tables::{CellSink, CsvRows, RowSink};
    /// let mut out = Vec::new();
    /// let mut rows = CsvRows::new(&mut out, "t.csv");
    /// rows.null();
    /// rows.boolean(true);
    /// rows.end_row()?;
    /// rows.finish()?;
    /// assert_eq!(out, b",true\n");
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn end_row(&mut self) -> crate::error::Result<()>;
}

/// Rows given cell by cell, written as CSV text (each cell as [`Cell::write_cell`] writes
/// it), buffered: call [`CsvRows::finish`] at the end.
///
/// ```
/// use corpus_lens::tables::{CellSink, CsvRows, RowSink};
/// let mut out = Vec::new();
/// let mut rows = CsvRows::new(&mut out, "t.csv");
/// rows.text("a, b");
/// rows.float(0.5);
/// rows.end_row()?;
/// rows.finish()?;
/// assert_eq!(out, b"\"a, b\",0.5\n");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub struct CsvRows<'w> {
    out: &'w mut dyn std::io::Write,
    file: &'static str,
    buf: Vec<u8>,
    first: bool,
}

impl<'w> CsvRows<'w> {
    /// Rows into `out`, the file `file` (named in an I/O error).
    ///
    /// ```
    /// let mut out = Vec::new();
    /// corpus_lens::tables::CsvRows::new(&mut out, "t.csv").finish()?;
    /// assert!(out.is_empty());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn new(out: &'w mut dyn std::io::Write, file: &'static str) -> CsvRows<'w> {
        CsvRows {
            out,
            file,
            buf: Vec::with_capacity(1 << 16),
            first: true,
        }
    }

    /// Appends raw bytes (a header line) to the text.
    ///
    /// ```
    /// let mut out = Vec::new();
    /// let mut rows = corpus_lens::tables::CsvRows::new(&mut out, "t.csv");
    /// rows.raw(b"word,count\n");
    /// rows.finish()?;
    /// assert_eq!(out, b"word,count\n");
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Writes what is buffered.
    ///
    /// ```
    /// let mut out = Vec::new();
    /// corpus_lens::tables::CsvRows::new(&mut out, "t.csv").finish()?;
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn finish(mut self) -> crate::error::Result<()> {
        self.flush()
    }

    fn flush(&mut self) -> crate::error::Result<()> {
        let result = self.out.write_all(&self.buf);
        self.buf.clear();
        result.map_err(|e| crate::error::Error::io(self.file, e))
    }

    /// The buffer, after the separator of a cell that is not the row's first.
    fn cell(&mut self) -> &mut Vec<u8> {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        &mut self.buf
    }
}

impl CellSink for CsvRows<'_> {
    fn text(&mut self, value: &str) {
        value.write_cell(self.cell());
    }
    fn integer(&mut self, value: i64) {
        value.write_cell(self.cell());
    }
    fn float(&mut self, value: f64) {
        value.write_cell(self.cell());
    }
    fn boolean(&mut self, value: bool) {
        value.write_cell(self.cell());
    }
    fn null(&mut self) {
        self.cell();
    }
}

impl RowSink for CsvRows<'_> {
    fn end_row(&mut self) -> crate::error::Result<()> {
        self.buf.push(b'\n');
        self.first = true;
        if self.buf.len() >= 1 << 16 {
            self.flush()?;
        }
        Ok(())
    }
}

/// A value that can be a CSV field.
///
/// ```
/// use corpus_lens::tables::Cell;
/// let mut out = Vec::new();
/// for (i, cell) in [&"plain" as &dyn Cell, &"a, b", &Some(0.1), &None::<f64>, &f64::NAN, &7u64, &true].iter().enumerate() {
///     if i > 0 {
///         out.push(b',');
///     }
///     cell.write_cell(&mut out);
/// }
/// assert_eq!(String::from_utf8(out).unwrap(), "plain,\"a, b\",0.1,,,7,true");
/// ```
pub trait Cell {
    /// Appends the field (quoted where RFC 4180 requires it).
    ///
    /// ```
    /// use corpus_lens::tables::Cell;
    /// let mut out = Vec::new();
    /// "say \"no\"".write_cell(&mut out);
    /// assert_eq!(out, b"\"say \"\"no\"\"\"");
    /// out.clear();
    /// (1.0f64 / 3.0).write_cell(&mut out);
    /// assert_eq!(out, b"0.3333333333333333"); // the shortest text that reads back exactly
    /// ```
    fn write_cell(&self, out: &mut Vec<u8>);

    /// Gives the value to a typed sink (see [`CellSink`]).
    ///
    /// ```
    /// use corpus_lens::tables::{Cell, CellSink};
    /// struct Last(Option<f64>);
    /// impl CellSink for Last {
    ///     fn text(&mut self, _: &str) {}
    ///     fn integer(&mut self, v: i64) { self.0 = Some(v as f64) }
    ///     fn float(&mut self, v: f64) { self.0 = Some(v) }
    ///     fn boolean(&mut self, _: bool) {}
    ///     fn null(&mut self) { self.0 = None }
    /// }
    /// let mut sink = Last(None);
    /// 0.25f64.put(&mut sink);
    /// assert_eq!(sink.0, Some(0.25));
    /// ```
    fn put(&self, sink: &mut dyn CellSink);
}

impl Cell for str {
    fn write_cell(&self, out: &mut Vec<u8>) {
        let needs_quotes = self
            .bytes()
            .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
        if !needs_quotes {
            out.extend_from_slice(self.as_bytes());
            return;
        }
        out.push(b'"');
        for part in self.split('"').enumerate() {
            if part.0 > 0 {
                out.extend_from_slice(b"\"\"");
            }
            out.extend_from_slice(part.1.as_bytes());
        }
        out.push(b'"');
    }
    fn put(&self, sink: &mut dyn CellSink) {
        sink.text(self);
    }
}

impl Cell for String {
    fn write_cell(&self, out: &mut Vec<u8>) {
        self.as_str().write_cell(out);
    }
    fn put(&self, sink: &mut dyn CellSink) {
        sink.text(self);
    }
}

impl Cell for &str {
    fn write_cell(&self, out: &mut Vec<u8>) {
        (**self).write_cell(out);
    }
    fn put(&self, sink: &mut dyn CellSink) {
        sink.text(self);
    }
}

macro_rules! integer_cell {
    ($($t:ty),*) => {$(
        impl Cell for $t {
            fn write_cell(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
            }
            /// Saturates at `i64::MAX` (counts never come near it).
            fn put(&self, sink: &mut dyn CellSink) {
                sink.integer(i64::try_from(*self).unwrap_or(i64::MAX));
            }
        }
    )*};
}
integer_cell!(u64, u32, i64, i32, usize);

impl Cell for f64 {
    /// Shortest text that reads back to the same number, as ryu writes it ("0.1", "1e-7",
    /// "1e20"); empty when not finite. Written by zmij, several times faster than ryu with
    /// the same digits; ryu's exponents carry no "+", so neither do ours.
    fn write_cell(&self, out: &mut Vec<u8>) {
        if self.is_finite() {
            let mut buffer = zmij::Buffer::new();
            let (head, tail) = shortest(*self, &mut buffer);
            out.extend_from_slice(head.as_bytes());
            out.extend_from_slice(tail.as_bytes());
        }
    }
    fn put(&self, sink: &mut dyn CellSink) {
        if self.is_finite() {
            sink.float(*self);
        } else {
            sink.null();
        }
    }
}

/// Appends a finite float's cell text (see `Cell for f64`) to a string.
pub(crate) fn push_float(out: &mut String, x: f64) {
    let mut buffer = zmij::Buffer::new();
    let (head, tail) = shortest(x, &mut buffer);
    out.push_str(head);
    out.push_str(tail);
}

/// zmij's text of a finite float in two pieces, around the "+" of an exponent that ryu
/// (and our tables) write without it.
fn shortest(x: f64, buffer: &mut zmij::Buffer) -> (&str, &str) {
    let text = buffer.format_finite(x);
    match text.find('+') {
        Some(plus) => (&text[..plus], &text[plus + 1..]),
        None => (text, ""),
    }
}

impl Cell for bool {
    /// `true` or `false` (readr reads them as logical, pandas as bool).
    fn write_cell(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
    fn put(&self, sink: &mut dyn CellSink) {
        sink.boolean(*self);
    }
}

impl<T: Cell> Cell for Option<T> {
    fn write_cell(&self, out: &mut Vec<u8>) {
        if let Some(v) = self {
            v.write_cell(out);
        }
    }
    fn put(&self, sink: &mut dyn CellSink) {
        match self {
            Some(v) => v.put(sink),
            None => sink.null(),
        }
    }
}

/// Declares a table row struct and implements [`Row`] for it from its fields. Fields of one
/// type may share a declaration, `pub a, b: u64` (no attributes then), as in Go.
macro_rules! table_row {
    // One field, or several of one type: appended to the fields read so far.
    (@fields $head:tt [$($done:tt)*] $(#[$fmeta:meta])* pub $field:ident : $ty:ty $(, $($rest:tt)*)?) => {
        $crate::rows::table_row!(@fields $head [$($done)* $(#[$fmeta])* pub $field: $ty,] $($($rest)*)?);
    };
    (@fields $head:tt [$($done:tt)*] pub $($field:ident),+ : $ty:ty $(, $($rest:tt)*)?) => {
        $crate::rows::table_row!(@fields $head [$($done)* $(pub $field: $ty,)+] $($($rest)*)?);
    };
    (@fields [$(#[$meta:meta])* pub struct $name:ident $(<$lt:lifetime>)?]
        [$($(#[$fmeta:meta])* pub $field:ident : $ty:ty,)*]) => {
        $(#[$meta])*
        pub struct $name $(<$lt>)? {
            $($(#[$fmeta])* pub $field: $ty),*
        }

        impl $(<$lt>)? $crate::rows::Row for $name $(<$lt>)? {
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),*];
            fn write_fields(&self, out: &mut Vec<u8>) {
                let mut _first = true;
                $(
                    if !_first {
                        out.push(b',');
                    }
                    _first = false;
                    $crate::rows::Cell::write_cell(&self.$field, out);
                )*
            }
            fn put_fields(&self, sink: &mut dyn $crate::rows::CellSink) {
                $($crate::rows::Cell::put(&self.$field, sink);)*
            }
        }
    };
    ($(#[$meta:meta])* pub struct $name:ident $(<$lt:lifetime>)? { $($body:tt)* }) => {
        $crate::rows::table_row!(@fields [$(#[$meta])* pub struct $name $(<$lt>)?] [] $($body)*);
    };
}
pub(crate) use table_row;

#[cfg(test)]
mod tests {
    use super::Row;

    table_row! {
        /// Single and shared declarations, with a lifetime.
        pub struct Mixed<'a> {
            /// A documented field.
            pub name: &'a str,
            pub low, high: u64,
            pub share: Option<f64>,
        }
    }

    #[test]
    fn shared_declarations_keep_field_order() {
        assert_eq!(Mixed::COLUMNS, ["name", "low", "high", "share"]);
        let row = Mixed {
            name: "a",
            low: 1,
            high: 2,
            share: None,
        };
        let mut out = Vec::new();
        row.write_fields(&mut out);
        assert_eq!(out, b"a,1,2,");
    }
}
