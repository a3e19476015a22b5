//! Decodes one attempt's response with [`response::handle`]: in place for small bodies, on tokio's blocking
//! pool for large ones. Decoding is synchronous CPU work (tens of milliseconds per megabyte into typed
//! structs); done in place on a large body it would stall the async worker and, worse, keep the operation
//! timeout from firing until it is over. On the blocking pool the timeout fires on time while the decoding
//! finishes elsewhere and is dropped.

use serde::de::DeserializeOwned;

use crate::error::{Error, ErrorKind, text};
use crate::redact::Redactor;
use crate::response;

/// Bodies up to this size decode in place: a fraction of a millisecond, less than handing them to another
/// thread costs. Past the deadline, the caller turns such a late success into a timeout.
pub(crate) const IN_PLACE_BYTES: usize = 256 * 1024;

/// What decoding one response gave.
pub(crate) struct Decoded<T> {
    /// The body's `RequestId`, redacted and cleaned, when `want_request_id` was set.
    pub(crate) request_id: Option<String>,
    pub(crate) result: Result<T, Error>,
}

/// Decodes `body` (HTTP `status`, API `action`); also extracts the `RequestId` for the tracing span when
/// `want_request_id`, since that parses the body too.
pub(crate) async fn decode<T: DeserializeOwned + Send + 'static>(
    action: &'static str,
    status: u16,
    body: Vec<u8>,
    redactor: Redactor,
    want_request_id: bool,
) -> Decoded<T> {
    let in_place = body.len() <= IN_PLACE_BYTES;
    let work = move || {
        let request_id = want_request_id
            .then(|| response::request_id_for_trace(&body))
            .flatten()
            .map(|id| text::clean(&redactor.redact(&id), text::MAX_ID));
        Decoded {
            request_id,
            result: response::handle::<T>(action, status, &body, &redactor),
        }
    };
    if in_place {
        return work();
    }
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|e| {
        // Decoding never panics on input; a panic here is a bug in a Deserialize impl, and the caller
        // gets an error rather than an unwinding task.
        let why = if e.is_panic() {
            "decoding the response panicked"
        } else {
            "decoding the response was cancelled"
        };
        Decoded {
            request_id: None,
            result: Err(Error::new(ErrorKind::Decode, why).with_status(status)),
        }
    })
}
