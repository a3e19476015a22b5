//! No credentials error shows the AccessKeySecret or the SecurityToken, in any encoding, whichever source
//! failed and however: explicit keys, environment variables, the CLI profile, the ini file and the ECS
//! metadata service (including a refresh that fails and is logged), each directly and through a client's
//! call, with every log event at every level captured.

#[path = "support/capture.rs"]
mod capture;
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use acs_runtime::{
    CachingProvider, CliProfileProvider, Client, Credentials, DefaultChain, EcsRamRoleProvider,
    EnvProvider, ErrorKind, IniFileProvider, ProvideCredentials,
};
use capture::Capture;
use serde_json::json;
use support::leaks::{SECRET, Shown, TOKEN};
use support::ops::input;
use support::{Recorded, Reply, TempDir, TestServer};

/// The metadata service's own session token, sent only to it.
const IMDS_TOKEN: &str = "imds+T0K/en=1";

/// A client over `chain` whose call must fail with a credentials error before sending anything.
async fn call_with(chain: DefaultChain, shown: &mut Shown) {
    let c = Client::builder()
        .default_chain(chain)
        .endpoint("http://127.0.0.1:1")
        .build()
        .expect("lazy build");
    let e = shown.failure("call", c.invoke(input()).await);
    assert_eq!(e.kind(), ErrorKind::Credentials, "{e}");
}

fn chain(home: &TempDir, vars: &[(&str, &str)], imds: &str) -> DefaultChain {
    DefaultChain::builder()
        .env_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
        .home_dir(&home.0)
        .metadata_endpoint(imds)
        .build()
}

#[tokio::test]
async fn explicit_keys_environment_and_files() {
    let (capture, _guard) = Capture::install();
    let mut shown = Shown::default();
    for creds in [
        Credentials::new("id", SECRET).with_security_token(format!("{TOKEN}\n")),
        Credentials::new("id", SECRET).with_security_token(format!("{TOKEN} x")),
        Credentials::new("", SECRET).with_security_token(TOKEN),
        Credentials::new("i d", SECRET).with_security_token(TOKEN),
        Credentials::new(format!("id\n{SECRET}"), "s"),
    ] {
        let built = Client::builder().credentials(creds).build();
        let e = shown.failure("explicit", built);
        assert_eq!(e.kind(), ErrorKind::Credentials, "{e}");
    }

    let env = [
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ];
    shown.failure("env", EnvProvider::with_vars(env).provide().await);

    let dead_imds = "http://127.0.0.1:1";
    let profiles = [
        // A key pasted into `mode`.
        json!({"name": "default", "mode": SECRET, "access_key_id": "id", "access_key_secret": SECRET}),
        // A token where its secret is missing.
        json!({"name": "default", "mode": "StsToken", "access_key_id": "id", "sts_token": TOKEN}),
        // A secret of the wrong JSON type: serde would quote it.
        json!({"name": "default", "access_key_id": "id", "access_key_secret": [SECRET], "sts_token": {"t": TOKEN}}),
    ];
    for profile in profiles {
        let home = TempDir::new("leak-cli");
        let config = json!({"current": "default", "profiles": [profile]});
        home.write(".aliyun/config.json", &config.to_string());
        let path = home.0.join(".aliyun/config.json");
        shown.failure("cli", CliProfileProvider::new().path(&path).provide().await);
        call_with(chain(&home, &env, dead_imds), &mut shown).await;
    }
    let sections = [
        format!("[default]\ntype = {SECRET}\naccess_key_secret = {SECRET}\n"),
        format!("[default]\ntype = {TOKEN}\n"),
        format!("[default]\ntype = sts\naccess_key_id = id\naccess_key_secret = {SECRET}\n"),
        format!(
            "[default]\ntype = access_key\naccess_key_secret = {SECRET}\nsecurity_token = {TOKEN}\n"
        ),
    ];
    for ini in sections {
        let home = TempDir::new("leak-ini");
        let path = home.write(".alibabacloud/credentials.ini", &ini);
        shown.failure("ini", IniFileProvider::new().path(&path).provide().await);
        call_with(chain(&home, &env, dead_imds), &mut shown).await;
    }
    // Nothing anywhere: the error lists every source and why.
    call_with(
        chain(&TempDir::new("leak-none"), &env, dead_imds),
        &mut shown,
    )
    .await;

    shown.text(&capture.text());
    shown.assert_free_of(&[SECRET, TOKEN]);
    assert_eq!(shown.errors, 5 + 1 + 3 * 2 + 4 * 2 + 1);
}

