//! A CSV text tokenized on every core: cut into pieces at line breaks, each piece's rows
//! found on a thread of its own, the pieces handed on in the text's order.
//!
//! Where a row starts cannot be known without reading every byte before it (a quoted
//! field may hold line breaks; a quote inside an unquoted field is an ordinary byte), so
//! the cuts are guesses checked afterwards. A piece ends just after a line break, and its
//! rows are read as if a row started at its first byte, with the line number the text
//! has there (its line breaks are counted as it is cut). The tokenizer's state between
//! rows is only the position and the line, so when a piece does start where a row starts
//! and does not end inside a quoted field, its rows are exactly the rows a sequential
//! reading finds there, and the next piece starts where a row starts too. When a piece
//! ends inside a quoted field ([`BodyEnd::Cut`]), the rows before the cut row are handed
//! on and the piece from that row on (at most a row's lines) is read again joined to the
//! next piece, on the consuming thread; the first piece starts after the header, where a
//! row starts. By induction every row, rejection and line number is the sequential
//! reader's (core/tests/parallel_load.rs and core/tests/fuzz.rs compare them, with
//! pieces of 64 bytes a row).
//!
//! Memory stays bounded whatever the file's size: at most [`in_flight`] pieces are read
//! ahead of the piece being handed on, and their buffers are used again. A line running
//! longer than a piece may grow ([`piece_limit`]) ends the cutting: the rest of the text
//! is returned ([`Unread`]) for one reader.

use crate::io::{BodyEnd, InputError};
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{mpsc, Mutex};

/// A piece of the text and where it is.
struct Piece {
    /// Index in the text's order.
    index: usize,
    bytes: Vec<u8>,
    /// Line of its first byte.
    line: u64,
    /// Whether it ends the text.
    last: bool,
}

/// A piece and what its rows came to.
struct Done<B> {
    piece: Piece,
    rows: Result<(BodyEnd, B), InputError>,
}

/// How many pieces may be read ahead of the one being handed on.
fn in_flight(threads: usize) -> usize {
    2 * threads + 2
}

/// Lines a piece spans: its line breaks (`\n`, `\r\n`, a lone `\r`).
fn line_breaks(bytes: &[u8]) -> u64 {
    let lf = memchr::memchr_iter(b'\n', bytes).count();
    let lone_cr = if memchr::memchr(b'\r', bytes).is_some() {
        memchr::memchr_iter(b'\r', bytes).filter(|&i| bytes.get(i + 1) != Some(&b'\n')).count()
    } else {
        0
    };
    (lf + lone_cr) as u64
}

/// Where to cut `bytes` (not at the end of the text): just after its last line break,
/// but never between the `\r` and `\n` of one (a `\r` as the last byte may be followed
/// by `\n`). `None` when there is none.
fn cut_point(bytes: &[u8]) -> Option<usize> {
    let mut hay = bytes;
    while let Some(i) = memchr::memrchr2(b'\n', b'\r', hay) {
        if bytes[i] == b'\r' && i + 1 == bytes.len() {
            hay = &bytes[..i];
            continue;
        }
        return Some(i + 1);
    }
    None
}

/// How a piece ends.
enum PieceEnd {
    /// More text follows.
    More,
    /// At the end of the text.
    Last,
    /// Where reading failed: the piece holds the lines read before.
    Failed(std::io::Error),
    /// No line break within the most bytes a piece may hold: the bytes read, not a
    /// piece, for one reader to go on with.
    Unbroken,
}

/// The most bytes a piece of about `size` bytes may grow to when no line break comes:
/// more than a row may hold ([`crate::csv_reader::MAX_ROW_BYTES`]) several times over,
/// so that every row that can be read fits in a piece.
fn piece_limit(size: usize) -> usize {
    size.max(crate::csv_reader::MAX_ROW_BYTES) * 4
}

