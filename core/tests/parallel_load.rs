#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
//! The block-parallel loader (core/src/row_blocks.rs) gives the dataset and load report
//! that adding one row at a time gives: on every fixture, good and bad, and on hostile
//! inputs with blocks so small that every kind of row (a quoted field over several
//! lines, an unterminated quote, an undecodable line) falls across a block's end.
//! core/tests/fuzz.rs checks the same for random inputs.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use zhibiao::io::Encoding;
use zhibiao::row_blocks::BlockSize;
use zhibiao::{Catalog, Dataset, DatasetBuilder, LoadReport};

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::builtin().unwrap())
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

const ONE_ROW_AT_A_TIME: BlockSize = BlockSize { rows: 0, chunk: 1 };

/// Block sizes that cut everywhere, and the default.
fn sizes() -> Vec<BlockSize> {
    let mut v: Vec<BlockSize> = [(1, 1), (2, 1), (3, 2), (5, 2), (7, 3), (64, 4)].iter().map(|&(rows, chunk)| BlockSize { rows, chunk }).collect();
    v.push(BlockSize::default());
    v
}

type Load = (Result<(), String>, Dataset, LoadReport);

/// Loads the entities (if any) and then observations from a file or from bytes.
fn load(entities: Option<&Path>, observations: &Path, from_file: bool, keep: Option<&[&str]>, size: BlockSize) -> Load {
    let mut b = DatasetBuilder::new(catalog());
    b.set_block_size(size);
    if let Some(k) = keep {
        b.keep_only(k.iter().copied());
    }
    if let Some(e) = entities {
        b.read_entities_file(e, Encoding::Auto).unwrap();
    }
    let read = if from_file {
        b.read_observations_file(observations, Encoding::Auto)
    } else {
        let bytes = std::fs::read(observations).unwrap();
        b.read_observations_csv(&observations.display().to_string(), &bytes, Encoding::Auto)
    };
    let (data, report) = b.build();
    (read.map_err(|e| e.to_string()), data, report)
}

fn same_for_every_size(entities: Option<&Path>, observations: &Path, keep: Option<&[&str]>) {
    for from_file in [true, false] {
        let (r0, d0, l0) = load(entities, observations, from_file, keep, ONE_ROW_AT_A_TIME);
        for size in sizes() {
            let (r, d, l) = load(entities, observations, from_file, keep, size);
            let what = format!("{} from_file={from_file} {size:?} keep={keep:?}", observations.display());
            assert_eq!(r, r0, "{what}");
            assert_eq!(l, l0, "{what}");
            assert_eq!(l.observations.skipped_by_indicator, l0.observations.skipped_by_indicator, "{what}");
            assert!(d == d0, "{what}: datasets differ");
        }
    }
}

#[test]
fn every_fixture_loads_the_same_in_blocks() {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in [fixtures(), fixtures().join("bad")] {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if name.starts_with("obs") && name.ends_with(".csv") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 15, "{files:?}");
    let entities = fixtures().join("entities.csv");
    for f in &files {
        same_for_every_size(Some(&entities), f, None);
        same_for_every_size(None, f, None);
        same_for_every_size(Some(&entities), f, Some(&["school.bandwidth_mbps", "bj-2023/t1.1/action-plan-issued"]));
    }
}

