#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
//! Property and mutation tests of the readers: the CSV tokenizer, the CSV and JSON
//! loaders, the encoding decision, the period reader and the quantity parser.
//!
//! Each property holds for every input proptest generates: no panic; `accepted +
//! rejected = read`; no row lost without a rejection (every line of the input belongs to
//! exactly one row, rejected row or blank line; a file without quotes gives one record
//! per non-blank line); what is written as CSV reads back the same.
//!
//! `bash scripts/test.sh` runs them with proptest's default of 256 cases each (about a
//! minute in all); a longer run: `PROPTEST_CASES=20000 cargo test --release -p zhibiao --test integration -- fuzz::`
//! (docs/reliability.md).

use proptest::prelude::*;
use std::sync::OnceLock;
use zhibiao::csv_reader::{Item, Reader};
use zhibiao::io::Encoding;
use zhibiao::period::Period;
use zhibiao::row_blocks::BlockSize;
use zhibiao::{Catalog, DatasetBuilder, LoadReport};

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::builtin().unwrap())
}

/// Lines of `b` as the tokenizer counts them (`\n`, `\r\n`, `\r`; none after a final break).
fn line_count(b: &[u8]) -> u64 {
    if b.is_empty() {
        return 0;
    }
    let breaks = b.iter().filter(|&&c| c == b'\n' || c == b'\r').count() as u64 - b.windows(2).filter(|w| w == b"\r\n").count() as u64;
    breaks + u64::from(!matches!(b.last(), Some(b'\n' | b'\r')))
}

/// Every item's line span, in order.
fn spans(bytes: &[u8]) -> Vec<(u64, u64)> {
    let mut r = Reader::new(bytes);
    let mut out = Vec::new();
    while let Some(item) = r.next_item().unwrap() {
        out.push(match item {
            Item::Row { first, last, .. } | Item::Bad { first, last, .. } => (first, last),
            Item::Blank { line } => (line, line),
        });
    }
    out
}

/// Bytes from an alphabet heavy in what CSV gives meaning to.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        4 => Just(b','),
        3 => Just(b'"'),
        3 => Just(b'\n'),
        2 => Just(b'\r'),
        6 => prop::sample::select(b"abc019 -.%".to_vec()),
        1 => any::<u8>(),
    ];
    prop::collection::vec(byte, 0..400)
}

fn counts_hold(r: &LoadReport) -> Result<(), TestCaseError> {
    for c in [&r.entities, &r.observations] {
        prop_assert_eq!(c.accepted + c.rejected.len() as u64, c.read);
        prop_assert!(c.rejected.iter().all(|x| !x.code.is_empty() && x.code.starts_with("data.")));
    }
    Ok(())
}

const OBS_HEADER: &str = "entity_id,indicator,period,value,source\n";

/// The schools the generated observation rows name.
const ENTITIES: &str = "entity_id,kind,name,region_code,parent_id,stage,area_class,role\nS1,school,甲,110101,,小学,,\nS2,school,乙,110102,,初中,,\n";

/// A well-formed observation row.
fn obs_row() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["110000", "110101", "S1", "S2", "000000", "GHOST"]),
        prop::sample::select(vec!["region.lessons_shared", "school.bandwidth_mbps", "region.nope"]),
        prop::sample::select(vec!["2020", "2021年", "2022-06-30", "2023Q1", "2019年底", "2023-00", "去年"]),
        prop::sample::select(vec!["97.5", "100", "1000", "abc", "-1", "85%", "1000M", "千兆", "\"1,000\"", "两亿五千万", "18446744073709551617"]),
        prop::sample::select(vec!["", "统计", "公报,第2号", "a\"b", "公报,\n附表\r\n2"]),
    )
        .prop_map(|(e, i, p, v, s)| {
            let s = if s.contains([',', '"']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() };
            format!("{e},{i},{p},{v},{s}")
        })
}

/// A mutation of a file: a byte inserted, deleted or replaced at some position.
#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, u8),
    Delete(usize),
    Replace(usize, u8),
    /// GBK bytes of a Chinese word inserted.
    Gbk(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let special = prop::sample::select(b",\"\n\r \xff\x81".to_vec());
    prop_oneof![
        (any::<usize>(), special.clone()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), special).prop_map(|(i, b)| Mutation::Replace(i, b)),
        any::<usize>().prop_map(Mutation::Gbk),
    ]
}

