//! Encoding fidelity of the Chengdu 2021 and Shaanxi 2023 documents (issue 10): the errors
//! the review found stay fixed, and the not-encoded rules of spec/ENCODING.md are applied
//! the same way as elsewhere.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use zhibiao::{Catalog, Comparator, Kind};

const DOCS: [&str; 2] = ["cd-2021", "sn-2023"];

fn catalog() -> Catalog {
    Catalog::builtin().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_promise_clause_is_accounted_for_without_allowance() {
    let c = catalog();
    for id in DOCS {
        let cov = c.coverage(id).unwrap_or_else(|| panic!("{id}"));
        assert_eq!((cov.counts.uncovered, cov.counts.allowed), (0, 0), "{id}: {:?}", cov.counts);
    }
}

#[test]
fn every_not_encoded_entry_names_its_rule() {
    let c = catalog();
    for id in DOCS {
        let d = c.document(id).unwrap();
        for n in &d.not_encoded {
            assert!(n.rule.is_some(), "{id}: {:?} has no rule", n.quote);
        }
    }
}

/// Words that make a clause a target under rules T5–T8: a selection of 一批, a mechanism
/// or rule set up, a study with a subject, a survey, a clean-up, a named document or
/// standard implemented. None of them may sit in `not_encoded`.
const TARGET_MARKS: [&str; 14] = [
    "征集一批", "遴选一批", "认定一批", "新增一批", "专项研究", "课题研究", "调研", "摸清", "清理", "清零",
    "全面排查", "落实《", "课程标准", "等级保护",
];

#[test]
fn checkable_promises_are_not_filed_as_not_encoded() {
    let c = catalog();
    for id in DOCS {
        let d = c.document(id).unwrap();
        for n in &d.not_encoded {
            let q = n.quote.as_str();
            assert!(!TARGET_MARKS.iter().any(|m| q.contains(m)), "{id}: {q:?} is a target by ENCODING.md T5–T8");
            let sets_up = q.starts_with("建立") || q.starts_with("探索建立") || q.starts_with("推动建立");
            let institution = ["机制", "制度", "体系", "责任制"].iter().any(|w| q.ends_with(w));
            assert!(!(sets_up && institution), "{id}: {q:?} sets up a named mechanism (T6)");
        }
    }
}

fn target<'a>(c: &'a Catalog, id: &str) -> &'a zhibiao::Target {
    c.target(id).unwrap_or_else(|| panic!("no target {id}")).1
}

#[test]
fn top_ten_cases_is_a_count_of_ten() {
    let c = catalog();
    let t = target(&c, "cd-2021/t4/top-ten-cases");
    assert_eq!((t.kind, t.comparator, t.value, t.unit.as_deref()), (Kind::Count, Some(Comparator::Reach), Some(10.0), Some("个")));
    let t = target(&c, "cd-2021/t9/four-core-databases");
    assert_eq!((t.kind, t.value), (Kind::Count, Some(4.0)));
}

#[test]
fn every_task_the_review_found_empty_has_a_target() {
    let c = catalog();
    for task in ["cd-2021/t3", "sn-2023/t6", "sn-2023/t5"] {
        assert!(c.targets().any(|(_, t)| t.task.as_deref() == Some(task)), "{task} has no target");
    }
}

#[test]
fn each_target_quotes_one_promise() {
    // A quote that holds another target's quote merges two promises (cd-2021/t7 once held
    // 落实《四川省中小学数字校园建设规范》 with its shares).
    let c = catalog();
    for id in DOCS {
        let d = c.document(id).unwrap();
        for a in &d.targets {
            for b in d.targets.iter().filter(|b| b.id != a.id) {
                assert!(!a.quote.contains(b.quote.as_str()), "{}'s quote holds {}'s", a.id, b.id);
            }
        }
    }
    let t = target(&c, "cd-2021/t7/sichuan-digital-campus-standard");
    assert_eq!(t.quote, "落实《四川省中小学数字校园建设规范》");
}
