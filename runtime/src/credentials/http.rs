//! The plain HTTP exchanges of the providers that are not STS calls (a credentials URI, CloudSSO's
//! portal, OAuth's exchange): one client per provider, made at first use, and answers read up to a limit.
//! Errors name the server by scheme, host and port only: a URL's path and query may carry a token.

use std::sync::OnceLock;
use std::time::Duration;

use crate::error::{Error, ErrorKind};
use crate::transport::{ReadError, read_limited};

/// The longest answer read: credential documents are a few KiB.
const MAX_ANSWER_BYTES: u64 = 64 * 1024;

/// A lazily built client with fixed timeouts.
#[derive(Debug)]
pub(crate) struct Http {
    connect: Duration,
    total: Duration,
    client: OnceLock<reqwest::Client>,
}

impl Clone for Http {
    fn clone(&self) -> Self {
        Http::new(self.connect, self.total)
    }
}

impl Http {
    /// `connect` to connect, `total` for the whole exchange.
    pub(crate) fn new(connect: Duration, total: Duration) -> Http {
        Http {
            connect,
            total,
            client: OnceLock::new(),
        }
    }

    /// The client; `loopback` servers are reached without a proxy.
    pub(crate) fn client(&self, loopback: bool) -> Result<&reqwest::Client, Error> {
        if let Some(c) = self.client.get() {
            return Ok(c);
        }
        crate::builder::install_crypto_provider();
        let mut b = reqwest::Client::builder()
            .connect_timeout(self.connect)
            .timeout(self.total)
            .user_agent(crate::request::USER_AGENT)
            .redirect(reqwest::redirect::Policy::none());
        if loopback {
            b = b.no_proxy();
        }
        let client = b.build().map_err(|e| {
            Error::new(
                ErrorKind::Config,
                format!("could not build an HTTP client: {e}"),
            )
        })?;
        Ok(self.client.get_or_init(|| client))
    }
}

/// The server part of `url` (`https://host:port`), for messages; `None` when it is not an HTTP(S) URL.
pub(crate) fn origin(url: &reqwest::Url) -> Option<String> {
    let scheme = url.scheme();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = url.host_str()?;
    Some(match url.port() {
        Some(p) => format!("{scheme}://{host}:{p}"),
        None => format!("{scheme}://{host}"),
    })
}

/// Whether `url`'s host is loopback, where plain HTTP and no proxy are fine.
pub(crate) fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Sends `req` and reads the answer: its status and text. `what` names the provider and `origin` the
/// server in errors; a server that cannot be reached and one that answers too much are errors.
pub(crate) async fn exchange(
    what: &str,
    origin: &str,
    req: reqwest::RequestBuilder,
) -> Result<(u16, String), Error> {
    let resp = req.send().await.map_err(|e| {
        let why = if e.is_timeout() {
            "timed out"
        } else if e.is_connect() {
            "could not be reached"
        } else {
            "failed"
        };
        Error::new(
            ErrorKind::Credentials,
            format!("{what}: the request to {origin} {why}"),
        )
    })?;
    let status = resp.status().as_u16();
    let body = read_limited(resp, MAX_ANSWER_BYTES).await.map_err(|e| {
        let why = match e {
            ReadError::TooLarge { .. } => format!("it is larger than {MAX_ANSWER_BYTES} bytes"),
            ReadError::Http(e) => e.without_url().to_string(),
        };
        Error::new(
            ErrorKind::Credentials,
            format!("{what}: reading the answer of {origin} failed: {why}"),
        )
    })?;
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}