fn mutate(mut bytes: Vec<u8>, ms: &[Mutation]) -> Vec<u8> {
    for m in ms {
        let n = bytes.len().max(1);
        match *m {
            Mutation::Insert(i, b) => bytes.insert(i % (n + 1).min(bytes.len() + 1), b),
            Mutation::Delete(i) if !bytes.is_empty() => {
                bytes.remove(i % n);
            }
            Mutation::Replace(i, b) if !bytes.is_empty() => bytes[i % n] = b,
            Mutation::Gbk(i) => {
                let at = i % (bytes.len() + 1);
                let word = encoding_rs::GBK.encode("示例").0.into_owned();
                bytes.splice(at..at, word);
            }
            _ => {}
        }
    }
    bytes
}

proptest! {
    /// The tokenizer never panics and every line of its input is in exactly one item.
    #[test]
    fn every_line_is_in_exactly_one_item(bytes in csvish()) {
        let s = spans(&bytes);
        let mut next = 1;
        for (first, last) in &s {
            prop_assert_eq!(*first, next, "{:?}", s);
            prop_assert!(last >= first);
            next = last + 1;
        }
        prop_assert_eq!(next - 1, line_count(&bytes), "{:?}", s);
    }

    /// Fields written with RFC 4180 quoting read back as they were written.
    #[test]
    fn written_rows_read_back(rows in prop::collection::vec(prop::collection::vec("[a-c,\"\r\n 中]{0,6}", 1..5), 1..20)) {
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        for r in &rows {
            w.write_record(r).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let mut rdr = Reader::new(bytes.as_slice());
        let mut got: Vec<Vec<String>> = Vec::new();
        while let Some(item) = rdr.next_item().unwrap() {
            match item {
                Item::Row { fields, .. } => got.push(fields.iter().map(str::to_string).collect()),
                // The writer leaves a lone empty field unquoted: an empty line.
                Item::Blank { .. } => got.push(vec![String::new()]),
                Item::Bad { problem, .. } => prop_assert!(false, "{:?} in {:?}", problem, String::from_utf8_lossy(&bytes)),
            }
        }
        prop_assert_eq!(got, rows);
    }

    /// Mutated observation files: no panic, the counts add up, and a file without any
    /// quote gives one record per non-blank line after the header.
    #[test]
    fn mutated_observation_files_lose_no_row(rows in prop::collection::vec(obs_row(), 0..30), ms in prop::collection::vec(mutation(), 0..6)) {
        let text = format!("{OBS_HEADER}{}\n", rows.join("\n"));
        let bytes = mutate(text.into_bytes(), &ms);
        let mut b = DatasetBuilder::new(catalog());
        let read = b.read_observations_csv("m.csv", &bytes, Encoding::Auto);
        let (_, report) = b.build();
        counts_hold(&report)?;
        let lines = line_count(&bytes);
        prop_assert!(report.observations.rejected.iter().all(|r| r.location.line.is_some_and(|l| l >= 2 && l <= lines)));
        if let (Ok(()), Ok(text), false) = (&read, std::str::from_utf8(&bytes), bytes.contains(&b'"')) {
            // Lines as the tokenizer splits them; the header is the first non-empty one.
            let lines: Vec<&str> = text.split("\r\n").flat_map(|l| l.split(['\n', '\r'])).collect();
            let lines = if matches!(bytes.last(), Some(b'\n' | b'\r')) { &lines[..lines.len() - 1] } else { &lines[..] };
            let header = lines.iter().position(|l| !l.is_empty()).unwrap_or(lines.len());
            let records = lines.iter().skip(header + 1).filter(|l| !l.trim().is_empty()).count() as u64;
            prop_assert_eq!(report.observations.read, records, "{:?}", text);
        }
    }

    /// A file read from disk (streamed) gives the report the same bytes give in memory.
    #[test]
    fn files_and_bytes_load_the_same(rows in prop::collection::vec(obs_row(), 0..10), ms in prop::collection::vec(mutation(), 0..4)) {
        let bytes = mutate(format!("{OBS_HEADER}{}\n", rows.join("\n")).into_bytes(), &ms);
        let path = std::env::temp_dir().join(format!("zhibiao-fuzz-{}-{:?}.csv", std::process::id(), std::thread::current().id()));
        std::fs::write(&path, &bytes).unwrap();
        let name = path.display().to_string();
        let mut a = DatasetBuilder::new(catalog());
        let ra = a.read_observations_file(&path, Encoding::Auto);
        let mut b = DatasetBuilder::new(catalog());
        let rb = b.read_observations_csv(&name, &bytes, Encoding::Auto);
        let _ = std::fs::remove_file(&path);
        prop_assert_eq!(ra, rb);
        prop_assert_eq!(a.build().1, b.build().1);
    }

    /// Observations checked in blocks of any size, down to one row per block and per
    /// task, give the dataset and the report that one row at a time gives
    /// (core/src/row_blocks.rs), with and without a projection; from bytes and from a file.
    #[test]
    fn blocks_of_any_size_load_as_rows_one_at_a_time(
        rows in prop::collection::vec(obs_row(), 0..30),
        ms in prop::collection::vec(mutation(), 0..6),
        block in 1usize..6,
        chunk in 1usize..4,
        project in any::<bool>(),
    ) {
        let bytes = mutate(format!("{OBS_HEADER}{}\n", rows.join("\n")).into_bytes(), &ms);
        let path = std::env::temp_dir().join(format!("zhibiao-fuzz-blocks-{}-{:?}.csv", std::process::id(), std::thread::current().id()));
        std::fs::write(&path, &bytes).unwrap();
        let load = |size: BlockSize, from_file: bool| {
            let mut b = DatasetBuilder::new(catalog());
            b.set_block_size(size);
            if project {
                b.keep_only(["region.lessons_shared"]);
            }
            b.read_entities_csv("e.csv", ENTITIES.as_bytes(), Encoding::Auto).unwrap();
            let read = if from_file {
                b.read_observations_file(&path, Encoding::Auto)
            } else {
                b.read_observations_csv(&path.display().to_string(), &bytes, Encoding::Auto)
            };
            (read, b.build())
        };
        for from_file in [false, true] {
            let (r0, (d0, l0)) = load(BlockSize { rows: 0, chunk: 1 }, from_file);
            let (r1, (d1, l1)) = load(BlockSize { rows: block, chunk }, from_file);
            prop_assert_eq!(r1, r0);
            prop_assert_eq!(&l1.observations.skipped_by_indicator, &l0.observations.skipped_by_indicator);
            prop_assert_eq!(l1, l0);
            prop_assert!(d1 == d0, "datasets differ");
        }
        let _ = std::fs::remove_file(&path);
    }

    /// Mutated entity files read in blocks of any size (tokenized a block ahead, on a
    /// thread of its own) give the dataset and the report of one row at a time.
    #[test]
    fn entity_blocks_of_any_size_load_as_rows_one_at_a_time(ms in prop::collection::vec(mutation(), 0..8), block in 1usize..6) {
        let text = "entity_id,kind,name,region_code,parent_id,stage,area_class,role\n\
                    S1,school,甲,110101,,小学,,\nS2,school,乙,110102,110102,初中,,,extra\nC1,class,,,S1,,,\nP1,person,,,S1,,,校长\n\
                    X1,school,\"丙,110101,X2,小学,,\nX2,school,丁,110101,X1,小学,,\n990001,region,新区,,110100,,,\n";
        let bytes = mutate(text.as_bytes().to_vec(), &ms);
        let load = |size: BlockSize| {
            let mut b = DatasetBuilder::new(catalog());
            b.set_block_size(size);
            let read = b.read_entities_csv("e.csv", &bytes, Encoding::Auto);
            (read, b.build())
        };
        let (r0, (d0, l0)) = load(BlockSize { rows: 0, chunk: 1 });
        let (r1, (d1, l1)) = load(BlockSize { rows: block, chunk: 1 });
        prop_assert_eq!(r1, r0);
        prop_assert_eq!(l1, l0);
        prop_assert!(d1 == d0, "datasets differ");
    }

    /// Mutated entity files: no panic and the counts add up.
    #[test]
    fn mutated_entity_files_add_up(ms in prop::collection::vec(mutation(), 0..8)) {
        let text = "entity_id,kind,name,region_code,parent_id,stage,area_class,role\n\
                    S1,school,甲,110101,,小学,,\nS2,school,乙,110102,110102,初中,,\nC1,class,,,S1,,,\nP1,person,,,S1,,,校长\n\
                    X1,school,丙,110101,X2,小学,,\nX2,school,丁,110101,X1,小学,,\n990001,region,新区,,110100,,,\n";
        let bytes = mutate(text.as_bytes().to_vec(), &ms);
        let mut b = DatasetBuilder::new(catalog());
        let _ = b.read_entities_csv("e.csv", &bytes, Encoding::Auto);
        let (_, report) = b.build();
        counts_hold(&report)?;
    }

    /// JSON records of any shape: no panic, one record per array item, the counts add up.
    #[test]
    fn json_records_of_any_shape(items in prop::collection::vec(json_value(), 0..12)) {
        let text = serde_json::Value::Array(items.clone()).to_string();
        let mut b = DatasetBuilder::new(catalog());
        b.read_observations_json("o.json", &text).unwrap();
        let mut e = DatasetBuilder::new(catalog());
        e.read_entities_json("e.json", &text).unwrap();
        let (_, report) = b.build();
        counts_hold(&report)?;
        prop_assert_eq!(report.observations.read, items.len() as u64);
        prop_assert_eq!(e.build().1.entities.read, items.len() as u64);
    }

    /// The encoding decision never panics, keeps every line (a rejected one empty) and
    /// rejects only lines that exist.
    #[test]
    fn decoding_keeps_every_line(bytes in prop::collection::vec(any::<u8>(), 0..300), gbk in "[示例数据东城a-z,\n]{0,20}") {
        let mut input = gbk.clone().into_bytes();
        input.extend(encoding_rs::GBK.encode(&gbk).0.iter());
        input.extend(&bytes);
        if let Ok(d) = zhibiao::encoding::decode(&input, Encoding::Auto) {
            let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&input);
            if !body.starts_with(b"\xFF\xFE") && !body.starts_with(b"\xFE\xFF") {
                prop_assert_eq!(line_count(d.text.as_bytes()), line_count(body));
            }
            let n = line_count(body);
            prop_assert!(d.bad_lines.iter().all(|b| b.line >= 1 && b.line <= n.max(1)));
            prop_assert!(d.bad_lines.windows(2).all(|w| w[0].line < w[1].line));
        }
    }

    /// Any text: the period reader does not panic, and what it accepts lies in range.
    #[test]
    fn periods_accepted_lie_in_range(text in "[0-9０-９年月日底末上下半季度第一二三四QqHh./ -]{0,14}|\\PC{0,12}") {
        if let Ok(p) = Period::parse(&text) {
            prop_assert!((zhibiao::period::MIN_YEAR..=zhibiao::period::MAX_YEAR).contains(&p.year()), "{} → {}", text, p.date);
        }
    }

    /// Dates, months and quarters written in each form read back as the period's end.
    #[test]
    fn periods_round_trip(y in 1949i32..=2100, m in 1u32..=12, d in 1u32..=31) {
        use chrono::NaiveDate;
        if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
            for text in [format!("{y}-{m:02}-{d:02}"), format!("{y}/{m}/{d}"), format!("{y}.{m}.{d}"), format!("{y}年{m}月{d}日")] {
                prop_assert_eq!(Period::parse(&text).map(|p| p.date), Ok(date), "{}", text);
            }
        }
        let end = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) }.and_then(|x| x.pred_opt()).unwrap();
        for text in [format!("{y}-{m:02}"), format!("{y}/{m}"), format!("{y}.{m:02}"), format!("{y}年{m}月"), format!("{y}年{m}月底")] {
            prop_assert_eq!(Period::parse(&text).map(|p| p.date), Ok(end), "{}", text);
        }
        let q = (m - 1) / 3 + 1;
        let quarter_end = Period::parse(&format!("{y}-{:02}", q * 3)).unwrap().date;
        for text in [format!("{y}Q{q}"), format!("{y}年第{}季度", ["一", "二", "三", "四"][q as usize - 1]), format!("{y}年{q}季度")] {
            prop_assert_eq!(Period::parse(&text).map(|p| p.date), Ok(quarter_end), "{}", text);
        }
    }

    /// The quantity parser never panics on any text.
    #[test]
    fn quantity_parser_does_not_panic(text in "[0-9零一二三四五六七八九十百千万亿两%％以上不少于超过约近个所.,，]{0,30}|\\PC{0,30}") {
        let _ = zhibiao::parse_all(&text);
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{json, Value};
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(|x| serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)),
        (1900i64..2200).prop_map(|x| json!(x)),
        "[0-9年.-]{0,10}".prop_map(Value::String),
        "\\PC{0,10}".prop_map(Value::String),
    ];
    let record = (
        prop::sample::select(vec!["110000", "S1", ""]),
        prop::sample::select(vec!["region.lessons_shared", "school.bandwidth_mbps", "x"]),
        leaf.clone(),
        leaf.clone(),
    )
        .prop_map(|(e, i, p, v)| json!({"entity_id": e, "indicator": i, "kind": "school", "region_code": "110101", "period": p, "value": v}));
    prop_oneof![3 => record, 1 => leaf.prop_recursive(2, 8, 3, |inner| prop::collection::vec(inner, 0..3).prop_map(Value::Array))]
}
