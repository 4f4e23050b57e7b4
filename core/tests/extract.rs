//! The draft extractor: on the built-in texts (a draft passes `check` once indicators
//! are chosen; its proposals are measured against the catalog) and on texts outside
//! the catalog (tests/fixtures/texts/).

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use zhibiao::extract::{extract, Draft, ExtractOptions};
use zhibiao::{Catalog, Document, EntityKind, Indicator, IndicatorSet, Kind, ValueType};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Chooses an indicator for every target and baseline the way an encoder in a hurry
/// would: one per kind and unit.
fn choose_indicators(doc: &mut Document) -> IndicatorSet {
    let mut made: BTreeMap<String, Indicator> = BTreeMap::new();
    let mut pick = |kind: Kind, unit: Option<&str>| -> String {
        let (id, value_type, unit) = match (kind, unit) {
            (Kind::Milestone, _) => ("draft.done".to_string(), ValueType::Boolean, String::new()),
            (Kind::Count, Some(u)) => (format!("draft.count_{}", made.len()), ValueType::Count, u.to_string()),
            (_, Some("%")) => ("draft.percent".to_string(), ValueType::Percent, "%".to_string()),
            (_, Some(u)) => (format!("draft.level_{}", made.len()), ValueType::Number, u.to_string()),
            (_, None) => panic!("a {kind:?} without a unit"),
        };
        if let Some(existing) = made.values().find(|i| i.value_type == value_type && i.unit == unit) {
            return existing.id.clone();
        }
        made.insert(
            id.clone(),
            Indicator {
                id: id.clone(),
                name: id.clone(),
                name_en: id.clone(),
                entity: EntityKind::Region,
                role: None,
                value_type,
                unit,
                cumulative: false,
                description: "chosen by the test".into(),
            },
        );
        id
    };
    for t in &mut doc.targets {
        assert!(t.indicator.is_empty(), "{}: the extractor leaves the indicator to the encoder", t.id);
        t.indicator = pick(t.kind, t.unit.as_deref());
    }
    for b in &mut doc.baselines {
        assert!(b.indicator.is_empty());
        b.indicator = pick(Kind::Level, Some(&b.unit));
    }
    IndicatorSet { indicators: made.into_values().collect() }
}

/// Loads a draft as a catalog of its own, with no allowance, and runs every check.
fn check_draft(draft: &Draft, text: &str) -> Result<Catalog, String> {
    let mut doc = draft.document.clone();
    let indicators = choose_indicators(&mut doc);
    let c = Catalog::from_sources(
        vec![(format!("{}.json", doc.id), serde_json::to_string_pretty(&doc).unwrap())],
        vec![("indicators/draft.json".into(), serde_json::to_string_pretty(&indicators).unwrap())],
        vec![(doc.source.clone(), text.to_string())],
    )
    .map_err(|e| e.to_string())?;
    let problems = c.coverage_problems();
    if !problems.is_empty() {
        return Err(zhibiao::CatalogErrors(problems).to_string());
    }
    Ok(c)
}

#[test]
fn a_draft_of_every_builtin_text_passes_check_once_indicators_are_chosen() {
    let catalog = Catalog::builtin().unwrap();
    for d in catalog.documents() {
        let text = catalog.source(d).unwrap().as_str();
        let options = ExtractOptions { source: d.source.clone(), ..ExtractOptions::default() };
        let draft = extract(text, &options, Some(&catalog)).unwrap_or_else(|e| panic!("{}: {e}", d.id));
        let c = check_draft(&draft, text).unwrap_or_else(|e| panic!("{}: {e}", d.id));
        let got = &c.documents()[0];
        // The draft reads the document's own frame.
        assert_eq!(got.kind, d.kind, "{}", d.id);
        assert_eq!(got.period, d.period, "{}", d.id);
        assert_eq!(got.jurisdiction, d.jurisdiction, "{}", d.id);
        assert!(got.tasks.len() * 10 >= d.tasks.len() * 8, "{}: {} tasks drafted, {} encoded", d.id, got.tasks.len(), d.tasks.len());
        // Tasks by their number as written, with the units the text names.
        let numbered: Vec<_> = d.tasks.iter().filter(|t| t.number.is_some()).collect();
        let mut found = 0;
        for t in &numbered {
            if let Some(mine) = got.tasks.iter().find(|x| x.number == t.number) {
                found += 1;
                assert_eq!(mine.responsible, t.responsible, "{}: task {:?}", d.id, t.number);
            }
        }
        assert!(found * 10 >= numbered.len() * 9, "{}: {found} of {} numbered tasks drafted", d.id, numbered.len());
        assert!(got.targets.len() >= d.targets.len() / 2, "{}", d.id);
    }
}

