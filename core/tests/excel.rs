#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
//! Spreadsheets as input (core/src/excel.rs): the fixtures of tests/fixtures/excel/
//! (made by make.py there) load to what the equivalent CSV files load to, bad cells are
//! refused with their place, and a corrupt file is a coded error.
#![cfg(feature = "excel")]

use std::path::PathBuf;
use zhibiao::io::{Encoding, InputError};
use zhibiao::{Catalog, Dataset, DatasetBuilder, LoadReport};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/excel").join(name)
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

fn from_csv() -> (Dataset, LoadReport) {
    let catalog = Catalog::builtin().unwrap();
    let mut b = DatasetBuilder::new(&catalog);
    b.read_entities_file(fixture("entities.csv"), Encoding::Auto).unwrap();
    b.read_observations_file(fixture("observations.csv"), Encoding::Auto).unwrap();
    b.build()
}

/// Entities from the first sheet, observations from the sheet 填报数据.
fn from_book(name: &str) -> (Dataset, LoadReport) {
    let catalog = Catalog::builtin().unwrap();
    let mut b = DatasetBuilder::new(&catalog);
    let data = bytes(name);
    b.read_entities_excel(name, &data, None).unwrap();
    b.read_observations_excel(name, &data, Some("填报数据")).unwrap();
    b.build()
}

/// What a dataset holds, in a stable order.
fn contents(d: &Dataset) -> String {
    let series: std::collections::BTreeMap<_, _> = d.series.iter().map(|(k, s)| (k.clone(), format!("{s:?}"))).collect();
    format!("{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{series:?}\n{:?}\n{:?}", d.ids, d.names, d.kind, d.region, d.stage, d.sources, d.details)
}

fn results(d: &Dataset) -> String {
    let catalog = Catalog::builtin().unwrap();
    let options = zhibiao::EvalOptions::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
    let e = zhibiao::evaluate(&catalog, d, &options).unwrap();
    serde_json::to_string(&e.results).unwrap()
}

#[test]
fn workbooks_load_what_the_csv_files_load() {
    let (csv, rc) = from_csv();
    assert!(rc.is_clean(), "{rc:?}");
    assert_eq!((rc.entities.accepted, rc.observations.accepted), (3, 9));
    for name in ["office.xlsx", "gbk.xls", "excel95-gbk.xls", "office.ods"] {
        let (book, rb) = from_book(name);
        assert!(rb.is_clean(), "{name}: {:?}", rb.rejections().collect::<Vec<_>>());
        assert_eq!((rb.entities.read, rb.entities.accepted), (3, 3), "{name}");
        // The blank row between the 2020 and the 2022 figures is skipped, not counted.
        assert_eq!((rb.observations.read, rb.observations.accepted), (9, 9), "{name}");
        assert_eq!(contents(&book), contents(&csv), "{name}");
        assert_eq!(results(&book), results(&csv), "{name}");
        assert_eq!(book.names.get(book.entity("3111000103").unwrap() as usize).unwrap(), "西城实验学校", "{name}");
    }
}

/// A workbook of the GBK era (Excel 95 on a Chinese Windows): its text is GBK bytes that
/// only the CODEPAGE record (936) says how to read. gbk.xls, for all its name, is BIFF8
/// whose text is UTF-16 whatever the code page; this one is the real thing.
#[test]
fn an_excel95_workbook_in_code_page_936_reads_as_chinese() {
    let data = bytes("excel95-gbk.xls");
    // The fixture is what it claims: BIFF5, CODEPAGE 936, GBK bytes and no UTF-16 text.
    let codepage = [0x42, 0x00, 0x02, 0x00, 0xA8, 0x03]; // record 0x0042, 2 bytes, 936
    assert!(data.windows(6).any(|w| w == codepage));
    let biff5_globals = [0x09, 0x08, 0x08, 0x00, 0x00, 0x05, 0x05, 0x00]; // BOF, 8 bytes, BIFF5, globals
    assert!(data.windows(8).any(|w| w == biff5_globals));
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    let utf16: Vec<u8> = "东城第一小学".encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert!(data.windows(12).any(|w| w == gbk("东城第一小学").as_slice()));
    assert!(!data.windows(12).any(|w| w == utf16.as_slice()));
    assert_eq!(zhibiao::excel::sheet_names("excel95-gbk.xls", &data).unwrap(), ["学校", "填报数据"]);
    let (d, r) = from_book("excel95-gbk.xls");
    assert!(r.is_clean(), "{:?}", r.rejections().collect::<Vec<_>>());
    let name = |id: &str| d.names.get(d.entity(id).unwrap() as usize).unwrap();
    assert_eq!([name("3111000101"), name("3111000102"), name("3111000103")], ["东城第一小学", "东城第二中学", "西城实验学校"]);
    assert_eq!(r.entities.encodings[0].file, "excel95-gbk.xls[学校]");
    assert_eq!(r.entities.encodings[0].encoding, "Excel 5.0/95 workbook (xls)");
    let bandwidth = &d.series["school.bandwidth_mbps"];
    assert_eq!(bandwidth.value, [100.0, 1000.0, 1000.0, 1000.0, 100.0, 500.0]); // by school, then year
    let sources: Vec<&str> = d.sources.iter().map(String::as_str).collect();
    assert!(sources.contains(&"2022年教育事业统计") && sources.contains(&"统计公报"), "{sources:?}");
}

