//! The two STS calls credentials come from, `AssumeRole` (signed with the source credentials) and
//! `AssumeRoleWithOIDC` (anonymous: its caller has a token and no keys), made by the runtime itself as
//! ordinary RPC calls: hand-written descriptions of the two operations (the runtime must not depend on the
//! generated `sts` crate), then the client's own steps: validate and flatten, sign (ACS3-HMAC-SHA256),
//! send over HTTPS, decode, retry what is worth retrying.
//!
//! Which endpoint, following `alibabacloud_credentials/provider/ram_role_arn.py` and `oidc.py`
//! (`__init__`): an explicit endpoint; else `sts.<region>.aliyuncs.com` (`sts-vpc.<region>.aliyuncs.com`
//! when VPC endpoints are asked for, by the setting or `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`) for the
//! STS region (the setting, else `ALIBABA_CLOUD_STS_REGION`); else, our addition, for the region the client
//! is configured with; else the global `sts.aliyuncs.com`. Timeouts are the official 5 s to connect and
//! 10 s to read.

use std::sync::OnceLock;
use std::time::Duration;

use super::Credentials;
use super::document;
use super::env::Env;
use super::sts_ops::{
    ASSUME_ROLE, ASSUME_ROLE_WITH_OIDC, AssumeRoleInput, AssumeRoleWithOidcInput,
    GENERATE_SESSION_ACCESS_KEY, RoleOutput, SessionAccessKey, SessionAccessKeyInput,
    SessionAccessKeyOutput,
};
use crate::codec::Shape;
use crate::config::SignatureVersion;
use crate::error::{Error, ErrorKind};
use crate::operation::OperationInfo;
use crate::redact::Redactor;
use crate::retry::RetryConfig;
use crate::target::Target;
use crate::transport::{self, Limits};

/// Environment variable naming the region whose STS endpoint to use (`ALIBABA_CLOUD_STS_REGION`).
pub const ENV_STS_REGION: &str = "ALIBABA_CLOUD_STS_REGION";
/// Environment variable that, set to `true`, asks for STS's VPC endpoints (`sts-vpc.<region>…`).
pub const ENV_VPC_ENDPOINT_ENABLED: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";
/// STS's endpoint when no region is known.
pub const GLOBAL_STS_ENDPOINT: &str = "sts.aliyuncs.com";

/// Official defaults (`DEFAULT_CONNECT_TIMEOUT = 5000`, `DEFAULT_READ_TIMEOUT = 10000` in ram_role_arn.py).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// An STS answer is a few KiB.
const MAX_ANSWER_BYTES: u64 = 1024 * 1024;

/// Where STS is: what a provider was configured with, resolved by [`StsSettings::endpoint`].
#[derive(Clone, Debug, Default)]
pub(crate) struct StsSettings {
    pub(crate) endpoint: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) vpc: Option<bool>,
    /// The region the client calls, used when no STS region is configured.
    pub(crate) client_region: Option<String>,
}

impl StsSettings {
    /// The endpoint (host, or URL for loopback) by the rules of the module documentation.
    pub(crate) fn endpoint(&self, env: &Env) -> String {
        self.endpoint_or(env, GLOBAL_STS_ENDPOINT)
    }

    /// [`StsSettings::endpoint`] with `fallback` when no region is known (the RSA key pair's is the
    /// Japan site's STS, not the global one).
    pub(crate) fn endpoint_or(&self, env: &Env, fallback: &str) -> String {
        if let Some(e) = self.endpoint.as_deref().filter(|e| !e.trim().is_empty()) {
            return e.trim().to_owned();
        }
        let vpc = self.vpc.unwrap_or_else(|| {
            env.var(ENV_VPC_ENDPOINT_ENABLED)
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        });
        let prefix = if vpc { "sts-vpc" } else { "sts" };
        let region = [
            self.region.clone(),
            env.var(ENV_STS_REGION),
            self.client_region.clone(),
        ]
        .into_iter()
        .flatten()
        .map(|r| r.trim().to_owned())
        .find(|r| !r.is_empty());
        match region {
            Some(r) => format!("{prefix}.{r}.aliyuncs.com"),
            None => fallback.to_owned(),
        }
    }
}

