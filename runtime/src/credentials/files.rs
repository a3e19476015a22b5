//! Credentials from files: the Alibaba Cloud CLI's `~/.aliyun/config.json` ([`CliProfileProvider`]) and
//! the shared `~/.alibabacloud/credentials.ini` ([`IniFileProvider`]).
//!
//! A file that does not exist, or has no such profile, gives nothing (the chain moves on); a file that
//! exists but is broken is an error that stops the chain, because silently using other credentials than
//! the ones the user configured is worse than failing. Error messages quote paths, profile and key names,
//! never values (not even of `type` or `mode`, where a misplaced key could sit): parse errors report only
//! line and column because serde's messages can echo a value.

use std::collections::HashMap;
use std::io::ErrorKind as IoKind;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::env::Env;
use super::provider::{CredentialsFuture, Lookup, ProvideCredentials};
use super::{Credentials, EcsRamRoleProvider};
use crate::error::{Error, ErrorKind};

/// Environment variable naming the profile to use in either file.
pub const ENV_PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
/// Environment variable naming the credentials ini file.
pub const ENV_CREDENTIALS_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";

fn broken(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Credentials, format!("{}: {why}", path.display()))
}

/// Reads `path`; `Ok(None)` when it does not exist.
fn read_optional(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == IoKind::NotFound => Ok(None),
        Err(e) => Err(broken(path, format!("cannot be read: {e}"))),
    }
}

#[derive(Deserialize)]
struct CliConfig {
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    profiles: Vec<CliProfile>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CliProfile {
    name: String,
    mode: Option<String>,
    access_key_id: Option<String>,
    access_key_secret: Option<String>,
    sts_token: Option<String>,
    region_id: Option<String>,
    ram_role_name: Option<String>,
}

/// Credentials from a profile of the Alibaba Cloud CLI's `config.json` (modes `AK`, `StsToken` and
/// `EcsRamRole`). The profile is the one set with [`CliProfileProvider::profile`], else
/// `ALIBABA_CLOUD_PROFILE`, else the file's `current`, else `default`.
#[derive(Clone, Debug, Default)]
pub struct CliProfileProvider {
    env: Env,
    path: Option<PathBuf>,
    profile: Option<String>,
}

impl CliProfileProvider {
    /// Reads `~/.aliyun/config.json` and the process environment.
    pub fn new() -> Self {
        CliProfileProvider::default()
    }

    /// Reads this file instead of `~/.aliyun/config.json`.
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Uses this profile whatever the environment and the file's `current` say.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    pub(crate) fn from_env(env: Env) -> Self {
        CliProfileProvider {
            env,
            ..Self::default()
        }
    }

