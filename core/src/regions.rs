//! Administrative regions by GB/T 2260 code: the nation, the 34 provincial-level
//! units, and the cities and counties of Beijing, Chengdu and Shaanxi
//! (`spec/regions.csv`, embedded). Users add their own through region entities.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Level of a region in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    /// 全国.
    Nation,
    /// 省级.
    Province,
    /// 地级市.
    City,
    /// 区县.
    County,
}

impl RegionLevel {
    fn parse(s: &str) -> Option<RegionLevel> {
        match s {
            "nation" => Some(RegionLevel::Nation),
            "province" => Some(RegionLevel::Province),
            "city" => Some(RegionLevel::City),
            "county" => Some(RegionLevel::County),
            _ => None,
        }
    }
}

/// A region tree, indexed `0..len()`; index 0 is the nation.
#[derive(Debug, Clone, Default)]
pub struct RegionTable {
    codes: Vec<String>,
    names: Vec<String>,
    names_en: Vec<String>,
    parents: Vec<u32>,
    levels: Vec<RegionLevel>,
    index: HashMap<String, u32>,
}

const BUILTIN: &str = include_str!("../../spec/regions.csv");

/// Code of the nation.
pub const NATION: &str = "000000";

impl RegionTable {
    /// The built-in table.
    pub fn builtin() -> RegionTable {
        let mut t = RegionTable::default();
        t.push(NATION, "中国", "China", u32::MAX, RegionLevel::Nation);
        for line in BUILTIN.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            if f.len() != 5 || f[0] == NATION {
                continue;
            }
            let parent = t.index.get(f[3]).copied().unwrap_or(0);
            let level = RegionLevel::parse(f[4]).unwrap_or(RegionLevel::County);
            t.push(f[0], f[1], f[2], parent, level);
        }
        t
    }

    fn push(&mut self, code: &str, name: &str, name_en: &str, parent: u32, level: RegionLevel) -> u32 {
        let i = self.codes.len() as u32;
        self.codes.push(code.to_string());
        self.names.push(name.to_string());
        self.names_en.push(name_en.to_string());
        self.parents.push(parent);
        self.levels.push(level);
        self.index.insert(code.to_string(), i);
        i
    }

    /// Adds a region under `parent` (which must exist). The level is one below the parent's.
    pub fn add(&mut self, code: &str, name: &str, parent: &str, _hint: RegionLevel) -> Option<u32> {
        if let Some(&i) = self.index.get(code) {
            return Some(i);
        }
        let p = *self.index.get(parent)?;
        let level = match self.levels[p as usize] {
            RegionLevel::Nation => RegionLevel::Province,
            RegionLevel::Province => RegionLevel::City,
            RegionLevel::City | RegionLevel::County => RegionLevel::County,
        };
        Some(self.push(code, name, name, p, level))
    }

    /// Gives a region a new display name.
    pub fn rename(&mut self, code: &str, name: &str) {
        if let Some(&i) = self.index.get(code) {
            self.names[i as usize] = name.to_string();
        }
    }

    /// Number of regions.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Index of a code.
    pub fn index(&self, code: &str) -> Option<u32> {
        self.index.get(code).copied()
    }

    /// Code of an index.
    pub fn code(&self, i: u32) -> Option<&str> {
        self.codes.get(i as usize).map(String::as_str)
    }

    /// Chinese name.
    pub fn name(&self, i: u32) -> Option<&str> {
        self.names.get(i as usize).map(String::as_str)
    }

    /// English name.
    pub fn name_en(&self, i: u32) -> Option<&str> {
        self.names_en.get(i as usize).map(String::as_str)
    }

    /// Level.
    pub fn level(&self, i: u32) -> Option<RegionLevel> {
        self.levels.get(i as usize).copied()
    }

    /// Parent index; `None` for the nation.
    pub fn parent(&self, i: u32) -> Option<u32> {
        self.parents.get(i as usize).copied().filter(|&p| p != u32::MAX)
    }

    /// Parent indices of every region (`u32::MAX` for the nation).
    pub fn parents(&self) -> &[u32] {
        &self.parents
    }

    /// Whether `i` is `ancestor` or lies below it.
    pub fn is_within(&self, mut i: u32, ancestor: u32) -> bool {
        loop {
            if i == ancestor {
                return true;
            }
            match self.parent(i) {
                Some(p) => i = p,
                None => return false,
            }
        }
    }

    /// Direct children of `i`.
    pub fn children(&self, i: u32) -> Vec<u32> {
        (0..self.len() as u32).filter(|&c| self.parent(c) == Some(i)).collect()
    }

    /// Indices in an order where every child comes before its parent.
    pub fn bottom_up(&self) -> Vec<u32> {
        let depth = |mut i: u32| {
            let mut d = 0;
            while let Some(p) = self.parent(i) {
                d += 1;
                i = p;
            }
            d
        };
        let mut order: Vec<u32> = (0..self.len() as u32).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(depth(i)));
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_tree() {
        let t = RegionTable::builtin();
        let haidian = t.index("110108").unwrap_or(0);
        let beijing = t.index("110000").unwrap_or(0);
        assert_eq!(t.name(haidian), Some("海淀区"));
        assert!(t.is_within(haidian, beijing));
        assert!(t.is_within(haidian, 0));
        assert_eq!(t.children(beijing).len(), 16);
        let chengdu = t.index("510100").unwrap_or(0);
        assert_eq!(t.children(chengdu).len(), 20);
        assert_eq!(t.level(chengdu), Some(RegionLevel::City));
        assert_eq!(t.children(0).len(), 34);
        assert!(t.index("610881").is_some(), "神木市");
    }
}