/// Writes `bytes` to a file of its own and checks every block size on it.
fn check_bytes(name: &str, bytes: &[u8], keep: Option<&[&str]>) -> LoadReport {
    let dir = std::env::temp_dir().join(format!("zhibiao-parallel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    same_for_every_size(Some(&fixtures().join("entities.csv")), &path, keep);
    let (_, _, report) = load(Some(&fixtures().join("entities.csv")), &path, true, keep, BlockSize { rows: 2, chunk: 1 });
    let _ = std::fs::remove_file(&path);
    report
}

/// Rows that span lines, refused rows and good rows, mixed so that with blocks of 1 to
/// 7 rows each falls across a block's end somewhere.
fn hostile_text() -> String {
    let mut t = String::from("entity_id,indicator,period,value,source\n");
    for i in 0..12 {
        t.push_str(&format!("S1,school.bandwidth_mbps,{},{},\"第{i}号\n公报,附表\"\n", 2000 + i, 100 + i));
        t.push_str(&format!("S2,school.bandwidth_mbps,{},1000,plain\n", 2000 + i));
        if i % 3 == 0 {
            t.push_str(&format!("S2,school.bandwidth_mbps,{},abc,bad value\n", 1990 + i));
            t.push_str("S1,school.bandwidth_mbps,2001,5,\"text\"after\n");
            t.push_str("only,three,fields\n\n");
        }
        if i % 4 == 1 {
            t.push_str(&format!("110101,region.lessons_shared,{},90,\"a\r\nb\r\nc\"\r\n", 2000 + i));
            t.push_str(&format!("S1,school.bandwidth_mbps,{},{},dup\n", 2000 + i, 100 + i));
        }
    }
    t
}

#[test]
fn quoted_line_breaks_bad_rows_and_duplicates_across_block_ends() {
    let text = hostile_text();
    let r = check_bytes("hostile.csv", text.as_bytes(), None);
    // The input is as hostile as meant: rows over several lines, refused rows of each kind.
    let codes: Vec<&str> = r.observations.rejected.iter().map(|x| x.code.as_str()).collect();
    for c in ["data.bad_value", "data.bad_row", "data.duplicate"] {
        assert!(codes.contains(&c), "{c} in {codes:?}");
    }
    assert!(r.observations.accepted > 20, "{r:?}");
    // An unterminated quote near the end: the lines after it are read again.
    let tail = format!("{text}S1,school.bandwidth_mbps,1999,\"5\nS2,school.bandwidth_mbps,1999,7,x\n");
    let r = check_bytes("eof-quote.csv", tail.as_bytes(), None);
    assert!(r.observations.rejected.iter().any(|x| x.code == "data.unterminated_quote"), "{r:?}");
    // A quote never closed within 20 lines, in the middle.
    let mut stray = String::from("entity_id,indicator,period,value,source\n");
    for i in 0..60 {
        let q = if i == 17 { "\"" } else { "" };
        stray.push_str(&format!("S2,school.bandwidth_mbps,{},{q}1000,x\n", 1960 + i));
    }
    let r = check_bytes("stray.csv", stray.as_bytes(), None);
    assert!(r.observations.rejected.iter().any(|x| x.code == "data.field_too_long"), "{r:?}");
}

#[test]
fn a_quote_opened_on_every_line_loads_the_same_in_blocks() {
    // Every piece then ends inside a quoted field (a row closes its quote on the next
    // line and is refused for the text after it): each is read again from its cut row
    // on, joined to the next.
    let mut t = String::from("entity_id,indicator,period,value,source\n");
    for i in 0..3_000 {
        t.push_str(&format!("S2,school.bandwidth_mbps,{},\"1000,x\n", 1000 + i));
    }
    t.push_str("S2,school.bandwidth_mbps,2020,1000,x\n");
    let r = check_bytes("every-line-quote.csv", t.as_bytes(), None);
    assert!(r.observations.rejected.len() >= 1_400, "{}", r.observations.rejected.len());
}

#[test]
fn lines_longer_than_a_piece_may_grow_load_the_same_in_blocks() {
    // A line of 5 MiB without a line break: longer than a piece may grow for small blocks
    // (4 MiB), so the rest of the text is read by one reader; unquoted, and inside a
    // quoted field that opened on the line before.
    let long = "x".repeat(5 << 20);
    for opening in ["", "\""] {
        let mut t = String::from("entity_id,indicator,period,value,source\n");
        for i in 0..40 {
            t.push_str(&format!("S2,school.bandwidth_mbps,{},1000,x\n", 1960 + i));
        }
        t.push_str(&format!("S1,school.bandwidth_mbps,2001,5,{opening}a\n{long}\n"));
        for i in 0..40 {
            t.push_str(&format!("S1,school.bandwidth_mbps,{},1000,\"q\nr\"\n", 1960 + i));
        }
        let r = check_bytes("long-line.csv", t.as_bytes(), None);
        assert!(r.observations.accepted >= 80, "{opening:?}: {:?}", r.observations.accepted);
        assert!(!r.observations.rejected.is_empty(), "{opening:?}: the long line is refused");
    }
}

#[test]
fn bom_crlf_and_gbk_load_the_same_in_blocks() {
    let text = hostile_text();
    let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
    check_bytes("bom.csv", &[b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(), None);
    check_bytes("crlf.csv", crlf.as_bytes(), None);
    check_bytes("cr.csv", text.replace("\r\n", "\n").replace('\n', "\r").as_bytes(), None);
    let gbk = encoding_rs::GBK.encode(&crlf).0.into_owned();
    let r = check_bytes("gbk.csv", &gbk, None);
    assert!(r.observations.encodings[0].encoding.starts_with("GB"), "{r:?}");
    // A GBK file with one UTF-8 line: that line is refused in its place.
    let mut mixed = encoding_rs::GBK.encode(&text).0.into_owned();
    mixed.extend_from_slice("S1,school.bandwidth_mbps,1980,100,统计\n".as_bytes());
    mixed.extend(encoding_rs::GBK.encode("S2,school.bandwidth_mbps,1980,1000,统计\n").0.iter());
    let r = check_bytes("mixed.csv", &mixed, None);
    assert!(r.observations.rejected.iter().any(|x| x.code == "data.bad_encoding_line"), "{r:?}");
}

/// Rows of indicators no selected target uses are counted per indicator and set aside,
/// wherever the blocks are cut; rows the tokenizer refuses are still refused.
#[test]
fn projection_counts_what_it_sets_aside() {
    let text = hostile_text();
    let r = check_bytes("projected.csv", text.as_bytes(), Some(&["region.lessons_shared"]));
    let o = &r.observations;
    assert_eq!(o.skipped_by_indicator, vec![("school.bandwidth_mbps".to_string(), o.skipped)]);
    assert!(o.skipped > 30, "{o:?}");
    assert_eq!(o.accepted + o.rejected.len() as u64, o.read);
    assert!(o.rejected.iter().any(|x| x.code == "data.bad_row"), "{o:?}");
    assert!(!o.rejected.iter().any(|x| x.code == "data.bad_value"), "{o:?}");
}
