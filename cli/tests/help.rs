//! Help as a person reads it: the spec's Markdown rendered as terminal text in `acs <module> --help`
//! and in each operation's `--help` (headings as lines ending in a colon, links as `title (url)`, code
//! as its content), with no escape, link syntax, document reference or heading mark left. The renderer's
//! own test covers every text of the catalogue; this one the commands that show them.

mod support;

use support::*;

/// Markdown a reader should never see in `text`, or `None`.
fn markdown_in(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    if let Some(w) = chars
        .windows(2)
        .find(|w| w[0] == '\\' && "`*[]<>|#".contains(w[1]))
    {
        return Some(format!("an escape {}{}", w[0], w[1]));
    }
    for mark in ["](", "~~"] {
        if text.contains(mark) {
            return Some(mark.to_owned());
        }
    }
    text.lines()
        .find(|l| l.trim_start().starts_with('#'))
        .map(|l| format!("a heading: {l}"))
}

#[tokio::test]
async fn module_help_is_plain_text() {
    for module in ["dbs", "dts", "sas"] {
        let run = Acs::new(&[module, "--help"]).run().await;
        run.assert_code(0);
        assert_eq!(markdown_in(&run.stdout), None, "{module}: {}", run.stdout);
    }
}

#[tokio::test]
async fn operation_help_is_plain_text() {
    for (module, op) in [
        ("dts", "describe-dts-jobs"),
        ("dts", "configure-dts-job"),
        ("dts", "describe-pre-check-status"),
        ("dbs", "describe-restore-task-list"),
        ("sas", "describe-image-build-risk-list"),
    ] {
        let run = Acs::new(&[module, op, "--help"]).run().await;
        run.assert_code(0);
        assert_eq!(
            markdown_in(&run.stdout),
            None,
            "{module} {op}: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains("\nAuthorization:\n"),
            "{module} {op}: {}",
            run.stdout
        );
        let first = run.stdout.lines().next().unwrap_or_default();
        assert!(
            first.chars().next().is_some_and(char::is_alphanumeric),
            "{module} {op}: {first}"
        );
    }
}

#[tokio::test]
async fn the_root_help_names_the_new_options() {
    let run = Acs::new(&["--help"]).run().await;
    run.assert_code(0);
    for part in [
        "--output json|jsonl|table|cols=A,B",
        "--query JMESPATH",
        "--no-check-values",
        "--all-pages [--max-pages N]",
    ] {
        assert!(run.stdout.contains(part), "{part}: {}", run.stdout);
    }
}
