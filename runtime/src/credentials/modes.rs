//! What each `mode` of a `config.json` profile gives, with the keys `alibabacloud_credentials/provider/
//! cli_profile.py` reads (`_get_credentials_provider`):
//!
//! | mode | keys | credentials |
//! |---|---|---|
//! | `AK` (also no mode) | `access_key_id`, `access_key_secret` | those |
//! | `StsToken` | the same and `sts_token` | those |
//! | `RamRoleArn` | `access_key_id`, `access_key_secret` (and `sts_token`, our addition), `ram_role_arn`, `ram_session_name`, `expired_seconds`, `policy`, `external_id`, `sts_region`, `enable_vpc` | `AssumeRole` with the keys |
//! | `ChainableRamRoleArn` | `source_profile` and the role keys above | `AssumeRole` with the source profile's credentials, whatever its mode |
//! | `EcsRamRole` | `ram_role_name` (optional) | the instance's role |
//! | `OIDC` | `ram_role_arn`, `oidc_provider_arn`, `oidc_token_file`, `role_session_name`, `expired_seconds`, `policy`, `sts_region`, `enable_vpc` | `AssumeRoleWithOIDC` |
//! | `CredentialsURI` | `credentials_uri` | the URI's document (a CLI mode the Python library lacks) |
//! | `CloudSSO` | `cloud_sso_sign_in_url`, `cloud_sso_account_id`, `cloud_sso_access_config`, `access_token`, `cloud_sso_access_token_expire` | the portal's |
//! | `External` | `process_command` | the command's output |
//! | `OAuth` | `oauth_site_type`, `oauth_access_token`, `oauth_access_token_expire`, `oauth_refresh_token`, and the saved `access_key_id`, `access_key_secret`, `sts_token`, `sts_expiration` | the saved STS credentials while valid, else renewed tokens exchanged for new ones, written back ([`oauth`](super::oauth)) |
//!
//! `RsaKeyPair` (the Go CLI's; `key_pair_name`, `private_key`) is refused by name, as the official
//! library refuses it in `config.json` (key pairs are read from the ini file and by
//! [`RsaKeyPairProvider`](super::RsaKeyPairProvider)). A
//! `ChainableRamRoleArn` loop (`a` → `b` → `a`) is an error, not a hang.

use std::sync::Arc;

use super::Credentials;
use super::cli_profile::{Config, Profile};
use super::cloud_sso::CloudSsoProvider;
use super::context::Context;
use super::document::from_unix_seconds;
use super::external::ExternalProvider;
use super::files::broken;
use super::oauth::{self, OAuthProfile, OAuthProvider};
use super::oidc::OidcRoleArnProvider;
use super::provider::{Lookup, ProvideCredentials, StaticProvider};
use super::ram_role::{RamRoleArnProvider, RoleOptions};
use super::uri::CredentialsUriProvider;
use crate::error::Error;

/// The modes named in errors: the CLI's own names are no secret.
const KNOWN: &str = "AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC, CredentialsURI, \
                     CloudSSO, External, OAuth";

