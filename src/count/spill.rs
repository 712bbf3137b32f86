//! Append-only logs of records that grow with the corpus, held in memory up to a budget and
//! then in an unnamed temporary file.
//!
//! Tables with one row per occurrence (`framing_mentions.csv`, ...) grow with the corpus;
//! holding them until the tables are written would make memory grow with it too. Their
//! rows are appended in a compact form to a [`SpillLog`] as paragraphs are merged and read
//! back in the same order when the tables are written. Logs are cut into chunks of about
//! [`CHUNK_BYTES`]; finished chunks stay in memory while all logs sharing a [`Spill`] hold
//! less than its budget (default [`SPILL_MEMORY_LIMIT`]), and go to one unnamed temporary
//! file (in [`std::env::temp_dir`], removed by the system when closed) after that. If the
//! file cannot be created or written, chunks stay in memory: the run goes on, only its
//! memory grows.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_bytes::ByteBuf;

use crate::error::{Error, Result};

/// Bytes of finished chunks that the logs sharing a [`Spill`] keep in memory by default.
///
/// ```
/// assert_eq!(corpus_lens::spill::SPILL_MEMORY_LIMIT, 16 << 20);
/// ```
pub const SPILL_MEMORY_LIMIT: usize = 16 << 20;

/// Bytes after which a log's chunk is finished (a record is never split between chunks).
///
/// ```
/// assert_eq!(corpus_lens::spill::CHUNK_BYTES, 256 << 10);
/// ```
pub const CHUNK_BYTES: usize = 256 << 10;

/// A memory budget and temporary file shared by several [`SpillLog`]s (cloning shares
/// them).
///
/// ```
/// use corpus_lens::spill::{Spill, SpillLog};
/// let spill = Spill::new(0); // every finished chunk to the temporary file
/// let mut log = SpillLog::new(spill.clone());
/// log.push(&[1; 300 << 10]);
/// log.push(b"end");
/// assert_eq!(spill.memory_bytes(), 0);
/// assert_eq!(spill.disk_bytes(), 300 << 10);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Spill(Arc<Shared>);

#[derive(Debug)]
struct Shared {
    limit: usize,
    in_memory: AtomicUsize,
    /// The temporary file and its length, once created.
    file: Mutex<Option<(File, u64)>>,
    /// The file could not be created: keep everything in memory.
    failed: AtomicBool,
}

impl Default for Spill {
    fn default() -> Spill {
        Spill::new(SPILL_MEMORY_LIMIT)
    }
}

impl Spill {
    /// A budget of `limit` bytes of finished chunks in memory.
    ///
    /// ```
    /// let spill = corpus_lens::spill::Spill::new(1 << 20);
    /// assert_eq!(spill.memory_bytes(), 0);
    /// ```
    pub fn new(limit: usize) -> Spill {
        Spill(Arc::new(Shared {
            limit,
            in_memory: AtomicUsize::new(0),
            file: Mutex::new(None),
            failed: AtomicBool::new(false),
        }))
    }

    /// Bytes of finished chunks held in memory by the logs sharing this budget.
    ///
    /// ```
    /// use corpus_lens::spill::{Spill, SpillLog};
    /// let spill = Spill::default();
    /// let mut log = SpillLog::new(spill.clone());
    /// log.push(&[0; 300 << 10]); // a chunk finished, kept in memory
    /// assert_eq!(spill.memory_bytes(), 300 << 10);
    /// drop(log);
    /// assert_eq!(spill.memory_bytes(), 0);
    /// ```
    pub fn memory_bytes(&self) -> usize {
        self.0.in_memory.load(Ordering::Relaxed)
    }

    /// Bytes written to the temporary file.
    ///
    /// ```
    /// assert_eq!(corpus_lens::spill::Spill::default().disk_bytes(), 0);
    /// ```
    pub fn disk_bytes(&self) -> u64 {
        let file = self.0.file.lock().unwrap_or_else(|p| p.into_inner());
        file.as_ref().map_or(0, |f| f.1)
    }

