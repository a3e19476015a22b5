//! The legacy ROA signature, the RESTful counterpart of V1 (tea-openapi's `do_roarequest`): base64
//! HMAC-SHA1 over the method, the `accept`, `content-md5`, `content-type` and `date` headers, every
//! `x-acs-*` header and the resource (the path as received, the decoded query), sent as
//! `authorization: acs <AccessKeyId>:<signature>` with `x-acs-signature-method: HMAC-SHA1`,
//! `x-acs-signature-version: 1.0` and `x-acs-signature-nonce`. Recomputed with the runtime's
//! `acs_runtime::sign::roa`. The body is not signed (a client may sign its `content-md5`; neither the
//! runtime nor the official SDKs send one), so only the signed parts are checked.

use acs_runtime::sign::roa;

use super::{Verifier, same_signature};
use crate::api_error::{self, ApiError};
use crate::incoming::Incoming;

const SHAPE: &str = "The Authorization header must be `acs <AccessKeyId>:<signature>`.";

/// The AccessKeyId and signature of `acs <id>:<signature>`.
fn parse(value: &str) -> Option<(&str, &str)> {
    let (id, signature) = value.trim().strip_prefix("acs ")?.trim().split_once(':')?;
    Some((id, signature)).filter(|(i, s)| !i.is_empty() && !s.is_empty())
}

/// Verifies a legacy ROA request; the AccessKeyId on success.
pub(crate) fn verify(v: &Verifier<'_>, req: &Incoming) -> Result<String, ApiError> {
    let header = req
        .header("authorization")
        .ok_or_else(|| api_error::missing_common("AccessKeyId"))?;
    let (id, signature) = parse(header).ok_or_else(|| api_error::incomplete_signature(SHAPE))?;
    let required = |name: &str, what: &str| {
        req.header(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| api_error::missing_common(what))
    };
    let method = required("x-acs-signature-method", "SignatureMethod")?;
    if method != "HMAC-SHA1" {
        return Err(api_error::invalid_signature_method(method, "HMAC-SHA1"));
    }
    if required("x-acs-signature-version", "SignatureVersion")? != "1.0" {
        return Err(api_error::invalid_signature_version());
    }
    let nonce = required("x-acs-signature-nonce", "SignatureNonce")?;
    let date = required("date", "Date")?;
    v.check_http_date(date)?;
    let secret = v
        .keys
        .secret_for(id, req.header("x-acs-security-token"), v.now)?;

    let headers: Vec<(&str, &str)> = (req.headers.iter())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let string_to_sign = roa::string_to_sign(&req.method, &headers, &req.path, &req.query);
    if !same_signature(&roa::signature(secret, &string_to_sign), signature) {
        return Err(api_error::signature_mismatch(&string_to_sign));
    }
    v.use_nonce(id, nonce)?;
    Ok(id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_header() {
        assert_eq!(parse("acs id:sig="), Some(("id", "sig=")));
        for bad in [
            "acs id",
            "acs :sig",
            "acs id:",
            "LOG id:sig",
            "ACS3-HMAC-SHA256 x",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
