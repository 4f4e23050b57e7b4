//! A list of strings in one buffer ([`Texts`]): the entity ids and names of a
//! [`crate::Dataset`], millions of short strings kept without an allocation each.

/// Strings stored end to end in one buffer, each found by where it ends: at national
/// scale (5 million entities, an id and a name each) one allocation instead of ten
/// million, and 8 bytes of bookkeeping per string instead of a `String`'s 24 plus its
/// allocation's. Read with [`Texts::get`] (`None` past the end) or [`Texts::iter`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Texts {
    text: String,
    ends: Vec<usize>,
}

impl Texts {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Room for `n` more strings of `bytes` bytes in all.
    pub fn reserve(&mut self, n: usize, bytes: usize) {
        self.ends.reserve_exact(n);
        self.text.reserve(bytes);
    }

    /// Adds `s` at the end.
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    /// How many strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`-th string, if there are more than `i`.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) };
        self.text.get(start..end)
    }

    /// The strings in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or(""))
    }
}

impl std::fmt::Debug for Texts {
    /// As a list of strings.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> FromIterator<&'a str> for Texts {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        let mut t = Texts::new();
        for s in iter {
            t.push(s);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::Texts;

    #[test]
    fn strings_come_back_as_pushed() {
        let words = ["", "S1101010000", "北京市第一中学", "", "a"];
        let t: Texts = words.iter().copied().collect();
        assert_eq!(t.len(), words.len());
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.get(i), Some(*w));
        }
        assert_eq!(t.get(words.len()), None);
        assert_eq!(t.iter().collect::<Vec<_>>(), words);
        assert_eq!(format!("{t:?}"), format!("{words:?}"));
        assert!(Texts::new().is_empty());
    }
}
