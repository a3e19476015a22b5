//! Alibaba Cloud's official Python SDK (alibabacloud-tea-openapi and the product clients, at the versions
//! pinned in `emulator/python/requirements.txt`) against the emulator: every operation of the real
//! `specs/` tree through the product client and through tea-openapi's generic `call_api`, and every
//! operation of the emulator's request-form fixture (every style, query and form body, a GET-only
//! operation; no product package exists for it) through `call_api`; each signed with ACS3-HMAC-SHA256,
//! ACS3-HMAC-SM3 and the legacy signature (V1 for RPC, the ROA signature for RESTful products; Log
//! Service with its own), with an AccessKey and with an STS token. Each call must succeed, and the
//! recorded request must show the signing the call asked for (so a client that quietly fell back to
//! another signature fails too), the method, the path, and each parameter where the spec puts it.
//! Three outcomes are counted and shown rather than failed, all for product clients only: a call the
//! pinned package cannot make (it lacks the operation, or a member of the input: "absent", not made), a
//! call the package sends with no credential at all, which the emulator refuses (see [`unsigned`]), and
//! a RESTful call the package sends with another HTTP method or to another path than the spec's, which
//! the emulator does not route there (see [`sent_elsewhere`]).
//!
//! The SDK runs in a virtual environment ([`venv`]); the calls come from the specs ([`plan`]); the Python
//! side (`emulator/python/official_sdk_driver.py`) knows no operation and no product. The calls go a
//! product at a time, shared among several drivers (one per core), and each product's exchanges are
//! checked and forgotten before the next, so the record never holds more than one product's.

mod plan;
mod venv;
#[path = "../support/wire.rs"]
mod wire;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use acs_emulator::{Config, Exchange, StsToken};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

const KEY_ID: &str = "LTAI-official-sdk";
const SECRET: &str = "official-sdk-secret";
const STS_ID: &str = "STS.official-sdk";
const STS_SECRET: &str = "official-sdk-sts-secret";
/// Characters that need encoding, in a V1 parameter and in an ACS3 header alike.
const STS_TOKEN: &str = "official-sdk/token+with=signs";

const CLIENTS: [&str; 2] = ["typed", "generic"];
const CREDENTIALS: [&str; 2] = ["ak", "sts"];

/// One driver's share of one product's calls; about a minute for the largest (SAS) in practice.
const DRIVER_LIMIT: Duration = Duration::from_secs(600);
/// How many drivers share a product's calls, when `ACS_EMULATOR_SDK_DRIVERS` does not say: the SDK is
/// single-threaded Python, so a driver per core keeps every core busy.
const DRIVERS_VAR: &str = "ACS_EMULATOR_SDK_DRIVERS";

/// One call: an operation of its batch through one client, signing and credential.
struct Call {
    client: &'static str,
    signing: &'static str,
    credential: &'static str,
    /// The index of the operation in its batch.
    op: usize,
}

impl Call {
    fn name(&self, op: &plan::Operation) -> String {
        format!(
            "{} {} {} {} {}",
            self.client, self.signing, self.credential, op.product, op.action
        )
    }

    fn json(&self, id: usize, endpoint: &str) -> Value {
        json!({
            "call": id,
            "operation": self.op,
            "client": self.client,
            "signing": self.signing,
            "credential": self.credential,
            "endpoint": endpoint,
        })
    }

    /// Whether `got` is the value `want` of parameter `name`: JSON parameters compared parsed.
    fn same(op: &plan::Operation, name: &str, got: Option<&str>, want: &str) -> bool {
        let json = |s: &str| serde_json::from_str::<Value>(s).ok();
        match got {
            Some(got) if op.json_params.iter().any(|p| p == name) => {
                json(got).is_some() && json(got) == json(want)
            }
            got => got == Some(want),
        }
    }

