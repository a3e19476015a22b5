//! Per-client and per-call settings: [`SignatureVersion`], [`DEFAULT_MAX_RESPONSE_BYTES`] and
//! [`CallConfig`], the overrides a single call may make to its client's retry policy, timeouts, response
//! size limit and signature.

use std::time::Duration;

use crate::retry::RetryConfig;

/// The default limit of a response body: 64 MiB, far above any real answer of these APIs (a page of
/// results is kilobytes), yet it keeps a broken or hostile server from making the client allocate without
/// end. A larger answer fails with [`ErrorKind::ResponseTooLarge`](crate::ErrorKind::ResponseTooLarge).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// How requests are signed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// ACS3-HMAC-SHA256 in the `Authorization` header (the default; every current product accepts it).
    #[default]
    Acs3,
    /// The legacy RPC signature: HMAC-SHA1 in the `Signature` query parameter with the common parameters
    /// `Format`, `Version`, `AccessKeyId`, `SignatureMethod`, `Timestamp`, `SignatureVersion` and
    /// `SignatureNonce`. For gateways and older private deployments that only accept V1.
    V1,
}

/// Overrides of the client's settings for one call; unset fields keep the client's value.
///
/// ```
/// use std::time::Duration;
/// use acs_runtime::{CallConfig, RetryConfig};
/// let config = CallConfig::new()
///     .retry(RetryConfig::disabled())
///     .operation_timeout(Duration::from_secs(10));
/// # let _ = config;
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallConfig {
    retry: Option<RetryConfig>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    max_response_bytes: Option<u64>,
    signature_version: Option<SignatureVersion>,
}

impl CallConfig {
    /// No overrides.
    pub fn new() -> Self {
        CallConfig::default()
    }

    /// Uses this retry policy.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Limits each attempt (connect, send, read the whole response).
    pub fn attempt_timeout(mut self, d: Duration) -> Self {
        self.attempt_timeout = Some(d);
        self
    }

    /// Limits the whole call: credentials, every attempt and the waits between them.
    pub fn operation_timeout(mut self, d: Duration) -> Self {
        self.operation_timeout = Some(d);
        self
    }

    /// Reads at most `bytes` of this call's response body (see
    /// [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)).
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }

    /// Signs this call with `version`.
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = Some(version);
        self
    }

    /// The retry override, if any.
    pub fn retry_override(&self) -> Option<&RetryConfig> {
        self.retry.as_ref()
    }

    /// The per-attempt timeout override, if any.
    pub fn attempt_timeout_override(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    /// The whole-operation timeout override, if any.
    pub fn operation_timeout_override(&self) -> Option<Duration> {
        self.operation_timeout
    }

    /// The response size limit override, if any.
    pub fn max_response_bytes_override(&self) -> Option<u64> {
        self.max_response_bytes
    }

    /// The signature override, if any.
    pub fn signature_version_override(&self) -> Option<SignatureVersion> {
        self.signature_version
    }
}
