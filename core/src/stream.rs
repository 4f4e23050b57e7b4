//! Evaluating an observation file larger than memory: the file is read in parts
//! ([`crate::io::read_observation_chunks`]), each part's [`partial`] is merged into a
//! running [`Partials`] and the part is dropped, and the merged partials are judged
//! ([`finalize_into`]) — METHODOLOGY §17.
//!
//! The entities are held whole (every part is judged against all of them); the memory
//! held for observations is one part's rows, whatever the file's size. A part ends only
//! where the `entity_id` changes, so a file whose rows are grouped by entity (what
//! `zhibiao generate` writes) keeps each entity's rows in one
//! part, which is what makes the merge exact. An entity whose rows under one key come
//! back in a later part (a file not grouped by entity) is refused
//! (`eval.stream_unsorted`) rather than counted twice: the set of entities already
//! finished per key is kept (a bit per entity and key, bounded by the entities, not
//! by the rows).
//!
//! The load report is the whole file's: counts summed over the parts, rejections in
//! file order with the file's line numbers, encoding and ignored columns once.

use crate::data::{Dataset, DatasetBuilder, LoadReport, ReadProgress, RecordCounts};
use crate::eval::{EvalError, EvalOptions, Evaluation};
use crate::io::{read_observation_chunks, Encoding, InputError, ObservationChunk};
use crate::partial::{finalize_into, partial, Partials};
use crate::Catalog;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Rows per part when none is given: a few hundred MB of memory at most.
pub const DEFAULT_CHUNK_ROWS: usize = 1_000_000;

/// Why a streamed evaluation stopped.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// The observation file could not be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A part could not be evaluated, or the options are wrong.
    #[error(transparent)]
    Eval(#[from] EvalError),
    /// An entity's rows under one key are not together in the file.
    #[error(
        "{file}: rows of entity {entity} under {key} in lines {first_line}–{last_line} come after other entities' rows, following earlier rows of it: \
         with --stream the file must be grouped by entity (all rows of one entity together); sort it by entity_id, or evaluate without --stream"
    )]
    Unsorted {
        /// The observation file.
        file: String,
        /// The entity id.
        entity: String,
        /// The indicator or target id.
        key: String,
        /// The lines of the part where its rows came back.
        first_line: u64,
        /// The last line of that part.
        last_line: u64,
    },
}

impl StreamError {
    /// Stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            StreamError::Input(e) => e.code(),
            StreamError::Eval(e) => e.code(),
            StreamError::Unsorted { .. } => "eval.stream_unsorted",
        }
    }
}

/// Evaluates an observation CSV file a part of at least `chunk_rows` rows at a time
/// (see the [module](self)). `entities` is the dataset and report of a builder that
/// read the entities and no observations; `fresh` makes the builder each part is read
/// into (the same catalog, region table and [`DatasetBuilder::keep_only`] as a whole
/// load would use). Returns what [`crate::evaluate`] returns on the whole file, and
/// the whole file's load report. `progress`, when given, is told how far the reading is
/// through the whole file (see [`read_observation_chunks`]): for a progress bar.
#[allow(clippy::too_many_arguments)]
pub fn evaluate_file(
    catalog: &Catalog,
    entities: (Dataset, LoadReport),
    fresh: impl FnMut() -> DatasetBuilder,
    observations: &Path,
    encoding: Encoding,
    chunk_rows: usize,
    options: &EvalOptions,
    progress: Option<&mut dyn FnMut(ReadProgress)>,
) -> Result<(Evaluation, LoadReport), StreamError> {
    let (mut data, mut report) = entities;
    options.check(catalog, &data)?;
    let mut run = Run { data: &mut data, counts: Counts::default(), merged: None, seen: Seen::default(), failed: None };
    let read = read_observation_chunks(observations, encoding, chunk_rows.max(1), fresh, |chunk| run.part(catalog, options, chunk), progress);
    let file = observations.display().to_string();
    if let Some(e) = run.failed.take() {
        return Err(match e {
            Failed::Eval(e) => StreamError::Eval(e),
            Failed::Unsorted { entity, key, lines } => StreamError::Unsorted { file, entity, key, first_line: lines.0, last_line: lines.1 },
        });
    }
    let read = read?;
    let (counts, merged) = (run.counts, run.merged);
    report.observations = counts.finish(read.encoding, read.ignored_columns);
    let merged = match merged {
        Some(p) => p,
        None => partial(catalog, &data, options)?,
    };
    data.series = HashMap::new();
    let evaluation = finalize_into(catalog, data, &merged, options)?;
    Ok((evaluation, report))
}

