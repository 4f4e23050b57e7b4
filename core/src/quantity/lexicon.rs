//! The words around a number: units and measure words, comparators, and the verbs that
//! say whether a figure is a level, an increase, a decrease or a multiple. Shared by the
//! prose reader ([`super::parse_all`]) and the figure reader ([`super::read_figure`]).

use super::Relation;
use crate::model::Comparator;

/// A unit as written, its normalised form, and the power of ten that converts a figure
/// in it into the normalised unit (`10G` = 10 × 10^3 Mbps).
struct UnitWord {
    written: &'static str,
    unit: &'static str,
    exp: i32,
    /// A Latin-letter unit that must not run on into more letters (`100M` but not `100MHz`).
    bounded: bool,
}

const fn u(written: &'static str, unit: &'static str, exp: i32) -> UnitWord {
    UnitWord { written, unit, exp, bounded: false }
}

const fn b(written: &'static str, unit: &'static str, exp: i32) -> UnitWord {
    UnitWord { written, unit, exp, bounded: true }
}

/// Units and measure words. The longest match wins (`个百分点` over `个`, `学时` over `时`).
const UNITS: &[UnitWord] = &[
    // Bandwidth, normalised to Mbps: 1000M, 100M以上, 10G, 1Gbps, 1000兆 (千兆 is 千 + 兆).
    u("Tbps", "Mbps", 6),
    u("Gbps", "Mbps", 3),
    u("Mbps", "Mbps", 0),
    u("Kbps", "Mbps", -3),
    u("tbps", "Mbps", 6),
    u("gbps", "Mbps", 3),
    u("mbps", "Mbps", 0),
    u("kbps", "Mbps", -3),
    u("Gb/s", "Mbps", 3),
    u("Mb/s", "Mbps", 0),
    u("Gbit/s", "Mbps", 3),
    u("Mbit/s", "Mbps", 0),
    b("GE", "Mbps", 3),
    b("G", "Mbps", 3),
    b("M", "Mbps", 0),
    u("兆", "Mbps", 0),
    // Storage, as written.
    b("KB", "KB", 0),
    b("MB", "MB", 0),
    b("GB", "GB", 0),
    b("TB", "TB", 0),
    b("PB", "PB", 0),
    // Shares. Per mille is converted to percent; percentage points stay apart.
    u("%", "%", 0),
    u("％", "%", 0),
    u("‰", "%", -1),
    u("个百分点", "百分点", 0),
    u("百分点", "百分点", 0),
    // Money.
    u("元", "元", 0),
    u("美元", "美元", 0),
    // Multiples (翻一番 is read apart).
    u("倍", "倍", 0),
    // Time and age.
    u("个月", "个月", 0),
    u("学年", "学年", 0),
    u("学期", "学期", 0),
    u("学时", "学时", 0),
    u("课时", "课时", 0),
    u("学分", "学分", 0),
    u("小时", "小时", 0),
    u("分钟", "分钟", 0),
    u("年", "年", 0),
    u("天", "天", 0),
    u("周", "周", 0),
    u("周岁", "岁", 0),
    u("岁", "岁", 0),
    // People.
    u("名", "人", 0),
    u("人次", "人次", 0),
    u("人", "人", 0),
    u("位", "位", 0),
    // Measure words, as written.
    u("个", "个", 0),
    u("所", "所", 0),
    u("门", "门", 0),
    u("堂", "堂", 0),
    u("部门", "部门", 0),
    u("部", "部", 0),
    u("间", "间", 0),
    u("期", "期", 0),
    u("家", "家", 0),
    u("条", "条", 0),
    u("节", "节", 0),
    u("项", "项", 0),
    u("套", "套", 0),
    u("台套", "台套", 0),
    u("次", "次", 0),
    u("场次", "场次", 0),
    u("场", "场", 0),
    u("件", "件", 0),
    u("份", "份", 0),
    u("台", "台", 0),
    u("篇", "篇", 0),
    u("本", "本", 0),
    u("册", "册", 0),
    u("款", "款", 0),
    u("支", "支", 0),
    u("批", "批", 0),
    u("座", "座", 0),
    u("例", "例", 0),
    u("集", "集", 0),
    u("户", "户", 0),
];

/// Words that begin with a measure word but are not one (名师, 部署, 周年, 年级 …): a
/// number before them is not a quantity.
const NOT_UNITS: &[&str] = &[
    "周年", "周边", "周期", "周末", "周密", "周转", "年级", "年制", "年代", "年龄", "年鉴", "年一贯", "次性", "次要", "次序",
    "名师", "名校", "名家", "名单", "名称", "名片", "名牌", "名义", "所有", "所属", "所在", "所需", "所以", "所谓", "所长",
    "人民", "人才", "人工", "部署", "部分", "部长", "部委", "部属", "支持", "支撑", "支付", "支部", "门户", "门槛", "门类",
    "场景", "场所", "场地", "场馆", "期间", "期待", "期望", "期刊", "条件", "条例", "节点", "节约", "节能",
    "节日", "节目", "篇章", "本科", "本地", "本土", "本身", "本市", "本省", "本级", "本领", "位置", "位于", "份额", "台账",
    "台阶", "款项", "天然", "个性", "个别", "个案", "家长", "家庭", "间接", "座谈", "集团", "集中", "集成", "集体", "户籍",
    "例如", "套餐", "件事",
];

