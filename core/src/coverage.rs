//! Every sentence accounted for: which clauses of a source text the encoded
//! document covers with a target, a baseline or a `not_encoded` entry, and which
//! promise clauses it leaves out.
//!
//! A clause is split and its anchors found by [`crate::clause`]. An anchor (a figure
//! or a deliverable verb) is **covered** when the span of some quote shares at least
//! one character with it, where the quotes are every target's `quote`,
//! `figure_quote` and `restated` quotes, every baseline's `quote` and every
//! `not_encoded` entry's `quote`, each at every place it occurs in the source
//! (whitespace-insensitive). A clause is covered when every one of its anchors is;
//! a clause without anchors promises nothing and needs no cover.
//!
//! While a catalog is being encoded, an [`Allowance`] lists the clauses known to be
//! uncovered; `zhibiao check` fails on an uncovered clause not in it and on an entry
//! that is covered now, so the list can only shrink.

use crate::clause::{self, AnchorKind, Clause};
use crate::model::{Document, NotEncoded, NotEncodedRule};
use crate::text::{compact, SourceText};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The allowance file's name in a catalog directory.
pub const ALLOWANCE_FILE: &str = "coverage-allowance.json";

/// Clauses known to be uncovered, per document: `spec/coverage-allowance.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allowance {
    /// What the file is for (free text).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Document id → uncovered clauses, in reading order.
    pub documents: BTreeMap<String, Vec<AllowedClause>>,
}

/// One clause allowed to stay uncovered for now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AllowedClause {
    /// Line of the clause in the source (for the reader; the clause text is what is matched).
    pub line: usize,
    /// The clause as `zhibiao coverage` prints it (matched whitespace-insensitively).
    pub clause: String,
}

/// What accounts for a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CoverKind {
    /// A target's quote, figure quote or restated quote.
    Target,
    /// A baseline's quote.
    Baseline,
    /// A `not_encoded` entry's quote.
    NotEncoded,
}

/// One quote that overlaps a clause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cover {
    /// Target, baseline or not encoded.
    pub kind: CoverKind,
    /// Target or baseline id; absent for `not_encoded` entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Which field holds the quote: `quote`, `figure_quote` or `restated`.
    pub field: String,
    /// For `not_encoded` entries, the rule of `spec/ENCODING.md` that applies, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<NotEncodedRule>,
    /// For `not_encoded` entries, the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The quote.
    pub quote: String,
}

/// Whether a clause is accounted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClauseStatus {
    /// Every anchor lies in a quote.
    Covered,
    /// Some anchor lies in no quote.
    Uncovered,
    /// Uncovered, and listed in the allowance.
    Allowed,
    /// No figure and no deliverable verb: nothing to account for.
    NoPromise,
}

impl ClauseStatus {
    /// Machine name.
    pub fn code(self) -> &'static str {
        match self {
            ClauseStatus::Covered => "covered",
            ClauseStatus::Uncovered => "uncovered",
            ClauseStatus::Allowed => "allowed",
            ClauseStatus::NoPromise => "no_promise",
        }
    }
}

/// A figure or a deliverable verb of a clause, and whether a quote covers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AnchorCoverage {
    /// The words as written.
    pub text: String,
    /// `figure` or `deliverable`.
    pub kind: String,
    /// Byte offset in the source.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// Some quote shares a character with it.
    pub covered: bool,
}

/// One clause of the source, with what accounts for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClauseCoverage {
    /// 1-based line where the clause starts.
    pub line: usize,
    /// Byte offset in the source.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// The clause, line breaks removed.
    pub text: String,
    /// The clause is a heading.
    pub heading: bool,
    /// Covered, uncovered, allowed or no promise.
    pub status: ClauseStatus,
    /// Its figures and deliverable verbs.
    pub anchors: Vec<AnchorCoverage>,
    /// Every quote that overlaps the clause.
    pub covered_by: Vec<Cover>,
}

/// Counts of a document's clauses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CoverageCounts {
    /// Every clause.
    pub clauses: usize,
    /// Clauses with a figure or a deliverable verb.
    pub promises: usize,
    /// Promise clauses covered.
    pub covered: usize,
    /// Promise clauses uncovered and not allowed.
    pub uncovered: usize,
    /// Promise clauses uncovered but in the allowance.
    pub allowed: usize,
}

/// A document's source, clause by clause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentCoverage {
    /// Document id.
    pub document: String,
    /// Source file.
    pub source: String,
    /// Counts.
    pub counts: CoverageCounts,
    /// Every clause in reading order.
    pub clauses: Vec<ClauseCoverage>,
    /// Allowance entries of this document that match no uncovered clause.
    pub stale_allowance: Vec<AllowedClause>,
}

