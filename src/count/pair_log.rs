//! The compact log of every paragraph's size and sparse word counts ([`PairLog`]), from
//! which dispersion is computed once the totals are known.

use std::ops::Range;

use crate::count::spill::{get_varint, put_varint};
use crate::count::vocab::WordId;

/// Compact, append-only log of every paragraph's size and sparse word counts.
///
/// Each paragraph is `size, n, (id, count) * n` in LEB128 varints. Ids are not sorted (that
/// cost more than the bytes it saves); frequent words get small ids, so most take 1-2 bytes.
/// The log is a list of chunks of [`CHUNK_PARAGRAPHS`] paragraphs each (growing one vector
/// copied it and made the kernel zero fresh pages again and again), and a paragraph never
/// straddles two chunks, so chunks can be replayed in parallel. Chunks end after a fixed
/// number of paragraphs, not bytes: the bytes depend on the ids, which depend on thread
/// timing, and the float sums of a replay are grouped by chunk, so only a boundary fixed in
/// paragraphs gives the same sums at any thread count.
///
/// **Memory.** The log grows with the corpus (about 150 bytes a paragraph). Once the chunks
/// held in memory pass [`PairLog::memory_limit`] bytes (default [`LOG_MEMORY_LIMIT`]),
/// every further finished chunk is written to an unnamed temporary file (in the system's
/// temporary directory, deleted when the log is dropped) and read back, one chunk at a
/// time, when it is replayed; so memory stays flat however large the corpus. If the file
/// cannot be created or written, chunks stay in memory.
///
/// ```
/// use corpus_lens::count::PairLog;
/// let mut log = PairLog::default();
/// log.push(5, &[(3, 2), (9, 3)]);
/// let mut seen = Vec::new();
/// log.replay(0..log.len(), |size, pairs| seen.push((size, pairs.to_vec())))?;
/// assert_eq!(seen, [(5, vec![(3, 2), (9, 3)])]);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Default, Clone)]
pub struct PairLog {
    chunks: Vec<Chunk>,
    /// Position (over all chunks) of each chunk's first byte.
    starts: Vec<usize>,
    len: usize,
    /// Paragraphs logged.
    paragraphs: usize,
    record: Vec<u8>,
    /// Paragraphs in the last chunk.
    in_chunk: usize,
    /// Bytes of the chunks held in memory.
    in_memory: usize,
    /// Memory limit in bytes; `None`: [`LOG_MEMORY_LIMIT`].
    limit: Option<usize>,
    /// The file that chunks past the memory limit go to, and its length.
    spill: Option<(std::sync::Arc<std::sync::Mutex<std::fs::File>>, u64)>,
}

/// Bytes of [`PairLog`] chunks kept in memory before further chunks go to a temporary file.
///
/// ```
/// assert_eq!(corpus_lens::count::LOG_MEMORY_LIMIT, 16 << 20);
/// ```
pub const LOG_MEMORY_LIMIT: usize = 16 << 20;

/// A chunk of the log: in memory, or written to the spill file at this offset.
#[derive(Debug, Clone)]
enum Chunk {
    Memory(Vec<u8>),
    Disk { at: u64, len: usize },
}

impl Chunk {
    fn len(&self) -> usize {
        match self {
            Chunk::Memory(bytes) => bytes.len(),
            Chunk::Disk { len, .. } => *len,
        }
    }
}

/// Paragraphs per chunk of a [`PairLog`] (about 1 MiB of log in English prose).
///
/// ```
/// assert!(corpus_lens::count::CHUNK_PARAGRAPHS >= 1024);
/// ```
pub const CHUNK_PARAGRAPHS: usize = 4096;

/// Bytes reserved for a new chunk.
const CHUNK: usize = 1 << 20;

impl PairLog {
    /// Appends one paragraph.
    ///
    /// ```
    /// use corpus_lens::count::PairLog;
    /// let mut log = PairLog::default();
    /// // A paragraph of 7 tokens: word 3 twice, word 9 five times.
    /// log.push(7, &[(3, 2), (9, 5)]);
    /// assert!(log.len() > 0);
    /// ```
    pub fn push(&mut self, size: u32, pairs: &[(WordId, u32)]) {
        let record = &mut self.record;
        record.clear();
        put_varint(record, size as u64);
        put_varint(record, pairs.len() as u64);
        for &(id, count) in pairs {
            put_varint(record, id as u64);
            put_varint(record, count as u64);
        }
        if self.chunks.is_empty() || self.in_chunk == CHUNK_PARAGRAPHS {
            self.close_chunk();
            let capacity = CHUNK.max(self.record.len());
            self.chunks
                .push(Chunk::Memory(Vec::with_capacity(capacity)));
            self.starts.push(self.len);
            self.in_chunk = 0;
        }
        self.in_chunk += 1;
        self.paragraphs += 1;
        if let Some(Chunk::Memory(chunk)) = self.chunks.last_mut() {
            chunk.extend_from_slice(&self.record);
        }
        self.len += self.record.len();
        self.in_memory += self.record.len();
    }

