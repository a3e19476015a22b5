//! [`Error`], the one error type of the runtime, and [`ErrorKind`], what went wrong in a word.
//!
//! Errors carry context (operation, HTTP status, service code, request id, body snippet) but never a
//! secret: the runtime removes the call's AccessKeySecret and SecurityToken from the service's answers
//! before building an error, every stored text is cleaned on the way in (credential values after their
//! keys redacted, control characters escaped, length bounded; see `text`), and transport errors have
//! their URL stripped because request parameters (which may include passwords) travel in the query
//! string.

mod build;
mod classify;
#[cfg(test)]
mod display_tests;
mod format;
pub(crate) mod text;

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
    /// The response body was larger than the configured limit
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)); the message
    /// names the limit. Never retried: the same request would get the same answer.
    ResponseTooLarge,
    /// A paginator stopped at its page limit while the service still announced more pages; see
    /// [`Paginator::max_pages`](crate::Paginator::max_pages).
    Pagination,
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
            ErrorKind::ResponseTooLarge => "response too large",
            ErrorKind::Pagination => "pagination did not end",
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
    /// The `HttpStatusCode` an HTTP 2xx body reported its failure with (`"Success": false`).
    body_status: Option<u16>,
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
    /// Whether retrying cannot help whatever the kind says (e.g. a rejected TLS certificate).
    permanent: bool,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Error {
    /// A new error of `kind` with a human-readable `message`. The message must not contain secrets; it
    /// is cleaned like every text an error stores (credential values after their keys redacted, control
    /// characters escaped, at most 4 KiB).
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        let message: String = message.into();
        Error {
            inner: Box::new(Inner {
                kind,
                message: text::clean(&message, text::MAX_MESSAGE),
                operation: None,
                http_status: None,
                body_status: None,
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
                permanent: false,
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

    /// The HTTP status of the response, when there was one: what the transport got, also when an
    /// HTTP 200 body reported a failure (see [`Error::body_status`]).
    pub fn http_status(&self) -> Option<u16> {
        self.inner.http_status
    }

    /// The status a successful (2xx) body reported its failure with: products such as DBS answer HTTP 200
    /// with `"Success": false` and an `HttpStatusCode` (e.g. 400 or 403) in the body. `None` for other
    /// errors. Classification ([`Error::is_retryable`], [`Error::is_access_denied`], ...) considers it
    /// alongside [`Error::http_status`].
    pub fn body_status(&self) -> Option<u16> {
        self.inner.body_status
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
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
