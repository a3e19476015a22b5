//! [`OAuthProvider`]: the `OAuth` mode of the CLI's `config.json` (`aliyun configure --mode OAuth`), as
//! `alibabacloud_credentials/provider/oauth.py` (`OAuthCredentialsProvider`) and `cli_profile.py` (the
//! `OAuth` branch and `_update_oauth_tokens`) do it:
//!
//! - The site (`oauth_site_type`, `CN` unless set, any case) gives the sign-in URL and the client id:
//!   `CN` is `https://oauth.aliyun.com` with client `4038181954557748008`, `INTL` is
//!   `https://oauth.alibabacloud.com` with `4103531455503354461`; another site is an error.
//! - The STS credentials saved in the profile (`access_key_id`, `access_key_secret`, `sts_token`,
//!   `sts_expiration`) are used while they are valid (`_reuse_cached_sts`).
//! - Otherwise, when there is a refresh token and the access token is missing, has no expiry, or expires
//!   within 1,200 s, the access token is renewed first: `POST <sign-in URL>/v1/token`, a form of
//!   `grant_type=refresh_token`, `refresh_token`, `client_id` and `Timestamp`; the answer's
//!   `access_token` and `refresh_token` replace both (refresh tokens rotate) and `expires_in` (3,600 s
//!   unless given) sets the new expiry.
//! - Then `POST <sign-in URL>/v1/exchange` with `Authorization: Bearer <access token>` and
//!   `Content-Type: application/json` answers `AccessKeyId`, `AccessKeySecret`, `SecurityToken`,
//!   `Expiration`; an answer with `error` is a refusal.
//! - After an exchange the profile's `oauth_refresh_token`, `oauth_access_token`,
//!   `oauth_access_token_expire`, `access_key_id`, `access_key_secret`, `sts_token` and `sts_expiration`
//!   are written back into `config.json` (see [`config_write`](super::config_write)); a failed write is
//!   logged and the credentials are still used, as officially. Writing back matters: the renewal rotated
//!   the refresh token, and the CLI (or this SDK's next read) needs the new one.
//! - 5 s to connect, 10 s to read.
//!
//! Differences, and why: saved STS credentials are reused only while they have more than the
//! [`CachingProvider`](super::CachingProvider)'s 15-minute margin left (the official provider reuses them
//! to the last second, with no margin; here the cache would otherwise come back every few minutes to
//! credentials about to expire); a profile with neither an access token nor a refresh token is an error
//! asking to sign in again, before any request (the official one sends `Bearer None`); the sign-in URL
//! can be overridden ([`DefaultChainBuilder::oauth_sign_in_url`](super::DefaultChainBuilder::oauth_sign_in_url),
//! for tests and private deployments) and must be HTTPS unless it is loopback, since tokens travel with it.
//!
//! Nothing secret is shown: `Debug` redacts the tokens and the saved credentials, and a refusal is quoted
//! only by its `error`, `error_description`, `code` and `message` (bounded, with the tokens removed).

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use super::Credentials;
use super::cache::DEFAULT_REFRESH_BEFORE;
use super::config_write::{self, Json};
use super::document;
use super::http::{self, Http};
use super::provider::{CredentialsFuture, ProvideCredentials};
use crate::error::{Error, ErrorKind};
use crate::redact::Redactor;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The access token is renewed when it expires within this many seconds (`<= 1200` in oauth.py).
const RENEW_ACCESS_TOKEN_WITHIN: i64 = 1200;
/// `expires_in` when the token endpoint does not say (`dic.get('expires_in', 3600)`).
const DEFAULT_EXPIRES_IN: i64 = 3600;
/// The longest quote of a refusal.
const MAX_QUOTE: usize = 200;

/// The sign-in URL and client id of `site` (`oauth_base_url_map`, `oauth_client_map` in cli_profile.py).
pub(crate) fn site(site: &str) -> Option<(&'static str, &'static str)> {
    match site.to_ascii_uppercase().as_str() {
        "CN" => Some(("https://oauth.aliyun.com", "4038181954557748008")),
        "INTL" => Some(("https://oauth.alibabacloud.com", "4103531455503354461")),
        _ => None,
    }
}

