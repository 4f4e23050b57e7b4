//! Text encodings of input files, decided per file with the evidence for the decision.
//!
//! Chinese office software writes GBK (GB18030); everything else writes UTF-8. With
//! [`Encoding::Auto`] a file is read as follows, and the decision with its reason goes
//! into the load report ([`FileEncoding`]):
//!
//! 1. a UTF-8 byte-order mark → UTF-8; a UTF-16 mark → UTF-16;
//! 2. bytes that are valid UTF-8 → UTF-8;
//! 3. otherwise each line is examined. A line of non-ASCII text that is valid UTF-8 and
//!    reads as Chinese (CJK characters, punctuation, full-width forms) is evidence for
//!    UTF-8 — GBK bytes almost never form such text (they do form Cyrillic: GBK `小学`
//!    is valid UTF-8 `Сѧ`, which is why only Chinese counts); a line that is not valid
//!    UTF-8 is evidence against it. When the UTF-8 lines are at least as many as the
//!    others, the file is UTF-8 with a few bad lines: it is read as UTF-8 and each bad
//!    line is rejected (`data.bad_encoding_line`). Otherwise it is GB18030, and the lines
//!    that do not decode as GB18030, or that are UTF-8 Chinese in a GB18030 file, are
//!    rejected the same way.
//!
//! A declared encoding ([`Encoding::Utf8`], [`Encoding::Gbk`]) is taken at its word:
//! bytes that do not decode are an error for the whole file, naming the line and offset.
//! A rejected line is replaced by a single space in the decoded text, so that every
//! later line keeps its number.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Text encoding of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Decided from the bytes (see the module docs).
    #[default]
    Auto,
    /// UTF-8 (a BOM is skipped).
    Utf8,
    /// GBK / GB18030, as Chinese office software exports.
    Gbk,
}

impl std::str::FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(Encoding::Auto),
            "utf8" | "utf-8" => Ok(Encoding::Utf8),
            "gbk" | "gb18030" | "gb2312" => Ok(Encoding::Gbk),
            _ => Err(format!("unknown encoding {:?}: use auto, utf-8 or gbk", crate::text::clip(s, 40))),
        }
    }
}

/// How one file was decoded, and why: part of the load report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct FileEncoding {
    /// File name as in rejections.
    pub file: String,
    /// `UTF-8`, `GB18030`, `UTF-16LE` or `UTF-16BE`.
    pub encoding: String,
    /// The evidence: `valid UTF-8`, `declared (--encoding gbk)`, `not valid UTF-8 (line 3);
    /// every line decodes as GB18030` …
    pub reason: String,
    /// The file is a spreadsheet or a columnar (Parquet, Arrow) file, not text: `encoding`
    /// and `reason` say what its format is and where its records were read; absent
    /// (false) for CSV and JSON.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub format: bool,
}

/// A line that does not decode in the file's encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based line.
    pub line: u64,
    /// Why (names the encoding the file is read in).
    pub reason: String,
}

/// Decoded text with the decision and the lines that were left out.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    /// The text; each bad line is a single space.
    pub text: Cow<'a, str>,
    /// `UTF-8`, `GB18030` …
    pub encoding: &'static str,
    /// The evidence for the decision.
    pub reason: String,
    /// Lines rejected because they do not decode, in order.
    pub bad_lines: Vec<BadLine>,
}

impl Decoded<'_> {
    /// The decision as it goes into the load report.
    pub fn report(&self, file: &str) -> FileEncoding {
        FileEncoding { file: file.to_string(), encoding: self.encoding.to_string(), reason: self.reason.clone(), format: false }
    }
}

