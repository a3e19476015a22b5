//! Alibaba Cloud's official Python SDK (alibabacloud-tea-openapi and the product clients, at the versions
//! pinned in `emulator/python/requirements.txt`) against the emulator: every operation of the real
//! `specs/` tree through the product client and through tea-openapi's generic `call_api`, and every
//! operation of the emulator's request-form fixture (every style, query and form body, a GET-only
//! operation; no product package exists for it) through `call_api`; each signed with ACS3-HMAC-SHA256,
//! ACS3-HMAC-SM3 and the legacy V1 signature, with an AccessKey and with an STS token. Each call must
//! succeed, and the recorded request must show the signing the call asked for (so a client that quietly
//! fell back to another signature fails too), the method, and each parameter where the spec puts it.
//!
//! The SDK runs in a virtual environment ([`venv`]); the calls come from the specs ([`plan`]); the Python
//! side (`emulator/python/official_sdk_driver.py`) knows no operation.

mod plan;
mod venv;
#[path = "../support/wire.rs"]
mod wire;

use std::collections::HashMap;
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
/// tea-openapi's `signature_algorithm` values: ACS3 with SHA-256 (its default), ACS3 with SM3, and `v2`,
/// which its `call_api` routes to `do_rpcrequest`, the legacy V1 (HMAC-SHA1) signer.
const SIGNINGS: [&str; 3] = ["ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", "v2"];
const CREDENTIALS: [&str; 2] = ["ak", "sts"];

/// The whole run of the driver; a few seconds in practice.
const DRIVER_LIMIT: Duration = Duration::from_secs(300);

struct Call {
    client: &'static str,
    signing: &'static str,
    credential: &'static str,
    /// `127.0.0.1:PORT` of the emulator serving the operation's tree.
    endpoint: String,
    op: plan::Operation,
}

impl Call {
    fn name(&self) -> String {
        format!(
            "{} {} {} {}",
            self.client, self.signing, self.credential, self.op.action
        )
    }

    fn json(&self) -> Value {
        json!({
            "client": self.client,
            "signing": self.signing,
            "credential": self.credential,
            "endpoint": self.endpoint,
            "product": self.op.product,
            "version": self.op.version,
            "action": self.op.action,
            "method": self.op.method,
            "params": self.op.typed,
            "query": plan::object(&self.op.query),
            "body": if self.op.form.is_empty() { Value::Null } else { plan::object(&self.op.form) },
        })
    }

    /// Whether `got` is the value `want` of parameter `name`: JSON parameters compared parsed.
    fn same(&self, name: &str, got: Option<&str>, want: &str) -> bool {
        let json = |s: &str| serde_json::from_str::<Value>(s).ok();
        match got {
            Some(got) if self.op.json_params.iter().any(|p| p == name) => {
                json(got).is_some() && json(got) == json(want)
            }
            got => got == Some(want),
        }
    }

    /// Each parameter where the spec puts it: both lists for the generic client, which is told where;
    /// somewhere for a product client, which decides itself.
    fn check_params(&self, x: &Exchange) -> Result<(), String> {
        let (query, form) = (wire::decode(&x.query), wire::decode_bytes(&x.body));
        let find =
            |list: &wire::Pairs, k: &str| list.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        for (place, pairs, sent) in [
            ("query", &self.op.query, &query),
            ("form body", &self.op.form, &form),
        ] {
            for (name, value) in pairs {
                let got = if self.client == "generic" {
                    find(sent, name)
                } else {
                    x.param(name).map(str::to_owned)
                };
                if !self.same(name, got.as_deref(), value) {
                    return Err(format!("parameter {name}={value} in the {place}"));
                }
            }
        }
        let is_form = x
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
        if self.client == "generic"
            && (self.op.form.is_empty() == is_form || self.op.form.is_empty() != x.body.is_empty())
        {
            return Err(format!(
                "a form body exactly when the spec has form parameters ({})",
                self.op.form.len()
            ));
        }
        Ok(())
    }

    /// What the recorded request must show, or why it does not.
    fn check(&self, x: &Exchange) -> Result<(), String> {
        let is = |ok: bool, what: &str| if ok { Ok(()) } else { Err(what.to_owned()) };
        is(
            x.action.as_deref() == Some(self.op.action.as_str()),
            "the action",
        )?;
        is(x.status == Some(200), "status 200")?;
        is(
            x.method == self.op.method,
            &format!("method {}", self.op.method),
        )?;
        self.check_params(x)?;
        let sts = self.credential == "sts";
        if self.signing == "v2" {
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
                x.header("x-acs-action") == Some(self.op.action.as_str()),
                "the x-acs-action header the SDK adds to V1 requests",
            )?;
        } else {
            let id = if sts { STS_ID } else { KEY_ID };
            let prefix = format!("{} Credential={id},", self.signing);
            is(
                x.header("authorization")
                    .is_some_and(|a| a.starts_with(&prefix)),
                &format!("Authorization starting `{prefix}`"),
            )?;
            is(
                x.header("x-acs-security-token").is_some() == sts,
                "x-acs-security-token iff STS",
            )?;
        }
        Ok(())
    }
}