    /// Writes `bytes` at the end of the file; its offset, or `None` if there is no file.
    fn write(&self, bytes: &[u8]) -> Option<u64> {
        if self.0.failed.load(Ordering::Relaxed) {
            return None;
        }
        let mut file = self.0.file.lock().unwrap_or_else(|p| p.into_inner());
        if file.is_none() {
            match tempfile::tempfile() {
                Ok(f) => *file = Some((f, 0)),
                Err(_) => {
                    self.0.failed.store(true, Ordering::Relaxed);
                    return None;
                }
            }
        }
        let (f, end) = file.as_mut()?;
        let at = *end;
        let written = f.seek(SeekFrom::Start(at)).and_then(|_| f.write_all(bytes));
        match written {
            Ok(()) => {
                *end += bytes.len() as u64;
                Some(at)
            }
            Err(_) => None,
        }
    }

    fn read(&self, at: u64, buf: &mut [u8]) -> Result<()> {
        let mut file = self.0.file.lock().unwrap_or_else(|p| p.into_inner());
        let read = match file.as_mut() {
            Some((f, _)) => f.seek(SeekFrom::Start(at)).and_then(|_| f.read_exact(buf)),
            None => Err(std::io::Error::other(
                "spilled chunk without a temporary file",
            )),
        };
        read.map_err(spill_error)
    }
}

/// A read-back error, naming the temporary directory the file was in.
fn spill_error(e: std::io::Error) -> Error {
    Error::Io {
        path: std::env::temp_dir(),
        source: std::io::Error::new(
            e.kind(),
            format!("reading back a temporary spill file: {e}"),
        ),
    }
}

#[derive(Debug)]
enum Chunk {
    Memory(Vec<u8>),
    Disk { at: u64, len: usize },
}

/// An append-only log of byte records under a [`Spill`]'s budget, read back in order.
///
/// ```
/// use corpus_lens::spill::{Spill, SpillLog};
/// let mut log = SpillLog::new(Spill::new(0));
/// for k in 0..100_000u32 {
///     log.push(&k.to_le_bytes());
/// }
/// let mut bytes = Vec::new();
/// log.for_each_chunk(|chunk| {
///     bytes.extend_from_slice(chunk);
///     Ok(())
/// })?;
/// assert_eq!(bytes.len(), 400_000);
/// assert_eq!(&bytes[4 * 99_999..], &99_999u32.to_le_bytes());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct SpillLog {
    spill: Spill,
    chunks: Vec<Chunk>,
    /// The chunk being filled.
    current: Vec<u8>,
    len: u64,
}

impl Clone for SpillLog {
    fn clone(&self) -> SpillLog {
        let chunks: Vec<Chunk> = self
            .chunks
            .iter()
            .map(|c| match c {
                Chunk::Memory(bytes) => {
                    self.spill
                        .0
                        .in_memory
                        .fetch_add(bytes.len(), Ordering::Relaxed);
                    Chunk::Memory(bytes.clone())
                }
                Chunk::Disk { at, len } => Chunk::Disk { at: *at, len: *len },
            })
            .collect();
        SpillLog {
            spill: self.spill.clone(),
            chunks,
            current: self.current.clone(),
            len: self.len,
        }
    }
}

impl Drop for SpillLog {
    fn drop(&mut self) {
        let held: usize = self
            .chunks
            .iter()
            .map(|c| match c {
                Chunk::Memory(bytes) => bytes.len(),
                Chunk::Disk { .. } => 0,
            })
            .sum();
        self.spill.0.in_memory.fetch_sub(held, Ordering::Relaxed);
    }
}

impl SpillLog {
    /// An empty log under this budget.
    ///
    /// ```
    /// let log = corpus_lens::spill::SpillLog::new(Default::default());
    /// assert!(log.is_empty());
    /// ```
    pub fn new(spill: Spill) -> SpillLog {
        SpillLog {
            spill,
            chunks: Vec::new(),
            current: Vec::new(),
            len: 0,
        }
    }

    /// Appends one record (never split between chunks).
    ///
    /// ```
    /// let mut log = corpus_lens::spill::SpillLog::default();
    /// log.push(b"abc");
    /// assert_eq!(log.len(), 3);
    /// ```
    pub fn push(&mut self, record: &[u8]) {
        self.current.extend_from_slice(record);
        self.len += record.len() as u64;
        if self.current.len() >= CHUNK_BYTES {
            self.finish_chunk();
        }
    }