/// What profile `name` of `config` gives; `visited` holds the profiles already on the way here.
pub(crate) fn resolve(
    config: &Config,
    name: &str,
    ctx: &Context,
    visited: &mut Vec<String>,
) -> Result<Lookup, Error> {
    let Some(p) = config.profile(name) else {
        return Err(broken(
            &config.path,
            format!(
                "profile {:?} names source_profile {name:?}, which does not exist",
                visited.last().map(String::as_str).unwrap_or_default()
            ),
        ));
    };
    if visited.iter().any(|v| v == name) {
        visited.push(name.to_owned());
        return Err(broken(
            &config.path,
            format!(
                "profiles name each other as source_profile: {}",
                visited.join(" -> ")
            ),
        ));
    }
    visited.push(name.to_owned());
    let mode = p.text("mode")?.unwrap_or_else(|| "AK".to_owned());
    let what = format!("profile {name:?}, mode {mode}");
    // Errors of the providers' own checks, placed in the file and profile.
    let placed = |e: Error| {
        broken(
            &config.path,
            format!("profile {name:?} (mode {mode}): {}", e.message()),
        )
    };
    let provider = |p: Arc<dyn ProvideCredentials>| Ok(Lookup::Provider(p, what.clone()));
    match mode.as_str() {
        "AK" | "StsToken" => {
            let c = Credentials::new(
                p.need("access_key_id", &mode)?,
                p.need("access_key_secret", &mode)?,
            );
            Ok(Lookup::Found(if mode == "StsToken" {
                c.with_security_token(p.need("sts_token", &mode)?)
            } else {
                c
            }))
        }
        "RamRoleArn" => {
            let mut source = Credentials::new(
                p.need("access_key_id", &mode)?,
                p.need("access_key_secret", &mode)?,
            );
            if let Some(token) = p.text("sts_token")? {
                source = source.with_security_token(token);
            }
            let source: Arc<dyn ProvideCredentials> = Arc::new(StaticProvider::new(source));
            provider(Arc::new(role(&p, &mode, ctx, source).map_err(placed)?))
        }
        "ChainableRamRoleArn" => {
            let source_name = p.need("source_profile", &mode)?;
            let source: Arc<dyn ProvideCredentials> =
                match resolve(config, &source_name, ctx, visited)? {
                    Lookup::Found(c) => Arc::new(StaticProvider::new(c)),
                    Lookup::Provider(p, _) => p,
                    Lookup::Absent(why) => return Err(broken(&config.path, why)),
                };
            provider(Arc::new(role(&p, &mode, ctx, source).map_err(placed)?))
        }
        "EcsRamRole" => provider(Arc::new(ctx.ecs(p.text("ram_role_name")?))),
        "OIDC" => {
            let mut b = OidcRoleArnProvider::builder()
                .context(ctx)
                .role_arn(p.need("ram_role_arn", &mode)?)
                .oidc_provider_arn(p.need("oidc_provider_arn", &mode)?)
                .oidc_token_file(p.need("oidc_token_file", &mode)?);
            if let Some(s) = p.text("role_session_name")? {
                b = b.role_session_name(s);
            }
            if let Some(d) = duration(&p)? {
                b = b.duration_seconds(d);
            }
            if let Some(policy) = p.text("policy")? {
                b = b.policy(policy);
            }
            if let Some(r) = p.text("sts_region")? {
                b = b.sts_region(r);
            }
            if let Some(v) = p.flag("enable_vpc")? {
                b = b.enable_vpc(v);
            }
            provider(Arc::new(b.build().map_err(placed)?))
        }
        "CredentialsURI" => {
            let uri = p.need("credentials_uri", &mode)?;
            provider(Arc::new(CredentialsUriProvider::new(&uri).map_err(placed)?))
        }
        "CloudSSO" => {
            let sso = CloudSsoProvider::new(
                &p.need("cloud_sso_sign_in_url", &mode)?,
                &p.need("cloud_sso_account_id", &mode)?,
                &p.need("cloud_sso_access_config", &mode)?,
                &p.text("access_token")?.unwrap_or_default(),
                p.number("cloud_sso_access_token_expire")?.unwrap_or(0),
            )
            .map_err(placed)?;
            provider(Arc::new(sso))
        }
        "External" => {
            let command = p.need("process_command", &mode)?;
            provider(Arc::new(ExternalProvider::new(&command).map_err(placed)?))
        }
        "OAuth" => provider(Arc::new(oauth(&p, ctx).map_err(placed)?)),
        "RsaKeyPair" => Err(broken(
            &config.path,
            format!(
                "profile {name:?} has mode RsaKeyPair, which the official credentials library does not \
                 read from config.json either; use an ini section of type rsa_key_pair or \
                 RsaKeyPairProvider (supported here: {KNOWN})"
            ),
        )),
        // The value is not echoed: a key pasted into the wrong field would end up in logs.
        _ => Err(broken(
            &config.path,
            format!("profile {name:?} has a mode this SDK does not support (supported: {KNOWN})"),
        )),
    }
}

/// `expired_seconds`, which must not be negative.
fn duration(p: &Profile<'_>) -> Result<Option<u64>, Error> {
    p.number("expired_seconds")?
        .map(|n| {
            u64::try_from(n).map_err(|_| {
                broken(
                    p.path,
                    format!("profile {:?} has a negative expired_seconds", p.name),
                )
            })
        })
        .transpose()
}

/// The RAM role provider of a `RamRoleArn` or `ChainableRamRoleArn` profile.
fn role(
    p: &Profile<'_>,
    mode: &str,
    ctx: &Context,
    source: Arc<dyn ProvideCredentials>,
) -> Result<RamRoleArnProvider, Error> {
    let mut options = RoleOptions::from_context(ctx);
    options.role_arn = Some(p.need("ram_role_arn", mode)?);
    options.session_name = p.text("ram_session_name")?;
    options.duration_seconds = duration(p)?;
    options.policy = p.text("policy")?;
    options.sts.region = p.text("sts_region")?;
    options.sts.vpc = p.flag("enable_vpc")?;
    let mut b = RamRoleArnProvider::builder_arc(source).options(options);
    if let Some(id) = p.text("external_id")? {
        b = b.external_id(id);
    }
    b.build()
}

/// The provider of an `OAuth` profile: the saved STS credentials while valid, else a renewal (see
/// [`oauth`](super::oauth)), written back into this profile.
fn oauth(p: &Profile<'_>, ctx: &Context) -> Result<OAuthProvider, Error> {
    let site_name = p
        .text("oauth_site_type")?
        .unwrap_or_else(|| "CN".to_owned());
    let Some((site_url, client_id)) = oauth::site(&site_name) else {
        return Err(broken(
            p.path,
            format!(
                "profile {:?} (mode OAuth): invalid OAuth site type, support CN or INTL",
                p.name
            ),
        ));
    };
    let saved = match (
        p.text("access_key_id")?,
        p.text("access_key_secret")?,
        p.text("sts_token")?,
        p.number("sts_expiration")?,
    ) {
        (Some(id), Some(secret), Some(token), Some(expiration)) => Some(
            Credentials::new(id, secret)
                .with_security_token(token)
                .with_expiry(from_unix_seconds(expiration)),
        ),
        _ => None,
    };
    let profile = OAuthProfile {
        access_token: p.text("oauth_access_token")?,
        access_token_expire: p.number("oauth_access_token_expire")?.unwrap_or(0),
        refresh_token: p.text("oauth_refresh_token")?,
        saved,
        write_back: Some((p.path.to_path_buf(), p.name.clone())),
    };
    let url = ctx.oauth_sign_in_url.as_deref().unwrap_or(site_url);
    OAuthProvider::new(url, client_id, profile)
}
