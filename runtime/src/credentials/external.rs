//! [`ExternalProvider`]: credentials printed by a command of the user's, the `External` mode of the
//! Alibaba Cloud CLI's profiles (key `process_command`).
//!
//! As `alibabacloud_credentials/provider/external.py`: the command line is split as a POSIX shell would
//! (`shlex.split`) and run without a shell; it must exit with status 0 within 60 s and print JSON with
//! `access_key_id` and `access_key_secret`, `sts_token` when its `mode` is `StsToken`, and optionally an
//! `expiration` (`YYYY-MM-DDTHH:MM:SSZ`). Its standard error is never shown (a failing helper may print
//! what it holds). Differences: the official library refreshes 3 minutes before `expiration` and, with
//! none, at every call, and writes the credentials back into `config.json`; here the one cache margin of
//! 15 minutes applies, credentials without an expiration are kept, and `config.json` is never written.

use std::fmt;
use std::process::Stdio;
use std::time::Duration;

use serde::Deserialize;

use super::Credentials;
use super::document;
use super::provider::{CredentialsFuture, ProvideCredentials};
use crate::error::{Error, ErrorKind};

/// `DEFAULT_TIMEOUT` in external.py.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The most output read: a credentials document is well under this.
const MAX_OUTPUT_BYTES: usize = 64 * 1024;
const WHAT: &str = "external command";

#[derive(Deserialize, Default)]
#[serde(default)]
struct Output {
    mode: Option<String>,
    access_key_id: Option<String>,
    access_key_secret: Option<String>,
    sts_token: Option<String>,
    expiration: Option<String>,
}

fn bad(why: &str) -> Error {
    Error::new(ErrorKind::Credentials, format!("{WHAT}: {why}"))
}

/// Credentials from a command's output. Every call runs it: wrap it in a
/// [`CachingProvider`](super::CachingProvider) (the client does).
#[derive(Clone)]
pub struct ExternalProvider {
    argv: Vec<String>,
    timeout: Duration,
}

impl ExternalProvider {
    /// A provider running `command_line` (split as a POSIX shell would, without running one).
    pub fn new(command_line: &str) -> Result<Self, Error> {
        let argv = split(command_line)?;
        if argv.is_empty() {
            return Err(bad("the command is empty"));
        }
        Ok(ExternalProvider {
            argv,
            timeout: DEFAULT_TIMEOUT,
        })
    }

    /// How long the command may run (default 60 s).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    async fn run(&self) -> Result<Credentials, Error> {
        let program = &self.argv[0];
        let child = tokio::process::Command::new(program)
            .args(&self.argv[1..])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| bad(&format!("{program:?} could not be started: {e}")))?;
        let out = tokio::time::timeout(self.timeout, child.wait_with_output())
            .await
            .map_err(|_| {
                bad(&format!(
                    "{program:?} did not finish within {:?}",
                    self.timeout
                ))
            })?
            .map_err(|e| bad(&format!("{program:?} failed: {e}")))?;
        if !out.status.success() {
            return Err(bad(&format!(
                "{program:?} exited with {} (its standard error is not shown: it may hold secrets)",
                out.status
            )));
        }
        if out.stdout.len() > MAX_OUTPUT_BYTES {
            return Err(bad(&format!(
                "{program:?} printed more than {MAX_OUTPUT_BYTES} bytes"
            )));
        }
        let what = format!("{WHAT} {program:?}");
        let parsed: Output = serde_json::from_slice(&out.stdout)
            .map_err(|_| bad(&format!("{program:?} did not print the expected JSON")))?;
        let present = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
        if !present(&parsed.access_key_id) || !present(&parsed.access_key_secret) {
            return Err(bad(&format!(
                "{program:?} printed no access_key_id or access_key_secret"
            )));
        }
        let sts = parsed.mode.as_deref() == Some("StsToken");
        if sts && !present(&parsed.sts_token) {
            return Err(bad(&format!(
                "{program:?} printed mode StsToken without sts_token"
            )));
        }
        match parsed.sts_token.filter(|t| !t.trim().is_empty()) {
            Some(token) => document::temporary(
                &what,
                parsed.access_key_id,
                parsed.access_key_secret,
                Some(token),
                parsed.expiration.as_deref(),
            ),
            None => {
                let mut c = Credentials::new(
                    parsed.access_key_id.unwrap_or_default().trim(),
                    parsed.access_key_secret.unwrap_or_default().trim(),
                );
                if let Some(exp) = parsed.expiration.as_deref() {
                    c = c.with_expiry(document::parse_expiration(&what, exp)?);
                }
                c.check()
                    .map_err(|e| bad(&format!("unusable credentials: {}", e.message())))?;
                Ok(c)
            }
        }
    }
}

/// Splits a command line as `shlex.split` does: blanks separate words; single quotes keep everything;
/// double quotes keep everything but `\"`, `\\`, `\$` and `` \` ``; a backslash outside quotes keeps the
/// next character. An unfinished quote is an error (which does not quote the line).
fn split(line: &str) -> Result<Vec<String>, Error> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err(bad("the command has an unfinished quote")),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => w.push(c),
                            Some(c) => {
                                w.push('\\');
                                w.push(c);
                            }
                            None => return Err(bad("the command has an unfinished quote")),
                        },
                        Some(c) => w.push(c),
                        None => return Err(bad("the command has an unfinished quote")),
                    }
                }
            }
            '\\' => {
                let w = word.get_or_insert_with(String::new);
                match chars.next() {
                    Some(c) => w.push(c),
                    None => return Err(bad("the command ends with a lone backslash")),
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

impl ProvideCredentials for ExternalProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.run())
    }
}

impl fmt::Debug for ExternalProvider {
    // Arguments may carry secrets (a password to a helper): only the program is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExternalProvider")
            .field("program", &self.argv[0])
            .field("arguments", &(self.argv.len() - 1))
            .field("timeout", &self.timeout)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_split_like_shlex() {
        let w = split(r#"helper --name 'a b' "c \"d\" \n" e\ f ''"#).unwrap();
        assert_eq!(w, ["helper", "--name", "a b", "c \"d\" \\n", "e f", ""]);
        assert!(split("x 'open").is_err());
        assert!(split("x \"open").is_err());
        assert!(split("x \\").is_err());
        assert!(split("   ").unwrap().is_empty());
        assert!(ExternalProvider::new("  ").is_err());
        let p = ExternalProvider::new("helper --password pw-value").unwrap();
        assert!(!format!("{p:?}").contains("pw-value"));
    }
}
