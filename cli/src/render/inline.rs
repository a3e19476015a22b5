//! One line of help Markdown as the words a person reads, in two passes.
//!
//! The first reads the Markdown the generator writes (`codegen/src/ir/docs.rs`): `\X` is a literal `X`,
//! a code span is its content, `*`/`**` around words are emphasis (every literal `*` arrives escaped),
//! `[text](url)` and `[text](<url>)` are links and `<https://…>` an autolink. Code and URLs are set
//! aside behind placeholders so the second pass cannot touch them.
//!
//! The second pass reads what is left as the spec's own text, which may still carry markup of the web
//! pages it came from, escaped once or several times over by the tools between those pages and the
//! metadata (`\\*\\*Note\\*\\*`, `\[title\](~~176627~~)`): backslashes before punctuation are dropped
//! (they are escaping that went wrong, never content), then `**bold**`, `~~…~~`, links and autolinks are
//! read once more. Nothing here can panic: every index comes from `char_indices` or a `find` on the same
//! string, and unmatched markup is kept as text.

/// The first of the private-use characters that stand for protected pieces (code, URLs) between the
/// passes, the n-th piece by the n-th character. Private-use characters in the input are replaced
/// first, so only ours remain.
const HOLES: u32 = 0xE000;
/// How many pieces can have a hole (the private-use area's size); more in one line are kept as text.
const MAX_HOLES: u32 = 0xF8FF - HOLES + 1;

