//! [`Client`]: one connection pool plus credentials, region, endpoint, retry, timeout and signature
//! settings, and [`Client::invoke_with`], which validates, signs, sends, retries and decodes one
//! [`Operation`] inside an `acs.call` tracing span.

use std::any::Any;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tokio::time::Instant;
use tracing::Instrument;
use tracing::field::Empty;

use crate::builder::ClientBuilder;
use crate::codec::{self, Params, Shape, View};
use crate::config::{CallConfig, SignatureVersion};
use crate::credentials::ProvideCredentials;
use crate::endpoint::Service;
use crate::error::{Error, ErrorKind};
use crate::operation::{Operation, OperationInfo};
use crate::redact::Redactor;
use crate::request::{self, AttemptInfo};
use crate::retry::RetryConfig;
use crate::target::Target;
use crate::transport::Limits;
use crate::validate::Validator;
use crate::{civil, decode_task, sign, transport};

/// Environment variable holding the default region.
pub const ENV_REGION_ID: &str = "ALIBABA_CLOUD_REGION_ID";

/// A client for every product: cheap to clone (an `Arc`), `Send + Sync`; clones share one connection pool
/// and one credentials cache.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// Everything a [`Client`] shares between clones; assembled by [`ClientBuilder::build`].
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
    pub(crate) region: Option<String>,
    pub(crate) endpoint: Option<Target>,
    pub(crate) connect_timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) max_response_bytes: u64,
    pub(crate) retry: RetryConfig,
    pub(crate) signature_version: SignatureVersion,
}

/// The client's settings with one call's overrides applied.
struct Settings {
    retry: RetryConfig,
    attempt_timeout: Duration,
    operation_timeout: Option<Duration>,
    max_response_bytes: u64,
    signature_version: SignatureVersion,
}

impl Client {
    pub(crate) fn from_inner(inner: Inner) -> Client {
        Client {
            inner: Arc::new(inner),
        }
    }

    /// A builder: default credentials chain, region from `ALIBABA_CLOUD_REGION_ID`, 5 s connect timeout,
    /// 30 s per-attempt timeout, no operation timeout, 64 MiB response limit, standard retries, ACS3
    /// signatures.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from the environment: credentials from the default chain (environment
    /// variables, CLI profile, credentials file, ECS RAM role; resolved at the first call, whose error
    /// lists every source and why it gave nothing) and the region from `ALIBABA_CLOUD_REGION_ID` or the CLI
    /// profile.
    pub fn from_env() -> Result<Client, Error> {
        Client::builder().build()
    }

    /// The configured region, if any.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// Calls one API action with the client's settings; see [`Client::invoke_with`].
    pub async fn invoke<O: Operation>(&self, input: O) -> Result<O::Output, Error> {
        self.invoke_with(input, &CallConfig::default()).await
    }

    /// Calls one API action and decodes its response, with `config` overriding the client's settings.
    /// Every error names the action.
    ///
    /// In order: checks the input against its documented rules (an [`ErrorKind::Validation`] error listing
    /// every problem, before any I/O); fills the `ClientToken` field with a random 32-hex-character token if
    /// the caller left it empty, so every retry carries the same one; flattens the parameters into the query
    /// and form body; resolves the endpoint (the builder's override, else the product's rules for the
    /// region); then, per attempt, gets credentials, signs (fresh date and nonce), sends and decodes.
    ///
    /// Retried, up to the retry policy's attempts with exponential backoff and full jitter: connect errors,
    /// timeouts and other transport failures, HTTP 5xx, `Throttling*` and `ServiceUnavailable`, waiting as
    /// long as the service's `x-acs-retry-after` asks. Never retried: authentication, permission,
    /// validation and other client errors, nor a response over the size limit. The operation timeout
    /// bounds all of it, decoding included: a call never returns success after its deadline.
    pub async fn invoke_with<O: Operation>(
        &self,
        mut input: O,
        config: &CallConfig,
    ) -> Result<O::Output, Error> {
        let output: Box<dyn Any> = self.invoke_dyn(O::INFO, &mut input, config).await?;
        output.downcast::<O::Output>().map(|o| *o).map_err(|_| {
            Error::new(
                ErrorKind::Decode,
                "the operation's description names another output type",
            )
            .with_operation(O::INFO.action)
        })
    }

