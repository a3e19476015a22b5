//! Hand-written descriptions of STS's `AssumeRole` and `AssumeRoleWithOIDC` (2015-04-01), the calls
//! credentials come from: what the generator would write from `specs/sts/*.yaml`, written here because
//! the runtime must not depend on the generated crates. Only the fields the providers send and read are
//! described; `AssumeRoleWithOIDC` is anonymous (unsigned), as its metadata says. Also the Japan site's
//! `GenerateSessionAccessKey` (no spec in `specs/sts`: described from `alibabacloud_credentials/provider/
//! rsa_key_pair.py`, a V1-signed `GET` with `DurationSeconds`, answering `SessionAccessKey`).

use super::sts::GLOBAL_STS_ENDPOINT;
use crate::endpoint::{EndpointRules, Service};
use crate::operation::{Method, OperationInfo};

static STS: Service = Service {
    module: "sts",
    product: "Sts",
    version: "2015-04-01",
    endpoints: EndpointRules {
        regional: &[],
        fallback: Some("sts.{region_id}.aliyuncs.com"),
        global: Some(GLOBAL_STS_ENDPOINT),
    },
    signing: crate::Signing::Acs,
};

pub(crate) struct AssumeRoleInput {
    pub(crate) duration_seconds: Option<i64>,
    pub(crate) policy: Option<String>,
    pub(crate) role_arn: Option<String>,
    pub(crate) role_session_name: Option<String>,
    pub(crate) external_id: Option<String>,
}
crate::shape!(
    AssumeRoleInput,
    "DurationSeconds duration_seconds\nPolicy policy form\nRoleArn role_arn required\nRoleSessionName role_session_name required\nExternalId external_id",
    [
        duration_seconds,
        policy,
        role_arn,
        role_session_name,
        external_id
    ]
);

/// The token and the policy travel in the form body, out of URLs that proxies may log.
pub(crate) struct AssumeRoleWithOidcInput {
    pub(crate) oidc_provider_arn: Option<String>,
    pub(crate) role_arn: Option<String>,
    pub(crate) oidc_token: Option<String>,
    pub(crate) policy: Option<String>,
    pub(crate) duration_seconds: Option<i64>,
    pub(crate) role_session_name: Option<String>,
}
crate::shape!(
    AssumeRoleWithOidcInput,
    "OIDCProviderArn oidc_provider_arn required\nRoleArn role_arn required\nOIDCToken oidc_token required form\nPolicy policy form\nDurationSeconds duration_seconds\nRoleSessionName role_session_name required",
    [
        oidc_provider_arn,
        role_arn,
        oidc_token,
        policy,
        duration_seconds,
        role_session_name
    ]
);

/// The part of either answer that matters. Its `Debug` would show the secret: it is never printed.
pub(crate) struct RoleOutput {
    pub(crate) credentials: Option<RoleCredentials>,
}
crate::shape!(RoleOutput, "Credentials credentials", [credentials]);

pub(crate) struct RoleCredentials {
    pub(crate) security_token: Option<String>,
    pub(crate) expiration: Option<String>,
    pub(crate) access_key_secret: Option<String>,
    pub(crate) access_key_id: Option<String>,
}
crate::shape!(
    RoleCredentials,
    "SecurityToken security_token\nExpiration expiration\nAccessKeySecret access_key_secret\nAccessKeyId access_key_id",
    [security_token, expiration, access_key_secret, access_key_id]
);

const fn info(
    action: &'static str,
    anonymous: bool,
    new_input: crate::operation::NewShape,
) -> OperationInfo {
    OperationInfo {
        service: &STS,
        action,
        method: Method::Post,
        path: None,
        rules: &[],
        ram_action: None,
        deprecated: false,
        anonymous,
        new_input,
        new_output: &crate::codec::boxed::<RoleOutput>,
        paging: None,
        waiters: &[],
    }
}

pub(crate) static ASSUME_ROLE: OperationInfo =
    info("AssumeRole", false, &crate::codec::boxed::<AssumeRoleInput>);
pub(crate) static ASSUME_ROLE_WITH_OIDC: OperationInfo = info(
    "AssumeRoleWithOIDC",
    true,
    &crate::codec::boxed::<AssumeRoleWithOidcInput>,
);

/// `GenerateSessionAccessKey`'s one parameter besides the common ones.
pub(crate) struct SessionAccessKeyInput {
    pub(crate) duration_seconds: Option<i64>,
}
crate::shape!(
    SessionAccessKeyInput,
    "DurationSeconds duration_seconds",
    [duration_seconds]
);

/// Its answer. Holds the secret: never printed.
pub(crate) struct SessionAccessKeyOutput {
    pub(crate) session_access_key: Option<SessionAccessKey>,
}
crate::shape!(
    SessionAccessKeyOutput,
    "SessionAccessKey session_access_key",
    [session_access_key]
);

pub(crate) struct SessionAccessKey {
    pub(crate) session_access_key_id: Option<String>,
    pub(crate) session_access_key_secret: Option<String>,
    pub(crate) expiration: Option<String>,
}
crate::shape!(
    SessionAccessKey,
    "SessionAccessKeyId session_access_key_id\nSessionAccessKeySecret session_access_key_secret\nExpiration expiration",
    [session_access_key_id, session_access_key_secret, expiration]
);

/// A `GET`, as `rsa_key_pair.py` sends it (`compose_string_to_sign('GET', …)`).
pub(crate) static GENERATE_SESSION_ACCESS_KEY: OperationInfo = OperationInfo {
    service: &STS,
    action: "GenerateSessionAccessKey",
    method: Method::Get,
    path: None,
    rules: &[],
    ram_action: None,
    deprecated: false,
    anonymous: false,
    new_input: &crate::codec::boxed::<SessionAccessKeyInput>,
    new_output: &crate::codec::boxed::<SessionAccessKeyOutput>,
    paging: None,
    waiters: &[],
};