/// What both calls ask for.
#[derive(Clone, Debug)]
pub(crate) struct RoleRequest {
    pub(crate) role_arn: String,
    pub(crate) session_name: String,
    pub(crate) duration_seconds: u64,
    pub(crate) policy: Option<String>,
}

/// Calls STS at one endpoint; the connection pool is made at the first call and kept.
#[derive(Debug)]
pub(crate) struct StsClient {
    endpoint: String,
    http: OnceLock<reqwest::Client>,
}

impl Clone for StsClient {
    fn clone(&self) -> Self {
        StsClient::new(self.endpoint.clone())
    }
}

impl StsClient {
    pub(crate) fn new(endpoint: String) -> StsClient {
        StsClient {
            endpoint,
            http: OnceLock::new(),
        }
    }

    /// The endpoint, for messages (a host or a loopback URL: nothing secret).
    pub(crate) fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// `AssumeRole` signed with `source`; `external_id` is the role's ExternalId, if it has one.
    pub(crate) async fn assume_role(
        &self,
        source: &Credentials,
        request: &RoleRequest,
        external_id: Option<&str>,
    ) -> Result<Credentials, Error> {
        // A bearer token cannot sign AssumeRole (nor does the official provider accept one as a source).
        if source.bearer_token().is_some() {
            return Err(self.failed(
                &ASSUME_ROLE,
                Error::new(
                    ErrorKind::Credentials,
                    "the source credentials are a bearer token, which cannot sign AssumeRole",
                ),
            ));
        }
        let mut input = AssumeRoleInput {
            duration_seconds: Some(seconds(request.duration_seconds)),
            policy: request.policy.clone(),
            role_arn: Some(request.role_arn.clone()),
            role_session_name: Some(request.session_name.clone()),
            external_id: external_id.map(str::to_owned),
        };
        let output = self
            .call(
                &ASSUME_ROLE,
                &mut input,
                Some(source),
                Redactor::new(source),
                SignatureVersion::Acs3,
            )
            .await?;
        self.role_credentials(&ASSUME_ROLE, output)
    }

    /// `AssumeRoleWithOIDC` with `token`, unsigned.
    pub(crate) async fn assume_role_with_oidc(
        &self,
        provider_arn: &str,
        token: &str,
        request: &RoleRequest,
    ) -> Result<Credentials, Error> {
        let mut input = AssumeRoleWithOidcInput {
            oidc_provider_arn: Some(provider_arn.to_owned()),
            role_arn: Some(request.role_arn.clone()),
            oidc_token: Some(token.to_owned()),
            policy: request.policy.clone(),
            duration_seconds: Some(seconds(request.duration_seconds)),
            role_session_name: Some(request.session_name.clone()),
        };
        // The token is this call's secret: whatever STS quotes back is cleaned of it.
        let redactor = Redactor::new(&Credentials::new("oidc", token));
        let output = self
            .call(
                &ASSUME_ROLE_WITH_OIDC,
                &mut input,
                None,
                redactor,
                SignatureVersion::Acs3,
            )
            .await?;
        self.role_credentials(&ASSUME_ROLE_WITH_OIDC, output)
    }