    /// [`Client::invoke_with`] for any operation by its description, input and output type-erased: what the
    /// generated registry and command-line tools use. The typed call is this too, so the retry loop,
    /// signing, sending and tracing are compiled once for all operations instead of once per operation.
    pub async fn invoke_dyn(
        &self,
        info: &'static OperationInfo,
        input: &mut dyn Shape,
        config: &CallConfig,
    ) -> Result<Box<dyn Shape>, Error> {
        let settings = self.settings(config);
        let span = tracing::info_span!(
            "acs.call",
            operation = info.action,
            product = info.service.product,
            attempt = Empty,
            request_id = Empty,
            latency_ms = Empty,
        );
        let started = Instant::now();
        let attempts = AtomicU32::new(0);
        let call = self
            .run_attempts(info, input, &settings, &span, &attempts)
            .instrument(span.clone());
        let result = match settings.operation_timeout {
            Some(limit) => {
                let deadline = started + limit;
                let timed_out = || {
                    Err(Error::new(
                        ErrorKind::Timeout,
                        format!(
                            "the call did not finish within the operation timeout of {limit:?}"
                        ),
                    )
                    .with_attempts(attempts.load(Ordering::Relaxed)))
                };
                match tokio::time::timeout_at(deadline, call).await {
                    // A small body decodes in place, where the timer cannot interrupt it: a success that
                    // arrives after the deadline is still a timeout.
                    Ok(Ok(_)) if Instant::now() > deadline => timed_out(),
                    Ok(result) => result,
                    Err(_) => timed_out(),
                }
            }
            None => call.await,
        };
        let latency = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        span.record("latency_ms", latency);
        match &result {
            Ok(_) => tracing::debug!(parent: &span, "call succeeded"),
            Err(e) => tracing::debug!(parent: &span, error = %e, "call failed"),
        }
        result.map_err(|e| e.with_operation(info.action))
    }

    /// The credentials provider.
    pub(crate) fn credentials(&self) -> &dyn ProvideCredentials {
        self.inner.credentials.as_ref()
    }

    /// The signature version a call with `config` uses.
    pub(crate) fn signature_version_for(&self, config: &CallConfig) -> SignatureVersion {
        self.settings(config).signature_version
    }

    fn settings(&self, config: &CallConfig) -> Settings {
        let i = &self.inner;
        Settings {
            retry: config.retry_override().copied().unwrap_or(i.retry),
            attempt_timeout: config
                .attempt_timeout_override()
                .unwrap_or(i.attempt_timeout),
            operation_timeout: config.operation_timeout_override().or(i.operation_timeout),
            max_response_bytes: config
                .max_response_bytes_override()
                .unwrap_or(i.max_response_bytes),
            signature_version: config
                .signature_version_override()
                .unwrap_or(i.signature_version),
        }
    }

