//! [`CredentialsUriProvider`]: temporary credentials from a local or internal credentials server, the
//! document `{"Code": "Success", "AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}` a GET
//! of its URL answers, as `alibabacloud_credentials/provider/uri.py` reads it (5 s to connect, 10 s to
//! read; anything but HTTP 200, a `Code` other than `Success` or a missing field is an error).
//!
//! The URL comes from `ALIBABA_CLOUD_CREDENTIALS_URI` (the default chain asks it last, only when set, as
//! `provider/default.py` does) or a `CredentialsURI` profile's `credentials_uri`. Its path and query may
//! carry a token: errors and `Debug` show only its scheme, host and port.

use std::fmt;
use std::time::Duration;

use super::Credentials;
use super::document::Document;
use super::http::{self, Http};
use super::provider::{CredentialsFuture, ProvideCredentials};
use crate::error::{Error, ErrorKind};

/// Environment variable holding the credentials URI.
pub const ENV_CREDENTIALS_URI: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";

/// `DEFAULT_CONNECT_TIMEOUT` and `DEFAULT_READ_TIMEOUT` in uri.py.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Credentials from a credentials server's URL. Every call asks it: wrap it in a
/// [`CachingProvider`](super::CachingProvider) (the client does).
pub struct CredentialsUriProvider {
    url: reqwest::Url,
    origin: String,
    http: Http,
}

impl CredentialsUriProvider {
    /// A provider for `uri`, an `http` or `https` URL (the official library defaults to `http`, as do the
    /// local servers this is for). A URL that does not parse is an error that does not quote it.
    pub fn new(uri: &str) -> Result<Self, Error> {
        let bad = |why: &str| Error::new(ErrorKind::Credentials, format!("credentials URI: {why}"));
        let trimmed = uri.trim();
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_owned()
        } else {
            format!("http://{trimmed}")
        };
        let url =
            reqwest::Url::parse(&with_scheme).map_err(|e| bad(&format!("not a URL ({e})")))?;
        let origin = http::origin(&url).ok_or_else(|| bad("the scheme is not http or https"))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad("user info is not allowed"));
        }
        Ok(CredentialsUriProvider {
            url,
            origin,
            http: Http::new(CONNECT_TIMEOUT, CONNECT_TIMEOUT + READ_TIMEOUT),
        })
    }

    async fn fetch(&self) -> Result<Credentials, Error> {
        let what = format!("credentials URI {}", self.origin);
        let client = self.http.client(http::is_loopback(&self.url))?;
        let (status, body) =
            http::exchange(&what, &self.origin, client.get(self.url.clone())).await?;
        if status != 200 {
            // The body is not quoted: a credentials server's error page may echo what it was sent.
            return Err(Error::new(
                ErrorKind::Credentials,
                format!("{what}: answered HTTP {status}"),
            ));
        }
        Document::parse(&what, &body)?.credentials(&what, true)
    }
}

impl ProvideCredentials for CredentialsUriProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for CredentialsUriProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsUriProvider")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_and_never_shown_whole() {
        let p = CredentialsUriProvider::new("http://127.0.0.1:8080/creds?token=tok-value").unwrap();
        assert_eq!(p.origin, "http://127.0.0.1:8080");
        assert!(!format!("{p:?}").contains("tok-value"));
        let p = CredentialsUriProvider::new("localhost:9/x").unwrap();
        assert_eq!(p.origin, "http://localhost:9");
        for bad in ["ftp://host/x", "http://user:pw-value@host/", "http://[bad"] {
            let e = CredentialsUriProvider::new(bad).unwrap_err();
            assert!(!e.message().contains("pw-value"), "{e}");
        }
    }
}
