//! Readers: CSV (UTF-8 with or without BOM, or GBK), JSON, and Rust iterators.
//!
//! Documented columns:
//! - entities: `entity_id,kind,name,region_code,parent_id,stage,area_class` (+ optional `role`);
//! - observations: `entity_id,indicator,period,value,source`.
//!
//! `entity_id`, `kind` (entities) and `entity_id`, `indicator`, `period`, `value`
//! (observations) are required columns; the others may be absent. Columns not listed
//! here are reported in [`RecordCounts::ignored_columns`](crate::data::RecordCounts) rather than silently dropped.

use crate::data::{codes, DatasetBuilder, EntityRecord, Location, ObservationRecord, Rejection};
use std::path::Path;

/// Text encoding of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 if the bytes are valid UTF-8 (a BOM is skipped), otherwise GBK (GB18030).
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
            _ => Err(format!("unknown encoding {s:?}: use auto, utf-8 or gbk")),
        }
    }
}

/// A problem with a whole input (as opposed to one record).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The file could not be read.
    #[error("{file}: cannot read: {message}")]
    Io {
        /// File.
        file: String,
        /// System message.
        message: String,
    },
    /// The bytes are not valid in the declared (or detected) encoding.
    #[error("{file}: not valid {encoding} text (first bad byte at offset {offset}); pass the right --encoding")]
    Encoding {
        /// File.
        file: String,
        /// Encoding tried.
        encoding: String,
        /// Byte offset of the first undecodable sequence.
        offset: usize,
    },
    /// A required column is missing from the header.
    #[error("{file}: missing required column {column:?} (header has: {found})")]
    MissingColumn {
        /// File.
        file: String,
        /// The missing column.
        column: String,
        /// The header as read.
        found: String,
    },
    /// The JSON is malformed or not an array of objects.
    #[error("{file}:{line}:{column}: {message}")]
    Json {
        /// File.
        file: String,
        /// Line.
        line: usize,
        /// Column.
        column: usize,
        /// Message.
        message: String,
    },
}

impl InputError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            InputError::Io { .. } => "input.io",
            InputError::Encoding { .. } => "input.encoding",
            InputError::MissingColumn { .. } => "input.missing_column",
            InputError::Json { .. } => "input.json",
        }
    }
}

/// Decodes bytes to text. With [`Encoding::Auto`], valid UTF-8 is UTF-8 and anything
/// else is read as GBK; undecodable bytes are an error, never replaced silently.
pub fn decode(file: &str, bytes: &[u8], encoding: Encoding) -> Result<String, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf8 = std::str::from_utf8(bytes);
    match (encoding, utf8) {
        (Encoding::Utf8 | Encoding::Auto, Ok(s)) => Ok(s.to_string()),
        (Encoding::Utf8, Err(e)) => {
            Err(InputError::Encoding { file: file.into(), encoding: "UTF-8".into(), offset: e.valid_up_to() })
        }
        (Encoding::Gbk, _) | (Encoding::Auto, Err(_)) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                let offset = first_gbk_error(bytes);
                return Err(InputError::Encoding { file: file.into(), encoding: "GBK".into(), offset });
            }
            Ok(text.into_owned())
        }
    }
}

fn first_gbk_error(bytes: &[u8]) -> usize {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 + 16);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, extra) => read.saturating_sub(bad as usize + extra as usize),
        _ => read,
    }
}

const ENTITY_COLUMNS: [&str; 8] = ["entity_id", "kind", "name", "region_code", "parent_id", "stage", "area_class", "role"];
const ENTITY_REQUIRED: [&str; 2] = ["entity_id", "kind"];
const OBS_COLUMNS: [&str; 5] = ["entity_id", "indicator", "period", "value", "source"];
const OBS_REQUIRED: [&str; 4] = ["entity_id", "indicator", "period", "value"];

/// Positions of the known columns in a header; unknown columns listed.
fn map_header(
    file: &str,
    header: &csv::StringRecord,
    known: &[&str],
    required: &[&str],
) -> Result<(Vec<Option<usize>>, Vec<String>), InputError> {
    let names: Vec<String> = header.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_string()).collect();
    let pos: Vec<Option<usize>> = known.iter().map(|k| names.iter().position(|n| n == k)).collect();
    for r in required {
        if !names.iter().any(|n| n == r) {
            return Err(InputError::MissingColumn { file: file.into(), column: (*r).into(), found: names.join(",") });
        }
    }
    let unknown = names.iter().filter(|n| !known.contains(&n.as_str())).cloned().collect();
    Ok((pos, unknown))
}

