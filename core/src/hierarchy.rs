//! The entity-kind hierarchy: region ⊃ school ⊃ class / person / system.
//!
//! What `parent_id` means for each kind (README "Evaluating your own data",
//! METHODOLOGY §2):
//!
//! | kind | parent |
//! |---|---|
//! | `region` | the region it lies in (empty: the nation) |
//! | `school` | empty, or the region it lies in |
//! | `class` | its school (required) |
//! | `person`, `system` | its school; empty for people and systems that belong to a region (an official, a regional platform), which then give `region_code` |
//!
//! Anything else is refused (`data.bad_parent_kind`): a school under a class would move
//! its units into another district's figures. A `parent_id` chain that comes back to
//! where it started is a cycle (`data.parent_cycle`, naming the ids in it), and a
//! parent that was itself refused is named as such rather than as "not defined".

use crate::data::codes;
use crate::model::EntityKind;
use std::collections::HashMap;

/// Whether an entity of kind `child` may have a parent of kind `parent`.
pub fn parent_allowed(child: EntityKind, parent: EntityKind) -> bool {
    matches!(
        (child, parent),
        (EntityKind::Region, EntityKind::Region)
            | (EntityKind::School, EntityKind::Region)
            | (EntityKind::Class | EntityKind::Person | EntityKind::System, EntityKind::School)
    )
}

/// The rule for a kind's parent, as rejections state it.
pub fn parent_rule(child: EntityKind) -> &'static str {
    match child {
        EntityKind::Region => "a region's parent_id is a region (or empty for one directly under the nation)",
        EntityKind::School => "a school's parent_id is empty or the region it lies in",
        EntityKind::Class => "a class names its school in parent_id",
        EntityKind::Person => "a person's parent_id is their school (or empty, with region_code, for someone who belongs to a region)",
        EntityKind::System => "a system's parent_id is its school (or empty, with region_code, for a regional system)",
    }
}

/// Whether a kind must have a parent.
pub fn parent_required(child: EntityKind) -> bool {
    child == EntityKind::Class
}

/// Where a waiting entity's `parent_id` chain ends.
#[derive(Clone, Copy)]
enum End<'a> {
    /// The entity is on cycle number `.0`.
    OnCycle(usize),
    /// The chain runs into cycle number `.0`.
    IntoCycle(usize),
    /// The chain stops at an id that is not waiting (not defined, or rejected).
    Stops(&'a str),
}

