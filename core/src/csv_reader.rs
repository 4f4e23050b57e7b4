//! The CSV tokenizer: RFC 4180 rows with exact line numbers and bounded fields.
//!
//! Rows are separated by `\n`, `\r\n` or a lone `\r` (old Mac exports), and every one
//! of them starts a new line, so a row's line number is the one an editor shows. A
//! field in double quotes may hold commas, line breaks and doubled quotes (`""`); a
//! quote inside an unquoted field is an ordinary character (`5"`).
//!
//! A stray quote must not swallow the rest of a file. So:
//!
//! - a file that ends inside a quoted field gives [`Problem::UnterminatedQuote`],
//!   naming the line where the quote opened;
//! - a row may span at most [`MAX_ROW_LINES`] lines ([`Problem::TooManyLines`]) and hold
//!   at most [`MAX_ROW_BYTES`] bytes ([`Problem::TooLong`]);
//! - text after a closing quote (`"ab"c`) is [`Problem::TextAfterQuote`].
//!
//! After an unterminated quote or a row over a limit, reading starts again on the line
//! after the row's first line: only that line is lost (and reported), every later row is
//! read. Every line of the input therefore belongs to exactly one [`Item`] — a row, a
//! rejected row or a blank line — which is what the property tests check.
//!
//! The tokenizer reads any [`std::io::Read`] holding UTF-8 text (the encoding is decided
//! before, see [`crate::encoding`]) through a buffer that holds the current row only.

use std::io::Read;

/// Most lines one row may span (through quoted fields with line breaks). A quoted field
/// running longer is almost surely a quote that is never closed.
pub const MAX_ROW_LINES: u64 = 20;
/// Most bytes of text one row may hold (1 MiB).
pub const MAX_ROW_BYTES: usize = 1 << 20;

const CHUNK: usize = 1 << 16;

/// Why a row could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The input ends inside a quoted field that opened on `opened`.
    UnterminatedQuote {
        /// Line of the opening quote.
        opened: u64,
    },
    /// A quoted field that opened on `opened` runs past [`MAX_ROW_LINES`] lines.
    TooManyLines {
        /// Line of the opening quote.
        opened: u64,
    },
    /// The row holds more than [`MAX_ROW_BYTES`] bytes.
    TooLong {
        /// Bytes seen before reading stopped (at least the limit).
        bytes: usize,
    },
    /// Characters follow the closing quote of field `field` (1-based).
    TextAfterQuote {
        /// 1-based field number.
        field: usize,
    },
    /// The row's bytes are not UTF-8 (only when the caller passed non-UTF-8 bytes).
    NotUtf8,
}

/// One row's fields, borrowed from the reader.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    text: &'a str,
    /// End of each field in `text`.
    ends: &'a [usize],
    /// Bytes between one field's end and the next one's start: 1 when `text` is the
    /// line itself (the comma), 0 when it holds the fields' contents back to back.
    skip: usize,
}

impl<'a> Fields<'a> {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    /// True when the row has no field (never for a row the reader returns).
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// Field `i` (0-based).
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let (start, end) = self.span(i)?;
        self.text.get(start..end)
    }
    /// Where field `i` (0-based) is in [`Fields::text`]: `start..end`.
    pub fn span(&self, i: usize) -> Option<(usize, usize)> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends.get(i - 1)? + self.skip };
        Some((start, end))
    }
    /// The text every field is cut from (the row's line, or its fields' contents back
    /// to back when a field was quoted).
    pub fn text(&self) -> &'a str {
        self.text
    }
    /// Every field, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// What the reader found next: lines `first..=last` of the input.
#[derive(Debug)]
pub enum Item<'a> {
    /// A row.
    Row {
        /// First line.
        first: u64,
        /// Last line (after the first when a quoted field holds line breaks).
        last: u64,
        /// The fields.
        fields: Fields<'a>,
    },
    /// An empty line (not a row).
    Blank {
        /// The line.
        line: u64,
    },
    /// A row that could not be read.
    Bad {
        /// First line.
        first: u64,
        /// Last line given up to the problem (the first line itself when reading
        /// starts again on the next line).
        last: u64,
        /// What is wrong.
        problem: Problem,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote seen inside a quoted field: the field's end, or the first of `""`.
    QuoteInQuoted,
}

/// Reads CSV rows from UTF-8 bytes.
pub struct Reader<R> {
    src: R,
    /// Input from (at least) the start of the current row on, in `buf[..end]`.
    buf: Vec<u8>,
    end: usize,
    /// Start of the current row in `buf`.
    row_start: usize,
    pos: usize,
    eof: bool,
    /// Line of the byte at `pos` (1-based).
    line: u64,
    /// Whether the bytes before `pos` may be dropped while a row is read (false while a
    /// row may still have to be read again from its second line).
    keep_row: bool,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Bytes taken from `src` so far.
    taken: u64,
}

