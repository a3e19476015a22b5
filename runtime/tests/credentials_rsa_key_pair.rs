//! RSA key pairs (`RsaKeyPairProvider`, the ini file's `rsa_key_pair`) against a loopback STS that checks
//! `GenerateSessionAccessKey` as `alibabacloud_credentials/provider/rsa_key_pair.py` sends it — a `GET`
//! with the V1 common parameters, `AccessKeyId` the public key id, `DurationSeconds`, and a `Signature`
//! recomputed here independently (Python's `quote_plus` canonical form, HMAC-SHA1 keyed with the private
//! key's text and `&`) — and the emulator accepting the session AccessKey it hands out: a client signs
//! with it, refreshes it 15 minutes before it expires, and shows the private key nowhere.

mod credentials_support;
mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use acs_runtime::{Client, DefaultChain, ErrorKind, ProvideCredentials, RsaKeyPairProvider};
use credentials_support::*;
use serde_json::json;
use support::{Recorded, Reply, TempDir, TestServer};

const PUBLIC_KEY_ID: &str = "TMPSK.public-key-1";
/// A key file as written on Windows: Python's text mode reads it with `\n` line ends.
const PRIVATE_KEY_FILE: &str = "-----BEGIN RSA PRIVATE KEY-----\r\nMIIEow+PRIVATE/key=material\r\n-----END RSA PRIVATE KEY-----\r\n";
const PRIVATE_KEY: &str =
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEow+PRIVATE/key=material\n-----END RSA PRIVATE KEY-----\n";
/// A key STS does not know; its refusal quotes it back (as a `SignatureDoesNotMatch` may quote what it
/// was given).
const WRONG_KEY: &str = "another+Wrong/key=1\n";

