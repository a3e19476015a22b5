//! [`OidcRoleArnProvider`]: temporary credentials of a RAM role from STS's `AssumeRoleWithOIDC`, the RRSA
//! way pods of an ACK cluster get theirs: an OIDC token in a file, exchanged without any key.
//!
//! Names, defaults and checks follow `alibabacloud_credentials/provider/oidc.py`: the role ARN, the OIDC
//! provider ARN and the token file are the ones given, else `ALIBABA_CLOUD_ROLE_ARN`,
//! `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE`; the session name and duration
//! as for [`RamRoleArnProvider`](super::RamRoleArnProvider). The token file is read again at every
//! refresh, since the cluster rotates it (`_get_token` in `_refresh_credentials`). The default chain asks
//! this provider second, right after the environment's keys, when all three variables are set
//! (`enable_oidc_credential` in `utils/auth_util.py`, used by `provider/default.py`).

use std::fmt;
use std::path::PathBuf;

use super::Credentials;
use super::context::Context;
use super::env::Env;
use super::provider::{CredentialsFuture, ProvideCredentials, with_context};
use super::ram_role::{ENV_ROLE_ARN, RoleOptions, role_setters};
use super::sts::{RoleRequest, StsClient};
use crate::error::{Error, ErrorKind};

/// Environment variable holding the ARN of the OIDC identity provider.
pub const ENV_OIDC_PROVIDER_ARN: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
/// Environment variable naming the file that holds the OIDC token.
pub const ENV_OIDC_TOKEN_FILE: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
/// The largest token file read: a JWT is a few KiB.
const MAX_TOKEN_BYTES: u64 = 64 * 1024;

/// Whether the environment configures OIDC: all three variables set, as `enable_oidc_credential` asks.
pub(crate) fn configured(env: &Env) -> bool {
    [ENV_ROLE_ARN, ENV_OIDC_PROVIDER_ARN, ENV_OIDC_TOKEN_FILE]
        .iter()
        .all(|v| env.var(v).is_some())
}

/// Configures an [`OidcRoleArnProvider`]; start with [`OidcRoleArnProvider::builder`].
#[derive(Debug, Default)]
pub struct OidcRoleArnBuilder {
    options: RoleOptions,
    provider_arn: Option<String>,
    token_file: Option<PathBuf>,
}

impl OidcRoleArnBuilder {
    role_setters!();

    /// The ARN of the OIDC identity provider; unset, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`.
    pub fn oidc_provider_arn(mut self, arn: impl Into<String>) -> Self {
        self.provider_arn = Some(arn.into());
        self
    }

    /// The file holding the OIDC token, read at every refresh; unset, `ALIBABA_CLOUD_OIDC_TOKEN_FILE`.
    pub fn oidc_token_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.token_file = Some(path.into());
        self
    }

    pub(crate) fn context(mut self, ctx: &Context) -> Self {
        self.options = RoleOptions::from_context(ctx);
        self
    }

    /// The provider; fails when the role ARN, the provider ARN or the token file is neither given nor set,
    /// or the duration is under 900 s. The token file is not read yet.
    pub fn build(self) -> Result<OidcRoleArnProvider, Error> {
        const WHAT: &str = "OIDC role";
        let env = &self.options.env;
        let missing = |what: &str, var: &str| {
            Error::new(
                ErrorKind::Credentials,
                format!("{WHAT}: no {what} (give one or set {var})"),
            )
        };
        let provider_arn = self
            .provider_arn
            .filter(|a| !a.trim().is_empty())
            .or_else(|| env.var(ENV_OIDC_PROVIDER_ARN))
            .ok_or_else(|| missing("OIDC provider ARN", ENV_OIDC_PROVIDER_ARN))?;
        let token_file = self
            .token_file
            .filter(|p| !p.as_os_str().is_empty())
            .or_else(|| env.var(ENV_OIDC_TOKEN_FILE).map(PathBuf::from))
            .ok_or_else(|| missing("OIDC token file", ENV_OIDC_TOKEN_FILE))?;
        let request = self.options.request(WHAT)?;
        Ok(OidcRoleArnProvider {
            sts: self.options.client(),
            provider_arn: provider_arn.trim().to_owned(),
            token_file,
            request,
        })
    }
}

