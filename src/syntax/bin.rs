//! Little-endian reading and writing of the model file's parts.

/// Appends values to a byte buffer.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }
    pub(crate) fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn f32(&mut self, v: f32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes.extend_from_slice(s.as_bytes());
    }
    pub(crate) fn strs(&mut self, items: &[String]) {
        self.u32(items.len() as u32);
        for s in items {
            self.str(s);
        }
    }
}

/// Reads values from a byte slice; every read checks the length, so a truncated or corrupt
/// file is an error, never a panic.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// What went wrong, with the byte offset.
pub(crate) type ReadResult<T> = Result<T, String>;

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    pub(crate) fn take(&mut self, n: usize) -> ReadResult<&'a [u8]> {
        if self.bytes.len() - self.pos < n {
            return Err(format!(
                "truncated model file: {n} bytes wanted at byte {}, {} left",
                self.pos,
                self.bytes.len() - self.pos
            ));
        }
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    pub(crate) fn u8(&mut self) -> ReadResult<u8> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn u16(&mut self) -> ReadResult<u16> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().unwrap()))
    }
    pub(crate) fn u32(&mut self) -> ReadResult<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    pub(crate) fn u64(&mut self) -> ReadResult<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    /// A count of items of at least `item_bytes` each, checked against the bytes left so a
    /// corrupt count cannot make the reader allocate gigabytes.
    pub(crate) fn count(&mut self, item_bytes: usize) -> ReadResult<usize> {
        let n = self.u64()? as usize;
        if n.saturating_mul(item_bytes.max(1)) > self.bytes.len() - self.pos {
            return Err(format!(
                "corrupt model file: count {n} at byte {} too large",
                self.pos - 8
            ));
        }
        Ok(n)
    }
    pub(crate) fn str(&mut self) -> ReadResult<String> {
        let n = self.u32()? as usize;
        let at = self.pos;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec())
            .map_err(|_| format!("corrupt model file: bad UTF-8 at byte {at}"))
    }
    pub(crate) fn strs(&mut self) -> ReadResult<Vec<String>> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() - self.pos {
            return Err(format!(
                "corrupt model file: count {n} at byte {} too large",
                self.pos - 4
            ));
        }
        (0..n).map(|_| self.str()).collect()
    }
    pub(crate) fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }
}
