//! [`Credentials`]: an AccessKey pair, an optional STS SecurityToken and expiry (or a bearer token), with
//! a `Debug` that never shows the secret parts; and where credentials come from ([`ProvideCredentials`]
//! and its implementations: keys, the environment, the CLI's `config.json` in every mode, the ini file,
//! the ECS role, RAM roles assumed through STS, OIDC, a credentials URI, CloudSSO, an external command,
//! OAuth, an RSA key pair; the [`DefaultChain`] and the refreshing [`CachingProvider`]). Each module cites
//! the file of Alibaba's Python credentials library (`alibabacloud_credentials`) whose rules it follows.

mod bearer;
mod cache;
mod chain;
mod cli_profile;
mod cloud_sso;
mod config_write;
mod context;
mod document;
mod ecs;
mod env;
mod external;
mod files;
mod http;
mod modes;
mod oauth;
mod oidc;
mod provider;
mod ram_role;
mod rsa_key_pair;
mod sts;
mod sts_ops;
mod uri;

pub use cache::{CachingProvider, DEFAULT_REFRESH_BEFORE};
pub use chain::{DefaultChain, DefaultChainBuilder};
pub use cli_profile::{CliProfileProvider, ENV_CLI_PROFILE_DISABLED, ENV_PROFILE};
pub use cloud_sso::CloudSsoProvider;
pub use ecs::{
    DEFAULT_METADATA_ENDPOINT, ENV_ECS_METADATA, ENV_ECS_METADATA_DISABLED, ENV_IMDSV1_DISABLED,
    EcsRamRoleProvider,
};
pub use external::ExternalProvider;
pub use files::{ENV_CREDENTIALS_FILE, IniFileProvider};
pub use oidc::{
    ENV_OIDC_PROVIDER_ARN, ENV_OIDC_TOKEN_FILE, OidcRoleArnBuilder, OidcRoleArnProvider,
};
pub use provider::{CredentialsFuture, EnvProvider, ProvideCredentials, StaticProvider};
pub use ram_role::{
    DEFAULT_ROLE_DURATION_SECONDS, ENV_ROLE_ARN, ENV_ROLE_SESSION_NAME, RamRoleArnBuilder,
    RamRoleArnProvider,
};
pub use rsa_key_pair::{JAPAN_STS_ENDPOINT, RsaKeyPairBuilder, RsaKeyPairProvider};
pub use sts::{ENV_STS_REGION, ENV_VPC_ENDPOINT_ENABLED, GLOBAL_STS_ENDPOINT};
pub use uri::{CredentialsUriProvider, ENV_CREDENTIALS_URI};

pub(crate) use bearer::sign as sign_with_bearer_token;
pub(crate) use env::Env;

use std::fmt;
use std::time::SystemTime;

use crate::error::{Error, ErrorKind};

