//! Credentials from the shared `~/.alibabacloud/credentials.ini` ([`IniFileProvider`]), and the file
//! helpers it shares with the CLI's `config.json` ([`CliProfileProvider`](super::CliProfileProvider)).
//!
//! Section types, keys and defaults follow `alibabacloud_credentials/provider/profile.py`
//! (`_get_credentials_provider`): `access_key`, `ecs_ram_role` (`role_name`), `ram_role_arn`
//! (`access_key_id`, `access_key_secret`, `role_arn`, `role_session_name`, `policy`), `oidc_role_arn`
//! (`role_arn`, `oidc_provider_arn`, `oidc_token_file_path`, `role_session_name`, `policy`) and
//! `rsa_key_pair` (`public_key_id`, `private_key_file`); this SDK also keeps the older `sts` type
//! (`security_token`). A file that does not exist, or has no such section, gives nothing (the chain moves
//! on); a section that is broken is an error that stops the chain, because silently using other
//! credentials than the ones the user configured is worse than failing. Messages quote paths, section and
//! key names and known types, never values.

use std::collections::HashMap;
use std::io::ErrorKind as IoKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Credentials;
use super::cli_profile::ENV_PROFILE;
use super::context::Context;
use super::oidc::OidcRoleArnProvider;
use super::provider::{CredentialsFuture, Lookup, ProvideCredentials, StaticProvider};
use super::ram_role::{RamRoleArnProvider, RoleOptions};
use super::rsa_key_pair::RsaKeyPairProvider;
use crate::error::{Error, ErrorKind};

/// Environment variable naming the credentials ini file.
pub const ENV_CREDENTIALS_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";

/// An error about the file at `path`.
pub(crate) fn broken(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Credentials, format!("{}: {why}", path.display()))
}

/// Reads `path`; `Ok(None)` when it does not exist.
pub(crate) fn read_optional(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == IoKind::NotFound => Ok(None),
        Err(e) => Err(broken(path, format!("cannot be read: {e}"))),
    }
}

/// Credentials from a section of the shared ini file: [`IniFileProvider::path`], else
/// `ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials.ini`. The section is
/// [`IniFileProvider::profile`], else `ALIBABA_CLOUD_PROFILE`, else `default`.
#[derive(Clone, Debug, Default)]
pub struct IniFileProvider {
    ctx: Context,
    path: Option<PathBuf>,
    profile: Option<String>,
}

impl IniFileProvider {
    /// Reads the file named by the process environment or the default path.
    pub fn new() -> Self {
        IniFileProvider::default()
    }

    /// Reads this file.
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Uses this section whatever `ALIBABA_CLOUD_PROFILE` says.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    pub(crate) fn from_context(ctx: Context) -> Self {
        IniFileProvider {
            ctx,
            ..Self::default()
        }
    }

