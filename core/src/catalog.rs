//! The catalog: encoded documents plus the indicators they use, validated on load.
//!
//! [`Catalog::builtin`] returns the five documents shipped in `spec/catalog/`,
//! embedded in the crate at compile time. [`Catalog::load_dir`] reads a directory
//! of the same layout, for people encoding new documents.

use crate::coverage::{Allowance, ClauseStatus, DocumentCoverage, ALLOWANCE_FILE};
use crate::model::{Document, Indicator, IndicatorSet, Kind, Responsible, Target, TargetKind, ValueType};
use crate::regions::RegionTable;
use crate::quantity::{self, Quantity};
use crate::text::SourceText;
use crate::Comparator;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// One problem found in catalog data. Each names the file and the id at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// A file could not be read.
    #[error("{file}: cannot read: {message}")]
    Io {
        /// File at fault.
        file: String,
        /// The operating system's message.
        message: String,
    },
    /// A file is not valid JSON for its type.
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        /// File at fault.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the JSON reader said.
        message: String,
    },
    /// Two items share an id.
    #[error("{file}: duplicate id {id:?} (first defined in {first_file})")]
    DuplicateId {
        /// File at fault.
        file: String,
        /// The repeated id.
        id: String,
        /// Where it was first defined.
        first_file: String,
    },
    /// A reference to a section, task, baseline or target that does not exist.
    #[error("{file}: {id}: {field} refers to unknown {reference:?}")]
    UnknownReference {
        /// File at fault.
        file: String,
        /// Item holding the reference.
        id: String,
        /// Field holding the reference.
        field: String,
        /// The unresolved reference.
        reference: String,
    },
    /// A target or baseline uses an indicator not defined in `indicators.json`.
    #[error("{file}: {id}: unknown indicator {indicator:?}")]
    UnknownIndicator {
        /// File at fault.
        file: String,
        /// Item using the indicator.
        id: String,
        /// The undefined indicator.
        indicator: String,
    },
    /// A quote does not occur in the document's source text.
    #[error("{file}: {id}: quote not found in source {source_file}: {quote:?}")]
    QuoteNotFound {
        /// File at fault.
        file: String,
        /// Item holding the quote.
        id: String,
        /// Source text searched.
        source_file: String,
        /// The quote.
        quote: String,
    },
    /// A figure does not agree with what the parser reads from its own quote.
    #[error("{file}: {id}: {what} is {stated} but the quote {quote:?} reads {read}")]
    ValueMismatch {
        /// File at fault.
        file: String,
        /// Target or baseline at fault.
        id: String,
        /// Which figure (`value`, `condition`, `minimum`).
        what: String,
        /// What the data states, e.g. `≥ 90 %`.
        stated: String,
        /// What the parser read from the quote.
        read: String,
        /// The quote.
        quote: String,
    },
    /// A region code that is not in the region table (GB/T 2260).
    #[error("{file}: {id}: {field} {code:?} is not a known GB/T 2260 region code")]
    UnknownRegion {
        /// File at fault.
        file: String,
        /// Item holding the code.
        id: String,
        /// Field holding the code (`jurisdiction`, `scope.region`, `region`).
        field: String,
        /// The unknown code.
        code: String,
    },
    /// A clause of the source with a figure or a deliverable verb that no target,
    /// baseline or `not_encoded` entry covers.
    #[error("{file}: {document}: line {line}: clause not accounted for (uncovered: {missing}): {clause}")]
    UncoveredClause {
        /// Catalog file of the document.
        file: String,
        /// Document id.
        document: String,
        /// 1-based line of the clause in the source text.
        line: usize,
        /// The clause, line breaks removed.
        clause: String,
        /// The figures and verbs of the clause no quote covers.
        missing: String,
    },
    /// An allowance entry that matches no uncovered clause (covered now, or never a clause).
    #[error("{file}: {document}: line {line}: allowance entry is covered now or matches no clause; remove it: {clause}")]
    StaleAllowance {
        /// The allowance file.
        file: String,
        /// Document id of the entry.
        document: String,
        /// Line the entry gives.
        line: usize,
        /// The entry's clause.
        clause: String,
    },
    /// Data that breaks a rule of the model (milestone with a figure, unit not the indicator's …).
    #[error("{file}: {id}: {message}")]
    Invalid {
        /// File at fault.
        file: String,
        /// Item at fault.
        id: String,
        /// What is wrong.
        message: String,
    },
}

