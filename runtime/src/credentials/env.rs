//! [`Env`]: where credential sources read environment variables and the home directory, so tests can
//! inject both instead of touching the process environment or the real `~/.aliyun`.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// Environment variables and home directory, either the process's or injected ones.
#[derive(Clone, Default)]
pub(crate) struct Env {
    /// `None` reads the process environment.
    vars: Option<Arc<HashMap<String, String>>>,
    /// `None` uses `HOME` (or `USERPROFILE`) from `vars`.
    home: Option<PathBuf>,
}

impl Env {
    /// The process environment and the user's home directory.
    pub(crate) fn process() -> Env {
        Env::default()
    }

    /// Only the given variables; the home directory still comes from them unless set with
    /// [`Env::with_home`].
    pub(crate) fn from_vars(vars: HashMap<String, String>) -> Env {
        Env {
            vars: Some(Arc::new(vars)),
            home: None,
        }
    }

    /// The same environment with an explicit home directory.
    pub(crate) fn with_home(mut self, home: PathBuf) -> Env {
        self.home = Some(home);
        self
    }

    /// The trimmed value of `name`, or `None` when it is unset or blank.
    pub(crate) fn var(&self, name: &str) -> Option<String> {
        let raw = match &self.vars {
            Some(vars) => vars.get(name).cloned(),
            None => std::env::var(name).ok(),
        };
        raw.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    /// Whether `name` is set to `true` (any case) or `1`.
    pub(crate) fn flag(&self, name: &str) -> bool {
        self.var(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
    }

    /// The home directory: the injected one, else `HOME`, else `USERPROFILE` (Windows).
    pub(crate) fn home(&self) -> Option<PathBuf> {
        self.home
            .clone()
            .or_else(|| self.var("HOME").map(PathBuf::from))
            .or_else(|| self.var("USERPROFILE").map(PathBuf::from))
    }
}

impl fmt::Debug for Env {
    // Variable values can be secrets, so only their number is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let vars = match &self.vars {
            Some(v) => format!("{} injected variables", v.len()),
            None => "process environment".to_owned(),
        };
        f.debug_struct("Env")
            .field("vars", &vars)
            .field("home", &self.home)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injected_vars_are_trimmed_and_debug_hides_values() {
        let env = Env::from_vars(HashMap::from([
            ("A".to_owned(), "  value-secret ".to_owned()),
            ("B".to_owned(), "   ".to_owned()),
            ("HOME".to_owned(), "/home/x".to_owned()),
            ("F".to_owned(), "TRUE".to_owned()),
        ]));
        assert_eq!(env.var("A").as_deref(), Some("value-secret"));
        assert_eq!(env.var("B"), None);
        assert_eq!(env.var("C"), None);
        assert!(env.flag("F") && !env.flag("A"));
        assert_eq!(env.home(), Some(PathBuf::from("/home/x")));
        let env = env.with_home(PathBuf::from("/tmp/h"));
        assert_eq!(env.home(), Some(PathBuf::from("/tmp/h")));
        assert!(!format!("{env:?}").contains("value-secret"));
    }
}