/// A unit read after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    /// Normalised unit (`Mbps`, `%`, `人`, the measure word as written).
    pub unit: &'static str,
    /// Power of ten converting into `unit`.
    pub exp: i32,
    /// The unit as written.
    pub written: &'static str,
    /// Byte offset just past it.
    pub end: usize,
}

impl Unit {
    /// Whether the unit is ASCII (Mbps, M, G, %), which a Chinese numeral does not take.
    pub fn is_ascii(&self) -> bool {
        self.written.is_ascii()
    }

    /// Units of time, after which 内 means "within" and 近 means "the last".
    pub fn is_time(&self) -> bool {
        matches!(self.unit, "年" | "个月" | "天" | "周" | "小时" | "分钟" | "学年" | "学期")
    }
}

/// The unit at byte `at`, if any.
pub(crate) fn unit_at(text: &str, at: usize) -> Option<Unit> {
    let rest = text.get(at..)?;
    if NOT_UNITS.iter().any(|w| rest.starts_with(w)) {
        return None;
    }
    let w = UNITS
        .iter()
        .filter(|w| rest.starts_with(w.written))
        .filter(|w| !w.bounded || !rest[w.written.len()..].starts_with(|c: char| c.is_ascii_alphanumeric()))
        .max_by_key(|w| w.written.len())?;
    Some(Unit { unit: w.unit, exp: w.exp, written: w.written, end: at + w.written.len() })
}

/// Comparator words written before a figure. The longest match wins (不低于 over 低于).
pub(crate) const PREFIXES: &[(&str, Comparator)] = &[
    ("不少于", Comparator::AtLeast),
    ("不低于", Comparator::AtLeast),
    ("不小于", Comparator::AtLeast),
    ("不下于", Comparator::AtLeast),
    ("不得少于", Comparator::AtLeast),
    ("不得低于", Comparator::AtLeast),
    ("不应少于", Comparator::AtLeast),
    ("不应低于", Comparator::AtLeast),
    ("不能少于", Comparator::AtLeast),
    ("不能低于", Comparator::AtLeast),
    ("至少", Comparator::AtLeast),
    ("最少", Comparator::AtLeast),
    ("最低", Comparator::AtLeast),
    ("≥", Comparator::AtLeast),
    (">=", Comparator::AtLeast),
    ("不超过", Comparator::AtMost),
    ("不高于", Comparator::AtMost),
    ("不多于", Comparator::AtMost),
    ("不大于", Comparator::AtMost),
    ("不得超过", Comparator::AtMost),
    ("不得高于", Comparator::AtMost),
    ("不得多于", Comparator::AtMost),
    ("不应超过", Comparator::AtMost),
    ("不宜超过", Comparator::AtMost),
    ("不能超过", Comparator::AtMost),
    ("最多", Comparator::AtMost),
    ("至多", Comparator::AtMost),
    ("最高", Comparator::AtMost),
    ("控制在", Comparator::AtMost),
    ("≤", Comparator::AtMost),
    ("<=", Comparator::AtMost),
    ("超过", Comparator::MoreThan),
    ("超出", Comparator::MoreThan),
    ("高于", Comparator::MoreThan),
    ("多于", Comparator::MoreThan),
    ("大于", Comparator::MoreThan),
    ("逾", Comparator::MoreThan),
    ("超", Comparator::MoreThan),
    (">", Comparator::MoreThan),
    ("＞", Comparator::MoreThan),
    ("低于", Comparator::LessThan),
    ("少于", Comparator::LessThan),
    ("小于", Comparator::LessThan),
    ("不足", Comparator::LessThan),
    ("不到", Comparator::LessThan),
    ("未满", Comparator::LessThan),
    ("不及", Comparator::LessThan),
    ("<", Comparator::LessThan),
    ("＜", Comparator::LessThan),
    ("大约", Comparator::About),
    ("约为", Comparator::About),
    ("约", Comparator::About),
    ("将近", Comparator::About),
    ("接近", Comparator::About),
    ("近", Comparator::About),
    ("大概", Comparator::About),
    ("≈", Comparator::About),
];

/// Comparator words written after a figure (and its unit).
pub(crate) const SUFFIXES: &[(&str, Comparator)] = &[
    ("及以上", Comparator::AtLeast),
    ("以上", Comparator::AtLeast),
    ("及以下", Comparator::AtMost),
    ("以下", Comparator::AtMost),
    ("以内", Comparator::AtMost),
    ("之内", Comparator::AtMost),
    ("左右", Comparator::About),
    ("上下", Comparator::About),
];

/// What a verb before a figure says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    /// The figure is a level to reach (达到, 提升至).
    To(Relation),
    /// The figure is a level to come down to (降至, 减少到): a bare figure is a maximum.
    DownTo,
    /// The figure is the change itself (增长, 下降).
    By(Relation),
}