    /// The selected profile, or why there is none.
    fn load(&self) -> Result<Result<(PathBuf, CliProfile), String>, Error> {
        let Some(path) = self.path.clone().or_else(|| {
            self.env
                .home()
                .map(|h| h.join(".aliyun").join("config.json"))
        }) else {
            return Ok(Err(
                "no home directory to find .aliyun/config.json in".into()
            ));
        };
        let Some(text) = read_optional(&path)? else {
            return Ok(Err(format!("{} does not exist", path.display())));
        };
        let config: CliConfig = serde_json::from_str(&text).map_err(|e| {
            broken(
                &path,
                format!(
                    "is not a valid CLI configuration (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        let name = self
            .profile
            .clone()
            .or_else(|| self.env.var(ENV_PROFILE))
            .or(config.current.filter(|c| !c.trim().is_empty()))
            .unwrap_or_else(|| "default".to_owned());
        match config.profiles.into_iter().find(|p| p.name == name) {
            Some(p) => Ok(Ok((path, p))),
            None => Ok(Err(format!("{} has no profile {name:?}", path.display()))),
        }
    }

    /// The `region_id` of the selected profile, if it has one.
    pub(crate) fn region(&self) -> Option<String> {
        let (_, profile) = self.load().ok()?.ok()?;
        profile.region_id.filter(|r| !r.trim().is_empty())
    }

    pub(crate) fn lookup(&self) -> Result<Lookup, Error> {
        let (path, p) = match self.load()? {
            Ok(found) => found,
            Err(why) => return Ok(Lookup::Absent(why)),
        };
        let name = p.name.clone();
        let mode = p.mode.clone().unwrap_or_else(|| "AK".to_owned());
        // Only called for the supported modes, so quoting the mode echoes nothing of the user's.
        let need = |value: Option<String>, key: &str| {
            value.filter(|v| !v.trim().is_empty()).ok_or_else(|| {
                broken(
                    &path,
                    format!("profile {name:?} (mode {mode}) has no {key}"),
                )
            })
        };
        match mode.as_str() {
            "AK" | "StsToken" => {
                let creds = Credentials::new(
                    need(p.access_key_id, "access_key_id")?.trim(),
                    need(p.access_key_secret, "access_key_secret")?.trim(),
                );
                if mode == "StsToken" {
                    let token = need(p.sts_token, "sts_token")?;
                    return Ok(Lookup::Found(creds.with_security_token(token.trim())));
                }
                Ok(Lookup::Found(creds))
            }
            "EcsRamRole" => Ok(Lookup::EcsRole(need(p.ram_role_name, "ram_role_name")?)),
            // The value is not echoed: a key pasted into the wrong field would end up in logs.
            _ => Err(broken(
                &path,
                format!(
                    "profile {name:?} has a mode this SDK does not support \
                     (AK, StsToken and EcsRamRole are)"
                ),
            )),
        }
    }
}

impl ProvideCredentials for CliProfileProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            match self.lookup()? {
                Lookup::EcsRole(role) => EcsRamRoleProvider::new().role_name(role).provide().await,
                other => other.found("CLI profile"),
            }
        })
    }
}

/// Credentials from a profile of the shared ini file: [`IniFileProvider::path`], else
/// `ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials.ini`. The profile is
/// [`IniFileProvider::profile`], else `ALIBABA_CLOUD_PROFILE`, else `default`. Supported types:
/// `access_key`, `sts` and `ecs_ram_role`.
#[derive(Clone, Debug, Default)]
pub struct IniFileProvider {
    env: Env,
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

    pub(crate) fn from_env(env: Env) -> Self {
        IniFileProvider {
            env,
            ..Self::default()
        }
    }

    pub(crate) fn lookup(&self) -> Result<Lookup, Error> {
        let from_var = self.env.var(ENV_CREDENTIALS_FILE).map(PathBuf::from);
        let named = self.path.clone().or(from_var);
        let Some(path) = named.clone().or_else(|| {
            self.env
                .home()
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
            .or_else(|| self.env.var(ENV_PROFILE))
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
        let need = |key: &str| {
            section
                .get(key)
                .filter(|v| !v.is_empty())
                .cloned()
                .ok_or_else(|| broken(&path, format!("[{name}] has no {key}")))
        };
        let kind = need("type")?;
        match kind.as_str() {
            "access_key" => Ok(Lookup::Found(Credentials::new(
                need("access_key_id")?,
                need("access_key_secret")?,
            ))),
            "sts" => Ok(Lookup::Found(
                Credentials::new(need("access_key_id")?, need("access_key_secret")?)
                    .with_security_token(need("security_token")?),
            )),
            "ecs_ram_role" => Ok(Lookup::EcsRole(need("role_name")?)),
            // The value is not echoed: a key pasted into the wrong field would end up in logs.
            _ => Err(broken(
                &path,
                format!(
                    "[{name}] has a type this SDK does not support \
                     (access_key, sts and ecs_ram_role are)"
                ),
            )),
        }
    }
}

impl ProvideCredentials for IniFileProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            match self.lookup()? {
                Lookup::EcsRole(role) => EcsRamRoleProvider::new().role_name(role).provide().await,
                other => other.found("credentials file"),
            }
        })
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
