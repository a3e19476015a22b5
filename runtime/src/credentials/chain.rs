//! [`DefaultChain`]: the official order of credential sources. Explicit keys (handled by the builder,
//! which then never consults the chain), environment variables, the CLI's `config.json`, the credentials
//! ini file, and the ECS RAM role. When none yields anything, the error lists every source and why.

use std::collections::HashMap;
use std::path::PathBuf;

use super::ecs::{DEFAULT_METADATA_ENDPOINT, ENV_ECS_METADATA_DISABLED};
use super::env::Env;
use super::provider::{CredentialsFuture, EnvProvider, Lookup, ProvideCredentials};
use super::{CliProfileProvider, Credentials, EcsRamRoleProvider, IniFileProvider};
use crate::client::ENV_REGION_ID;
use crate::error::{Error, ErrorKind};

/// One file or environment source of the chain, read only when reached.
type Source<'a> = dyn Fn() -> Result<Lookup, Error> + Sync + 'a;

/// The default credentials chain. Every call walks the sources again; the client wraps the chain in a
/// [`CachingProvider`](super::CachingProvider) so that happens once per credential lifetime.
#[derive(Clone, Debug)]
pub struct DefaultChain {
    env: Env,
    metadata_endpoint: String,
}

impl Default for DefaultChain {
    fn default() -> Self {
        DefaultChain::new()
    }
}

/// Configures a [`DefaultChain`] with injected environment, home directory and metadata endpoint, so it
/// can be tested without touching the process environment, the real home directory or the network.
#[derive(Clone, Debug, Default)]
pub struct DefaultChainBuilder {
    vars: Option<HashMap<String, String>>,
    home: Option<PathBuf>,
    metadata_endpoint: Option<String>,
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
        DefaultChain {
            env,
            metadata_endpoint: self
                .metadata_endpoint
                .unwrap_or_else(|| DEFAULT_METADATA_ENDPOINT.to_owned()),
        }
    }
}

impl DefaultChain {
    /// The chain over the process environment, the user's home directory and the real metadata service.
    pub fn new() -> Self {
        DefaultChain::builder().build()
    }

    /// A builder to inject the environment, home directory and metadata endpoint.
    pub fn builder() -> DefaultChainBuilder {
        DefaultChainBuilder::default()
    }

    /// The region this environment configures: `ALIBABA_CLOUD_REGION_ID`, else the `region_id` of the
    /// selected CLI profile.
    pub fn region(&self) -> Option<String> {
        self.env
            .var(ENV_REGION_ID)
            .or_else(|| CliProfileProvider::from_env(self.env.clone()).region())
    }

    fn ecs(&self, role: Option<String>) -> EcsRamRoleProvider {
        let p = EcsRamRoleProvider::from_env(&self.env, &self.metadata_endpoint);
        match role {
            Some(r) => p.role_name(r),
            None => p,
        }
    }

    async fn resolve(&self) -> Result<Credentials, Error> {
        let mut tried: Vec<String> =
            vec!["explicit credentials: none given to ClientBuilder::credentials".to_owned()];
        let fatal = |source: &str, e: Error| {
            Error::new(ErrorKind::Credentials, format!("{source}: {}", e.message()))
        };
        let env = EnvProvider::from_env(self.env.clone());
        let cli = CliProfileProvider::from_env(self.env.clone());
        let ini = IniFileProvider::from_env(self.env.clone());
        // Closures, so a later source is only read when the earlier ones gave nothing.
        let sources: [(&str, &Source<'_>); 3] = [
            ("environment variables", &|| Ok(env.lookup())),
            ("CLI profile", &|| cli.lookup()),
            ("credentials file", &|| ini.lookup()),
        ];
        for (source, lookup) in sources {
            match lookup().map_err(|e| fatal(source, e))? {
                Lookup::Found(c) => {
                    tracing::debug!(source, "credentials resolved");
                    return Ok(c);
                }
                Lookup::EcsRole(role) => {
                    let what = format!("{source} (ECS RAM role {role:?})");
                    return self
                        .ecs(Some(role))
                        .provide()
                        .await
                        .map_err(|e| fatal(&what, e));
                }
                Lookup::Absent(why) => tried.push(format!("{source}: {why}")),
            }
        }
        if self.env.flag(ENV_ECS_METADATA_DISABLED) {
            tried.push(format!(
                "ECS RAM role: disabled by {ENV_ECS_METADATA_DISABLED}"
            ));
        } else {
            match self
                .ecs(None)
                .lookup()
                .await
                .map_err(|e| fatal("ECS RAM role", e))?
            {
                Lookup::Found(c) => return Ok(c),
                Lookup::EcsRole(_) => {}
                Lookup::Absent(why) => tried.push(format!("ECS RAM role: {why}")),
            }
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

impl ProvideCredentials for DefaultChain {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.resolve())
    }
}
