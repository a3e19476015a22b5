//! ACS3-HMAC-SHA256 verification, following the published V3 rules rather than any one client's habits:
//! the canonical request is rebuilt from the request as received (method, path, decoded query, every header
//! the client listed in `SignedHeaders`, the SHA-256 of the actual body), so requests from Alibaba's
//! official SDKs (which also sign `content-type` and send form bodies) verify like ours.

use acs_runtime::sign::{self, acs3};

use super::{Verifier, same_signature};
use crate::api_error::{self, ApiError};
use crate::incoming::Incoming;

/// The common request headers. The V3 page requires each one that is present to be signed.
const COMMON_HEADERS: [&str; 7] = [
    "host",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-acs-security-token",
];

const SHAPE: &str = "The Authorization header must be `ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b;c>,Signature=<hex>`.";

/// Verifies an ACS3 request; the AccessKeyId on success.
pub(crate) fn verify(v: &Verifier<'_>, req: &Incoming) -> Result<String, ApiError> {
    let header = req
        .header("authorization")
        .ok_or_else(|| api_error::missing_common("Authorization"))?;
    let auth =
        acs3::parse_authorization(header).ok_or_else(|| api_error::incomplete_signature(SHAPE))?;
    let signed: Vec<String> = auth
        .signed_headers
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if auth.access_key_id.trim().is_empty()
        || auth.signature.trim().is_empty()
        || signed.iter().any(String::is_empty)
    {
        return Err(api_error::incomplete_signature(SHAPE));
    }
    for name in COMMON_HEADERS {
        if req.header(name).is_some() && !signed.iter().any(|s| s == name) {
            return Err(api_error::incomplete_signature(&format!(
                "The header `{name}` is present but not listed in SignedHeaders."
            )));
        }
    }
    let date = req
        .header("x-acs-date")
        .ok_or_else(|| api_error::missing_common("Timestamp"))?;
    let nonce = req
        .header("x-acs-signature-nonce")
        .ok_or_else(|| api_error::missing_common("SignatureNonce"))?;
    v.check_timestamp(date)?;
    let secret = v.keys.secret_for(
        auth.access_key_id.trim(),
        req.header("x-acs-security-token"),
        v.now,
    )?;

    // The payload hash is always the actual body's: a client that declared another hash in
    // x-acs-content-sha256 signed that header's value, so its signature cannot match.
    let body_sha = sign::sha256_hex(&req.body);
    let canonical = acs3::canonical_request(
        &req.method,
        &req.path,
        &req.query,
        &req.headers,
        &signed,
        &body_sha,
    );
    let string_to_sign = acs3::string_to_sign(&canonical);
    let expected = acs3::signature(secret, &string_to_sign);
    let declared_hash_ok = req
        .header("x-acs-content-sha256")
        .is_none_or(|h| h.trim().eq_ignore_ascii_case(&body_sha));
    if !declared_hash_ok || !same_signature(&expected, &auth.signature.trim().to_ascii_lowercase())
    {
        return Err(api_error::signature_mismatch(&string_to_sign));
    }
    v.use_nonce(auth.access_key_id.trim(), nonce.trim())?;
    Ok(auth.access_key_id.trim().to_owned())
}
