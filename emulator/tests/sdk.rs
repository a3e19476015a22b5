//! The generated client against every operation of its registry, with no code per operation: each input
//! is the spec's sample (`acs_codegen::spec::samples::sample_input`) decoded into the operation's input
//! type, sent with `Client::invoke_dyn` signed with ACS3 and with the legacy signature (V1 for RPC, the ROA
//! signature for RESTful products), with an AccessKey and with an STS token; the emulator must accept it,
//! the parameters must travel where the spec says (query, form body, path, headers, host name, body), and
//! the decoded answer must be the documented one (with a fresh request id). A new spec is covered as soon
//! as it is generated.

mod support;

use acs_runtime::codec::{View, decode_into, to_json};
use acs_runtime::{CallConfig, Credentials, SignatureVersion};
use serde_json::Value;
use support::wire::{self, real_specs, spec_of};
use support::*;

fn client(emu: &acs_emulator::Running, credentials: Credentials) -> acs_runtime::Client {
    acs_runtime::Client::builder()
        .credentials(credentials)
        .region("cn-hangzhou")
        .endpoint(emu.url())
        .max_attempts(1)
        .timeout(CALL_LIMIT)
        .build()
        .expect("client")
}

/// Whether a top-level field is the request id: `RequestId`, `requestId`, `request_id`, or the
/// `x-acs-request-id` / `x-log-requestid` header.
fn is_request_id(name: &str) -> bool {
    let bare: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
    ["requestid", "xacsrequestid", "xlogrequestid"].contains(&bare.to_ascii_lowercase().as_str())
}

/// `v` without its top-level request id field, and the id.
fn without_request_id(mut v: Value) -> (Value, Value) {
    let id = v.as_object_mut().and_then(|o| {
        let key = o.keys().find(|k| is_request_id(k))?.clone();
        o.remove(&key)
    });
    (v, id.unwrap_or(Value::Null))
}

/// Whether the spec declares a top-level request id field, which the emulator fills in.
fn declares_request_id(op: &wire::Op) -> bool {
    (op.spec.response.fields.iter()).any(|f| is_request_id(&f.name))
}

/// Where a RESTful call's path, headers, host label and body went, or what is wrong.
fn restful_sent(r: &wire::Restful, x: &acs_emulator::Exchange) -> Result<(), String> {
    let decoded = |p: &str| {
        percent_encoding::percent_decode_str(p)
            .decode_utf8_lossy()
            .into_owned()
    };
    if decoded(&x.path) != decoded(&r.path) {
        return Err(format!("path {} (sent {})", r.path, x.path));
    }
    for (name, value) in &r.headers {
        if x.header(name) != Some(value.as_str()) {
            return Err(format!("header {name}: {value}"));
        }
    }
    if let Some((_, label)) = &r.host
        && !x
            .header("host")
            .is_some_and(|h| h.starts_with(&format!("{label}.")))
    {
        return Err(format!("host label {label}"));
    }
    let sent = String::from_utf8_lossy(&x.body);
    let same = match (&r.body, r.body_text()) {
        (None, _) => x.body.is_empty(),
        (Some((_, Value::String(_))), Some(text)) => sent == text,
        (Some((_, v)), _) => serde_json::from_str::<Value>(&sent).ok().as_ref() == Some(v),
    };
    if !same {
        return Err(format!("body {:?} (sent {sent})", r.body_text()));
    }
    Ok(())
}

