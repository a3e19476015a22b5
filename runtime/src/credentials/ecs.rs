//! [`EcsRamRoleProvider`]: temporary credentials of the RAM role attached to an ECS instance, from the
//! instance metadata service (`http://100.100.100.200` unless configured, so tests can use loopback).
//!
//! It first asks for a metadata token (`PUT /latest/api/token`, the hardened "IMDSv2" mode) and falls back
//! to plain GETs when the service does not issue one. The token and the credentials are never logged, and
//! errors never quote the service's answers (its credentials document holds secrets). Answers are read up
//! to 64 KiB: a credentials document is well under 4 KiB.

use std::sync::OnceLock;
use std::time::{Duration, UNIX_EPOCH};

use serde::Deserialize;

use super::Credentials;
use super::env::Env;
use super::provider::{CredentialsFuture, Lookup, ProvideCredentials};
use crate::civil;
use crate::error::{Error, ErrorKind};
use crate::transport::{ReadError, read_limited};

/// The metadata service of every ECS instance.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://100.100.100.200";
/// Environment variable naming the RAM role (otherwise the service is asked which role is attached).
pub const ENV_ECS_METADATA: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// Environment variable that, set to `true`, keeps the default chain away from the metadata service.
pub const ENV_ECS_METADATA_DISABLED: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";

const ROLE_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const TOKEN_PATH: &str = "/latest/api/token";
const TOKEN_TTL_HEADER: &str = "X-aliyun-ecs-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "X-aliyun-ecs-metadata-token";
/// Six hours, the longest a metadata token may live; one is fetched per refresh anyway.
const TOKEN_TTL_SECONDS: &str = "21600";
/// The longest answer read from the metadata service.
const MAX_ANSWER_BYTES: u64 = 64 * 1024;

/// The JSON document the metadata service returns for a role.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RoleCredentials {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    access_key_id: Option<String>,
    #[serde(default)]
    access_key_secret: Option<String>,
    #[serde(default)]
    security_token: Option<String>,
    #[serde(default)]
    expiration: Option<String>,
}

/// Credentials of the instance's RAM role. They expire (typically after six hours); wrap this provider in
/// a [`CachingProvider`](super::CachingProvider), as the client does, to refresh them before they do.
#[derive(Debug)]
pub struct EcsRamRoleProvider {
    endpoint: String,
    role_name: Option<String>,
    timeout: Duration,
    http: OnceLock<reqwest::Client>,
}

impl Default for EcsRamRoleProvider {
    fn default() -> Self {
        EcsRamRoleProvider {
            endpoint: DEFAULT_METADATA_ENDPOINT.to_owned(),
            role_name: None,
            timeout: Duration::from_secs(2),
            http: OnceLock::new(),
        }
    }
}

impl Clone for EcsRamRoleProvider {
    fn clone(&self) -> Self {
        EcsRamRoleProvider {
            endpoint: self.endpoint.clone(),
            role_name: self.role_name.clone(),
            timeout: self.timeout,
            http: OnceLock::new(),
        }
    }
}

impl EcsRamRoleProvider {
    /// Asks `http://100.100.100.200` which role is attached, with a 2 s timeout per request.
    pub fn new() -> Self {
        EcsRamRoleProvider::default()
    }

    /// Uses another metadata endpoint, e.g. `http://127.0.0.1:8080` in tests (scheme, host and port only).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// Uses this role instead of asking the service which one is attached.
    pub fn role_name(mut self, name: impl Into<String>) -> Self {
        self.role_name = Some(name.into()).filter(|n| !n.trim().is_empty());
        self
    }

