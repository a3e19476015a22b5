//! [`ProvideCredentials`], the async source of [`Credentials`] a client signs with, and the two simplest
//! sources: fixed keys ([`StaticProvider`]) and the `ALIBABA_CLOUD_*` environment variables
//! ([`EnvProvider`]).

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::env::Env;
use super::{Credentials, ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET};
use crate::error::{Error, ErrorKind};

/// The future returned by [`ProvideCredentials::provide`].
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, Error>> + Send + 'a>>;

/// A source of credentials. The client asks before every attempt, so implementations that fetch over the
/// network should be wrapped in a [`CachingProvider`](super::CachingProvider) (the client does this for
/// providers given to [`ClientBuilder::credentials_provider`](crate::ClientBuilder::credentials_provider)).
///
/// Errors should be [`ErrorKind::Credentials`] and must never contain a secret.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Resolves the credentials to sign the next request with.
    fn provide(&self) -> CredentialsFuture<'_>;
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide(&self) -> CredentialsFuture<'_> {
        (**self).provide()
    }
}

/// What one source of the chain found: credentials, another provider to ask (an ECS role, a RAM role to
/// assume, an OIDC role, a URI, a command: what a profile configures), or nothing and why. A source that
/// is configured but broken returns an `Err` instead, which stops the chain.
pub(crate) enum Lookup {
    Found(Credentials),
    /// Credentials come from this provider; the text says what it is, for errors ("RAM role ARN …").
    Provider(Arc<dyn ProvideCredentials>, String),
    Absent(String),
}

impl Lookup {
    /// The credentials (asking the provider found, if that is what was found), or an
    /// [`ErrorKind::Credentials`] error naming `source` and why it had none.
    pub(crate) async fn resolve(self, source: &str) -> Result<Credentials, Error> {
        match self {
            Lookup::Found(c) => Ok(c),
            Lookup::Provider(p, what) => p
                .provide()
                .await
                .map_err(|e| with_context(e, &format!("{source} ({what})"))),
            Lookup::Absent(why) => Err(Error::new(
                ErrorKind::Credentials,
                format!("{source}: {why}"),
            )),
        }
    }
}

impl fmt::Debug for Lookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lookup::Found(c) => f.debug_tuple("Found").field(c).finish(),
            Lookup::Provider(_, what) => f.debug_tuple("Provider").field(what).finish(),
            Lookup::Absent(why) => f.debug_tuple("Absent").field(why).finish(),
        }
    }
}

/// `e` as an [`ErrorKind::Credentials`] error whose message starts with `what` (which provider, which
/// step), keeping the code and request id of a service's refusal (STS's) findable.
pub(crate) fn with_context(e: Error, what: &str) -> Error {
    Error::new(ErrorKind::Credentials, format!("{what}: {}", e.message()))
        .with_code(e.code().map(str::to_owned))
        .with_request_id(e.request_id().map(str::to_owned))
}

/// Always the same credentials (the "explicit keys" of the default chain).
#[derive(Clone, Debug)]
pub struct StaticProvider {
    credentials: Credentials,
}

impl StaticProvider {
    /// A provider that always returns `credentials`.
    pub fn new(credentials: Credentials) -> Self {
        StaticProvider { credentials }
    }
}

impl ProvideCredentials for StaticProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        let c = self.credentials.clone();
        Box::pin(async move { Ok(c) })
    }
}

/// Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and the optional
/// `ALIBABA_CLOUD_SECURITY_TOKEN`.
#[derive(Clone, Debug, Default)]
pub struct EnvProvider {
    env: Env,
}

impl EnvProvider {
    /// Reads the process environment at each call.
    pub fn new() -> Self {
        EnvProvider::default()
    }

    /// Reads only `vars` (for tests and for configuration that does not live in the environment).
    pub fn with_vars<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let vars: HashMap<String, String> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        EnvProvider {
            env: Env::from_vars(vars),
        }
    }

    pub(crate) fn from_env(env: Env) -> Self {
        EnvProvider { env }
    }

    /// The credentials, or why the variables give none.
    pub(crate) fn lookup(&self) -> Lookup {
        match Credentials::from_lookup(|name| self.env.var(name)) {
            Ok(c) => Lookup::Found(c),
            Err(_) => {
                let missing: Vec<&str> = [ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET]
                    .into_iter()
                    .filter(|name| self.env.var(name).is_none())
                    .collect();
                Lookup::Absent(format!("{} not set", missing.join(" and ")))
            }
        }
    }
}

impl ProvideCredentials for EnvProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move { self.lookup().resolve("environment variables").await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::ENV_SECURITY_TOKEN;

    fn block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(f)
    }

    #[test]
    fn static_and_env_providers() {
        let c = Credentials::new("id", "secret");
        assert_eq!(
            block_on(StaticProvider::new(c.clone()).provide()).unwrap(),
            c
        );

        let p = EnvProvider::with_vars([
            (ENV_ACCESS_KEY_ID, "id"),
            (ENV_ACCESS_KEY_SECRET, "sec"),
            (ENV_SECURITY_TOKEN, "tok"),
        ]);
        let got = block_on(p.provide()).unwrap();
        assert_eq!(got.security_token(), Some("tok"));

        let p = EnvProvider::with_vars([(ENV_ACCESS_KEY_SECRET, "sec-value")]);
        let e = block_on(p.provide()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials);
        assert!(e.message().contains(ENV_ACCESS_KEY_ID), "{e}");
        assert!(!e.message().contains(ENV_ACCESS_KEY_SECRET), "{e}");
        assert!(!format!("{e:?}{p:?}").contains("sec-value"));
    }
}
