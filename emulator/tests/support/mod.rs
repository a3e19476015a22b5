//! Shared by the emulator's integration tests: an emulator on the repository's specs, a generated client
//! pointed at it, and hand-signed raw requests (ACS3 and V1; for RESTful products the legacy ROA and Log
//! Service signatures too) built with the runtime's signing functions, so the tests can send exactly what
//! an official SDK, or a broken client, would.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

pub mod restful;
pub mod wire;

use std::path::PathBuf;
use std::sync::Once;
use std::time::Duration;

use acs_emulator::{Config, ConfigBuilder, Running, StsToken, clock};
use acs_runtime::sign::{self, acs3, v1};
use serde_json::Value;

pub const KEY_ID: &str = "LTAI-emulator-test";
pub const SECRET: &str = "emulator-test-secret";
pub const STS_ID: &str = "STS.emulator-test";
pub const STS_SECRET: &str = "sts-test-secret";
pub const STS_TOKEN: &str = "sts-test-token-0123456789";
pub const EXPIRED_STS_ID: &str = "STS.expired";
pub const EXPIRED_STS_TOKEN: &str = "sts-expired-token";

/// Every test call is bounded: no request may take longer than this.
pub const CALL_LIMIT: Duration = Duration::from_secs(20);

pub fn specs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// A builder with the repository's specs and the test credentials.
pub fn config() -> ConfigBuilder {
    Config::builder()
        .specs_dir(specs_dir())
        .access_key(KEY_ID, SECRET)
        .sts_token(StsToken::new(STS_ID, STS_SECRET, STS_TOKEN))
        .sts_token(StsToken::new(EXPIRED_STS_ID, "expired-secret", EXPIRED_STS_TOKEN).expires_at(1))
}

pub async fn start(builder: ConfigBuilder) -> Running {
    acs_emulator::start(builder.build().expect("config"))
        .await
        .expect("start")
}

/// The generated client pointed at `emu` with the test credentials.
pub fn sdk(emu: &Running, max_attempts: u32) -> acs_sdk::Client {
    acs_sdk::Client::builder()
        .credentials(acs_runtime::Credentials::new(KEY_ID, SECRET))
        .region("cn-hangzhou")
        .endpoint(emu.url())
        .max_attempts(max_attempts)
        .timeout(CALL_LIMIT)
        .build()
        .expect("client")
}

/// An answer: status, lower-case headers, body as JSON (Null if not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub json: Value,
}

impl Answer {
    /// The error code: `Code` (RPC), `code` (RESTful) or `errorCode` (Log Service).
    pub fn code(&self) -> &str {
        (["Code", "code", "errorCode"].iter())
            .find_map(|k| self.json.get(k).and_then(Value::as_str))
            .unwrap_or("")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Asserts an error answer with this status and code, in the gateway's JSON shape.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            (self.status, self.code()),
            (status, code),
            "{:#}",
            self.json
        );
        for key in ["RequestId", "HostId", "Code", "Message", "Recommend"] {
            assert!(
                self.json.get(key).is_some_and(Value::is_string),
                "{key} in {:#}",
                self.json
            );
        }
        assert_eq!(
            self.header("x-acs-request-id"),
            self.json["RequestId"].as_str(),
            "the request id header matches the body"
        );
    }
}

impl Answer {
    /// Asserts the status, showing the body when it differs.
    pub fn assert_status(&self, status: u16) {
        assert_eq!(self.status, status, "{:#}", self.json);
    }

    /// Asserts an error answer with this status and code in the RESTful form: lower-case keys, the
    /// request id in the body and the `x-acs-request-id` header.
    pub fn assert_roa_error(&self, status: u16, code: &str) {
        assert_eq!(
            (self.status, self.code()),
            (status, code),
            "{:#}",
            self.json
        );
        for key in ["code", "message", "requestId"] {
            assert!(
                self.json.get(key).is_some_and(Value::is_string),
                "{key} in {:#}",
                self.json
            );
        }
        assert!(self.json.get("Code").is_none(), "{:#}", self.json);
        assert_eq!(
            self.header("x-acs-request-id"),
            self.json["requestId"].as_str(),
            "the request id header matches the body"
        );
    }

    /// Asserts an error answer with this status and code in Log Service's form: `errorCode` and
    /// `errorMessage`, the request id in `x-log-requestid`.
    pub fn assert_log_error(&self, status: u16, code: &str) {
        assert_eq!(
            (self.status, self.code()),
            (status, code),
            "{:#}",
            self.json
        );
        assert!(self.json["errorMessage"].is_string(), "{:#}", self.json);
        assert!(
            self.header("x-log-requestid")
                .is_some_and(|id| !id.is_empty())
        );
    }
}

