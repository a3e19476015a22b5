//! The scenario file (YAML, or JSON, which is YAML too) read by the binary's `--scenarios` and by
//! [`crate::ConfigBuilder::scenarios_file`]. The emulator's README documents the format with an example.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{Paging, ProgressScript, Reply, Scenario, Step};
use crate::error::Error;

/// A parsed scenario file: operation name to scenario.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    scenarios: BTreeMap<String, Entry>,
}

/// One operation's entry. Its steps are, in order: the throttling answers, the progress answers, then the
/// explicit `steps`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(default)]
    throttle: Option<Throttle>,
    #[serde(default)]
    progress: Option<ProgressScript>,
    #[serde(default)]
    steps: Vec<StepEntry>,
    #[serde(default)]
    paging: Option<Paging>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Throttle {
    times: usize,
    #[serde(default)]
    retry_after_ms: u64,
}

/// One step: at most one of `answer`, `error` and `reset: true` (none means the plain example), and an
/// optional delay.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepEntry {
    #[serde(default)]
    answer: Option<Map<String, Value>>,
    #[serde(default)]
    error: Option<ErrorEntry>,
    #[serde(default)]
    reset: bool,
    #[serde(default)]
    delay_ms: u64,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorEntry {
    status: u16,
    code: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    retry_after_ms: Option<u64>,
}

impl ScenarioFile {
    /// Parses the text of a scenario file.
    pub fn parse(text: &str) -> Result<ScenarioFile, Error> {
        serde_yaml::from_str(text).map_err(|e| Error::Scenario(e.to_string()))
    }

    /// Reads and parses a scenario file.
    pub fn load(path: &Path) -> Result<ScenarioFile, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Scenario(format!("cannot read {}: {e}", path.display())))?;
        ScenarioFile::parse(&text).map_err(|e| Error::Scenario(format!("{}: {e}", path.display())))
    }

    /// The scenarios by operation name, or the first malformed step.
    pub fn scenarios(&self) -> Result<Vec<(String, Scenario)>, Error> {
        self.scenarios
            .iter()
            .map(|(op, entry)| Ok((op.clone(), entry.scenario(op)?)))
            .collect()
    }
}

impl Entry {
    fn scenario(&self, op: &str) -> Result<Scenario, Error> {
        let mut s = match &self.throttle {
            Some(t) => Scenario::throttled(t.times, Duration::from_millis(t.retry_after_ms)),
            None => Scenario::default(),
        };
        if let Some(p) = &self.progress {
            s.steps.extend(p.steps());
        }
        for (i, step) in self.steps.iter().enumerate() {
            s.steps.push(
                step.step()
                    .map_err(|m| Error::Scenario(format!("{op}: steps[{i}]: {m}")))?,
            );
        }
        s.paging = self.paging.clone();
        Ok(s)
    }
}

impl StepEntry {
    fn step(&self) -> Result<Step, String> {
        let reply = match (&self.answer, &self.error, self.reset) {
            (None, None, false) => Reply::Answer(Map::new()),
            (Some(a), None, false) => Reply::Answer(a.clone()),
            (None, Some(e), false) => Reply::Error {
                status: e.status,
                code: e.code.clone(),
                message: e.message.clone(),
                retry_after_ms: e.retry_after_ms,
            },
            (None, None, true) => Reply::Reset,
            _ => return Err("give at most one of `answer`, `error` and `reset`".to_owned()),
        };
        if let Reply::Error { status, .. } = &reply
            && !(400..=599).contains(status)
        {
            return Err(format!("error status {status} is not 4xx or 5xx"));
        }
        Ok(Step {
            delay: Duration::from_millis(self.delay_ms),
            reply,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_every_kind_of_step() {
        let f = ScenarioFile::parse(
            r#"
scenarios:
  A:
    throttle: { times: 2, retry_after_ms: 1500 }
    progress: { status_field: Status, running: running, outcome: finish, values: [0, 100] }
    steps:
      - answer: { X: 1 }
      - error: { status: 500, code: InternalError }
      - reset: true
      - delay_ms: 20
  B:
    paging: { list: L, total: 3, page_number_param: P, page_size_param: S, total_items_field: T }
  C:
    paging: { total: 45 }
"#,
        )
        .unwrap();
        let all = f.scenarios().unwrap();
        let a = &all[0].1;
        assert_eq!(all[0].0, "A");
        assert_eq!(a.steps.len(), 2 + 2 + 4);
        assert!(matches!(
            &a.steps[0].reply,
            Reply::Error {
                retry_after_ms: Some(1500),
                ..
            }
        ));
        assert_eq!(
            a.steps[3],
            Step::answer(json!({"Progress": 100, "Status": "finish"}))
        );
        assert_eq!(a.steps[4], Step::answer(json!({"X": 1})));
        assert!(matches!(
            &a.steps[5].reply,
            Reply::Error { status: 500, .. }
        ));
        assert_eq!(a.steps[6].reply, Reply::Reset);
        assert_eq!(a.steps[7].delay, Duration::from_millis(20));
        let b = &all[1].1;
        assert_eq!(b.paging.as_ref().map(|p| p.total), Some(3));
        // Everything but the total may come from the spec's paginator.
        assert_eq!(all[2].1.paging, Some(Paging::from_spec(45)));
    }

    #[test]
    fn rejects_ambiguous_or_unknown_keys() {
        let two =
            ScenarioFile::parse("scenarios: { A: { steps: [ { reset: true, answer: {} } ] } }");
        assert!(two.unwrap().scenarios().is_err());
        assert!(ScenarioFile::parse("scenarios: { A: { stepz: [] } }").is_err());
        let ok = ScenarioFile::parse(
            "scenarios: { A: { steps: [ { error: { status: 200, code: X } } ] } }",
        );
        assert!(ok.unwrap().scenarios().is_err());
    }
}
