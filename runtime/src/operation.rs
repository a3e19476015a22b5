//! [`Operation`]: what generated code implements for each API action so the client can validate, encode
//! and send it without knowing anything about it.

use crate::endpoint::Service;
use crate::query::Query;
use crate::validate::Validator;

/// One API action's input, ready to be sent by [`crate::Client::invoke`].
pub trait Operation: Send + Sync + 'static {
    /// The decoded response body.
    type Output: serde::de::DeserializeOwned + Send + 'static;

    /// The product this action belongs to (version and endpoints).
    const SERVICE: &'static Service;

    /// The action name, e.g. `DescribePreCheckStatus`; sent as `x-acs-action`.
    const ACTION: &'static str;

    /// Records every problem with the input; the client turns them into one
    /// [`ErrorKind::Validation`](crate::ErrorKind::Validation) error before any I/O.
    fn validate(&self, v: &mut Validator);

    /// Writes every request parameter into the query string.
    fn write_query(&self, q: &mut Query);

    /// The `ClientToken` slot of actions that have one. When the caller left it `None` or empty, the client
    /// fills it with a random 32-hex-character token before the first attempt, so retries reuse it and the
    /// service can de-duplicate them.
    fn idempotency_token(&mut self) -> Option<&mut Option<String>> {
        None
    }
}
