//! [`ClientBuilder`]: validates the configuration, picks the credentials source (explicit keys, a
//! provider, or the default chain behind a refreshing cache), installs rustls' ring provider once and
//! creates the connection pool of a [`Client`].

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Once};
use std::time::Duration;

use crate::client::{Client, ENV_REGION_ID, Inner};
use crate::config::{DEFAULT_MAX_RESPONSE_BYTES, SignatureVersion};
use crate::credentials::{
    CachingProvider, Credentials, DefaultChain, Env, ProvideCredentials, StaticProvider,
};
use crate::error::{Error, ErrorKind};
use crate::request;
use crate::retry::RetryConfig;
use crate::target::Target;

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Configures a [`Client`]; start with [`Client::builder`].
///
/// `C` is what [`build`](ClientBuilder::build) gives: the runtime [`Client`] itself, or any client type
/// made from one (`C: From<Client>`), so that `acs_sdk::Client::builder()…build()` gives the SDK's client,
/// the type it was called on.
pub struct ClientBuilder<C = Client> {
    credentials: Option<Credentials>,
    provider: Option<Arc<dyn ProvideCredentials>>,
    chain: Option<DefaultChain>,
    region: Option<String>,
    endpoint: Option<String>,
    allow_insecure_http: bool,
    connect_timeout: Duration,
    timeout: Duration,
    operation_timeout: Option<Duration>,
    max_response_bytes: u64,
    retry: RetryConfig,
    signature_version: SignatureVersion,
    client: PhantomData<fn() -> C>,
}

// By hand: a derive would ask `C: Clone`, which the built type need not be.
impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            credentials: self.credentials.clone(),
            provider: self.provider.clone(),
            chain: self.chain.clone(),
            region: self.region.clone(),
            endpoint: self.endpoint.clone(),
            allow_insecure_http: self.allow_insecure_http,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            operation_timeout: self.operation_timeout,
            max_response_bytes: self.max_response_bytes,
            retry: self.retry,
            signature_version: self.signature_version,
            client: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("provider", &self.provider)
            .field("chain", &self.chain)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint.as_ref().map(|_| "<set>"))
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .field("signature_version", &self.signature_version)
            .finish()
    }
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C> ClientBuilder<C> {
    /// Default chain, no explicit region, 5 s connect timeout, 30 s per-attempt timeout, no operation
    /// timeout, 64 MiB response limit, [`RetryConfig::standard`], ACS3 signatures. Client types made from
    /// the runtime's start here (`ClientBuilder::<MyClient>::new()`); the runtime's own is
    /// [`Client::builder`].
    pub fn new() -> Self {
        ClientBuilder {
            credentials: None,
            provider: None,
            chain: None,
            region: None,
            endpoint: None,
            allow_insecure_http: false,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            operation_timeout: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryConfig::standard(),
            signature_version: SignatureVersion::Acs3,
            client: PhantomData,
        }
    }

    /// Signs with these credentials (the first source of the official order); replaces any provider.
    pub fn credentials(mut self, c: Credentials) -> Self {
        self.credentials = Some(c);
        self.provider = None;
        self
    }

    /// Gets credentials from `provider`, behind a cache that refreshes them 15 minutes before they
    /// expire and is shared by the client's clones; replaces explicit credentials.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.provider = Some(Arc::new(provider));
        self.credentials = None;
        self
    }

    /// The default chain to use when neither credentials nor a provider is given, and whose environment
    /// supplies the region fallback (`ALIBABA_CLOUD_REGION_ID`, then the CLI profile's `region_id`).
    /// Without it, a chain over the process environment and home directory is used.
    pub fn default_chain(mut self, chain: DefaultChain) -> Self {
        self.chain = Some(chain);
        self
    }

    /// The region used to resolve endpoints, e.g. `cn-hangzhou`. Unset, it comes from
    /// `ALIBABA_CLOUD_REGION_ID` (and, with the default chain, the CLI profile's `region_id`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Overrides the endpoint of every product: a host (`dts.aliyuncs.com`, HTTPS) or a URL
    /// (`http://127.0.0.1:1234`). Plain HTTP is allowed only for loopback hosts unless
    /// [`ClientBuilder::allow_insecure_http`] is set; checked by [`ClientBuilder::build`].
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Allows a plain-HTTP endpoint on a non-loopback host (credentials' signatures and tokens then travel
    /// in clear text).
    pub fn allow_insecure_http(mut self, yes: bool) -> Self {
        self.allow_insecure_http = yes;
        self
    }

    /// How long to wait for a TCP/TLS connection.
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// How long one attempt (connect, send, read the whole response) may take.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    /// How long a whole call (credentials, every attempt and the waits between them) may take.
    pub fn operation_timeout(mut self, d: Duration) -> Self {
        self.operation_timeout = Some(d);
        self
    }

    /// The largest response body a call reads (default [`DEFAULT_MAX_RESPONSE_BYTES`], 64 MiB). A longer
    /// answer fails with [`ErrorKind::ResponseTooLarge`] as soon as its `Content-Length` or its bytes
    /// exceed this, without reading the rest, and is not retried.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// How many attempts a call may make (at least 1; default 3); shorthand for the retry policy's
    /// [`RetryConfig::with_max_attempts`]. See [`Client::invoke_with`] for what is retried.
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.retry = self.retry.with_max_attempts(n);
        self
    }

    /// The retry policy.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// How requests are signed (default [`SignatureVersion::Acs3`]).
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// Builds the client: checks explicit credentials and the endpoint, installs rustls' ring provider once
    /// per process and creates the connection pool. Credentials from a provider or the default chain are
    /// resolved at the first call, so this does no I/O beyond reading the CLI profile for a region.
    pub fn build(self) -> Result<C, Error>
    where
        C: From<Client>,
    {
        self.build_runtime().map(C::from)
    }

    fn build_runtime(self) -> Result<Client, Error> {
        let explicit_region = self
            .region
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        let (credentials, region): (Arc<dyn ProvideCredentials>, Option<String>) =
            match (self.credentials, self.provider) {
                (Some(c), _) => {
                    c.check()?;
                    let region = explicit_region.or_else(|| match &self.chain {
                        Some(chain) => chain.region(),
                        None => Env::process().var(ENV_REGION_ID),
                    });
                    (Arc::new(StaticProvider::new(c)), region)
                }
                (None, Some(p)) => {
                    let region = explicit_region.or_else(|| match &self.chain {
                        Some(chain) => chain.region(),
                        None => Env::process().var(ENV_REGION_ID),
                    });
                    (Arc::new(CachingProvider::from_arc(p)), region)
                }
                (None, None) => {
                    let chain = self.chain.unwrap_or_default();
                    let region = explicit_region.or_else(|| chain.region());
                    // Role sources call the STS endpoint of the client's region unless told otherwise.
                    let chain = chain.with_client_region(region.clone());
                    (Arc::new(CachingProvider::new(chain)), region)
                }
            };
        let endpoint = self
            .endpoint
            .as_deref()
            .map(|e| Target::parse(e, self.allow_insecure_http))
            .transpose()?;

        install_crypto_provider();
        let mut http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .user_agent(request::USER_AGENT)
            // A redirect would re-send a signed request somewhere we did not choose.
            .redirect(reqwest::redirect::Policy::none());
        if endpoint.as_ref().is_some_and(|t| t.loopback) {
            // Loopback traffic (tests, local emulators) must not be routed through an HTTP proxy.
            http = http.no_proxy();
        }
        let http = http.build().map_err(|e| {
            Error::new(
                ErrorKind::Config,
                format!("could not build the HTTP client: {e}"),
            )
            .with_source(e)
        })?;
        Ok(Client::from_inner(Inner {
            http,
            credentials,
            region,
            endpoint,
            connect_timeout: self.connect_timeout,
            attempt_timeout: self.timeout,
            operation_timeout: self.operation_timeout,
            max_response_bytes: self.max_response_bytes,
            retry: self.retry,
            signature_version: self.signature_version,
        }))
    }
}

