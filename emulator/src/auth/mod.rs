//! Authentication as strict as the gateway: which signature version a request uses, where its action and
//! version are, and the checks of [`acs3`] and [`v1`] (credential, timestamp window, STS token, signature,
//! nonce). The signing itself is the runtime's (`acs_runtime::sign`, plus [`sm3`] for `ACS3-HMAC-SM3`): the
//! emulator recomputes with the same functions a client signs with, from the request exactly as received.

pub(crate) mod acs3;
pub(crate) mod nonce;
pub mod sm3;
pub(crate) mod v1;

use crate::api_error::{self, ApiError};
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
    /// Neither: no credential at all.
    Unsigned,
}

/// The V1 common parameters that only a V1-signed request carries. `Action`, `Version`, `Timestamp` and
/// `Format` are not among them: ACS3 clients may send those too.
const V1_SIGNING_PARAMS: [&str; 6] = [
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "AccessKeyId",
    "SecurityToken",
];

/// Decides the version from the credential the request carries, as the gateway does: an `Authorization`
/// header is ACS3; otherwise V1's signing parameters in the query or form body are V1. Headers such as
/// `x-acs-action` decide nothing: Alibaba's official SDKs send them with V1 requests too.
pub(crate) fn style(req: &Incoming) -> Style {
    if req.header("authorization").is_some() {
        Style::Acs3
    } else if V1_SIGNING_PARAMS.iter().any(|p| req.param(p).is_some()) {
        Style::V1
    } else {
        Style::Unsigned
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
        // Routed all the same, so the refusal names the product like the gateway's does.
        Style::Unsigned => (
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
            Style::Unsigned => Err(api_error::missing_common("AccessKeyId")),
        }
    }

    /// `InvalidTimeStamp.Format` / `.Expired` for a timestamp outside the window.
    fn check_timestamp(&self, text: &str) -> Result<(), ApiError> {
        let t = clock::parse_iso8601(text.trim()).ok_or_else(api_error::timestamp_format)?;
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