    /// A RESTful call's path, headers, host label and body as the spec puts them (the query is checked
    /// with RPC's, in [`Call::check_params`]).
    fn check_restful(r: &wire::Restful, x: &Exchange) -> Result<(), String> {
        let decoded = |p: &str| {
            percent_encoding::percent_decode_str(p)
                .decode_utf8_lossy()
                .into_owned()
        };
        if decoded(&x.path) != decoded(&r.path) {
            return Err(format!("the path {}", r.path));
        }
        for (name, value) in r.headers.iter().chain(&r.fixed_query) {
            let got = x.header(name).or_else(|| x.param(name));
            if got != Some(value.as_str()) {
                return Err(format!("{name}: {value} in a header or the query"));
            }
        }
        if let Some((_, label)) = &r.host {
            let host = x.header("host").unwrap_or("");
            if !host.starts_with(&format!("{label}.")) {
                return Err(format!("the host label {label} (host {host})"));
            }
        }
        let sent = String::from_utf8_lossy(&x.body);
        // A product package writes every list member of its model, `[]` when unset, and an empty
        // object or list for a body left out; the emulator reads those as not sent (see
        // `restful/input.rs`), so they are compared so.
        let json = serde_json::from_str::<Value>(&sent)
            .ok()
            .map(|v| without_empties(&v));
        let body_ok = match (&r.body, r.body_text()) {
            (None, _) => {
                x.body.is_empty() || json.is_some_and(|v| v == json!({}) || v == json!([]))
            }
            (Some((_, Value::String(_))), Some(text)) => sent == text,
            (Some((_, v)), _) => json == Some(without_empties(v)),
        };
        if !body_ok {
            return Err(format!("the body {:?} (sent {sent})", r.body_text()));
        }
        Ok(())
    }

    /// Each parameter where the spec puts it: both lists for the generic client, which is told where;
    /// somewhere for a product client, which decides itself.
    fn check_params(&self, op: &plan::Operation, x: &Exchange) -> Result<(), String> {
        let (query, form) = (wire::decode(&x.query), wire::decode_bytes(&x.body));
        let find =
            |list: &wire::Pairs, k: &str| list.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        for (place, pairs, sent) in [("query", &op.query, &query), ("form body", &op.form, &form)] {
            for (name, value) in pairs {
                let got = if self.client == "generic" {
                    find(sent, name)
                } else {
                    x.param(name).map(str::to_owned)
                };
                if !Self::same(op, name, got.as_deref(), value) {
                    return Err(format!("parameter {name}={value} in the {place}"));
                }
            }
        }
        if let Some(r) = &op.restful {
            return Self::check_restful(r, x);
        }
        let is_form = x
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
        if self.client == "generic"
            && (op.form.is_empty() == is_form || op.form.is_empty() != x.body.is_empty())
        {
            return Err(format!(
                "a form body exactly when the spec has form parameters ({})",
                op.form.len()
            ));
        }
        Ok(())
    }

    /// What the recorded request must show, or why it does not.
    fn check(&self, op: &plan::Operation, x: &Exchange) -> Result<(), String> {
        let is = |ok: bool, what: &str| if ok { Ok(()) } else { Err(what.to_owned()) };
        is(
            x.action.as_deref() == Some(op.action.as_str()),
            "the action",
        )?;
        is(
            x.status.is_some_and(|s| (200..300).contains(&s)),
            "a 2xx status",
        )?;
        is(x.method == op.method, &format!("method {}", op.method))?;
        self.check_params(op, x)?;
        // A package sends an anonymous operation (`auth_type: Anonymous`, as the spec's `anonymous`
        // says: STS's `AssumeRoleWithOIDC`, Elasticsearch's `CapacityPlan`) with no credential at all;
        // one that signs it anyway (Log Service's gateway signs every call) is checked as signed.
        if self.client == "typed" && op.anonymous && carries_no_credential(x) {
            return Ok(());
        }
        let sts = self.credential == "sts";
        let id = if sts { STS_ID } else { KEY_ID };
        let authorization = |prefix: String| {
            is(
                x.header("authorization")
                    .is_some_and(|a| a.starts_with(&prefix)),
                &format!("Authorization starting `{prefix}`"),
            )
        };
        let token_header = || {
            is(
                x.header("x-acs-security-token").is_some() == sts,
                "x-acs-security-token iff STS",
            )
        };
        if self.signing == "log" {
            authorization(format!("LOG {id}:"))?;
            is(
                x.header("x-log-signaturemethod") == Some("hmac-sha256"),
                "x-log-signaturemethod: hmac-sha256",
            )?;
            token_header()?;
        } else if self.signing == "v2" && op.restful.is_some() {
            authorization(format!("acs {id}:"))?;
            is(
                x.header("x-acs-signature-method") == Some("HMAC-SHA1"),
                "x-acs-signature-method: HMAC-SHA1",
            )?;
            token_header()?;
        } else if self.signing == "v2" {
            is(x.header("authorization").is_none(), "no Authorization (V1)")?;
            is(
                x.param("SignatureMethod") == Some("HMAC-SHA1"),
                "SignatureMethod=HMAC-SHA1",
            )?;
            is(x.param("Signature").is_some(), "a Signature parameter")?;
            is(
                x.param("SecurityToken").is_some() == sts,
                "SecurityToken iff STS",
            )?;
            // Why the audit saw V1 fail: the SDK sends these headers with its V1 requests too.
            is(
                x.header("x-acs-action") == Some(op.action.as_str()),
                "the x-acs-action header the SDK adds to V1 requests",
            )?;
        } else {
            authorization(format!("{} Credential={id},", self.signing))?;
            token_header()?;
        }
        Ok(())
    }
}