#[tokio::test]
async fn every_operation_through_the_official_python_sdk() {
    let started = Instant::now();
    let python = venv::ready_python().await;
    let setup = started.elapsed();

    // The real products through both clients; the form fixture, which has no product package, generically.
    let real = serve(wire::real_specs()).await;
    let forms = serve(wire::form_specs()).await;
    let mut calls = Vec::new();
    for (emu, tree, clients) in [
        (&real, wire::real_specs(), &CLIENTS[..]),
        (&forms, wire::form_specs(), &CLIENTS[1..]),
    ] {
        let ops = plan::operations(&tree);
        let planned: Vec<&str> = ops.iter().map(|o| o.action.as_str()).collect();
        assert_eq!(
            planned,
            emu.operations(),
            "every operation served is called"
        );
        for &client in clients {
            for signing in SIGNINGS {
                for credential in CREDENTIALS {
                    for op in &ops {
                        calls.push(Call {
                            client,
                            signing,
                            credential,
                            endpoint: emu.url().trim_start_matches("http://").to_owned(),
                            op: op.clone(),
                        });
                    }
                }
            }
        }
    }
    let plan = json!({
        "credentials": {
            "ak": { "id": KEY_ID, "secret": SECRET },
            "sts": { "id": STS_ID, "secret": STS_SECRET, "token": STS_TOKEN },
        },
        "calls": calls.iter().map(Call::json).collect::<Vec<_>>(),
    });

    let calls_started = Instant::now();
    let lines = drive(&python, &plan).await;
    let calls_took = calls_started.elapsed();

    let mut failures = Vec::new();
    let mut absent = Vec::new();
    let mut exchanges = real.exchanges();
    exchanges.extend(forms.exchanges());
    // Indexed once: a thousand operations make thousands of calls, and a search per call is quadratic.
    let results: HashMap<u64, &Value> = lines
        .iter()
        .filter_map(|l| Some((l["call"].as_u64()?, l)))
        .collect();
    let answered: HashMap<String, &Exchange> = exchanges
        .iter()
        .filter_map(|x| Some((x.response_json()?["RequestId"].as_str()?.to_owned(), x)))
        .collect();
    for (i, call) in calls.iter().enumerate() {
        let Some(result) = results.get(&(i as u64)) else {
            failures.push(format!("{}: no result from the driver", call.name()));
            continue;
        };
        if let Some(why) = result["absent"].as_str() {
            // The metadata is newer than the pinned product package; the generic client still calls it.
            absent.push(format!("{}: {why}", call.name()));
            continue;
        }
        if result["ok"] != true {
            failures.push(format!("{}: {}", call.name(), result["error"]));
            continue;
        }
        let id = result["request_id"].as_str().unwrap_or("");
        match answered.get(id).map(|x| call.check(x)) {
            Some(Ok(())) => {}
            Some(Err(what)) => failures.push(format!("{}: the request lacks {what}", call.name())),
            None => failures.push(format!("{}: no exchange answered {id}", call.name())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} calls failed:\n{}",
        failures.len(),
        calls.len(),
        failures.join("\n")
    );
    assert_eq!(
        exchanges.len(),
        calls.len() - absent.len(),
        "one request per call, no retries"
    );
    assert!(
        absent.iter().all(|a| a.starts_with("typed ")),
        "only a product package can lack an operation:\n{}",
        absent.join("\n")
    );
    eprintln!(
        "official Python SDK: {} calls in {:.1} s (environment ready in {:.1} s); {} typed calls of \
         operations newer than the pinned product packages were made through the generic client only",
        calls.len() - absent.len(),
        calls_took.as_secs_f64(),
        setup.as_secs_f64(),
        absent.len()
    );
}

/// The emulator on `specs` with the test's credentials.
async fn serve(specs: PathBuf) -> acs_emulator::Running {
    let config = Config::builder()
        .specs_dir(specs)
        .access_key(KEY_ID, SECRET)
        .sts_token(StsToken::new(STS_ID, STS_SECRET, STS_TOKEN))
        // Every call is checked against its recorded request: keep them all.
        .max_exchanges(usize::MAX)
        .build()
        .expect("config");
    acs_emulator::start(config).await.expect("start")
}

/// Runs the driver on `plan` and returns its JSON lines; panics with its output if it fails.
async fn drive(python: &std::path::Path, plan: &Value) -> Vec<Value> {
    let mut child = Command::new(python)
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
