//! The renderer on tricky inputs, on the forms the generator writes and the spec text carries today,
//! on random text (it must never panic), and on every text of the whole catalogue.

use super::{line, text};

#[test]
fn escapes_become_the_characters() {
    assert_eq!(
        text(r"a \`b\` \*c\* \[d\] \<e\> \| f\_g \\ h"),
        r"a `b` *c* [d] <e> | f_g \ h"
    );
    // The generator escapes a `#` opening a line; in spec text such a line is a web page's heading.
    assert_eq!(text(r"\# Title"), "Title:");
    // A backslash before anything else is a backslash.
    assert_eq!(text(r"C:\Users\n"), r"C:\Users\n");
    assert_eq!(text("ends with \\"), "ends with \\");
}

#[test]
fn code_spans_show_their_content() {
    assert_eq!(
        text("Wire name: `DtsJobId`. Example: ``a `b` c``, `` `x` ``."),
        "Wire name: DtsJobId. Example: a `b` c, `x`."
    );
    assert_eq!(text("` `"), "");
    // Code is shown as written, except the escapes and bold the metadata puts in the spec's examples.
    assert_eq!(text(r#"`[a](b) \\ \"q\"`"#), r#"[a](b) \\ \"q\""#);
    assert_eq!(
        text(r"Example: `Rule\*\*\*\*`, `to **Run**.`"),
        "Example: Rule****, to Run."
    );
    assert_eq!(text("an `unclosed span"), "an `unclosed span");
}

#[test]
fn emphasis_is_plain_words_and_lone_stars_stay() {
    assert_eq!(text("**Bold** word"), "Bold word");
    assert_eq!(
        text("some *word* and **two words**"),
        "some word and two words"
    );
    assert_eq!(text("a * b"), "a * b");
    // Broken markup of the source: an opening `**` nothing closes, at the start of a word.
    assert_eq!(text(r"unique. \*\*The token"), "unique. The token");
    assert_eq!(text(r"mask\*\* here"), "mask** here");
    // An ID masked by the spec keeps its stars.
    assert_eq!(text(r"dtsl3m1213ye7l\*\*\*\*"), "dtsl3m1213ye7l****");
}

#[test]
fn links_read_as_title_and_url() {
    assert_eq!(
        text("see [the guide](<https://example.com/a_(b)>) now"),
        "see the guide (https://example.com/a_(b)) now"
    );
    assert_eq!(
        text("[x](https://e.com/p?q=(1))"),
        "x (https://e.com/p?q=(1))"
    );
    assert_eq!(text("<https://e.com/x>"), "https://e.com/x");
    assert_eq!(text("[https://e.com](https://e.com)"), "https://e.com");
    assert_eq!(
        text("[`code` title](<https://e.com>)"),
        "code title (https://e.com)"
    );
    // Not links: kept as written.
    assert_eq!(text(r"\[a\] (b) and [c] d"), "[a] (b) and [c] d");
    assert_eq!(
        text("<Common request parameters>"),
        "<Common request parameters>"
    );
    assert_eq!(text("[unclosed](https://e.com"), "[unclosed](https://e.com");
}

#[test]
fn the_spec_text_of_today_reads_as_words() {
    // Markup of the web pages, escaped once more by the metadata's tools, then by the generator.
    assert_eq!(
        text(r"\\\\\*\\\\\*source instance\\\\\*\\\\\* is"),
        "source instance is"
    );
    assert_eq!(
        text(r"see \[Add the CIDR blocks\](~~176627~~)."),
        "see Add the CIDR blocks."
    );
    assert_eq!(text(r"call \[List\](~~~~) first"), "call List first");
    assert_eq!(
        text(r"\[OpenAPI Explorer\](https://api.aliyun.com/#product=Dts\\&api=X)"),
        "OpenAPI Explorer (https://api.aliyun.com/#product=Dts&api=X)"
    );
    assert_eq!(
        text("Queries tasks.\n\n\\## Debugging\n\nText."),
        "Queries tasks.\n\nDebugging:\n\nText."
    );
    assert_eq!(
        text("Values:\n\n\\>\n\n- If the source"),
        "Values:\n\nNote:\n\n- If the source"
    );
}

#[test]
fn headings_notes_lists_and_paragraphs() {
    assert_eq!(
        text(
            "Configures a task.\n\n# Authorization\n\nRAM action `dts:X`.\n\n## Errors ##\n\n- HTTP 400 `A`: a\n- b\n\n1. one\n2) two"
        ),
        "Configures a task.\n\nAuthorization:\n\nRAM action dts:X.\n\nErrors:\n\n- HTTP 400 A: a\n- b\n\n1. one\n2) two"
    );
    assert_eq!(text("# Done?"), "Done?");
    // The spec's headings, as the generator writes them.
    assert_eq!(
        text("Intro.\n\n**Debugging**\n\nText"),
        "Intro.\n\nDebugging:\n\nText"
    );
    assert_eq!(text("**a** and **b**"), "a and b");
    assert_eq!(text("#hashtag"), "#hashtag");
    assert_eq!(
        text("> The value is *kept*.\n> Second line.\n\nAfter."),
        "Note: The value is kept.\n  Second line.\n\nAfter."
    );
    assert_eq!(text("> Notice: careful"), "Notice: careful");
    assert_eq!(text("> > nested"), "Note: nested");
    assert_eq!(text("* star\n+ plus"), "- star\n- plus");
    assert_eq!(text("\n\n\na\n\n\n\nb\n\n"), "a\n\nb");
    assert_eq!(
        text("```\nlet *x* = [1](2);\n```\nafter"),
        "    let *x* = [1](2);\nafter"
    );
}

#[test]
fn line_joins_everything_on_one_line() {
    assert_eq!(line("**precheck**.\n\nSecond"), "precheck. Second");
    assert_eq!(line(""), "");
}

#[test]
fn any_text_renders_without_panicking() {
    // A fixed pseudo-random sequence over the characters that matter, multibyte ones included.
    let alphabet: Vec<char> = "\\`*[]()<>#>-~_ \n1.aé中\u{E000}\u{F8FF}:"
        .chars()
        .collect();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..3_000 {
        let mut s = String::new();
        for _ in 0..(seed % 40) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = usize::try_from(seed % alphabet.len() as u64).unwrap_or(0);
            s.push(alphabet[n]);
        }
        let _ = text(&s);
        let _ = line(&s);
    }
    // Private-use characters in the input never stand in for code or URLs.
    assert_eq!(text("\u{E000} `a`"), "\u{FFFD} a");
}

/// What must never reach a reader, or `None`.
fn markdown_left(rendered: &str) -> Option<&'static str> {
    let chars: Vec<char> = rendered.chars().collect();
    for pair in chars.windows(2) {
        if pair[0] == '\\' && "`*[]<>|#=".contains(pair[1]) {
            return Some("an escape");
        }
    }
    for line in rendered.lines() {
        // `**` opening a word and closed later on the line: bold markup (a masked ID's `****` ends a
        // word instead, and a masked example such as `**7ad7e3a` closes nothing).
        let chars: Vec<char> = line.chars().collect();
        for (i, pair) in chars.windows(3).enumerate() {
            let starts_word = i == 0 || !chars[i - 1].is_alphanumeric() && chars[i - 1] != '*';
            let closed = || line.chars().skip(i + 3).collect::<String>().contains("**");
            if pair[0] == '*'
                && pair[1] == '*'
                && pair[2].is_alphanumeric()
                && starts_word
                && closed()
            {
                return Some("bold markup");
            }
        }
    }
    if rendered.contains("](") {
        return Some("a link");
    }
    if rendered.contains("~~") {
        return Some("a document reference");
    }
    if rendered.lines().any(|l| l.trim_start().starts_with('#')) {
        return Some("a heading");
    }
    None
}

#[test]
fn no_text_of_the_catalogue_keeps_markdown() {
    let mut checked = 0usize;
    let mut bad: Vec<String> = Vec::new();
    for info in crate::catalog::operations() {
        let Some(help) = crate::catalog::help(info.service.module, info.action) else {
            continue;
        };
        let mut texts: Vec<(String, String)> = vec![
            (format!("{} doc", help.action), text(help.doc)),
            (format!("{} summary", help.action), line(help.summary)),
        ];
        for p in help.params {
            texts.push((format!("{} {}", help.action, p.name), text(p.doc)));
            for v in p.values {
                texts.push((
                    format!("{} {}={}", help.action, p.name, v.value),
                    line(v.doc),
                ));
            }
        }
        for (what, rendered) in texts {
            checked += 1;
            if let Some(why) = markdown_left(&rendered) {
                bad.push(format!("{what}: {why} in {rendered:?}"));
            }
        }
    }
    assert!(checked > 5_000, "the whole catalogue: {checked}");
    assert!(
        bad.is_empty(),
        "{} texts keep Markdown:\n{}",
        bad.len(),
        bad[..bad.len().min(20)].join("\n")
    );
}