impl<R: Read> Reader<R> {
    /// A reader of `src`, starting at line 1.
    pub fn new(src: R) -> Self {
        Self::at_line(src, 1)
    }

    /// A reader of `src` whose first byte is on line `line` (a part of a larger text
    /// that starts where a row starts).
    pub fn at_line(src: R, line: u64) -> Self {
        Reader { src, buf: Vec::new(), end: 0, row_start: 0, pos: 0, eof: false, line, keep_row: true, out: Vec::new(), ends: Vec::new(), taken: 0 }
    }

    /// How many bytes of the input the items returned so far span (where the next one
    /// starts).
    pub fn position(&self) -> u64 {
        self.taken.saturating_sub(self.end.saturating_sub(self.pos) as u64)
    }

    /// Where the item returned last starts in the input (bytes).
    pub fn row_start(&self) -> u64 {
        self.taken.saturating_sub(self.end.saturating_sub(self.row_start) as u64)
    }

    /// The line the next item starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Reads more input; false at the end.
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.end == self.buf.len() {
            // Full: drop what was read before the row (or, past a row being skipped,
            // before the position), else grow.
            let drop_to = if self.keep_row { self.row_start } else { self.pos };
            if drop_to >= self.buf.len() / 2 && drop_to > 0 {
                self.buf.copy_within(drop_to..self.end, 0);
                self.end -= drop_to;
                self.pos -= drop_to;
                self.row_start = self.row_start.saturating_sub(drop_to);
            } else {
                self.buf.resize((self.buf.len() * 2).max(CHUNK), 0);
            }
        }
        let n = loop {
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        self.end += n;
        self.taken += n as u64;
        self.eof = n == 0;
        Ok(n > 0)
    }

