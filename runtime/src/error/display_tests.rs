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
fn snippet_cuts_on_char_boundary() {
    assert_eq!(snippet("abc", 10), "abc");
    assert_eq!(snippet("abcdef", 3), "abc…");
    // "中" is three bytes; cutting at 4 must back off to 3.
    assert_eq!(snippet("中中", 4), "中…");
}

#[test]
fn source_is_exposed() {
    use std::error::Error as _;
    let io = std::io::Error::other("boom");
    let e = Error::new(ErrorKind::Transport, "send failed").with_source(io);
    assert_eq!(e.source().map(|s| s.to_string()).as_deref(), Some("boom"));
}
