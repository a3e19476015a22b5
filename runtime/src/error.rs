//! [`Error`], the one error type of the runtime, and [`ErrorKind`], what went wrong in a word.
//!
//! Errors carry context (operation, HTTP status, service code, request id, body snippet) but never a
//! secret: nothing here ever receives an AccessKeySecret or SecurityToken, and transport errors have their
//! URL stripped because request parameters (which may include passwords) travel in the query string.

use std::fmt;

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input failed validation before anything was sent.
    Validation,
    /// Credentials are missing or unusable.
    Credentials,
    /// The client is misconfigured (endpoint, region, TLS setup).
    Config,
    /// The request could not be sent or the response could not be read.
    Transport,
    /// An attempt took longer than the configured timeout.
    Timeout,
    /// The service answered with an error.
    Service,
    /// The service answered success but the body did not match the expected shape.
    Decode,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Validation => "invalid input",
            ErrorKind::Credentials => "credentials error",
            ErrorKind::Config => "configuration error",
            ErrorKind::Transport => "transport error",
            ErrorKind::Timeout => "timed out",
            ErrorKind::Service => "service error",
            ErrorKind::Decode => "could not decode response",
        })
    }
}

/// An error from the runtime: a kind, a message and whatever context is known.
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    message: String,
    operation: Option<String>,
    http_status: Option<u16>,
    code: Option<String>,
    request_id: Option<String>,
    host_id: Option<String>,
    recommend: Option<String>,
    body_snippet: Option<String>,
    problems: Vec<String>,
    /// The request never left this machine (connection refused, DNS failure), so repeating it is safe.
    never_sent: bool,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Error {
    /// A new error of `kind` with a human-readable `message`. The message must not contain secrets.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                operation: None,
                http_status: None,
                code: None,
                request_id: None,
                host_id: None,
                recommend: None,
                body_snippet: None,
                problems: Vec::new(),
                never_sent: false,
                source: None,
            }),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The message: the service's `Message` for service errors, otherwise a description.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The service's error code (`Code` or `ErrCode`), e.g. `Forbidden.RAM`.
    pub fn code(&self) -> Option<&str> {
        self.inner.code.as_deref()
    }

    /// The `RequestId` the service gave, for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// The HTTP status of the response, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        self.inner.http_status
    }

    /// The API action (e.g. `DescribePreCheckStatus`) this error happened in.
    pub fn operation(&self) -> Option<&str> {
        self.inner.operation.as_deref()
    }

    /// The service's `HostId`.
    pub fn host_id(&self) -> Option<&str> {
        self.inner.host_id.as_deref()
    }

    /// The service's `Recommend` text, usually a link to a diagnosis page.
    pub fn recommend(&self) -> Option<&str> {
        self.inner.recommend.as_deref()
    }

    /// The start of the response body, when it could not be understood.
    pub fn body_snippet(&self) -> Option<&str> {
        self.inner.body_snippet.as_deref()
    }

    /// Every problem found by validation (empty for other kinds).
    pub fn problems(&self) -> &[String] {
        &self.inner.problems
    }

    /// Whether a later attempt might succeed: timeouts, transport failures, HTTP 5xx and throttling.
    pub fn is_retryable(&self) -> bool {
        match self.kind() {
            ErrorKind::Timeout | ErrorKind::Transport => true,
            ErrorKind::Service => {
                self.http_status().is_some_and(|s| s >= 500)
                    || self
                        .code()
                        .is_some_and(|c| c.starts_with("Throttling") || c == "ServiceUnavailable")
            }
            _ => false,
        }
    }

    pub(crate) fn with_operation(mut self, operation: &str) -> Self {
        if self.inner.operation.is_none() {
            self.inner.operation = Some(operation.to_owned());
        }
        self
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.inner.http_status = Some(status);
        self
    }

    pub(crate) fn with_code(mut self, code: Option<String>) -> Self {
        self.inner.code = code;
        self
    }

    pub(crate) fn with_request_id(mut self, id: Option<String>) -> Self {
        self.inner.request_id = id;
        self
    }

    pub(crate) fn with_host_id(mut self, id: Option<String>) -> Self {
        self.inner.host_id = id;
        self
    }

    pub(crate) fn with_recommend(mut self, recommend: Option<String>) -> Self {
        self.inner.recommend = recommend;
        self
    }

    pub(crate) fn with_snippet(mut self, snippet: String) -> Self {
        self.inner.body_snippet = Some(snippet);
        self
    }

    pub(crate) fn with_problems(mut self, problems: Vec<String>) -> Self {
        self.inner.problems = problems;
        self
    }

    pub(crate) fn never_sent(mut self) -> Self {
        self.inner.never_sent = true;
        self
    }

    pub(crate) fn was_never_sent(&self) -> bool {
        self.inner.never_sent
    }

    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.inner.source = Some(Box::new(source));
        self
    }
}

/// At most `max` bytes of `text`, cut on a char boundary, with `…` when something was cut.
pub(crate) fn snippet(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        if let Some(op) = &i.operation {
            write!(f, "{op}: ")?;
        }
        write!(f, "{}", self.kind())?;
        if let Some(status) = i.http_status {
            write!(f, " (HTTP {status})")?;
        }
        if let Some(code) = &i.code {
            write!(f, " {code}")?;
        }
        if !i.message.is_empty() {
            write!(f, ": {}", i.message)?;
        }
        if let Some(id) = &i.request_id {
            write!(f, " [request id {id}]")?;
        }
        if let Some(rec) = &i.recommend {
            write!(f, " (see {rec})")?;
        }
        if let Some(snip) = &i.body_snippet {
            write!(f, "; body: {snip}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.kind()).field("message", &i.message);
        if let Some(v) = &i.operation {
            d.field("operation", v);
        }
        if let Some(v) = &i.http_status {
            d.field("http_status", v);
        }
        if let Some(v) = &i.code {
            d.field("code", v);
        }
        if let Some(v) = &i.request_id {
            d.field("request_id", v);
        }
        if let Some(v) = &i.host_id {
            d.field("host_id", v);
        }
        if let Some(v) = &i.recommend {
            d.field("recommend", v);
        }
        if let Some(v) = &i.body_snippet {
            d.field("body_snippet", v);
        }
        if !i.problems.is_empty() {
            d.field("problems", &i.problems);
        }
        if let Some(v) = &i.source {
            d.field("source", v);
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
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
}