/// A record that could not be read as a row at all (`data.bad_row`).
fn bad_row(location: Location, value: Option<String>, reason: String) -> Rejection {
    Rejection { location, column: None, value, code: codes::BAD_ROW.into(), reason }
}

/// One CSV row: the documented columns' fields (empty when the column is absent), or
/// the reason the row could not be read.
enum Row<'a, const N: usize> {
    Fields([&'a str; N]),
    Bad(Rejection),
}

fn csv_rows<const N: usize>(
    file: &str,
    text: impl std::io::Read,
    known: &[&str; N],
    required: &[&str],
    mut each: impl FnMut(Row<'_, N>, u64),
) -> Result<Vec<String>, InputError> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(text);
    let header = rdr
        .headers()
        .map_err(|e| InputError::Json { file: file.into(), line: 1, column: 1, message: e.to_string() })?
        .clone();
    let (pos, unknown) = map_header(file, &header, known, required)?;
    let width = header.len();
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
                    // A blank line is not a record.
                    continue;
                }
                if record.len() != width {
                    each(
                        Row::Bad(bad_row(
                            Location::new(file, line),
                            Some(record.iter().collect::<Vec<_>>().join(",")),
                            format!("{} fields where the header has {width}", record.len()),
                        )),
                        line,
                    );
                    continue;
                }
                let mut fields = [""; N];
                for (f, p) in fields.iter_mut().zip(&pos) {
                    *f = p.and_then(|i| record.get(i)).unwrap_or("");
                }
                each(Row::Fields(fields), line);
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                each(
                    Row::Bad(bad_row(Location::new(file, line), None, format!("unreadable CSV row: {e}"))),
                    line,
                );
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    Ok(unknown)
}

impl DatasetBuilder {
    /// Reads entities from CSV bytes.
    pub fn read_entities_csv(&mut self, file: &str, bytes: &[u8], encoding: Encoding) -> Result<(), InputError> {
        let text = decode_cow(file, bytes, encoding)?;
        self.entities_from_csv(file, text.as_bytes())
    }

    fn entities_from_csv(&mut self, file: &str, text: impl std::io::Read) -> Result<(), InputError> {
        let unknown = csv_rows(file, text, &ENTITY_COLUMNS, &ENTITY_REQUIRED, |row, line| match row {
            Row::Fields(f) => self.add_entity_fields(f, Some(file), Some(line)),
            Row::Bad(rej) => self.reject_entity_row(rej),
        })?;
        self.note_ignored_entity_columns(unknown);
        Ok(())
    }

    /// Reads observations from CSV bytes.
    pub fn read_observations_csv(&mut self, file: &str, bytes: &[u8], encoding: Encoding) -> Result<(), InputError> {
        let text = decode_cow(file, bytes, encoding)?;
        self.observations_from_csv(file, text.as_bytes())
    }

    fn observations_from_csv(&mut self, file: &str, text: impl std::io::Read) -> Result<(), InputError> {
        let file_ix = self.file_index(Some(file));
        let unknown = csv_rows(file, text, &OBS_COLUMNS, &OBS_REQUIRED, |row, line| match row {
            Row::Fields(f) => self.add_observation_fields(f[0], f[1], f[2], f[3], f[4], file_ix, line),
            Row::Bad(rej) => self.reject_observation_row(rej),
        })?;
        self.note_ignored_observation_columns(unknown);
        Ok(())
    }

