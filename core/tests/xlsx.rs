//! The Excel report read back: sheets, headers in both languages, a known row's typed
//! values, the status colours, the frozen header and the autofilter, the rejected records.
#![cfg(feature = "xlsx")]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use std::io::{Cursor, Read};
use zhibiao::export::{results_table, Columns};
use zhibiao::lang::Lang;
use zhibiao::xlsx::{workbook, XlsxOptions};
use zhibiao::{Catalog, DatasetBuilder, EvalOptions, LoadReport, Status};

const GIGABIT: &str = "bj-plan-2021/t1/gigabit-to-school";

struct Demo {
    cat: Catalog,
    data: zhibiao::Dataset,
    load: LoadReport,
    eval: zhibiao::Evaluation,
}

/// The built-in sample plus one observation that is refused.
fn demo() -> Demo {
    let cat = Catalog::builtin().expect("builtin");
    let s = zhibiao::sample::generate(&cat, zhibiao::sample::DEFAULT_SEED);
    let mut b = DatasetBuilder::new(&cat);
    b.extend_entities(s.entities);
    b.extend_observations(s.observations);
    b.read_observations_csv("bad.csv", b"entity_id,indicator,period,value\n110101,region.lessons_shared,2023,abc\n", zhibiao::io::Encoding::Utf8)
        .expect("read");
    let (data, load) = b.build();
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).expect("date");
    let eval = zhibiao::evaluate(&cat, &data, &EvalOptions::new(as_of)).expect("evaluate");
    Demo { cat, data, load, eval }
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("an xlsx calamine reads")
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// A part of the .xlsx (a zip of XML files) as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("zip");
    let mut s = String::new();
    z.by_name(name).expect(name).read_to_string(&mut s).expect("utf-8");
    s
}

/// The value of attribute `attr` in the first element of `xml` starting with `start`.
fn attr(xml: &str, start: &str, attr: &str) -> Option<String> {
    let at = xml.find(start)?;
    let tag = &xml[at..at + xml[at..].find('>')?];
    let key = format!(" {attr}=\"");
    let v = tag.find(&key)? + key.len();
    Some(tag[v..v + tag[v..].find('"')?].to_string())
}