    async fn run_attempts(
        &self,
        info: &'static OperationInfo,
        input: &mut dyn Shape,
        s: &Settings,
        span: &tracing::Span,
        attempts: &AtomicU32,
    ) -> Result<Box<dyn Shape>, Error> {
        let params = prepare_params(info, input)?;
        let target = self.target_for(info.service)?;
        let deadline = s.operation_timeout.map(|t| Instant::now() + t);

        let mut attempt = 1;
        loop {
            span.record("attempt", attempt);
            attempts.store(attempt, Ordering::Relaxed);
            let e = match self.attempt(info, &target, &params, s, span).await {
                Ok(out) => return Ok(out),
                Err(e) if e.kind() == ErrorKind::Credentials => return Err(e),
                Err(e) => e.with_attempts(attempt),
            };
            let Some(delay) = s.retry.delay_after(attempt, &e) else {
                return Err(e);
            };
            // Sleeping past the deadline only to time out would hide the real error.
            if deadline.is_some_and(|d| Instant::now() + delay >= d) {
                return Err(e);
            }
            let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
            tracing::info!(attempt, delay_ms, error = %e, "attempt failed; retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    pub(crate) fn target_for(&self, service: &Service) -> Result<Target, Error> {
        match &self.inner.endpoint {
            Some(t) => Ok(t.clone()),
            None => Target::https_host(&service.resolve_endpoint(self.inner.region.as_deref())?),
        }
    }

    /// One attempt: fresh credentials (cached), date and nonce; sign, send, decode.
    async fn attempt(
        &self,
        info: &'static OperationInfo,
        target: &Target,
        params: &Params,
        s: &Settings,
        span: &tracing::Span,
    ) -> Result<Box<dyn Shape>, Error> {
        // An anonymous operation needs no credentials, and its request is not signed.
        let credentials = if info.anonymous {
            None
        } else {
            let c = self.inner.credentials.provide().await?;
            c.check()?;
            Some(c)
        };
        let signed = sign_request_with(
            credentials.as_ref(),
            target,
            info,
            params,
            s.signature_version,
            request::Keep::Nothing,
        )?;
        let action = info.action;
        let limits = Limits {
            attempt_timeout: s.attempt_timeout,
            connect_timeout: self.inner.connect_timeout,
            max_response_bytes: s.max_response_bytes,
        };
        let resp = transport::send(&self.inner.http, signed, limits).await?;
        tracing::debug!(status = resp.status, "response received");
        // The service's answer may quote the token or the secret (a V1 string to sign does); they are
        // removed before any of it is kept.
        let redactor = credentials.as_ref().map(Redactor::new).unwrap_or_default();
        // A RESTful answer may be a list, text or nothing, with values in headers: one JSON document
        // holds them all, so the output decodes the way every other does.
        let body = match info.path {
            Some(_) => crate::restful::response_document(
                (info.new_output)().fields(),
                resp.status,
                resp.body,
                &resp.headers,
            ),
            None => resp.body,
        };
        let (output, request_id) =
            decode_task::decode(info.new_output, action, resp.status, body, redactor)
                .await
                .map_err(|e| e.with_retry_after(resp.retry_after))?;
        if let Some(id) = &request_id {
            span.record("request_id", id.as_str());
        }
        Ok(output)
    }
}

/// Checks `input` against its documented rules (every problem in one validation error), fills its empty
/// idempotency token, and flattens it into query and form parameters: everything before the first
/// attempt, done once so every retry sends the same parameters.
pub(crate) fn prepare_params(
    info: &'static OperationInfo,
    input: &mut dyn Shape,
) -> Result<Params, Error> {
    let mut v = Validator::new(info.action);
    codec::check(input, info.rules, &mut v);
    v.finish()?;
    fill_idempotency_tokens(input)?;
    Ok(codec::flatten(input))
}

/// Signs one attempt's request with a fresh date and nonce (no credentials: an anonymous operation's
/// request, built the same way and not signed).
pub(crate) fn sign_request(
    credentials: Option<&crate::Credentials>,
    target: &Target,
    info: &'static OperationInfo,
    params: &Params,
    version: SignatureVersion,
) -> Result<request::SignedRequest, Error> {
    sign_request_with(
        credentials,
        target,
        info,
        params,
        version,
        request::Keep::Params,
    )
}

/// [`sign_request`], keeping the parameters in the request (a dry run shows them) or not (a call only
/// sends the URL, headers and body they are encoded in).
pub(crate) fn sign_request_with(
    credentials: Option<&crate::Credentials>,
    target: &Target,
    info: &'static OperationInfo,
    params: &Params,
    version: SignatureVersion,
    keep: request::Keep,
) -> Result<request::SignedRequest, Error> {
    // A bearer token replaces the AccessKey signature: the anonymous request plus the token
    // (credentials/bearer.rs, as tea-openapi does for the `bearer` credential type).
    if let Some(token) = credentials.and_then(crate::Credentials::bearer_token) {
        return crate::credentials::sign_with_bearer_token(token, target, info, params, version);
    }
    let now = AttemptInfo {
        date: civil::now_utc(),
        nonce: random_hex(16)?,
    };
    let out = request::Outgoing {
        method: info.method,
        action: info.action,
        version: info.service.version,
        params,
    };
    if let (Some(path), crate::Signing::Log) = (info.path, info.service.signing) {
        return Ok(crate::log_request::build(
            credentials,
            target,
            path,
            &out,
            &now,
        ));
    }
    Ok(match (info.path, version) {
        (None, SignatureVersion::Acs3) => {
            request::build_acs3(credentials, target, &out, &now, keep)
        }
        (None, SignatureVersion::V1) => {
            request::build_v1_with(credentials, target, &out, &now, keep)
        }
        (Some(path), SignatureVersion::Acs3) => {
            crate::restful::build(credentials, target, path, &out, &now)
        }
        (Some(path), SignatureVersion::V1) => {
            crate::restful::build_legacy(credentials, target, path, &out, &now)
        }
    })
}

/// Fills every empty idempotency-token field (`ClientToken`) with a random 32-hex-character token.
fn fill_idempotency_tokens(input: &mut dyn Shape) -> Result<(), Error> {
    for (i, field) in input.fields().iter().enumerate() {
        if !field.idempotency_token {
            continue;
        }
        let empty = match input.slot(i).and_then(|s| s.view()) {
            None => true,
            Some(View::Str(s)) => s.trim().is_empty(),
            Some(_) => false,
        };
        if empty {
            let token = format!("\"{}\"", random_hex(16)?);
            let mut result = Ok(());
            input.slots_mut(&mut |slots| {
                if let Some(slot) = slots.get_mut(i) {
                    result = slot.decode_into(&mut codec::Reader::new(&token), codec::Hint::None);
                }
            });
            result.map_err(|e| Error::new(ErrorKind::Validation, e.to_string()))?;
        }
    }
    Ok(())
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
            .field("connect_timeout", &i.connect_timeout)
            .field("attempt_timeout", &i.attempt_timeout)
            .field("operation_timeout", &i.operation_timeout)
            .field("max_response_bytes", &i.max_response_bytes)
            .field("retry", &i.retry)
            .field("signature_version", &i.signature_version)
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
}