    /// `GenerateSessionAccessKey` for the RSA key pair `public_key_id`, V1-signed (HMAC-SHA1) with the
    /// private key's text as the secret, as `rsa_key_pair.py` signs it (`sign_string(string_to_sign,
    /// private_key + '&')`): a session AccessKey without a SecurityToken.
    pub(crate) async fn generate_session_access_key(
        &self,
        public_key_id: &str,
        private_key: &str,
        duration_seconds: u64,
    ) -> Result<Credentials, Error> {
        let mut input = SessionAccessKeyInput {
            duration_seconds: Some(seconds(duration_seconds)),
        };
        let signer = Credentials::new(public_key_id, private_key);
        let info = &GENERATE_SESSION_ACCESS_KEY;
        let output = self
            .call(
                info,
                &mut input,
                Some(&signer),
                Redactor::new(&signer),
                SignatureVersion::V1,
            )
            .await?;
        let output = self.downcast::<SessionAccessKeyOutput>(info, output)?;
        let what = format!("STS {} answer", info.action);
        let key = output.session_access_key.unwrap_or(SessionAccessKey {
            session_access_key_id: None,
            session_access_key_secret: None,
            expiration: None,
        });
        let present = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
        let (Some(id), Some(secret), Some(expiration)) = (
            present(key.session_access_key_id),
            present(key.session_access_key_secret),
            key.expiration,
        ) else {
            return Err(self.failed(
                info,
                Error::new(
                    ErrorKind::Decode,
                    "the answer's SessionAccessKey lacks SessionAccessKeyId, \
                     SessionAccessKeySecret or Expiration",
                ),
            ));
        };
        let c = Credentials::new(id.trim(), secret.trim())
            .with_expiry(document::parse_expiration(&what, &expiration)?);
        c.check().map_err(|e| {
            Error::new(
                ErrorKind::Credentials,
                format!("{what}: unusable credentials: {}", e.message()),
            )
        })?;
        Ok(c)
    }

    /// The temporary credentials of an `AssumeRole` or `AssumeRoleWithOIDC` answer.
    fn role_credentials(
        &self,
        info: &'static OperationInfo,
        output: Box<dyn Shape>,
    ) -> Result<Credentials, Error> {
        let output = self.downcast::<RoleOutput>(info, output)?;
        let what = format!("STS {} answer", info.action);
        let Some(c) = output.credentials else {
            return Err(self.failed(
                info,
                Error::new(ErrorKind::Decode, "the answer has no Credentials"),
            ));
        };
        document::temporary(
            &what,
            c.access_key_id,
            c.access_key_secret,
            c.security_token,
            c.expiration.as_deref(),
        )
    }

    fn downcast<T: 'static>(
        &self,
        info: &'static OperationInfo,
        output: Box<dyn Shape>,
    ) -> Result<Box<T>, Error> {
        let output: Box<dyn std::any::Any> = output;
        output.downcast::<T>().map_err(|_| {
            self.failed(
                info,
                Error::new(ErrorKind::Decode, "unexpected output type"),
            )
        })
    }

    /// `e` as the [`ErrorKind::Credentials`] error of a call of `info`. The message names the endpoint,
    /// the action and what went wrong, but leaves out any quote of the body: a 200 that did not decode
    /// holds fresh credentials.
    fn failed(&self, info: &'static OperationInfo, e: Error) -> Error {
        let status = e
            .http_status()
            .map(|s| format!(" (HTTP {s})"))
            .unwrap_or_default();
        let code = e.code().map(|c| format!(" {c}")).unwrap_or_default();
        let message = format!(
            "STS at {}: {}: {}{status}{code}: {}",
            self.endpoint,
            info.action,
            e.kind(),
            e.message()
        );
        Error::new(ErrorKind::Credentials, message)
            .with_code(e.code().map(str::to_owned))
            .with_request_id(e.request_id().map(str::to_owned))
    }

    fn http(&self, target: &Target) -> Result<&reqwest::Client, Error> {
        if let Some(c) = self.http.get() {
            return Ok(c);
        }
        crate::builder::install_crypto_provider();
        let mut b = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(crate::request::USER_AGENT)
            // A redirect would re-send a signed request somewhere nobody chose.
            .redirect(reqwest::redirect::Policy::none());
        if target.loopback {
            b = b.no_proxy();
        }
        let client = b.build().map_err(|e| {
            Error::new(
                ErrorKind::Config,
                format!("could not build the STS HTTP client: {e}"),
            )
        })?;
        Ok(self.http.get_or_init(|| client))
    }

    /// One call with up to three attempts (the standard retry policy), signed with `version`; errors are
    /// [`ErrorKind::Credentials`] and keep the service's code and request id.
    async fn call(
        &self,
        info: &'static OperationInfo,
        input: &mut dyn Shape,
        credentials: Option<&Credentials>,
        redactor: Redactor,
        version: SignatureVersion,
    ) -> Result<Box<dyn Shape>, Error> {
        let action = info.action;
        let fail = |e: Error| self.failed(info, e);
        let target = Target::parse(&self.endpoint, false).map_err(fail)?;
        let http = self.http(&target).map_err(fail)?;
        let params = crate::client::prepare_params(info, input).map_err(fail)?;
        let retry = RetryConfig::standard();
        let limits = Limits {
            attempt_timeout: CONNECT_TIMEOUT + READ_TIMEOUT,
            connect_timeout: CONNECT_TIMEOUT,
            max_response_bytes: MAX_ANSWER_BYTES,
        };
        let mut attempt = 1;
        loop {
            let signed = crate::client::sign_request(credentials, &target, info, &params, version)
                .map_err(fail)?;
            let result = match transport::send(http, signed, limits).await {
                Ok(resp) => crate::decode_task::decode(
                    info.new_output,
                    action,
                    resp.status,
                    resp.body,
                    redactor.clone(),
                )
                .await
                .map_err(|e| e.with_retry_after(resp.retry_after)),
                Err(e) => Err(e),
            };
            match result {
                Ok((output, request_id)) => {
                    tracing::debug!(action, request_id = request_id.as_deref(), "STS answered");
                    return Ok(output);
                }
                Err(e) => {
                    let e = e.with_attempts(attempt);
                    let Some(delay) = retry.delay_after(attempt, &e) else {
                        return Err(fail(e));
                    };
                    // No body quote in the log either: the kind, status and code say enough.
                    tracing::info!(
                        action,
                        attempt,
                        kind = %e.kind(),
                        status = e.http_status(),
                        code = e.code(),
                        "STS call failed; retrying"
                    );
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
            }
        }
    }
}

