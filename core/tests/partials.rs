//! Partial results that merge (core/src/partial.rs, METHODOLOGY §12): the observations
//! split into k random partitions by entity, a partial of each, merged and judged, give
//! the JSON `evaluate` gives, on the conformance vectors, the built-in sample and the
//! generated data of scale S; their columnar form reads back to the same partials; a
//! wrong partitioning is refused or shown to change the answer.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use zhibiao::partial::{finalize, partial, Partials};
use zhibiao::{evaluate, Catalog, Dataset, DatasetBuilder, EntityRecord, EvalOptions, ObservationRecord};

/// A deterministic hash of a text and a seed (FNV-1a).
fn hash(s: &str, seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

fn build(catalog: &Catalog, entities: &[EntityRecord], observations: Vec<ObservationRecord>) -> Dataset {
    let mut b = DatasetBuilder::new(catalog);
    b.extend_entities(entities.to_vec());
    b.extend_observations(observations);
    b.build().0
}

/// The JSON of an evaluation, or its error code.
fn json(r: Result<zhibiao::Evaluation, zhibiao::eval::EvalError>) -> String {
    match r {
        Ok(e) => serde_json::to_string(&e).unwrap(),
        Err(e) => format!("error {}", e.code()),
    }
}

/// Partials of `k` partitions (`part` says which partition a row goes to), merged.
fn merged(catalog: &Catalog, entities: &[EntityRecord], observations: &[ObservationRecord], options: &EvalOptions, k: u64, part: impl Fn(usize, &ObservationRecord) -> u64) -> Result<Partials, zhibiao::eval::EvalError> {
    let mut out: Option<Partials> = None;
    for i in 0..k {
        let rows: Vec<ObservationRecord> = observations.iter().enumerate().filter(|(n, o)| part(*n, o) % k == i).map(|(_, o)| o.clone()).collect();
        let p = partial(catalog, &build(catalog, entities, rows), options)?;
        match out.as_mut() {
            None => out = Some(p),
            Some(m) => m.merge(p)?,
        }
    }
    Ok(out.unwrap())
}

/// Partial per entity partition, merge, finalize = evaluate, for k = 1, 2, 7; and the
/// columnar form of the merged partials reads back to them.
fn check_partitions(name: &str, catalog: &Catalog, entities: &[EntityRecord], observations: &[ObservationRecord], options: &EvalOptions) {
    let whole = build(catalog, entities, observations.to_vec());
    let expected = json(evaluate(catalog, &whole, options));
    let only_entities = build(catalog, entities, Vec::new());
    for k in [1u64, 2, 7] {
        let seed = k * 31 + name.len() as u64;
        let p = merged(catalog, entities, observations, options, k, |_, o| hash(&o.entity_id, seed));
        let got = json(p.as_ref().map_err(Clone::clone).and_then(|p| finalize(catalog, &only_entities, p, options)));
        assert!(got == expected, "{name}: k = {k}: partial → merge → finalize differs from evaluate\n{}", first_difference(&got, &expected));
        if let Ok(p) = p {
            let back = Partials::from_columns(&p.to_columns(), &only_entities).unwrap();
            assert!(back == p, "{name}: k = {k}: the columnar form does not read back to the same partials");
        }
    }
}

fn first_difference(a: &str, b: &str) -> String {
    let at = a.bytes().zip(b.bytes()).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let from = at.saturating_sub(200);
    format!("got      …{}\nexpected …{}", a.get(from..(at + 200).min(a.len())).unwrap_or(""), b.get(from..(at + 200).min(b.len())).unwrap_or(""))
}

#[test]
fn entity_partitions_give_the_evaluation_on_every_vector() {
    let builtin = Catalog::builtin().unwrap();
    for case in common::vector_cases() {
        check_partitions(&case.name, case.catalog.as_ref().unwrap_or(&builtin), &case.entities, &case.observations, &case.options);
    }
}

#[test]
fn entity_partitions_give_the_evaluation_on_the_sample() {
    let catalog = Catalog::builtin().unwrap();
    let s = zhibiao::sample::generate(&catalog, 42);
    for as_of in ["2024-12-31", "2022-06-30", "2060-01-01"] {
        let options = EvalOptions::new(as_of.parse().unwrap());
        check_partitions(&format!("sample at {as_of}"), &catalog, &s.entities, &s.observations, &options);
    }
}

/// Collects generated records.
#[derive(Default)]
struct Records {
    entities: Vec<EntityRecord>,
    observations: Vec<ObservationRecord>,
}

impl zhibiao::synth::Sink for Records {
    fn entity(&mut self, f: [&str; 8]) -> std::io::Result<()> {
        let s = |i: usize| f[i].to_string();
        self.entities.push(EntityRecord { entity_id: s(0), kind: s(1), name: s(2), region_code: s(3), parent_id: s(4), stage: s(5), area_class: s(6), role: s(7) });
        Ok(())
    }
    fn observation(&mut self, f: [&str; 5]) -> std::io::Result<()> {
        let s = |i: usize| f[i].to_string();
        self.observations.push(ObservationRecord {
            entity_id: s(0),
            indicator: s(1),
            period: s(2),
            value: s(3),
            source: s(4),
            numerator: String::new(),
            denominator: String::new(),
            count_basis: String::new(),
        });
        Ok(())
    }
}

#[test]
fn entity_partitions_give_the_evaluation_at_scale_s() {
    let catalog = Catalog::builtin().unwrap();
    let mut r = Records::default();
    zhibiao::synth::generate(&catalog, zhibiao::synth::Scale::S, zhibiao::synth::DEFAULT_SEED, &mut r).unwrap();
    let options = EvalOptions::new("2024-12-31".parse().unwrap());
    check_partitions("scale S", &catalog, &r.entities, &r.observations, &options);
}

/// Rows of one unit in two partitions count it twice (the counts cannot tell), which
/// is why the partitioning must keep a unit's rows together; rows of one region entity
/// in two partials are refused.
#[test]
fn a_wrong_partitioning_changes_the_answer_or_is_refused() {
    let catalog = Catalog::builtin().unwrap();
    let s = zhibiao::sample::generate(&catalog, 42);
    let options = EvalOptions::new("2024-12-31".parse().unwrap());
    let whole = build(&catalog, &s.entities, s.observations.clone());
    let expected = json(evaluate(&catalog, &whole, &options));
    let only_entities = build(&catalog, &s.entities, Vec::new());
    let region_ids: std::collections::HashSet<&str> = s.observations.iter().map(|o| o.entity_id.as_str()).filter(|id| id.len() == 6 && id.bytes().all(|b| b.is_ascii_digit())).collect();
    // Units' rows split by row, region entities' rows kept together.
    let by_row = merged(&catalog, &s.entities, &s.observations, &options, 2, |n, o| if region_ids.contains(o.entity_id.as_str()) { 0 } else { n as u64 }).unwrap();
    let got = json(finalize(&catalog, &only_entities, &by_row, &options));
    assert_ne!(got, expected, "rows of one unit in two partitions should count the unit twice");
    // A region entity's rows under one key split over two partials.
    if !region_ids.is_empty() {
        let err = merged(&catalog, &s.entities, &s.observations, &options, 2, |n, _| n as u64).err().map(|e| e.code());
        assert_eq!(err, Some("eval.bad_partials"));
    }
    // Partials of another as-of date or selection are refused.
    let p = partial(&catalog, &whole, &options).unwrap();
    let mut other = p.clone();
    let later = EvalOptions::new("2025-12-31".parse().unwrap());
    assert_eq!(other.merge(partial(&catalog, &whole, &later).unwrap()).err().map(|e| e.code()), Some("eval.bad_partials"));
    assert_eq!(finalize(&catalog, &only_entities, &p, &later).err().map(|e| e.code()), Some("eval.bad_partials"));
}