/// A declared encoding that does not fit the bytes: the first undecodable byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecodable {
    /// `UTF-8` or `GB18030`.
    pub encoding: &'static str,
    /// Byte offset of the first undecodable sequence (after any BOM).
    pub offset: usize,
    /// Its line (1-based).
    pub line: u64,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a file's bytes (see the module docs for how the encoding is decided).
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<Decoded<'_>, Undecodable> {
    let (bom, body) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    match encoding {
        Encoding::Utf8 => match std::str::from_utf8(body) {
            Ok(s) => Ok(utf8(s, if bom { "declared UTF-8 (byte-order mark)" } else { "declared UTF-8" })),
            Err(e) => Err(undecodable("UTF-8", body, e.valid_up_to())),
        },
        Encoding::Gbk => {
            let (text, bad) = encoding_rs::GB18030.decode_without_bom_handling(body);
            if bad {
                return Err(undecodable("GB18030", body, first_gb18030_error(body)));
            }
            Ok(Decoded { text, encoding: "GB18030", reason: "declared GBK / GB18030".into(), bad_lines: Vec::new() })
        }
        Encoding::Auto => Ok(auto(bytes, bom, body)),
    }
}

fn utf8<'a>(s: &'a str, reason: &str) -> Decoded<'a> {
    Decoded { text: Cow::Borrowed(s), encoding: "UTF-8", reason: reason.into(), bad_lines: Vec::new() }
}

fn undecodable(encoding: &'static str, body: &[u8], offset: usize) -> Undecodable {
    Undecodable { encoding, offset, line: line_of(body, offset) }
}

/// The 1-based line of byte `offset` (`\r\n` is one line break).
pub fn line_of(b: &[u8], offset: usize) -> u64 {
    let prefix = b.get(..offset).unwrap_or(b);
    let crlf = prefix.windows(2).filter(|w| w == b"\r\n").count();
    1 + prefix.iter().filter(|&&c| c == b'\n' || c == b'\r').count() as u64 - crlf as u64
}

fn auto<'a>(bytes: &'a [u8], bom: bool, body: &'a [u8]) -> Decoded<'a> {
    if !bom {
        for (mark, enc, name) in [(b"\xFF\xFE", encoding_rs::UTF_16LE, "UTF-16LE"), (b"\xFE\xFF", encoding_rs::UTF_16BE, "UTF-16BE")] {
            if let Some(rest) = bytes.strip_prefix(mark.as_slice()) {
                // Unpaired surrogates decode as U+FFFD: the lines holding one are rejected.
                let (text, bad) = enc.decode_without_bom_handling(rest);
                let line_ok = |l| std::str::from_utf8(l).ok().filter(|s| !bad || !s.contains('\u{FFFD}')).map(Cow::Borrowed);
                return by_lines(text.as_bytes(), name, format!("{name} (byte-order mark)"), line_ok, None).into_owned_text();
            }
        }
    }
    if let Ok(s) = std::str::from_utf8(body) {
        return utf8(s, if bom { "UTF-8 (byte-order mark)" } else { "valid UTF-8" });
    }
    if bom {
        return by_lines(body, "UTF-8", "UTF-8 (byte-order mark)".into(), |l| std::str::from_utf8(l).ok().map(Cow::Borrowed), None);
    }
    // Evidence line by line.
    let (mut chinese_utf8, mut not_utf8, mut first_bad) = (0u64, 0u64, 0u64);
    for (i, line) in lines(body).enumerate() {
        if line.is_ascii() {
            continue;
        }
        match std::str::from_utf8(line) {
            Ok(s) if reads_as_chinese(s) => chinese_utf8 += 1,
            Ok(_) => {}
            Err(_) => {
                not_utf8 += 1;
                if first_bad == 0 {
                    first_bad = i as u64 + 1;
                }
            }
        }
    }
    if chinese_utf8 >= not_utf8 {
        let reason = format!(
            "UTF-8: {chinese_utf8} line(s) of Chinese text are valid UTF-8 and {not_utf8} line(s) are not (the first on line {first_bad}); those are rejected"
        );
        return by_lines(body, "UTF-8", reason, |l| std::str::from_utf8(l).ok().map(Cow::Borrowed), None);
    }
    if chinese_utf8 == 0 {
        let (text, bad) = encoding_rs::GB18030.decode_without_bom_handling(body);
        if !bad {
            let reason = format!("GB18030: not valid UTF-8 (line {first_bad}); every line decodes as GBK / GB18030");
            return Decoded { text, encoding: "GB18030", reason, bad_lines: Vec::new() };
        }
    }
    let reason = if chinese_utf8 == 0 {
        format!("GB18030: not valid UTF-8 (line {first_bad}); read as GBK / GB18030, the lines that do not decode are rejected")
    } else {
        format!("GB18030: {not_utf8} line(s) are not valid UTF-8 (the first on line {first_bad}) and {chinese_utf8} line(s) of UTF-8 Chinese text are rejected as a mixed encoding")
    };
    by_lines(
        body,
        "GB18030",
        reason,
        |l| {
            let (text, bad) = encoding_rs::GB18030.decode_without_bom_handling(l);
            (!bad).then_some(text)
        },
        Some("valid UTF-8 Chinese text in a file read as GB18030 (mixed encodings)"),
    )
}

