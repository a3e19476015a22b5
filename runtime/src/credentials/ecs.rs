//! [`EcsRamRoleProvider`]: temporary credentials of the RAM role attached to an ECS instance, from the
//! instance metadata service (`http://100.100.100.200` unless configured, so tests can use loopback).
//!
//! The rules are those of `alibabacloud_credentials/provider/ecs_ram_role.py`:
//!
//! - `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true` disables the provider: it fails without a request, also
//!   when a profile names the role (the constructor raises `IMDS credentials is disabled`).
//! - IMDSv2 by default: a metadata token first (`PUT /latest/api/token`, 21,600 s), sent with every GET.
//!   When no token can be had, plain GETs (IMDSv1) follow, unless `ALIBABA_CLOUD_IMDSV1_DISABLED=true`
//!   (or [`EcsRamRoleProvider::disable_imds_v1`]), which makes the missing token an error. A GET that
//!   fails with a token is tried once more without it, under the same condition
//!   (`_should_fallback_to_imds_v1`).
//! - The role is the one given, else `ALIBABA_CLOUD_ECS_METADATA`, else the one the service lists.
//! - The answer must say `"Code": "Success"` and carry an `Expiration`. 1 s to connect, 1 s to read.
//!
//! The token and the credentials are never logged, and errors never quote the service's answers (its
//! credentials document holds secrets). Answers are read up to 64 KiB.

use std::sync::OnceLock;
use std::time::Duration;

use super::document::Document;
use super::env::Env;
use super::provider::{CredentialsFuture, Lookup, ProvideCredentials};
use crate::error::{Error, ErrorKind};
use crate::transport::{ReadError, read_limited};

/// The metadata service of every ECS instance.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://100.100.100.200";
/// Environment variable naming the RAM role (otherwise the service is asked which role is attached).
pub const ENV_ECS_METADATA: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// Environment variable that, set to `true`, keeps every provider away from the metadata service.
pub const ENV_ECS_METADATA_DISABLED: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
/// Environment variable that, set to `true`, forbids plain (tokenless, "IMDSv1") metadata requests.
pub const ENV_IMDSV1_DISABLED: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";

const ROLE_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const TOKEN_PATH: &str = "/latest/api/token";
const TOKEN_TTL_HEADER: &str = "X-aliyun-ecs-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "X-aliyun-ecs-metadata-token";
/// `DEFAULT_METADATA_TOKEN_DURATION` in ecs_ram_role.py.
const TOKEN_TTL_SECONDS: &str = "21600";
/// The longest answer read from the metadata service.
const MAX_ANSWER_BYTES: u64 = 64 * 1024;
/// `DEFAULT_CONNECT_TIMEOUT` and `DEFAULT_READ_TIMEOUT` in ecs_ram_role.py, 1 s each.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

/// What a GET found: the body, or why the service has nothing for us (not reachable, 404).
enum Answer {
    Body(String),
    Nothing(String),
}

/// Credentials of the instance's RAM role. They expire (typically after six hours); wrap this provider in
/// a [`CachingProvider`](super::CachingProvider), as the client does, to refresh them before they do.
#[derive(Debug)]
pub struct EcsRamRoleProvider {
    env: Env,
    endpoint: String,
    role_name: Option<String>,
    disable_imds_v1: Option<bool>,
    timeout: Duration,
    http: OnceLock<reqwest::Client>,
}

impl Default for EcsRamRoleProvider {
    fn default() -> Self {
        EcsRamRoleProvider {
            env: Env::process(),
            endpoint: DEFAULT_METADATA_ENDPOINT.to_owned(),
            role_name: None,
            disable_imds_v1: None,
            timeout: DEFAULT_TIMEOUT,
            http: OnceLock::new(),
        }
    }
}

impl Clone for EcsRamRoleProvider {
    fn clone(&self) -> Self {
        EcsRamRoleProvider {
            env: self.env.clone(),
            endpoint: self.endpoint.clone(),
            role_name: self.role_name.clone(),
            disable_imds_v1: self.disable_imds_v1,
            timeout: self.timeout,
            http: OnceLock::new(),
        }
    }
}

impl EcsRamRoleProvider {
    /// Asks `http://100.100.100.200` (IMDSv2, falling back to v1 as the module documentation says) for
    /// the role `ALIBABA_CLOUD_ECS_METADATA` names or the attached one; 1 s to connect, 2 s per request.
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

    /// Whether plain (tokenless) requests are forbidden; unset, `ALIBABA_CLOUD_IMDSV1_DISABLED` decides.
    pub fn disable_imds_v1(mut self, yes: bool) -> Self {
        self.disable_imds_v1 = Some(yes);
        self
    }