/// A streamed evaluation under way.
struct Run<'d> {
    /// The entities; each part's observations are put in and taken out again.
    data: &'d mut Dataset,
    counts: Counts,
    merged: Option<Partials>,
    seen: Seen,
    failed: Option<Failed>,
}

enum Failed {
    Eval(EvalError),
    Unsorted { entity: String, key: String, lines: (u64, u64) },
}

impl Run<'_> {
    /// One part: resolved against the entities, checked for entities seen before, its
    /// partial merged; false (stop reading) on a failure.
    fn part(&mut self, catalog: &Catalog, options: &EvalOptions, chunk: ObservationChunk) -> bool {
        let report = chunk.builder.build_observations(self.data);
        self.counts.add(report.observations);
        if let Some((entity, key)) = self.seen.add(self.data) {
            self.failed = Some(Failed::Unsorted { entity, key, lines: chunk.lines });
            return false;
        }
        let done = partial(catalog, self.data, options).and_then(|p| match self.merged.as_mut() {
            Some(m) => m.merge(p),
            None => {
                self.merged = Some(p);
                Ok(())
            }
        });
        self.data.series = HashMap::new();
        self.data.details = Vec::new();
        match done {
            Ok(()) => true,
            Err(e) => {
                self.failed = Some(Failed::Eval(e));
                false
            }
        }
    }
}

/// The observation counts of the parts, added up.
#[derive(Default)]
struct Counts {
    all: RecordCounts,
    skipped: BTreeMap<String, u64>,
}

impl Counts {
    fn add(&mut self, part: RecordCounts) {
        let a = &mut self.all;
        a.read += part.read;
        a.accepted += part.accepted;
        a.blank += part.blank;
        a.skipped += part.skipped;
        a.rejected.extend(part.rejected);
        for (k, n) in part.skipped_by_indicator {
            *self.skipped.entry(k).or_insert(0) += n;
        }
    }

    fn finish(self, encoding: crate::encoding::FileEncoding, ignored_columns: Vec<String>) -> RecordCounts {
        let mut all = self.all;
        // Key ids in order, as a whole load lists them.
        all.skipped_by_indicator = self.skipped.into_iter().collect();
        all.encodings = vec![encoding];
        all.ignored_columns = ignored_columns;
        all
    }
}

/// Per key: a bit per entity whose rows were in an earlier part.
#[derive(Default)]
struct Seen {
    bits: HashMap<String, Vec<u64>>,
}

impl Seen {
    /// Marks the entities of this part's rows; the first (entity, key) already marked
    /// by an earlier part, if any.
    fn add(&mut self, data: &Dataset) -> Option<(String, String)> {
        let words = data.len().div_ceil(64);
        let mut keys: Vec<&String> = data.series.keys().collect();
        keys.sort();
        for key in &keys {
            let (Some(bits), Some(s)) = (self.bits.get(*key), data.series.get(*key)) else { continue };
            if let Some(&e) = s.entity.iter().find(|&&e| bits.get(e as usize / 64).is_some_and(|w| w & (1 << (e % 64)) != 0)) {
                return Some((data.ids.get(e as usize).unwrap_or_default().to_string(), key.to_string()));
            }
        }
        for key in keys {
            let Some(s) = data.series.get(key) else { continue };
            let bits = self.bits.entry(key.clone()).or_insert_with(|| vec![0; words]);
            for &e in &s.entity {
                if let Some(w) = bits.get_mut(e as usize / 64) {
                    *w |= 1 << (e % 64);
                }
            }
        }
        None
    }
}
