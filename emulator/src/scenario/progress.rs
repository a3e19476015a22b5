//! [`ProgressScript`]: a long-running task polled until it ends, such as a precheck whose `Progress` goes
//! 0 → 40 → 100 while its status reads `running` and then `finish` (or `failed`).

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{Reply, Step};

/// Successive answers of a polled task: one per value, the status `running` until the last, which has
/// `outcome`. Field names are configurable because products differ: DBS reports `Progress` and `Status`
/// (`running` / `finish` / `failed`), SAS reports `Progress` and `Description` (`created` / `completed` /
/// `error`).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProgressScript {
    /// The percentage field; default `Progress`.
    #[serde(default = "default_progress_field")]
    pub progress_field: String,
    /// The successive percentages; default 0, 40, 100.
    #[serde(default = "default_values")]
    pub values: Vec<i64>,
    /// The status field, such as `Status`.
    pub status_field: String,
    /// The status while the task runs, such as `running`.
    pub running: String,
    /// The final status, such as `finish` or `failed`.
    pub outcome: String,
}

fn default_progress_field() -> String {
    "Progress".to_owned()
}

fn default_values() -> Vec<i64> {
    vec![0, 40, 100]
}

impl ProgressScript {
    /// Progress 0 → 40 → 100 in `Progress`, with `status_field` at `running` and finally `outcome`.
    pub fn new(status_field: &str, running: &str, outcome: &str) -> ProgressScript {
        ProgressScript {
            progress_field: default_progress_field(),
            values: default_values(),
            status_field: status_field.to_owned(),
            running: running.to_owned(),
            outcome: outcome.to_owned(),
        }
    }

    /// The same script with other percentages.
    pub fn values(mut self, values: Vec<i64>) -> ProgressScript {
        self.values = values;
        self
    }

    /// One answer step per value.
    pub(crate) fn steps(&self) -> Vec<Step> {
        let last = self.values.len().saturating_sub(1);
        self.values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let status = if i == last {
                    &self.outcome
                } else {
                    &self.running
                };
                let mut patch = Map::new();
                patch.insert(self.progress_field.clone(), Value::from(*v));
                patch.insert(self.status_field.clone(), Value::from(status.as_str()));
                Step::now(Reply::Answer(patch))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn runs_then_ends() {
        let steps = ProgressScript::new("Status", "running", "failed").steps();
        let got: Vec<Step> = [(0, "running"), (40, "running"), (100, "failed")]
            .iter()
            .map(|(p, s)| Step::answer(json!({"Progress": p, "Status": s})))
            .collect();
        assert_eq!(steps, got);
    }
}
