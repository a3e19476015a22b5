//! V1 (RPC) HMAC-SHA1 verification: the common parameters (`AccessKeyId`, `SignatureMethod`,
//! `SignatureVersion`, `SignatureNonce`, `Timestamp`, `Signature`, and `SecurityToken` for STS) may travel
//! in the query or in a form body, for GET or POST; the string to sign covers every parameter but
//! `Signature`. Headers play no part, so the `x-acs-*` headers official SDKs add to V1 requests are ignored.

use acs_runtime::sign::v1;

use super::{Verifier, same_signature};
use crate::api_error::{self, ApiError};
use crate::incoming::Incoming;

/// Verifies a V1 request; the AccessKeyId on success.
pub(crate) fn verify(v: &Verifier<'_>, req: &Incoming) -> Result<String, ApiError> {
    let required = |name: &str| {
        req.param(name)
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| api_error::missing_common(name))
    };
    // The key first: a request with no credential at all is `MissingAccessKeyId`, as at the gateway.
    let id = required("AccessKeyId")?;
    let signature = required("Signature")?;
    let method = required("SignatureMethod")?;
    if method != "HMAC-SHA1" {
        return Err(api_error::invalid_signature_method(method, "HMAC-SHA1"));
    }
    if required("SignatureVersion")? != "1.0" {
        return Err(api_error::invalid_signature_version());
    }
    let timestamp = required("Timestamp")?;
    let nonce = required("SignatureNonce")?;
    v.check_timestamp(timestamp)?;
    let secret = v.keys.secret_for(id, req.param("SecurityToken"), v.now)?;

    let params: Vec<(&str, &str)> = req.params().filter(|(k, _)| *k != "Signature").collect();
    let string_to_sign = v1::string_to_sign(&req.method, &params);
    let expected = v1::signature(secret, &string_to_sign);
    if !same_signature(&expected, signature) {
        return Err(api_error::signature_mismatch(&string_to_sign));
    }
    v.use_nonce(id, nonce)?;
    Ok(id.to_owned())
}
