//! [`RamRoleArnProvider`]: temporary credentials of a RAM role, from STS's `AssumeRole` signed with any
//! other provider's credentials (AccessKey, STS token, ECS role, OIDC, another RAM role: "chainable").
//!
//! Names, defaults and checks follow `alibabacloud_credentials/provider/ram_role_arn.py`: the role ARN is
//! the one given, else `ALIBABA_CLOUD_ROLE_ARN`; the session name the one given, else
//! `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `credentials-rust-<unix seconds>` (the official one says
//! `credentials-python-…`); the duration 3,600 s unless given, never under 900 s; policy and external ID
//! only when given. The STS endpoint rules are in [`sts`](super::sts).

use std::fmt;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use super::CachingProvider;
use super::context::Context;
use super::env::Env;
use super::provider::{CredentialsFuture, ProvideCredentials, with_context};
use super::sts::{RoleRequest, StsClient, StsSettings};
use crate::error::{Error, ErrorKind};

/// Environment variable holding the ARN of the role to assume (RAM role ARN and OIDC).
pub const ENV_ROLE_ARN: &str = "ALIBABA_CLOUD_ROLE_ARN";
/// Environment variable holding the role session name (RAM role ARN and OIDC).
pub const ENV_ROLE_SESSION_NAME: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";
/// How long assumed-role credentials last unless configured (`DEFAULT_DURATION_SECONDS`).
pub const DEFAULT_ROLE_DURATION_SECONDS: u64 = 3600;
/// The shortest session STS grants.
const MIN_DURATION_SECONDS: u64 = 900;

/// What both role providers are configured with; `None` falls back to the environment or the default.
#[derive(Clone, Debug, Default)]
pub(crate) struct RoleOptions {
    pub(crate) role_arn: Option<String>,
    pub(crate) session_name: Option<String>,
    pub(crate) duration_seconds: Option<u64>,
    pub(crate) policy: Option<String>,
    pub(crate) sts: StsSettings,
    pub(crate) env: Env,
}

impl RoleOptions {
    /// Options over `ctx`'s environment and STS settings.
    pub(crate) fn from_context(ctx: &Context) -> RoleOptions {
        RoleOptions {
            sts: ctx.sts(),
            env: ctx.env.clone(),
            ..RoleOptions::default()
        }
    }

    /// The request, or an error naming `provider` and what is wrong.
    pub(crate) fn request(&self, provider: &str) -> Result<RoleRequest, Error> {
        let given = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
        let role_arn = given(&self.role_arn)
            .or_else(|| self.env.var(ENV_ROLE_ARN))
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Credentials,
                    format!("{provider}: no role ARN (give one or set {ENV_ROLE_ARN})"),
                )
            })?;
        let session_name = given(&self.session_name)
            .or_else(|| self.env.var(ENV_ROLE_SESSION_NAME))
            .unwrap_or_else(default_session_name);
        let duration_seconds = self
            .duration_seconds
            .unwrap_or(DEFAULT_ROLE_DURATION_SECONDS);
        if duration_seconds < MIN_DURATION_SECONDS {
            return Err(Error::new(
                ErrorKind::Credentials,
                format!(
                    "{provider}: a session lasts at least {MIN_DURATION_SECONDS} s, not {duration_seconds}"
                ),
            ));
        }
        Ok(RoleRequest {
            role_arn: role_arn.trim().to_owned(),
            session_name,
            duration_seconds,
            policy: given(&self.policy),
        })
    }

    pub(crate) fn client(&self) -> StsClient {
        StsClient::new(self.sts.endpoint(&self.env))
    }
}

fn default_session_name() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("credentials-rust-{now}")
}

/// The setters both role builders share.
macro_rules! role_setters {
    () => {
        /// The ARN of the role (`acs:ram::<account>:role/<name>`); unset, `ALIBABA_CLOUD_ROLE_ARN`.
        pub fn role_arn(mut self, arn: impl Into<String>) -> Self {
            self.options.role_arn = Some(arn.into());
            self
        }

        /// The role session name; unset, `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else
        /// `credentials-rust-<unix seconds>`.
        pub fn role_session_name(mut self, name: impl Into<String>) -> Self {
            self.options.session_name = Some(name.into());
            self
        }

        /// How long the credentials last, at least 900 s (default 3,600 s).
        pub fn duration_seconds(mut self, seconds: u64) -> Self {
            self.options.duration_seconds = Some(seconds);
            self
        }

        /// A policy narrowing the role's permissions (JSON text).
        pub fn policy(mut self, policy: impl Into<String>) -> Self {
            self.options.policy = Some(policy.into());
            self
        }

        /// Uses STS in this region (`sts.<region>.aliyuncs.com`); unset, `ALIBABA_CLOUD_STS_REGION`.
        pub fn sts_region(mut self, region: impl Into<String>) -> Self {
            self.options.sts.region = Some(region.into());
            self
        }

        /// Uses this STS endpoint (a host, or a URL for loopback), whatever the region.
        pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
            self.options.sts.endpoint = Some(endpoint.into());
            self
        }

        /// Uses STS's VPC endpoint (`sts-vpc.<region>.aliyuncs.com`); unset,
        /// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`.
        pub fn enable_vpc(mut self, yes: bool) -> Self {
            self.options.sts.vpc = Some(yes);
            self
        }

        /// Reads these variables instead of the process environment (for tests).
        pub fn env_vars<K: Into<String>, V: Into<String>>(
            mut self,
            vars: impl IntoIterator<Item = (K, V)>,
        ) -> Self {
            self.options.env = Env::from_vars(
                vars.into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
            );
            self
        }
    };
}
pub(crate) use role_setters;

