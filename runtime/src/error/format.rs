//! How an [`Error`] shows itself. Every text it holds was cleaned when stored (see `text`), so both
//! formats print the fields as they are.

use std::fmt;

use super::Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        if let Some(op) = &i.operation {
            write!(f, "{op}: ")?;
        }
        write!(f, "{}", self.kind())?;
        match (i.http_status, i.body_status) {
            (Some(status), Some(body)) => write!(f, " (HTTP {status}, body status {body})")?,
            (Some(status), None) => write!(f, " (HTTP {status})")?,
            (None, Some(body)) => write!(f, " (body status {body})")?,
            (None, None) => {}
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
        if let Some(v) = &i.body_status {
            d.field("body_status", v);
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
        if i.permanent {
            d.field("permanent", &true);
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
