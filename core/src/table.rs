//! Plain-text tables that stay aligned with CJK text (full-width characters count as two columns).

use unicode_width::UnicodeWidthStr;

/// Display width of `s` in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` columns, marking the cut with `…`.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Breaks `s` into lines of at most `max` columns: between words for Latin text,
/// between characters for Chinese, never before closing punctuation (，。、）》” …).
/// A word wider than `max` is split.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let lines = wrap_at(s, max.max(2));
    // No orphan: when the last line holds a character or two, narrow the lines a little
    // so the text ends with more (as long as it takes no extra line).
    let orphan = |l: &[String]| l.len() > 1 && l.last().is_some_and(|x| width(x) <= 2);
    if orphan(&lines) {
        for narrower in (max * 3 / 4..max).rev() {
            let again = wrap_at(s, narrower);
            if again.len() == lines.len() && !orphan(&again) {
                return again;
            }
        }
    }
    lines
}

fn wrap_at(s: &str, max: usize) -> Vec<String> {
    let closing = |c: char| "，。、；：？！）》」』”’,.;:?!)]".contains(c);
    // Pieces that stay together: a run of non-CJK, non-space characters, or one wide character.
    let mut pieces: Vec<String> = Vec::new();
    for c in s.chars() {
        let wide = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) > 1;
        let glue = pieces.last().is_some_and(|p| {
            let last = p.chars().last().unwrap_or(' ');
            let last_wide = unicode_width::UnicodeWidthChar::width(last).unwrap_or(0) > 1;
            (!wide && !c.is_whitespace() && !last_wide && !last.is_whitespace() && last != '/') || closing(c)
        });
        match pieces.last_mut() {
            Some(p) if glue => p.push(c),
            _ => pieces.push(c.to_string()),
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces {
        if width(&line) + width(&piece) > max && !line.trim().is_empty() {
            lines.push(line.trim_end().to_string());
            line = String::new();
        }
        if line.is_empty() && piece.trim().is_empty() {
            continue;
        }
        if width(&piece) > max {
            for c in piece.chars() {
                let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if width(&line) + cw > max {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
            continue;
        }
        line.push_str(&piece);
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Renders rows under a header with columns padded to the widest cell.
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n) {
            widths[i] = widths[i].max(width(c));
        }
    }
    let mut out = String::new();
    let line = |cells: Vec<&str>, out: &mut String| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            l.push_str(c);
            if i + 1 < cells.len() {
                l.push_str(&" ".repeat(widths[i] - width(c) + 2));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(header.to_vec(), &mut out);
    line(widths.iter().map(|w| "─".repeat(*w)).collect::<Vec<_>>().iter().map(String::as_str).collect(), &mut out);
    for r in rows {
        line(r.iter().map(String::as_str).collect(), &mut out);
    }
    out
}

/// Renders rows as a GitHub-flavoured Markdown table, escaping `|`.
pub fn markdown(header: &[&str], rows: &[Vec<String>]) -> String {
    let esc = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = format!("| {} |\n|{}\n", header.join(" | "), "---|".repeat(header.len()));
    for r in rows {
        out.push_str(&format!("| {} |\n", r.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_with_cjk() {
        let t = render(&["单位", "n"], &[vec!["教育信息化处".into(), "3".into()], vec!["ab".into(), "10".into()]]);
        let lines: Vec<&str> = t.lines().collect();
        let col = |l: &str| width(&l[..l.rfind(' ').map_or(0, |i| i + 1)]);
        assert_eq!(col(lines[2]), col(lines[3]));
        assert_eq!(col(lines[0]), col(lines[2]));
        assert_eq!(truncate("教育信息化处", 7), "教育信…");
    }

    #[test]
    fn wraps_words_and_characters() {
        assert_eq!(wrap("Resource applications of at least 20 more organisations", 20), [
            "Resource",
            "applications of at",
            "least 20 more",
            "organisations"
        ]);
        assert_eq!(wrap("遴选100所新型智慧校园示范校", 12), ["遴选100所新", "型智慧校园示", "范校"]);
        // No line of one character at the end.
        assert_eq!(wrap("认定800门国家精品在线开放课程", 28), ["认定800门国家精品在线开放", "课程"]);
        // Closing punctuation stays with the character before it.
        assert_eq!(wrap("建成北京教育云，完善平台", 14), ["建成北京教育", "云，完善平台"]);
        assert_eq!(wrap("short", 20), ["short"]);
        assert_eq!(wrap("", 20), [""]);
        for line in wrap("Supercalifragilisticexpialidocious words", 10) {
            assert!(width(&line) <= 10, "{line}");
        }
        let text = "中小学智慧校园达标率85% of every school";
        assert_eq!(wrap(text, 9).concat().replace(' ', ""), text.replace(' ', ""), "nothing is lost");
    }
}