    /// Reads entities from a CSV file. UTF-8 files are read as a stream (the file is
    /// never held in memory whole); GBK files are decoded whole.
    pub fn read_entities_file(&mut self, path: impl AsRef<Path>, encoding: Encoding) -> Result<(), InputError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        match utf8_stream(&name, path, encoding)? {
            Some(reader) => self.entities_from_csv(&name, reader),
            None => {
                let (name, bytes) = read_file(path)?;
                self.read_entities_csv(&name, &bytes, encoding)
            }
        }
    }

    /// Reads observations from a CSV file. UTF-8 files are read as a stream (the file
    /// is never held in memory whole); GBK files are decoded whole.
    pub fn read_observations_file(&mut self, path: impl AsRef<Path>, encoding: Encoding) -> Result<(), InputError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        match utf8_stream(&name, path, encoding)? {
            Some(reader) => self.observations_from_csv(&name, reader),
            None => {
                let (name, bytes) = read_file(path)?;
                self.read_observations_csv(&name, &bytes, encoding)
            }
        }
    }

    /// Reads entities from a JSON array of objects with the entity columns as keys
    /// (values may be strings or numbers).
    pub fn read_entities_json(&mut self, file: &str, text: &str) -> Result<(), InputError> {
        for (i, obj) in json_records(file, text)?.into_iter().enumerate() {
            let loc = Location::new(file, i as u64 + 1);
            match obj {
                Ok(m) => {
                    let g = |k: &str| field(&m, k);
                    self.add_entity(
                        EntityRecord {
                            entity_id: g("entity_id"),
                            kind: g("kind"),
                            name: g("name"),
                            region_code: g("region_code"),
                            parent_id: g("parent_id"),
                            stage: g("stage"),
                            area_class: g("area_class"),
                            role: g("role"),
                        },
                        loc,
                    )
                }
                Err(reason) => self.reject_entity_row(bad_row(loc, None, reason)),
            }
        }
        Ok(())
    }

    /// Reads observations from a JSON array of objects with the observation columns as keys.
    pub fn read_observations_json(&mut self, file: &str, text: &str) -> Result<(), InputError> {
        for (i, obj) in json_records(file, text)?.into_iter().enumerate() {
            let loc = Location::new(file, i as u64 + 1);
            match obj {
                Ok(m) => {
                    let g = |k: &str| field(&m, k);
                    self.add_observation(
                        ObservationRecord {
                            entity_id: g("entity_id"),
                            indicator: g("indicator"),
                            period: g("period"),
                            value: g("value"),
                            source: g("source"),
                        },
                        loc,
                    )
                }
                Err(reason) => self.reject_observation_row(bad_row(loc, None, reason)),
            }
        }
        Ok(())
    }

    /// Adds entities from an iterator (record numbers start at 1).
    pub fn extend_entities(&mut self, records: impl IntoIterator<Item = EntityRecord>) {
        for (i, r) in records.into_iter().enumerate() {
            self.add_entity(r, Location { file: None, line: Some(i as u64 + 1) });
        }
    }

    /// Adds observations from an iterator (record numbers start at 1).
    pub fn extend_observations(&mut self, records: impl IntoIterator<Item = ObservationRecord>) {
        for (i, r) in records.into_iter().enumerate() {
            self.add_observation(r, Location { file: None, line: Some(i as u64 + 1) });
        }
    }
}

/// [`decode`] without copying UTF-8 input.
fn decode_cow<'a>(file: &str, bytes: &'a [u8], encoding: Encoding) -> Result<std::borrow::Cow<'a, str>, InputError> {
    let stripped = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match (encoding, std::str::from_utf8(stripped)) {
        (Encoding::Utf8 | Encoding::Auto, Ok(s)) => Ok(std::borrow::Cow::Borrowed(s)),
        _ => decode(file, bytes, encoding).map(std::borrow::Cow::Owned),
    }
}

/// When a file is UTF-8 (checked in one streaming pass, as [`decode`] would decide),
/// the file opened again past its BOM, buffered; `None` when it must be decoded as GBK.
fn utf8_stream(name: &str, path: &Path, encoding: Encoding) -> Result<Option<impl std::io::Read>, InputError> {
    use std::io::{BufReader, Read, Seek, SeekFrom};
    let io = |e: std::io::Error| InputError::Io { file: name.to_string(), message: e.to_string() };
    if encoding == Encoding::Gbk {
        return Ok(None);
    }
    let mut f = std::fs::File::open(path).map_err(io)?;
    let mut buf = vec![0u8; 1 << 20];
    // Bytes of a character cut at the end of the last chunk, carried to the next.
    let mut carry = 0usize;
    // Bytes checked so far, after any BOM.
    let mut offset = 0usize;
    let mut first = true;
    let mut bom = 0u64;
    loop {
        let n = f.read(&mut buf[carry..]).map_err(io)?;
        let end = carry + n;
        let mut chunk = &buf[..end];
        if first && (end >= 3 || n == 0) {
            first = false;
            if chunk.starts_with(b"\xEF\xBB\xBF") {
                chunk = &chunk[3..];
                bom = 3;
            }
        } else if first {
            // Fewer than 3 bytes so far: read more before deciding about a BOM.
            carry = end;
            continue;
        }
        match std::str::from_utf8(chunk) {
            Ok(_) => {
                offset += chunk.len();
                carry = 0;
            }
            Err(e) if e.error_len().is_none() && n > 0 => {
                // A character continues in the next chunk.
                let good = e.valid_up_to();
                offset += good;
                let rest = chunk.len() - good;
                buf.copy_within(end - rest..end, 0);
                carry = rest;
            }
            Err(e) => {
                return match encoding {
                    Encoding::Utf8 => Err(InputError::Encoding { file: name.to_string(), encoding: "UTF-8".into(), offset: offset + e.valid_up_to() }),
                    _ => Ok(None),
                };
            }
        }
        if n == 0 {
            break;
        }
    }
    f.seek(SeekFrom::Start(bom)).map_err(io)?;
    Ok(Some(BufReader::with_capacity(1 << 16, f)))
}

