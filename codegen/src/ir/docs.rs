//! Doc text from spec text: plain words in, Markdown that renders as those words out.
//!
//! Spec text comes from web pages and contains SQL with backticks, JSON with brackets and braces, and
//! placeholders like `<Common request parameters>`. Escaping here keeps rustdoc from reading any of it as
//! Markdown, links or HTML. Docs reach the output as `#[doc = "..."]` string literals built by `quote!`,
//! so no text can end a comment or inject code whatever it contains.

/// Spec text with its line breaks normalised (`\r\n` and a lone `\r` become `\n`; rustdoc refuses a bare
/// carriage return) and every other control character replaced by a space: tabs too, which clippy
/// refuses in doc comments (`tabs_in_doc_comments`).
pub fn clean(raw: &str) -> String {
    raw.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            '\n' => c,
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// Whether a (trimmed) line starts a Markdown list item: `- x`, `+ x`, `1. x`, `1) x`.
fn list_item(line: &str) -> bool {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    line.starts_with("- ")
        || line.starts_with("+ ")
        || (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
}

/// Escapes Markdown in free text and trims each line, keeping paragraphs.
///
/// A line of plain text right after a list item would continue the item lazily, which reads wrong and
/// which clippy refuses (`doc_lazy_continuation`): a blank line ends the list first.
pub fn text(raw: &str) -> String {
    let raw = clean(raw);
    let mut out = String::with_capacity(raw.len());
    let mut in_list = false;
    for (i, line) in raw.trim().lines().enumerate() {
        let line = line.trim();
        if i > 0 {
            out.push('\n');
            if in_list && !line.is_empty() && !list_item(line) {
                out.push('\n');
            }
        }
        in_list = list_item(line);
        for (j, c) in line.char_indices() {
            let at_start = j == 0;
            match c {
                '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' => {
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
    }
    out
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
            text("a `b` *c* [d] <e>"),
            "a \\`b\\` \\*c\\* \\[d\\] \\<e\\>"
        );
        assert_eq!(
            text("# not a heading\n  indented"),
            "\\# not a heading\nindented"
        );
        assert_eq!(text("*/ \"# {braces}"), "\\*/ \"# {braces}");
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
    }
}