/// Decodes line by line; a line that does not decode (or, with `utf8_is_foreign`, a line
/// of UTF-8 Chinese text) becomes a single space and a [`BadLine`].
fn by_lines<'a>(
    body: &'a [u8],
    encoding: &'static str,
    reason: String,
    decode_line: impl Fn(&'a [u8]) -> Option<Cow<'a, str>>,
    utf8_is_foreign: Option<&str>,
) -> Decoded<'a> {
    let mut text = String::with_capacity(body.len() + body.len() / 2);
    let mut bad_lines = Vec::new();
    let mut at = 0;
    for (i, start) in line_starts(body).enumerate() {
        let end = next_break(body, start);
        let line = &body[start..end];
        // The line break itself (kept as it was: \n, \r\n or \r).
        let brk = &body[end..line_end(body, end)];
        at = line_end(body, end);
        let foreign = utf8_is_foreign.filter(|_| !line.is_ascii() && std::str::from_utf8(line).is_ok_and(reads_as_chinese));
        match (foreign, decode_line(line)) {
            (None, Some(s)) => text.push_str(&s),
            (Some(why), _) => bad_lines.push(BadLine { line: i as u64 + 1, reason: why.to_string() }),
            (None, None) => bad_lines.push(BadLine { line: i as u64 + 1, reason: format!("this line is not valid {encoding}, the encoding the file is read in") }),
        }
        if bad_lines.last().is_some_and(|b| b.line == i as u64 + 1) {
            // Not empty: an empty line between a \r and a \n would join them into one break.
            text.push(' ');
        }
        text.push_str(std::str::from_utf8(brk).unwrap_or("\n"));
    }
    debug_assert_eq!(at, body.len());
    Decoded { text: Cow::Owned(text), encoding, reason, bad_lines }
}

impl Decoded<'_> {
    fn into_owned_text(self) -> Decoded<'static> {
        Decoded { text: Cow::Owned(self.text.into_owned()), encoding: self.encoding, reason: self.reason, bad_lines: self.bad_lines }
    }
}

/// True when every non-ASCII character of `s` is one Chinese text uses: CJK characters
/// and punctuation, full-width forms, general punctuation and a few symbols (° · × ÷ ±).
fn reads_as_chinese(s: &str) -> bool {
    s.chars().filter(|c| !c.is_ascii()).all(|c| {
        matches!(c as u32,
            0x2000..=0x206F // general punctuation (— “ ” …)
            | 0x2100..=0x218F // letterlike, number forms (Ⅰ Ⅱ ℃)
            | 0x2460..=0x24FF // enclosed numbers ①
            | 0x25A0..=0x25FF // geometric shapes ○ ●
            | 0x2E80..=0x9FFF // CJK radicals, punctuation, kana, ideographs
            | 0xF900..=0xFAFF // CJK compatibility ideographs
            | 0xFE30..=0xFE4F // CJK compatibility forms
            | 0xFF00..=0xFFEF // full-width forms (，％)
            | 0x20000..=0x3FFFF // CJK extensions B and beyond
            | 0xB0 | 0xB1 | 0xB7 | 0xD7 | 0xF7 | 0xA0 | 0xFEFF)
    })
}