    pub(crate) fn lookup(&self) -> Result<Lookup, Error> {
        let env = &self.ctx.env;
        let named = self
            .path
            .clone()
            .or_else(|| env.var(ENV_CREDENTIALS_FILE).map(PathBuf::from));
        let Some(path) = named.or_else(|| {
            env.home()
                .map(|h| h.join(".alibabacloud").join("credentials.ini"))
        }) else {
            return Ok(Lookup::Absent(
                "no home directory to find .alibabacloud/credentials.ini in".into(),
            ));
        };
        let Some(text) = read_optional(&path)? else {
            return Ok(Lookup::Absent(format!("{} does not exist", path.display())));
        };
        let sections = parse_ini(&text);
        let name = self
            .profile
            .clone()
            .or_else(|| env.var(ENV_PROFILE))
            .unwrap_or_else(|| "default".to_owned());
        let Some(section) = sections.get(&name) else {
            return Ok(Lookup::Absent(format!(
                "{} has no [{name}] section",
                path.display()
            )));
        };
        if section
            .get("enable")
            .is_some_and(|v| v.eq_ignore_ascii_case("false"))
        {
            return Ok(Lookup::Absent(format!(
                "{} [{name}] has enable = false",
                path.display()
            )));
        }
        let text = |key: &str| section.get(key).filter(|v| !v.is_empty()).cloned();
        let need =
            |key: &str| text(key).ok_or_else(|| broken(&path, format!("[{name}] has no {key}")));
        let kind = need("type")?;
        let what = format!("[{name}], type {kind}");
        let placed = |e: Error| broken(&path, format!("[{name}] (type {kind}): {}", e.message()));
        match kind.as_str() {
            "access_key" => Ok(Lookup::Found(Credentials::new(
                need("access_key_id")?,
                need("access_key_secret")?,
            ))),
            "sts" => Ok(Lookup::Found(
                Credentials::new(need("access_key_id")?, need("access_key_secret")?)
                    .with_security_token(need("security_token")?),
            )),
            "ecs_ram_role" => Ok(Lookup::Provider(
                Arc::new(self.ctx.ecs(text("role_name"))),
                what,
            )),
            "ram_role_arn" => {
                let source = Credentials::new(need("access_key_id")?, need("access_key_secret")?);
                let mut options = RoleOptions::from_context(&self.ctx);
                options.role_arn = Some(need("role_arn")?);
                options.session_name = text("role_session_name");
                options.policy = text("policy");
                let p = RamRoleArnProvider::builder(StaticProvider::new(source))
                    .options(options)
                    .build()
                    .map_err(placed)?;
                Ok(Lookup::Provider(Arc::new(p), what))
            }
            "oidc_role_arn" => {
                let mut b = OidcRoleArnProvider::builder()
                    .context(&self.ctx)
                    .role_arn(need("role_arn")?)
                    .oidc_provider_arn(need("oidc_provider_arn")?)
                    .oidc_token_file(need("oidc_token_file_path")?);
                if let Some(s) = text("role_session_name") {
                    b = b.role_session_name(s);
                }
                if let Some(policy) = text("policy") {
                    b = b.policy(policy);
                }
                Ok(Lookup::Provider(Arc::new(b.build().map_err(placed)?), what))
            }
            "rsa_key_pair" => {
                let p = RsaKeyPairProvider::builder()
                    .context(&self.ctx)
                    .public_key_id(need("public_key_id")?)
                    .private_key_file(need("private_key_file")?)
                    .build()
                    .map_err(placed)?;
                Ok(Lookup::Provider(Arc::new(p), what))
            }
            // The value is not echoed: a key pasted into the wrong field would end up in logs.
            _ => Err(broken(
                &path,
                format!(
                    "[{name}] has a type this SDK does not support (access_key, sts, ecs_ram_role, \
                     ram_role_arn, oidc_role_arn and rsa_key_pair are)"
                ),
            )),
        }
    }
}

impl ProvideCredentials for IniFileProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move { self.lookup()?.resolve("credentials file").await })
    }
}

/// Sections of an ini file: `[name]` headers, `key = value` lines (values trimmed, one pair of surrounding
/// quotes removed), `#` and `;` comment lines. Lines before the first header are ignored.
fn parse_ini(text: &str) -> HashMap<String, HashMap<String, String>> {
    let mut sections: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut current: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim().to_owned();
            sections.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        let (Some(section), Some((key, value))) = (&current, line.split_once('=')) else {
            continue;
        };
        let value = value.trim();
        let unquoted = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        sections
            .entry(section.clone())
            .or_default()
            .insert(key.trim().to_owned(), unquoted.to_owned());
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ini_parsing() {
        let s = parse_ini(
            "top = ignored\n# comment\n[default]\ntype = access_key\naccess_key_id = \"id\"\n\
             ; another\n[ other ]\nk=v=w\n",
        );
        assert_eq!(s["default"]["type"], "access_key");
        assert_eq!(s["default"]["access_key_id"], "id");
        assert_eq!(s["other"]["k"], "v=w");
        assert!(!s.contains_key("top"));
    }
}