    /// Sets the bytes of chunks kept in memory; chunks finished after that go to a
    /// temporary file (see the type's documentation).
    ///
    /// ```
    /// use corpus_lens::count::{PairLog, CHUNK_PARAGRAPHS};
    /// let mut log = PairLog::default();
    /// log.memory_limit(0); // every finished chunk to disk
    /// for p in 0..2 * CHUNK_PARAGRAPHS as u32 {
    ///     log.push(3, &[(p % 7, 3)]);
    /// }
    /// let mut paragraphs = 0;
    /// log.replay(0..log.len(), |size, pairs| {
    ///     assert_eq!((size, pairs[0].1), (3, 3));
    ///     paragraphs += 1;
    /// })?;
    /// assert_eq!(paragraphs, 2 * CHUNK_PARAGRAPHS);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn memory_limit(&mut self, bytes: usize) {
        self.limit = Some(bytes);
    }

    /// Writes the last chunk to the spill file if the memory limit is passed (and leaves
    /// it in memory if that fails).
    fn close_chunk(&mut self) {
        let limit = self.limit.unwrap_or(LOG_MEMORY_LIMIT);
        if self.in_memory <= limit {
            return;
        }
        let Some(Chunk::Memory(bytes)) = self.chunks.last() else {
            return;
        };
        if self.spill.is_none() {
            match tempfile::tempfile() {
                Ok(file) => self.spill = Some((std::sync::Arc::new(file.into()), 0)),
                Err(_) => return,
            }
        }
        let Some((file, end)) = self.spill.as_mut() else {
            return;
        };
        let written = {
            use std::io::{Seek, SeekFrom, Write};
            let mut file = file.lock().unwrap_or_else(|p| p.into_inner());
            file.seek(SeekFrom::Start(*end))
                .and_then(|_| file.write_all(bytes))
        };
        if written.is_ok() {
            let len = bytes.len();
            self.in_memory -= len;
            let at = *end;
            *end += len as u64;
            if let Some(last) = self.chunks.last_mut() {
                *last = Chunk::Disk { at, len };
            }
        }
    }

    /// The bytes of chunk `k`: borrowed if in memory, else read into `buf`.
    fn chunk_bytes<'a>(&'a self, k: usize, buf: &'a mut Vec<u8>) -> std::io::Result<&'a [u8]> {
        match &self.chunks[k] {
            Chunk::Memory(bytes) => Ok(bytes),
            Chunk::Disk { at, len } => {
                use std::io::{Read, Seek, SeekFrom};
                let Some((file, _)) = &self.spill else {
                    return Err(std::io::Error::other("log chunk on disk without a file"));
                };
                let mut file = file.lock().unwrap_or_else(|p| p.into_inner());
                buf.resize(*len, 0);
                file.seek(SeekFrom::Start(*at))?;
                file.read_exact(buf)?;
                Ok(buf)
            }
        }
    }

    /// Bytes of the log held in memory (the rest is in the temporary file).
    ///
    /// ```
    /// use corpus_lens::count::PairLog;
    /// let mut log = PairLog::default();
    /// log.push(2, &[(1, 2)]);
    /// assert_eq!(log.memory_bytes(), log.len()); // a small log stays in memory
    /// ```
    pub fn memory_bytes(&self) -> usize {
        self.in_memory
    }

    /// Length in bytes (a position to replay from or to).
    ///
    /// ```
    /// use corpus_lens::count::PairLog;
    /// let mut log = PairLog::default();
    /// log.push(2, &[(1, 2)]);
    /// let first = log.len();
    /// log.push(1, &[(4, 1)]);
    /// let mut sizes = Vec::new();
    /// log.replay(first..log.len(), |size, _| sizes.push(size)); // the second paragraph only
    /// assert_eq!(sizes, [1]);
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing was logged.
    ///
    /// ```
    /// use corpus_lens::count::PairLog;
    /// let mut log = PairLog::default();
    /// assert!(log.is_empty());
    /// log.push(1, &[(0, 1)]);
    /// assert!(!log.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Splits `range` at chunk boundaries: pieces that can be replayed independently.
    ///
    /// ```
    /// use corpus_lens::count::PairLog;
    /// let mut log = PairLog::default();
    /// log.push(2, &[(1, 2)]);
    /// let middle = log.len();
    /// log.push(1, &[(4, 1)]);
    /// // A small log is one chunk (of up to CHUNK_PARAGRAPHS paragraphs): one piece.
    /// assert_eq!(log.pieces(0..log.len()), [0..log.len()]);
    /// assert_eq!(log.pieces(middle..log.len()), [middle..log.len()]);
    /// ```
    pub fn pieces(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let mut pieces = Vec::new();
        let first = self
            .starts
            .partition_point(|&s| s <= range.start)
            .saturating_sub(1);
        for (k, &start) in self.starts.iter().enumerate().skip(first) {
            let end = start + self.chunks[k].len();
            let (a, b) = (range.start.max(start), range.end.min(end));
            if a < b {
                pieces.push(a..b);
            }
            if end >= range.end {
                break;
            }
        }
        pieces
    }

    /// Calls `f(size, pairs)` for each paragraph logged in the byte range `range`, which
    /// must start and end at paragraph boundaries (positions returned by [`PairLog::len`]).
    ///
    /// ```
    /// use corpus_lens::count::PairLog;
    /// let mut log = PairLog::default();
    /// log.push(3, &[(1, 2), (2, 1)]);
    /// log.push(4, &[(1, 4)]);
    /// let mut hits_of_1 = Vec::new();
    /// log.replay(0..log.len(), |size, pairs| {
    ///     let hits = pairs.iter().find(|p| p.0 == 1).map_or(0, |p| p.1);
    ///     hits_of_1.push((size, hits));
    /// });
    /// assert_eq!(hits_of_1, [(3, 2), (4, 4)]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// If a chunk written to the temporary file cannot be read back.
    pub fn replay(
        &self,
        range: Range<usize>,
        f: impl FnMut(u64, &[(WordId, u32)]),
    ) -> std::io::Result<()> {
        let paragraphs = self.paragraph_at(range.start)?..self.paragraph_at(range.end)?;
        self.replay_paragraphs(paragraphs, f)
    }

    /// The index of the paragraph that starts at byte `at` (a position returned by
    /// [`PairLog::len`]): the paragraphs before it in its chunk are read to count them.
    fn paragraph_at(&self, at: usize) -> std::io::Result<usize> {
        if at >= self.len {
            return Ok(self.paragraphs);
        }
        let k = self.starts.partition_point(|&s| s <= at) - 1;
        let mut buf = Vec::new();
        let bytes = self.chunk_bytes(k, &mut buf)?;
        let (mut pos, mut pairs) = (0, Vec::new());
        let mut index = k * CHUNK_PARAGRAPHS;
        while pos < at - self.starts[k] {
            read_paragraph(bytes, &mut pos, &mut pairs);
            index += 1;
        }
        Ok(index)
    }

    /// Paragraphs logged.
    ///
    /// ```
    /// use corpus_lens::count::PairLog;
    /// let mut log = PairLog::default();
    /// log.push(2, &[(1, 2)]);
    /// assert_eq!(log.paragraphs(), 1);
    /// ```
    pub fn paragraphs(&self) -> usize {
        self.paragraphs
    }

    /// Calls `f(size, pairs)` for each paragraph logged whose index (from 0, in the order
    /// they were pushed) is in `range`.
    ///
    /// ```
    /// use corpus_lens::count::PairLog;
    /// let mut log = PairLog::default();
    /// for size in 1..=5 {
    ///     log.push(size, &[(1, 1)]);
    /// }
    /// let mut sizes = Vec::new();
    /// log.replay_paragraphs(1..3, |size, _| sizes.push(size))?;
    /// assert_eq!(sizes, [2, 3]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// If a chunk written to the temporary file cannot be read back.
    pub fn replay_paragraphs(
        &self,
        range: Range<usize>,
        mut f: impl FnMut(u64, &[(WordId, u32)]),
    ) -> std::io::Result<()> {
        let mut pairs = Vec::new();
        let mut buf = Vec::new();
        let end = range.end.min(self.paragraphs);
        let mut k = range.start / CHUNK_PARAGRAPHS;
        while k * CHUNK_PARAGRAPHS < end {
            let bytes = self.chunk_bytes(k, &mut buf)?;
            let mut pos = 0;
            let first = k * CHUNK_PARAGRAPHS;
            for index in first..end.min(first + CHUNK_PARAGRAPHS) {
                let size = read_paragraph(bytes, &mut pos, &mut pairs);
                if index >= range.start {
                    f(size, &pairs);
                }
            }
            k += 1;
        }
        Ok(())
    }
}

/// Reads one paragraph's record at `pos` (its size, then its pairs into `pairs`) and returns
/// the size.
fn read_paragraph(bytes: &[u8], pos: &mut usize, pairs: &mut Vec<(WordId, u32)>) -> u64 {
    let size = get_varint(bytes, pos);
    let n = get_varint(bytes, pos);
    pairs.clear();
    for _ in 0..n {
        let id = get_varint(bytes, pos);
        let count = get_varint(bytes, pos);
        pairs.push((id as WordId, count as u32));
    }
    size
}