    /// How long each request to the metadata service may take (connect included).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    pub(crate) fn from_env(env: &Env, endpoint: &str) -> Self {
        let p = EcsRamRoleProvider::new().endpoint(endpoint);
        match env.var(ENV_ECS_METADATA) {
            Some(role) => p.role_name(role),
            None => p,
        }
    }

    fn http(&self) -> Result<&reqwest::Client, Error> {
        if let Some(c) = self.http.get() {
            return Ok(c);
        }
        crate::builder::install_crypto_provider();
        let client = reqwest::Client::builder()
            .connect_timeout(self.timeout)
            .timeout(self.timeout)
            // The metadata service is link-local; a proxy would only leak the request.
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| {
                Error::new(
                    ErrorKind::Config,
                    format!("could not build the metadata HTTP client: {e}"),
                )
            })?;
        Ok(self.http.get_or_init(|| client))
    }

    /// A metadata token, or `None` when the service does not issue them (older "IMDSv1" mode).
    async fn token(&self, http: &reqwest::Client) -> Option<String> {
        let resp = http
            .put(format!("{}{TOKEN_PATH}", self.endpoint))
            .header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS)
            .send()
            .await
            .ok()?;
        if !resp.status().is_success() {
            return None;
        }
        let token = read_limited(resp, MAX_ANSWER_BYTES).await.ok()?;
        let token = String::from_utf8(token).ok()?;
        Some(token.trim().to_owned()).filter(|t| !t.is_empty())
    }

    /// GETs `path`: `Ok(Err(reason))` when the service cannot be reached (not on ECS) or has nothing there.
    async fn get(
        &self,
        http: &reqwest::Client,
        path: &str,
        token: Option<&str>,
    ) -> Result<Result<String, String>, Error> {
        let mut req = http.get(format!("{}{path}", self.endpoint));
        if let Some(t) = token {
            req = req.header(TOKEN_HEADER, t);
        }
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                let e = e.without_url();
                let why = if e.is_timeout() {
                    "timed out"
                } else {
                    "is unreachable"
                };
                return Ok(Err(format!(
                    "metadata service at {} {why} (not an ECS instance?)",
                    self.endpoint
                )));
            }
        };
        let status = resp.status().as_u16();
        let body = read_limited(resp, MAX_ANSWER_BYTES).await.map_err(|e| {
            let why = match e {
                ReadError::TooLarge { .. } => {
                    format!("it is larger than {MAX_ANSWER_BYTES} bytes")
                }
                ReadError::Http(e) => e.without_url().to_string(),
            };
            Error::new(
                ErrorKind::Credentials,
                format!("reading the metadata response failed: {why}"),
            )
        })?;
        let body = String::from_utf8_lossy(&body).into_owned();
        match status {
            200 => Ok(Ok(body)),
            404 => Ok(Err(format!(
                "metadata service at {} has no {path} (no RAM role attached?)",
                self.endpoint
            ))),
            other => Err(Error::new(
                ErrorKind::Credentials,
                format!("metadata service answered HTTP {other} for {path}"),
            )),
        }
    }

    pub(crate) async fn lookup(&self) -> Result<Lookup, Error> {
        let http = self.http()?;
        let token = self.token(http).await;
        let role = match &self.role_name {
            Some(r) => r.clone(),
            None => match self.get(http, ROLE_PATH, token.as_deref()).await? {
                Ok(body) => match body.lines().map(str::trim).find(|l| !l.is_empty()) {
                    Some(r) => r.to_owned(),
                    None => return Ok(Lookup::Absent("no RAM role is attached".into())),
                },
                Err(why) => return Ok(Lookup::Absent(why)),
            },
        };
        if role.contains('/') || role.contains("..") {
            return Err(Error::new(
                ErrorKind::Credentials,
                format!("invalid RAM role name {role:?}"),
            ));
        }
        let body = match self
            .get(http, &format!("{ROLE_PATH}{role}"), token.as_deref())
            .await?
        {
            Ok(body) => body,
            Err(why) => return Ok(Lookup::Absent(why)),
        };
        parse_role_credentials(&role, &body).map(Lookup::Found)
    }
}

/// The credentials of `role` from the service's JSON; errors never quote the body, which holds secrets.
fn parse_role_credentials(role: &str, body: &str) -> Result<Credentials, Error> {
    let bad = |why: &str| {
        Error::new(
            ErrorKind::Credentials,
            format!("credentials of RAM role {role:?} from instance metadata: {why}"),
        )
    };
    let doc: RoleCredentials =
        serde_json::from_str(body).map_err(|_| bad("the answer is not the expected JSON"))?;
    // The value is not echoed: it is the service's text, inside a document that holds secrets.
    if doc.code.as_deref().is_some_and(|c| c != "Success") {
        return Err(bad("Code is not \"Success\""));
    }
    let (Some(id), Some(secret), Some(token)) =
        (doc.access_key_id, doc.access_key_secret, doc.security_token)
    else {
        return Err(bad(
            "AccessKeyId, AccessKeySecret or SecurityToken is missing",
        ));
    };
    let mut creds = Credentials::new(id, secret).with_security_token(token);
    if let Some(exp) = doc.expiration {
        let ms = civil::parse_iso8601_millis(&exp)
            .and_then(|ms| u64::try_from(ms).ok())
            .ok_or_else(|| bad("Expiration is not a timestamp"))?;
        creds = creds.with_expiry(UNIX_EPOCH + Duration::from_millis(ms));
    }
    Ok(creds)
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move { self.lookup().await?.found("ECS RAM role") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_document() {
        let c = parse_role_credentials(
            "r",
            r#"{"AccessKeyId":"STS.id","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2030-01-01T00:00:00Z","Code":"Success"}"#,
        )
        .unwrap();
        assert_eq!(c.security_token(), Some("t"));
        assert_eq!(
            c.expiry(),
            Some(UNIX_EPOCH + Duration::from_secs(1_893_456_000))
        );
        let e = parse_role_credentials("r", r#"{"Code":"Failed","AccessKeySecret":"leak-me"}"#)
            .unwrap_err();
        assert!(e.message().contains("Code is not"), "{e}");
        assert!(!e.message().contains("Failed") && !e.message().contains("leak-me"));
        let e = parse_role_credentials("r", r#"{"AccessKeySecret":"leak-me"#).unwrap_err();
        assert!(!e.to_string().contains("leak-me"));
        let e = parse_role_credentials(
            "r",
            r#"{"AccessKeyId":"a","AccessKeySecret":"b","SecurityToken":"c","Expiration":"soon-ish"}"#,
        )
        .unwrap_err();
        assert!(e.message().contains("Expiration"));
        assert!(!e.message().contains("soon-ish"));
    }
}
