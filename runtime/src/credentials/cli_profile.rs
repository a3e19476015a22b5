//! [`CliProfileProvider`]: credentials from a profile of the Alibaba Cloud CLI's `~/.aliyun/config.json`,
//! every mode the official library reads (`alibabacloud_credentials/provider/cli_profile.py`,
//! `_get_credentials_provider`) plus the CLI's `CredentialsURI`; see [`modes`](super::modes) for each.
//!
//! The profile is the one given ([`CliProfileProvider::profile`], the CLI's `--profile`), else
//! `ALIBABA_CLOUD_PROFILE`, else the file's `current`, else `default`. `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=
//! true` turns the file off, as in the official library. A file that does not exist, or has no such
//! profile, gives nothing (the default chain moves on); a profile that is broken is an error that stops
//! the chain. Messages quote paths, profile names, modes the library knows and key names, never values:
//! values are read one key at a time, so a key of the wrong type is named without being shown.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::context::Context;
use super::files::{broken, read_optional};
use super::modes;
use super::provider::{CredentialsFuture, Lookup, ProvideCredentials};
use crate::error::Error;

/// Environment variable naming the profile to use in either file.
pub const ENV_PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
/// Environment variable that, set to `true`, keeps every provider away from `config.json`.
pub const ENV_CLI_PROFILE_DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

/// One profile of `config.json`, read key by key.
pub(crate) struct Profile<'a> {
    pub(crate) path: &'a Path,
    pub(crate) name: String,
    values: &'a Map<String, Value>,
}

impl Profile<'_> {
    fn bad(&self, why: impl std::fmt::Display) -> Error {
        broken(self.path, format!("profile {:?} {why}", self.name))
    }

    /// The text of `key`; absent, `null` and blank are `None`; another type is an error naming the key.
    pub(crate) fn text(&self, key: &str) -> Result<Option<String>, Error> {
        match self.values.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_owned()).filter(|s| !s.is_empty())),
            Some(_) => Err(self.bad(format_args!("has a value for {key} that is not text"))),
        }
    }

    /// The text of `key`, which the mode needs.
    pub(crate) fn need(&self, key: &str, mode: &str) -> Result<String, Error> {
        self.text(key)?
            .ok_or_else(|| self.bad(format_args!("(mode {mode}) has no {key}")))
    }

    /// The number of `key` (a JSON number or a numeric string); `0` counts as unset, as the CLI writes it
    /// for "not configured".
    pub(crate) fn number(&self, key: &str) -> Result<Option<i64>, Error> {
        let not = || {
            self.bad(format_args!(
                "has a value for {key} that is not a whole number"
            ))
        };
        let n = match self.values.get(key) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Number(n)) => n.as_i64().ok_or_else(not)?,
            Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
            Some(Value::String(s)) => s.trim().parse().map_err(|_| not())?,
            Some(_) => return Err(not()),
        };
        Ok(Some(n).filter(|n| *n != 0))
    }

    /// The switch `key` (`true`/`false`, or their text).
    pub(crate) fn flag(&self, key: &str) -> Result<Option<bool>, Error> {
        match self.values.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") || s.is_empty() => Ok(None),
            Some(_) => Err(self.bad(format_args!(
                "has a value for {key} that is not true or false"
            ))),
        }
    }
}

/// The parsed file.
pub(crate) struct Config {
    pub(crate) path: PathBuf,
    current: Option<String>,
    profiles: Vec<Map<String, Value>>,
}

impl Config {
    /// The profile called `name`, if the file has one.
    pub(crate) fn profile(&self, name: &str) -> Option<Profile<'_>> {
        self.profiles
            .iter()
            .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
            .map(|values| Profile {
                path: &self.path,
                name: name.to_owned(),
                values,
            })
    }
}

/// Credentials from a profile of `config.json`; see the module documentation.
#[derive(Clone, Debug, Default)]
pub struct CliProfileProvider {
    ctx: Context,
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

    pub(crate) fn from_context(ctx: Context) -> Self {
        CliProfileProvider {
            ctx,
            ..Self::default()
        }
    }

    /// The file, or why there is none to read.
    fn load(&self) -> Result<Result<Config, String>, Error> {
        if self.ctx.env.flag(ENV_CLI_PROFILE_DISABLED) {
            return Ok(Err(format!("disabled by {ENV_CLI_PROFILE_DISABLED}")));
        }
        let Some(path) = self.path.clone().or_else(|| {
            self.ctx
                .env
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
        let doc: Value = serde_json::from_str(&text).map_err(|e| {
            // serde's messages can quote a value; the position is enough to find the mistake.
            broken(
                &path,
                format!(
                    "is not valid JSON (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        let not_config = || {
            broken(
                &path,
                "is not a CLI configuration (an object with profiles)",
            )
        };
        let Value::Object(mut doc) = doc else {
            return Err(not_config());
        };
        let current = match doc.remove("current") {
            Some(Value::String(c)) => Some(c).filter(|c| !c.trim().is_empty()),
            _ => None,
        };
        let profiles = match doc.remove("profiles") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(list)) => list
                .into_iter()
                .filter_map(|p| match p {
                    Value::Object(map) => Some(map),
                    _ => None,
                })
                .collect(),
            Some(_) => return Err(not_config()),
        };
        Ok(Ok(Config {
            path,
            current,
            profiles,
        }))
    }

    fn selected(&self, config: &Config) -> String {
        self.profile
            .clone()
            .or_else(|| self.ctx.env.var(ENV_PROFILE))
            .or_else(|| config.current.clone())
            .unwrap_or_else(|| "default".to_owned())
    }

    /// The `region_id` of the selected profile, if it has one.
    pub(crate) fn region(&self) -> Option<String> {
        let config = self.load().ok()?.ok()?;
        let name = self.selected(&config);
        config.profile(&name)?.text("region_id").ok()?
    }

    pub(crate) fn lookup(&self) -> Result<Lookup, Error> {
        let config = match self.load()? {
            Ok(config) => config,
            Err(why) => return Ok(Lookup::Absent(why)),
        };
        let name = self.selected(&config);
        if config.profile(&name).is_none() {
            return Ok(Lookup::Absent(format!(
                "{} has no profile {name:?}",
                config.path.display()
            )));
        }
        modes::resolve(&config, &name, &self.ctx, &mut Vec::new())
    }
}

impl ProvideCredentials for CliProfileProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move { self.lookup()?.resolve("CLI profile").await })
    }
}