/// Assumes a RAM role with an OIDC token read from a file. Every call reads the file and asks STS: wrap
/// it in a [`CachingProvider`](super::CachingProvider) (the client does).
pub struct OidcRoleArnProvider {
    sts: StsClient,
    provider_arn: String,
    token_file: PathBuf,
    request: RoleRequest,
}

impl OidcRoleArnProvider {
    /// A builder; everything may come from the environment.
    pub fn builder() -> OidcRoleArnBuilder {
        OidcRoleArnBuilder::default()
    }

    /// The ARN of the role assumed.
    pub fn role_arn(&self) -> &str {
        &self.request.role_arn
    }

    /// The token, read now: the file rotates. Its content is never shown, not even when it is unusable.
    fn token(&self, what: &str) -> Result<String, Error> {
        let bad = |why: String| {
            Error::new(
                ErrorKind::Credentials,
                format!(
                    "{what}: the OIDC token file {} {why}",
                    self.token_file.display()
                ),
            )
        };
        let meta =
            std::fs::metadata(&self.token_file).map_err(|e| bad(format!("cannot be read: {e}")))?;
        if meta.len() > MAX_TOKEN_BYTES {
            return Err(bad(format!("is larger than {MAX_TOKEN_BYTES} bytes")));
        }
        let text = std::fs::read_to_string(&self.token_file)
            .map_err(|e| bad(format!("cannot be read: {e}")))?;
        let token = text.trim();
        if token.is_empty() {
            return Err(bad("is empty".to_owned()));
        }
        Ok(token.to_owned())
    }

    async fn assume(&self) -> Result<Credentials, Error> {
        let what = format!("OIDC role {}", self.request.role_arn);
        let token = self.token(&what)?;
        let c = self
            .sts
            .assume_role_with_oidc(&self.provider_arn, &token, &self.request)
            .await
            .map_err(|e| with_context(e, &what))?;
        tracing::debug!(role = %self.request.role_arn, "assumed RAM role with an OIDC token");
        Ok(c)
    }
}

impl ProvideCredentials for OidcRoleArnProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.assume())
    }
}

impl fmt::Debug for OidcRoleArnProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcRoleArnProvider")
            .field("role_arn", &self.request.role_arn)
            .field("oidc_provider_arn", &self.provider_arn)
            .field("oidc_token_file", &self.token_file)
            .field("session_name", &self.request.session_name)
            .field("duration_seconds", &self.request.duration_seconds)
            .field("policy", &self.request.policy.as_ref().map(|_| "<set>"))
            .field("sts", &self.sts.endpoint())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_can_come_from_the_environment() {
        let vars = [
            (ENV_ROLE_ARN, "acs:ram::1:role/oidc"),
            (ENV_OIDC_PROVIDER_ARN, "acs:ram::1:oidc-provider/p"),
            (ENV_OIDC_TOKEN_FILE, "/var/run/token"),
            ("ALIBABA_CLOUD_STS_REGION", "cn-shanghai"),
        ];
        let env = Env::from_vars(
            vars.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        assert!(configured(&env));
        let p = OidcRoleArnProvider::builder()
            .env_vars(vars)
            .build()
            .unwrap();
        assert_eq!(p.role_arn(), "acs:ram::1:role/oidc");
        assert_eq!(p.token_file, PathBuf::from("/var/run/token"));
        assert_eq!(p.sts.endpoint(), "sts.cn-shanghai.aliyuncs.com");
        let e = OidcRoleArnProvider::builder()
            .env_vars(vars[..2].to_vec())
            .build()
            .unwrap_err();
        assert!(e.message().contains(ENV_OIDC_TOKEN_FILE), "{e}");
        assert!(!configured(&Env::from_vars(Default::default())));
        let e = p.token("OIDC").unwrap_err();
        assert!(e.message().contains("/var/run/token cannot be read"), "{e}");
    }
}
