//! Blocks of CSV rows: observation rows checked on every core and recorded in reading
//! order, entity rows added in order (tokenized a block ahead); and [`map_rows`], the
//! check of the rows of a columnar batch.
//!
//! The CSV tokenizer ([`crate::csv_reader`]) finds the rows one after another: it is the
//! quote-aware scan that knows where each record starts and on which line, including
//! quoted fields with line breaks and the lines given up after an unterminated quote,
//! so the rows, their line numbers and the rows it refuses are the sequential reader's
//! by construction. A row's text is copied into a block once ([`RowBlock`]); a full block is cut
//! into chunks that are checked in parallel ([`crate::data::RowRules::check`]: indicator,
//! period, value, range, read-only), and the outcomes are recorded in file order
//! ([`crate::data::Recorder::record`]). With the `parallel` feature a text without
//! lines the decoder left bad (any UTF-8 file) is tokenized on every core instead: cut
//! into pieces at line breaks, each piece's rows found, and observation rows checked
//! ([`RowBlock::check`]), on a thread of its own, and recorded in order on the reading
//! thread ([`RowBlock::record`]); a piece cut inside a quoted field is read again joined
//! to the next ([`crate::csv_pieces`]). Other texts are tokenized on one thread of their
//! own, filling the next block while the last one is checked and recorded (a channel of
//! one block: at most three blocks in memory, whatever the file's size). The result
//! does not depend on the block, chunk or piece size (core/tests/parallel_load.rs and
//! core/tests/fuzz.rs check it against one row at a time).

use crate::data::{DatasetBuilder, Rejection, RowOutcome};
#[cfg(feature = "parallel")]
use crate::data::{Recorder, RowRules};

/// How many rows are checked together, and how many per parallel task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockSize {
    /// Rows per block; 0: each row is checked and recorded on its own (one thread). A
    /// CSV text tokenized on every core is cut into pieces of 64 bytes a row of this
    /// (2 MiB for the default).
    pub rows: usize,
    /// Rows per task within a block (at least 1).
    pub chunk: usize,
}

impl Default for BlockSize {
    /// 32 Ki rows per block (a few MB of CSV), 1 Ki rows per task.
    fn default() -> Self {
        BlockSize { rows: 1 << 15, chunk: 1 << 10 }
    }
}

/// Most bytes of field text one block holds (rows are short; this bounds long ones).
const BLOCK_TEXT: usize = 16 << 20;

/// A row as the tokenizer gave it: the text its fields are cut from, copied whole into
/// the block's text, with where each documented field is in it; or the rejection of a
/// row that could not be read.
enum Entry {
    /// The row's text from `at` on, and each documented field's start and length in it.
    Fields { at: usize, spans: [(u32, u32); 8], line: u64 },
    Bad(Option<Box<Rejection>>),
}

/// Rows waiting to be checked.
pub(crate) struct RowBlock {
    size: BlockSize,
    text: String,
    entries: Vec<Entry>,
    /// The entries' outcomes when checked where they were tokenized
    /// ([`RowBlock::check`]), without the text they borrow, in order.
    #[cfg(feature = "parallel")]
    checked: Vec<RowOutcome<'static>>,
}

impl RowBlock {
    pub(crate) fn new(size: BlockSize) -> Self {
        RowBlock {
            size,
            text: String::new(),
            entries: Vec::new(),
            #[cfg(feature = "parallel")]
            checked: Vec::new(),
        }
    }