/// Every quote of a document with the places it occurs.
fn quotes(doc: &Document, src: &SourceText) -> Vec<(Cover, Vec<(usize, usize)>)> {
    let mut out = Vec::new();
    let mut push = |kind, id: Option<&str>, field: &str, not_encoded: Option<&NotEncoded>, quote: &str| {
        let spans = src.find_all(quote);
        out.push((
            Cover {
                kind,
                id: id.map(String::from),
                field: field.into(),
                rule: not_encoded.and_then(|n| n.rule),
                reason: not_encoded.map(|n| n.reason.clone()),
                quote: quote.into(),
            },
            spans,
        ));
    };
    for t in &doc.targets {
        push(CoverKind::Target, Some(&t.id), "quote", None, &t.quote);
        if let Some(f) = &t.figure_quote {
            push(CoverKind::Target, Some(&t.id), "figure_quote", None, f);
        }
        for r in &t.restated {
            push(CoverKind::Target, Some(&t.id), "restated", None, r);
        }
    }
    for b in &doc.baselines {
        push(CoverKind::Baseline, Some(&b.id), "quote", None, &b.quote);
    }
    for n in &doc.not_encoded {
        push(CoverKind::NotEncoded, None, "quote", Some(n), &n.quote);
    }
    out
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The coverage of one document by its own targets, baselines and `not_encoded`
/// entries. `allowed` holds the allowance entries of this document.
pub fn document_coverage(doc: &Document, src: &SourceText, allowed: &[AllowedClause]) -> DocumentCoverage {
    let clauses = clause::split(src);
    let quotes = quotes(doc, src);
    let mut allowed_left: Vec<(String, &AllowedClause)> = allowed.iter().map(|a| (compact(&a.clause), a)).collect();
    let mut counts = CoverageCounts { clauses: clauses.len(), ..CoverageCounts::default() };
    let mut rows = Vec::with_capacity(clauses.len());
    for c in &clauses {
        let row = clause_coverage(src, c, &quotes, &mut allowed_left);
        match row.status {
            ClauseStatus::Covered => counts.covered += 1,
            ClauseStatus::Uncovered => counts.uncovered += 1,
            ClauseStatus::Allowed => counts.allowed += 1,
            ClauseStatus::NoPromise => {}
        }
        if row.status != ClauseStatus::NoPromise {
            counts.promises += 1;
        }
        rows.push(row);
    }
    DocumentCoverage {
        document: doc.id.clone(),
        source: doc.source.clone(),
        counts,
        clauses: rows,
        stale_allowance: allowed_left.into_iter().map(|(_, a)| a.clone()).collect(),
    }
}

fn clause_coverage(
    src: &SourceText,
    c: &Clause,
    quotes: &[(Cover, Vec<(usize, usize)>)],
    allowed_left: &mut Vec<(String, &AllowedClause)>,
) -> ClauseCoverage {
    let span = (c.start, c.end);
    let covered_by: Vec<Cover> = quotes
        .iter()
        .filter(|(_, spans)| spans.iter().any(|&s| overlaps(s, span)))
        .map(|(cover, _)| cover.clone())
        .collect();
    let anchors: Vec<AnchorCoverage> = c
        .anchors
        .iter()
        .map(|a| AnchorCoverage {
            text: clause::join_lines(Clause::anchor_text(src, a)),
            kind: match a.kind {
                AnchorKind::Figure { .. } => "figure".into(),
                AnchorKind::Deliverable { .. } => "deliverable".into(),
            },
            start: a.start,
            end: a.end,
            covered: quotes.iter().any(|(_, spans)| spans.iter().any(|&s| overlaps(s, (a.start, a.end)))),
        })
        .collect();
    let text = c.display(src);
    let status = if anchors.is_empty() {
        ClauseStatus::NoPromise
    } else if anchors.iter().all(|a| a.covered) {
        ClauseStatus::Covered
    } else {
        let key = compact(&text);
        match allowed_left.iter().position(|(k, _)| *k == key) {
            Some(i) => {
                allowed_left.remove(i);
                ClauseStatus::Allowed
            }
            None => ClauseStatus::Uncovered,
        }
    };
    ClauseCoverage {
        line: c.line,
        start: c.start,
        end: c.end,
        text,
        heading: c.heading.is_some(),
        status,
        anchors,
        covered_by,
    }
}

impl DocumentCoverage {
    /// The uncovered clauses (allowed or not) as allowance entries.
    pub fn uncovered_as_allowance(&self) -> Vec<AllowedClause> {
        self.clauses
            .iter()
            .filter(|c| matches!(c.status, ClauseStatus::Uncovered | ClauseStatus::Allowed))
            .map(|c| AllowedClause { line: c.line, clause: c.text.clone() })
            .collect()
    }

    /// The words of a clause's anchors that no quote covers, comma-separated.
    pub fn missing(c: &ClauseCoverage) -> String {
        c.anchors.iter().filter(|a| !a.covered).map(|a| a.text.as_str()).collect::<Vec<_>>().join(", ")
    }
}