/// The words of one line of Markdown.
pub fn render(markdown: &str) -> String {
    let clean: String = markdown
        .chars()
        .map(|c| {
            if hole_index(c).is_some() {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    let mut kept = Vec::new();
    let literal = markup(&clean, &mut kept);
    let plain = spec(&unescape_spec(&literal), &mut kept);
    restore(&plain, &kept)
}

/// The first pass: the generator's Markdown to literal text with holes for code and URLs.
fn markup(s: &str, kept: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        let rest = &s[i..];
        match c {
            '\\' => {
                let next = rest[1..].chars().next();
                match next {
                    Some(p) if p.is_ascii_punctuation() => {
                        out.push(p);
                        i += 1 + p.len_utf8();
                    }
                    _ => {
                        out.push('\\');
                        i += 1;
                    }
                }
            }
            '`' => {
                let ticks = rest.len() - rest.trim_start_matches('`').len();
                match code_span(rest, ticks) {
                    Some((content, used)) => {
                        hole(&mut out, kept, code(&content));
                        i += used;
                    }
                    None => {
                        out.push_str(&rest[..ticks]);
                        i += ticks;
                    }
                }
            }
            '*' => {
                let run = rest.len() - rest.trim_start_matches('*').len();
                let before = out.chars().next_back();
                let after = rest[run..].chars().next();
                // Emphasis unless it stands alone between spaces ("a * b"), which Markdown keeps too.
                if before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace) {
                    out.push_str(&rest[..run]);
                }
                i += run;
            }
            '[' => match link(rest) {
                Some((text, url, used)) => {
                    let text = markup(text, kept);
                    push_link(&mut out, kept, &text, url);
                    i += used;
                }
                None => {
                    out.push('[');
                    i += 1;
                }
            },
            '<' => match autolink(rest) {
                Some((url, used)) => {
                    hole(&mut out, kept, url.to_owned());
                    i += used;
                }
                None => {
                    out.push('<');
                    i += 1;
                }
            },
            _ => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

/// The code span opening `s` with `ticks` backticks: its content and the bytes it takes, if a run of
/// exactly as many backticks closes it.
fn code_span(s: &str, ticks: usize) -> Option<(String, usize)> {
    let body = &s[ticks..];
    let mut from = 0;
    while let Some(at) = body[from..].find('`') {
        let start = from + at;
        let run = body[start..].len() - body[start..].trim_start_matches('`').len();
        if run == ticks {
            let mut content = body[..start].replace('\n', " ");
            // One space each side is padding that lets code start or end with a backtick.
            if content.len() > 2
                && content.starts_with(' ')
                && content.ends_with(' ')
                && !content.trim().is_empty()
            {
                content = content[1..content.len() - 1].to_owned();
            }
            return Some((content, ticks + start + run));
        }
        from = start + run;
    }
    None
}

/// A code span's content as shown. The generator sets the spec's examples in code spans, and they carry
/// the metadata's escaping and the web pages' `**bold**` like any spec text; backslashes before
/// Markdown punctuation and paired `**` go, so `Rule\*\*\*\*` reads `Rule****`. (A backslash before
/// other characters, as in JSON's `\"`, stays.)
fn code(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut pending = 0usize;
    for c in content.chars() {
        if c == '\\' {
            pending += 1;
            continue;
        }
        if !"*[]<>|#=`_~".contains(c) {
            out.extend(std::iter::repeat_n('\\', pending));
        }
        pending = 0;
        out.push(c);
    }
    out.extend(std::iter::repeat_n('\\', pending));
    pairs(&out, '*', &[2, 3], false)
}

/// The link `[text](target)` opening `s`: its text, its target (angle brackets removed) and the bytes
/// it takes. Brackets nest in the text and parentheses in the target; escaped ones do not count.
fn link(s: &str) -> Option<(&str, &str, usize)> {
    let close = matching(s, '[', ']')?;
    let after = &s[close + 1..];
    if !after.starts_with('(') {
        return None;
    }
    let end = match after[1..].strip_prefix('<') {
        // `(<url>)`: the URL runs to the first `>`, and `)` must follow it.
        Some(inner) => {
            let end = 2 + inner.find('>')? + 1;
            after[end..].starts_with(')').then_some(end)?
        }
        None => matching(after, '(', ')')?,
    };
    let target = after[1..end].trim();
    let target = target
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(target);
    Some((&s[1..close], target, close + 1 + end + 1))
}

/// The byte index of the `close` matching the `open` that starts `s`, skipping escaped characters.
fn matching(s: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The autolink `<scheme://…>` opening `s`: its URL and the bytes it takes.
fn autolink(s: &str) -> Option<(&str, usize)> {
    let end = s.find('>')?;
    let url = &s[1..end];
    let web = ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| url.starts_with(p));
    (web && !url.contains(char::is_whitespace) && !url.contains('<')).then_some((url, end + 1))
}

/// Appends a hole standing for `piece` (or, past [`MAX_HOLES`], the piece itself).
fn hole(out: &mut String, kept: &mut Vec<String>, piece: String) {
    let mark = u32::try_from(kept.len())
        .ok()
        .filter(|n| *n < MAX_HOLES)
        .and_then(|n| char::from_u32(HOLES + n));
    match mark {
        Some(mark) => {
            kept.push(piece);
            out.push(mark);
        }
        None => out.push_str(&piece),
    }
}

/// Which piece `c` stands for, if it is a hole.
fn hole_index(c: char) -> Option<usize> {
    let n = u32::from(c).checked_sub(HOLES).filter(|n| *n < MAX_HOLES)?;
    usize::try_from(n).ok()
}

/// Appends a link as `text (url)`: the URL alone when it is the text, the text alone without a target.
/// `~~123~~` names a page of Alibaba's reference by its id, which means nothing outside Alibaba's site:
/// the link reads as its words, as the importer writes it.
fn push_link(out: &mut String, kept: &mut Vec<String>, text: &str, target: &str) {
    let target = target.trim();
    let url = if target.starts_with("~~") {
        String::new()
    } else {
        target.to_owned()
    };
    let text = text.trim();
    if url.is_empty() || url.starts_with('#') {
        out.push_str(text);
    } else if text.is_empty() || text == url {
        hole(out, kept, url);
    } else {
        out.push_str(text);
        out.push_str(" (");
        hole(out, kept, url);
        out.push(')');
    }
}

/// Backslashes left before punctuation in the spec's text: escaping from the tools that made the
/// metadata, however deep, never meant as a backslash.
fn unescape_spec(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = 0usize;
    for c in s.chars() {
        if c == '\\' {
            pending += 1;
            continue;
        }
        if !c.is_ascii_punctuation() {
            out.extend(std::iter::repeat_n('\\', pending));
        }
        pending = 0;
        out.push(c);
    }
    out.extend(std::iter::repeat_n('\\', pending));
    out
}

/// The second pass: the spec's own markup (`**bold**`, `~~x~~`, links, autolinks) read as words.
fn spec(s: &str, kept: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        let rest = &s[i..];
        let linked = match c {
            '[' => link(rest).map(|(text, url, used)| {
                let text = spec(text, kept);
                push_link(&mut out, kept, &text, url);
                used
            }),
            '<' => autolink(rest).map(|(url, used)| {
                hole(&mut out, kept, url.to_owned());
                used
            }),
            _ => None,
        };
        match linked {
            Some(used) => i += used,
            None => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    let out = pairs(&out, '*', &[2, 3], true);
    pairs(&out, '~', &[2], false)
}

/// `s` without the runs of `mark` (of one of the `lens`) that open and close a span around words, as
/// `**bold**` does; other runs (`****` masking an ID, `**` closing nothing) stay, and with
/// `lone_openers` so does an opening run no run closes, unless it starts a word (`**The token…`, broken
/// markup of the source). `~~~~`, an empty strike (what a link to no document leaves), goes too.
fn pairs(s: &str, mark: char, lens: &[usize], lone_openers: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == mark {
            let start = i;
            while i < chars.len() && chars[i] == mark {
                i += 1;
            }
            runs.push((start, i - start));
        } else {
            i += 1;
        }
    }
    let mut drop = vec![false; chars.len()];
    let mut open: Vec<(usize, usize)> = Vec::new();
    for &(start, len) in &runs {
        if mark == '~' && len == 4 {
            drop[start..start + len].fill(true);
            continue;
        }
        if !lens.contains(&len) {
            continue;
        }
        let before = start.checked_sub(1).map(|b| chars[b]);
        let after = chars.get(start + len).copied();
        let can_close = before.is_some_and(|b| !b.is_whitespace());
        let can_open = after.is_some_and(|a| !a.is_whitespace());
        if can_close && let Some(pos) = open.iter().rposition(|&(_, l)| l == len) {
            let (o, _) = open[pos];
            open.truncate(pos);
            drop[o..o + len].fill(true);
            drop[start..start + len].fill(true);
        } else if can_open {
            open.push((start, len));
        }
    }
    if lone_openers {
        for (start, len) in open {
            let word_start = start
                .checked_sub(1)
                .is_none_or(|b| chars[b].is_whitespace() || chars[b] == '(');
            if word_start && chars.get(start + len).is_some_and(|c| c.is_alphanumeric()) {
                drop[start..start + len].fill(true);
            }
        }
    }
    chars
        .iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(c, _)| c)
        .collect()
}

/// `s` with each hole replaced by its piece.
fn restore(s: &str, kept: &[String]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match hole_index(c).and_then(|n| kept.get(n)) {
            Some(piece) => out.push_str(piece),
            None => out.push(c),
        }
    }
    out
}
