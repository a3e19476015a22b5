//! Documentation text from the metadata: Alibaba's link form reduced to its words, whitespace tidied,
//! paragraphs joined.

/// `[text](~~12345~~)` (a link to another page of Alibaba's reference, by page id or operation name)
/// becomes `text`: the target means nothing outside Alibaba's site. A link to a web address is kept; a
/// link to anything else (a page's broken link, `[…](http://https://。、)`) becomes its words too.
pub fn unlink(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match link_at(after) {
            Some((words, target, used)) => {
                if web_address(target) {
                    out.push('[');
                    out.push_str(&after[..used]);
                } else {
                    out.push_str(words);
                }
                rest = &after[used..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The words, the target and the length of a link `words](target)` at the start of `after` (the text
/// after a `[`). The words end at the first bracket: stopping at an opening one keeps a line of brackets
/// linear, and words with brackets inside are not a link.
fn link_at(after: &str) -> Option<(&str, &str, usize)> {
    let close = after
        .find(['[', ']'])
        .filter(|&i| after[i..].starts_with("]("))?;
    let target = &after[close + 2..];
    let end = target
        .find([')', '\n'])
        .filter(|&i| target[i..].starts_with(')'))?;
    let id = target[..end].trim();
    let words = &after[..close];
    (!id.is_empty() && !words.is_empty()).then_some((words, id, close + 2 + end + 1))
}

/// Whether `target` is a web address a reader can follow: `http(s)://` and a host name with a dot.
fn web_address(target: &str) -> bool {
    let Some(rest) = target
        .strip_prefix("https://")
        .or_else(|| target.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or_default();
    host.contains('.')
        && host.starts_with(|c: char| c.is_ascii_alphanumeric())
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && !target.contains(char::is_whitespace)
}

/// Metadata text as a spec keeps it: plain words with the spec's light markup (headings, `> ` notes,
/// `[text](https://…)` links), which the generator renders for rustdoc and the CLI for a terminal.
/// Backslash escapes are undone first (the metadata escapes Markdown, sometimes several times over:
/// `\\\\*\\\\*source\\\\*\\\\*`), then Alibaba's links are unwrapped, `**value**` loses its asterisks,
/// `*   item` bullets become `- item` (a list the generator keeps), `\r\n` becomes `\n`, trailing spaces of
/// each line and white space at either end go (indentation inside, which nests lists, stays).
pub fn clean(raw: &str) -> String {
    let text = unlink(&unescape(&raw.replace("\r\n", "\n")));
    let lines: Vec<String> = text
        .lines()
        .map(|l| unbold(&bullet(l.trim_end())))
        .collect();
    lines.join("\n").trim().to_owned()
}

/// Drops every run of backslashes that escapes an ASCII punctuation character (`\*`, `\\\\[`, `\\\>`):
/// Markdown escapes of the page's own markup, applied once per layer of Alibaba's publishing. A
/// backslash before anything else (`C:\Users`, `\d+`, `\n` in prose) is text and stays.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let run = &rest[at..];
        let slashes = run.len() - run.trim_start_matches('\\').len();
        let after = run[slashes..].chars().next();
        if !after.is_some_and(|c| c.is_ascii_punctuation()) {
            out.push_str(&run[..slashes]);
        }
        rest = &run[slashes..];
    }
    out.push_str(rest);
    out
}

/// `*   item` → `- item`, keeping the indentation.
fn bullet(line: &str) -> String {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    match body.strip_prefix('*') {
        Some(rest) if rest.starts_with([' ', '\t']) => format!("{indent}- {}", rest.trim_start()),
        _ => line.to_owned(),
    }
}

/// `**word**` → `word`. Masked values (`1234****`) are left alone: the text between the asterisks must be
/// there and must not start or end with a space.
fn unbold(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find("**") {
        let after = &rest[open + 2..];
        let inner = after
            .find("**")
            .map(|close| &after[..close])
            .filter(|inner| {
                !inner.is_empty() && !inner.starts_with([' ', '*']) && !inner.ends_with([' ', '*'])
            });
        match inner {
            Some(inner) => {
                out.push_str(&rest[..open]);
                out.push_str(inner);
                rest = &after[inner.len() + 2..];
            }
            None => {
                // Not emphasis: keep the run of asterisks whole, so it is not split into pairs.
                let run = rest[open..].len() - rest[open..].trim_start_matches('*').len();
                out.push_str(&rest[..open + run]);
                rest = &rest[open + run..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Paragraphs joined by a blank line, leaving out empty ones and repeats of an earlier one.
pub fn paragraphs<I, S>(parts: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut kept: Vec<String> = Vec::new();
    for part in parts {
        let part = part.as_ref().trim();
        if !part.is_empty() && !kept.iter().any(|k| k == part) {
            kept.push(part.to_owned());
        }
    }
    kept.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alibaba_links_become_their_words() {
        assert_eq!(
            unlink(
                "see [Supported regions](~~141033~~) and [ListCheckResult](~~ListCheckResult~~)."
            ),
            "see Supported regions and ListCheckResult."
        );
        assert_eq!(
            unlink("[a](https://x.y) [b] [c](~~ x~~) [d](~~1~~"),
            "[a](https://x.y) [b] c [d](~~1~~"
        );
        // A link to no web address reads as its words; a line of brackets is linear.
        assert_eq!(
            unlink(
                "cannot start with https://.[ It can contain letters.](http://https://。、（:）)"
            ),
            "cannot start with https://. It can contain letters."
        );
        assert_eq!(unlink("[a](/relative) [b](ftp://x.y)"), "a b");
        assert_eq!(unlink(&"[".repeat(100_000)).len(), 100_000);
        assert_eq!(unlink("[[x](~~1~~)]"), "[x]");
        assert_eq!(unlink("中文[链接](~~2~~)。"), "中文链接。");
    }

    #[test]
    fn text_is_tidied_and_joined() {
        assert_eq!(
            clean("\n  First.  \r\n\r\n    * item \n\n"),
            "First.\n\n    - item"
        );
        assert_eq!(
            clean("Valid values:\n\n*   **1**: alert\n*\t**2**: block\n*not a bullet*"),
            "Valid values:\n\n- 1: alert\n- 2: block\n*not a bullet*"
        );
        assert_eq!(
            clean("ID 1234**** or i-**** or ** x ** or **a**b**"),
            "ID 1234**** or i-**** or ** x ** or ab**"
        );
        assert_eq!(clean("**00:00 to 06:00:** If"), "00:00 to 06:00: If");
        // Escapes of the page's markup, however many layers deep, are undone before the markup is read.
        assert_eq!(
            clean(
                r"If the \\\\*\\\\*source\\\\*\\\\* is \\\\[Add it\\\\]\\\(~~176627~~). \\\>  Note"
            ),
            "If the source is Add it. >  Note"
        );
        assert_eq!(
            clean(r"C:\Users\me and \d+ and a\\b"),
            r"C:\Users\me and \d+ and a\\b"
        );
        assert_eq!(clean(r"\\"), r"\\");
        assert_eq!(paragraphs(["a", "", " b ", "a"]), "a\n\nb");
    }
}
