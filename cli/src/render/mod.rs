//! Help text for the terminal. The help tables carry the rustdoc Markdown of the doc comments (written by
//! `codegen/src/ir/docs.rs`: escaped spec text, code spans, the generator's `# Authorization` headings,
//! lists, `**Heading**` paragraphs, `> note` lines and links); clap prints text as it is, so every
//! about, long about and help text taken from the tables goes through [`text`] (or [`fn@line`] for one
//! line) first: headings become a line ending in a colon, notes start with "Note:", links read
//! `title (url)`, code is its content and escapes are gone. Lines and paragraphs stay as written.
//!
//! Block structure (headings, notes, lists, fenced code) is read here, the words of a line in
//! [`inline`]. Any text renders without panicking; what is not understood is shown as written.

mod inline;
#[cfg(test)]
mod tests;

/// Words that already say a quoted paragraph is a note, so "Note:" is not put before them.
const NOTE_WORDS: &[&str] = &[
    "note",
    "notice",
    "warning",
    "important",
    "caution",
    "tip",
    "注意",
    "说明",
];

/// The Markdown `markdown` as terminal text, lines and paragraphs kept, without leading, trailing or
/// repeated blank lines.
pub fn text(markdown: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut in_note = false;
    for raw in markdown.lines() {
        let line = raw.trim_end();
        if let Some(open) = fence {
            if line.trim_start().starts_with(open) {
                fence = None;
            } else {
                // Code keeps its layout, set off by an indent as a terminal reader expects.
                lines.push(format!("    {line}"));
            }
            continue;
        }
        if let Some(open) = fence_start(line) {
            fence = Some(open);
            in_note = false;
            continue;
        }
        lines.push(block(line, &mut in_note));
    }
    tidy(&lines)
}

/// [`text`] on one line: for summaries and the meaning of a value.
pub fn line(markdown: &str) -> String {
    text(markdown)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fence (three or more backticks or tildes) that opens a code block on `line`, if it does.
fn fence_start(line: &str) -> Option<&'static str> {
    let t = line.trim_start();
    if t.starts_with("```") {
        Some("```")
    } else if t.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// One line outside code. `in_note` says whether the line before was part of a note, so a note's
/// later lines are indented under its first instead of each starting "Note:".
fn block(line: &str, in_note: &mut bool) -> String {
    let content = line.trim_start();
    let indent = &line[..line.len() - content.len()];
    if content.is_empty() {
        *in_note = false;
        return String::new();
    }
    if let Some(title) = heading(content).or_else(|| bold_line(content)) {
        *in_note = false;
        return heading_line(&inline::render(title));
    }
    if let Some(quoted) = content.strip_prefix('>') {
        let mut inner = quoted;
        // Nested quotes read as one note.
        while let Some(deeper) = inner.trim_start().strip_prefix('>') {
            inner = deeper;
        }
        let body = list_or_words(inner.trim());
        return note_line(indent, &body, in_note);
    }
    let body = list_or_words(content);
    // The spec's own headings and notes surface only once the escapes are read (`\## Debugging`).
    if let Some(title) = heading(&body) {
        *in_note = false;
        return heading_line(title);
    }
    if let Some(quoted) = body.strip_prefix('>') {
        return note_line(indent, quoted.trim(), in_note);
    }
    if *in_note {
        // A line right after a note continues it (Markdown's lazy continuation).
        return format!("{indent}  {body}");
    }
    format!("{indent}{body}")
}

/// A list item keeps its marker (`*` and `+` bullets become `-`); anything else is words.
fn list_or_words(content: &str) -> String {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = content.strip_prefix(bullet) {
            return format!("- {}", inline::render(rest));
        }
    }
    let digits = content.len()
        - content
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if digits > 0 && digits <= 9 {
        let after = &content[digits..];
        if after.starts_with(". ") || after.starts_with(") ") {
            return format!("{} {}", &content[..digits + 1], inline::render(&after[2..]));
        }
    }
    inline::render(content)
}

/// The title of an ATX heading (`# T` to `###### T`, closing `#`s dropped), if `content` is one.
fn heading(content: &str) -> Option<&str> {
    let hashes = content.len() - content.trim_start_matches('#').len();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &content[hashes..];
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some(rest.trim().trim_end_matches('#').trim_end())
}

/// The text of a line that is bold and nothing else (`**Debugging**`): how the generator writes the
/// spec's own headings.
fn bold_line(content: &str) -> Option<&str> {
    let inner = content.strip_prefix("**")?.strip_suffix("**")?;
    let plain = !inner.is_empty()
        && !inner.contains("**")
        && !inner.starts_with(char::is_whitespace)
        && !inner.ends_with(char::is_whitespace);
    plain.then_some(inner)
}

/// A heading as clap writes its own ("Options:"): the title and a colon.
fn heading_line(title: &str) -> String {
    let title = title.trim();
    match title.chars().last() {
        None => String::new(),
        Some(':' | '：' | '?' | '？' | '.' | '。' | '!') => title.to_owned(),
        Some(_) => format!("{title}:"),
    }
}

/// A line of a note: the first starts "Note:" unless it names itself, later ones are indented.
fn note_line(indent: &str, body: &str, in_note: &mut bool) -> String {
    if *in_note {
        return if body.is_empty() {
            String::new()
        } else {
            format!("{indent}  {body}")
        };
    }
    *in_note = true;
    let lower = body.to_lowercase();
    if NOTE_WORDS.iter().any(|w| lower.starts_with(w)) {
        format!("{indent}{body}")
    } else if body.is_empty() {
        format!("{indent}Note:")
    } else {
        format!("{indent}Note: {body}")
    }
}

/// `lines` joined, trailing spaces trimmed, blank runs made one blank line, none at either end.
fn tidy(lines: &[String]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in lines {
        let line = line.trim_end();
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}
