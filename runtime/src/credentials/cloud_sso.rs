//! [`CloudSsoProvider`]: temporary credentials of a CloudSSO access configuration, with the access token
//! the Alibaba Cloud CLI keeps after `aliyun configure --mode CloudSSO` (profile keys
//! `cloud_sso_sign_in_url`, `cloud_sso_account_id`, `cloud_sso_access_config`, `access_token`,
//! `cloud_sso_access_token_expire`).
//!
//! As `alibabacloud_credentials/provider/cloud_sso.py`: `POST /cloud-credentials` on the sign-in URL's
//! host with `Authorization: Bearer <access token>` and `{"AccountId", "AccessConfigurationId"}`; the
//! answer's `CloudCredential` holds the credentials. An access token that is missing or expired is an
//! error asking to sign in again with the CLI (the token cannot be renewed without the browser). 5 s to
//! connect, 10 s to read. Our addition: the token is only sent over HTTPS, or plain HTTP to loopback.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde::Deserialize;

use super::Credentials;
use super::document::{self, from_unix_seconds};
use super::http::{self, Http};
use super::provider::{CredentialsFuture, ProvideCredentials};
use crate::error::{Error, ErrorKind};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const WHAT: &str = "CloudSSO";

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Answer {
    #[serde(default)]
    cloud_credential: Option<CloudCredential>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[derive(Default)]
struct CloudCredential {
    access_key_id: Option<String>,
    access_key_secret: Option<String>,
    security_token: Option<String>,
    expiration: Option<String>,
}

/// Credentials of a CloudSSO access configuration. Every call asks the portal: wrap it in a
/// [`CachingProvider`](super::CachingProvider) (the client does).
pub struct CloudSsoProvider {
    url: reqwest::Url,
    origin: String,
    account_id: String,
    access_config: String,
    access_token: String,
    access_token_expire: SystemTime,
    http: Http,
}

fn bad(why: &str) -> Error {
    Error::new(ErrorKind::Credentials, format!("{WHAT}: {why}"))
}

impl CloudSsoProvider {
    /// A provider for the sign-in URL, account, access configuration and the CLI's access token, which
    /// expires at `access_token_expire` (Unix seconds). Fails when anything is empty, the token has
    /// expired, or the URL is not HTTPS (plain HTTP only to loopback).
    pub fn new(
        sign_in_url: &str,
        account_id: &str,
        access_config: &str,
        access_token: &str,
        access_token_expire: i64,
    ) -> Result<Self, Error> {
        if [sign_in_url, account_id, access_config]
            .iter()
            .any(|v| v.trim().is_empty())
        {
            return Err(bad(
                "the sign-in URL, account id or access configuration is empty",
            ));
        }
        let url = reqwest::Url::parse(sign_in_url.trim())
            .map_err(|e| bad(&format!("the sign-in URL does not parse ({e})")))?;
        let origin =
            http::origin(&url).ok_or_else(|| bad("the sign-in URL is not http or https"))?;
        if url.scheme() == "http" && !http::is_loopback(&url) {
            return Err(bad(
                "the sign-in URL must be https (the access token travels with it)",
            ));
        }
        let p = CloudSsoProvider {
            url,
            origin,
            account_id: account_id.trim().to_owned(),
            access_config: access_config.trim().to_owned(),
            access_token: access_token.trim().to_owned(),
            access_token_expire: from_unix_seconds(access_token_expire),
            http: Http::new(CONNECT_TIMEOUT, CONNECT_TIMEOUT + READ_TIMEOUT),
        };
        p.check_token()?;
        Ok(p)
    }

    fn check_token(&self) -> Result<(), Error> {
        if self.access_token.is_empty() || SystemTime::now() >= self.access_token_expire {
            return Err(bad(
                "the access token is empty or expired; sign in again with the Alibaba Cloud CLI \
                 (aliyun configure --mode CloudSSO)",
            ));
        }
        Ok(())
    }

    async fn fetch(&self) -> Result<Credentials, Error> {
        self.check_token()?;
        let what = format!("{WHAT} at {}", self.origin);
        let mut url = self.url.clone();
        url.set_path("/cloud-credentials");
        url.set_query(None);
        let body = serde_json::json!({
            "AccountId": self.account_id,
            "AccessConfigurationId": self.access_config,
        });
        let req = self
            .http
            .client(http::is_loopback(&self.url))?
            .post(url)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .bearer_auth(&self.access_token)
            .body(body.to_string());
        let (status, text) = http::exchange(&what, &self.origin, req).await?;
        if status != 200 {
            return Err(Error::new(
                ErrorKind::Credentials,
                format!("{what}: answered HTTP {status}"),
            ));
        }
        let answer: Answer = serde_json::from_str(&text).map_err(|_| {
            Error::new(
                ErrorKind::Credentials,
                format!("{what}: the answer is not the expected JSON"),
            )
        })?;
        let c = answer.cloud_credential.ok_or_else(|| {
            Error::new(
                ErrorKind::Credentials,
                format!("{what}: the answer has no CloudCredential"),
            )
        })?;
        let Some(expiration) = c.expiration.as_deref() else {
            return Err(Error::new(
                ErrorKind::Credentials,
                format!("{what}: Expiration is missing"),
            ));
        };
        document::temporary(
            &what,
            c.access_key_id,
            c.access_key_secret,
            c.security_token,
            Some(expiration),
        )
    }
}

impl ProvideCredentials for CloudSsoProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for CloudSsoProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CloudSsoProvider")
            .field("origin", &self.origin)
            .field("account_id", &self.account_id)
            .field("access_config", &self.access_config)
            .field("access_token", &"<redacted>")
            .field("access_token_expire", &self.access_token_expire)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_expired_or_missing_token_asks_to_sign_in_again() {
        let later = 4_102_444_800; // 2100-01-01
        let p = CloudSsoProvider::new(
            "https://signin.example.com/device/login",
            "1",
            "ac-1",
            "tok-value",
            later,
        )
        .unwrap();
        assert!(!format!("{p:?}").contains("tok-value"));
        let e = CloudSsoProvider::new("https://signin.example.com/", "1", "ac-1", "tok", 1)
            .unwrap_err();
        assert!(e.message().contains("sign in again"), "{e}");
        let e = CloudSsoProvider::new("https://signin.example.com/", "1", "ac-1", "", later)
            .unwrap_err();
        assert!(e.message().contains("empty or expired"), "{e}");
        let e = CloudSsoProvider::new("http://signin.example.com/", "1", "ac-1", "tok", later)
            .unwrap_err();
        assert!(e.message().contains("must be https"), "{e}");
        let e = CloudSsoProvider::new("https://signin.example.com/", "", "ac-1", "tok", later)
            .unwrap_err();
        assert!(e.message().contains("is empty"), "{e}");
    }
}
