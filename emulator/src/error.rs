//! [`Error`]: why the emulator could not be configured or started. Messages never contain secrets.

use std::fmt;

/// Why configuring or starting the emulator failed.
#[derive(Debug)]
pub enum Error {
    /// The specs could not be loaded or have problems (every diagnostic is listed).
    Specs(String),
    /// A scenario is malformed or names an unknown operation.
    Scenario(String),
    /// Some other setting is wrong (no access key, a bad command-line argument, ...).
    Config(String),
    /// Reading a file or binding the socket failed.
    Io(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Specs(m) => write!(f, "specs: {m}"),
            Error::Scenario(m) => write!(f, "scenario: {m}"),
            Error::Config(m) => write!(f, "configuration: {m}"),
            Error::Io(e) => write!(f, "I/O: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}