/// Installs rustls' ring provider as the process default, once. If the application installed a provider
/// first, that one is kept (the error is deliberately ignored), so an application that wants
/// post-quantum key exchange installs aws-lc-rs' provider before building a client.
pub(crate) fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // rustls 0.23.48 deprecates the ring provider's constructor because ring has no post-quantum key
        // exchange; it still offers the classical suites Alibaba Cloud's gateways negotiate, and ring is
        // this project's provider (one C-free dependency, no CMake). The allowance is scoped to this one
        // call, so any other deprecation still warns; CI proves the build clean against the newest
        // compatible versions (`.ci/run`, "newest compatible dependencies").
        #[allow(deprecated)]
        let provider = rustls::crypto::ring::default_provider();
        let _ = provider.install_default();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_chain() -> DefaultChain {
        let dir = std::env::temp_dir().join("acs-runtime-builder-test-no-such-home");
        DefaultChain::builder()
            .env_vars([(ENV_REGION_ID, "cn-shanghai")])
            .home_dir(dir)
            .metadata_endpoint("http://127.0.0.1:1")
            .build()
    }

    #[test]
    fn build_checks_configuration() {
        // Without credentials the chain is resolved lazily; the region comes from its environment.
        let c = Client::builder()
            .default_chain(empty_chain())
            .build()
            .unwrap();
        assert_eq!(c.region(), Some("cn-shanghai"));
        let creds = Credentials::new("id", "topsecret").with_security_token("tokentoken");
        let e = Client::builder()
            .credentials(creds.clone())
            .endpoint("http://example.com")
            .build()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        let e = Client::builder()
            .credentials(Credentials::new("", "x"))
            .build()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials);
        let c = Client::builder()
            .credentials(creds.clone())
            .region(" cn-hangzhou ")
            .default_chain(empty_chain())
            .build()
            .unwrap();
        assert_eq!(c.region(), Some("cn-hangzhou"));
        let b = Client::builder()
            .credentials(creds)
            .endpoint("http://127.0.0.1:1");
        let c = b.clone().build().unwrap();
        for text in [format!("{c:?}"), format!("{c:#?}"), format!("{b:?}")] {
            assert!(!text.contains("topsecret"), "{text}");
            assert!(!text.contains("tokentoken"), "{text}");
        }
    }
}
