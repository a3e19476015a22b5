//! [`Failure`]: why `acs` stops, as one line for standard error and an exit status. The status tells
//! scripts whether retrying the same command could help (1: the call failed) or the command itself must
//! change (2: bad arguments, an unknown operation, input that does not fit, a request the client refuses
//! to send), and, for `acs <module> wait`, 3 when the awaited job itself failed.

use std::fmt;
use std::process::ExitCode;

use acs_runtime::ErrorKind;

/// A reason to stop, with its exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The command must change: exit status 2.
    Usage(String),
    /// The call (or writing its answer) failed, or a wait timed out: exit status 1.
    Failed(String),
    /// The awaited job ended in failure (`acs <module> wait`): exit status 3. The calls all worked, so
    /// it is kept apart from 1: retrying the wait cannot help, the job must be repaired.
    JobFailed(String),
}

impl Failure {
    /// 2 for [`Failure::Usage`], 1 for [`Failure::Failed`], 3 for [`Failure::JobFailed`].
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.status())
    }

    /// The exit status as a number.
    pub fn status(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Failed(_) => 1,
            Failure::JobFailed(_) => 3,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(m) | Failure::Failed(m) | Failure::JobFailed(m) => f.write_str(m),
        }
    }
}

/// The runtime's errors say themselves which side they are on: a request rejected before anything is
/// sent (validation, or configuration such as a region that has no endpoint) is the command's fault;
/// everything else came from calling. The runtime's `Display` never shows a secret, so it is shown as
/// is, except where it names the library's API, which a command-line user cannot call.
impl From<acs_runtime::Error> for Failure {
    fn from(e: acs_runtime::Error) -> Self {
        let text = in_cli_terms(&e.to_string());
        match e.kind() {
            ErrorKind::Validation | ErrorKind::Config => Failure::Usage(text),
            _ => Failure::Failed(text),
        }
    }
}

/// The runtime's advice that names its builder's methods, put in the command line's terms.
fn in_cli_terms(text: &str) -> String {
    const SAID: [(&str, &str); 3] = [
        (
            "explicit credentials: none given to ClientBuilder::credentials",
            "explicit credentials: acs takes none on its command line",
        ),
        (
            "set one with ClientBuilder::region or ALIBABA_CLOUD_REGION_ID",
            "give --region, set ALIBABA_CLOUD_REGION_ID or use a --profile with a region_id",
        ),
        (
            "raise it with ClientBuilder::max_response_bytes or CallConfig::max_response_bytes if such \
             answers are expected",
            "acs reads at most that much of an answer",
        ),
    ];
    SAID.iter()
        .fold(text.to_owned(), |t, (library, cli)| t.replace(library, cli))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_and_configuration_are_usage_errors_the_rest_call_failures() {
        let usage = [ErrorKind::Validation, ErrorKind::Config];
        let failed = [
            ErrorKind::Credentials,
            ErrorKind::Transport,
            ErrorKind::Timeout,
            ErrorKind::Service,
            ErrorKind::Throttling,
            ErrorKind::Decode,
            ErrorKind::ResponseTooLarge,
        ];
        for kind in usage {
            let f = Failure::from(acs_runtime::Error::new(kind, "why"));
            assert_eq!(f.status(), 2, "{kind:?}");
        }
        for kind in failed {
            let f = Failure::from(acs_runtime::Error::new(kind, "why"));
            assert_eq!(f.status(), 1, "{kind:?}");
            assert!(f.to_string().contains("why"), "{f}");
        }
    }

    #[test]
    fn library_advice_is_put_in_the_command_lines_terms() {
        let e = acs_runtime::Error::new(
            ErrorKind::Credentials,
            "no credentials found; tried 1. explicit credentials: none given to ClientBuilder::credentials; 2. …",
        );
        let text = Failure::from(e).to_string();
        assert!(
            text.contains("1. explicit credentials: acs takes none on its command line; 2."),
            "{text}"
        );
        assert!(!text.contains("ClientBuilder"), "{text}");
        // The runtime's own message, as it is today.
        let rules = acs_runtime::EndpointRules {
            regional: &[],
            fallback: Some("x.{region_id}.aliyuncs.com"),
            global: None,
        };
        let text = Failure::from(rules.resolve(None).expect_err("needs a region")).to_string();
        assert!(text.contains("give --region"), "{text}");
        assert!(!text.contains("ClientBuilder"), "{text}");
    }

    #[test]
    fn a_failed_job_is_3() {
        let f = Failure::JobFailed("precheck failed".to_owned());
        assert_eq!((f.status(), f.to_string().as_str()), (3, "precheck failed"));
    }
}