    /// Empties the block (keeping its buffers).
    #[cfg(feature = "parallel")]
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.text.clear();
        self.checked.clear();
    }

    /// Checks the rows as observation rows of `file` on this thread, keeping their
    /// outcomes for [`RowBlock::record`] (a piece of a CSV text, checked where it was
    /// tokenized: [`crate::csv_pieces`]).
    #[cfg(feature = "parallel")]
    pub(crate) fn check(&mut self, rules: &RowRules<'_>, file: u32) {
        let text = self.text.as_str();
        self.checked.clear();
        self.checked.reserve(self.entries.len());
        for e in &mut self.entries {
            self.checked.push(match e {
                Entry::Fields { at, spans, line } => rules.check(fields_of(text, *at, spans), file, *line).detach(),
                Entry::Bad(r) => r.take().map_or(RowOutcome::Taken, RowOutcome::Rejected),
            });
        }
    }

    /// Records the outcomes [`RowBlock::check`] kept, in order, and empties the block.
    #[cfg(feature = "parallel")]
    pub(crate) fn record(&mut self, recorder: &mut Recorder<'_>) {
        let text = self.text.as_str();
        for (o, e) in self.checked.drain(..).zip(&self.entries) {
            recorder.record(match e {
                Entry::Fields { at, spans, .. } => {
                    // The entity id and the source, the fields an accepted row keeps.
                    let f = fields_of(text, *at, spans);
                    o.attach(f[0], f[4])
                }
                Entry::Bad(_) => o,
            });
        }
        self.clear();
    }

    /// Adds a row's documented fields, given as spans of the text they are cut from
    /// (copied whole, once).
    pub(crate) fn push_spans(&mut self, text: &str, spans: [(u32, u32); 8], line: u64) {
        let at = self.text.len();
        self.text.push_str(text);
        self.entries.push(Entry::Fields { at, spans, line });
    }

    /// Adds the rejection of a row the tokenizer could not read.
    pub(crate) fn push_bad(&mut self, r: Rejection) {
        self.entries.push(Entry::Bad(Some(Box::new(r))));
    }

    /// True when the block should be checked before more rows are added.
    pub(crate) fn is_full(&self) -> bool {
        self.entries.len() >= self.size.rows || self.text.len() >= BLOCK_TEXT
    }

    /// Checks the rows (in parallel with the `parallel` feature), records their
    /// outcomes in order, and empties the block.
    pub(crate) fn flush(&mut self, builder: &mut DatasetBuilder, file: u32) {
        if self.entries.is_empty() {
            return;
        }
        let text = self.text.as_str();
        let chunk = self.size.chunk.max(1);
        let (rules, mut recorder) = builder.rules_and_recorder();
        let outcomes = {
            let check = |e: &mut Entry| -> RowOutcome<'_> {
                match e {
                    Entry::Fields { at, spans, line } => rules.check(fields_of(text, *at, spans), file, *line),
                    Entry::Bad(r) => r.take().map_or(RowOutcome::Taken, RowOutcome::Rejected),
                }
            };
            map_entries(&mut self.entries, chunk, check)
        };
        for o in outcomes {
            recorder.record(o);
        }
        self.entries.clear();
        self.text.clear();
    }
}

impl RowBlock {
    /// Adds the rows as entity records of `file`, in order, and empties the block.
    pub(crate) fn add_entities(&mut self, builder: &mut DatasetBuilder, file: &str) {
        for entry in self.entries.drain(..) {
            match entry {
                Entry::Fields { at, spans, line } => builder.add_entity_fields(fields_of(&self.text, at, &spans), Some(file), Some(line)),
                Entry::Bad(r) => {
                    if let Some(r) = r {
                        builder.reject_entity_row(*r);
                    }
                }
            }
        }
        self.text.clear();
    }
}

/// The eight fields of an entry, cut from the block's text.
fn fields_of<'t>(text: &'t str, at: usize, spans: &[(u32, u32); 8]) -> [&'t str; 8] {
    spans.map(|(start, len)| {
        let start = at + start as usize;
        text.get(start..start + len as usize).unwrap_or("")
    })
}

/// Each entry's outcome, in order, into one vector per block (tasks of `chunk` rows
/// write into it in place: no vector per task, whose pages the allocator would hand
/// back and fault in again).
#[cfg(feature = "parallel")]
fn map_entries<'t, F>(entries: &mut [Entry], chunk: usize, f: F) -> Vec<RowOutcome<'t>>
where
    F: Fn(&mut Entry) -> RowOutcome<'t> + Sync + Send,
{
    use rayon::prelude::*;
    let mut out = Vec::with_capacity(entries.len());
    entries.par_iter_mut().with_min_len(chunk).map(f).collect_into_vec(&mut out);
    out
}

#[cfg(not(feature = "parallel"))]
fn map_entries<'t, F>(entries: &mut [Entry], _chunk: usize, f: F) -> Vec<RowOutcome<'t>>
where
    F: Fn(&mut Entry) -> RowOutcome<'t>,
{
    entries.iter_mut().map(f).collect()
}

/// Rows per parallel task of [`map_rows`].
#[cfg(all(feature = "arrow", feature = "parallel"))]
const TASK_ROWS: usize = 1 << 10;

/// `f(state, i)` for each row `i` of `0..n`, in order (on every core with the `parallel`
/// feature, tasks of 1 Ki rows, each with a `state` of its own from `init`): the
/// outcomes of a batch of columnar rows ([`crate::columnar`]) before they are recorded.
#[cfg(all(feature = "arrow", feature = "parallel"))]
pub(crate) fn map_rows<'t, S, I, F>(n: usize, init: I, f: F) -> Vec<RowOutcome<'t>>
where
    I: Fn() -> S + Sync + Send,
    F: Fn(&mut S, usize) -> RowOutcome<'t> + Sync + Send,
{
    use rayon::prelude::*;
    let mut out = Vec::with_capacity(n);
    (0..n).into_par_iter().with_min_len(TASK_ROWS).map_init(init, f).collect_into_vec(&mut out);
    out
}

#[cfg(all(feature = "arrow", not(feature = "parallel")))]
pub(crate) fn map_rows<'t, S, I, F>(n: usize, init: I, f: F) -> Vec<RowOutcome<'t>>
where
    I: Fn() -> S,
    F: Fn(&mut S, usize) -> RowOutcome<'t>,
{
    let mut state = init();
    (0..n).map(|i| f(&mut state, i)).collect()
}
