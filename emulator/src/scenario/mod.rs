//! Scripted behaviour per operation. A [`Scenario`] is a list of [`Step`]s, one consumed per accepted call
//! (a call refused by authentication or validation consumes none), and an optional [`Paging`] applied to
//! every successful answer. When the steps run out, the last answered patch keeps being served, so a
//! progress script ends and stays at 100 %; without any answered patch the documented example is served.

mod file;
mod pages;
mod paging;
mod progress;

use std::time::Duration;

use acs_codegen::spec::model::OperationSpec;
use serde_json::{Map, Value};

pub use file::ScenarioFile;
pub use paging::Paging;
pub use progress::ProgressScript;

/// What one call gets.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// The documented example, with these top-level fields deep-merged over it.
    Answer(Map<String, Value>),
    /// An error answer in the gateway's JSON shape.
    Error {
        /// HTTP status.
        status: u16,
        /// Error code.
        code: String,
        /// Error message.
        message: String,
        /// Sent as `x-acs-retry-after` (milliseconds) and `Retry-After` (seconds, rounded up).
        retry_after_ms: Option<u64>,
    },
    /// The connection is closed without an answer.
    Reset,
}

/// One scripted call: an optional delay, then the reply.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// How long to wait before replying.
    pub delay: Duration,
    /// The reply.
    pub reply: Reply,
}

impl Step {
    /// The reply, without delay.
    pub fn now(reply: Reply) -> Step {
        Step {
            delay: Duration::ZERO,
            reply,
        }
    }

    /// The documented example merged with `patch` (a JSON object; anything else merges nothing).
    pub fn answer(patch: Value) -> Step {
        let map = match patch {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        Step::now(Reply::Answer(map))
    }

    /// An error answer.
    pub fn error(status: u16, code: &str, message: &str) -> Step {
        Step::now(Reply::Error {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
            retry_after_ms: None,
        })
    }

    /// The same step after `delay`.
    pub fn after(mut self, delay: Duration) -> Step {
        self.delay = delay;
        self
    }
}

/// The scripted behaviour of one operation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scenario {
    /// Consumed one per accepted call.
    pub steps: Vec<Step>,
    /// Applied to every successful answer.
    pub paging: Option<Paging>,
}

impl Scenario {
    /// A scenario of these steps.
    pub fn steps(steps: Vec<Step>) -> Scenario {
        Scenario {
            steps,
            paging: None,
        }
    }

    /// Appends a step.
    pub fn then(mut self, step: Step) -> Scenario {
        self.steps.push(step);
        self
    }

    /// Adds paging to every successful answer.
    pub fn with_paging(mut self, paging: Paging) -> Scenario {
        self.paging = Some(paging);
        self
    }

    /// Successive calls report the script's progress values, then stay at its end (see
    /// [`ProgressScript`]).
    pub fn progress(script: &ProgressScript) -> Scenario {
        Scenario::steps(script.steps())
    }

    /// `times` answers of HTTP 400 `Throttling.User` carrying `retry_after`, then the example.
    pub fn throttled(times: usize, retry_after: Duration) -> Scenario {
        let ms = u64::try_from(retry_after.as_millis()).unwrap_or(u64::MAX);
        let step = Step::now(Reply::Error {
            status: 400,
            code: "Throttling.User".to_owned(),
            message: "Request was denied due to user flow control.".to_owned(),
            retry_after_ms: Some(ms),
        });
        Scenario::steps(vec![step; times])
    }

    /// One HTTP 500 `InternalError`, then the example.
    pub fn server_error_once() -> Scenario {
        Scenario::steps(vec![Step::error(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error, exception or failure.",
        )])
    }

    /// One call whose connection is closed without an answer, then the example.
    pub fn reset_once() -> Scenario {
        Scenario::steps(vec![Step::now(Reply::Reset)])
    }

    /// One answer delayed by `delay`, then the example without delay.
    pub fn slow_once(delay: Duration) -> Scenario {
        Scenario::steps(vec![Step::answer(Value::Object(Map::new())).after(delay)])
    }

