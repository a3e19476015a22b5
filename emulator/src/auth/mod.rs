//! Authentication as strict as the gateway: which signature version a request uses, where its action and
//! version are, and the checks of [`acs3`] and [`v1`] (credential, timestamp window, STS token, signature,
//! nonce), and for RESTful products of the legacy ROA signature ([`roa`]) and Log Service's ([`log`]). The
//! signing itself is the runtime's (`acs_runtime::sign`, plus [`sm3`] for `ACS3-HMAC-SM3`): the emulator
//! recomputes with the same functions a client signs with, from the request exactly as received.

pub(crate) mod acs3;
pub(crate) mod log;
pub(crate) mod nonce;
pub(crate) mod roa;
pub mod sm3;
pub(crate) mod v1;

use crate::api_error::{self, ApiError};
use crate::catalog::Dialect;
use crate::clock;
use crate::incoming::Incoming;
use crate::keys::Keys;

pub(crate) use nonce::NonceCache;

/// The signature version of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// ACS3 (`ACS3-HMAC-SHA256` or `ACS3-HMAC-SM3`): `Authorization` header, action and version in
    /// `x-acs-*` headers.
    Acs3,
    /// V1 HMAC-SHA1: `Signature` and the common parameters in the query or form body.
    V1,
    /// The legacy ROA signature: `authorization: acs <AccessKeyId>:<signature>`.
    Roa,
    /// Log Service's: `authorization: LOG <AccessKeyId>:<signature>`.
    Log,
    /// None of them: no credential at all.
    Unsigned,
}

impl Style {
    /// The scheme's name, for messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Style::Acs3 => "ACS3",
            Style::V1 => "the V1 (RPC) signature",
            Style::Roa => "the legacy ROA signature (`acs <AccessKeyId>:<signature>`)",
            Style::Log => "Log Service's signature (`LOG <AccessKeyId>:<signature>`)",
            Style::Unsigned => "no signature",
        }
    }

    /// Whether a product of `dialect` takes requests signed so (an unsigned request is a missing
    /// credential, answered by the verifier, not a wrong scheme).
    pub(crate) fn fits(self, dialect: Dialect) -> bool {
        match self {
            Style::Unsigned => true,
            Style::Acs3 => dialect != Dialect::Log,
            Style::V1 => dialect == Dialect::Rpc,
            Style::Roa => dialect == Dialect::Roa,
            Style::Log => dialect == Dialect::Log,
        }
    }
}

/// The V1 common parameters that carry a credential, which only a V1-signed request sends. The others
/// are not among them: ACS3 clients may send `Action`, `Version`, `Timestamp` and `Format` too, and an
/// unsigned call of an anonymous operation (STS's `AssumeRoleWithOIDC`) sends `SignatureNonce`, as the
/// official SDKs and the runtime do. A V1 request without these is refused `MissingAccessKeyId` either
/// way, the first check of a V1 signature.
const V1_SIGNING_PARAMS: [&str; 3] = ["Signature", "AccessKeyId", "SecurityToken"];

/// Decides the version from the credential the request carries, as the gateway does: an `Authorization`
/// header is the legacy ROA signature when it starts `acs `, Log Service's when it starts `LOG `, ACS3
/// otherwise (a malformed one is refused as ACS3); without one, V1's signing parameters in the query or
/// form body are V1, for an RPC request (`rpc`) only: a RESTful API's query holds its own parameters.
/// Headers such as `x-acs-action` decide nothing: Alibaba's official SDKs send them with V1 requests too.
pub(crate) fn style(req: &Incoming, rpc: bool) -> Style {
    match req.header("authorization").map(str::trim_start) {
        Some(a) if a.starts_with("acs ") => Style::Roa,
        Some(a) if a.starts_with("LOG ") => Style::Log,
        Some(_) => Style::Acs3,
        None if rpc && V1_SIGNING_PARAMS.iter().any(|p| req.param(p).is_some()) => Style::V1,
        None => Style::Unsigned,
    }
}

/// The action and API version a request names.
pub(crate) fn action_and_version(
    req: &Incoming,
    style: Style,
) -> Result<(String, String), ApiError> {
    let (action, version) = match style {
        Style::Acs3 => (req.header("x-acs-action"), req.header("x-acs-version")),
        Style::V1 => (req.param("Action"), req.param("Version")),
        // Routed all the same, so the refusal names the product like the gateway's does (the RESTful
        // schemes are refused once routed: they do not sign RPC requests).
        Style::Roa | Style::Log | Style::Unsigned => (
            req.header("x-acs-action").or_else(|| req.param("Action")),
            req.header("x-acs-version").or_else(|| req.param("Version")),
        ),
    };
    let action = action
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| api_error::missing_common("Action"))?;
    let version = version
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| api_error::missing_common("Version"))?;
    Ok((action.to_owned(), version.to_owned()))
}

/// What a verification needs besides the request.
pub(crate) struct Verifier<'a> {
    /// Accepted credentials.
    pub(crate) keys: &'a Keys,
    /// Used nonces.
    pub(crate) nonces: &'a NonceCache,
    /// Largest accepted distance between the request's timestamp and now, in seconds.
    pub(crate) max_skew: i64,
    /// Now, in seconds since the epoch.
    pub(crate) now: i64,
}

impl Verifier<'_> {
    /// Verifies `req` signed in `style`; the AccessKeyId on success.
    pub(crate) fn verify(&self, req: &Incoming, style: Style) -> Result<String, ApiError> {
        match style {
            Style::Acs3 => acs3::verify(self, req),
            Style::V1 => v1::verify(self, req),
            Style::Roa => roa::verify(self, req),
            Style::Log => log::verify(self, req),
            Style::Unsigned => Err(api_error::missing_common("AccessKeyId")),
        }
    }

    /// `InvalidTimeStamp.Format` / `.Expired` for a timestamp outside the window.
    fn check_timestamp(&self, text: &str) -> Result<(), ApiError> {
        let t = clock::parse_iso8601(text.trim()).ok_or_else(api_error::timestamp_format)?;
        self.check_skew(t)
    }

    /// [`Verifier::check_timestamp`] for an HTTP `date` header (the legacy ROA and Log signatures).
    fn check_http_date(&self, text: &str) -> Result<(), ApiError> {
        let t = clock::parse_http_date(text.trim()).ok_or_else(api_error::timestamp_format)?;
        self.check_skew(t)
    }

    /// `InvalidTimeStamp.Expired` for a time more than the window away from now.
    fn check_skew(&self, t: i64) -> Result<(), ApiError> {
        if (t - self.now).abs() > self.max_skew {
            return Err(api_error::timestamp_expired());
        }
        Ok(())
    }

    /// Records the nonce of a verified request; `SignatureNonceUsed` if the key used it within the window.
    fn use_nonce(&self, access_key_id: &str, nonce: &str) -> Result<(), ApiError> {
        if self
            .nonces
            .insert(access_key_id, nonce, self.now, self.max_skew)
        {
            Ok(())
        } else {
            Err(api_error::nonce_used())
        }
    }
}

/// Compares two signatures in time independent of where they differ, so a client cannot learn the
/// expected signature byte by byte from response times.
fn same_signature(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_comparison() {
        assert!(same_signature("abc", "abc"));
        assert!(!same_signature("abc", "abd"));
        assert!(!same_signature("abc", "ab"));
        assert!(same_signature("", ""));
    }
}
