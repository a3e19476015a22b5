//! The gateway's error answers: the code, HTTP status and message of each refusal, rendered as Alibaba's
//! JSON error body `{"RequestId","HostId","Code","Message","Recommend"}` (RESTful products write it their
//! own way: see `crate::error_body`).
//!
//! Codes, statuses and messages follow what Alibaba's POP gateway returns (as quoted in its error center and
//! in the official SDKs' bug reports); the emulator's README lists each with its source.

use serde_json::json;

/// A refusal: HTTP status, error code and message, plus extra response headers (such as a retry hint).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Alibaba's error code, such as `SignatureDoesNotMatch`.
    pub code: String,
    /// Human-readable message.
    pub message: String,
    /// Extra response headers.
    pub headers: Vec<(String, String)>,
}

impl ApiError {
    /// An error with no extra headers.
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.into(),
            message: message.into(),
            headers: Vec::new(),
        }
    }

    /// The JSON error body, with the troubleshooting link the gateway puts in `Recommend`.
    pub fn body(&self, request_id: &str, host_id: &str, product: Option<&str>) -> String {
        json!({
            "RequestId": request_id,
            "HostId": host_id,
            "Code": self.code,
            "Message": self.message,
            "Recommend": self.recommend(request_id, product),
        })
        .to_string()
    }

    /// The gateway's troubleshooting link for this refusal.
    pub fn recommend(&self, request_id: &str, product: Option<&str>) -> String {
        let mut recommend = format!(
            "https://api.aliyun.com/troubleshoot?q={}",
            acs_runtime::sign::percent_encode(&self.code)
        );
        if let Some(p) = product {
            recommend.push_str("&product=");
            recommend.push_str(&acs_runtime::sign::percent_encode(p));
        }
        recommend.push_str("&requestId=");
        recommend.push_str(request_id);
        recommend
    }
}

/// `Missing<Name>`: a required common parameter or header is absent (the gateway's own naming, e.g.
/// `MissingAccessKeyId`, `MissingSecurityToken`).
pub fn missing_common(name: &str) -> ApiError {
    ApiError::new(
        400,
        format!("Missing{name}"),
        format!("{name} is mandatory for this action."),
    )
}

/// The Authorization header (or the V1 signature parameters) does not have the required shape.
pub fn incomplete_signature(detail: &str) -> ApiError {
    ApiError::new(
        400,
        "IncompleteSignature",
        format!("The request signature does not conform to Aliyun standards. {detail}"),
    )
}

/// The recomputed signature differs; like the gateway, the message quotes the server's string to sign so
/// a client author can compare it with theirs (it holds no secret).
pub fn signature_mismatch(server_string_to_sign: &str) -> ApiError {
    ApiError::new(
        400,
        "SignatureDoesNotMatch",
        format!(
            "Specified signature does not match our calculation. server string to sign is:{server_string_to_sign}"
        ),
    )
}

/// The signature method is not the scheme's (`HMAC-SHA1` for V1 and legacy ROA, `hmac-sha256` for Log
/// Service).
pub fn invalid_signature_method(method: &str, expected: &str) -> ApiError {
    ApiError::new(
        400,
        "InvalidSignatureMethod",
        format!(
            "Specified signature method {method} is not valid; this signature uses {expected}."
        ),
    )
}

/// The signature version is not `1.0` (V1 and legacy ROA).
pub fn invalid_signature_version() -> ApiError {
    ApiError::new(
        400,
        "InvalidSignatureVersion",
        "Specified signature version is not valid; this signature uses 1.0.",
    )
}

/// The AccessKeyId is not configured.
pub fn access_key_not_found() -> ApiError {
    ApiError::new(
        404,
        "InvalidAccessKeyId.NotFound",
        "Specified access key is not found.",
    )
}