/// Attribute `name` of the cell format (`<xf>`) of cell `cell` of worksheet part `sheet`.
fn xf_of(bytes: &[u8], sheet: &str, cell: &str, name: &str) -> Option<String> {
    let xml = part(bytes, sheet);
    let style: usize = attr(&xml, &format!("<c r=\"{cell}\""), "s")?.parse().ok()?;
    let styles = part(bytes, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs")?..];
    let xf = xfs.split("<xf ").nth(style + 1)?;
    attr(&format!("<xf {xf}"), "<xf", name)
}

/// The number format code of cell `cell` of worksheet part `sheet`.
fn format_of(bytes: &[u8], sheet: &str, cell: &str) -> Option<String> {
    let id = xf_of(bytes, sheet, cell, "numFmtId")?;
    attr(&part(bytes, "xl/styles.xml"), &format!("<numFmt numFmtId=\"{id}\""), "formatCode")
}

/// The fill colour (`FFRRGGBB`) of the cell `cell` of worksheet part `sheet`.
fn fill_of(bytes: &[u8], sheet: &str, cell: &str) -> Option<String> {
    let fill: usize = xf_of(bytes, sheet, cell, "fillId")?.parse().ok()?;
    let styles = part(bytes, "xl/styles.xml");
    let fills = &styles[styles.find("<fills")?..styles.find("</fills>")?];
    let f = fills.split("<fill>").nth(fill + 1)?;
    attr(f, "<fgColor", "rgb")
}

/// The A1 name of a cell (0-based row and column).
fn a1(row: usize, col: usize) -> String {
    let mut c = col + 1;
    let mut letters = String::new();
    while c > 0 {
        letters.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

#[test]
fn the_excel_report_reads_back_sheet_by_sheet() {
    let d = demo();
    let bytes = workbook(&d.cat, &d.data.regions, &d.eval, Some(&d.load), &XlsxOptions::default()).expect("workbook");
    let mut wb = open(&bytes);
    let names = wb.sheet_names();
    assert_eq!(names, ["概况", "moe-2019", "bj-plan-2021", "cd-2021", "bj-2023", "sn-2023", "未读入记录"]);

    // The summary: one row per document, counts by status adding up to every result.
    let summary = wb.worksheet_range("概况").expect("summary");
    let head: Vec<String> = summary.rows().next().expect("header").iter().map(text).collect();
    assert_eq!(head[..3], ["文件", "文件名称", "已达成"]);
    let total = summary.rows().find(|r| text(&r[0]) == "合计").expect("a total row");
    assert_eq!(total[head.len() - 1], Data::Float(d.eval.results.len() as f64));

    // A known row of a document's sheet, typed.
    let sheet = wb.worksheet_range("bj-plan-2021").expect("document sheet");
    let table = results_table(&d.cat, &d.data.regions, &d.eval, Columns::WithText);
    let head: Vec<String> = sheet.rows().next().expect("header").iter().map(text).collect();
    let labels: Vec<&str> = table.columns.iter().map(|c| c.label(Lang::Zh)).collect();
    assert_eq!(head, labels);
    let col = |label: &str| head.iter().position(|h| h == label).expect(label);
    let r = d.eval.results.iter().find(|r| r.target == GIGABIT && r.region == "110000").expect("result");
    let (row_at, row) = sheet.rows().enumerate().find(|(_, x)| text(&x[0]) == GIGABIT && text(&x[col("地区代码")]) == "110000").expect("the row");
    assert_eq!(text(&row[col("地区")]), "北京市");
    assert_eq!(row[col("当前值")], Data::Float(r.value.expect("value")));
    assert_eq!(row[col("目标值")], Data::Float(r.target_value.expect("target")));
    assert_eq!(text(&row[col("状态")]), r.status.zh());
    match &row[col("截止日期")] {
        Data::DateTime(x) => assert_eq!(x.as_f64(), 46022.0, "2025-12-31 as an Excel date"),
        other => panic!("the deadline is a date, not {other:?}"),
    }
    assert!(r.coverage.is_some(), "the known row has a coverage");
    if let Some(c) = r.coverage {
        // Coverage is in % in the results, a fraction in percent format in Excel.
        assert_eq!(row[col("填报率")], Data::Float(c / 100.0));
    }
    assert!(text(&row[col("计算过程")]).contains(GIGABIT), "the working is in its column");

    // The status cell's fill is the status colour; the header is frozen and filtered.
    let status_cell = a1(row_at, col("状态"));
    assert_eq!(fill_of(&bytes, "xl/worksheets/sheet3.xml", &status_cell), Some(format!("FF{:06X}", r.status.color())));
    let xml = part(&bytes, "xl/worksheets/sheet3.xml");
    assert_eq!(attr(&xml, "<pane", "state").as_deref(), Some("frozen"));
    assert_eq!(attr(&xml, "<pane", "topLeftCell").as_deref(), Some("A2"));
    let rows = d.eval.results.iter().filter(|r| r.document == "bj-plan-2021").count();
    assert_eq!(attr(&xml, "<autoFilter", "ref"), Some(format!("A1:{}", a1(rows, head.len() - 1))));
    assert_eq!(format_of(&bytes, "xl/worksheets/sheet3.xml", &a1(row_at, col("截止日期"))).as_deref(), Some("yyyy-mm-dd"));
    if r.coverage.is_some() {
        assert_eq!(format_of(&bytes, "xl/worksheets/sheet3.xml", &a1(row_at, col("填报率"))).as_deref(), Some("0.0%"));
    }

    // The rejected record, with where it was and why.
    let rejected = wb.worksheet_range("未读入记录").expect("rejected sheet");
    let rows: Vec<Vec<String>> = rejected.rows().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(rows[0], ["记录类型", "文件", "行", "列", "值", "错误代码", "原因"]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][..5], ["observation", "bad.csv", "2", "value", "abc"]);
    assert_eq!(rows[1][5], d.load.rejections().next().expect("one").code);
}

#[test]
fn english_headers_and_every_status_colour() {
    let d = demo();
    let bytes = workbook(&d.cat, &d.data.regions, &d.eval, None, &XlsxOptions { lang: Lang::En }).expect("workbook");
    let mut wb = open(&bytes);
    assert_eq!(wb.sheet_names().first().map(String::as_str), Some("Summary"));
    assert!(!wb.sheet_names().iter().any(|s| s.contains("Rejected")), "no load report, no sheet of rejections");
    let sheet = wb.worksheet_range("bj-2023").expect("sheet");
    let head: Vec<String> = sheet.rows().next().expect("header").iter().map(text).collect();
    assert_eq!(head[..3], ["Target id", "Target", "Target (English)"]);
    let styles = part(&bytes, "xl/styles.xml");
    for s in Status::ALL {
        assert!(styles.contains(&format!("rgb=\"FF{:06X}\"", s.color())), "{} has its fill", s.code());
    }
}
