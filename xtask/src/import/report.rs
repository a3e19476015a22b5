//! What an import found wrong: each problem names the operation and the parameter path, so a person can
//! find it in the metadata, fix it in an overlay, or accept it there.

use std::fmt;

/// One problem of an import.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// `dts TagResources`, or the file the problem is in when it is not about one operation.
    pub operation: String,
    /// Where, as the parameters are named: `request.Tag[].Key`, `response.Data.Items[]`, `examples[0]`.
    pub path: String,
    /// For a metadata construct the spec format cannot express, its key (`pattern`): an overlay may accept
    /// it by path and key. `None` for problems that must be fixed.
    pub construct: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    /// A problem that must be fixed.
    pub fn error(operation: &str, path: &str, message: impl Into<String>) -> Self {
        Problem {
            operation: operation.to_owned(),
            path: path.to_owned(),
            construct: None,
            message: message.into(),
        }
    }

    /// A construct of the metadata that the spec format cannot express.
    pub fn unsupported(
        operation: &str,
        path: &str,
        construct: &str,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            operation: operation.to_owned(),
            path: path.to_owned(),
            construct: Some(construct.to_owned()),
            message: message.into(),
        }
    }
}

impl Problem {
    /// What is wrong and where, without the operation: how `LEFT_OUT.md` gives the reason an operation
    /// was left out.
    pub fn reason(&self) -> String {
        let at = if self.path.is_empty() {
            String::new()
        } else {
            format!("{}: ", self.path)
        };
        match &self.construct {
            Some(key) => format!(
                "{at}`{key}` cannot be expressed in a spec: {} (fix the metadata or accept it in the overlay)",
                self.message
            ),
            None => format!("{at}{}", self.message),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.operation, self.reason())
        } else {
            write!(f, "{} {}", self.operation, self.reason())
        }
    }
}
