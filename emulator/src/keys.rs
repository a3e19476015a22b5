//! The credentials the emulator accepts: long-lived AccessKey pairs and STS triples (temporary AccessKey,
//! secret and SecurityToken, optionally expiring). `Debug` never shows a secret or a token.

use std::collections::HashMap;
use std::fmt;

use crate::api_error::{self, ApiError};

/// An STS credential: a temporary AccessKey pair and the SecurityToken that must accompany it.
#[derive(Clone, PartialEq, Eq)]
pub struct StsToken {
    access_key_id: String,
    access_key_secret: String,
    security_token: String,
    expires_at: Option<i64>,
}

impl StsToken {
    /// A token that never expires.
    pub fn new(
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Self {
        StsToken {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: security_token.into(),
            expires_at: None,
        }
    }

    /// The same token, expiring at `epoch_seconds` (UTC). A time in the past makes an expired token,
    /// which is how tests provoke `InvalidSecurityToken.Expired`.
    pub fn expires_at(mut self, epoch_seconds: i64) -> Self {
        self.expires_at = Some(epoch_seconds);
        self
    }

    /// The temporary AccessKeyId.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }
}

impl fmt::Debug for StsToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StsToken")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"<redacted>")
            .field("security_token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// Every accepted credential.
#[derive(Clone, Default)]
pub(crate) struct Keys {
    long_lived: HashMap<String, String>,
    sts: HashMap<String, StsToken>,
    token_owner: HashMap<String, String>,
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut ids: Vec<&String> = self.long_lived.keys().collect();
        ids.sort();
        let mut sts: Vec<&StsToken> = self.sts.values().collect();
        sts.sort_by(|a, b| a.access_key_id.cmp(&b.access_key_id));
        f.debug_struct("Keys")
            .field("access_key_ids", &ids)
            .field("sts", &sts)
            .finish()
    }
}

impl Keys {
    /// Accepts `id` signed with `secret`.
    pub(crate) fn add_key(&mut self, id: String, secret: String) {
        self.long_lived.insert(id, secret);
    }

    /// Accepts the STS triple.
    pub(crate) fn add_sts(&mut self, token: StsToken) {
        self.token_owner
            .insert(token.security_token.clone(), token.access_key_id.clone());
        self.sts.insert(token.access_key_id.clone(), token);
    }

    /// Whether no credential at all is configured.
    pub(crate) fn is_empty(&self) -> bool {
        self.long_lived.is_empty() && self.sts.is_empty()
    }

    /// The secret to verify a request by `id` that carried `token`, checked as the gateway does: the key
    /// must exist; an STS key needs its own, unexpired token; a token never goes with another key.
    pub(crate) fn secret_for(
        &self,
        id: &str,
        token: Option<&str>,
        now: i64,
    ) -> Result<&str, ApiError> {
        let long = self.long_lived.get(id);
        let sts = self.sts.get(id);
        if long.is_none() && sts.is_none() {
            return Err(api_error::access_key_not_found());
        }
        match token {
            None => match (long, sts) {
                (Some(secret), _) => Ok(secret),
                _ => Err(api_error::missing_common("SecurityToken")),
            },
            Some(token) => {
                let owner = self
                    .token_owner
                    .get(token)
                    .ok_or_else(api_error::token_malformed)?;
                let sts = sts
                    .filter(|_| owner == id)
                    .ok_or_else(api_error::token_mismatch)?;
                if sts.expires_at.is_some_and(|t| t <= now) {
                    return Err(api_error::token_expired());
                }
                Ok(&sts.access_key_secret)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        let mut k = Keys::default();
        k.add_key("AK".into(), "sk".into());
        k.add_sts(StsToken::new("STS.A", "stssecret", "tokA"));
        k.add_sts(StsToken::new("STS.B", "stssecretB", "tokB").expires_at(100));
        k
    }

    #[test]
    fn resolves_like_the_gateway() {
        let k = keys();
        assert_eq!(k.secret_for("AK", None, 0), Ok("sk"));
        assert_eq!(k.secret_for("STS.A", Some("tokA"), 0), Ok("stssecret"));
        let code = |r: Result<&str, ApiError>| r.unwrap_err().code;
        assert_eq!(
            code(k.secret_for("nope", None, 0)),
            "InvalidAccessKeyId.NotFound"
        );
        assert_eq!(code(k.secret_for("STS.A", None, 0)), "MissingSecurityToken");
        let malformed = k.secret_for("STS.A", Some("zzz"), 0).unwrap_err();
        assert_eq!(
            (malformed.status, malformed.code.as_str()),
            (400, "InvalidSecurityToken.Malformed")
        );
        assert_eq!(
            code(k.secret_for("STS.A", Some("tokB"), 0)),
            "InvalidSecurityToken.MismatchWithAccessKey"
        );
        assert_eq!(
            code(k.secret_for("AK", Some("tokA"), 0)),
            "InvalidSecurityToken.MismatchWithAccessKey"
        );
        assert_eq!(k.secret_for("STS.B", Some("tokB"), 99), Ok("stssecretB"));
        assert_eq!(
            code(k.secret_for("STS.B", Some("tokB"), 100)),
            "InvalidSecurityToken.Expired"
        );
    }

    #[test]
    fn debug_hides_secrets() {
        let text = format!("{:?}", keys());
        assert!(text.contains("STS.A") && text.contains("AK"), "{text}");
        for secret in ["sk\"", "stssecret", "tokA", "tokB"] {
            assert!(!text.contains(secret), "{text}");
        }
    }
}