impl CatalogError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            CatalogError::Io { .. } => "catalog.io",
            CatalogError::Parse { .. } => "catalog.parse",
            CatalogError::DuplicateId { .. } => "catalog.duplicate_id",
            CatalogError::UnknownReference { .. } => "catalog.unknown_reference",
            CatalogError::UnknownIndicator { .. } => "catalog.unknown_indicator",
            CatalogError::QuoteNotFound { .. } => "catalog.quote_not_found",
            CatalogError::ValueMismatch { .. } => "catalog.value_mismatch",
            CatalogError::UnknownRegion { .. } => "catalog.unknown_region",
            CatalogError::UncoveredClause { .. } => "catalog.uncovered_clause",
            CatalogError::StaleAllowance { .. } => "catalog.stale_allowance",
            CatalogError::Invalid { .. } => "catalog.invalid",
        }
    }
}

/// Every problem found while loading a catalog.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{} problem(s) in catalog:\n{}", .0.len(), .0.iter().map(|e| format!("  [{}] {e}", e.code())).collect::<Vec<_>>().join("\n"))]
pub struct CatalogErrors(pub Vec<CatalogError>);

/// The encoded documents and their indicators.
#[derive(Debug, Clone)]
pub struct Catalog {
    documents: Vec<Document>,
    indicators: Vec<Indicator>,
    sources: HashMap<String, SourceText>,
    indicator_index: HashMap<String, usize>,
    target_index: HashMap<String, (usize, usize)>,
    /// Document id → the catalog file it was read from.
    files: HashMap<String, String>,
    allowance: Option<Allowance>,
}

/// Files embedded in the crate: (file name, contents).
const BUILTIN_DOCUMENTS: &[(&str, &str)] = &[
    ("moe-2019.json", include_str!("../../spec/catalog/moe-2019.json")),
    ("bj-plan-2021.json", include_str!("../../spec/catalog/bj-plan-2021.json")),
    ("cd-2021.json", include_str!("../../spec/catalog/cd-2021.json")),
    ("bj-2023.json", include_str!("../../spec/catalog/bj-2023.json")),
    ("sn-2023.json", include_str!("../../spec/catalog/sn-2023.json")),
];

const BUILTIN_INDICATORS: &[(&str, &str)] = &[
    ("common.json", include_str!("../../spec/indicators/common.json")),
    ("moe-2019.json", include_str!("../../spec/indicators/moe-2019.json")),
    ("bj-plan-2021.json", include_str!("../../spec/indicators/bj-plan-2021.json")),
    ("cd-2021.json", include_str!("../../spec/indicators/cd-2021.json")),
    ("bj-2023.json", include_str!("../../spec/indicators/bj-2023.json")),
    ("sn-2023.json", include_str!("../../spec/indicators/sn-2023.json")),
];

const BUILTIN_SOURCES: &[(&str, &str)] = &[
    ("000_565d2e4caf4f7b3f.txt", include_str!("../../spec/sources/000_565d2e4caf4f7b3f.txt")),
    ("001_3dd32618b4a6c3f5.txt", include_str!("../../spec/sources/001_3dd32618b4a6c3f5.txt")),
    ("002_d09a9ac80a01bf05.txt", include_str!("../../spec/sources/002_d09a9ac80a01bf05.txt")),
    ("003_002fb2da8df4b596.txt", include_str!("../../spec/sources/003_002fb2da8df4b596.txt")),
    ("004_e32bbb3ad4ff09bd.txt", include_str!("../../spec/sources/004_e32bbb3ad4ff09bd.txt")),
];

/// Clauses of the built-in texts not yet accounted for (shrinks to nothing).
const BUILTIN_ALLOWANCE: &str = include_str!("../../spec/coverage-allowance.json");

/// The generic indicator milestones use when no more specific one is shared.
pub const MILESTONE_INDICATOR: &str = "milestone.done";

impl Catalog {
    /// The five built-in documents. They are validated by the test suite, so this
    /// cannot fail at run time; should the embedded data ever be broken, the
    /// problems are returned rather than panicking.
    pub fn builtin() -> Result<Catalog, CatalogErrors> {
        let mut c = Catalog::from_sources(
            BUILTIN_DOCUMENTS.iter().map(|(f, t)| (f.to_string(), t.to_string())).collect(),
            BUILTIN_INDICATORS.iter().map(|(f, t)| (format!("indicators/{f}"), t.to_string())).collect(),
            BUILTIN_SOURCES.iter().map(|(f, t)| (f.to_string(), t.to_string())).collect(),
        )?;
        c.set_allowance_json(ALLOWANCE_FILE, BUILTIN_ALLOWANCE)?;
        Ok(c)
    }