    /// Finishes the chunk being filled (in memory while under budget, else to the file).
    ///
    /// ```
    /// use corpus_lens::spill::{Spill, SpillLog};
    /// let spill = Spill::new(0);
    /// let mut log = SpillLog::new(spill.clone());
    /// log.push(b"abc");
    /// log.finish_chunk();
    /// assert_eq!(spill.disk_bytes(), 3);
    /// ```
    pub fn finish_chunk(&mut self) {
        if self.current.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.current);
        let shared = &self.spill.0;
        if shared.in_memory.load(Ordering::Relaxed) + bytes.len() > shared.limit {
            if let Some(at) = self.spill.write(&bytes) {
                let len = bytes.len();
                self.chunks.push(Chunk::Disk { at, len });
                return;
            }
        }
        let bytes = if bytes.capacity() > bytes.len() + bytes.len() / 8 {
            bytes.into_boxed_slice().into_vec()
        } else {
            bytes
        };
        shared.in_memory.fetch_add(bytes.len(), Ordering::Relaxed);
        self.chunks.push(Chunk::Memory(bytes));
    }

    /// Bytes logged.
    ///
    /// ```
    /// assert_eq!(corpus_lens::spill::SpillLog::default().len(), 0);
    /// ```
    pub fn len(&self) -> u64 {
        self.len
    }

    /// True when nothing was logged.
    ///
    /// ```
    /// assert!(corpus_lens::spill::SpillLog::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of chunks, the one being filled included (see [`SpillLog::chunk`]).
    ///
    /// ```
    /// let mut log = corpus_lens::spill::SpillLog::default();
    /// assert_eq!(log.chunks(), 0);
    /// log.push(b"ab");
    /// assert_eq!(log.chunks(), 1);
    /// ```
    pub fn chunks(&self) -> usize {
        self.chunks.len() + !self.current.is_empty() as usize
    }

    /// The bytes of chunk `k` (whole records), borrowed if in memory, else read into
    /// `buf`.
    ///
    /// ```
    /// use corpus_lens::spill::{Spill, SpillLog};
    /// let mut log = SpillLog::new(Spill::new(0));
    /// log.push(b"ab");
    /// log.finish_chunk(); // to the file
    /// log.push(b"c");
    /// let mut buf = Vec::new();
    /// assert_eq!(log.chunk(0, &mut buf)?, b"ab");
    /// assert_eq!(log.chunk(1, &mut buf)?, b"c");
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming the temporary directory if the chunk cannot be read back.
    pub fn chunk<'a>(&'a self, k: usize, buf: &'a mut Vec<u8>) -> Result<&'a [u8]> {
        match self.chunks.get(k) {
            Some(Chunk::Memory(bytes)) => Ok(bytes),
            Some(Chunk::Disk { at, len }) => {
                buf.resize(*len, 0);
                self.spill.read(*at, buf)?;
                Ok(buf)
            }
            None => Ok(&self.current),
        }
    }

    /// Calls `f` with each chunk's bytes in order (whole records only), reading spilled
    /// chunks back from the temporary file one at a time.
    ///
    /// ```
    /// let mut log = corpus_lens::spill::SpillLog::default();
    /// log.push(b"ab");
    /// log.push(b"c");
    /// let mut all = Vec::new();
    /// log.for_each_chunk(|c| Ok(all.extend_from_slice(c)))?;
    /// assert_eq!(all, b"abc");
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming the temporary directory if a spilled chunk cannot be read
    /// back; any error of `f`.
    pub fn for_each_chunk(&self, mut f: impl FnMut(&[u8]) -> Result<()>) -> Result<()> {
        let mut buf = Vec::new();
        for chunk in &self.chunks {
            match chunk {
                Chunk::Memory(bytes) => f(bytes)?,
                Chunk::Disk { at, len } => {
                    buf.resize(*len, 0);
                    self.spill.read(*at, &mut buf)?;
                    f(&buf)?;
                }
            }
        }
        if !self.current.is_empty() {
            f(&self.current)?;
        }
        Ok(())
    }

    /// The log's chunks as bytes, in order (for a partial result on disk).
    pub(crate) fn to_chunks(&self) -> Result<Chunks> {
        let mut chunks = Vec::with_capacity(self.chunks());
        self.for_each_chunk(|c| {
            chunks.push(ByteBuf::from(c.to_vec()));
            Ok(())
        })?;
        Ok(chunks)
    }

    /// A log of these chunks (as [`SpillLog::to_chunks`] gave them: the same chunk
    /// boundaries) under this budget.
    pub(crate) fn from_chunks(spill: Spill, chunks: Chunks) -> SpillLog {
        let mut log = SpillLog::new(spill);
        for chunk in chunks {
            log.push(&chunk);
            log.finish_chunk();
        }
        log
    }
}