/// Python's `urllib.parse.quote_plus`: letters, digits and `_.-~` as they are, space as `+`.
fn quote_plus(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `ph.compose_string_to_sign('GET', query)` and `ph.sign_string(…, private_key + '&')`.
fn official_signature(query: &[(String, String)], private_key: &str) -> String {
    let mut pairs: Vec<&(String, String)> =
        query.iter().filter(|(k, _)| k != "Signature").collect();
    pairs.sort();
    let canonical = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", quote_plus(k), quote_plus(v)))
        .collect::<Vec<_>>()
        .join("&");
    let text = format!("GET&{}&{}", quote_plus("/"), quote_plus(&canonical));
    let key = ring::hmac::Key::new(
        ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
        format!("{private_key}&").as_bytes(),
    );
    acs_runtime::sign::base64(ring::hmac::sign(&key, text.as_bytes()).as_ref())
}

/// What the fake STS checks, and the answers it gives in turn (the last for good).
fn sts(answers: Vec<serde_json::Value>, duration: &'static str) -> impl Fn(&Recorded) -> Reply {
    let served = Mutex::new(0usize);
    move |r: &Recorded| {
        let q = r.query_pairs();
        let get = |k: &str| r.param(k);
        let expected = [
            ("Action", "GenerateSessionAccessKey"),
            ("Format", "JSON"),
            ("Version", "2015-04-01"),
            ("AccessKeyId", PUBLIC_KEY_ID),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("DurationSeconds", duration),
        ];
        let names_ok = expected.iter().all(|(k, v)| get(k).as_deref() == Some(*v))
            && get("Timestamp").is_some_and(|t| t.ends_with('Z') && t.len() == 20)
            && get("SignatureNonce").is_some_and(|n| !n.is_empty())
            && q.len() == expected.len() + 3;
        let signed =
            get("Signature").as_deref() == Some(official_signature(&q, PRIVATE_KEY).as_str());
        if r.method != "GET" || r.path != "/" || !names_ok || !signed || !r.body.is_empty() {
            return Reply::json(
                400,
                &json!({"RequestId": "req-bad", "Code": "SignatureDoesNotMatch",
                        "Message": format!("signed with {WRONG_KEY}&, expected another")})
                .to_string(),
            );
        }
        let mut n = served.lock().expect("lock");
        let answer = &answers[(*n).min(answers.len() - 1)];
        *n += 1;
        Reply::json(200, &answer.to_string())
    }
}

fn session(role: &Role) -> serde_json::Value {
    json!({"RequestId": "req-ok", "SessionAccessKey": {
        "SessionAccessKeyId": role.id, "SessionAccessKeySecret": role.secret,
        "Expiration": iso(role.expires)}})
}

#[tokio::test]
async fn session_access_keys_sign_calls_and_refresh() {
    // The session keys: an AccessKey without a SecurityToken.
    let first = Role::new("rsa-first", Duration::from_secs(15 * 60 + 2));
    let second = Role::new("rsa-second", Duration::from_secs(3600));
    let emu = start(
        config()
            .access_key(&first.id, &first.secret)
            .access_key(&second.id, &second.secret),
    )
    .await;
    // Expiring from now, not from before the emulator started (which takes a few seconds).
    let first = first.expiring_in(Duration::from_secs(15 * 60 + 3));
    let sts = TestServer::with_responder(Arc::new(sts(
        vec![session(&first), session(&second)],
        "1800",
    )))
    .await;
    let dir = TempDir::new("rsa");
    let key = dir.write("private.pem", PRIVATE_KEY_FILE);
    let provider = RsaKeyPairProvider::builder()
        .public_key_id(PUBLIC_KEY_ID)
        .private_key_file(&key)
        .duration_seconds(1800)
        .sts_endpoint(&sts.url)
        .build()
        .expect("provider");
    let shown = format!("{provider:?}");
    assert!(!shown.contains("PRIVATE/key"), "{shown}");
    assert!(shown.contains(PUBLIC_KEY_ID), "{shown}");

    let client = Client::builder()
        .credentials_provider(provider)
        .endpoint(emu.url())
        .build()
        .expect("client");
    client
        .invoke(GetCallerIdentity {})
        .await
        .expect("call signed with the session key");
    let last = calls_of(&emu, "GetCallerIdentity").pop().expect("call");
    assert_eq!(signer(&last).as_deref(), Some(first.id.as_str()));
    assert_eq!(last.header("x-acs-security-token"), None);
    assert_eq!(sts.requests().len(), 1);

    // 15 minutes before expiry the session key is renewed, once.
    tokio::time::sleep(Duration::from_secs(4)).await;
    client.invoke(GetCallerIdentity {}).await.expect("renewed");
    client.invoke(GetCallerIdentity {}).await.expect("cached");
    let last = calls_of(&emu, "GetCallerIdentity").pop().expect("call");
    assert_eq!(signer(&last).as_deref(), Some(second.id.as_str()));
    assert_eq!(sts.requests().len(), 2);
}

#[tokio::test]
async fn the_ini_type_and_refusals() {
    let role = Role::new("rsa-ini", Duration::from_secs(3600));
    let sts = TestServer::with_responder(Arc::new(sts(vec![session(&role)], "3600"))).await;
    let home = TempDir::new("rsa-ini");
    let key = home.write("keys/private.pem", PRIVATE_KEY_FILE);
    let wrong = home.write("keys/wrong.pem", WRONG_KEY);
    home.write(
        ".alibabacloud/credentials.ini",
        &format!(
            "[default]\ntype = rsa_key_pair\npublic_key_id = {PUBLIC_KEY_ID}\nprivate_key_file = {}\n\n\
             [wrong]\ntype = rsa_key_pair\npublic_key_id = {PUBLIC_KEY_ID}\nprivate_key_file = {}\n\n\
             [nofile]\ntype = rsa_key_pair\npublic_key_id = {PUBLIC_KEY_ID}\nprivate_key_file = {}\n",
            key.display(),
            wrong.display(),
            home.0.join("keys/missing.pem").display()
        ),
    );
    let chain = |profile: &str| {
        DefaultChain::builder()
            .env_vars([("ALIBABA_CLOUD_PROFILE", profile)])
            .home_dir(&home.0)
            .sts_endpoint(&sts.url)
            .metadata_endpoint("http://127.0.0.1:1")
            .build()
    };
    let c = chain("default").provide().await.expect("ini rsa_key_pair");
    assert_eq!(c.access_key_id(), role.id);
    assert_eq!(c.access_key_secret(), role.secret);
    assert_eq!(c.security_token(), None);
    assert!(c.expiry().is_some());

    // A key STS does not accept: its refusal names the provider and the action, keeps the code, and
    // quotes nothing of the key it echoed.
    let e = chain("wrong").provide().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert_eq!(e.code(), Some("SignatureDoesNotMatch"), "{e}");
    let text = format!("{e} {e:?}");
    assert!(
        text.contains("RSA key pair") && text.contains("GenerateSessionAccessKey"),
        "{text}"
    );
    assert!(
        !text.contains("Wrong/key") && !text.contains("PRIVATE/key"),
        "{text}"
    );

    let e = chain("nofile").provide().await.unwrap_err();
    assert!(
        e.message().contains("missing.pem") && e.message().contains("cannot be read"),
        "{e}"
    );

    // An answer without the session key is a typed error that quotes nothing.
    let empty = TestServer::start(vec![Reply::json(200, r#"{"RequestId":"r"}"#)]).await;
    let p = RsaKeyPairProvider::builder()
        .public_key_id(PUBLIC_KEY_ID)
        .private_key_file(&key)
        .sts_endpoint(&empty.url)
        .build()
        .expect("provider");
    let e = p.provide().await.unwrap_err();
    assert!(e.message().contains("SessionAccessKey"), "{e}");
}