/// Environment variable holding the AccessKeyId.
pub const ENV_ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// Environment variable holding the AccessKeySecret.
pub const ENV_ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// Environment variable holding the optional STS SecurityToken.
pub const ENV_SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// An AccessKeyId, its AccessKeySecret and, for STS credentials, a SecurityToken.
///
/// Or, instead of all that, a bearer token ([`Credentials::bearer`]).
///
/// `Debug` shows the AccessKeyId (an identifier, printed in Alibaba's own logs and consoles) but redacts
/// the secret, the token and the bearer token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    /// Set only by [`Credentials::bearer`]: then the id and secret are empty and nothing is signed.
    bearer_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Long-lived AccessKey credentials.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            bearer_token: None,
            expiry: None,
        }
    }

    /// A bearer token, the official library's `bearer` credential type (`BearerTokenCredential` in
    /// `alibabacloud_credentials/credentials.py`), for the products that accept one: requests carry it
    /// (`x-acs-bearer-token`, or `BearerToken` in a V1 query) with `SignatureType` `BEARERTOKEN`, and no
    /// AccessKey signature, as tea-openapi's `client.py` sends them. It has no AccessKey: a client or
    /// provider that needs one (STS's `AssumeRole`, Log Service) refuses it.
    pub fn bearer(token: impl Into<String>) -> Self {
        Credentials {
            access_key_id: String::new(),
            access_key_secret: String::new(),
            security_token: None,
            bearer_token: Some(token.into()),
            expiry: None,
        }
    }

    /// The bearer token, for credentials made with [`Credentials::bearer`]. Never log it.
    pub fn bearer_token(&self) -> Option<&str> {
        self.bearer_token.as_deref()
    }

    /// The same credentials with an expiry: a [`CachingProvider`] fetches new ones before then.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// When these credentials stop working, for temporary (STS) credentials.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// The same credentials with an STS SecurityToken, sent (and signed) as `x-acs-security-token` (ACS3)
    /// or the `SecurityToken` parameter (V1).
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and the optional
    /// `ALIBABA_CLOUD_SECURITY_TOKEN`; the error names every required variable that is missing or empty.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] with the variables read through `lookup`, so it can be tested without
    /// touching the process environment.
    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let id = get(ENV_ACCESS_KEY_ID);
        let secret = get(ENV_ACCESS_KEY_SECRET);
        match (id, secret) {
            (Some(id), Some(secret)) => {
                let creds = Credentials::new(id.trim(), secret.trim());
                Ok(match get(ENV_SECURITY_TOKEN) {
                    Some(token) => creds.with_security_token(token.trim()),
                    None => creds,
                })
            }
            (id, secret) => {
                let missing: Vec<&str> = [
                    (id.is_none(), ENV_ACCESS_KEY_ID),
                    (secret.is_none(), ENV_ACCESS_KEY_SECRET),
                ]
                .into_iter()
                .filter_map(|(gone, name)| gone.then_some(name))
                .collect();
                Err(Error::new(
                    ErrorKind::Credentials,
                    format!(
                        "missing credentials: environment variable {} not set or empty",
                        missing.join(" and ")
                    ),
                ))
            }
        }
    }

    /// The AccessKeyId.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The AccessKeySecret. Only the signer needs it; never log it.
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    /// The STS SecurityToken, if any. Never log it.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// Checks that the id and secret (or the bearer token) are non-empty and could be sent in a header.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let printable = |s: &str| s.bytes().all(|b| (0x21..0x7f).contains(&b));
        if let Some(token) = &self.bearer_token {
            // Say what is wrong without echoing any of it.
            if token.is_empty() || !printable(token) {
                return Err(Error::new(
                    ErrorKind::Credentials,
                    "the bearer token must be non-empty printable ASCII without spaces",
                ));
            }
            return Ok(());
        }
        if self.access_key_id.is_empty() || self.access_key_secret.is_empty() {
            return Err(Error::new(
                ErrorKind::Credentials,
                "AccessKeyId and AccessKeySecret must not be empty",
            ));
        }
        if !printable(&self.access_key_id) {
            return Err(Error::new(
                ErrorKind::Credentials,
                "AccessKeyId must be printable ASCII without spaces",
            ));
        }
        if self
            .security_token
            .as_deref()
            .is_some_and(|t| !printable(t))
        {
            // Say what is wrong without echoing any of it.
            return Err(Error::new(
                ErrorKind::Credentials,
                "SecurityToken must be printable ASCII without spaces",
            ));
        }
        Ok(())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"<redacted>")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "bearer_token",
                &self.bearer_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expiry", &self.expiry)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn debug_redacts_secret_and_token() {
        let c = Credentials::new("LTAIid", "s3cr3t-value").with_security_token("tok-en-value");
        let d = format!("{c:?} {c:#?}");
        assert!(d.contains("LTAIid"));
        assert!(!d.contains("s3cr3t-value"));
        assert!(!d.contains("tok-en-value"));
        assert!(d.contains("<redacted>"));
        let b = Credentials::bearer("bearer-tok-value");
        let d = format!("{b:?} {b:#?}");
        assert!(!d.contains("bearer-tok-value"), "{d}");
        assert!(d.contains("bearer_token: Some(\"<redacted>\")"), "{d}");
    }

    #[test]
    fn bearer_credentials_check_the_token_only() {
        assert!(Credentials::bearer("tok").check().is_ok());
        assert_eq!(Credentials::bearer("tok").bearer_token(), Some("tok"));
        assert!(Credentials::new("id", "s").bearer_token().is_none());
        let e = Credentials::bearer("bad tok-xyz").check().unwrap_err();
        assert!(!e.to_string().contains("tok-xyz"));
        assert!(Credentials::bearer("").check().is_err());
    }

    #[test]
    fn env_lookup_names_what_is_missing() {
        let env: HashMap<&str, &str> = HashMap::from([(ENV_ACCESS_KEY_SECRET, "sec")]);
        let err = Credentials::from_lookup(|k| env.get(k).map(|v| v.to_string())).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Credentials);
        assert!(err.message().contains(ENV_ACCESS_KEY_ID));
        assert!(!err.message().contains(ENV_ACCESS_KEY_SECRET));
        assert!(!err.to_string().contains("sec\""));

        let err = Credentials::from_lookup(|_| None).unwrap_err();
        assert!(err.message().contains(ENV_ACCESS_KEY_ID));
        assert!(err.message().contains(ENV_ACCESS_KEY_SECRET));

        let env: HashMap<&str, &str> = HashMap::from([
            (ENV_ACCESS_KEY_ID, "id"),
            (ENV_ACCESS_KEY_SECRET, "sec"),
            (ENV_SECURITY_TOKEN, "tok"),
        ]);
        let c = Credentials::from_lookup(|k| env.get(k).map(|v| v.to_string())).unwrap();
        assert_eq!(c.access_key_id(), "id");
        assert_eq!(c.access_key_secret(), "sec");
        assert_eq!(c.security_token(), Some("tok"));
    }

    #[test]
    fn check_rejects_empty_and_unprintable() {
        assert!(Credentials::new("", "x").check().is_err());
        assert!(Credentials::new("id", "").check().is_err());
        assert!(Credentials::new("i d", "x").check().is_err());
        let e = Credentials::new("id", "x")
            .with_security_token("bad\ntoken-xyz")
            .check()
            .unwrap_err();
        assert!(!e.to_string().contains("token-xyz"));
        assert!(
            Credentials::new("id", "x")
                .with_security_token("t")
                .check()
                .is_ok()
        );
    }
}