/// Why each of the entities left waiting for a parent that never resolved waits: for
/// each `(id, parent_id)` of `waiting` (in order), its code and reason. `refused` names
/// the ids of entity records that were rejected, with why. Linear in `waiting`: every
/// chain is walked once.
pub(crate) fn explain_unresolved(waiting: &[(&str, &str)], refused: &HashMap<String, String>) -> Vec<(&'static str, String)> {
    let parent_of: HashMap<&str, &str> = waiting.iter().copied().collect();
    let mut end: HashMap<&str, End<'_>> = HashMap::with_capacity(waiting.len());
    let mut cycles: Vec<Vec<&str>> = Vec::new();
    for &(start, _) in waiting {
        let mut path: Vec<&str> = Vec::new();
        let mut in_path: HashMap<&str, usize> = HashMap::new();
        let mut at = start;
        let found = loop {
            if let Some(&e) = end.get(at) {
                break match e {
                    End::OnCycle(c) | End::IntoCycle(c) => End::IntoCycle(c),
                    stops => stops,
                };
            }
            if let Some(&i) = in_path.get(at) {
                let c = cycles.len();
                cycles.push(path.split_off(i));
                for &id in &cycles[c] {
                    end.insert(id, End::OnCycle(c));
                }
                break End::IntoCycle(c);
            }
            match parent_of.get(at) {
                Some(&next) => {
                    in_path.insert(at, path.len());
                    path.push(at);
                    at = next;
                }
                None => break End::Stops(at),
            }
        };
        for id in path {
            end.insert(id, found);
        }
    }
    waiting
        .iter()
        .map(|&(id, parent)| match end.get(id).copied().unwrap_or(End::Stops(parent)) {
            End::OnCycle(c) => {
                // Start the ring at this id: A → B → A.
                let cycle = &cycles[c];
                let i = cycle.iter().position(|&x| x == id).unwrap_or(0);
                let ring: Vec<&str> = cycle[i..].iter().chain(&cycle[..i]).chain(std::iter::once(&id)).copied().collect();
                (codes::PARENT_CYCLE, format!("parent_id forms a cycle: {}", ring.join(" → ")))
            }
            End::IntoCycle(c) => {
                let cycle = &cycles[c];
                let ring: Vec<&str> = cycle.iter().chain(cycle.first()).copied().collect();
                (codes::UNKNOWN_PARENT, format!("parent_id {parent} leads into the cycle {}", ring.join(" → ")))
            }
            End::Stops(at) => match (at == parent, refused.get(at)) {
                (true, Some(r)) => (codes::UNKNOWN_PARENT, format!("parent_id {at} was rejected ({r})")),
                (true, None) => (codes::UNKNOWN_PARENT, format!("parent_id {at} is not a defined entity")),
                (false, Some(r)) => {
                    (codes::UNKNOWN_PARENT, format!("parent_id {parent} is not loaded: its parent chain stops at {at}, which was rejected ({r})"))
                }
                (false, None) => {
                    (codes::UNKNOWN_PARENT, format!("parent_id {parent} is not loaded: its parent chain stops at {at}, which is not a defined entity"))
                }
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_parents() {
        use EntityKind::*;
        assert!(parent_allowed(School, Region) && parent_allowed(Class, School) && parent_allowed(Region, Region));
        for (c, p) in [(School, Class), (Class, Class), (School, Person), (School, School), (Class, Region), (Region, School), (Person, Person)] {
            assert!(!parent_allowed(c, p), "{c:?} under {p:?}");
        }
    }

    #[test]
    fn cycles_are_named_and_chains_explained() {
        let refused: HashMap<String, String> = [("X".to_string(), "line 3: data.bad_stage".to_string())].into();
        let waiting = [("A", "B"), ("B", "A"), ("C", "A"), ("D", "D"), ("E", "X"), ("F", "E"), ("G", "NOPE")];
        let got = explain_unresolved(&waiting, &refused);
        assert_eq!(got[0], (codes::PARENT_CYCLE, "parent_id forms a cycle: A → B → A".into()));
        assert_eq!(got[1], (codes::PARENT_CYCLE, "parent_id forms a cycle: B → A → B".into()));
        assert_eq!(got[2].0, codes::UNKNOWN_PARENT);
        assert!(got[2].1.contains("cycle"), "{}", got[2].1);
        assert_eq!(got[3], (codes::PARENT_CYCLE, "parent_id forms a cycle: D → D".into()));
        assert_eq!(got[4], (codes::UNKNOWN_PARENT, "parent_id X was rejected (line 3: data.bad_stage)".into()));
        assert_eq!(got[5].1, "parent_id E is not loaded: its parent chain stops at X, which was rejected (line 3: data.bad_stage)");
        assert_eq!(got[6], (codes::UNKNOWN_PARENT, "parent_id NOPE is not a defined entity".into()));
    }

    #[test]
    fn long_chains_are_explained_in_linear_time() {
        let ids: Vec<String> = (0..100_000).map(|i| format!("C{i}")).collect();
        let mut waiting: Vec<(&str, &str)> = ids.windows(2).map(|w| (w[0].as_str(), w[1].as_str())).collect();
        waiting.push((ids[ids.len() - 1].as_str(), "ROOT"));
        let got = explain_unresolved(&waiting, &HashMap::new());
        assert!(got[0].1.ends_with("stops at ROOT, which is not a defined entity"), "{}", got[0].1);
        assert_eq!(got[got.len() - 1].1, "parent_id ROOT is not a defined entity");
    }
}