/// The timestamp is not `YYYY-MM-DDTHH:MM:SSZ`.
pub fn timestamp_format() -> ApiError {
    ApiError::new(
        400,
        "InvalidTimeStamp.Format",
        "Specified time stamp or date value is not well formatted.",
    )
}

/// The timestamp is more than the allowed skew away from the server's clock.
pub fn timestamp_expired() -> ApiError {
    ApiError::new(
        400,
        "InvalidTimeStamp.Expired",
        "Specified time stamp or date value is expired.",
    )
}

/// The nonce was already used within the window.
pub fn nonce_used() -> ApiError {
    ApiError::new(
        400,
        "SignatureNonceUsed",
        "Specified signature nonce was used already.",
    )
}

/// The STS token has expired.
pub fn token_expired() -> ApiError {
    ApiError::new(
        403,
        "InvalidSecurityToken.Expired",
        "Specified SecurityToken is expired.",
    )
}

/// The STS token belongs to another AccessKeyId (or the key is a long-lived one).
pub fn token_mismatch() -> ApiError {
    ApiError::new(
        403,
        "InvalidSecurityToken.MismatchWithAccessKey",
        "Specified SecurityToken mismatch with the AccessKey.",
    )
}

/// The STS token is not one the emulator issued (400, unlike the other token errors: the gateway rejects
/// a token it cannot parse before it looks at permissions).
pub fn token_malformed() -> ApiError {
    ApiError::new(
        400,
        "InvalidSecurityToken.Malformed",
        "Specified SecurityToken is malformed.",
    )
}

/// No operation of that name, or none at that path and method.
pub fn action_not_found() -> ApiError {
    ApiError::new(
        404,
        "InvalidAction.NotFound",
        "Specified api is not found, please check your url and method.",
    )
}

/// The operation exists, but not in that API version.
pub fn invalid_version() -> ApiError {
    ApiError::new(
        400,
        "InvalidVersion",
        "Specified parameter Version is not valid.",
    )
}

/// A required request parameter is absent.
pub fn missing_parameter(name: &str) -> ApiError {
    ApiError::new(
        400,
        "MissingParameter",
        format!(
            "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
        ),
    )
}

/// A request parameter has a value outside its type, enum or range.
pub fn invalid_parameter(name: &str, why: &str) -> ApiError {
    ApiError::new(
        400,
        "InvalidParameter",
        format!("The specified parameter \"{name}\" is not valid. {why}"),
    )
}

/// The request could not be read (a body over the limit, bad UTF-8 in the query, ...).
pub fn bad_request(why: &str) -> ApiError {
    ApiError::new(400, "InvalidParameter", why.to_owned())
}

/// Throttled, with the hint the runtime's retry loop reads.
pub fn throttled(status: u16, code: &str, message: &str, retry_after_ms: Option<u64>) -> ApiError {
    let mut e = ApiError::new(status, code, message);
    if let Some(ms) = retry_after_ms {
        e.headers
            .push(("x-acs-retry-after".to_owned(), ms.to_string()));
        e.headers
            .push(("retry-after".to_owned(), ms.div_ceil(1000).to_string()));
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_the_gateway_fields() {
        let body = nonce_used().body("RID", "127.0.0.1:9", Some("Dts"));
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["RequestId"], "RID");
        assert_eq!(v["HostId"], "127.0.0.1:9");
        assert_eq!(v["Code"], "SignatureNonceUsed");
        assert_eq!(v["Message"], "Specified signature nonce was used already.");
        assert_eq!(
            v["Recommend"],
            "https://api.aliyun.com/troubleshoot?q=SignatureNonceUsed&product=Dts&requestId=RID"
        );
    }

    #[test]
    fn throttling_carries_retry_hints() {
        let e = throttled(400, "Throttling.User", "m", Some(1500));
        assert_eq!(
            e.headers,
            vec![
                ("x-acs-retry-after".to_owned(), "1500".to_owned()),
                ("retry-after".to_owned(), "2".to_owned())
            ]
        );
    }
}
