//! Text helpers: whitespace-insensitive quote matching, and values clipped for messages.
//!
//! The source texts break lines inside sentences (`教育数\n字化`) and sometimes put
//! spaces between words; a quote is found when it matches the source with all
//! whitespace removed from both. The match is reported as byte offsets into the
//! original, unmodified text so citations point at the real source.

/// Most characters of a value that messages and rejections show (see [`clip`]).
pub const SHOWN_CHARS: usize = 200;

/// `s` as messages show it: whole when it has at most `max` characters, else its first
/// `max` characters followed by `…` and the full length (`…(10485760 bytes)`), so that a
/// 10 MB value is never echoed whole.
pub fn clip(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(s),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…({} bytes)", &s[..cut], s.len())),
    }
}

/// A source text with a whitespace-free index for quote lookup.
#[derive(Debug, Clone)]
pub struct SourceText {
    original: String,
    compact: String,
    /// For each byte of `compact`, the byte offset of the same char in `original`.
    offsets: Vec<usize>,
}

impl SourceText {
    /// Indexes `original`.
    pub fn new(original: impl Into<String>) -> Self {
        let original = original.into();
        let mut compact = String::with_capacity(original.len());
        let mut offsets = Vec::with_capacity(original.len());
        for (at, c) in original.char_indices() {
            if c.is_whitespace() {
                continue;
            }
            for _ in 0..c.len_utf8() {
                offsets.push(at);
            }
            compact.push(c);
        }
        SourceText { original, compact, offsets }
    }

    /// The original text.
    pub fn as_str(&self) -> &str {
        &self.original
    }

    /// Byte range of `quote` in the original text, ignoring whitespace on both sides.
    /// Returns the first occurrence.
    pub fn find(&self, quote: &str) -> Option<(usize, usize)> {
        let needle = compact(quote);
        if needle.is_empty() {
            return None;
        }
        let at = self.compact.find(&needle)?;
        self.original_range(at, at + needle.len())
    }

    /// Number of times `quote` occurs (whitespace-insensitive).
    pub fn count(&self, quote: &str) -> usize {
        let needle = compact(quote);
        if needle.is_empty() {
            return 0;
        }
        self.compact.matches(&needle).count()
    }

    /// Every byte range of `quote` in the original text (whitespace-insensitive),
    /// non-overlapping, in order.
    pub fn find_all(&self, quote: &str) -> Vec<(usize, usize)> {
        let needle = compact(quote);
        if needle.is_empty() {
            return Vec::new();
        }
        self.compact
            .match_indices(&needle)
            .filter_map(|(at, m)| self.original_range(at, at + m.len()))
            .collect()
    }

    /// The text with every whitespace character removed.
    pub fn compact_str(&self) -> &str {
        &self.compact
    }

    /// Byte offset in the compact text of the first non-whitespace char at or after
    /// `original` (the compact text's length when there is none).
    pub fn to_compact(&self, original: usize) -> usize {
        self.offsets.partition_point(|&o| o < original)
    }

    /// Byte range in the original text of the compact range `[start, end)`; `None`
    /// when the range is empty or does not fall on char boundaries.
    pub fn original_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if end <= start || !self.compact.is_char_boundary(start) || !self.compact.is_char_boundary(end) {
            return None;
        }
        let first = *self.offsets.get(start)?;
        let last_start = *self.offsets.get(end - 1)?;
        let last_len = self.original[last_start..].chars().next().map_or(1, char::len_utf8);
        Some((first, last_start + last_len))
    }

    /// 1-based line number of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.original[..offset.min(self.original.len())].matches('\n').count() + 1
    }
}

/// `s` with every whitespace character removed.
pub fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_across_line_breaks_and_reports_original_offsets() {
        let src = SourceText::new("按照国家教育数\n字化战略行动 和北京");
        let (s, e) = src.find("教育数字化战略行动和").unwrap_or_default();
        assert_eq!(&src.as_str()[s..e], "教育数\n字化战略行动 和");
        assert_eq!(src.line_of(s), 1);
        assert!(src.find("教育数字化战略规划").is_none());
        assert!(src.find("   ").is_none());
        assert_eq!(src.count("北京"), 1);
        assert_eq!(src.find_all("和"), vec![(s + "教育数\n字化战略行动 ".len(), e)]);
        let c = src.to_compact(s);
        assert_eq!(src.original_range(c, c + "教育数字".len()), Some((s, s + "教育数\n字".len())));
        assert_eq!(src.to_compact(src.as_str().len()), src.compact_str().len());
    }
}
