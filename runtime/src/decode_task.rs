//! Decodes one attempt's response into the operation's output type: in place for small bodies, on tokio's
//! blocking pool for large ones. Decoding is synchronous CPU work; done in place on a large body it would
//! stall the async worker and, worse, keep the operation timeout from firing until it is over. On the
//! blocking pool the timeout fires on time while the decoding finishes elsewhere and is dropped.

use crate::error::{Error, ErrorKind};
use crate::redact::Redactor;
use crate::response::{self, Decoded};

/// Bodies up to this size decode in place: a fraction of a millisecond, less than handing them to another
/// thread costs. Past the deadline, the caller turns such a late success into a timeout.
pub(crate) const IN_PLACE_BYTES: usize = 256 * 1024;

/// Decodes `body` (HTTP `status`, API `action`) into the output and its redacted `RequestId`.
pub(crate) async fn decode(
    new_output: crate::operation::NewShape,
    action: &'static str,
    status: u16,
    body: Vec<u8>,
    redactor: Redactor,
) -> Result<Decoded, Error> {
    if body.len() <= IN_PLACE_BYTES {
        return response::handle(action, status, &body, &redactor, new_output);
    }
    let work = move || response::handle(action, status, &body, &redactor, new_output);
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|e| {
        // Decoding never panics on input; a panic here is a bug, and the caller gets an error rather
        // than an unwinding task.
        let why = if e.is_panic() {
            "decoding the response panicked"
        } else {
            "decoding the response was cancelled"
        };
        Err(Error::new(ErrorKind::Decode, why).with_status(status))
    })
}