/// `v` without the object members that are `null` or `[]`, at any depth.
fn without_empties(v: &Value) -> Value {
    match v {
        Value::Object(members) => Value::Object(
            (members.iter())
                .filter(|(_, m)| !(m.is_null() || m.as_array().is_some_and(Vec::is_empty)))
                .map(|(k, m)| (k.clone(), without_empties(m)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_empties).collect()),
        other => other.clone(),
    }
}

/// Whether `x` carried no credential at all and was refused `MissingAccessKeyId`. A product package sends
/// an operation so when its metadata says it takes no signature (`security: Anonymous`); where the spec
/// says so too (`anonymous: true`, as STS's `AssumeRoleWithOIDC` and `AssumeRoleWithSAML`), the emulator
/// serves it unsigned and the call is checked as made; where the spec does not, the emulator asks for a
/// signature as for every operation, and such calls are counted and shown, not failed; the generic
/// client still signs and makes them.
fn unsigned(x: &Exchange) -> bool {
    carries_no_credential(x) && x.error_code().as_deref() == Some("MissingAccessKeyId")
}

/// Whether `x` carried no credential: no `Authorization`, no V1 `Signature`, `AccessKeyId` or
/// `SecurityToken`, no `x-acs-security-token`.
fn carries_no_credential(x: &Exchange) -> bool {
    x.header("authorization").is_none()
        && ["Signature", "AccessKeyId", "SecurityToken"]
            .iter()
            .all(|p| x.param(p).is_none())
        && x.header("x-acs-security-token").is_none()
}

/// Whether `x`, a RESTful call, went with another method or to another path than the spec's and was
/// refused: the package's metadata and the specs' disagree (Log Service's `GetLogs` posts to
/// `/logstores/{logstore}/logs`, where the specs have `GetLogsV2`: the package was generated from a later
/// revision of the API than the metadata's). The emulator routes by the spec's
/// method and path, as the gateway matches an API by its URL and method; such calls are counted and
/// shown, not failed; the generic client sends the spec's method and path and makes them.
fn sent_elsewhere(x: &Exchange, op: &plan::Operation) -> bool {
    let decoded = |p: &str| {
        percent_encoding::percent_decode_str(p)
            .decode_utf8_lossy()
            .into_owned()
    };
    op.restful.as_ref().is_some_and(|r| {
        (x.method != op.method || decoded(&x.path) != decoded(&r.path))
            && x.status.is_some_and(|s| s >= 400)
    })
}

/// The operations of one product (or of the form fixture), called together: every call shared among the
/// drivers, then every exchange checked and forgotten, so the record holds one product at a time.
struct Batch<'a> {
    emulator: &'a acs_emulator::Running,
    ops: Vec<plan::Operation>,
    clients: &'static [&'static str],
}

/// What a batch did.
#[derive(Default)]
struct Outcome {
    name: String,
    operations: usize,
    /// Calls made (planned less absent).
    made: usize,
    absent: Vec<String>,
    /// Why, once per operation.
    absent_why: BTreeSet<String>,
    /// Typed calls the package sent with no credential at all, refused `MissingAccessKeyId` (see
    /// [`unsigned`]).
    unsigned: Vec<String>,
    /// Their operations.
    unsigned_ops: BTreeSet<String>,
    /// Typed RESTful calls the package sent with another method or path than the spec's (see
    /// [`sent_elsewhere`]).
    elsewhere: Vec<String>,
    /// Their operations, with both methods.
    elsewhere_ops: BTreeSet<String>,
    failures: Vec<String>,
    took: Duration,
}

