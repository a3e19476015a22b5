//! Doc text from spec text: plain words in, Markdown that renders as those words out.
//!
//! Spec text comes from web pages and contains SQL with backticks, JSON with brackets and braces, and
//! placeholders like `<Common request parameters>`. Escaping here keeps rustdoc from reading any of it as
//! Markdown, links or HTML. Docs reach the output as `#[doc = "..."]` string literals built by `quote!`,
//! so no text can end a comment or inject code whatever it contains.

/// Escapes Markdown in free text and trims each line, keeping paragraphs.
pub fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, line) in raw.trim().lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim();
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

/// `value` as inline code, whatever backticks it contains.
pub fn code(value: &str) -> String {
    if value.is_empty() {
        return "` `".to_owned();
    }
    let longest = value.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // One line only: inline code cannot span paragraphs.
    let value = value.replace(['\n', '\r'], " ");
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
    }
}