    /// Reads an allowance of uncovered clauses (the format of `spec/coverage-allowance.json`)
    /// that [`Catalog::coverage_problems`] will accept for now.
    pub fn set_allowance_json(&mut self, file: &str, json: &str) -> Result<(), CatalogErrors> {
        let mut errors = Vec::new();
        match parse_json::<Allowance>(file, json, &mut errors) {
            Some(a) => {
                self.allowance = Some(a);
                Ok(())
            }
            None => Err(CatalogErrors(errors)),
        }
    }

    /// The allowance of uncovered clauses, if the catalog has one.
    pub fn allowance(&self) -> Option<&Allowance> {
        self.allowance.as_ref()
    }

    /// Loads a directory laid out like `spec/`: `catalog/*.json`, `indicators/*.json`
    /// and `sources/*.txt`.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Catalog, CatalogErrors> {
        let dir = dir.as_ref();
        let mut errors = Vec::new();
        let read = |p: &Path, errors: &mut Vec<CatalogError>| match std::fs::read_to_string(p) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.push(CatalogError::Io { file: p.display().to_string(), message: e.to_string() });
                None
            }
        };
        let list = |sub: &str, ext: &str, errors: &mut Vec<CatalogError>| -> Vec<(String, String)> {
            let path = dir.join(sub);
            let entries = match std::fs::read_dir(&path) {
                Ok(e) => e,
                Err(e) => {
                    errors.push(CatalogError::Io { file: path.display().to_string(), message: e.to_string() });
                    return Vec::new();
                }
            };
            let mut files: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .collect();
            files.sort();
            files
                .iter()
                .filter_map(|p| {
                    let name = p.file_name()?.to_string_lossy().to_string();
                    read(p, errors).map(|t| (name, t))
                })
                .collect()
        };
        let docs = list("catalog", "json", &mut errors);
        let sources = list("sources", "txt", &mut errors);
        let indicators = list("indicators", "json", &mut errors)
            .into_iter()
            .map(|(f, t)| (format!("indicators/{f}"), t))
            .collect();
        let allowance_path = dir.join(ALLOWANCE_FILE);
        let allowance = if allowance_path.exists() { read(&allowance_path, &mut errors) } else { None };
        if !errors.is_empty() {
            return Err(CatalogErrors(errors));
        }
        let mut c = Catalog::from_sources(docs, indicators, sources)?;
        if let Some(json) = allowance {
            c.set_allowance_json(&allowance_path.display().to_string(), &json)?;
        }
        Ok(c)
    }

    /// Builds and validates a catalog from file contents: documents and indicator
    /// files as `(file name, JSON)`, and source texts as `(file name, text)`.
    pub fn from_sources(
        documents: Vec<(String, String)>,
        indicators: Vec<(String, String)>,
        sources: Vec<(String, String)>,
    ) -> Result<Catalog, CatalogErrors> {
        let mut errors = Vec::new();
        let mut indicator_files = Vec::new();
        for (file, text) in &indicators {
            if let Some(set) = parse_json::<IndicatorSet>(file, text, &mut errors) {
                indicator_files.extend(set.indicators.into_iter().map(|i| (file.clone(), i)));
            }
        }
        let mut docs = Vec::new();
        let mut files = Vec::new();
        for (file, text) in &documents {
            if let Some(doc) = parse_json::<Document>(file, text, &mut errors) {
                docs.push(doc);
                files.push(file.clone());
            }
        }
        let sources: HashMap<String, SourceText> =
            sources.into_iter().map(|(f, t)| (f, SourceText::new(t))).collect();
        validate(&docs, &files, &indicator_files, &sources, &mut errors);
        let indicators: Vec<Indicator> = indicator_files.into_iter().map(|(_, i)| i).collect();
        if !errors.is_empty() {
            return Err(CatalogErrors(errors));
        }
        let indicator_index = indicators.iter().enumerate().map(|(i, x)| (x.id.clone(), i)).collect();
        let target_index = docs
            .iter()
            .enumerate()
            .flat_map(|(d, doc)| doc.targets.iter().enumerate().map(move |(t, x)| (x.id.clone(), (d, t))))
            .collect();
        let files = docs.iter().zip(files).map(|(d, f)| (d.id.clone(), f)).collect();
        Ok(Catalog { documents: docs, indicators, sources, indicator_index, target_index, files, allowance: None })
    }

    /// Documents in chronological order of their period.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// A document by id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// Every indicator.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// An indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicator_index.get(id).map(|&i| &self.indicators[i])
    }

    /// Every target of every document.
    pub fn targets(&self) -> impl Iterator<Item = (&Document, &Target)> {
        self.documents.iter().flat_map(|d| d.targets.iter().map(move |t| (d, t)))
    }

    /// A target and its document by target id.
    pub fn target(&self, id: &str) -> Option<(&Document, &Target)> {
        let &(d, t) = self.target_index.get(id)?;
        Some((&self.documents[d], &self.documents[d].targets[t]))
    }

    /// The source text of a document.
    pub fn source(&self, document: &Document) -> Option<&SourceText> {
        self.sources.get(&document.source)
    }

    /// Byte range of a quote in a document's source text.
    pub fn locate(&self, document: &Document, quote: &str) -> Option<(usize, usize)> {
        self.source(document)?.find(quote)
    }

    /// How a document's source is accounted for, clause by clause (see [`crate::coverage`]).
    pub fn coverage(&self, document: &str) -> Option<DocumentCoverage> {
        let d = self.document(document)?;
        let src = self.source(d)?;
        let allowed = self.allowance.as_ref().and_then(|a| a.documents.get(&d.id)).map_or(&[][..], Vec::as_slice);
        Some(crate::coverage::document_coverage(d, src, allowed))
    }

    /// Every promise clause no target, baseline or `not_encoded` entry covers, less
    /// those the allowance lists; and every allowance entry that is covered now.
    /// Empty when every sentence is accounted for.
    pub fn coverage_problems(&self) -> Vec<CatalogError> {
        let mut out = Vec::new();
        let allowance_file = ALLOWANCE_FILE.to_string();
        for d in &self.documents {
            let Some(cov) = self.coverage(&d.id) else { continue };
            let file = self.files.get(&d.id).cloned().unwrap_or_else(|| format!("{}.json", d.id));
            for c in cov.clauses.iter().filter(|c| c.status == ClauseStatus::Uncovered) {
                out.push(CatalogError::UncoveredClause {
                    file: file.clone(),
                    document: d.id.clone(),
                    line: c.line,
                    clause: c.text.clone(),
                    missing: DocumentCoverage::missing(c),
                });
            }
            for a in cov.stale_allowance {
                out.push(CatalogError::StaleAllowance {
                    file: allowance_file.clone(),
                    document: d.id.clone(),
                    line: a.line,
                    clause: a.clause,
                });
            }
        }
        if let Some(a) = &self.allowance {
            for (doc, entries) in &a.documents {
                if self.document(doc).is_none() {
                    for e in entries {
                        out.push(CatalogError::StaleAllowance {
                            file: allowance_file.clone(),
                            document: doc.clone(),
                            line: e.line,
                            clause: e.clause.clone(),
                        });
                    }
                }
            }
        }
        out
    }

    /// Every responsible unit named in any task, with the tasks naming it.
    pub fn units(&self) -> BTreeMap<String, Vec<(&Document, &crate::model::Task)>> {
        let mut map: BTreeMap<String, Vec<_>> = BTreeMap::new();
        for d in &self.documents {
            for t in &d.tasks {
                for u in t.responsible.all_units() {
                    map.entry(u.to_string()).or_default().push((d, t));
                }
            }
        }
        map
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(file: &str, text: &str, errors: &mut Vec<CatalogError>) -> Option<T> {
    match serde_json::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(CatalogError::Parse {
                file: file.to_string(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            });
            None
        }
    }
}

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn describe(cmp: Comparator, value: f64, unit: &str) -> String {
    format!("{} {} {}", cmp.symbol(), fmt_num(value), unit)
}