fn read_file(path: &Path) -> Result<(String, Vec<u8>), InputError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| InputError::Io { file: name.clone(), message: e.to_string() })?;
    Ok((name, bytes))
}

type JsonObject = serde_json::Map<String, serde_json::Value>;

fn json_records(file: &str, text: &str) -> Result<Vec<Result<JsonObject, String>>, InputError> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| InputError::Json {
        file: file.into(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let serde_json::Value::Array(items) = v else {
        return Err(InputError::Json { file: file.into(), line: 1, column: 1, message: "expected an array of objects".into() });
    };
    Ok(items
        .into_iter()
        .map(|item| match item {
            serde_json::Value::Object(m) => Ok(m),
            other => Err(format!("expected an object, found {other}")),
        })
        .collect())
}

fn field(m: &JsonObject, k: &str) -> String {
    match m.get(k) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode("海淀区,小学");
        assert_eq!(decode("f", &gbk, Encoding::Auto).ok().as_deref(), Some("海淀区,小学"));
        assert_eq!(decode("f", "\u{feff}a,b".as_bytes(), Encoding::Auto).ok().as_deref(), Some("a,b"));
        assert!(matches!(decode("f", &gbk, Encoding::Utf8), Err(InputError::Encoding { .. })));
        assert!(matches!(decode("f", &[0x81, 0x20], Encoding::Gbk), Err(InputError::Encoding { offset: 0, .. })));
    }

    /// Files are read as a stream in 1 MiB chunks: characters cut at a chunk's end, a
    /// BOM, and a bad byte far into the file give what reading the bytes whole gives.
    #[test]
    fn streamed_files_read_as_bytes_do() {
        let catalog = crate::Catalog::builtin().unwrap();
        let dir = std::env::temp_dir().join(format!("zhibiao-io-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // A text in which the first 1 MiB chunk ends inside a character.
        let mut text = String::new();
        for pad in 0..80 {
            text = String::from("entity_id,indicator,period,value,source\n");
            text.push_str(&format!("110101,region.school_broadband_rate,1989,90,{}\n", "a".repeat(pad)));
            let mut i = 0;
            while text.len() < (1 << 20) + 4096 {
                text.push_str(&format!("110101,region.school_broadband_rate,{},9{},来源说明第{i}号\n", 1990 + i % 30, i % 10));
                i += 1;
            }
            if !text.is_char_boundary(1 << 20) {
                break;
            }
        }
        assert!(!text.is_char_boundary(1 << 20));
        let mut bad = text.clone().into_bytes();
        bad[(1 << 20) + 7] = 0xFF;
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("plain", text.clone().into_bytes()),
            ("bom", [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()),
            ("bad", bad),
            ("gbk", encoding_rs::GBK.encode(&text).0.into_owned()),
        ];
        for (name, bytes) in cases {
            let path = dir.join(format!("{name}.csv"));
            std::fs::write(&path, &bytes).unwrap();
            let file = path.display().to_string();
            for enc in [Encoding::Auto, Encoding::Utf8, Encoding::Gbk] {
                let mut a = DatasetBuilder::new(&catalog);
                let ra = a.read_observations_file(&path, enc);
                let mut b = DatasetBuilder::new(&catalog);
                let rb = b.read_observations_csv(&file, &bytes, enc);
                assert_eq!(ra, rb, "{name} {enc:?}");
                let (da, la) = a.build();
                let (db, lb) = b.build();
                assert_eq!(la, lb, "{name} {enc:?}");
                assert_eq!(da.observation_count(), db.observation_count(), "{name} {enc:?}");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
