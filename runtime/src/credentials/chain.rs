//! [`DefaultChain`]: the official order of credential sources, `alibabacloud_credentials/provider/
//! default.py`: explicit keys (handled by the builder, which then never consults the chain), environment
//! variables, the OIDC role when `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
//! `ALIBABA_CLOUD_OIDC_TOKEN_FILE` are all set, the CLI's `config.json`, the credentials ini file, the ECS
//! RAM role unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`, and the credentials URI when
//! `ALIBABA_CLOUD_CREDENTIALS_URI` is set.
//!
//! One difference: the official chain moves on past a source that fails for any reason; this one moves
//! on only past sources that are not configured (no variable, no file, no such profile, not on ECS) and
//! stops at one that is configured but fails, naming it, because silently signing as someone else than
//! the configuration says is worse than failing. When none yields anything, the error lists every source
//! and why.

use std::collections::HashMap;
use std::path::PathBuf;

use super::context::Context;
use super::ecs::ENV_ECS_METADATA_DISABLED;
use super::env::Env;
use super::oidc::{self, OidcRoleArnProvider};
use super::provider::{CredentialsFuture, EnvProvider, Lookup, ProvideCredentials, with_context};
use super::uri::{CredentialsUriProvider, ENV_CREDENTIALS_URI};
use super::{CliProfileProvider, Credentials, IniFileProvider};
use crate::client::ENV_REGION_ID;
use crate::error::{Error, ErrorKind};

/// The default credentials chain. Every call walks the sources again; the client wraps the chain in a
/// [`CachingProvider`](super::CachingProvider) so that happens once per credential lifetime.
#[derive(Clone, Debug, Default)]
pub struct DefaultChain {
    ctx: Context,
    /// A profile named explicitly: then it alone is read.
    profile: Option<String>,
}

/// Configures a [`DefaultChain`]: an injected environment, home directory, metadata and STS endpoints
/// (so it can be tested without the process environment, the real home or the network), or one profile.
#[derive(Clone, Debug, Default)]
pub struct DefaultChainBuilder {
    vars: Option<HashMap<String, String>>,
    home: Option<PathBuf>,
    metadata_endpoint: Option<String>,
    sts_endpoint: Option<String>,
    oauth_sign_in_url: Option<String>,
    profile: Option<String>,
}

impl DefaultChainBuilder {
    /// Reads these variables instead of the process environment (also for `HOME` unless
    /// [`DefaultChainBuilder::home_dir`] is set).
    pub fn env_vars<K: Into<String>, V: Into<String>>(
        mut self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.vars = Some(
            vars.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// Looks for `.aliyun/config.json` and `.alibabacloud/credentials.ini` under this directory.
    pub fn home_dir(mut self, home: impl Into<PathBuf>) -> Self {
        self.home = Some(home.into());
        self
    }

    /// Asks this metadata service (scheme, host and port) instead of `http://100.100.100.200`.
    pub fn metadata_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata_endpoint = Some(url.into());
        self
    }

    /// Sends the STS calls of RAM role and OIDC sources (from the environment or a profile) to this
    /// endpoint (a host, or a URL for loopback) instead of the one their region gives.
    pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts_endpoint = Some(endpoint.into());
        self
    }

    /// Sends the OAuth renewals of `OAuth` profiles to this sign-in URL (`https://…`, or `http://` to
    /// loopback) instead of their site's (`https://oauth.aliyun.com`, `https://oauth.alibabacloud.com`).
    pub fn oauth_sign_in_url(mut self, url: impl Into<String>) -> Self {
        self.oauth_sign_in_url = Some(url.into());
        self
    }

    /// Reads this profile of `config.json` and nothing else: no environment keys, no other file, no ECS
    /// role unless the profile names one (the CLI's `--profile`). Its `region_id` is the chain's region
    /// unless it has none. A missing profile is an error.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into()).filter(|n| !n.trim().is_empty());
        self
    }

    /// The chain.
    pub fn build(self) -> DefaultChain {
        let env = match self.vars {
            Some(vars) => Env::from_vars(vars),
            None => Env::process(),
        };
        let env = match self.home {
            Some(home) => env.with_home(home),
            None => env,
        };
        let mut ctx = Context::with_env(env);
        if let Some(m) = self.metadata_endpoint {
            ctx.metadata_endpoint = m;
        }
        ctx.sts_endpoint = self.sts_endpoint;
        ctx.oauth_sign_in_url = self.oauth_sign_in_url;
        DefaultChain {
            ctx,
            profile: self.profile,
        }
    }
}

