//! Where each accepted observation row was read (its file and line), kept as marks
//! where the place stops following from the row before, not as a column of lines.
//!
//! The rows of a file come in reading order, one line each nearly always, so a row's
//! line is the line of the mark before it plus how many rows it is past the mark. A
//! mark is written when the file changes, when a line does not follow (rows set aside
//! or refused in between, a quoted field over several lines) and for rows with no line
//! (records given in code, line 0, all in one mark). At national scale that is a few
//! hundred thousand marks for tens of millions of rows, where a line per row was 8
//! bytes a row of the load's peak memory. A place is looked up only for a rejection
//! and to order rows that share an entity and a date.

/// One run of rows whose lines follow from the first's.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Mark {
    /// The run's first row (its place among the builder's accepted rows).
    seq: u32,
    file: u32,
    line: u64,
    /// Lines a row: 1, or 0 for rows without a line.
    step: u64,
}

/// The file and line of every accepted row, by the row's place in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RowPlaces {
    marks: Vec<Mark>,
}

impl RowPlaces {
    /// Notes that row `seq`, the row after the one noted before (rows are noted in
    /// reading order), was read from `file` at `line` (0: no line).
    pub(crate) fn note(&mut self, seq: u32, file: u32, line: u64) {
        if let Some(m) = self.marks.last() {
            let predicted = m.line.wrapping_add(m.step.wrapping_mul(u64::from(seq.wrapping_sub(m.seq))));
            if m.file == file && predicted == line {
                return;
            }
        }
        self.marks.push(Mark { seq, file, line, step: u64::from(line > 0) });
    }

    /// The file and line of row `seq`, as noted; `(0, 0)` for a row never noted.
    pub(crate) fn place(&self, seq: u32) -> (u32, u64) {
        let i = self.marks.partition_point(|m| m.seq <= seq);
        match self.marks.get(i.wrapping_sub(1)) {
            Some(m) => (m.file, m.line.wrapping_add(m.step.wrapping_mul(u64::from(seq - m.seq)))),
            None => (0, 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every row's place is the one noted, whatever the pattern of files and lines:
        /// runs of following lines, jumps, rows without a line, files changing back.
        #[test]
        fn a_row_is_where_it_was_noted(steps in prop::collection::vec((0u32..3, 0u64..4, any::<bool>()), 0..300)) {
            let mut places = RowPlaces::default();
            let mut noted = Vec::new();
            let (mut file, mut line) = (0u32, 1u64);
            for (seq, &(file_change, jump, lineless)) in steps.iter().enumerate() {
                if file_change == 2 {
                    file = (file + 1) % 3;
                }
                line += 1 + jump.saturating_sub(1);
                let at = if lineless { 0 } else { line };
                places.note(seq as u32, file, at);
                noted.push((file, at));
            }
            for (seq, &want) in noted.iter().enumerate() {
                prop_assert_eq!(places.place(seq as u32), want, "row {}", seq);
            }
        }
    }

    #[test]
    fn rows_on_following_lines_share_one_mark() {
        let mut places = RowPlaces::default();
        for seq in 0..1000 {
            places.note(seq, 0, u64::from(seq) + 2);
        }
        for seq in 1000..2000 {
            places.note(seq, 1, 0);
        }
        assert_eq!(places.marks.len(), 2);
        assert_eq!(places.place(999), (0, 1001));
        assert_eq!(places.place(1500), (1, 0));
    }
}