#[test]
fn the_title_row_above_the_header_is_found_and_said() {
    let (_, r) = from_book("office.xlsx");
    let e = &r.entities.encodings[0];
    assert_eq!(e.file, "office.xlsx[学校]");
    assert!(e.reason.contains("header on row 2"), "{e:?}");
    assert!(e.reason.contains("row 1 above it read as a title"), "{e:?}");
    assert_eq!(e.encoding, "Excel workbook (xlsx)");
    assert!(e.reason.contains("the first of 2 worksheet(s)"), "{e:?}");
    let o = &r.observations.encodings[0];
    assert!(o.reason.contains("header on row 1") && !o.reason.contains("title"), "{o:?}");
}

#[test]
fn bad_cells_are_refused_with_sheet_row_and_cell() {
    let catalog = Catalog::builtin().unwrap();
    let mut b = DatasetBuilder::new(&catalog);
    let (_, rc) = from_csv();
    let _ = rc;
    b.read_entities_excel("office.xlsx", &bytes("office.xlsx"), None).unwrap();
    b.read_observations_excel("bad.xlsx", &bytes("bad.xlsx"), None).unwrap();
    let (_, r) = b.build();
    let got: Vec<(u64, String, String)> = r
        .observations
        .rejected
        .iter()
        .map(|x| (x.location.line.unwrap(), x.code.clone(), x.value.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        got,
        [
            (2, "data.bad_cell".to_string(), "#DIV/0!".to_string()),
            (3, "data.ambiguous_percent".to_string(), "0.976".to_string()),
            (4, "data.bad_period".to_string(), "2023.5".to_string()),
            (5, "data.bad_value".to_string(), "abc".to_string()),
            (6, "data.bad_cell".to_string(), "#N/A".to_string()),
        ]
    );
    assert_eq!((r.observations.read, r.observations.accepted), (6, 1));
    for x in &r.observations.rejected {
        assert_eq!(x.location.file.as_deref(), Some("bad.xlsx[填报数据]"));
    }
    let reason = |i: usize| r.observations.rejected[i].reason.as_str();
    assert!(reason(0).ends_with("(cell D2, 数值)"), "{}", reason(0));
    assert!(reason(1).contains("97.6%") && reason(1).ends_with("(cell D3, 数值)"), "{}", reason(1));
    assert!(reason(2).ends_with("(cell C4, 年份)"), "{}", reason(2));
    assert!(reason(3).ends_with("(cell D5, 数值)"), "{}", reason(3));
    assert_eq!(r.observations.rejected[1].column.as_deref(), Some("value"));
}

#[test]
fn a_missing_sheet_lists_the_sheets() {
    let catalog = Catalog::builtin().unwrap();
    let mut b = DatasetBuilder::new(&catalog);
    let err = b.read_observations_excel("office.xlsx", &bytes("office.xlsx"), Some("观测")).unwrap_err();
    assert_eq!(err.code(), "input.no_such_sheet");
    assert_eq!(err.to_string(), r#"office.xlsx: no sheet "观测"; the workbook has: "学校", "填报数据""#);
    assert_eq!(zhibiao::excel::sheet_names("gbk.xls", &bytes("gbk.xls")).unwrap(), ["学校", "填报数据"]);
    // The bytes tell the format when the name is wrong or has no extension.
    for (name, real) in [("gbk.xlsx", "gbk.xls"), ("office.xlsx", "office.ods"), ("upload", "office.xlsx"), ("office.xls", "office.xlsx")] {
        assert_eq!(zhibiao::excel::sheet_names(name, &bytes(real)).unwrap(), ["学校", "填报数据"], "{real} as {name}");
    }
}

#[test]
fn the_entity_sheet_read_as_observations_names_the_missing_column() {
    let catalog = Catalog::builtin().unwrap();
    let mut b = DatasetBuilder::new(&catalog);
    let err = b.read_observations_excel("office.xlsx", &bytes("office.xlsx"), None).unwrap_err();
    assert_eq!(err.code(), "input.missing_column", "{err}");
    assert!(err.to_string().contains("office.xlsx[学校]"), "{err}");
}

#[test]
fn corrupt_and_foreign_files_are_coded_errors() {
    let catalog = Catalog::builtin().unwrap();
    let xlsx = bytes("office.xlsx");
    let xls = bytes("gbk.xls");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("cut.xlsx", xlsx[..xlsx.len() / 2].to_vec()),
        ("cut.xls", xls[..xls.len() / 2].to_vec()),
        ("csv.xlsx", b"entity_id,indicator,period,value\n".to_vec()),
        ("empty.ods", Vec::new()),
        ("noise", (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect()),
        ("zip-noise", [b"PK\x03\x04".as_slice(), &[7u8; 300]].concat()),
        ("cfb-noise", [b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".as_slice(), &[0u8; 600]].concat()),
    ];
    for (name, data) in cases {
        let mut b = DatasetBuilder::new(&catalog);
        let err = b.read_observations_excel(name, &data, None).unwrap_err();
        assert_eq!(err.code(), "input.workbook", "{name}: {err}");
        assert!(err.to_string().starts_with(&format!("{name}: cannot read the workbook")), "{err}");
    }
    // Every byte flipped in turn across the head of a workbook: an error or a load, never a panic.
    for i in (0..xlsx.len()).step_by(97) {
        let mut data = xlsx.clone();
        data[i] ^= 0x5A;
        let mut b = DatasetBuilder::new(&catalog);
        let _ = b.read_observations_excel("flip.xlsx", &data, Some("填报数据"));
    }
}

#[test]
fn chinese_headers_are_aliases_in_csv_and_json_too() {
    let catalog = Catalog::builtin().unwrap();
    let csv = "学校代码,指标,年份,数值\n3111000101,school.bandwidth_mbps,2022,1000\n";
    let mut b = DatasetBuilder::new(&catalog);
    b.read_entities_csv("e.csv", "实体编号,类型,区划代码\n3111000101,school,110101\n".as_bytes(), Encoding::Auto).unwrap();
    b.read_observations_csv("o.csv", csv.as_bytes(), Encoding::Auto).unwrap();
    b.read_observations_json("o.json", r#"[{"学校代码":"3111000101","指标":"school.bandwidth_mbps","年度":2023,"填报值":100}]"#).unwrap();
    let (d, r) = b.build();
    assert!(r.is_clean(), "{r:?}");
    assert_eq!(d.series["school.bandwidth_mbps"].value, [1000.0, 100.0]);
    // Two columns standing for one: which holds the data is unknowable.
    let mut b = DatasetBuilder::new(&catalog);
    let err = b.read_observations_csv("o.csv", "entity_id,学校代码,指标,年份,数值\n".as_bytes(), Encoding::Auto).unwrap_err();
    assert_eq!(err.code(), "input.ambiguous_column");
    assert_eq!(err.to_string(), r#"o.csv: columns "entity_id", "学校代码" (at positions 1, 2) all stand for "entity_id"; keep one"#);
    assert!(matches!(err, InputError::AmbiguousColumn { .. }));
    let mut b = DatasetBuilder::new(&catalog);
    b.read_observations_json("o.json", r#"[{"年份":2023,"年度":2024,"学校代码":"S","指标":"school.bandwidth_mbps","数值":1}]"#).unwrap();
    let (_, r) = b.build();
    assert_eq!(r.observations.rejected[0].code, "data.bad_row");
    assert!(r.observations.rejected[0].reason.contains(r#"both stand for "period""#), "{r:?}");
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zhibiao")).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn the_command_reads_spreadsheets_by_extension() {
    let book = fixture("office.xlsx");
    let book = book.to_str().unwrap();
    let xls = fixture("gbk.xls");
    let upper = std::env::temp_dir().join(format!("zhibiao-excel-{}.XLS", std::process::id()));
    std::fs::copy(&xls, &upper).unwrap();
    let (code, out, err) = cli(&["evaluate", "--entities", book, "--observations", upper.to_str().unwrap(), "--observations-sheet", "填报数据", "--lang", "en"]);
    let _ = std::fs::remove_file(&upper);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("observations read 9: accepted 9, rejected 0"), "{out}");
    let (code, _, err) = cli(&["evaluate", "--entities", book, "--observations", fixture("bad.xlsx").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("bad.xlsx[填报数据]:2 column value value \"#DIV/0!\": [data.bad_cell]"), "{err}");
    let (code, _, err) = cli(&["evaluate", "--entities", book, "--observations", book, "--sheet", "观测"]);
    assert_eq!(code, 1);
    assert!(err.contains("zhibiao: [input.no_such_sheet]"), "{err}");
    let csv = fixture("observations.csv");
    let (code, _, err) = cli(&["evaluate", "--observations", csv.to_str().unwrap(), "--observations-sheet", "填报数据"]);
    assert_eq!(code, 1);
    assert!(err.contains("zhibiao: [input.argument] --observations-sheet"), "{err}");
}

/// The README's table of header aliases is the one the readers use.
#[test]
fn the_readme_lists_every_alias() {
    let readme = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../README.md")).unwrap();
    let table: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `")).collect();
    for columns in [&zhibiao::io::ENTITY_COLUMNS, &zhibiao::io::OBSERVATION_COLUMNS] {
        for (alias, column) in columns.aliases {
            let row = table.iter().find(|l| l.starts_with(&format!("| `{column}` |"))).unwrap_or_else(|| panic!("no README row for {column}"));
            assert!(row.split(['|', ',']).any(|c| c.trim() == *alias), "README row of {column} lacks {alias}: {row}");
        }
    }
    for row in table.iter().filter(|l| l.contains("` | ") && !l.contains("also read from")) {
        let column = row.trim_start_matches("| `").split('`').next().unwrap();
        if ![&zhibiao::io::ENTITY_COLUMNS, &zhibiao::io::OBSERVATION_COLUMNS].iter().any(|c| c.names.contains(&column)) {
            continue;
        }
        for alias in row.split('|').nth(2).unwrap().split(',').map(str::trim) {
            let known = [&zhibiao::io::ENTITY_COLUMNS, &zhibiao::io::OBSERVATION_COLUMNS].iter().any(|c| c.canonical(alias) == Some(column));
            assert!(known, "README lists {alias} for {column}, the readers do not");
        }
    }
}

/// The load summary labels a text file's line `encoding` and a spreadsheet's `format`
/// (its line names the workbook kind, not a decoding); the CSV note's JSON has no `format`.
#[test]
fn the_load_summary_labels_a_workbook_by_its_format() {
    use zhibiao::report::{load_summary, Lang};
    let (_, csv) = from_csv();
    let (en, zh) = (load_summary(&csv, Lang::En, 10), load_summary(&csv, Lang::Zh, 10));
    assert!(en.contains("  encoding ") && en.contains("entities.csv: UTF-8") && !en.contains("  format "), "{en}");
    assert!(zh.contains("  编码 ") && !zh.contains("  格式 "), "{zh}");
    let json = serde_json::to_value(&csv.entities.encodings[0]).unwrap();
    assert!(json.get("format").is_none(), "{json}");
    let (_, book) = from_book("office.xlsx");
    let (en, zh) = (load_summary(&book, Lang::En, 10), load_summary(&book, Lang::Zh, 10));
    assert!(en.contains("  format office.xlsx[") && en.contains("Excel workbook (xlsx)") && !en.contains("  encoding "), "{en}");
    assert!(zh.contains("  格式 office.xlsx[") && !zh.contains("  编码 "), "{zh}");
}

/// An Excel 5.0/95 (BIFF5) workbook is named as one in the load report, a BIFF8 one as
/// Excel 97-2003.
#[test]
fn the_load_report_tells_excel_95_from_excel_97() {
    for (name, label) in [("excel95-gbk.xls", "Excel 5.0/95 workbook (xls)"), ("gbk.xls", "Excel 97-2003 workbook (xls)")] {
        let (_, report) = from_book(name);
        let got: Vec<&str> = report.entities.encodings.iter().chain(&report.observations.encodings).map(|e| e.encoding.as_str()).collect();
        assert_eq!(got, [label, label], "{name}");
    }
}
