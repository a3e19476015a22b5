//! Every operation of the catalogue through `acs call` against the emulator: the input is a valid sample
//! made from the operation's spec, the call succeeds, and what `acs` prints is the emulator's answer,
//! decoded into the typed output and re-encoded, with nothing lost.

mod support;

use std::collections::HashMap;
use std::sync::Arc;

use acs_codegen::spec::model::{FieldSpec, LocationSpec};
use acs_codegen::spec::samples::{SpecNames, sample_input};
use serde_json::Value;
use tokio::task::JoinSet;

use support::*;

/// Subprocesses in flight: enough to keep two cores busy while each waits on the emulator.
const IN_FLIGHT: usize = 4;

#[tokio::test]
async fn every_operation_is_callable_with_acs_call() {
    let emu = start(config().max_exchanges(usize::MAX)).await;
    let set = acs_codegen::spec::load_dir(&specs_dir()).expect("the specs load");
    let mut planned = Vec::new();
    for product in &set.products {
        for op in &product.operations {
            let names = SpecNames {
                product: &product.product.spec,
                operation: &op.spec,
            };
            planned.push((
                product.product.spec.module.clone(),
                op.spec.name.clone(),
                sample_input(&op.spec, &names).to_string(),
            ));
        }
    }
    assert!(
        planned.len() >= 1000,
        "the whole catalogue ({})",
        planned.len()
    );

    let url = Arc::new(emu.url());
    let mut running = JoinSet::new();
    let mut results = Vec::new();
    for (module, action, input) in planned {
        if running.len() >= IN_FLIGHT {
            results.push(running.join_next().await.expect("a task").expect("joined"));
        }
        let url = Arc::clone(&url);
        running.spawn(async move {
            let run = Acs::new(&["call", &module, &action, "--input", &input])
                .arg("--endpoint")
                .arg(url.as_str())
                .credentials(SECRET)
                .run()
                .await;
            (module, action, input, run)
        });
    }
    while let Some(done) = running.join_next().await {
        results.push(done.expect("joined"));
    }

    let exchanges = emu.exchanges();
    let answers: HashMap<String, Value> = exchanges
        .iter()
        .filter_map(|x| {
            let answer = x.response_json()?;
            Some((answer["RequestId"].as_str()?.to_owned(), answer))
        })
        .collect();
    // A RESTful answer need not carry its request id in the body (a list, or `request_id`): those are
    // found by action, as the client reads them: the body (whole, in its `body` field, where the
    // operation's answer is one) beside the header fields.
    let mut by_action: HashMap<&str, Vec<&acs_emulator::Exchange>> = HashMap::new();
    for x in &exchanges {
        if let Some(action) = x.action.as_deref() {
            by_action.entry(action).or_default().push(x);
        }
    }
    let fields: HashMap<(String, String), &[FieldSpec]> = set
        .products
        .iter()
        .flat_map(|p| {
            p.operations.iter().map(|o| {
                (
                    (p.product.spec.module.clone(), o.spec.name.clone()),
                    o.spec.response.fields.as_slice(),
                )
            })
        })
        .collect();
    let mut failures = Vec::new();
    for (module, action, input, run) in &results {
        if run.code != 0 {
            failures.push(format!(
                "{action} {input}: exit {}: {}",
                run.code,
                run.stderr.trim()
            ));
            continue;
        }
        let printed: Value = match serde_json::from_str(&run.stdout) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{action}: not JSON ({e}): {}", run.stdout));
                continue;
            }
        };
        let id = printed["RequestId"].as_str().unwrap_or_default();
        let response = fields
            .get(&(module.clone(), action.clone()))
            .copied()
            .unwrap_or_default();
        match answers.get(id) {
            Some(answer) if same(answer, &printed) => {}
            Some(answer) => failures.push(format!(
                "{action}: printed {printed}\nbut the emulator answered {answer}"
            )),
            None => {
                let candidates = by_action.get(action.as_str()).cloned().unwrap_or_default();
                let found = candidates
                    .iter()
                    .any(|x| same(&document(x, response), &printed));
                if !found {
                    failures.push(format!(
                        "{action}: printed {printed}, which no answer to {action} was ({} answered)",
                        candidates.len()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} operations failed:\n{}",
        failures.len(),
        results.len(),
        failures.join("\n")
    );
    assert_eq!(exchanges.len(), results.len(), "one request per operation");
}

/// The answer of `x` as one document, the way the client decodes a RESTful answer: a whole-body field
/// holds the body (JSON, or its text), header fields hold their headers, an empty body is nothing.
fn document(x: &acs_emulator::Exchange, fields: &[FieldSpec]) -> Value {
    let body = x.response_body.trim();
    let parsed = serde_json::from_str::<Value>(body).ok();
    let mut doc = match fields.iter().find(|f| f.location == LocationSpec::Body) {
        Some(f) if !body.is_empty() => {
            let value = parsed.unwrap_or_else(|| Value::String(x.response_body.clone()));
            serde_json::json!({ f.name.as_str(): value })
        }
        _ => parsed.unwrap_or_else(|| serde_json::json!({})),
    };
    if let Value::Object(map) = &mut doc {
        for f in fields.iter().filter(|f| f.location == LocationSpec::Header) {
            let value = x
                .response_headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&f.name))
                .map(|(_, v)| v.clone());
            if let Some(v) = value {
                map.insert(f.name.clone(), Value::String(v));
            }
        }
    }
    doc
}

/// Whether `printed` is the emulator's `answer`: equal, except that a number may come back as the text of
/// its digits and the reverse (`0` for a text field prints as `"0"`), since the client decodes into the
/// type the spec declares, by its documented lenient rule.
fn same(answer: &Value, printed: &Value) -> bool {
    match (answer, printed) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| same(v, w))
        }
        (Value::Number(n), Value::String(s)) | (Value::String(s), Value::Number(n)) => {
            s.trim().parse::<f64>().ok() == n.as_f64()
        }
        (Value::Bool(b), Value::String(s)) | (Value::String(s), Value::Bool(b)) => {
            s.trim() == b.to_string()
        }
        (a, b) => a == b,
    }
}

#[test]
fn numbers_and_their_text_are_the_same_answer() {
    let answer = serde_json::json!({"A": 0, "B": ["1.5"], "C": {"D": true}});
    assert!(same(
        &answer,
        &serde_json::json!({"A": "0", "B": [1.5], "C": {"D": true}})
    ));
    assert!(!same(
        &answer,
        &serde_json::json!({"A": "1", "B": ["1.5"], "C": {"D": true}})
    ));
    assert!(!same(
        &answer,
        &serde_json::json!({"A": 0, "B": ["1.5"], "C": {}})
    ));
}