/// Verbs directly before a figure. The longest match wins (提高到 over 提高).
pub(crate) const VERBS: &[(&str, Verb)] = &[
    ("提高到", Verb::To(Relation::Level)),
    ("提高至", Verb::To(Relation::Level)),
    ("提升到", Verb::To(Relation::Level)),
    ("提升至", Verb::To(Relation::Level)),
    ("增长到", Verb::To(Relation::Level)),
    ("增长至", Verb::To(Relation::Level)),
    ("增加到", Verb::To(Relation::Level)),
    ("增加至", Verb::To(Relation::Level)),
    ("上升到", Verb::To(Relation::Level)),
    ("上升至", Verb::To(Relation::Level)),
    ("扩大到", Verb::To(Relation::Level)),
    ("扩大至", Verb::To(Relation::Level)),
    ("达到", Verb::To(Relation::Level)),
    ("升至", Verb::To(Relation::Level)),
    ("增至", Verb::To(Relation::Level)),
    ("提至", Verb::To(Relation::Level)),
    ("达", Verb::To(Relation::Level)),
    ("降低到", Verb::DownTo),
    ("降低至", Verb::DownTo),
    ("下降到", Verb::DownTo),
    ("下降至", Verb::DownTo),
    ("减少到", Verb::DownTo),
    ("减少至", Verb::DownTo),
    ("压缩到", Verb::DownTo),
    ("压缩至", Verb::DownTo),
    ("压减到", Verb::DownTo),
    ("压减至", Verb::DownTo),
    ("缩减到", Verb::DownTo),
    ("缩减至", Verb::DownTo),
    ("缩短到", Verb::DownTo),
    ("缩短至", Verb::DownTo),
    ("降到", Verb::DownTo),
    ("降至", Verb::DownTo),
    ("减到", Verb::DownTo),
    ("减至", Verb::DownTo),
    ("增长", Verb::By(Relation::Increase)),
    ("增加", Verb::By(Relation::Increase)),
    ("提高", Verb::By(Relation::Increase)),
    ("提升", Verb::By(Relation::Increase)),
    ("上升", Verb::By(Relation::Increase)),
    ("扩大", Verb::By(Relation::Increase)),
    ("增幅", Verb::By(Relation::Increase)),
    ("新增", Verb::By(Relation::Increase)),
    ("增", Verb::By(Relation::Increase)),
    ("下降", Verb::By(Relation::Decrease)),
    ("降低", Verb::By(Relation::Decrease)),
    ("减少", Verb::By(Relation::Decrease)),
    ("压减", Verb::By(Relation::Decrease)),
    ("缩减", Verb::By(Relation::Decrease)),
    ("削减", Verb::By(Relation::Decrease)),
    ("缩短", Verb::By(Relation::Decrease)),
    ("压缩", Verb::By(Relation::Decrease)),
    ("降幅", Verb::By(Relation::Decrease)),
    ("减", Verb::By(Relation::Decrease)),
    ("降", Verb::By(Relation::Decrease)),
];

/// The longest of `words` that `text` ends with, and its value.
pub(crate) fn longest_suffix_of<T: Copy>(text: &str, words: &[(&'static str, T)]) -> Option<(&'static str, T)> {
    words.iter().filter(|(w, _)| text.ends_with(w)).max_by_key(|(w, _)| w.len()).copied()
}

/// The longest of `words` that `text` starts with, and its value.
pub(crate) fn longest_prefix_of<T: Copy>(text: &str, words: &[(&'static str, T)]) -> Option<(&'static str, T)> {
    words.iter().filter(|(w, _)| text.starts_with(w)).max_by_key(|(w, _)| w.len()).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_unit_wins_and_letters_are_bounded() {
        let at = |s: &str| unit_at(s, 0).map(|u| (u.unit, u.exp, u.end));
        assert_eq!(at("个百分点"), Some(("百分点", 0, 12)));
        assert_eq!(at("个月"), Some(("个月", 0, 6)));
        assert_eq!(at("Gbps"), Some(("Mbps", 3, 4)));
        assert_eq!(at("M到校"), Some(("Mbps", 0, 1)));
        assert_eq!(at("MB"), Some(("MB", 0, 2)));
        assert_eq!(at("MHz"), None);
        assert_eq!(at("周年"), None);
        assert_eq!(at("名师"), None);
        assert_eq!(at("部门"), Some(("部门", 0, 6)));
    }

    #[test]
    fn longest_word_wins() {
        assert_eq!(longest_suffix_of("覆盖率不低于", PREFIXES).map(|w| w.1), Some(Comparator::AtLeast));
        assert_eq!(longest_suffix_of("不得少于", PREFIXES).map(|w| w.1), Some(Comparator::AtLeast));
        assert_eq!(longest_suffix_of("提高到", VERBS).map(|w| w.1), Some(Verb::To(Relation::Level)));
        assert_eq!(longest_suffix_of("同比提高", VERBS).map(|w| w.1), Some(Verb::By(Relation::Increase)));
    }
}