#[test]
fn measured_on_the_builtin_texts_it_proposes_most_catalog_targets() {
    let catalog = Catalog::builtin().unwrap();
    let m = zhibiao::extract::measure(&catalog);
    assert_eq!(m.len(), 5);
    let sum = |f: fn(&zhibiao::extract::Measurement) -> usize| m.iter().map(f).sum::<usize>();
    let (targets, proposed, same) = (sum(|x| x.catalog_targets), sum(|x| x.proposed), sum(|x| x.proposed_same_figure));
    let (candidates, extra) = (sum(|x| x.candidates), sum(|x| x.not_in_catalog));
    println!("catalog targets {targets}; proposed {proposed}; with the same figure {same}; candidates {candidates}; not in the catalog {extra}");
    // The figures in the README (`zhibiao extract --measure`) are these; the floors
    // below catch a regression, not a change of a point or two.
    assert!(proposed * 100 >= targets * 85, "{proposed}/{targets}");
    assert!(same * 100 >= targets * 80, "{same}/{targets}");
    for x in &m {
        assert!(x.proposed * 100 >= x.catalog_targets * 60, "{}: {}/{}", x.document, x.proposed, x.catalog_targets);
        assert_eq!(x.missed.len(), x.catalog_targets - x.proposed);
        assert_eq!(x.extra.len(), x.not_in_catalog);
    }
    // The plan's review figures are proposed as baselines, and no baseline is a catalog target.
    let plan = m.iter().find(|x| x.document == "bj-plan-2021").unwrap();
    assert_eq!(plan.baselines_proposed, plan.catalog_baselines);
    assert_eq!(sum(|x| x.baselines_that_are_catalog_targets), 0);
}

fn fixture(name: &str) -> (String, Draft) {
    let text = std::fs::read_to_string(root().join("tests/fixtures/texts").join(name)).unwrap();
    let options = ExtractOptions { source: name.into(), ..ExtractOptions::default() };
    let draft = extract(&text, &options, Some(&Catalog::builtin().unwrap())).unwrap_or_else(|e| panic!("{name}: {e}"));
    (text, draft)
}

type Figures = Vec<(f64, String)>;

/// (value, unit) of every proposed target, and of every proposed baseline.
fn figures(d: &Document) -> (Figures, Figures) {
    let t = d.targets.iter().filter_map(|t| Some((t.value?, t.unit.clone()?))).collect();
    let b = d.baselines.iter().map(|b| (b.value, b.unit.clone())).collect();
    (t, b)
}

fn has(v: &[(f64, String)], value: f64, unit: &str) -> bool {
    v.iter().any(|(x, u)| *x == value && u == unit)
}

fn target_quoting<'a>(d: &'a Document, words: &str) -> &'a zhibiao::Target {
    d.targets.iter().find(|t| t.quote.contains(words)).unwrap_or_else(|| panic!("no target quoting {words}"))
}