/// One HTTP client per test thread: building one loads the TLS roots, which takes longer than a call,
/// and each test's runtime lives on its own thread, so its pooled connections never outlive it.
fn http() -> reqwest::Client {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Deprecated in rustls 0.23.48 (no post-quantum key exchange); ring is the project's provider.
        #[allow(deprecated)]
        let provider = rustls::crypto::ring::default_provider();
        let _ = provider.install_default();
    });
    thread_local! {
        static CLIENT: reqwest::Client = reqwest::Client::builder()
            .no_proxy()
            .timeout(CALL_LIMIT)
            .build()
            .expect("reqwest client");
    }
    CLIENT.with(reqwest::Client::clone)
}

/// Sends a request and reads the whole answer.
pub async fn send(method: &str, url: &str, headers: &[(String, String)], body: Vec<u8>) -> Answer {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut req = http().request(method, url).body(body);
    for (k, v) in headers {
        req = req.header(k.as_str(), v.as_str());
    }
    let resp = req.send().await.expect("an answer");
    let status = resp.status().as_u16();
    let headers = resp
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let text = resp.text().await.expect("body");
    Answer {
        status,
        headers,
        json: serde_json::from_str(&text).unwrap_or(Value::Null),
    }
}

pub fn fresh_nonce() -> String {
    sign::random_hex(16).expect("nonce")
}

pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// An ACS3 request to build, sign (possibly wrongly) and send.
#[derive(Clone, Debug)]
pub struct Acs3 {
    /// `ACS3-HMAC-SHA256` (the default) or `ACS3-HMAC-SM3`.
    pub algorithm: String,
    pub method: String,
    /// `/` unless a test wants another.
    pub path: String,
    pub action: String,
    pub version: String,
    pub query: Vec<(String, String)>,
    /// Headers besides host and the x-acs-* ones, all signed.
    pub extra_headers: Vec<(String, String)>,
    /// Headers sent but left out of SignedHeaders.
    pub unsigned_headers: Vec<(String, String)>,
    /// Whether to send (and sign) `x-acs-content-sha256`; true by default.
    pub content_sha256: bool,
    pub body: Vec<u8>,
    pub key_id: String,
    pub secret: String,
    pub token: Option<String>,
    pub date: String,
    pub nonce: String,
}

impl Acs3 {
    pub fn new(action: &str, version: &str, query: &[(&str, &str)]) -> Acs3 {
        Acs3 {
            algorithm: sign::acs3::ALGORITHM.into(),
            method: "POST".into(),
            path: "/".into(),
            action: action.into(),
            version: version.into(),
            query: pairs(query),
            extra_headers: Vec::new(),
            unsigned_headers: Vec::new(),
            content_sha256: true,
            body: Vec::new(),
            key_id: KEY_ID.into(),
            secret: SECRET.into(),
            token: None,
            date: clock::format_iso8601(clock::now_epoch()),
            nonce: fresh_nonce(),
        }
    }

    /// The headers that are signed, as sent.
    pub fn signed_headers(&self, host: &str) -> Vec<(String, String)> {
        let mut h = pairs(&[
            ("host", host),
            ("x-acs-action", &self.action),
            ("x-acs-version", &self.version),
            ("x-acs-date", &self.date),
            ("x-acs-signature-nonce", &self.nonce),
        ]);
        if self.content_sha256 {
            h.push(("x-acs-content-sha256".into(), self.hash_hex(&self.body)));
        }
        if let Some(t) = &self.token {
            h.push(("x-acs-security-token".into(), t.clone()));
        }
        h.extend(self.extra_headers.iter().cloned());
        h
    }