    /// How long each request to the metadata service may take (connect included, at most 1 s of it).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    pub(crate) fn from_env(env: &Env, endpoint: &str) -> Self {
        EcsRamRoleProvider {
            env: env.clone(),
            ..EcsRamRoleProvider::new()
        }
        .endpoint(endpoint)
    }

    fn v1_disabled(&self) -> bool {
        self.disable_imds_v1
            .unwrap_or_else(|| self.env.flag(ENV_IMDSV1_DISABLED))
    }

    fn http(&self) -> Result<&reqwest::Client, Error> {
        if let Some(c) = self.http.get() {
            return Ok(c);
        }
        crate::builder::install_crypto_provider();
        let client = reqwest::Client::builder()
            .connect_timeout(self.timeout.min(CONNECT_TIMEOUT))
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

    /// A metadata token: `Ok(None)` when the service issues none and plain requests are allowed, or
    /// when it cannot be reached at all (not an ECS instance: the GETs will say so).
    async fn token(&self, http: &reqwest::Client) -> Result<Option<String>, Error> {
        let sent = http
            .put(format!("{}{TOKEN_PATH}", self.endpoint))
            .header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS)
            .send()
            .await;
        let why = match sent {
            Err(_) => return Ok(None),
            Ok(resp) if resp.status().is_success() => {
                let token = read_limited(resp, MAX_ANSWER_BYTES).await.ok();
                let token = token.and_then(|t| String::from_utf8(t).ok());
                match token.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()) {
                    Some(t) => return Ok(Some(t)),
                    None => "an empty token".to_owned(),
                }
            }
            Ok(resp) => format!("HTTP {}", resp.status().as_u16()),
        };
        if self.v1_disabled() {
            return Err(Error::new(
                ErrorKind::Credentials,
                format!(
                    "the metadata service answered {why} for a token, and plain requests are \
                     disabled ({ENV_IMDSV1_DISABLED})"
                ),
            ));
        }
        Ok(None)
    }

    /// GETs `path` with `token`, and once more without it when that fails and plain requests are allowed.
    async fn get_with_fallback(
        &self,
        http: &reqwest::Client,
        path: &str,
        token: Option<&str>,
    ) -> Result<Answer, Error> {
        let first = self.get(http, path, token).await;
        let failed = !matches!(first, Ok(Answer::Body(_)));
        if failed && token.is_some() && !self.v1_disabled() {
            return self.get(http, path, None).await;
        }
        first
    }

    async fn get(
        &self,
        http: &reqwest::Client,
        path: &str,
        token: Option<&str>,
    ) -> Result<Answer, Error> {
        let mut req = http.get(format!("{}{path}", self.endpoint));
        if let Some(t) = token {
            req = req.header(TOKEN_HEADER, t);
        }
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                let why = if e.is_timeout() {
                    "timed out"
                } else {
                    "is unreachable"
                };
                return Ok(Answer::Nothing(format!(
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
        match status {
            200 => Ok(Answer::Body(String::from_utf8_lossy(&body).into_owned())),
            404 => Ok(Answer::Nothing(format!(
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
        if self.env.flag(ENV_ECS_METADATA_DISABLED) {
            return Err(Error::new(
                ErrorKind::Credentials,
                format!("the metadata service is disabled by {ENV_ECS_METADATA_DISABLED}"),
            ));
        }
        let http = self.http()?;
        let token = self.token(http).await?;
        let role = match self
            .role_name
            .clone()
            .or_else(|| self.env.var(ENV_ECS_METADATA))
        {
            Some(r) => r,
            None => match self
                .get_with_fallback(http, ROLE_PATH, token.as_deref())
                .await?
            {
                Answer::Body(body) => match body.lines().map(str::trim).find(|l| !l.is_empty()) {
                    Some(r) => r.to_owned(),
                    None => return Ok(Lookup::Absent("no RAM role is attached".into())),
                },
                Answer::Nothing(why) => return Ok(Lookup::Absent(why)),
            },
        };
        if role.contains('/') || role.contains("..") || role.contains('?') || role.contains('#') {
            return Err(Error::new(
                ErrorKind::Credentials,
                format!("invalid RAM role name {role:?}"),
            ));
        }
        let path = format!("{ROLE_PATH}{role}");
        let body = match self
            .get_with_fallback(http, &path, token.as_deref())
            .await?
        {
            Answer::Body(body) => body,
            Answer::Nothing(why) => return Ok(Lookup::Absent(why)),
        };
        let what = format!("credentials of RAM role {role:?} from instance metadata");
        Document::parse(&what, &body)
            .and_then(|d| d.credentials(&what, true))
            .map(Lookup::Found)
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move { self.lookup().await?.resolve("ECS RAM role").await })
    }
}