fn seconds(s: u64) -> i64 {
    i64::try_from(s).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> Env {
        Env::from_vars(
            vars.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<HashMap<_, _>>(),
        )
    }

    #[test]
    fn endpoint_rules_follow_the_official_library() {
        let none = env(&[]);
        let s = StsSettings::default();
        assert_eq!(s.endpoint(&none), "sts.aliyuncs.com");
        let regional = StsSettings {
            region: Some("cn-beijing".into()),
            ..StsSettings::default()
        };
        assert_eq!(regional.endpoint(&none), "sts.cn-beijing.aliyuncs.com");
        let vpc = env(&[(ENV_VPC_ENDPOINT_ENABLED, "TRUE")]);
        assert_eq!(regional.endpoint(&vpc), "sts-vpc.cn-beijing.aliyuncs.com");
        // VPC endpoints need a region: without one, the global endpoint (as oidc.py does).
        assert_eq!(s.endpoint(&vpc), "sts.aliyuncs.com");
        let no_vpc = StsSettings {
            vpc: Some(false),
            ..regional.clone()
        };
        assert_eq!(no_vpc.endpoint(&vpc), "sts.cn-beijing.aliyuncs.com");
        let from_env = env(&[(ENV_STS_REGION, "eu-central-1")]);
        assert_eq!(s.endpoint(&from_env), "sts.eu-central-1.aliyuncs.com");
        assert_eq!(regional.endpoint(&from_env), "sts.cn-beijing.aliyuncs.com");
        let client = StsSettings {
            client_region: Some("cn-shanghai".into()),
            ..StsSettings::default()
        };
        assert_eq!(client.endpoint(&none), "sts.cn-shanghai.aliyuncs.com");
        assert_eq!(client.endpoint(&from_env), "sts.eu-central-1.aliyuncs.com");
        let explicit = StsSettings {
            endpoint: Some("http://127.0.0.1:9".into()),
            ..regional
        };
        assert_eq!(explicit.endpoint(&vpc), "http://127.0.0.1:9");
    }

    #[test]
    fn the_descriptions_parse() {
        let input = AssumeRoleWithOidcInput::default();
        let fields = input.fields();
        assert_eq!(fields.len(), 6);
        assert!(fields.iter().all(|f| f.name != "OIDCToken" || f.required));
        assert!(ASSUME_ROLE_WITH_OIDC.anonymous && !ASSUME_ROLE.anonymous);
        assert_eq!(RoleOutput::default().fields()[0].name, "Credentials");
    }
}