/// Configures a [`RamRoleArnProvider`]; start with [`RamRoleArnProvider::builder`].
pub struct RamRoleArnBuilder {
    source: Arc<dyn ProvideCredentials>,
    options: RoleOptions,
    external_id: Option<String>,
}

impl fmt::Debug for RamRoleArnBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RamRoleArnBuilder")
            .field("source", &self.source)
            .field("role_arn", &self.options.role_arn)
            .field("external_id", &self.external_id.as_ref().map(|_| "<set>"))
            .finish_non_exhaustive()
    }
}

impl RamRoleArnBuilder {
    role_setters!();

    /// The role's external ID, when its trust policy asks for one.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into()).filter(|i| !i.trim().is_empty());
        self
    }

    pub(crate) fn options(mut self, options: RoleOptions) -> Self {
        self.options = options;
        self
    }

    /// The provider; fails when no role ARN is given or set, or the duration is under 900 s.
    pub fn build(self) -> Result<RamRoleArnProvider, Error> {
        let request = self.options.request("RAM role ARN")?;
        Ok(RamRoleArnProvider {
            source: CachingProvider::from_arc(self.source),
            sts: self.options.client(),
            request,
            external_id: self.external_id,
        })
    }
}

/// Assumes a RAM role with credentials from another provider. Every call asks STS: wrap it in a
/// [`CachingProvider`] (the client does) so that happens once per session, 15 minutes before expiry.
/// The source's own credentials are cached too, so a chain of roles refreshes each link only when due.
pub struct RamRoleArnProvider {
    source: CachingProvider,
    sts: StsClient,
    request: RoleRequest,
    external_id: Option<String>,
}

impl RamRoleArnProvider {
    /// A builder assuming a role with `source`'s credentials.
    pub fn builder(source: impl ProvideCredentials + 'static) -> RamRoleArnBuilder {
        RamRoleArnProvider::builder_arc(Arc::new(source))
    }

    pub(crate) fn builder_arc(source: Arc<dyn ProvideCredentials>) -> RamRoleArnBuilder {
        RamRoleArnBuilder {
            source,
            options: RoleOptions::default(),
            external_id: None,
        }
    }

    /// The ARN of the role assumed.
    pub fn role_arn(&self) -> &str {
        &self.request.role_arn
    }

    async fn assume(&self) -> Result<super::Credentials, Error> {
        let what = format!("RAM role {}", self.request.role_arn);
        let source = self
            .source
            .provide()
            .await
            .map_err(|e| with_context(e, &format!("{what}: source credentials")))?;
        source
            .check()
            .map_err(|e| with_context(e, &format!("{what}: source credentials")))?;
        let c = self
            .sts
            .assume_role(&source, &self.request, self.external_id.as_deref())
            .await
            .map_err(|e| with_context(e, &what))?;
        tracing::debug!(role = %self.request.role_arn, "assumed RAM role");
        Ok(c)
    }
}

impl ProvideCredentials for RamRoleArnProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.assume())
    }
}

impl fmt::Debug for RamRoleArnProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RamRoleArnProvider")
            .field("source", &self.source)
            .field("role_arn", &self.request.role_arn)
            .field("session_name", &self.request.session_name)
            .field("duration_seconds", &self.request.duration_seconds)
            .field("policy", &self.request.policy.as_ref().map(|_| "<set>"))
            .field("external_id", &self.external_id.as_ref().map(|_| "<set>"))
            .field("sts", &self.sts.endpoint())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::{Credentials, StaticProvider};

    #[test]
    fn defaults_and_checks() {
        let source = StaticProvider::new(Credentials::new("id", "s3cr3t-value"));
        let e = RamRoleArnProvider::builder(source.clone())
            .env_vars([("HOME", "/nowhere")])
            .build()
            .unwrap_err();
        assert!(e.message().contains("ALIBABA_CLOUD_ROLE_ARN"), "{e}");
        let p = RamRoleArnProvider::builder(source.clone())
            .env_vars([
                (ENV_ROLE_ARN, "acs:ram::1:role/env"),
                (ENV_ROLE_SESSION_NAME, "envsession"),
            ])
            .build()
            .unwrap();
        assert_eq!(p.role_arn(), "acs:ram::1:role/env");
        assert_eq!(p.request.session_name, "envsession");
        assert_eq!(p.request.duration_seconds, 3600);
        assert_eq!(p.sts.endpoint(), "sts.aliyuncs.com");
        let p = RamRoleArnProvider::builder(source.clone())
            .env_vars([("X", "y")])
            .role_arn("acs:ram::1:role/given")
            .sts_region("cn-hangzhou")
            .enable_vpc(true)
            .external_id("ext-id-value")
            .policy("{\"Statement\":[]}")
            .build()
            .unwrap();
        assert!(p.request.session_name.starts_with("credentials-rust-"));
        assert_eq!(p.sts.endpoint(), "sts-vpc.cn-hangzhou.aliyuncs.com");
        let shown = format!("{p:?}");
        assert!(
            !shown.contains("ext-id-value") && !shown.contains("s3cr3t-value"),
            "{shown}"
        );
        let e = RamRoleArnProvider::builder(source)
            .role_arn("acs:ram::1:role/given")
            .duration_seconds(899)
            .build()
            .unwrap_err();
        assert!(e.message().contains("at least 900"), "{e}");
    }
}
