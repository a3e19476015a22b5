//! [`Context`]: what a provider built from configuration (environment variables, a profile) needs beside
//! its own settings: the environment it reads, the metadata service to ask for an ECS role, and where STS
//! is (an explicit endpoint, used by tests and private deployments, and the region the client calls), and
//! where OAuth profiles sign in when not at their site's URL (tests, private deployments).

use super::EcsRamRoleProvider;
use super::ecs::DEFAULT_METADATA_ENDPOINT;
use super::env::Env;
use super::sts::StsSettings;

/// Shared settings of the providers a chain or a profile builds.
#[derive(Clone, Debug)]
pub(crate) struct Context {
    pub(crate) env: Env,
    pub(crate) metadata_endpoint: String,
    pub(crate) sts_endpoint: Option<String>,
    pub(crate) client_region: Option<String>,
    pub(crate) oauth_sign_in_url: Option<String>,
}

impl Default for Context {
    fn default() -> Self {
        Context::with_env(Env::process())
    }
}

impl Context {
    /// `env`, the real metadata service, STS by the usual rules.
    pub(crate) fn with_env(env: Env) -> Context {
        Context {
            env,
            metadata_endpoint: DEFAULT_METADATA_ENDPOINT.to_owned(),
            sts_endpoint: None,
            client_region: None,
            oauth_sign_in_url: None,
        }
    }

    /// The ECS role provider, for `role` or the one the environment or the service names.
    pub(crate) fn ecs(&self, role: Option<String>) -> EcsRamRoleProvider {
        let p = EcsRamRoleProvider::from_env(&self.env, &self.metadata_endpoint);
        match role.filter(|r| !r.trim().is_empty()) {
            Some(r) => p.role_name(r),
            None => p,
        }
    }

    /// STS settings before a provider's own (`sts_region`, `enable_vpc`) are applied.
    pub(crate) fn sts(&self) -> StsSettings {
        StsSettings {
            endpoint: self.sts_endpoint.clone(),
            client_region: self.client_region.clone(),
            ..StsSettings::default()
        }
    }
}
