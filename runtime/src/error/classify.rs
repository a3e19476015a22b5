//! What an [`Error`] means for the caller: throttling, timeouts, permission and authentication failures,
//! and whether trying again could help. Kept apart from the data so the code lists are easy to audit.
//!
//! A status rule (429 throttles, 401 is authentication, 403 permission, 5xx retryable) holds for the HTTP
//! status and for the status a 2xx body reported its failure with ([`Error::body_status`]): DBS answers
//! HTTP 200 with `"HttpStatusCode": 503` when it is the server that failed.

use super::{Error, ErrorKind};

/// Codes (exact, or prefixes ending in `.`) of errors caused by the credentials or the signature.
const AUTH_CODES: &[&str] = &[
    "InvalidAccessKeyId",
    "InvalidAccessKeySecret",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "InvalidSecurityToken",
    "MissingSecurityToken",
    "InvalidTimeStamp",
    "SignatureNonceUsed",
    "InvalidSignatureMethod",
    "UnsupportedSignatureType",
];

/// Codes (exact, or followed by `.something`) of errors where the caller is known but not allowed.
const ACCESS_DENIED_CODES: &[&str] = &[
    "Forbidden",
    "NoPermission",
    "NotAuthorized",
    "AccessDenied",
    "Unauthorized",
    "UnauthorizedOperation",
];

/// Whether `code` is `name` or `name.<detail>` for one of `names`.
fn matches_family(code: &str, names: &[&str]) -> bool {
    names.iter().any(|name| {
        code.strip_prefix(name)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    })
}

impl Error {
    /// Whether the HTTP status or the body's status satisfies `rule`.
    fn any_status(&self, rule: impl Fn(u16) -> bool) -> bool {
        self.http_status().is_some_and(&rule) || self.body_status().is_some_and(&rule)
    }

    /// Whether the service throttled the call (`Throttling`, `Throttling.User`, `Throttling.Api`, HTTP or
    /// body status 429); [`Error::retry_after`] may say for how long.
    pub fn is_throttling(&self) -> bool {
        self.kind() == ErrorKind::Throttling
            || self.any_status(|s| s == 429)
            || self.code().is_some_and(|c| c.starts_with("Throttling"))
    }

    /// Whether a connect, per-attempt or whole-operation timeout elapsed.
    pub fn is_timeout(&self) -> bool {
        self.kind() == ErrorKind::Timeout
    }

    /// Whether the caller is authenticated but not allowed: `Forbidden`, `Forbidden.RAM`, `*.Forbidden`
    /// (e.g. `Request.Forbidden`), `NoPermission*`, `NotAuthorized`, `AccessDenied*`, or an HTTP (or body)
    /// 403 without a code that says otherwise. [`Error::access_denied_detail`] often says which policy denied it.
    pub fn is_access_denied(&self) -> bool {
        if self.is_auth_error() {
            return false;
        }
        match self.code() {
            Some(c) => {
                matches_family(c, ACCESS_DENIED_CODES)
                    || c.ends_with(".Forbidden")
                    || c.ends_with(".NoPermission")
            }
            None => self.kind() == ErrorKind::Service && self.any_status(|s| s == 403),
        }
    }

    /// Whether the credentials or the signature were rejected (`InvalidAccessKeyId*`,
    /// `SignatureDoesNotMatch`, `InvalidSecurityToken*`, `IncompleteSignature`, `InvalidTimeStamp*`, HTTP or
    /// body status 401)
    /// or none could be found ([`ErrorKind::Credentials`]). Retrying the same request cannot help.
    pub fn is_auth_error(&self) -> bool {
        if self.kind() == ErrorKind::Credentials {
            return true;
        }
        match self.code() {
            Some(c) => matches_family(c, AUTH_CODES),
            None => self.kind() == ErrorKind::Service && self.any_status(|s| s == 401),
        }
    }

