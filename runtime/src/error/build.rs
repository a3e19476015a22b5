//! How the runtime fills in an [`Error`]'s context. Every text goes through [`text::clean`] on the way in,
//! with a bound that fits what it is, so whatever a service sends back is stored redacted, escaped and
//! short.

use std::time::Duration;

use super::{Error, text};

impl Error {
    pub(crate) fn with_retry_after(mut self, after: Option<Duration>) -> Self {
        if after.is_some() {
            self.inner.retry_after = after;
        }
        self
    }

    pub(crate) fn with_access_denied_detail(mut self, detail: Option<String>) -> Self {
        self.inner.access_denied_detail = detail.map(|d| text::clean(&d, text::MAX_DETAIL));
        self
    }

    pub(crate) fn with_field(mut self, field: String) -> Self {
        self.inner.field = Some(text::clean(&field, text::MAX_ID));
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
    pub(crate) fn with_kind(mut self, kind: super::ErrorKind) -> Self {
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

    pub(crate) fn with_body_status(mut self, status: Option<u16>) -> Self {
        self.inner.body_status = status;
        self
    }

    /// Marks the error as one no retry can fix, whatever its kind.
    pub(crate) fn permanent(mut self) -> Self {
        self.inner.permanent = true;
        self
    }

    pub(crate) fn is_permanent(&self) -> bool {
        self.inner.permanent
    }

    pub(crate) fn with_code(mut self, code: Option<String>) -> Self {
        self.inner.code = code.map(|c| text::clean(&c, text::MAX_ID));
        self
    }

    pub(crate) fn with_request_id(mut self, id: Option<String>) -> Self {
        self.inner.request_id = id.map(|i| text::clean(&i, text::MAX_ID));
        self
    }

    pub(crate) fn with_host_id(mut self, id: Option<String>) -> Self {
        self.inner.host_id = id.map(|i| text::clean(&i, text::MAX_ID));
        self
    }

    pub(crate) fn with_recommend(mut self, recommend: Option<String>) -> Self {
        self.inner.recommend = recommend.map(|r| text::clean(&r, text::MAX_RECOMMEND));
        self
    }

    /// Quotes the start of a response `body` (the caller has removed the call's secrets from all of it).
    pub(crate) fn with_snippet(mut self, body: &str) -> Self {
        self.inner.body_snippet = Some(text::clean(body, text::MAX_SNIPPET));
        self
    }

    pub(crate) fn with_problems(mut self, problems: Vec<String>) -> Self {
        self.inner.problems = problems
            .iter()
            .map(|p| text::clean(p, text::MAX_MESSAGE))
            .collect();
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
