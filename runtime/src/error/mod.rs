//! [`Error`], the one error type of the runtime, and [`ErrorKind`], what went wrong in a word.
//!
//! Errors carry context (operation, HTTP status, service code, request id, body snippet) but never a
//! secret: nothing here ever receives an AccessKeySecret or SecurityToken, and transport errors have their
//! URL stripped because request parameters (which may include passwords) travel in the query string.

mod classify;
#[cfg(test)]
mod display_tests;

use std::fmt;
use std::time::Duration;

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
    /// A connect, per-attempt or whole-operation timeout elapsed; the message says which.
    Timeout,
    /// The service answered with an error.
    Service,
    /// The service refused the call because of flow control (`Throttling*` codes or HTTP 429); see
    /// [`Error::retry_after`].
    Throttling,
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
            ErrorKind::Throttling => "throttled",
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
    /// How long the service asked the client to wait (`x-acs-retry-after` or `Retry-After`).
    retry_after: Option<Duration>,
    /// The JSON text of the `AccessDeniedDetail` of a permission error.
    access_denied_detail: Option<String>,
    /// The path of the field a decode error happened at.
    field: Option<String>,
    /// How many attempts the call made before this error.
    attempts: Option<u32>,
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
                retry_after: None,
                access_denied_detail: None,
                field: None,
                attempts: None,
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

    /// How long the service asked the client to wait before trying again, from the `x-acs-retry-after`
    /// (milliseconds) or `Retry-After` (seconds) response header.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// The `AccessDeniedDetail` of a permission error (`NoPermission`, `Forbidden.RAM`, ...) as JSON text
    /// (a string detail is kept as it is): which policy, principal and action were denied.
    pub fn access_denied_detail(&self) -> Option<&str> {
        self.inner.access_denied_detail.as_deref()
    }

    /// For decode errors, the path of the field that did not match, e.g. `Items[1].Count`.
    pub fn field(&self) -> Option<&str> {
        self.inner.field.as_deref()
    }

    /// How many attempts the call made (set on errors returned by [`crate::Client::invoke`] once at least
    /// one request was sent).
    pub fn attempts(&self) -> Option<u32> {
        self.inner.attempts
    }

    pub(crate) fn with_retry_after(mut self, after: Option<Duration>) -> Self {
        if after.is_some() {
            self.inner.retry_after = after;
        }
        self
    }

    pub(crate) fn with_access_denied_detail(mut self, detail: Option<String>) -> Self {
        self.inner.access_denied_detail = detail;
        self
    }

    pub(crate) fn with_field(mut self, field: String) -> Self {
        self.inner.field = Some(field);
        self
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        // Zero means nothing was sent (e.g. the deadline passed while resolving credentials).
        if self.inner.attempts.is_none() && attempts > 0 {
            self.inner.attempts = Some(attempts);
        }
        self
    }

    #[cfg(test)]
    pub(crate) fn with_kind(mut self, kind: ErrorKind) -> Self {
        self.inner.kind = kind;
        self
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
        if let Some(after) = i.retry_after {
            write!(f, " (retry after {after:?})")?;
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
        if let Some(v) = &i.retry_after {
            d.field("retry_after", v);
        }
        if let Some(v) = &i.access_denied_detail {
            d.field("access_denied_detail", v);
        }
        if let Some(v) = &i.field {
            d.field("field", v);
        }
        if let Some(v) = &i.attempts {
            d.field("attempts", v);
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