impl DefaultChain {
    /// The chain over the process environment, the user's home directory and the real metadata service.
    pub fn new() -> Self {
        DefaultChain::builder().build()
    }

    /// A builder to inject the environment, home directory and endpoints, or name a profile.
    pub fn builder() -> DefaultChainBuilder {
        DefaultChainBuilder::default()
    }

    /// The region this environment configures: `ALIBABA_CLOUD_REGION_ID`, else the `region_id` of the
    /// selected CLI profile; for a profile named with [`DefaultChainBuilder::profile`], its `region_id`
    /// first.
    pub fn region(&self) -> Option<String> {
        let env = || self.ctx.env.var(ENV_REGION_ID);
        let profile = || self.cli().region();
        match self.profile {
            Some(_) => profile().or_else(env),
            None => env().or_else(profile),
        }
    }

    /// The same chain, with STS calls of its role sources going to `region`'s endpoint when no STS region
    /// is configured (the client passes the region it calls).
    pub(crate) fn with_client_region(mut self, region: Option<String>) -> Self {
        self.ctx.client_region = region;
        self
    }

    fn cli(&self) -> CliProfileProvider {
        let p = CliProfileProvider::from_context(self.ctx.clone());
        match &self.profile {
            Some(name) => p.profile(name.clone()),
            None => p,
        }
    }

    /// The profile named explicitly (whose name the lookup's messages give).
    async fn explicit(&self) -> Result<Credentials, Error> {
        let source = "CLI profile";
        match self.cli().lookup().map_err(fatal(source))? {
            Lookup::Absent(why) => Err(Error::new(
                ErrorKind::Credentials,
                format!("{source}: {why}"),
            )),
            found => found.resolve(source).await,
        }
    }

    async fn resolve(&self) -> Result<Credentials, Error> {
        if self.profile.is_some() {
            return self.explicit().await;
        }
        let env = &self.ctx.env;
        let mut tried: Vec<String> =
            vec!["explicit credentials: none given to ClientBuilder::credentials".to_owned()];
        match EnvProvider::from_env(env.clone()).lookup() {
            Lookup::Absent(why) => tried.push(format!("environment variables: {why}")),
            found => return found.resolve("environment variables").await,
        }
        if oidc::configured(env) {
            let source = "OIDC role (environment variables)";
            let p = OidcRoleArnProvider::builder()
                .context(&self.ctx)
                .build()
                .map_err(fatal(source))?;
            return p.provide().await.map_err(fatal(source));
        }
        let cli = self.cli();
        let ini = IniFileProvider::from_context(self.ctx.clone());
        for source in ["CLI profile", "credentials file"] {
            let found = match source {
                "CLI profile" => cli.lookup(),
                _ => ini.lookup(),
            };
            match found.map_err(fatal(source))? {
                Lookup::Absent(why) => tried.push(format!("{source}: {why}")),
                found => {
                    tracing::debug!(source, "credentials source found");
                    return found.resolve(source).await;
                }
            }
        }
        if env.flag(ENV_ECS_METADATA_DISABLED) {
            tried.push(format!(
                "ECS RAM role: disabled by {ENV_ECS_METADATA_DISABLED}"
            ));
        } else {
            match self
                .ctx
                .ecs(None)
                .lookup()
                .await
                .map_err(fatal("ECS RAM role"))?
            {
                Lookup::Absent(why) => tried.push(format!("ECS RAM role: {why}")),
                found => return found.resolve("ECS RAM role").await,
            }
        }
        if let Some(uri) = env.var(ENV_CREDENTIALS_URI) {
            let source = "credentials URI";
            let p = CredentialsUriProvider::new(&uri).map_err(fatal(source))?;
            return p.provide().await.map_err(fatal(source));
        }
        let list: Vec<String> = tried
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{}. {t}", i + 1))
            .collect();
        Err(Error::new(
            ErrorKind::Credentials,
            format!("no credentials found; tried {}", list.join("; ")),
        ))
    }
}

/// Turns a source's failure into the chain's error, named after the source.
fn fatal(source: &str) -> impl Fn(Error) -> Error + '_ {
    move |e| with_context(e, source)
}

impl ProvideCredentials for DefaultChain {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.resolve())
    }
}
