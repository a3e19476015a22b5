//! [`ClientBuilder`]: validates the configuration, installs rustls' ring provider once and creates the
//! connection pool of a [`Client`].

use std::fmt;
use std::sync::Once;
use std::time::Duration;

use crate::client::{Client, Inner};
use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind};
use crate::request;
use crate::target::Target;

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// Configures a [`Client`]; start with [`Client::builder`].
#[derive(Clone)]
pub struct ClientBuilder {
    credentials: Option<Credentials>,
    region: Option<String>,
    endpoint: Option<String>,
    allow_insecure_http: bool,
    connect_timeout: Duration,
    timeout: Duration,
    max_attempts: u32,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint.as_ref().map(|_| "<set>"))
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_attempts", &self.max_attempts)
            .finish()
    }
}

impl ClientBuilder {
    /// No credentials, no region, 5 s connect timeout, 30 s per-attempt timeout, up to 3 attempts.
    pub(crate) fn new() -> Self {
        ClientBuilder {
            credentials: None,
            region: None,
            endpoint: None,
            allow_insecure_http: false,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }

    /// The credentials to sign with (required).
    pub fn credentials(mut self, c: Credentials) -> Self {
        self.credentials = Some(c);
        self
    }

    /// The region used to resolve endpoints, e.g. `cn-hangzhou`.
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

    /// How many attempts a call may make (at least 1; default 3). See [`Client::invoke`] for what is retried.
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// Builds the client: checks credentials and endpoint, installs rustls' ring provider once per process
    /// and creates the connection pool.
    pub fn build(self) -> Result<Client, Error> {
        let credentials = self.credentials.ok_or_else(|| {
            Error::new(
                ErrorKind::Credentials,
                "no credentials: call ClientBuilder::credentials or use Client::from_env",
            )
        })?;
        credentials.check()?;
        let endpoint = self
            .endpoint
            .as_deref()
            .map(|e| Target::parse(e, self.allow_insecure_http))
            .transpose()?;
        let region = self
            .region
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());

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
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            max_attempts: self.max_attempts,
        }))
    }
}

/// Installs rustls' ring provider as the process default, once. If the application installed a provider
/// first, that one is kept (the error is deliberately ignored).
fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_checks_configuration() {
        let e = Client::builder().build().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials);
        let creds = Credentials::new("id", "topsecret").with_security_token("tokentoken");
        let e = Client::builder()
            .credentials(creds.clone())
            .endpoint("http://example.com")
            .build()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        let c = Client::builder()
            .credentials(creds.clone())
            .region(" cn-hangzhou ")
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
