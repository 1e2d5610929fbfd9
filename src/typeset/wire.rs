//! The bytes between koers and its typesetting worker: length-prefixed fields, nothing to parse
//! but counts and bytes. Small and dependency-free on purpose; both ends are the same binary.

use std::io::{self, Read, Write};

/// The most one field may hold: more than any report's sources, photos and PDF together.
const MAX_FIELD_BYTES: u64 = 1 << 31;

pub struct Writer<W: Write>(pub W);

impl<W: Write> Writer<W> {
    pub fn number(&mut self, value: u64) -> io::Result<()> {
        self.0.write_all(&value.to_le_bytes())
    }

    pub fn bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.number(bytes.len() as u64)?;
        self.0.write_all(bytes)
    }

    pub fn text(&mut self, text: &str) -> io::Result<()> {
        self.bytes(text.as_bytes())
    }

    /// A list of (name, bytes) pairs.
    pub fn files<'a>(&mut self, files: impl ExactSizeIterator<Item = (&'a str, &'a [u8])>) -> io::Result<()> {
        self.number(files.len() as u64)?;
        for (name, bytes) in files {
            self.text(name)?;
            self.bytes(bytes)?;
        }
        Ok(())
    }
}

pub struct Reader<R: Read>(pub R);

impl<R: Read> Reader<R> {
    pub fn number(&mut self) -> io::Result<u64> {
        let mut buffer = [0; 8];
        self.0.read_exact(&mut buffer)?;
        Ok(u64::from_le_bytes(buffer))
    }

    pub fn bytes(&mut self) -> io::Result<Vec<u8>> {
        let length = self.number()?;
        if length > MAX_FIELD_BYTES {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "field too large"));
        }
        let mut bytes = Vec::new();
        (&mut self.0).take(length).read_to_end(&mut bytes)?;
        if bytes.len() as u64 != length {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        Ok(bytes)
    }

    pub fn text(&mut self) -> io::Result<String> {
        String::from_utf8(self.bytes()?).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not UTF-8"))
    }

    pub fn files(&mut self) -> io::Result<Vec<(String, Vec<u8>)>> {
        let count = self.number()?;
        (0..count).map(|_| Ok((self.text()?, self.bytes()?))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back() {
        let mut out = Writer(Vec::new());
        out.number(42).unwrap();
        out.text("Zuid op Koers").unwrap();
        out.files([("/main.typ", &b"#x"[..]), ("/a.svg", &b""[..])].into_iter()).unwrap();
        let mut input = Reader(out.0.as_slice());
        assert_eq!(input.number().unwrap(), 42);
        assert_eq!(input.text().unwrap(), "Zuid op Koers");
        assert_eq!(input.files().unwrap(), vec![("/main.typ".into(), b"#x".to_vec()), ("/a.svg".into(), vec![])]);
        assert!(input.number().is_err(), "the end is an error, not a zero");
    }
}