    /// Whether a later attempt might succeed: timeouts, transport failures, throttling, `ServiceUnavailable`
    /// and HTTP (or body) status 5xx, but never authentication, permission or validation errors, a
    /// response over the size limit, or a TLS certificate the client rejected.
    pub fn is_retryable(&self) -> bool {
        if self.is_permanent() {
            return false;
        }
        match self.kind() {
            ErrorKind::Timeout | ErrorKind::Transport | ErrorKind::Throttling => true,
            ErrorKind::Service => {
                if self.is_auth_error() || self.is_access_denied() {
                    return false;
                }
                self.is_throttling()
                    || self.code() == Some("ServiceUnavailable")
                    || self.any_status(|s| s >= 500)
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(status: u16, code: &str) -> Error {
        Error::new(ErrorKind::Service, "m")
            .with_status(status)
            .with_code(Some(code.to_owned()).filter(|c| !c.is_empty()))
    }

    #[test]
    fn access_denied_family() {
        for code in [
            "Forbidden",
            "Forbidden.RAM",
            "Request.Forbidden",
            "NoPermission",
            "NoPermission.Action",
            "NotAuthorized",
            "AccessDenied",
            "Dbs.NoPermission",
        ] {
            let e = service(403, code);
            assert!(e.is_access_denied(), "{code}");
            assert!(!e.is_auth_error(), "{code}");
            assert!(!e.is_retryable(), "{code}");
        }
        assert!(service(403, "").is_access_denied());
        assert!(!service(400, "ForbiddenFruit").is_access_denied());
        assert!(!service(400, "InvalidParameter").is_access_denied());
    }

    #[test]
    fn auth_family() {
        for code in [
            "InvalidAccessKeyId",
            "InvalidAccessKeyId.NotFound",
            "InvalidAccessKeyId.Inactive",
            "SignatureDoesNotMatch",
            "InvalidSecurityToken.Expired",
            "InvalidSecurityToken.MismatchWithAccessKey",
            "IncompleteSignature",
            "InvalidTimeStamp.Expired",
        ] {
            let e = service(400, code);
            assert!(e.is_auth_error(), "{code}");
            assert!(!e.is_access_denied(), "{code}");
            assert!(!e.is_retryable(), "{code}");
        }
        // An auth code wins even with a 5xx status or a 403.
        assert!(!service(500, "SignatureDoesNotMatch").is_retryable());
        assert!(!service(403, "InvalidAccessKeyId.Inactive").is_access_denied());
        assert!(service(401, "").is_auth_error());
        assert!(Error::new(ErrorKind::Credentials, "none").is_auth_error());
        assert!(!service(400, "InvalidAccessKeyIdentity").is_auth_error());
    }

    #[test]
    fn throttling_timeouts_and_retryability() {
        let t = service(400, "Throttling.User").with_kind(ErrorKind::Throttling);
        assert!(t.is_throttling() && t.is_retryable());
        assert!(service(429, "").is_throttling());
        assert!(service(503, "ServiceUnavailable").is_retryable());
        assert!(service(500, "InternalError").is_retryable());
        assert!(!service(400, "InvalidParameter").is_retryable());
        assert!(!service(404, "").is_retryable());
        let timeout = Error::new(ErrorKind::Timeout, "t");
        assert!(timeout.is_timeout() && timeout.is_retryable());
        assert!(!timeout.is_throttling());
        assert!(Error::new(ErrorKind::Transport, "x").is_retryable());
        assert!(!Error::new(ErrorKind::Validation, "x").is_retryable());
        assert!(!Error::new(ErrorKind::Decode, "x").is_retryable());
        assert!(!Error::new(ErrorKind::ResponseTooLarge, "x").is_retryable());
        assert!(
            !Error::new(ErrorKind::Transport, "x")
                .permanent()
                .is_retryable()
        );
    }

    #[test]
    fn the_body_status_of_a_2xx_failure_counts_too() {
        let in_body = |status: u16, code: &str| service(200, code).with_body_status(Some(status));
        assert!(in_body(503, "InternalError").is_retryable());
        assert!(in_body(429, "").is_throttling());
        assert!(in_body(403, "").is_access_denied());
        assert!(in_body(401, "").is_auth_error());
        assert!(!in_body(400, "InvalidParameter").is_retryable());
        assert!(!in_body(503, "Forbidden.RAM").is_retryable());
    }
}
