//! [`ProgressScript`]: a long-running task polled until it ends, such as a precheck whose `Progress` goes
//! 0 → 40 → 100 while its status reads `running` and then `finish` (or `failed`), or an ECS snapshot
//! whose `Snapshots.Snapshot.Progress` reads `"40%"` while its status is `progressing`.
//!
//! Fields are dotted paths of wire names, as the specs' waiters name them; a step through a list sets
//! the list's first item (the emulator's merge sets items of a list of objects one by one), which is
//! what a waiter polling a listing filtered to one resource reads.

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
    /// The percentage field; default `Progress`; `null` for a task that reports none (an instance
    /// starting).
    #[serde(default = "default_progress_field")]
    pub progress_field: Option<String>,
    /// Write the percentage as text with a sign (`"40%"`), as ECS does, instead of a number.
    #[serde(default)]
    pub percent_sign: bool,
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

fn default_progress_field() -> Option<String> {
    Some("Progress".to_owned())
}

fn default_values() -> Vec<i64> {
    vec![0, 40, 100]
}

impl ProgressScript {
    /// Progress 0 → 40 → 100 in `Progress`, with `status_field` at `running` and finally `outcome`.
    pub fn new(status_field: &str, running: &str, outcome: &str) -> ProgressScript {
        ProgressScript {
            progress_field: default_progress_field(),
            percent_sign: false,
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

    /// The same script with the percentage at `field` (a dotted path), or none.
    pub fn progress_field(mut self, field: Option<&str>) -> ProgressScript {
        self.progress_field = field.map(str::to_owned);
        self
    }

    /// The same script writing percentages as text with a sign (`"40%"`).
    pub fn percent_sign(mut self) -> ProgressScript {
        self.percent_sign = true;
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
                if let Some(field) = &self.progress_field {
                    let value = if self.percent_sign {
                        Value::from(format!("{v}%"))
                    } else {
                        Value::from(*v)
                    };
                    set_path(&mut patch, field, value);
                }
                set_path(&mut patch, &self.status_field, Value::from(status.as_str()));
                Step::now(Reply::Answer(patch))
            })
            .collect()
    }
}

/// Sets the dotted `path` of `patch` to `value`, making the objects on the way. The answer's example
/// tells which step is a list, not the path, so every step is an object here, and the merge into the
/// example turns a step into a list's first item where the example has a list (see [`super::merge`]).
fn set_path(patch: &mut Map<String, Value>, path: &str, value: Value) {
    let mut here = patch;
    let mut steps = path.split('.').peekable();
    while let Some(step) = steps.next() {
        if steps.peek().is_none() {
            here.insert(step.to_owned(), value);
            return;
        }
        let next = here
            .entry(step.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if !next.is_object() {
            *next = Value::Object(Map::new());
        }
        let Value::Object(inner) = next else { return };
        here = inner;
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

    #[test]
    fn nested_fields_and_percentages_as_text() {
        let steps = ProgressScript::new("Snapshots.Snapshot.Status", "progressing", "accomplished")
            .progress_field(Some("Snapshots.Snapshot.Progress"))
            .percent_sign()
            .values(vec![40, 100])
            .steps();
        let got = vec![
            Step::answer(
                json!({"Snapshots": {"Snapshot": {"Progress": "40%", "Status": "progressing"}}}),
            ),
            Step::answer(
                json!({"Snapshots": {"Snapshot": {"Progress": "100%", "Status": "accomplished"}}}),
            ),
        ];
        assert_eq!(steps, got);
        let none = ProgressScript::new("Status", "Starting", "Running")
            .progress_field(None)
            .values(vec![0, 0])
            .steps();
        assert_eq!(none[1], Step::answer(json!({"Status": "Running"})));
    }
}
