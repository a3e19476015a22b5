//! Doc text from spec text: plain words in, Markdown that renders as those words out.
//!
//! Spec text comes from web pages and contains SQL with backticks, JSON with brackets and braces, and
//! placeholders like `<Common request parameters>`. Escaping here keeps rustdoc from reading any of it as
//! Markdown, links or HTML. Docs reach the output as `#[doc = "..."]` string literals built by `quote!`,
//! so no text can end a comment or inject code whatever it contains.

/// Spec text with its line breaks normalised (`\r\n` and a lone `\r` become `\n`; rustdoc refuses a bare
/// carriage return) and every other control character replaced by a space: tabs too, which clippy
/// refuses in doc comments (`tabs_in_doc_comments`), and the text-direction controls (U+202A–U+202E,
/// U+2066–U+2069), which rustc refuses in comments (`text_direction_codepoint_in_comment`: they can make
/// code read differently from what it is), shown as `U+202E` so the text says what was there.
pub fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.replace("\r\n", "\n").chars() {
        match c {
            '\r' => out.push('\n'),
            '\n' => out.push(c),
            c if crate::spec::validate::is_direction_control(c) => {
                out.push_str(&format!("U+{:04X}", u32::from(c)));
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Whether a (trimmed) line starts a Markdown list item: `- x`, `+ x`, `1. x`, `1) x`.
fn list_item(line: &str) -> bool {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    line.starts_with("- ")
        || line.starts_with("+ ")
        || (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
}

/// Escapes Markdown in free text and trims each line, keeping paragraphs, and renders the spec's light
/// markup (`specs/README.md`, *Text*): a heading line (`## Debugging`) becomes a bold paragraph (the
/// generator's own `# …` sections stay the only headings), a note line (`> text`) a block quote, a link
/// `[text](https://…)` a link, and a bare `https://…` address an autolink (rustdoc warns on bare URLs).
///
/// A line of plain text right after a list item would continue the item lazily, which reads wrong and
/// which clippy refuses (`doc_lazy_continuation`): a blank line ends the list first.
pub fn text(raw: &str) -> String {
    let raw = clean(raw);
    let mut out = String::with_capacity(raw.len());
    let mut in_list = false;
    let mut in_note = false;
    for (i, line) in raw.trim().lines().enumerate() {
        let line = line.trim();
        let heading = heading(line);
        let note = note(line);
        if i > 0 {
            out.push('\n');
            // A list, a note or a heading ends with a blank line before what is not part of it.
            let ends_list = in_list && !line.is_empty() && !list_item(line);
            let ends_note = in_note && !line.is_empty() && note.is_none();
            if ends_list || ends_note || (heading.is_some() && !out.ends_with("\n\n")) {
                out.push('\n');
            }
        }
        in_list = list_item(line);
        in_note = note.is_some();
        if let Some(title) = heading {
            out.push_str("**");
            inline(title, false, &mut out);
            out.push_str("**\n");
        } else if let Some(body) = note {
            out.push_str("> ");
            inline(body, false, &mut out);
        } else {
            inline(line, true, &mut out);
        }
    }
    out.trim_end().to_owned()
}

/// The title of a heading line (`## Debugging`), if the line is one.
fn heading(line: &str) -> Option<&str> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let title = line[hashes..].strip_prefix(' ')?.trim();
    ((1..=6).contains(&hashes) && !title.is_empty()).then_some(title)
}

/// The text of a note line (`> text`), if the line is one.
fn note(line: &str) -> Option<&str> {
    let body = line.strip_prefix('>')?;
    let body = body.trim();
    (!body.is_empty()).then_some(body)
}

/// Appends `text` escaped, with its links and web addresses kept as links. `line_start`: whether `text`
/// starts a line, where `#` and `=` would be read as a heading.
fn inline(text: &str, line_start: bool, out: &mut String) {
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some((words, url, used)) = link(rest) {
            out.push('[');
            inline_words(words, out);
            out.push_str("](<");
            out.push_str(url);
            out.push_str(">)");
            i += used;
            continue;
        }
        if let Some(url) = address(rest) {
            out.push('<');
            out.push_str(url);
            out.push('>');
            i += url.len();
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        escape(c, line_start && i == 0, out);
        i += c.len_utf8();
    }
}

/// Link text: escaped, with no links inside.
fn inline_words(words: &str, out: &mut String) {
    for c in words.chars() {
        escape(c, false, out);
    }
}

fn escape(c: char, at_start: bool, out: &mut String) {
    match c {
        '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' => {
            out.push('\\');
            out.push(c);
        }
        '#' | '=' if at_start => {
            out.push('\\');
            out.push(c);
        }
        _ => out.push(c),
    }
}

/// A Markdown link to a web address at the start of `text`: its words, its address and the bytes it
/// takes (`[words](https://…)`).
fn link(text: &str) -> Option<(&str, &str, usize)> {
    let after = text.strip_prefix('[')?;
    // The words end at the first bracket; stopping at an opening one keeps a line of brackets linear.
    let close = after
        .find(['[', ']'])
        .filter(|&i| after[i..].starts_with("]("))?;
    let words = &after[..close];
    if words.is_empty() {
        return None;
    }
    let target = &after[close + 2..];
    // The target ends at the first `)`, and an address has no spaces: stop at either.
    let end = target
        .find([')', ' ', '\n'])
        .filter(|&i| target[i..].starts_with(')'))?;
    let url = &target[..end];
    let is_web = address(url).is_some_and(|a| a.len() == url.len());
    is_web.then_some((words, url, 1 + close + 2 + end + 1))
}

/// A web address at the start of `text` (`https://…`), without the punctuation that ends a sentence
/// after it; it must fit in an autolink (no spaces, no angle brackets, no backslash).
fn address(text: &str) -> Option<&str> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return None;
    }
    // An address is short; looking no further than 2 KiB keeps a line of them linear.
    let mut cut = text.len().min(2048);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let window = &text[..cut];
    let end = window
        .find(|c: char| c.is_whitespace() || c.is_control() || "<>\"`\\".contains(c))
        .unwrap_or(window.len());
    let mut url = &window[..end];
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        // A closing parenthesis belongs to the address only when it opens one too.
        let trimmed = if trimmed.ends_with(')')
            && trimmed.matches('(').count() < trimmed.matches(')').count()
        {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            break;
        }
        url = trimmed;
    }
    // A host name with a dot, of the characters a host name has (`http://https://。` in a page is not an
    // address, however it starts).
    let rest = url.split_once("://").map_or("", |(_, h)| h);
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .rsplit('@')
        .next()
        .unwrap_or_default();
    let hostname = host.split(':').next().unwrap_or_default();
    let plausible = hostname.contains('.')
        && hostname.starts_with(|c: char| c.is_ascii_alphanumeric())
        && hostname
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    plausible.then_some(url)
}

