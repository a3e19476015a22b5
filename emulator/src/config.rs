//! [`Config`] and its [`ConfigBuilder`]: which specs to serve, which credentials to accept, the scenarios
//! to play, the port. Building loads and checks everything, so [`crate::start`] only binds the socket.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::catalog::Catalog;
use crate::error::Error;
use crate::keys::{Keys, StsToken};
use crate::scenario::{Scenario, ScenarioFile};

/// The gateway's window for timestamps (and so for nonces): 15 minutes either way.
pub const DEFAULT_MAX_SKEW: Duration = Duration::from_secs(15 * 60);

/// How many exchanges are kept by default.
pub const DEFAULT_MAX_EXCHANGES: usize = 10_000;

/// How many bytes of exchanges are kept by default (64 MiB): some hundred exchanges at the largest body
/// accepted (1 MiB), thousands of ordinary ones.
pub const DEFAULT_MAX_EXCHANGE_BYTES: usize = 64 * 1024 * 1024;

/// A checked configuration, ready for [`crate::start`].
pub struct Config {
    pub(crate) catalog: Catalog,
    pub(crate) keys: Keys,
    pub(crate) scenarios: Vec<(String, Scenario)>,
    pub(crate) port: u16,
    pub(crate) max_skew: Duration,
    pub(crate) log: bool,
    pub(crate) max_exchanges: usize,
    pub(crate) max_exchange_bytes: usize,
}

impl Config {
    /// A builder with no specs, no credentials, port 0 (any free port) and the 15-minute window.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder {
            specs_dir: None,
            keys: Keys::default(),
            scenarios: Vec::new(),
            files: Vec::new(),
            port: 0,
            max_skew: DEFAULT_MAX_SKEW,
            log: false,
            max_exchanges: DEFAULT_MAX_EXCHANGES,
            max_exchange_bytes: DEFAULT_MAX_EXCHANGE_BYTES,
        }
    }

    /// The names of the operations served, in spec-tree order.
    pub fn operations(&self) -> Vec<String> {
        self.catalog
            .operations()
            .iter()
            .map(|o| o.spec.name.clone())
            .collect()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("operations", &self.operations())
            .field("keys", &self.keys)
            .field(
                "scenarios",
                &self.scenarios.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("port", &self.port)
            .field("max_skew", &self.max_skew)
            .field("log", &self.log)
            .field("max_exchanges", &self.max_exchanges)
            .field("max_exchange_bytes", &self.max_exchange_bytes)
            .finish()
    }
}

/// Builds a [`Config`]; see [`Config::builder`].
pub struct ConfigBuilder {
    specs_dir: Option<PathBuf>,
    keys: Keys,
    scenarios: Vec<(String, Scenario)>,
    files: Vec<PathBuf>,
    port: u16,
    max_skew: Duration,
    log: bool,
    max_exchanges: usize,
    max_exchange_bytes: usize,
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("specs_dir", &self.specs_dir)
            .field("keys", &self.keys)
            .field("scenario_files", &self.files)
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl ConfigBuilder {
    /// The spec tree to serve (required), such as the repository's `specs/`.
    pub fn specs_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.specs_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// Accepts requests signed by AccessKey `id` with `secret`.
    pub fn access_key(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.keys.add_key(id.into(), secret.into());
        self
    }

    /// Accepts requests signed with an STS credential.
    pub fn sts_token(mut self, token: StsToken) -> Self {
        self.keys.add_sts(token);
        self
    }

    /// Plays `scenario` for operation `operation` (replacing an earlier one for it).
    pub fn scenario(mut self, operation: impl Into<String>, scenario: Scenario) -> Self {
        self.scenarios.push((operation.into(), scenario));
        self
    }

    /// Plays the scenarios of a scenario file (read by [`ConfigBuilder::build`]).
    pub fn scenarios_file(mut self, path: impl AsRef<Path>) -> Self {
        self.files.push(path.as_ref().to_owned());
        self
    }

    /// The port on 127.0.0.1; 0 (the default) picks a free one.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// How far a request's timestamp may be from now (default 15 minutes).
    pub fn max_skew(mut self, skew: Duration) -> Self {
        self.max_skew = skew;
        self
    }

    /// How many exchanges [`Running::exchanges`](crate::Running::exchanges) keeps (default 10,000);
    /// older ones are dropped, so a long-running emulator stays bounded. At least 1.
    pub fn max_exchanges(mut self, n: usize) -> Self {
        self.max_exchanges = n.max(1);
        self
    }

    /// How many bytes of exchanges [`Running::exchanges`](crate::Running::exchanges) keeps (default 64 MiB,
    /// as [`Exchange::retained_bytes`](crate::Exchange::retained_bytes) counts them); the oldest are
    /// dropped first. The newest exchange is kept even when it alone is larger.
    pub fn max_exchange_bytes(mut self, bytes: usize) -> Self {
        self.max_exchange_bytes = bytes;
        self
    }

    /// Prints one line per exchange (method, action, status; never credentials) to standard error.
    pub fn log(mut self, yes: bool) -> Self {
        self.log = yes;
        self
    }

    /// Loads and checks the specs and scenario files; fails on the first problem, naming it.
    pub fn build(self) -> Result<Config, Error> {
        let dir = self
            .specs_dir
            .ok_or_else(|| Error::Config("no spec folder: call specs_dir".to_owned()))?;
        let catalog = Catalog::load(&dir)?;
        if self.keys.is_empty() {
            return Err(Error::Config(
                "no credentials: add an access key or an STS token".to_owned(),
            ));
        }
        let mut scenarios = Vec::new();
        for file in &self.files {
            scenarios.extend(ScenarioFile::load(file)?.scenarios()?);
        }
        scenarios.extend(self.scenarios);
        for (op, scenario) in &scenarios {
            catalog.check_scenario(op, scenario).map_err(|e| match e {
                Error::Scenario(why) => Error::Scenario(format!("{why} in {}", dir.display())),
                other => other,
            })?;
        }
        Ok(Config {
            catalog,
            keys: self.keys,
            scenarios,
            port: self.port,
            max_skew: self.max_skew,
            log: self.log,
            max_exchanges: self.max_exchanges,
            max_exchange_bytes: self.max_exchange_bytes,
        })
    }
}
