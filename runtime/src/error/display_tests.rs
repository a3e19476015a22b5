//! Tests of how an [`Error`](super::Error) shows itself: Display, Debug, snippets and sources.

use super::*;

#[test]
fn display_has_all_context() {
    let e = Error::new(ErrorKind::Service, "You are not authorized")
        .with_operation("DescribeJobs")
        .with_status(403)
        .with_code(Some("Forbidden.RAM".into()))
        .with_request_id(Some("REQ-1".into()))
        .with_recommend(Some("https://example.invalid/diag".into()));
    let s = e.to_string();
    assert_eq!(
        s,
        "DescribeJobs: service error (HTTP 403) Forbidden.RAM: You are not authorized \
         [request id REQ-1] (see https://example.invalid/diag)"
    );
    assert!(format!("{e:?}").contains("Forbidden.RAM"));
    assert!(!e.is_retryable());
    assert!(
        Error::new(ErrorKind::Service, "x")
            .with_code(Some("Throttling.User".into()))
            .is_retryable()
    );
}

#[test]
fn server_text_cannot_forge_lines_or_grow_without_bound() {
    let forged = "denied\n2024-01-01 INFO login ok \u{1b}[2K\r";
    let e = Error::new(ErrorKind::Service, forged)
        .with_status(200)
        .with_body_status(Some(403))
        .with_code(Some(format!("Bad\nCode{}", "C".repeat(1000))))
        .with_request_id(Some("REQ\u{1b}[31m".into()))
        .with_host_id(Some("h\u{202e}x".into()))
        .with_recommend(Some(format!("https://r/\n{}", "r".repeat(5000))))
        .with_field("Items[0].\nkey".into())
        .with_snippet(&format!("{}\n", "中".repeat(500)));
    let shown = e.to_string();
    for c in ['\n', '\r', '\u{1b}', '\u{202e}'] {
        assert!(!shown.contains(c), "{c:?} in {shown}");
        assert!(!format!("{e:?}").contains(c));
    }
    assert!(shown.contains("(HTTP 200, body status 403)"), "{shown}");
    assert!(
        shown.contains("denied\\n2024-01-01 INFO login ok \\u{1b}[2K\\r"),
        "{shown}"
    );
    assert!(e.code().unwrap().len() <= text::MAX_ID);
    assert!(e.code().unwrap().starts_with("Bad\\nCode"));
    assert_eq!(e.request_id(), Some("REQ\\u{1b}[31m"));
    assert_eq!(e.host_id(), Some("h\\u{202e}x"));
    assert!(e.recommend().unwrap().len() <= text::MAX_RECOMMEND);
    assert_eq!(e.field(), Some("Items[0].\\nkey"));
    let snippet = e.body_snippet().unwrap();
    assert!(
        snippet.len() <= text::MAX_SNIPPET && snippet.ends_with('…'),
        "{snippet}"
    );
    assert!(shown.len() < 2 * 1024, "{}", shown.len());
    let long = Error::new(ErrorKind::Service, "m".repeat(100_000));
    assert!(long.message().len() <= text::MAX_MESSAGE);
}

#[test]
fn source_is_exposed() {
    use std::error::Error as _;
    let io = std::io::Error::other("boom");
    let e = Error::new(ErrorKind::Transport, "send failed").with_source(io);
    assert_eq!(e.source().map(|s| s.to_string()).as_deref(), Some("boom"));
}