/// Start offsets of the lines of `b` (a line ends at `\n`, `\r\n` or `\r`; a break at
/// the very end starts no further line).
fn line_starts(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut next = (!b.is_empty()).then_some(0usize);
    std::iter::from_fn(move || {
        let start = next?;
        let after = line_end(b, next_break(b, start));
        next = (after < b.len()).then_some(after);
        Some(start)
    })
}

/// The lines of `b`, without their breaks.
fn lines(b: &[u8]) -> impl Iterator<Item = &[u8]> + '_ {
    line_starts(b).map(move |s| &b[s..next_break(b, s)])
}

fn next_break(b: &[u8], from: usize) -> usize {
    b.get(from..).and_then(|r| r.iter().position(|&c| c == b'\n' || c == b'\r')).map_or(b.len(), |i| from + i)
}

/// Offset just past the line break at `at` (`at` itself when there is none).
fn line_end(b: &[u8], at: usize) -> usize {
    match (b.get(at), b.get(at + 1)) {
        (Some(b'\r'), Some(b'\n')) => at + 2,
        (Some(b'\r' | b'\n'), _) => at + 1,
        _ => at,
    }
}

fn first_gb18030_error(bytes: &[u8]) -> usize {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 + 16);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, extra) => read.saturating_sub(bad as usize + extra as usize),
        _ => read,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(s).0.into_owned()
    }

    #[test]
    fn a_utf8_file_with_one_gbk_line_stays_utf8_and_loses_that_line() {
        let mut bytes = "a,b\n示例数据,1\n".as_bytes().to_vec();
        bytes.extend(gbk("示例数据,2\n"));
        bytes.extend("东城区,3\n".as_bytes());
        let d = decode(&bytes, Encoding::Auto).unwrap();
        assert_eq!(d.encoding, "UTF-8", "{}", d.reason);
        assert_eq!(d.text, "a,b\n示例数据,1\n \n东城区,3\n");
        assert_eq!(d.bad_lines.iter().map(|b| b.line).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn gbk_files_are_gb18030_even_when_a_line_happens_to_be_valid_utf8() {
        // GBK 小学 is the valid UTF-8 "Сѧ": not Chinese, so no evidence for UTF-8.
        let bytes = gbk("id,stage,name\nS1,小学,\nS2,小学,东城第一小学\n");
        assert!(std::str::from_utf8(&gbk("S1,小学,")).is_ok());
        let d = decode(&bytes, Encoding::Auto).unwrap();
        assert_eq!((d.encoding, d.bad_lines.len()), ("GB18030", 0), "{}", d.reason);
        assert_eq!(d.text, "id,stage,name\nS1,小学,\nS2,小学,东城第一小学\n");
        // A UTF-8 line in a GBK file is rejected, not garbled.
        let mut mixed = gbk("a\n东城第一小学\n西城第二小学\n");
        mixed.extend("示例数据\n".as_bytes());
        let d = decode(&mixed, Encoding::Auto).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.bad_lines.iter().map(|b| b.line).collect::<Vec<_>>(), [4]);
        assert_eq!(d.text, "a\n东城第一小学\n西城第二小学\n \n");
    }

    #[test]
    fn boms_declared_encodings_and_line_numbers() {
        assert_eq!(decode("\u{feff}a,b".as_bytes(), Encoding::Auto).unwrap().text, "a,b");
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("a,学\r\n".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        let d = decode(&utf16, Encoding::Auto).unwrap();
        assert_eq!((d.encoding, d.text.as_ref()), ("UTF-16LE", "a,学\r\n"));
        let e = decode(&gbk("a\r\nb\r\n东城"), Encoding::Utf8).unwrap_err();
        assert_eq!((e.encoding, e.line, e.offset), ("UTF-8", 3, 6));
        let e = decode(b"ok\r\x81\x20", Encoding::Gbk).unwrap_err();
        assert_eq!((e.line, e.offset), (2, 3));
        assert_eq!(decode(&gbk("东城"), Encoding::Gbk).unwrap().text, "东城");
        assert_eq!(lines(b"a\r\nb\rc\n").collect::<Vec<_>>(), [b"a".as_slice(), b"b", b"c"]);
        assert_eq!(lines(b"").count(), 0);
    }
}