/// [`text`] on one line, for list items: line breaks become spaces.
pub fn one_line(raw: &str) -> String {
    text(raw).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `value` as inline code, whatever backticks it contains.
pub fn code(value: &str) -> String {
    if value.is_empty() {
        return "` `".to_owned();
    }
    let longest = value.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // One line only: inline code cannot span paragraphs.
    let value = clean(value).replace('\n', " ");
    let pad = if value.starts_with('`') || value.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{value}{pad}{fence}")
}

/// Joins non-empty paragraphs with blank lines.
pub fn paragraphs<I: IntoIterator<Item = String>>(parts: I) -> String {
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(
            text("a `b` *c* [d] <e> ~~g~~"),
            "a \\`b\\` \\*c\\* \\[d\\] \\<e\\> \\~\\~g\\~\\~"
        );
        assert_eq!(
            text("#not a heading\n  indented\n= x"),
            "\\#not a heading\nindented\n\\= x"
        );
        assert_eq!(text("*/ \"# {braces}"), "\\*/ \"# {braces}");
    }

    #[test]
    fn light_markup_renders_as_markdown() {
        assert_eq!(
            text(
                "Intro.\n## Debugging\nSee [OpenAPI Explorer](https://api.aliyun.com/#product=Dts&api=X)."
            ),
            "Intro.\n\n**Debugging**\n\nSee [OpenAPI Explorer](<https://api.aliyun.com/#product=Dts&api=X>)."
        );
        assert_eq!(
            text("Set it.\n>  If the instance is *RDS*, skip it.\n> Second line.\nAfter."),
            "Set it.\n> If the instance is \\*RDS\\*, skip it.\n> Second line.\n\nAfter."
        );
        assert_eq!(
            text("Docs at https://help.aliyun.com/x.html. Or (https://a.b/c(d))."),
            "Docs at <https://help.aliyun.com/x.html>. Or (<https://a.b/c(d)>)."
        );
        // A page's broken link (`http://https://` and punctuation) is text, not an address.
        assert_eq!(
            text("[ It can contain letters.](http://https://。、（:）)"),
            "\\[ It can contain letters.\\](http://https://。、（:）)"
        );
        // Not links: an Alibaba page id, a relative target, a bare scheme.
        assert_eq!(
            text("[a](~~1~~) [b](/x) https:// x"),
            "\\[a\\](\\~\\~1\\~\\~) \\[b\\](/x) https:// x"
        );
        assert_eq!(text(">"), "\\>");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("plain"), "`plain`");
        assert_eq!(code("a `b` c"), "``a `b` c``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code(""), "` `");
        assert_eq!(code("two\nlines"), "`two lines`");
        assert_eq!(code("cr\rhere\u{7}"), "`cr here `");
    }

    #[test]
    fn a_list_is_ended_before_plain_text() {
        assert_eq!(
            text("Values:\n- a\n- b\nNote: c"),
            "Values:\n- a\n- b\n\nNote: c"
        );
        assert_eq!(text("1. one\n2) two\nafter"), "1. one\n2) two\n\nafter");
        assert_eq!(text("- a\n\nafter"), "- a\n\nafter");
        assert_eq!(text("no list\nhere"), "no list\nhere");
    }

    #[test]
    fn control_characters_never_reach_a_comment() {
        assert_eq!(text("a\r\nb\rc\u{1b}[31m\u{0}"), "a\nb\nc \\[31m");
        assert_eq!(clean("tab\tgone"), "tab gone");
        assert_eq!(
            text("evil\u{202e}txt.exe \u{2066}x"),
            "evilU+202Etxt.exe U+2066x"
        );
        assert_eq!(code("a\u{202d}b"), "`aU+202Db`");
    }
}