#[tokio::test]
async fn every_registered_operation_answers_its_example() {
    let emu = start(config()).await;
    let ops = wire::operations(&real_specs());
    let registry = acs_sdk::registry::operations();
    let mut registered: Vec<&str> = registry.iter().map(|i| i.action).collect();
    let mut served = emu.operations();
    registered.sort_unstable();
    served.sort_unstable();
    assert_eq!(registered, served, "the registry is the spec tree");

    let credentials = [
        Credentials::new(KEY_ID, SECRET),
        Credentials::new(STS_ID, STS_SECRET).with_security_token(STS_TOKEN),
    ];
    // One client per credential for every call, as an application keeps its client.
    let clients: Vec<acs_runtime::Client> = credentials
        .iter()
        .map(|c| client(&emu, c.clone()))
        .collect();
    let mut calls = 0;
    for info in &registry {
        let op = spec_of(&ops, info);
        let sample = op.sample();
        let documented = emu.documented_answer(&op.product.module, info.action);
        let (want, documented_id) = without_request_id(documented.expect("served"));
        let (query, form) = wire::flatten(&op.spec, &sample);
        let restful = op.is_restful().then(|| wire::restful(&op.spec, &sample));
        for client in &clients {
            for version in [SignatureVersion::Acs3, SignatureVersion::V1] {
                let what = format!("{} {version:?} {sample}", info.action);
                let mut input = (info.new_input)();
                decode_into(&sample.to_string(), &mut *input).expect("the sample decodes");
                let config = CallConfig::new().signature_version(version);
                let out = client.invoke_dyn(info, &mut *input, &config).await;
                let out = out.unwrap_or_else(|e| panic!("{what}: {e}"));
                let got: Value = serde_json::from_str(&to_json(View::Shape(&*out))).expect("JSON");
                let (got, id) = without_request_id(got);
                assert!(same_answer(&want, &got), "{what}\nwant {want}\ngot  {got}");
                if !op.is_restful() || declares_request_id(op) {
                    assert!(
                        id.is_string() && id != documented_id,
                        "{what}: a fresh request id"
                    );
                }

                // Taken and cleared: copying a growing record on every call is quadratic.
                let x = emu.exchanges().pop().expect("recorded");
                emu.clear_exchanges();
                let (sent_query, sent_form) = (wire::decode(&x.query), wire::decode_bytes(&x.body));
                for pair in &query {
                    assert!(carries(&sent_query, pair), "{what}: {pair:?} in the query");
                }
                for pair in &form {
                    assert!(
                        carries(&sent_form, pair),
                        "{what}: {pair:?} in the form body"
                    );
                }
                if let Some(r) = &restful {
                    restful_sent(r, &x).unwrap_or_else(|e| panic!("{what}: {e}"));
                }
                calls += 1;
            }
        }
    }
    assert_eq!(calls, 4 * registry.len());
}

#[tokio::test]
async fn service_errors_reach_the_client_with_code_and_request_id() {
    // The client validates before sending, so provoke a gateway error with credentials it cannot know
    // are wrong.
    let emu = start(config()).await;
    let ops = wire::operations(&real_specs());
    let info = acs_sdk::registry::operations()[0];
    let mut input = (info.new_input)();
    let sample = spec_of(&ops, info).sample();
    decode_into(&sample.to_string(), &mut *input).expect("the sample decodes");
    let wrong = client(&emu, Credentials::new(KEY_ID, "wrong-secret"));
    let err = match wrong
        .invoke_dyn(info, &mut *input, &CallConfig::new())
        .await
    {
        Ok(_) => panic!("a wrong secret is refused"),
        Err(e) => e,
    };
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert_eq!(err.http_status(), Some(400));
    let x = emu.exchanges().pop().expect("recorded");
    let id = x
        .response_json()
        .and_then(|v| v["RequestId"].as_str().map(str::to_owned));
    assert_eq!(err.request_id(), id.as_deref());
}

/// Whether `sent` has the pair; a value holding JSON is compared parsed, since JSON's member order is the
/// writer's choice (the client writes members in declared order, this test's flattening in sorted order).
fn carries(sent: &[(String, String)], (name, value): &(String, String)) -> bool {
    let parsed = |v: &str| {
        serde_json::from_str::<Value>(v)
            .ok()
            .filter(|v| v.is_object() || v.is_array())
    };
    sent.iter().any(|(k, v)| {
        k == name && (v == value || parsed(v).is_some_and(|p| Some(p) == parsed(value)))
    })
}