    /// Every call answered with the example paged by `paging`.
    pub fn paged(paging: Paging) -> Scenario {
        Scenario::default().with_paging(paging)
    }

    /// Whether the scenario can be played for `op`: its paging, completed from the spec's paginator,
    /// names a list and parameters the operation has; else why not.
    pub(crate) fn check(&self, op: &OperationSpec) -> Result<(), String> {
        match &self.paging {
            Some(p) => p
                .resolve(op)
                .map(|_| ())
                .map_err(|why| format!("paging: {why}")),
            None => Ok(()),
        }
    }
}

/// A scenario being played: which step comes next and the patch to keep serving afterwards.
#[derive(Clone, Debug)]
pub(crate) struct Playing {
    scenario: Scenario,
    next: usize,
    last_answer: Option<Map<String, Value>>,
}

impl Playing {
    pub(crate) fn new(scenario: Scenario) -> Playing {
        Playing {
            scenario,
            next: 0,
            last_answer: None,
        }
    }

    /// The step for the next accepted call.
    pub(crate) fn advance(&mut self) -> Step {
        if let Some(step) = self.scenario.steps.get(self.next).cloned() {
            self.next += 1;
            if let Reply::Answer(patch) = &step.reply {
                self.last_answer = Some(patch.clone());
            }
            return step;
        }
        Step::now(Reply::Answer(self.last_answer.clone().unwrap_or_default()))
    }

    /// The paging of every successful answer.
    pub(crate) fn paging(&self) -> Option<&Paging> {
        self.scenario.paging.as_ref()
    }
}

/// Deep-merges `patch` into `target`: objects merge key by key, an object into a list of objects merges
/// into its first item, anything else replaces.
pub(crate) fn merge(target: &mut Value, patch: &Map<String, Value>) {
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(t) = target {
        for (k, v) in patch {
            match (t.get_mut(k), v) {
                (Some(existing @ Value::Object(_)), Value::Object(inner)) => merge(existing, inner),
                // An object patched into a list of objects patches its first item: scripted fields are
                // dotted paths, and a waiter reads a listing at its first item.
                (Some(Value::Array(items)), Value::Object(inner))
                    if items.first().is_some_and(Value::is_object) =>
                {
                    if let Some(first) = items.first_mut() {
                        merge(first, inner);
                    }
                }
                _ => {
                    t.insert(k.clone(), v.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plays_steps_then_keeps_the_last_answer() {
        let mut p = Playing::new(
            Scenario::throttled(1, Duration::from_millis(5))
                .then(Step::answer(json!({"Progress": 40})))
                .then(Step::now(Reply::Reset)),
        );
        assert!(matches!(
            p.advance().reply,
            Reply::Error { status: 400, .. }
        ));
        assert_eq!(p.advance(), Step::answer(json!({"Progress": 40})));
        assert_eq!(p.advance().reply, Reply::Reset);
        assert_eq!(p.advance(), Step::answer(json!({"Progress": 40})));
        let mut plain = Playing::new(Scenario::server_error_once());
        plain.advance();
        assert_eq!(plain.advance(), Step::answer(json!({})));
    }

    #[test]
    fn merges_deeply() {
        let mut v = json!({"A": 1, "B": {"C": 2, "D": 3}, "E": [1]});
        let patch = json!({"B": {"C": 9}, "E": [], "F": "x"});
        merge(&mut v, patch.as_object().unwrap());
        assert_eq!(v, json!({"A": 1, "B": {"C": 9, "D": 3}, "E": [], "F": "x"}));
        // An object into a list of objects: its first item.
        let mut v = json!({"L": {"I": [{"S": "a", "K": 1}, {"S": "b"}]}});
        merge(&mut v, json!({"L": {"I": {"S": "z"}}}).as_object().unwrap());
        assert_eq!(v, json!({"L": {"I": [{"S": "z", "K": 1}, {"S": "b"}]}}));
    }
}