    #[inline]
    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        if self.pos >= self.end && !self.fill()? {
            return Ok(None);
        }
        Ok(self.buf.get(self.pos).copied())
    }

    /// Consumes a line break starting at `pos` (`\n`, `\r\n` or `\r`), counting one line.
    fn line_break(&mut self, push: bool) -> std::io::Result<()> {
        let b = self.buf.get(self.pos).copied();
        self.pos += 1;
        if push {
            self.out.extend(b);
        }
        if b == Some(b'\r') && self.peek()? == Some(b'\n') {
            self.pos += 1;
            if push {
                self.out.push(b'\n');
            }
        }
        self.line += 1;
        Ok(())
    }

    /// How many bytes a run of ordinary bytes may add to the row before it is over the
    /// limit (at least 1): a row over the limit is then refused at the same byte however
    /// the input arrived in chunks, so [`Problem::TooLong`] names the same count.
    fn room(&self) -> usize {
        (MAX_ROW_BYTES + 1).saturating_sub(self.out.len()).max(1)
    }

    /// Goes back to the line after the current row's first line.
    fn restart_after_first_line(&mut self, first: u64) {
        let rest = self.buf.get(self.row_start..self.end).unwrap_or_default();
        match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) => {
                let at = self.row_start + i;
                let crlf = self.buf.get(at) == Some(&b'\r') && at + 1 < self.end && self.buf.get(at + 1) == Some(&b'\n');
                self.pos = at + if crlf { 2 } else { 1 };
            }
            None => self.pos = self.end,
        }
        self.line = first + 1;
    }

    /// Skips to the end of the current line (a row over the byte limit), counting it.
    fn skip_line(&mut self) -> std::io::Result<()> {
        self.keep_row = false;
        while self.peek()?.is_some() {
            let hay = self.buf.get(self.pos..self.end).unwrap_or_default();
            match memchr::memchr2(b'\n', b'\r', hay) {
                Some(i) => {
                    self.pos += i;
                    return self.line_break(false);
                }
                None => self.pos = self.end,
            }
        }
        Ok(())
    }

    /// When the bytes at `pos` hold a whole line without quotes or a lone `\r` within
    /// the row limit (the common row, split in place by [`Reader::plain_row`]), the
    /// offset of its `\n` from `pos`.
    #[inline]
    fn plain_line_ahead(&self) -> Option<usize> {
        let hay = self.buf.get(self.pos..self.end).unwrap_or_default();
        let nl = memchr::memchr(b'\n', hay)?;
        let line = hay.get(..nl).unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        (line.len() <= MAX_ROW_BYTES && memchr::memchr2(b'"', b'\r', line).is_none()).then_some(nl)
    }

    /// Splits the plain line at `pos` that ends `nl` bytes on at its commas, in place.
    fn plain_row(&mut self, first: u64, nl: usize) -> Item<'_> {
        let start = self.pos;
        self.pos += nl + 1;
        self.line += 1;
        let with_cr = self.buf.get(start..start + nl).unwrap_or_default();
        let line = with_cr.strip_suffix(b"\r").unwrap_or(with_cr);
        self.ends.clear();
        for (i, &b) in line.iter().enumerate() {
            if b == b',' {
                self.ends.push(i);
            }
        }
        self.ends.push(line.len());
        match std::str::from_utf8(line) {
            Ok(text) => Item::Row { first, last: first, fields: Fields { text, ends: &self.ends, skip: 1 } },
            Err(_) => Item::Bad { first, last: first, problem: Problem::NotUtf8 },
        }
    }

    /// The next row, blank line or bad row; `None` at the end of the input.
    pub fn next_item(&mut self) -> std::io::Result<Option<Item<'_>>> {
        self.row_start = self.pos;
        self.keep_row = true;
        self.out.clear();
        self.ends.clear();
        let first = self.line;
        let Some(b) = self.peek()? else {
            return Ok(None);
        };
        if b == b'\n' || b == b'\r' {
            self.line_break(false)?;
            return Ok(Some(Item::Blank { line: first }));
        }
        if let Some(nl) = self.plain_line_ahead() {
            return Ok(Some(self.plain_row(first, nl)));
        }
        let mut state = State::FieldStart;
        let mut opened = first;
        let mut problem: Option<Problem> = None;
        let mut at_end = false;
        loop {
            if self.out.len() > MAX_ROW_BYTES {
                let problem = Problem::TooLong { bytes: self.out.len() };
                if self.line == first {
                    self.skip_line()?;
                } else {
                    self.restart_after_first_line(first);
                }
                return Ok(Some(Item::Bad { first, last: first, problem }));
            }
            let Some(b) = self.peek()? else {
                if state == State::Quoted {
                    self.restart_after_first_line(first);
                    return Ok(Some(Item::Bad { first, last: first, problem: Problem::UnterminatedQuote { opened } }));
                }
                self.ends.push(self.out.len());
                at_end = true;
                break;
            };
            match (state, b) {
                (State::Quoted, b'"') => {
                    self.pos += 1;
                    state = State::QuoteInQuoted;
                }
                (State::Quoted, b'\n' | b'\r') => {
                    self.line_break(true)?;
                    if self.line - first >= MAX_ROW_LINES {
                        self.restart_after_first_line(first);
                        return Ok(Some(Item::Bad { first, last: first, problem: Problem::TooManyLines { opened } }));
                    }
                }
                (State::Quoted, _) => {
                    // The run of ordinary bytes up to the next quote or line break.
                    let hay = self.buf.get(self.pos..self.end).unwrap_or_default();
                    let n = memchr::memchr3(b'"', b'\n', b'\r', hay).unwrap_or(hay.len()).max(1).min(self.room());
                    self.out.extend_from_slice(hay.get(..n).unwrap_or_default());
                    self.pos += n;
                }
                (State::QuoteInQuoted, b'"') => {
                    self.out.push(b'"');
                    self.pos += 1;
                    state = State::Quoted;
                }
                (State::FieldStart, b'"') => {
                    opened = self.line;
                    self.pos += 1;
                    state = State::Quoted;
                }
                (_, b',') => {
                    self.ends.push(self.out.len());
                    self.pos += 1;
                    state = State::FieldStart;
                }
                (_, b'\n' | b'\r') => {
                    self.ends.push(self.out.len());
                    self.line_break(false)?;
                    break;
                }
                (State::QuoteInQuoted, _) => {
                    problem.get_or_insert(Problem::TextAfterQuote { field: self.ends.len() + 1 });
                    self.out.push(b);
                    self.pos += 1;
                    state = State::Unquoted;
                }
                (State::FieldStart | State::Unquoted, _) => {
                    // The run of ordinary bytes up to the next comma or line break (a
                    // quote inside an unquoted field is an ordinary byte).
                    let hay = self.buf.get(self.pos..self.end).unwrap_or_default();
                    let n = memchr::memchr3(b',', b'\n', b'\r', hay).unwrap_or(hay.len()).max(1).min(self.room());
                    self.out.extend_from_slice(hay.get(..n).unwrap_or_default());
                    self.pos += n;
                    state = State::Unquoted;
                }
            }
        }
        // The row ended at a line break (or the end of the input) on the line before `line`.
        let last = if at_end { self.line } else { self.line - 1 };
        if let Some(problem) = problem {
            return Ok(Some(Item::Bad { first, last, problem }));
        }
        match std::str::from_utf8(&self.out) {
            Ok(text) => Ok(Some(Item::Row { first, last, fields: Fields { text, ends: &self.ends, skip: 0 } })),
            Err(_) => Ok(Some(Item::Bad { first, last, problem: Problem::NotUtf8 })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every item as text: `R first-last a|b|c`, `B line`, `X first-last problem`.
    fn items(text: &str) -> Vec<String> {
        let mut r = Reader::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some(item) = r.next_item().unwrap() {
            out.push(match item {
                Item::Row { first, last, fields } => format!("R {first}-{last} {}", fields.iter().collect::<Vec<_>>().join("|")),
                Item::Blank { line } => format!("B {line}"),
                Item::Bad { first, last, problem } => format!("X {first}-{last} {problem:?}"),
            });
        }
        out
    }

    #[test]
    fn rows_fields_and_line_numbers() {
        assert_eq!(items("a,b\n1,2\n"), ["R 1-1 a|b", "R 2-2 1|2"]);
        assert_eq!(items("a,b\r\n1,2"), ["R 1-1 a|b", "R 2-2 1|2"]);
        assert_eq!(items("a,b\r1,2\r3,4\r"), ["R 1-1 a|b", "R 2-2 1|2", "R 3-3 3|4"], "CR-only line ends");
        assert_eq!(items("a,b\n\n1,2\n"), ["R 1-1 a|b", "B 2", "R 3-3 1|2"]);
        assert_eq!(items("a,\"x,\"\"y\"\"\nz\",c\n1"), ["R 1-2 a|x,\"y\"\nz|c", "R 3-3 1"]);
        assert_eq!(items("a,5\",c\n"), ["R 1-1 a|5\"|c"], "a quote inside an unquoted field is a character");
        assert_eq!(items(",\n"), ["R 1-1 |"]);
        assert_eq!(items(""), Vec::<String>::new());
    }

    #[test]
    fn an_unterminated_quote_loses_one_line_only() {
        let text = "h1,h2\na,b\nc,\"d\ne,f\ng,h\n";
        assert_eq!(items(text), ["R 1-1 h1|h2", "R 2-2 a|b", "X 3-3 UnterminatedQuote { opened: 3 }", "R 4-4 e|f", "R 5-5 g|h"]);
        assert_eq!(items("a,\"b"), ["X 1-1 UnterminatedQuote { opened: 1 }"]);
    }

    #[test]
    fn a_quoted_field_may_not_run_past_the_line_limit() {
        let mut text = String::from("x,\"open\n");
        for i in 0..40 {
            text.push_str(&format!("r{i},v\n"));
        }
        text.push_str("y,\"never closed\n");
        let got = items(&text);
        assert_eq!(got[0], "X 1-1 TooManyLines { opened: 1 }");
        assert_eq!(got[1], "R 2-2 r0|v");
        assert_eq!(got.len(), 42, "{got:?}");
        assert_eq!(got[41], "X 42-42 UnterminatedQuote { opened: 42 }");
    }

    #[test]
    fn long_rows_and_text_after_a_quote() {
        let long = format!("a,{}\nb,c\n", "x".repeat(MAX_ROW_BYTES + 10));
        assert_eq!(items(&long)[1], "R 2-2 b|c");
        assert!(items(&long)[0].starts_with("X 1-1 TooLong"));
        let long_quoted = format!("a,\"{}\"\nb,c\n", "x".repeat(MAX_ROW_BYTES + 10));
        let got = items(&long_quoted);
        assert!(got[0].starts_with("X 1-1 TooLong"), "{got:?}");
        assert_eq!(got[1], "R 2-2 b|c");
        assert_eq!(items("\"ab\"c,d\ne,f\n"), ["X 1-1 TextAfterQuote { field: 1 }", "R 2-2 e|f"]);
    }

    #[test]
    fn rows_cut_across_read_chunks_read_as_a_whole() {
        let mut text = String::new();
        for i in 0..20_000 {
            text.push_str(&format!("{i},\"q{i}\r\nline\"\r\n"));
        }
        /// A reader that hands out 7 bytes at a time.
        struct Drip<'a>(&'a [u8]);
        impl Read for Drip<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = buf.len().min(7).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut r = Reader::new(Drip(text.as_bytes()));
        let mut n = 0;
        while let Some(item) = r.next_item().unwrap() {
            let Item::Row { first, last, fields } = item else { panic!("{item:?}") };
            assert_eq!((first, last), (2 * n + 1, 2 * n + 2));
            assert_eq!(fields.get(1), Some(format!("q{n}\r\nline").as_str()));
            n += 1;
        }
        assert_eq!(n, 20_000);
    }
}
