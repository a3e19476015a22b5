//! [`Client`] and [`ClientBuilder`]: one connection pool plus credentials, region and endpoint settings,
//! and [`Client::invoke`], which validates, signs, sends and decodes one [`Operation`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::builder::ClientBuilder;
use crate::credentials::Credentials;
use crate::endpoint::Service;
use crate::error::{Error, ErrorKind};
use crate::operation::Operation;
use crate::query::Query;
use crate::request::{self, AttemptInfo};
use crate::response;
use crate::target::Target;
use crate::validate::Validator;
use crate::{civil, sign};

/// Environment variable holding the default region.
pub const ENV_REGION_ID: &str = "ALIBABA_CLOUD_REGION_ID";

const RETRY_BASE_DELAY: Duration = Duration::from_millis(100);
const RETRY_MAX_DELAY: Duration = Duration::from_secs(5);

/// A client for every product: cheap to clone (an `Arc`), `Send + Sync`, one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// Everything a [`Client`] shares between clones; assembled by [`ClientBuilder::build`].
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) credentials: Credentials,
    pub(crate) region: Option<String>,
    pub(crate) endpoint: Option<Target>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_attempts: u32,
}

impl Client {
    pub(crate) fn from_inner(inner: Inner) -> Client {
        Client {
            inner: Arc::new(inner),
        }
    }

    /// A builder with no credentials, no region, 5 s connect timeout, 30 s per-attempt timeout and up to 3
    /// attempts.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client with credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and
    /// `ALIBABA_CLOUD_SECURITY_TOKEN` (optional), and the region from `ALIBABA_CLOUD_REGION_ID` (optional:
    /// products with a global endpoint need none). The error names every missing variable.
    pub fn from_env() -> Result<Client, Error> {
        let mut builder = Client::builder().credentials(Credentials::from_env()?);
        if let Some(region) = std::env::var(ENV_REGION_ID)
            .ok()
            .filter(|r| !r.trim().is_empty())
        {
            builder = builder.region(region.trim());
        }
        builder.build()
    }

    /// The configured region, if any.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// Calls one API action and decodes its response. Every error names `O::ACTION`.
    ///
    /// In order: runs [`Operation::validate`] (an [`ErrorKind::Validation`] error listing every problem, before
    /// any I/O); fills the `ClientToken` slot with a random 32-hex-character token if the caller left it empty;
    /// writes the query; resolves the endpoint (the builder's override, else `O::SERVICE`'s rules for the
    /// client's region); then, per attempt, signs with ACS3-HMAC-SHA256 (fresh `x-acs-date` and nonce), POSTs
    /// to `/` and decodes the JSON body.
    ///
    /// Retries (up to [`ClientBuilder::max_attempts`], exponential backoff with jitter): throttling and
    /// `ServiceUnavailable` answers always; timeouts, transport failures and HTTP 5xx only for actions with an
    /// idempotency token, since the failed attempt may already have taken effect.
    pub async fn invoke<O: Operation>(&self, mut input: O) -> Result<O::Output, Error> {
        self.invoke_inner(&mut input)
            .await
            .map_err(|e| e.with_operation(O::ACTION))
    }