/// What an `OAuth` profile holds.
pub(crate) struct OAuthProfile {
    pub(crate) access_token: Option<String>,
    /// Unix seconds; `0` when unknown.
    pub(crate) access_token_expire: i64,
    pub(crate) refresh_token: Option<String>,
    /// The STS credentials saved by the last exchange, with their expiry.
    pub(crate) saved: Option<Credentials>,
    /// Where to write renewed tokens back: `config.json` and the profile's name.
    pub(crate) write_back: Option<(PathBuf, String)>,
}

/// The tokens, renewed in place.
struct Tokens {
    access_token: Option<String>,
    access_token_expire: i64,
    refresh_token: Option<String>,
    saved: Option<Credentials>,
}

/// Credentials of an `OAuth` profile (see the module documentation). Built by the CLI profile provider;
/// the client's [`CachingProvider`](super::CachingProvider) around the chain makes one renewal at a time.
pub(crate) struct OAuthProvider {
    url: reqwest::Url,
    origin: String,
    client_id: &'static str,
    tokens: tokio::sync::Mutex<Tokens>,
    write_back: Option<(PathBuf, String)>,
    http: Http,
}

fn bad(what: &str, why: impl fmt::Display) -> Error {
    Error::new(ErrorKind::Credentials, format!("{what}: {why}"))
}

fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl OAuthProvider {
    /// A provider for `profile` at `sign_in_url` with `client_id`. Fails when the URL does not parse or
    /// is plain HTTP to anything but loopback.
    pub(crate) fn new(
        sign_in_url: &str,
        client_id: &'static str,
        profile: OAuthProfile,
    ) -> Result<Self, Error> {
        let what = "OAuth";
        let url = reqwest::Url::parse(sign_in_url.trim())
            .map_err(|e| bad(what, format_args!("the sign-in URL does not parse ({e})")))?;
        let origin =
            http::origin(&url).ok_or_else(|| bad(what, "the sign-in URL is not http or https"))?;
        if url.scheme() == "http" && !http::is_loopback(&url) {
            return Err(bad(
                what,
                "the sign-in URL must be https (the tokens travel with it)",
            ));
        }
        Ok(OAuthProvider {
            url,
            origin,
            client_id,
            tokens: tokio::sync::Mutex::new(Tokens {
                access_token: profile.access_token,
                access_token_expire: profile.access_token_expire,
                refresh_token: profile.refresh_token,
                saved: profile.saved,
            }),
            write_back: profile.write_back,
            http: Http::new(CONNECT_TIMEOUT, CONNECT_TIMEOUT + READ_TIMEOUT),
        })
    }

    fn what(&self) -> String {
        format!("OAuth at {}", self.origin)
    }

    fn endpoint(&self, path: &str) -> reqwest::Url {
        let mut url = self.url.clone();
        url.set_path(path);
        url.set_query(None);
        url
    }

    /// The bounded, secret-free quote of a refusal: its OAuth or Alibaba error fields when it is JSON,
    /// else the start of the text; `secrets` (the tokens sent) are removed either way.
    fn quote(text: &str, secrets: &Tokens) -> String {
        let redactor = Redactor::new(
            &Credentials::new("oauth", secrets.access_token.clone().unwrap_or_default())
                .with_security_token(secrets.refresh_token.clone().unwrap_or_default()),
        );
        let quoted = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => {
                let fields: Vec<String> = [
                    "error",
                    "error_description",
                    "code",
                    "Code",
                    "message",
                    "Message",
                ]
                .iter()
                .filter_map(|k| {
                    let v = map.get(*k)?;
                    let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                    Some(format!("{k}: {v}"))
                })
                .collect();
                fields.join(", ")
            }
            _ => text.to_owned(),
        };
        let redacted = redactor.redact(&quoted).into_owned();
        let mut cut = crate::error::text::prefix(&redacted, MAX_QUOTE).to_owned();
        if cut.len() < redacted.len() {
            cut.push('…');
        }
        cut
    }

    /// Renews the access token with the refresh token (`_try_refresh_oauth_token`).
    async fn renew_access_token(&self, tokens: &mut Tokens) -> Result<(), Error> {
        let what = format!("{}: renewing the access token", self.what());
        let refresh_token = tokens.refresh_token.clone().unwrap_or_default();
        let started = now_seconds();
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.as_str()),
            ("client_id", self.client_id),
            ("Timestamp", &crate::civil::format_utc_seconds(started)),
        ]
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                crate::sign::percent_encode(k),
                crate::sign::percent_encode(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&");
        let req = self
            .http
            .client(http::is_loopback(&self.url))?
            .post(self.endpoint("/v1/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form);
        let (status, text) = http::exchange(&what, &self.origin, req).await?;
        if status != 200 {
            return Err(bad(
                &what,
                format_args!(
                    "answered HTTP {status} ({}); sign in again with `aliyun configure --mode OAuth` \
                     if the refresh token is no longer valid",
                    Self::quote(&text, tokens)
                ),
            ));
        }
        let answer: Value = serde_json::from_str(&text)
            .map_err(|_| bad(&what, "the answer is not the expected JSON"))?;
        let text_of = |k: &str| {
            answer
                .get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let (Some(access), Some(refresh)) = (text_of("access_token"), text_of("refresh_token"))
        else {
            return Err(bad(&what, "the answer lacks access_token or refresh_token"));
        };
        let expires_in = answer
            .get("expires_in")
            .and_then(Value::as_i64)
            .unwrap_or(DEFAULT_EXPIRES_IN);
        tokens.access_token = Some(access);
        tokens.refresh_token = Some(refresh);
        tokens.access_token_expire = started.saturating_add(expires_in);
        tracing::debug!(origin = %self.origin, "OAuth access token renewed");
        Ok(())
    }

    /// Exchanges the access token for STS credentials (`/v1/exchange`).
    async fn exchange(&self, tokens: &Tokens) -> Result<Credentials, Error> {
        let what = format!("{}: exchanging the access token", self.what());
        let Some(access_token) = tokens.access_token.as_deref() else {
            return Err(bad(
                &what,
                "the profile has no access token and no refresh token; sign in again with \
                 `aliyun configure --mode OAuth`",
            ));
        };
        let req = self
            .http
            .client(http::is_loopback(&self.url))?
            .post(self.endpoint("/v1/exchange"))
            .header("Content-Type", "application/json")
            .bearer_auth(access_token);
        let (status, text) = http::exchange(&what, &self.origin, req).await?;
        if status != 200 {
            return Err(bad(
                &what,
                format_args!("answered HTTP {status} ({})", Self::quote(&text, tokens)),
            ));
        }
        let answer: Value = serde_json::from_str(&text)
            .map_err(|_| bad(&what, "the answer is not the expected JSON"))?;
        if answer.get("error").is_some() {
            return Err(bad(
                &what,
                format_args!("refused ({})", Self::quote(&text, tokens)),
            ));
        }
        let text_of = |k: &str| answer.get(k).and_then(Value::as_str).map(str::to_owned);
        let Some(expiration) = text_of("Expiration") else {
            return Err(bad(&what, "Expiration is missing"));
        };
        document::temporary(
            &what,
            text_of("AccessKeyId"),
            text_of("AccessKeySecret"),
            text_of("SecurityToken"),
            Some(&expiration),
        )
    }

    /// Writes the tokens and credentials back into the profile; a failure is only logged.
    fn write_back(&self, tokens: &Tokens, c: &Credentials) {
        let Some((path, profile)) = &self.write_back else {
            return;
        };
        let expiry = c
            .expiry()
            .and_then(|e| e.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let text = |v: &Option<String>| v.as_deref().map_or(Json::Null, Json::from);
        let values = vec![
            ("oauth_refresh_token", text(&tokens.refresh_token)),
            ("oauth_access_token", text(&tokens.access_token)),
            (
                "oauth_access_token_expire",
                tokens.access_token_expire.into(),
            ),
            ("access_key_id", c.access_key_id().into()),
            ("access_key_secret", c.access_key_secret().into()),
            ("sts_token", c.security_token().unwrap_or_default().into()),
            ("sts_expiration", expiry.into()),
        ];
        match config_write::update_profile(path, profile, values) {
            Ok(()) => tracing::debug!(profile = %profile, "OAuth tokens written back"),
            // The error names the file and profile only.
            Err(e) => tracing::warn!(error = %e, "failed to update OAuth tokens in config file"),
        }
    }

    async fn fetch(&self) -> Result<Credentials, Error> {
        // One renewal at a time: a second caller waits and then finds the saved credentials.
        let mut tokens = self.tokens.lock().await;
        let now = SystemTime::now();
        if let Some(c) = &tokens.saved
            && c.expiry().is_some_and(|e| e > now + DEFAULT_REFRESH_BEFORE)
        {
            return Ok(c.clone());
        }
        let now = now_seconds();
        let expiring = tokens.access_token.is_none()
            || tokens.access_token_expire <= 0
            || tokens.access_token_expire - now <= RENEW_ACCESS_TOKEN_WITHIN;
        if tokens.refresh_token.is_some() && expiring {
            self.renew_access_token(&mut tokens).await?;
        }
        let c = self.exchange(&tokens).await?;
        tokens.saved = Some(c.clone());
        self.write_back(&tokens, &c);
        Ok(c)
    }
}

impl ProvideCredentials for OAuthProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for OAuthProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthProvider")
            .field("origin", &self.origin)
            .field("client_id", &self.client_id)
            .field("tokens", &"<redacted>")
            .field(
                "write_back",
                &self.write_back.as_ref().map(|(p, name)| (p, name)),
            )
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> OAuthProfile {
        OAuthProfile {
            access_token: Some("acc-tok-value".into()),
            access_token_expire: 0,
            refresh_token: Some("ref-tok-value".into()),
            saved: Some(
                Credentials::new("STS.id", "saved-secret").with_security_token("saved-tok"),
            ),
            write_back: None,
        }
    }

    #[test]
    fn sites_urls_debug_and_quotes() {
        assert_eq!(
            site("intl"),
            Some(("https://oauth.alibabacloud.com", "4103531455503354461"))
        );
        assert_eq!(site("CN").map(|s| s.1), Some("4038181954557748008"));
        assert_eq!(site("EU"), None);
        let p = OAuthProvider::new("https://oauth.aliyun.com", "1", profile()).unwrap();
        let shown = format!("{p:?} {p:#?}");
        for secret in [
            "acc-tok-value",
            "ref-tok-value",
            "saved-secret",
            "saved-tok",
        ] {
            assert!(!shown.contains(secret), "{shown}");
        }
        let e = OAuthProvider::new("http://oauth.example.com", "1", profile()).unwrap_err();
        assert!(e.message().contains("must be https"), "{e}");
        assert!(OAuthProvider::new("http://127.0.0.1:9", "1", profile()).is_ok());

        let tokens = Tokens {
            access_token: Some("acc-tok-value".into()),
            access_token_expire: 0,
            refresh_token: Some("ref-tok-value".into()),
            saved: None,
        };
        let q = OAuthProvider::quote(
            r#"{"error":"invalid_grant","error_description":"bad ref-tok-value","refresh_token":"other-secret"}"#,
            &tokens,
        );
        assert!(q.contains("invalid_grant"), "{q}");
        assert!(
            !q.contains("ref-tok-value") && !q.contains("other-secret"),
            "{q}"
        );
        let long = format!("<html>{}acc-tok-value</html>", "x".repeat(500));
        let q = OAuthProvider::quote(&long, &tokens);
        assert!(q.len() <= MAX_QUOTE + '…'.len_utf8(), "{q}");
        let q = OAuthProvider::quote("oops acc-tok-value", &tokens);
        assert!(!q.contains("acc-tok-value"), "{q}");
    }
}