/// Formats a number without a trailing `.0`.
pub fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn read_list(qs: &[Quantity]) -> String {
    if qs.is_empty() {
        "no quantity".into()
    } else {
        qs.iter().map(|q| describe(q.comparator, q.value, &q.unit)).collect::<Vec<_>>().join(", ")
    }
}

struct Ctx<'a> {
    file: &'a str,
    errors: &'a mut Vec<CatalogError>,
    regions: &'a RegionTable,
}

impl Ctx<'_> {
    /// Reports a code missing from the region table; true when the code is known.
    fn region(&mut self, id: &str, field: &str, code: &str) -> bool {
        if self.regions.index(code).is_some() {
            return true;
        }
        self.errors.push(CatalogError::UnknownRegion {
            file: self.file.into(),
            id: id.into(),
            field: field.into(),
            code: code.into(),
        });
        false
    }
    /// Whether region `inner` is `outer` or lies below it (false when either is unknown).
    fn within(&self, inner: &str, outer: &str) -> bool {
        match (self.regions.index(inner), self.regions.index(outer)) {
            (Some(i), Some(o)) => self.regions.is_within(i, o),
            _ => false,
        }
    }
    fn invalid(&mut self, id: &str, message: impl Into<String>) {
        self.errors.push(CatalogError::Invalid { file: self.file.into(), id: id.into(), message: message.into() });
    }
    fn unknown_ref(&mut self, id: &str, field: &str, reference: &str) {
        self.errors.push(CatalogError::UnknownReference {
            file: self.file.into(),
            id: id.into(),
            field: field.into(),
            reference: reference.into(),
        });
    }
    fn quote(&mut self, id: &str, source: Option<&SourceText>, source_file: &str, quote: &str) {
        if let Some(src) = source {
            if src.find(quote).is_none() {
                self.errors.push(CatalogError::QuoteNotFound {
                    file: self.file.into(),
                    id: id.into(),
                    source_file: source_file.into(),
                    quote: quote.into(),
                });
            }
        }
    }
    fn figure(&mut self, id: &str, what: &str, text: &str, cmp: Comparator, value: f64, unit: &str) {
        let read = quantity::parse_all(text);
        let found = read.iter().any(|q| q.comparator == cmp && same_value(q.value, value) && q.unit == unit);
        if !found {
            self.errors.push(CatalogError::ValueMismatch {
                file: self.file.into(),
                id: id.into(),
                what: what.into(),
                stated: describe(cmp, value, unit),
                read: read_list(&read),
                quote: text.into(),
            });
        }
    }
}