/// Reads the next piece into `buf`: the `carry` left by the piece before, then `src`, up
/// to the last line break within `size` bytes (further when a line runs longer, up to
/// [`piece_limit`]); what follows the cut is left in `carry`.
fn next_piece(src: &mut impl Read, mut buf: Vec<u8>, carry: &mut Vec<u8>, size: usize) -> (Vec<u8>, PieceEnd) {
    let limit = piece_limit(size);
    buf.clear();
    buf.append(carry);
    let mut want = size.max(1);
    let mut eof = false;
    loop {
        if !eof && buf.len() < want {
            let more = (want - buf.len()) as u64;
            match src.by_ref().take(more).read_to_end(&mut buf) {
                Ok(n) => eof = (n as u64) < more,
                Err(e) => {
                    // The bytes before the error, up to the last line break, are read
                    // as a sequential reader would have read them before it failed.
                    buf.truncate(cut_point(&buf).unwrap_or(0));
                    return (buf, PieceEnd::Failed(e));
                }
            }
        }
        if eof && buf.len() <= want {
            return (buf, PieceEnd::Last);
        }
        // The last line break within the first `want` bytes (the text carried from the
        // piece before may hold more).
        match cut_point(buf.get(..want).unwrap_or(&buf)) {
            Some(cut) => {
                carry.extend_from_slice(buf.get(cut..).unwrap_or_default());
                buf.truncate(cut);
                return (buf, PieceEnd::More);
            }
            None if want >= limit => return (buf, PieceEnd::Unbroken),
            None => want = want.saturating_mul(2).min(limit),
        }
    }
}

/// The rest of a text that was not cut into pieces (a line longer than [`piece_limit`]
/// came): `bytes`, then what `src` still holds, starting where a row starts, on `line`.
pub(crate) struct Unread<R> {
    pub(crate) bytes: Vec<u8>,
    pub(crate) src: R,
    pub(crate) line: u64,
}

/// Cuts `src` (the text after its header, which starts on line `line`, preceded by the
/// bytes `head` already read) into pieces of about `size` bytes, reads each one's rows
/// with `rows` on `threads` threads, and hands them to `consume` in order. `rows` is
/// given the piece's bytes, the line of its first byte, whether it ends the text and a
/// spare `B` to fill again; it returns [`BodyEnd::Cut`] when the piece ends inside a
/// quoted field. A read error ends the text: the pieces before it are handed on, then it
/// is returned. When a line runs longer than a piece may grow, the pieces before it are
/// handed on and the rest is returned ([`Unread`]) for one reader to read.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_in_pieces<R, B, F>(
    file: &str,
    mut src: R,
    head: Vec<u8>,
    line: u64,
    size: usize,
    threads: usize,
    rows: F,
    mut consume: impl FnMut(B) -> B,
) -> Result<Option<Unread<R>>, InputError>
where
    R: Read + Send,
    B: Send,
    F: Fn(&[u8], u64, bool, Option<B>) -> Result<(BodyEnd, B), InputError> + Sync,
{
    let threads = threads.max(1);
    let io = |e: std::io::Error| InputError::Io { file: file.into(), message: e.to_string() };
    let (work_tx, work_rx) = mpsc::sync_channel::<Piece>(threads);
    // Shared by the workers only: when they have all stopped, the cutter's sending fails.
    let work_rx = std::sync::Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = mpsc::channel::<Done<B>>();
    // Buffers going back to the cutter: at most `in_flight` pieces exist at once.
    let (free_tx, free_rx) = mpsc::channel::<Vec<u8>>();
    for _ in 0..in_flight(threads) {
        let _ = free_tx.send(Vec::new());
    }
    let spare: Mutex<Vec<B>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        let cutter = s.spawn(move || {
            let mut carry = head;
            let mut line = line;
            let mut index = 0;
            let end = loop {
                // Stops when the consumer has stopped.
                let Ok(buf) = free_rx.recv() else { break Ok(None) };
                let (bytes, end) = next_piece(&mut src, buf, &mut carry, size);
                if let PieceEnd::Unbroken = end {
                    break Ok(Some((bytes, line)));
                }
                let lines = line_breaks(&bytes);
                let last = matches!(end, PieceEnd::Last);
                if work_tx.send(Piece { index, bytes, line, last }).is_err() {
                    break Ok(None);
                }
                index += 1;
                match end {
                    PieceEnd::More => line += lines,
                    // Not sent (above).
                    PieceEnd::Unbroken => break Ok(None),
                    PieceEnd::Last => break Ok(None),
                    PieceEnd::Failed(e) => break Err(e),
                }
            };
            (end, src)
        });
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let work_rx = std::sync::Arc::clone(&work_rx);
            let (spare, rows) = (&spare, &rows);
            s.spawn(move || loop {
                let piece = match work_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok(piece) = piece else { return };
                let again = spare.lock().ok().and_then(|mut v| v.pop());
                let rows = rows(&piece.bytes, piece.line, piece.last, again);
                if done_tx.send(Done { piece, rows }).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        drop(work_rx);
        let result = hand_on(done_rx, &rows, &mut consume, &free_tx, &spare);
        // Let the cutter and the workers stop if the consumer stopped early.
        drop(free_tx);
        let (read, src) = cutter.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        let open = result?;
        match (read.map_err(io)?, open) {
            // The rest, from the row a piece left open if one did.
            (Some((bytes, line)), None) => Ok(Some(Unread { bytes, src, line })),
            (Some((bytes, _)), Some(mut open)) => {
                open.bytes.extend_from_slice(&bytes);
                Ok(Some(Unread { bytes: open.bytes, src, line: open.line }))
            }
            (None, None) => Ok(None),
            // Reading failed inside the row a piece left open: that row is lost with the
            // error, as a sequential reading loses it.
            (None, Some(_)) => Ok(None),
        }
    })
}

