//! Where each accepted observation row was read (its file and line), in about a byte a
//! row instead of a column of lines.
//!
//! Rows are noted in reading order, so a row's line is the line of the row before plus
//! a small step: one line for a file read row by row, a few where rows of other
//! indicators were set aside in between, none for rows without a line (records given
//! in code, line 0). Each row keeps its step from the row before in one byte; a mark
//! holds a row's file and line outright where the file changes, the line goes back or
//! steps by more than a byte holds, and at least every [`MARK_EVERY`] rows, so a place
//! is a mark plus fewer than that many steps. At national scale that is 17 MB for 17
//! million rows where a line per row was 136 MB of the load's peak memory, whatever the
//! order of the file's rows. A place is looked up only for a rejection and to order rows
//! that share an entity and a date.

/// Most rows from a mark to the next: a place is found by adding fewer steps than this.
const MARK_EVERY: u32 = 256;

/// A row whose file and line are kept outright.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Mark {
    /// The row (its place among the builder's accepted rows).
    seq: u32,
    file: u32,
    line: u64,
}

/// The file and line of every accepted row, by the row's place in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RowPlaces {
    marks: Vec<Mark>,
    /// Per row from the first mark on, the lines from the row before (0 at a mark).
    steps: Vec<u8>,
    /// The file and line of the row noted last.
    last: Option<(u32, u64)>,
}

impl RowPlaces {
    /// Notes that row `seq`, the row after the one noted before (rows are noted in
    /// reading order, one after another), was read from `file` at `line` (0: no line).
    pub(crate) fn note(&mut self, seq: u32, file: u32, line: u64) {
        let step = match (self.last, self.marks.last()) {
            (Some((f, l)), Some(m)) if f == file && line >= l && seq.wrapping_sub(m.seq) < MARK_EVERY => u8::try_from(line - l).ok(),
            _ => None,
        };
        match step {
            Some(step) => self.steps.push(step),
            None => {
                self.marks.push(Mark { seq, file, line });
                self.steps.push(0);
            }
        }
        self.last = Some((file, line));
    }

    /// The file and line of row `seq`, one of the rows noted; `(0, 0)` when none was.
    pub(crate) fn place(&self, seq: u32) -> (u32, u64) {
        let i = self.marks.partition_point(|m| m.seq <= seq);
        let (Some(m), Some(first)) = (self.marks.get(i.wrapping_sub(1)), self.marks.first()) else {
            return (0, 0);
        };
        // Steps are kept from the first mark's row on.
        let at = |s: u32| s.wrapping_sub(first.seq) as usize;
        let steps = self.steps.get(at(m.seq) + 1..at(seq) + 1).unwrap_or_default();
        (m.file, m.line + steps.iter().map(|&s| u64::from(s)).sum::<u64>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every row's place is the one noted, whatever the pattern of files and lines:
        /// following lines, steps of a few lines and of more than a byte holds, the
        /// same line again, lines going back, rows without a line, files changing back,
        /// runs longer than the rows between marks.
        #[test]
        fn a_row_is_where_it_was_noted(steps in prop::collection::vec((0u32..8, 0u64..1000), 0..1200)) {
            let mut places = RowPlaces::default();
            let mut noted = Vec::new();
            let (mut file, mut line) = (0u32, 1u64);
            for (seq, &(how, n)) in steps.iter().enumerate() {
                match how {
                    0 => file = (file + 1) % 3,
                    1 => line += n,
                    2 => line = line.saturating_sub(n),
                    3 => {}
                    4 => line = 0,
                    _ => line += 1,
                }
                places.note(seq as u32, file, line);
                noted.push((file, line));
            }
            for (seq, &want) in noted.iter().enumerate() {
                prop_assert_eq!(places.place(seq as u32), want, "row {}", seq);
            }
        }
    }

    #[test]
    fn rows_a_few_lines_apart_take_a_byte_each() {
        let mut places = RowPlaces::default();
        // Every third line (rows of two other indicators set aside between), then rows
        // without a line.
        for seq in 0..10_000u32 {
            places.note(seq, 0, 2 + 3 * u64::from(seq));
        }
        for seq in 10_000..12_000u32 {
            places.note(seq, 1, 0);
        }
        assert_eq!(places.steps.len(), 12_000);
        assert!(places.marks.len() <= 12_000 / MARK_EVERY as usize + 2, "{} marks", places.marks.len());
        assert_eq!(places.place(9_999), (0, 2 + 3 * 9_999));
        assert_eq!(places.place(11_000), (1, 0));
        assert_eq!(RowPlaces::default().place(0), (0, 0));
    }
}
