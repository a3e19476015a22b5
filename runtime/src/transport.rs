//! Sends one signed request over the shared connection pool and reads the whole response, mapping
//! reqwest's failures to [`Error`]s that say which timeout elapsed and never carry the URL (request
//! parameters, which may include passwords, travel in the query string).

use std::time::Duration;

use crate::error::{Error, ErrorKind};
use crate::request::SignedRequest;
use crate::retry;

/// What one attempt got back.
pub(crate) struct Response {
    pub(crate) status: u16,
    /// The service's `x-acs-retry-after` / `Retry-After` hint.
    pub(crate) retry_after: Option<Duration>,
    pub(crate) body: Vec<u8>,
}

/// POSTs `signed` with an empty body; the whole exchange is limited to `attempt_timeout`.
pub(crate) async fn send(
    http: &reqwest::Client,
    signed: SignedRequest,
    attempt_timeout: Duration,
    connect_timeout: Duration,
) -> Result<Response, Error> {
    let mut req = http
        .post(&signed.url)
        .timeout(attempt_timeout)
        // An explicit `Content-Length: 0`: hyper sends none for an empty body, and some gateways answer
        // 411 to a POST with neither a length nor chunked encoding.
        .header(reqwest::header::CONTENT_LENGTH, "0")
        .body(&b""[..]);
    for (name, value) in &signed.headers {
        req = req.header(*name, value.as_str());
    }
    let map = |e| transport_error(e, attempt_timeout, connect_timeout);
    let resp = req.send().await.map_err(map)?;
    let status = resp.status().as_u16();
    let retry_after = retry::retry_after(resp.headers());
    let body = resp.bytes().await.map_err(map)?;
    Ok(Response {
        status,
        retry_after,
        body: body.to_vec(),
    })
}

/// Maps a reqwest error without its URL.
fn transport_error(e: reqwest::Error, attempt_timeout: Duration, connect: Duration) -> Error {
    let e = e.without_url();
    if e.is_timeout() {
        let limit = if e.is_connect() {
            format!("connect timeout of {connect:?}")
        } else {
            format!("per-attempt timeout of {attempt_timeout:?}")
        };
        return Error::new(ErrorKind::Timeout, format!("request exceeded the {limit}"))
            .with_source(e);
    }
    let what = if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    let mut message = what.to_owned();
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(&e);
    // reqwest's own Display is generic; the innermost cause says what really happened.
    while let Some(s) = source {
        message = format!("{what}: {s}");
        source = s.source();
    }
    Error::new(ErrorKind::Transport, message).with_source(e)
}