    async fn invoke_inner<O: Operation>(&self, input: &mut O) -> Result<O::Output, Error> {
        let mut v = Validator::new(O::ACTION);
        input.validate(&mut v);
        v.finish()?;

        // Filled once, before the first attempt, so every retry carries the same token.
        let has_token = match input.idempotency_token() {
            Some(slot) => {
                if slot.as_deref().is_none_or(|t| t.trim().is_empty()) {
                    *slot = Some(random_hex(16)?);
                }
                true
            }
            None => false,
        };

        let mut query = Query::new();
        input.write_query(&mut query);
        let target = self.target_for(O::SERVICE)?;

        let mut attempt = 1;
        loop {
            let result = self
                .attempt(&target, O::SERVICE.version, O::ACTION, query.pairs())
                .await
                .and_then(|(status, body)| response::handle::<O::Output>(O::ACTION, status, &body));
            match result {
                Err(e) if attempt < self.inner.max_attempts && should_retry(&e, has_token) => {
                    tokio::time::sleep(backoff(attempt)).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    fn target_for(&self, service: &Service) -> Result<Target, Error> {
        match &self.inner.endpoint {
            Some(t) => Ok(t.clone()),
            None => Target::https_host(&service.resolve_endpoint(self.inner.region.as_deref())?),
        }
    }

    /// One signed attempt with a fresh date and nonce: the status and the whole body.
    async fn attempt(
        &self,
        target: &Target,
        version: &str,
        action: &str,
        query: &[(String, String)],
    ) -> Result<(u16, Vec<u8>), Error> {
        let info = AttemptInfo {
            date: civil::now_utc(),
            nonce: random_hex(16)?,
        };
        let signed = request::build(
            &self.inner.credentials,
            target,
            action,
            version,
            query,
            &info,
        );
        let mut req = self
            .inner
            .http
            .post(&signed.url)
            .timeout(self.inner.timeout)
            // An explicit `Content-Length: 0`: hyper sends none for an empty body, and some gateways answer
            // 411 to a POST with neither a length nor chunked encoding.
            .header(reqwest::header::CONTENT_LENGTH, "0")
            .body(&b""[..]);
        for (name, value) in &signed.headers {
            req = req.header(*name, value.as_str());
        }
        let resp = req.send().await.map_err(|e| self.transport_error(e))?;
        let status = resp.status().as_u16();
        let body = resp.bytes().await.map_err(|e| self.transport_error(e))?;
        Ok((status, body.to_vec()))
    }

    /// Maps a reqwest error without its URL: request parameters, which may include passwords, are in the
    /// query string.
    fn transport_error(&self, e: reqwest::Error) -> Error {
        let e = e.without_url();
        if e.is_timeout() {
            let limit = if e.is_connect() {
                format!("connect timeout of {:?}", self.inner.connect_timeout)
            } else {
                format!("timeout of {:?}", self.inner.timeout)
            };
            Error::new(ErrorKind::Timeout, format!("request exceeded the {limit}")).with_source(e)
        } else {
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
            let err = Error::new(ErrorKind::Transport, message);
            if e.is_connect() {
                err.never_sent().with_source(e)
            } else {
                err.with_source(e)
            }
        }
    }
}

/// Whether an attempt that failed with `e` may be repeated: always when the service refused it (throttling,
/// unavailable) or the connection was never made, and for timeouts, other transport failures and 5xx only if
/// the action is idempotent through its token, because the first attempt may have taken effect.
fn should_retry(e: &Error, has_token: bool) -> bool {
    let throttled = e
        .code()
        .is_some_and(|c| c.starts_with("Throttling") || c == "ServiceUnavailable");
    throttled || e.was_never_sent() || (has_token && e.is_retryable())
}

/// Exponential backoff with full jitter: a random delay below `base * 2^(attempt-1)`, capped.
fn backoff(attempt: u32) -> Duration {
    let ceiling = RETRY_BASE_DELAY
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(RETRY_MAX_DELAY);
    let fraction = random_hex(2)
        .ok()
        .and_then(|h| u16::from_str_radix(&h, 16).ok())
        .map_or(0.5, |r| f64::from(r) / f64::from(u16::MAX));
    ceiling.mul_f64(fraction).max(Duration::from_millis(10))
}

fn random_hex(bytes: usize) -> Result<String, Error> {
    sign::random_hex(bytes).map_err(|_| {
        Error::new(
            ErrorKind::Config,
            "the system random number generator failed",
        )
    })
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("credentials", &i.credentials)
            .field("region", &i.region)
            .field("endpoint", &i.endpoint.as_ref().map(|t| t.url("")))
            .field("timeout", &i.timeout)
            .field("connect_timeout", &i.connect_timeout)
            .field("max_attempts", &i.max_attempts)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_is_send_sync_clone() {
        fn assert_traits<T: Send + Sync + Clone + 'static>() {}
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_traits::<Client>();
        assert_send_sync::<Error>();
    }

    #[test]
    fn retry_policy() {
        let throttled =
            Error::new(ErrorKind::Service, "x").with_code(Some("Throttling.User".into()));
        let server = Error::new(ErrorKind::Service, "x").with_status(500);
        let timeout = Error::new(ErrorKind::Timeout, "x");
        let denied = Error::new(ErrorKind::Service, "x").with_status(403);
        assert!(should_retry(&throttled, false));
        assert!(!should_retry(&server, false));
        assert!(should_retry(&server, true));
        assert!(should_retry(&timeout, true));
        assert!(!should_retry(&denied, true));
        let refused = Error::new(ErrorKind::Transport, "x").never_sent();
        assert!(should_retry(&refused, false));
        assert!(!should_retry(&Error::new(ErrorKind::Transport, "x"), false));
        for attempt in 1..40 {
            let d = backoff(attempt);
            assert!(d >= Duration::from_millis(10) && d <= RETRY_MAX_DELAY);
        }
    }
}