/// A log's chunks as a partial result on disk holds them: CBOR byte strings (a `Vec<u8>`
/// would be an array of one integer item per byte, slower to read and up to twice the size).
pub(crate) type Chunks = Vec<ByteBuf>;

/// `#[serde(with = "crate::count::spill::u32_bytes")]`: a `Vec<u32>` as one CBOR byte
/// string of LEB128 varints, which reads back in one pass over the bytes, where a sequence
/// would be an item per number (and no smaller: ids and counts take 1 to 3 bytes either way).
pub(crate) mod u32_bytes {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};
    use serde_bytes::ByteBuf;

    pub(crate) fn serialize<S: Serializer>(words: &[u32], s: S) -> Result<S::Ok, S::Error> {
        let mut bytes = Vec::with_capacity(words.len() * 2);
        for &w in words {
            super::put_varint(&mut bytes, w as u64);
        }
        s.serialize_bytes(&bytes)
    }

    /// Checked, unlike `get_varint`: the bytes come from a file.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u32>, D::Error> {
        let bytes = ByteBuf::deserialize(d)?;
        let mut words = Vec::with_capacity(bytes.len() / 2);
        let (mut v, mut shift) = (0u64, 0);
        for &b in bytes.iter() {
            if shift > 28 {
                return Err(D::Error::custom("a number of more than 32 bits"));
            }
            v |= ((b & 0x7F) as u64) << shift;
            if b < 0x80 {
                let w = u32::try_from(v).map_err(|_| D::Error::custom("a number past 32 bits"))?;
                words.push(w);
                (v, shift) = (0, 0);
            } else {
                shift += 7;
            }
        }
        if shift != 0 {
            return Err(D::Error::custom("a number list cut short"));
        }
        Ok(words)
    }
}

/// Appends `v` as a LEB128 varint.
pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a LEB128 varint at `*pos`.
#[inline]
pub(crate) fn get_varint(bytes: &[u8], pos: &mut usize) -> u64 {
    // Most values (counts, sizes, the ids of common words) fit in one byte.
    let b = bytes[*pos];
    *pos += 1;
    if b < 0x80 {
        return b as u64;
    }
    get_varint_rest(bytes, pos, b)
}

