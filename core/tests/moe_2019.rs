//! The MoE 2019 work points as re-encoded for issue 10: one promise per target with a
//! minimal quote, every not-encoded entry under a rule, and the encoding errors the issue
//! found kept fixed.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use zhibiao::{Catalog, Document, Kind, Target};

fn doc(c: &Catalog) -> &Document {
    c.document("moe-2019").expect("moe-2019 is built in")
}

fn target<'a>(d: &'a Document, id: &str) -> &'a Target {
    let id = format!("moe-2019/{id}");
    d.targets.iter().find(|t| t.id == id).unwrap_or_else(|| panic!("no target {id}"))
}

#[test]
fn every_not_encoded_entry_names_its_rule() {
    let c = Catalog::builtin().unwrap();
    let missing: Vec<_> = doc(&c).not_encoded.iter().filter(|n| n.rule.is_none()).map(|n| n.quote.as_str()).collect();
    assert!(missing.is_empty(), "not_encoded entries without a rule: {missing:?}");
}

#[test]
fn no_quote_runs_past_its_sentence_or_holds_another_target() {
    let c = Catalog::builtin().unwrap();
    let d = doc(&c);
    // A target's own quotes; a figure_quote cites a figure stated in another target's
    // clause on purpose (g7's bandwidth takes its 97% from the access clause).
    let quotes: Vec<(&str, &str)> = d.targets.iter().map(|t| (t.id.as_str(), t.quote.as_str())).collect();
    for t in &d.targets {
        for q in std::iter::once(&t.quote).chain(&t.restated).chain(&t.figure_quote) {
            assert!(!q.contains('。') && !q.contains('；') && !q.contains(';'), "{}: quote runs past its sentence: {q}", t.id);
        }
        for (other, q) in &quotes {
            // A figure stated apart is borrowed whole from the clause that states it
            // (g7/bandwidth-100mbps takes its 97% from g7/school-broadband-97's quote).
            let borrowed = *q == t.quote && d.targets.iter().any(|o| o.id == *other && o.figure_quote.as_deref() == Some(q));
            assert!(*other == t.id || borrowed || !t.quote.contains(q), "{}'s quote {:?} holds {other}'s {q:?}", t.id, t.quote);
        }
    }
    // The padded quotes of the first encoding.
    assert!(!target(d, "t20/smart-education-zones").quote.contains("指导"));
    assert!(!target(d, "t22/teacher-education-action").quote.contains('》'));
    assert!(!target(d, "t10/principal-training-3").quote.contains("并进行"));
    assert!(!target(d, "t13/data-lineage-graph").quote.contains("完善"));
    assert!(!target(d, "t30/cybersecurity-seminar").quote.contains("技术人员"));
}

#[test]
fn the_certification_is_launched_in_2019_not_counted() {
    let c = Catalog::builtin().unwrap();
    let d = doc(&c);
    let launch = target(d, "t17/certification-launch");
    assert_eq!(launch.kind, Kind::Milestone);
    assert!(launch.quote.starts_with("启动"));
    // No target counts the first batch (20 regions, 200 schools, 2000 lessons): the text
    // gives no date by which it is certified.
    for t in d.targets.iter().filter(|t| t.task.as_deref() == Some("moe-2019/t17")) {
        assert_eq!(t.kind, Kind::Milestone, "{}", t.id);
    }
    let batch = d.not_encoded.iter().find(|n| n.quote.contains("2000堂示范课例")).expect("the first batch is accounted for");
    assert_eq!(batch.rule, Some(zhibiao::NotEncodedRule::UndefinedMeasure));
}

#[test]
fn merged_promises_are_split() {
    let c = Catalog::builtin().unwrap();
    let d = doc(&c);
    // t13: the catalogue and the data-lineage graph.
    assert!(!target(d, "t13/gov-info-resource-catalogue").quote.contains("图谱"));
    assert!(!target(d, "t13/data-lineage-graph").quote.contains("目录"));
    // t34: the identification and the list it produces.
    assert!(!target(d, "t34/cii-identification").quote.contains("名单"));
    assert!(target(d, "t34/cii-list").quote.contains("名单"));
    // t5: acceptance, approval and the reserve list of the resource libraries.
    for (id, word) in [("t5/vocational-resource-libraries", "验收"), ("t5/resource-library-approval", "立项"), ("t5/resource-library-reserve", "备选")] {
        let q = &target(d, id).quote;
        assert!(q.contains(word), "{id}: {q}");
        for other in ["验收", "立项", "备选"].iter().filter(|w| **w != word) {
            assert!(!q.contains(other), "{id} also quotes {other}: {q}");
        }
    }
    // t18: the 底线要求 target stands alone; wrap-up, look-back and acceptance are their own.
    let floor = &target(d, "t18/baseline-requirements").quote;
    assert!(!floor.contains("收尾") && !floor.contains("回头看") && !floor.contains("验收"));
    for id in ["t18/weak-school-programme-wrap-up", "t18/weak-school-look-back", "t18/weak-school-completion-acceptance"] {
        assert_eq!(target(d, id).kind, Kind::Milestone, "{id}");
    }
}

#[test]
fn restated_quotes_state_the_same_promise() {
    let c = Catalog::builtin().unwrap();
    let d = doc(&c);
    // 核心目标 十是's 教育系统数据安全管理办法 is a document of its own, not the ministry's.
    assert!(target(d, "t33/data-security-measures").restated.is_empty());
    assert!(target(d, "g10/system-data-security-measures").quote.contains("教育系统数据安全管理办法"));
    // 做好…整合共享工作 is not the issuing of the implementation plan.
    assert!(target(d, "t13/integration-implementation-plan").restated.is_empty());
}

#[test]
fn checkable_promises_once_left_out_are_targets() {
    let c = Catalog::builtin().unwrap();
    let d = doc(&c);
    for words in [
        "开展校园APP专项调研,摸清底数",
        "建立线上线下相结合的网络安全培训机制",
        "建立数据分级保障的工作机制",
        "建立常态化的通用软件安全评估机制",
        "建立联合研判、快速处置机制",
        "全面排查个人信息保护存在的安全隐患",
        "探索建立规范校园APP管理的长效机制",
    ] {
        assert!(d.targets.iter().any(|t| t.quote == words), "no target quoting {words}");
        assert!(!d.not_encoded.iter().any(|n| n.quote.contains(words)), "{words} is also listed as not encoded");
    }
    assert!(target(d, "t16/campus-app-mechanism").soft, "探索建立 is a soft milestone");
}