/// A metadata service that issues `IMDS_TOKEN` and answers the role's credentials with `documents` in
/// turn (the last one for good).
async fn imds(documents: Vec<(u16, String)>) -> TestServer {
    let served = AtomicU32::new(0);
    TestServer::with_responder(Arc::new(move |r: &Recorded| {
        match (r.method.as_str(), r.path.as_str()) {
            ("PUT", _) => Reply::json(200, IMDS_TOKEN),
            ("GET", "/latest/meta-data/ram/security-credentials/") => Reply::json(200, "role"),
            _ => {
                let n = served.fetch_add(1, Ordering::SeqCst) as usize;
                let (status, body) = &documents[n.min(documents.len() - 1)];
                Reply::json(*status, body)
            }
        }
    }))
    .await
}

#[tokio::test]
async fn ecs_metadata_answers_and_a_failed_refresh() {
    let (capture, _guard) = Capture::install();
    let mut shown = Shown::default();
    let full = |code: &str, expiration: &str| {
        json!({"Code": code, "AccessKeyId": "STS.id", "AccessKeySecret": SECRET,
               "SecurityToken": TOKEN, "Expiration": expiration})
        .to_string()
    };
    let broken = [
        (200, full(TOKEN, "2099-01-01T00:00:00Z")),
        (200, full("Failed", SECRET)),
        (
            200,
            json!({"AccessKeySecret": SECRET, "SecurityToken": TOKEN}).to_string(),
        ),
        (
            200,
            format!("{{\"AccessKeySecret\": \"{SECRET}\", \"SecurityToken\": \"{TOKEN}"),
        ),
        (500, format!("internal error for {TOKEN} {SECRET}")),
    ];
    for document in broken {
        let server = imds(vec![document]).await;
        let direct = EcsRamRoleProvider::new().endpoint(&server.url);
        let e = shown.failure("ecs", direct.provide().await);
        assert_eq!(e.kind(), ErrorKind::Credentials, "{e}");
        call_with(
            chain(&TempDir::new("leak-ecs"), &[], &server.url),
            &mut shown,
        )
        .await;
    }

    // Credentials that expire inside the refresh window, then a failing refresh: the cached ones are used
    // and the failure is logged.
    let soon = civil_in(Duration::from_secs(120));
    let server = imds(vec![
        (200, full("Success", &soon)),
        (200, full(TOKEN, &soon)),
    ])
    .await;
    let cached = CachingProvider::new(EcsRamRoleProvider::new().endpoint(&server.url));
    cached.provide().await.expect("first fetch");
    let again = cached
        .provide()
        .await
        .expect("cached despite the failed refresh");
    assert_eq!(again.security_token(), Some(TOKEN));
    assert!(
        capture.text().contains("credentials refresh failed"),
        "{}",
        capture.text()
    );

    shown.text(&capture.text());
    shown.assert_free_of(&[SECRET, TOKEN, IMDS_TOKEN]);
    assert_eq!(shown.errors, 5 * 2);
}

/// `now + d` as the metadata service writes an expiry, `YYYY-MM-DDTHH:MM:SSZ`.
fn civil_in(d: Duration) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        + d;
    acs_runtime::sign::format_signing_date(i64::try_from(now.as_secs()).expect("seconds"))
}