#[test]
fn an_annual_text_outside_the_catalog() {
    let (text, draft) = fixture("zj-2024-work-points.txt");
    let d = &draft.document;
    assert_eq!(d.kind, zhibiao::DocumentKind::AnnualWorkPoints);
    assert_eq!((d.period.start.to_string(), d.period.end.to_string()), ("2024-01-01".into(), "2024-12-31".into()));
    assert_eq!(d.jurisdiction, "330000");
    assert_eq!(d.level, zhibiao::Level::Provincial);
    assert_eq!(d.title, "2024年全省教育数字化工作要点");
    assert_eq!(d.issued.map(|x| x.to_string()).as_deref(), Some("2024-02-26"));
    // Tasks (一)…(五) in two sections levels: 一、… are sections.
    let numbers: Vec<_> = d.tasks.iter().filter_map(|t| t.number.clone()).collect();
    assert_eq!(numbers, ["(一)", "(二)", "(三)", "(四)", "(五)"]);
    assert_eq!(d.sections.iter().filter(|s| s.number.is_some()).count(), 4);
    assert_eq!(
        d.tasks[0].responsible,
        zhibiao::Responsible::LeadAndPartners {
            lead: vec!["科技与信息化处".into()],
            partners: vec!["基础教育处".into(), "省教育技术中心".into()]
        }
    );
    assert_eq!(d.tasks[3].responsible, zhibiao::Responsible::LeadAndPartners { lead: vec!["教师工作处".into()], partners: vec![] });
    // Figures and deliverables are candidate targets.
    let (targets, baselines) = figures(d);
    for (v, u) in [(100.0, "%"), (95.0, "%"), (50.0, "所"), (100.0, "门"), (2000.0, "节"), (30.0, "个"), (50.0, "学时"), (1000.0, "人")] {
        assert!(has(&targets, v, u), "no candidate for {v}{u}: {targets:?}");
    }
    for words in ["数字化教学创新大赛", "发展报告", "分类分级指南", "上线教育数据共享交换平台"] {
        assert_eq!(target_quoting(d, words).kind, Kind::Milestone, "{words}");
    }
    // 清零: a milestone, or the figure zero where the parser reads one (at most 0).
    let zero = target_quoting(d, "动态清零");
    assert!(
        zero.kind == Kind::Milestone || (zero.value == Some(0.0) && zero.comparator == Some(zhibiao::Comparator::AtMost)),
        "{zero:?}"
    );
    assert_eq!(target_quoting(d, "不少于2000节").comparator, Some(zhibiao::Comparator::AtLeast));
    assert_eq!(target_quoting(d, "95%以上").deadline.to_string(), "2024-12-31");
    assert_eq!(target_quoting(d, "上半年完成培训方案制定").deadline.to_string(), "2024-06-30");
    // The state at the end of 2023 is a baseline, never a target.
    assert!(has(&baselines, 88.0, "%"), "{baselines:?}");
    assert!(!has(&targets, 88.0, "%"));
    let b = d.baselines.iter().find(|b| b.value == 88.0).unwrap();
    assert_eq!(b.date.to_string(), "2023-12-31");
    // Every candidate's note gives its place; the draft passes check once indicators are chosen.
    for t in &d.targets {
        assert!(t.note.as_deref().is_some_and(|n| n.contains("line ") && n.contains("bytes ")), "{}", t.id);
    }
    check_draft(&draft, &text).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_plan_outside_the_catalog_with_a_review_of_the_last_period() {
    let (text, draft) = fixture("hn-plan-2026.txt");
    let d = &draft.document;
    assert_eq!(d.kind, zhibiao::DocumentKind::FiveYearPlan);
    assert_eq!((d.period.start.to_string(), d.period.end.to_string()), ("2026-01-01".into(), "2030-12-31".into()));
    assert_eq!(d.jurisdiction, "410000");
    let (targets, baselines) = figures(d);
    // The 发展基础 review: baselines only.
    for (v, u) in [(100.0, "%"), (98.0, "%"), (500.0, "所"), (1200.0, "门")] {
        assert!(has(&baselines, v, u), "no baseline {v}{u}: {baselines:?}");
    }
    assert!(has(&baselines, 1_200_000.0, "人") || has(&baselines, 1_200_000.0, "人次"), "{baselines:?}");
    for words in ["多媒体教室覆盖率达98%以上", "累计建成省级智慧校园示范校500所", "1200门"] {
        assert!(d.targets.iter().all(|t| !t.quote.contains(words)), "{words} proposed as a target");
    }
    assert!(d.baselines.iter().all(|b| b.date.to_string() == "2025-12-31"));
    // The goals: candidate targets, with their own deadlines.
    for (v, u) in [(90.0, "%"), (30.0, "个"), (300.0, "所"), (1_000_000.0, "条"), (72.0, "学时"), (8.0, "%")] {
        assert!(has(&targets, v, u), "no candidate for {v}{u}: {targets:?}");
    }
    assert_eq!(target_quoting(d, "90%以上").deadline.to_string(), "2030-12-31");
    assert_eq!(target_quoting(d, "教育大数据中心").deadline.to_string(), "2027-12-31");
    assert_eq!(target_quoting(d, "三年实现乡村学校千兆到校全覆盖").deadline.to_string(), "2028-12-31");
    assert_eq!(target_quoting(d, "中期评估").deadline.to_string(), "2028-12-31");
    assert!(target_quoting(d, "探索建立资源共建共享激励机制").soft, "探索 marks a soft promise");
    assert_eq!(
        d.tasks[0].responsible,
        zhibiao::Responsible::LeadAndPartners {
            lead: vec!["省教育厅科技处".into()],
            partners: vec!["省发展改革委".into(), "省通信管理局".into()]
        }
    );
    check_draft(&draft, &text).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn hostile_text_neither_panics_nor_loses_its_offsets() {
    // Pieces of the genre and of damaged text, shuffled deterministically.
    let pieces = [
        "一、", "(一)", "1、", "1.1 ", "一是", "**", "#", "## ", "\n", "\n\n", " ", "\u{3000}", "。", "，", ",", "；", "、", "《", "》",
        "»", "“", "”", "\"", "(", ")", "（", "）", "�", "到2025年", "2023年", "建成", "印发《方案》", "遴选40所", "达到97%以上",
        "不少于32学时", "千兆", "全覆盖", "已达90%", "责任单位:", "科技处", "(牵头单位：", "配合单位：", "发展现状", "十四五", "规划",
        "工作要点", "〔2021〕5号", "年", "月", "日", "近", "约", "以上", "—", "-", "e\u{301}", "🙂",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let catalog = Catalog::builtin().unwrap();
    let mut drafted = 0;
    for round in 0..150 {
        let n = next() % 120;
        let text: String = (0..n).map(|_| pieces[next() % pieces.len()]).collect();
        let src = zhibiao::text::SourceText::new(text.clone());
        for c in zhibiao::clause::split(&src) {
            assert!(c.start < c.end && c.end <= text.len(), "round {round}: {text:?}");
            assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
            for a in &c.anchors {
                assert!(c.start <= a.start && a.end <= c.end, "round {round}: {text:?}");
            }
        }
        let options = ExtractOptions { source: "fuzz.txt".into(), year: Some(2024), ..ExtractOptions::default() };
        if let Ok(draft) = extract(&text, &options, Some(&catalog)) {
            drafted += usize::from(!draft.document.targets.is_empty());
            for c in &draft.candidates {
                assert!(c.start < c.end && c.end <= text.len());
            }
            // Whatever it drafts still passes check once indicators are chosen.
            check_draft(&draft, &text).unwrap_or_else(|e| panic!("round {round}: {text:?}: {e}"));
        }
    }
    assert!(drafted > 50, "only {drafted} texts gave a draft with targets");
    // Empty and whitespace-only texts are errors with a code, not panics.
    for text in ["", "  \n\n\t"] {
        let e = extract(text, &ExtractOptions::default(), None).unwrap_err();
        assert_eq!(e.code(), "extract.empty");
    }
    let e = extract("加强统筹。", &ExtractOptions::default(), None).unwrap_err();
    assert_eq!(e.code(), "extract.no_period");
}