/// The rest of a varint whose first byte was `first` (at least 0x80).
#[cold]
fn get_varint_rest(bytes: &[u8], pos: &mut usize, first: u8) -> u64 {
    let mut v = (first & 0x7F) as u64;
    let mut shift = 7;
    loop {
        let b = bytes[*pos];
        *pos += 1;
        v |= ((b & 0x7F) as u64) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

/// Appends an `f64` as its 8 bytes.
pub(crate) fn put_f64(out: &mut Vec<u8>, x: f64) {
    out.extend_from_slice(&x.to_bits().to_le_bytes());
}

/// Reads an `f64` at `*pos`.
pub(crate) fn get_f64(bytes: &[u8], pos: &mut usize) -> f64 {
    let mut b = [0; 8];
    b.copy_from_slice(&bytes[*pos..*pos + 8]);
    *pos += 8;
    f64::from_bits(u64::from_le_bytes(b))
}

/// Appends a string as its length and bytes.
pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Reads a string written by [`put_str`] into `s`.
pub(crate) fn get_str(bytes: &[u8], pos: &mut usize, s: &mut String) {
    let n = get_varint(bytes, pos) as usize;
    s.clear();
    // Written from a `&str`.
    s.push_str(std::str::from_utf8(&bytes[*pos..*pos + n]).unwrap_or_default());
    *pos += n;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Words(#[serde(with = "u32_bytes")] Vec<u32>);

    #[test]
    fn u32_lists_are_one_byte_string_of_varints_and_bad_ones_are_errors() {
        let words = Words(vec![0, 127, 128, u32::MAX]);
        let mut cbor = Vec::new();
        ciborium::into_writer(&words, &mut cbor).unwrap();
        // A byte string (0x40 + length) of 1 + 1 + 2 + 5 bytes.
        assert_eq!(cbor, [0x49, 0, 127, 0x80, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);
        assert_eq!(ciborium::from_reader::<Words, _>(&cbor[..]).unwrap(), words);
        let read =
            |bytes: &[u8]| ciborium::from_reader::<Words, _>(bytes).map_err(|e| e.to_string());
        // Cut short, past 32 bits, more than five bytes.
        assert!(read(&[0x41, 0x80]).unwrap_err().contains("cut short"));
        assert!(read(&[0x45, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F])
            .unwrap_err()
            .contains("32 bits"));
        let long = [0x46, 0x80, 0x80, 0x80, 0x80, 0x80, 0];
        assert!(read(&long).unwrap_err().contains("32 bits"));
    }

    #[test]
    fn chunks_are_cbor_byte_strings_and_come_back_whole() {
        let mut log = SpillLog::new(Spill::new(1 << 20));
        log.push(&[1, 2, 200]);
        log.finish_chunk();
        log.push(&[7]);
        let chunks = log.to_chunks().unwrap();
        let mut cbor = Vec::new();
        ciborium::into_writer(&chunks, &mut cbor).unwrap();
        // An array of 2, then byte strings of 3 and 1 bytes (major type 2): one item per
        // chunk, not one integer item per byte (200 would take two bytes as an integer).
        assert_eq!(cbor, [0x82, 0x43, 1, 2, 200, 0x41, 7]);
        let back: Chunks = ciborium::from_reader(&cbor[..]).unwrap();
        let again = SpillLog::from_chunks(Spill::new(1 << 20), back);
        assert_eq!(again.to_chunks().unwrap(), chunks);
    }

    #[test]
    fn a_failed_read_back_is_an_error_naming_the_temp_dir() {
        let spill = Spill::new(0);
        let mut log = SpillLog::new(spill.clone());
        log.push(b"a record");
        log.finish_chunk();
        assert_eq!(spill.disk_bytes(), 8);
        // The file loses its bytes (a full or failing disk, say).
        *spill.0.file.lock().unwrap() = Some((tempfile::tempfile().unwrap(), 0));
        let err = log.for_each_chunk(|_| Ok(())).unwrap_err();
        match &err {
            Error::Io { path, .. } => assert_eq!(path, &std::env::temp_dir()),
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("temporary spill file"), "{err}");
    }

    #[test]
    fn the_budget_is_shared_and_released() {
        let spill = Spill::new(CHUNK_BYTES + 10);
        let mut a = SpillLog::new(spill.clone());
        let mut b = SpillLog::new(spill.clone());
        a.push(&vec![1; CHUNK_BYTES]); // in memory: within the budget
        b.push(&vec![2; CHUNK_BYTES]); // past it: to the file
        assert_eq!(
            (spill.memory_bytes(), spill.disk_bytes()),
            (CHUNK_BYTES, CHUNK_BYTES as u64)
        );
        let c = a.clone();
        assert_eq!(spill.memory_bytes(), 2 * CHUNK_BYTES);
        drop(a);
        drop(c);
        assert_eq!(spill.memory_bytes(), 0);
        let mut all = Vec::new();
        b.for_each_chunk(|x| {
            all.extend_from_slice(x);
            Ok(())
        })
        .unwrap();
        assert_eq!(all, vec![2; CHUNK_BYTES]);
    }
}