    /// Every header to send, including a correct `Authorization` over `signed_headers`.
    pub fn headers(&self, host: &str) -> Vec<(String, String)> {
        let mut headers = self.signed_headers(host);
        let names: Vec<String> = {
            let mut n: Vec<String> = headers
                .iter()
                .map(|(k, _)| k.to_ascii_lowercase())
                .collect();
            n.sort();
            n.dedup();
            n
        };
        let canonical = acs3::canonical_request(
            &self.method,
            &self.path,
            &self.query,
            &headers,
            &names,
            &self.hash_hex(&self.body),
        );
        let string_to_sign = format!(
            "{}\n{}",
            self.algorithm,
            self.hash_hex(canonical.as_bytes())
        );
        let signature = if self.algorithm == "ACS3-HMAC-SM3" {
            sign::hex(&acs_emulator::sm3::hmac(
                self.secret.as_bytes(),
                string_to_sign.as_bytes(),
            ))
        } else {
            acs3::signature(&self.secret, &string_to_sign)
        };
        headers.push((
            "authorization".into(),
            format!(
                "{} Credential={},SignedHeaders={},Signature={signature}",
                self.algorithm,
                self.key_id,
                names.join(";")
            ),
        ));
        headers.extend(self.unsigned_headers.iter().cloned());
        headers
    }

    /// The payload and canonical-request hash of the algorithm, lower-case hex.
    pub fn hash_hex(&self, data: &[u8]) -> String {
        if self.algorithm == "ACS3-HMAC-SM3" {
            sign::hex(&acs_emulator::sm3::digest(data))
        } else {
            sign::sha256_hex(data)
        }
    }

    pub fn url(&self, emu: &Running) -> String {
        format!(
            "{}{}?{}",
            emu.url(),
            self.path,
            sign::canonical_query(&self.query)
        )
    }

    pub async fn send(&self, emu: &Running) -> Answer {
        let host = emu.url().trim_start_matches("http://").to_owned();
        send(
            &self.method,
            &self.url(emu),
            &self.headers(&host),
            self.body.clone(),
        )
        .await
    }

    /// Sends with the headers changed by `edit` after signing.
    pub async fn send_edited(
        &self,
        emu: &Running,
        edit: impl FnOnce(&mut Vec<(String, String)>),
    ) -> Answer {
        let host = emu.url().trim_start_matches("http://").to_owned();
        let mut headers = self.headers(&host);
        edit(&mut headers);
        send(&self.method, &self.url(emu), &headers, self.body.clone()).await
    }
}

/// Replaces (or adds) header `name`.
pub fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    headers.push((name.to_owned(), value.to_owned()));
}

/// The V1 common parameters plus `params`, signed for `method` with `secret`.
pub fn v1_params(
    method: &str,
    action: &str,
    version: &str,
    params: &[(&str, &str)],
    secret: &str,
    extra_common: &[(&str, &str)],
) -> Vec<(String, String)> {
    let now = clock::format_iso8601(clock::now_epoch());
    let nonce = fresh_nonce();
    let mut all = pairs(&[
        ("AccessKeyId", KEY_ID),
        ("Action", action),
        ("Version", version),
        ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", &nonce),
        ("Timestamp", &now),
    ]);
    for (k, v) in extra_common {
        all.retain(|(name, _)| name != k);
        all.push(((*k).to_owned(), (*v).to_owned()));
    }
    all.extend(pairs(params));
    let signature = v1::signature(secret, &v1::string_to_sign(method, &all));
    all.push(("Signature".into(), signature));
    all
}

/// The V1 query of a request whose own parameters are `query` (sent in the query string) and `form`
/// (sent in a form body): the common parameters, `query`, and `Signature` over all of them and `form`.
pub fn v1_query(
    method: &str,
    action: &str,
    version: &str,
    query: &[(String, String)],
    form: &[(String, String)],
) -> Vec<(String, String)> {
    let mut all = v1_params(method, action, version, &[], SECRET, &[]);
    all.retain(|(k, _)| k != "Signature");
    all.extend(query.iter().cloned());
    let mut signed = all.clone();
    signed.extend(form.iter().cloned());
    all.push((
        "Signature".into(),
        v1::signature(SECRET, &v1::string_to_sign(method, &signed)),
    ));
    all
}

/// Whether a decoded and re-encoded answer `got` is the documented `want`: equal, except that a number may
/// come back as the text of its digits and the reverse, since the client decodes into the type the spec
/// declares by its documented lenient rule (CloudMonitor documents `"SLSGroupName": 0` for a text field).
pub fn same_answer(want: &Value, got: &Value) -> bool {
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k).is_some_and(|w| same_answer(v, w)))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| same_answer(v, w))
        }
        (Value::Number(n), Value::String(s)) | (Value::String(s), Value::Number(n)) => {
            s.trim().parse::<f64>().ok() == n.as_f64()
        }
        (Value::Bool(b), Value::String(s)) | (Value::String(s), Value::Bool(b)) => {
            s.trim() == b.to_string()
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (a, b) => a == b,
    }
}