/// Takes the pieces as they are read, in any order, and hands them to `consume` in the
/// text's order, reading a piece again joined to the next when it was cut inside a row;
/// returns a piece so cut that no piece followed.
fn hand_on<B, F>(
    done: mpsc::Receiver<Done<B>>,
    rows: &F,
    consume: &mut impl FnMut(B) -> B,
    free: &mpsc::Sender<Vec<u8>>,
    spare: &Mutex<Vec<B>>,
) -> Result<Option<Piece>, InputError>
where
    F: Fn(&[u8], u64, bool, Option<B>) -> Result<(BodyEnd, B), InputError>,
{
    let mut waiting: BTreeMap<usize, Done<B>> = BTreeMap::new();
    let mut next = 0;
    // The end of a piece from a row cut inside a quoted field on, waiting for the piece
    // after it.
    let mut open: Option<Piece> = None;
    for read in done.iter() {
        waiting.insert(read.piece.index, read);
        while let Some(read) = waiting.remove(&next) {
            next += 1;
            let Done { piece, rows: got } = read;
            let (piece, got) = match open.take() {
                None => (piece, got),
                Some(mut before) => {
                    // Read again from the row that was cut (the guess for this piece is
                    // dropped), on this thread.
                    let again = got.ok().map(|(_, b)| b);
                    // It stands for this piece from here on (its buffer goes back for it).
                    before.bytes.extend_from_slice(&piece.bytes);
                    before.last = piece.last;
                    before.index = piece.index;
                    let got = rows(&before.bytes, before.line, before.last, again);
                    (before, got)
                }
            };
            let (end, b) = got?;
            // The rows before a cut row are the rows a sequential reading finds there.
            let b = consume(b);
            if let Ok(mut v) = spare.lock() {
                v.push(b);
            }
            if let BodyEnd::Cut { at, line } = end {
                if !piece.last {
                    // From the cut row on (at most a row's lines), read again with the next.
                    let rest = piece.bytes.get(at as usize..).unwrap_or_default().to_vec();
                    let Piece { index, bytes, last, .. } = piece;
                    // One buffer back for each piece: at most `in_flight` pieces at once.
                    let _ = free.send(bytes);
                    open = Some(Piece { index, bytes: rest, line, last });
                    continue;
                }
            }
            let _ = free.send(piece.bytes);
        }
    }
    Ok(open)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_fall_after_a_whole_line_break() {
        assert_eq!(cut_point(b"a,b\nc,d"), Some(4));
        assert_eq!(cut_point(b"a,b\r\nc"), Some(5));
        assert_eq!(cut_point(b"a,b\r"), None, "the \\n may follow");
        assert_eq!(cut_point(b"a\rb\r"), Some(2));
        assert_eq!(cut_point(b"a\n\r"), Some(2));
        assert_eq!(cut_point(b"abc"), None);
        assert_eq!(line_breaks(b"a\r\nb\rc\nd"), 3);
        assert_eq!(line_breaks(b""), 0);
    }

    #[test]
    fn pieces_put_together_are_the_text() {
        let text: Vec<u8> = (0..5_000).flat_map(|i| format!("{i},\"x\r\ny\"\r{i}\n").into_bytes()).collect();
        for size in [1, 2, 7, 100, 1 << 20] {
            // The first 10,000 bytes carried in, as after the header.
            let mut src = &text[10_000..];
            let mut carry = text[..10_000].to_vec();
            let mut all = Vec::new();
            loop {
                let (piece, end) = next_piece(&mut src, Vec::new(), &mut carry, size);
                let last = matches!(end, PieceEnd::Last);
                if !last {
                    assert!(matches!(piece.last(), Some(b'\n' | b'\r')), "{size}");
                    assert!(!piece.is_empty());
                }
                if !last && size >= 100 {
                    assert!(piece.len() <= size, "{size}: {}", piece.len());
                }
                all.extend_from_slice(&piece);
                if last {
                    break;
                }
            }
            assert_eq!(all, text, "{size}");
        }
    }
}
