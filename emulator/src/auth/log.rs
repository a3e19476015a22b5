//! Log Service's `LOG` signature (its official gateway's v1 scheme): base64 HMAC-SHA256 over the method,
//! `content-md5`, `content-type`, `date`, every `x-log-*` and `x-acs-*` header, and the resource (the
//! path as written, that is decoded, and the decoded query), sent as `authorization: LOG
//! <AccessKeyId>:<signature>` with `x-log-apiversion: 0.6.0` and `x-log-signaturemethod: hmac-sha256`.
//! Recomputed with the runtime's `acs_runtime::sign::log`. A body is covered through `content-md5`,
//! which must be its upper-case hex MD5. The scheme has no nonce, so there is no replay check; the
//! `date` must be within the window like every other timestamp.

use acs_runtime::sign::log;
use percent_encoding::percent_decode_str;

use super::{Verifier, same_signature};
use crate::api_error::{self, ApiError};
use crate::incoming::Incoming;

const SHAPE: &str = "The Authorization header must be `LOG <AccessKeyId>:<signature>`.";

/// The AccessKeyId and signature of `LOG <id>:<signature>`.
fn parse(value: &str) -> Option<(&str, &str)> {
    let (id, signature) = value.trim().strip_prefix("LOG ")?.trim().split_once(':')?;
    Some((id, signature)).filter(|(i, s)| !i.is_empty() && !s.is_empty())
}

/// Verifies a Log Service request; the AccessKeyId on success.
pub(crate) fn verify(v: &Verifier<'_>, req: &Incoming) -> Result<String, ApiError> {
    let header = req
        .header("authorization")
        .ok_or_else(|| api_error::missing_common("AccessKeyId"))?;
    let (id, signature) = parse(header).ok_or_else(|| api_error::incomplete_signature(SHAPE))?;
    let version = req
        .header("x-log-apiversion")
        .ok_or_else(|| api_error::missing_common("APIVersion"))?;
    if version.trim() != log::API_VERSION {
        return Err(ApiError::new(
            400,
            "InvalidAPIVersion",
            format!("x-log-apiversion {version} is unsupported."),
        ));
    }
    let method = req.header("x-log-signaturemethod").unwrap_or("hmac-sha1");
    if method.trim() != log::SIGNATURE_METHOD {
        return Err(api_error::invalid_signature_method(
            method,
            log::SIGNATURE_METHOD,
        ));
    }
    let date = req
        .header("date")
        .ok_or_else(|| api_error::missing_common("Date"))?;
    v.check_http_date(date)?;
    let secret = v
        .keys
        .secret_for(id, req.header("x-acs-security-token"), v.now)?;

    let headers: Vec<(&str, &str)> = (req.headers.iter())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let path = percent_decode_str(&req.path).decode_utf8_lossy();
    let string_to_sign = log::string_to_sign(&req.method, &headers, &path, &req.query);
    // The signature covers the declared MD5; a body that is not the one declared was altered.
    let md5_ok = req.body.is_empty()
        || req
            .header("content-md5")
            .is_some_and(|m| m.trim() == log::content_md5(&req.body));
    if !md5_ok || !same_signature(&log::signature(secret, &string_to_sign), signature) {
        return Err(api_error::signature_mismatch(&string_to_sign));
    }
    Ok(id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_header() {
        assert_eq!(parse("LOG id:c2ln"), Some(("id", "c2ln")));
        for bad in ["LOG id", "LOG :s", "acs id:s", "log id:s"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
