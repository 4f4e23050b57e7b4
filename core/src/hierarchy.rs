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

/// Why each of the entities left waiting for a parent that never resolved waits: for
/// each `(id, parent_id)` of `waiting` (in order), its code and reason. `refused` names
/// the ids of entity records that were rejected, with why.
pub(crate) fn explain_unresolved(waiting: &[(&str, &str)], refused: &HashMap<String, String>) -> Vec<(&'static str, String)> {
    let parent_of: HashMap<&str, &str> = waiting.iter().copied().collect();
    // For every waiting id, the cycle it lies on (ids in order), found once per cycle.
    let mut on_cycle: HashMap<&str, Vec<&str>> = HashMap::new();
    for &(start, _) in waiting {
        if on_cycle.contains_key(start) {
            continue;
        }
        let mut path: Vec<&str> = vec![start];
        let mut at = start;
        while let Some(&next) = parent_of.get(at) {
            if let Some(i) = path.iter().position(|&p| p == next) {
                let cycle: Vec<&str> = path[i..].to_vec();
                for &c in &cycle {
                    on_cycle.insert(c, cycle.clone());
                }
                break;
            }
            if on_cycle.contains_key(next) {
                break;
            }
            path.push(next);
            at = next;
        }
    }
    waiting
        .iter()
        .map(|&(id, parent)| {
            if let Some(cycle) = on_cycle.get(id) {
                // Start the cycle at this id: A → B → A.
                let i = cycle.iter().position(|&c| c == id).unwrap_or(0);
                let mut ring: Vec<&str> = cycle[i..].iter().chain(cycle[..i].iter()).copied().collect();
                ring.push(id);
                return (codes::PARENT_CYCLE, format!("parent_id forms a cycle: {}", ring.join(" → ")));
            }
            // Follow the chain to where it stops.
            let mut at = parent;
            let mut hops = 0;
            while let Some(&next) = parent_of.get(at) {
                if on_cycle.contains_key(at) {
                    let ring = on_cycle.get(at).map(|c| c.join(" → ")).unwrap_or_default();
                    return (codes::UNKNOWN_PARENT, format!("parent_id {parent} leads into the cycle {ring} → {}", on_cycle.get(at).and_then(|c| c.first()).unwrap_or(&"")));
                }
                at = next;
                hops += 1;
                if hops > waiting.len() {
                    break;
                }
            }
            let why = match refused.get(at) {
                Some(r) => format!("{at}, which was rejected ({r})"),
                None => format!("{at}, which is not a defined entity"),
            };
            match (at == parent, refused.get(at)) {
                (true, Some(r)) => (codes::UNKNOWN_PARENT, format!("parent_id {at} was rejected ({r})")),
                (true, None) => (codes::UNKNOWN_PARENT, format!("parent_id {at} is not a defined entity")),
                (false, _) => (codes::UNKNOWN_PARENT, format!("parent_id {parent} is not loaded: its parent chain stops at {why}")),
            }
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
}