impl Batch<'_> {
    fn calls(&self) -> Vec<Call> {
        let mut calls = Vec::new();
        for &client in self.clients {
            for signing in ["ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", "v2", "log"] {
                for credential in CREDENTIALS {
                    for (op, o) in self.ops.iter().enumerate() {
                        if o.signings.contains(&signing) {
                            calls.push(Call {
                                client,
                                signing,
                                credential,
                                op,
                            });
                        }
                    }
                }
            }
        }
        calls
    }

    async fn run(&self, python: &std::path::Path, drivers: usize) -> Outcome {
        let started = Instant::now();
        let calls = self.calls();
        let endpoint = self.emulator.url().trim_start_matches("http://").to_owned();
        let operations: Vec<Value> = self.ops.iter().map(plan::Operation::json).collect();
        // Interleaved shares: each driver gets every kind of call, so the shares take about as long.
        let shares = (0..drivers.min(calls.len()).max(1)).map(|d| {
            let share: Vec<Value> = (calls.iter().enumerate())
                .skip(d)
                .step_by(drivers)
                .map(|(i, c)| c.json(i, &endpoint))
                .collect();
            let plan = json!({
                "credentials": {
                    "ak": { "id": KEY_ID, "secret": SECRET },
                    "sts": { "id": STS_ID, "secret": STS_SECRET, "token": STS_TOKEN },
                },
                "operations": operations,
                "calls": share,
            });
            tokio::spawn(drive(python.to_owned(), plan))
        });
        let mut lines = Vec::new();
        for share in shares.collect::<Vec<_>>() {
            // A driver that failed panicked with its output: that is the test's failure.
            let share = share
                .await
                .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
            lines.extend(share);
        }
        let exchanges = self.emulator.exchanges();
        self.emulator.clear_exchanges();

        let name = self
            .ops
            .first()
            .map_or_else(String::new, |o| o.module.clone());
        let mut out = Outcome {
            name,
            operations: self.ops.len(),
            ..Outcome::default()
        };
        // Indexed once: thousands of calls, and a search per call is quadratic.
        let results: HashMap<u64, &Value> = lines
            .iter()
            .filter_map(|l| Some((l["call"].as_u64()?, l)))
            .collect();
        let answered: HashMap<String, &Exchange> = exchanges
            .iter()
            .filter_map(|x| Some((x.request_id()?.to_owned(), x)))
            .collect();
        for (i, call) in calls.iter().enumerate() {
            let op = &self.ops[call.op];
            let Some(result) = results.get(&(i as u64)) else {
                out.failures
                    .push(format!("{}: no result from the driver", call.name(op)));
                continue;
            };
            if let Some(why) = result["absent"].as_str() {
                // The pinned package cannot make it (see the driver); the generic client still does.
                out.absent.push(call.name(op));
                out.absent_why
                    .insert(format!("{} {}: {why}", op.product, op.action));
                continue;
            }
            let id = result["request_id"].as_str().unwrap_or("");
            if result["ok"] != true {
                match answered.get(id) {
                    Some(x) if call.client == "typed" && unsigned(x) => {
                        out.unsigned.push(call.name(op));
                        out.unsigned_ops.insert(op.action.clone());
                    }
                    Some(x) if call.client == "typed" && sent_elsewhere(x, op) => {
                        out.elsewhere.push(call.name(op));
                        let spec_path = op.restful.as_ref().map_or("", |r| r.path.as_str());
                        let sent = format!("{} {}", x.method, x.path);
                        let spec = format!("{} {spec_path}", op.method);
                        out.elsewhere_ops
                            .insert(format!("{} ({sent}, the spec {spec})", op.action));
                    }
                    _ => out
                        .failures
                        .push(format!("{}: {}", call.name(op), result["error"])),
                }
                continue;
            }
            match answered.get(id).map(|x| call.check(op, x)) {
                Some(Ok(())) => {}
                Some(Err(what)) => out
                    .failures
                    .push(format!("{}: the request lacks {what}", call.name(op))),
                None => out
                    .failures
                    .push(format!("{}: no exchange answered {id}", call.name(op))),
            }
        }
        out.made = calls.len() - out.absent.len();
        if exchanges.len() != out.made {
            out.failures.push(format!(
                "{}: {} requests for {} calls: one request per call, no retries",
                out.name,
                exchanges.len(),
                out.made
            ));
        }
        if let Some(a) = out.absent.iter().find(|a| !a.starts_with("typed ")) {
            out.failures
                .push(format!("only a product package can lack an operation: {a}"));
        }
        out.took = started.elapsed();
        out
    }
}