fn validate(
    docs: &[Document],
    files: &[String],
    indicators: &[(String, Indicator)],
    sources: &HashMap<String, SourceText>,
    errors: &mut Vec<CatalogError>,
) {
    let mut ind: HashMap<&str, &Indicator> = HashMap::new();
    let mut ind_file: HashMap<&str, &str> = HashMap::new();
    for (indicator_file, i) in indicators {
        if let Some(first) = ind_file.get(i.id.as_str()) {
            errors.push(CatalogError::DuplicateId {
                file: indicator_file.clone(),
                id: i.id.clone(),
                first_file: first.to_string(),
            });
        } else {
            ind.insert(&i.id, i);
            ind_file.insert(&i.id, indicator_file);
        }
        let unit_ok = match i.value_type {
            ValueType::Percent => i.unit == "%",
            ValueType::Boolean => i.unit.is_empty(),
            ValueType::Number | ValueType::Count => !i.unit.is_empty(),
        };
        if !unit_ok {
            errors.push(CatalogError::Invalid {
                file: indicator_file.clone(),
                id: i.id.clone(),
                message: format!("unit {:?} does not fit value type {:?}", i.unit, i.value_type),
            });
        }
    }

    // Ids are unique across the whole catalog.
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut all_targets: HashMap<&str, &Target> = HashMap::new();
    for (doc, file) in docs.iter().zip(files) {
        let mut claim = |id: &str, errors: &mut Vec<CatalogError>| {
            if let Some(first) = seen.get(id) {
                errors.push(CatalogError::DuplicateId { file: file.clone(), id: id.into(), first_file: first.clone() });
            } else {
                seen.insert(id.to_string(), file.clone());
            }
        };
        claim(&doc.id, errors);
        for s in &doc.sections {
            claim(&s.id, errors);
        }
        for t in &doc.tasks {
            claim(&t.id, errors);
        }
        for t in &doc.targets {
            claim(&t.id, errors);
            all_targets.insert(&t.id, t);
        }
        for b in &doc.baselines {
            claim(&b.id, errors);
        }
    }

    let regions = RegionTable::builtin();
    for (doc, file) in docs.iter().zip(files) {
        let mut cx = Ctx { file, errors, regions: &regions };
        let source = sources.get(&doc.source);
        if source.is_none() {
            cx.unknown_ref(&doc.id, "source", &doc.source);
        }
        cx.region(&doc.id, "jurisdiction", &doc.jurisdiction);
        if doc.period.end < doc.period.start {
            cx.invalid(&doc.id, "period ends before it starts");
        }
        let prefix = format!("{}/", doc.id);
        let sections: HashSet<&str> = doc.sections.iter().map(|s| s.id.as_str()).collect();
        let tasks: HashMap<&str, &crate::model::Task> = doc.tasks.iter().map(|t| (t.id.as_str(), t)).collect();
        let baselines: HashMap<&str, &crate::model::Baseline> =
            doc.baselines.iter().map(|b| (b.id.as_str(), b)).collect();

        for s in &doc.sections {
            if !s.id.starts_with(&prefix) {
                cx.invalid(&s.id, format!("id must start with {prefix:?}"));
            }
            if let Some(p) = &s.parent {
                if !sections.contains(p.as_str()) {
                    cx.unknown_ref(&s.id, "parent", p);
                }
            }
            cx.quote(&s.id, source, &doc.source, &s.title);
        }
        for t in &doc.tasks {
            if !t.id.starts_with(&prefix) {
                cx.invalid(&t.id, format!("id must start with {prefix:?}"));
            }
            if !sections.contains(t.section.as_str()) {
                cx.unknown_ref(&t.id, "section", &t.section);
            }
            cx.quote(&t.id, source, &doc.source, &t.quote);
            match &t.responsible {
                Responsible::LeadAndPartners { lead, .. } if lead.is_empty() => {
                    cx.invalid(&t.id, "lead_and_partners with no lead unit")
                }
                Responsible::Listed { units } if units.is_empty() => cx.invalid(&t.id, "listed with no units"),
                _ => {}
            }
            if t.responsible.all_units().iter().any(|u| u.trim().is_empty() || *u != u.trim()) {
                cx.invalid(&t.id, "a responsible unit is empty or has surrounding spaces");
            }
        }
        for b in &doc.baselines {
            if !b.id.starts_with(&prefix) {
                cx.invalid(&b.id, format!("id must start with {prefix:?}"));
            }
            match ind.get(b.indicator.as_str()) {
                None => cx.errors.push(CatalogError::UnknownIndicator {
                    file: file.clone(),
                    id: b.id.clone(),
                    indicator: b.indicator.clone(),
                }),
                Some(i) if i.unit != b.unit && i.value_type != ValueType::Boolean => {
                    cx.invalid(&b.id, format!("unit {:?} is not the indicator's unit {:?}", b.unit, i.unit))
                }
                Some(_) => {}
            }
            cx.quote(&b.id, source, &doc.source, &b.quote);
            cx.figure(&b.id, "value", &b.quote, b.comparator, b.value, &b.unit);
            cx.region(&b.id, "region", &b.region);
        }
        for t in &doc.targets {
            validate_target(&mut cx, doc, t, &prefix, source, &sections, &tasks, &baselines, &ind, &all_targets);
        }
        for n in &doc.not_encoded {
            cx.quote(&format!("{}/not_encoded", doc.id), source, &doc.source, &n.quote);
            if n.reason.trim().is_empty() {
                cx.invalid(&format!("{}/not_encoded", doc.id), format!("no reason given for {:?}", n.quote));
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn validate_target(
    cx: &mut Ctx<'_>,
    doc: &Document,
    t: &Target,
    prefix: &str,
    source: Option<&SourceText>,
    sections: &HashSet<&str>,
    tasks: &HashMap<&str, &crate::model::Task>,
    baselines: &HashMap<&str, &crate::model::Baseline>,
    ind: &HashMap<&str, &Indicator>,
    all_targets: &HashMap<&str, &Target>,
) {
    let id = t.id.as_str();
    if !t.id.starts_with(prefix) {
        cx.invalid(id, format!("id must start with {prefix:?}"));
    }
    if !sections.contains(t.section.as_str()) {
        cx.unknown_ref(id, "section", &t.section);
    }
    if let Some(task) = &t.task {
        match tasks.get(task.as_str()) {
            None => cx.unknown_ref(id, "task", task),
            Some(tk) if tk.section != t.section => cx.invalid(
                id,
                format!("section {:?} differs from its task's section {:?}", t.section, tk.section),
            ),
            Some(_) => {}
        }
    }
    cx.quote(id, source, &doc.source, &t.quote);
    for r in &t.restated {
        cx.quote(id, source, &doc.source, r);
    }
    if let Some(f) = &t.figure_quote {
        cx.quote(id, source, &doc.source, f);
    }
    if cx.region(id, "scope.region", &t.scope.region) && !cx.within(&t.scope.region, &doc.jurisdiction) {
        cx.invalid(
            id,
            format!("scope.region {:?} lies outside the document's jurisdiction {:?}", t.scope.region, doc.jurisdiction),
        );
    }
    if t.deadline < doc.period.start {
        cx.invalid(id, format!("deadline {} is before the document's period starts", t.deadline));
    }
    let indicator = ind.get(t.indicator.as_str()).copied();
    if indicator.is_none() {
        cx.errors.push(CatalogError::UnknownIndicator {
            file: cx.file.into(),
            id: id.into(),
            indicator: t.indicator.clone(),
        });
    }
    if let Some(b) = &t.baseline {
        match baselines.get(b.as_str()) {
            None => cx.unknown_ref(id, "baseline", b),
            Some(base) if base.indicator != t.indicator && t.kind != Kind::Share => {
                cx.invalid(id, format!("baseline {b:?} measures {:?}, not {:?}", base.indicator, t.indicator))
            }
            Some(_) => {}
        }
    }
    if let Some(c) = &t.contributes_to {
        match all_targets.get(c.as_str()) {
            None => cx.unknown_ref(id, "contributes_to", c),
            Some(other) if other.indicator != t.indicator => cx.invalid(
                id,
                format!("contributes_to {c:?} measures {:?}, not {:?}", other.indicator, t.indicator),
            ),
            // A step toward another target counts toward it: its region lies within the other's.
            Some(other) if !cx.within(&t.scope.region, &other.scope.region) => cx.invalid(
                id,
                format!(
                    "contributes_to {c:?} is about region {:?}, which does not contain this target's region {:?}",
                    other.scope.region, t.scope.region
                ),
            ),
            Some(_) => {}
        }
    }
    let quote_with_figure = match &t.figure_quote {
        Some(f) => format!("{} {}", t.quote, f),
        None => t.quote.clone(),
    };
    if quantity::is_soft(&t.quote) && !t.soft {
        cx.invalid(id, "the quote carries a soft marker (原则上, 探索, 力争 …) but soft is false");
    }
    let extra_ok = match t.kind {
        Kind::Share => t.condition.is_some() && t.count_mode.is_none() && t.window_years.is_none(),
        Kind::PerUnitMinimum => t.condition.is_some() && t.count_mode.is_none() && t.window_years.is_some(),
        Kind::Count => t.condition.is_none() && t.count_mode.is_some() && t.window_years.is_none(),
        Kind::Level | Kind::Milestone => t.condition.is_none() && t.count_mode.is_none() && t.window_years.is_none(),
    };
    if !extra_ok {
        cx.invalid(
            id,
            format!(
                "kind {} needs {}",
                t.kind.name(),
                match t.kind {
                    Kind::Share => "`condition` and nothing else kind-specific",
                    Kind::PerUnitMinimum => "`condition` and `window_years`",
                    Kind::Count => "`count_mode` and no `condition`",
                    _ => "no `condition`, `count_mode` or `window_years`",
                }
            ),
        );
        return;
    }
    let Some(spec) = t.spec() else { return };
    match (&spec, t.comparator, t.value, &t.unit) {
        (TargetKind::Milestone, None, None, None) => {
            if indicator.is_some_and(|i| i.value_type != ValueType::Boolean) {
                cx.invalid(id, "a milestone's indicator must be yes/no");
            }
        }
        (TargetKind::Milestone, ..) => cx.invalid(id, "a milestone has no comparator, value or unit"),
        (kind, Some(cmp), Some(value), Some(unit)) => {
            if t.approximate != (cmp == Comparator::About) {
                cx.invalid(id, "approximate must be true exactly when the comparator is `about`");
            }
            if t.implicit_all {
                let fits = matches!(t.kind, Kind::Share | Kind::PerUnitMinimum)
                    && cmp == Comparator::Reach
                    && value == 100.0;
                if !fits {
                    cx.invalid(id, "implicit_all is only for share or per-unit-minimum targets of `reach 100 %`");
                }
            } else {
                cx.figure(id, "value", &quote_with_figure, cmp, value, unit);
            }
            match kind {
                TargetKind::Share { condition } | TargetKind::PerUnitMinimum { minimum: condition, .. } => {
                    if unit != "%" || !(0.0..=100.0).contains(&value) {
                        cx.invalid(id, "a share or coverage target is a percentage between 0 and 100");
                    }
                    match ind.get(condition.indicator.as_str()) {
                        None => cx.errors.push(CatalogError::UnknownIndicator {
                            file: cx.file.into(),
                            id: id.into(),
                            indicator: condition.indicator.clone(),
                        }),
                        Some(ci) => {
                            if ci.entity == crate::model::EntityKind::Region {
                                cx.invalid(id, "a condition is measured on units (schools, classes, people), not regions");
                            }
                            if ci.value_type == ValueType::Boolean {
                                if condition.value != 1.0 || condition.comparator != Comparator::Reach {
                                    cx.invalid(id, "a yes/no condition is `reach 1`");
                                }
                            } else {
                                if condition.unit != ci.unit {
                                    cx.invalid(
                                        id,
                                        format!("condition unit {:?} is not the indicator's {:?}", condition.unit, ci.unit),
                                    );
                                }
                                let what = if t.kind == Kind::Share { "condition" } else { "minimum" };
                                cx.figure(id, what, &quote_with_figure, condition.comparator, condition.value, &condition.unit);
                            }
                        }
                    }
                    if let TargetKind::PerUnitMinimum { window_years, .. } = kind {
                        if *window_years == 0 {
                            cx.invalid(id, "window_years must be at least 1");
                        }
                    }
                }
                TargetKind::Level | TargetKind::Count { .. } => {
                    if let Some(i) = indicator {
                        let fits = match kind {
                            TargetKind::Count { .. } => {
                                i.value_type == ValueType::Boolean || (i.value_type == ValueType::Count && i.unit == *unit)
                            }
                            _ => i.unit == *unit && i.value_type != ValueType::Boolean,
                        };
                        if !fits {
                            cx.invalid(
                                id,
                                format!(
                                    "unit {unit:?} does not fit indicator {:?} ({:?}, unit {:?})",
                                    i.id, i.value_type, i.unit
                                ),
                            );
                        }
                    }
                }
                TargetKind::Milestone => {}
            }
        }
        _ => cx.invalid(id, "comparator, value and unit are required for every kind but milestone"),
    }
}

/// One target as the stable, flat JSON row printed by `zhibiao targets --format json`.
///
/// Field names and meanings are part of the public interface; new fields may be
/// added, existing ones are not renamed or removed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct TargetRow {
    /// Target id.
    pub id: String,
    /// Document id.
    pub document: String,
    /// Task id, or null for goals stated outside any task.
    pub task: Option<String>,
    /// Task number as written, or null.
    pub task_number: Option<String>,
    /// Section id.
    pub section: String,
    /// Kind: `share`, `level`, `count`, `per_unit_minimum` or `milestone`.
    pub kind: String,
    /// Indicator id.
    pub indicator: String,
    /// Comparator (`at_least`, `more_than`, `at_most`, `less_than`, `about`, `reach`), null for milestones.
    pub comparator: Option<Comparator>,
    /// The figure, null for milestones.
    pub value: Option<f64>,
    /// Unit of the figure, null for milestones.
    pub unit: Option<String>,
    /// For share and per-unit-minimum targets, what each unit must satisfy.
    pub condition: Option<crate::model::Condition>,
    /// For count targets, `cumulative` or `new`.
    pub count_mode: Option<crate::model::CountMode>,
    /// For per-unit-minimum targets, the coverage window in years.
    pub window_years: Option<u32>,
    /// Due date (ISO 8601).
    pub deadline: chrono::NaiveDate,
    /// Scope: region, stages, area class, population.
    pub scope: crate::model::Scope,
    /// Chinese label.
    pub label: String,
    /// English label.
    pub label_en: String,
    /// Approximate figure (左右, 约).
    pub approximate: bool,
    /// Soft promise (原则上, 探索).
    pub soft: bool,
    /// Responsible units of the task, as the text lists them.
    pub responsible: Responsible,
    /// Verbatim quote.
    pub quote: String,
    /// Where the figure is stated apart from the promise, the verbatim words that state it.
    pub figure_quote: Option<String>,
    /// Byte offsets `[start, end)` of the quote in the source text.
    pub quote_span: Option<(usize, usize)>,
    /// 1-based line of the quote in the source text.
    pub quote_line: Option<usize>,
    /// Target id this one is a step toward.
    pub contributes_to: Option<String>,
}

impl Catalog {
    /// Flat rows for every target, optionally only those of one document.
    pub fn target_rows(&self, document: Option<&str>) -> Vec<TargetRow> {
        self.targets()
            .filter(|(d, _)| document.is_none_or(|id| d.id == id))
            .map(|(d, t)| {
                let task = t.task.as_deref().and_then(|id| d.tasks.iter().find(|x| x.id == id));
                let span = self.locate(d, &t.quote);
                let line = span.and_then(|(s, _)| self.source(d).map(|src| src.line_of(s)));
                TargetRow {
                    id: t.id.clone(),
                    document: d.id.clone(),
                    task: t.task.clone(),
                    task_number: task.and_then(|x| x.number.clone()),
                    section: t.section.clone(),
                    kind: t.kind.name().to_string(),
                    indicator: t.indicator.clone(),
                    comparator: t.comparator,
                    value: t.value,
                    unit: t.unit.clone(),
                    condition: t.condition.clone(),
                    count_mode: t.count_mode,
                    window_years: t.window_years,
                    deadline: t.deadline,
                    scope: t.scope.clone(),
                    label: t.label.clone(),
                    label_en: t.label_en.clone(),
                    approximate: t.approximate,
                    soft: t.soft,
                    responsible: task.map_or(Responsible::NotStated, |x| x.responsible.clone()),
                    quote: t.quote.clone(),
                    figure_quote: t.figure_quote.clone(),
                    quote_span: span,
                    quote_line: line,
                    contributes_to: t.contributes_to.clone(),
                }
            })
            .collect()
    }
}
