//! Work over the rows of the in-memory columns in chunks, on every core with the
//! `parallel` feature (rayon) and on one thread without it (wasm): the evaluation's
//! tallies, the facts of a series and the region layout are sums, minima and maps over
//! millions of rows, and each chunk's share is computed on its own and combined; the
//! regions of a target are judged each on its own.
//!
//! Only what combines exactly goes through here (integer counts, minima, maxima, flags,
//! element-wise maps): the result is the same whatever the chunks and the threads.

use std::ops::Range;

/// Rows per chunk: enough that a task's start-up (a zeroed table of counts) is small
/// against its rows, few enough that two cores share the work evenly.
pub(crate) const CHUNK_ROWS: usize = 1 << 16;

/// Tests cut the rows into chunks of this many rows instead (0: [`CHUNK_ROWS`]), to
/// check that the chunks' results combine into the whole's.
#[cfg(test)]
pub(crate) static TEST_CHUNK_ROWS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn chunk_rows() -> usize {
    #[cfg(test)]
    {
        let c = TEST_CHUNK_ROWS.load(std::sync::atomic::Ordering::Relaxed);
        if c > 0 {
            return c;
        }
    }
    CHUNK_ROWS
}

/// The chunks of `0..n`, [`chunk_rows`] rows each (the last one shorter).
fn ranges(n: usize) -> impl Iterator<Item = Range<usize>> + Clone {
    let size = chunk_rows();
    (0..n.div_ceil(size)).map(move |c| c * size..((c + 1) * size).min(n))
}

/// Folds the rows `0..n` chunk by chunk: `add(&mut acc, range)` adds a chunk's rows to an
/// accumulator made by `init`, and `combine` merges two accumulators. With `parallel`,
/// every worker folds chunks into an accumulator of its own.
#[cfg(feature = "parallel")]
pub(crate) fn fold<T, I, A, C>(n: usize, init: I, add: A, combine: C) -> T
where
    T: Send,
    I: Fn() -> T + Sync + Send,
    A: Fn(&mut T, Range<usize>) + Sync + Send,
    C: Fn(T, T) -> T + Sync + Send,
{
    use rayon::prelude::*;
    if n <= chunk_rows() {
        let mut acc = init();
        add(&mut acc, 0..n);
        return acc;
    }
    let chunks: Vec<Range<usize>> = ranges(n).collect();
    chunks
        .into_par_iter()
        .fold(&init, |mut acc, r| {
            add(&mut acc, r);
            acc
        })
        .reduce_with(&combine)
        .unwrap_or_else(init)
}

#[cfg(not(feature = "parallel"))]
pub(crate) fn fold<T, I, A, C>(n: usize, init: I, add: A, _combine: C) -> T
where
    I: Fn() -> T,
    A: Fn(&mut T, Range<usize>),
    C: Fn(T, T) -> T,
{
    let mut acc = init();
    for r in ranges(n) {
        add(&mut acc, r);
    }
    acc
}

/// `f` of every element, in order; with `parallel` on every core, each task taking at
/// least `min_len` elements (many for cheap work over rows, few for costly work such
/// as judging one region).
#[cfg(feature = "parallel")]
pub(crate) fn map<S: Sync, T: Send>(src: &[S], min_len: usize, f: impl Fn(&S) -> T + Sync + Send) -> Vec<T> {
    use rayon::prelude::*;
    let mut out = Vec::with_capacity(src.len());
    src.par_iter().with_min_len(min_len.max(1)).map(f).collect_into_vec(&mut out);
    out
}

#[cfg(not(feature = "parallel"))]
pub(crate) fn map<S, T>(src: &[S], _min_len: usize, f: impl Fn(&S) -> T) -> Vec<T> {
    src.iter().map(f).collect()
}

/// Element-wise sum of two tables of counts of the same length (the second one's
/// values added into the first).
pub(crate) fn add_counts(mut a: Vec<u32>, b: Vec<u32>) -> Vec<u32> {
    for (x, y) in a.iter_mut().zip(&b) {
        *x += y;
    }
    a
}

/// `range` moved to start and end at the start of a run of equal keys: the rows of one
/// key (one entity's rows) then fall in one chunk.
pub(crate) fn aligned<K: PartialEq>(keys: &[K], range: Range<usize>) -> Range<usize> {
    let align = |mut i: usize| {
        while i > 0 && i < keys.len() && keys[i] == keys[i - 1] {
            i += 1;
        }
        i.min(keys.len())
    };
    align(range.start)..align(range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_adds_every_row_once_whatever_the_chunks() {
        for n in [0, 1, CHUNK_ROWS - 1, CHUNK_ROWS, CHUNK_ROWS + 1, 5 * CHUNK_ROWS + 7] {
            let (rows, sum) = fold(n, || (0usize, 0u64), |a, r| {
                a.0 += r.len();
                a.1 += r.map(|i| i as u64).sum::<u64>();
            }, |a, b| (a.0 + b.0, a.1 + b.1));
            assert_eq!((rows, sum), (n, (0..n as u64).sum::<u64>()), "n = {n}");
        }
    }

    #[test]
    fn map_keeps_the_order() {
        let src: Vec<u32> = (0..3 * CHUNK_ROWS as u32 + 5).collect();
        for min_len in [0, 1, 8, CHUNK_ROWS] {
            assert_eq!(map(&src, min_len, |x| x * 2), src.iter().map(|x| x * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn aligned_ranges_cut_between_runs_and_cover_every_row() {
        let keys = [1, 1, 1, 2, 2, 3, 3, 3, 3, 4];
        assert_eq!(aligned(&keys, 0..4), 0..5);
        assert_eq!(aligned(&keys, 4..8), 5..9);
        assert_eq!(aligned(&keys, 8..10), 9..10);
        assert_eq!(aligned(&keys, 2..2), 3..3);
        // Consecutive ranges stay consecutive: no row is lost or counted twice.
        let cuts = [0, 2, 4, 6, 8, 10];
        let mut covered = Vec::new();
        for w in cuts.windows(2) {
            covered.extend(aligned(&keys, w[0]..w[1]));
        }
        assert_eq!(covered, (0..10).collect::<Vec<_>>());
    }
}