#[tokio::test]
async fn every_operation_through_the_official_python_sdk() {
    let started = Instant::now();
    let python = venv::ready_python().await;
    let setup = started.elapsed();
    let drivers = std::env::var(DRIVERS_VAR)
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));

    // The real products through both clients, a product at a time; the form fixture, which has no product
    // package, generically.
    let real = serve(wire::real_specs()).await;
    let forms = serve(wire::form_specs()).await;
    let mut batches = Vec::new();
    for (emulator, tree, clients) in [
        (&real, wire::real_specs(), &CLIENTS[..]),
        (&forms, wire::form_specs(), &CLIENTS[1..]),
    ] {
        let ops = plan::operations(&tree);
        let planned: Vec<&str> = ops.iter().map(|o| o.action.as_str()).collect();
        assert_eq!(
            planned,
            emulator.operations(),
            "every operation served is called"
        );
        let mut products: Vec<Vec<plan::Operation>> = Vec::new();
        for op in ops {
            match products.last_mut() {
                Some(p) if p[0].product == op.product && p[0].version == op.version => p.push(op),
                _ => products.push(vec![op]),
            }
        }
        for ops in products {
            batches.push(Batch {
                emulator,
                ops,
                clients,
            });
        }
    }

    let calls_started = Instant::now();
    let mut outcomes = Vec::new();
    for batch in &batches {
        outcomes.push(batch.run(&python, drivers).await);
    }
    let calls_took = calls_started.elapsed();

    let made: usize = outcomes.iter().map(|o| o.made).sum();
    let absent: usize = outcomes.iter().map(|o| o.absent.len()).sum();
    let unsigned: usize = outcomes.iter().map(|o| o.unsigned.len()).sum();
    let elsewhere: usize = outcomes.iter().map(|o| o.elsewhere.len()).sum();
    for o in &outcomes {
        eprintln!(
            "  {:<16} {:>4} operations {:>6} calls {:>4} typed absent {:>6.1} s",
            o.name,
            o.operations,
            o.made,
            o.absent.len(),
            o.took.as_secs_f64()
        );
        for why in &o.absent_why {
            eprintln!("    absent: {why}");
        }
        if !o.unsigned.is_empty() {
            eprintln!(
                "    {} typed calls sent unsigned by the package, which the spec cannot say: {}",
                o.unsigned.len(),
                o.unsigned_ops
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        if !o.elsewhere.is_empty() {
            let ops: Vec<&str> = o.elsewhere_ops.iter().map(String::as_str).collect();
            eprintln!(
                "    {} typed calls sent by the package with another method or path than the spec's: {}",
                o.elsewhere.len(),
                ops.join(", ")
            );
        }
    }
    eprintln!(
        "official Python SDK: {made} calls in {:.1} s by {drivers} drivers (environment ready in \
         {:.1} s); {absent} typed calls the pinned product packages cannot make (an operation or member \
         newer than the package) were made through the generic client only; {unsigned} typed calls the \
         packages send unsigned were refused, as the specs ask for a signature; {elsewhere} typed \
         calls the packages send with another method or path than the spec's were not routed there",
        calls_took.as_secs_f64(),
        setup.as_secs_f64(),
    );
    let failures: Vec<&String> = outcomes.iter().flat_map(|o| &o.failures).collect();
    let planned: usize = outcomes.iter().map(|o| o.made + o.absent.len()).sum();
    assert!(
        failures.is_empty(),
        "{} of {planned} calls failed:\n{}",
        failures.len(),
        failures
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The emulator on `specs` with the test's credentials.
async fn serve(specs: PathBuf) -> acs_emulator::Running {
    let config = Config::builder()
        .specs_dir(specs)
        .access_key(KEY_ID, SECRET)
        .sts_token(StsToken::new(STS_ID, STS_SECRET, STS_TOKEN))
        // Every call is checked against its recorded request: keep them all (a product's at a time).
        .max_exchanges(usize::MAX)
        .max_exchange_bytes(usize::MAX)
        .build()
        .expect("config");
    acs_emulator::start(config).await.expect("start")
}

/// Runs a driver on `plan` and returns its JSON lines; panics with its output if it fails.
async fn drive(python: PathBuf, plan: Value) -> Vec<Value> {
    let mut child = Command::new(&python)
        .arg(venv::driver())
        .arg("run")
        .env("PYTHONIOENCODING", "utf-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start the Python driver");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(plan.to_string().as_bytes())
        .await
        .expect("write the plan");
    drop(stdin);
    let out = tokio::time::timeout(DRIVER_LIMIT, child.wait_with_output())
        .await
        .expect("the driver finishes in time")
        .expect("the driver's output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the driver failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}
