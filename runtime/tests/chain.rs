//! The credentials chain with injected environment, profile files in temporary directories and a
//! metadata service on loopback; and how STS tokens reach the wire.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use acs_runtime::{
    CliProfileProvider, Client, DefaultChain, EcsRamRoleProvider, ErrorKind, IniFileProvider,
    ProvideCredentials, SignatureVersion,
};
use support::ops::{fast_retry, input};
use support::{Recorded, Reply, TempDir, TestServer};

const CLI: &str = r#"{"current":"work","profiles":[
  {"name":"default","mode":"AK","access_key_id":"cli-default-id","access_key_secret":"cli-default-secret","region_id":"cn-beijing"},
  {"name":"work","mode":"StsToken","access_key_id":"cli-work-id","access_key_secret":"cli-work-secret","sts_token":"cli-work-token","region_id":"cn-shenzhen"},
  {"name":"weird","mode":"RsaKeyPair"}]}"#;

const INI: &str = "[default]\ntype = access_key\naccess_key_id = ini-id\naccess_key_secret = ini-secret\n\n\
[sts]\ntype = sts\naccess_key_id = ini-sts-id\naccess_key_secret = ini-sts-secret\nsecurity_token = ini-token\n\n\
[ecs]\ntype = ecs_ram_role\nrole_name = ini-role\n";

/// A metadata service that issues tokens (unless `v1_only`) and serves `role`'s credentials.
async fn imds(role: &'static str, v1_only: bool) -> TestServer {
    TestServer::with_responder(Arc::new(move |r: &Recorded| {
        let base = "/latest/meta-data/ram/security-credentials/";
        match (r.method.as_str(), r.path.as_str()) {
            ("PUT", "/latest/api/token") if !v1_only => {
                assert!(r.header("x-aliyun-ecs-metadata-token-ttl-seconds").is_some());
                Reply::json(200, "imds-token-value")
            }
            ("PUT", _) => Reply::json(403, "forbidden"),
            ("GET", p) if p == base => Reply::json(200, role),
            ("GET", p) if p.strip_prefix(base) == Some(role) => Reply::json(
                200,
                r#"{"AccessKeyId":"STS.ecs-id","AccessKeySecret":"ecs-secret","SecurityToken":"ecs-token","Expiration":"2099-01-01T00:00:00Z","Code":"Success"}"#,
            ),
            _ => Reply::json(404, "not found"),
        }
    }))
    .await
}

fn chain(home: &TempDir, vars: &[(&str, &str)], imds_url: &str) -> DefaultChain {
    DefaultChain::builder()
        .env_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
        .home_dir(&home.0)
        .metadata_endpoint(imds_url)
        .build()
}

const DEAD_IMDS: &str = "http://127.0.0.1:1";

#[tokio::test]
async fn the_chain_follows_the_official_order() {
    let home = TempDir::new("chain-order");
    home.write(".aliyun/config.json", CLI);
    home.write(".alibabacloud/credentials.ini", INI);
    let env_keys = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret"),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", "env-token"),
    ];
    let c = chain(&home, &env_keys, DEAD_IMDS)
        .provide()
        .await
        .expect("env");
    assert_eq!(
        (c.access_key_id(), c.security_token()),
        ("env-id", Some("env-token"))
    );

    // The CLI's current profile (StsToken mode), unless ALIBABA_CLOUD_PROFILE says otherwise.
    let c = chain(&home, &[], DEAD_IMDS).provide().await.expect("cli");
    assert_eq!(
        (c.access_key_id(), c.security_token()),
        ("cli-work-id", Some("cli-work-token"))
    );
    let vars = [("ALIBABA_CLOUD_PROFILE", "default")];
    let c = chain(&home, &vars, DEAD_IMDS)
        .provide()
        .await
        .expect("cli default");
    assert_eq!(
        (c.access_key_id(), c.security_token()),
        ("cli-default-id", None)
    );
    assert_eq!(
        chain(&home, &[], DEAD_IMDS).region().as_deref(),
        Some("cn-shenzhen")
    );
    let vars = [("ALIBABA_CLOUD_REGION_ID", "eu-central-1")];
    assert_eq!(
        chain(&home, &vars, DEAD_IMDS).region().as_deref(),
        Some("eu-central-1")
    );

    // A profile the CLI file lacks falls through to the ini file's section of that name.
    let vars = [("ALIBABA_CLOUD_PROFILE", "sts")];
    let c = chain(&home, &vars, DEAD_IMDS)
        .provide()
        .await
        .expect("ini sts");
    assert_eq!(
        (c.access_key_id(), c.security_token()),
        ("ini-sts-id", Some("ini-token"))
    );
}

#[tokio::test]
async fn ini_file_from_the_environment_and_ecs_roles() {
    let home = TempDir::new("chain-ini");
    let elsewhere = TempDir::new("chain-ini-file");
    let path = elsewhere.write("creds.ini", INI);
    let path = path.to_string_lossy().into_owned();
    let vars = [("ALIBABA_CLOUD_CREDENTIALS_FILE", path.as_str())];
    let c = chain(&home, &vars, DEAD_IMDS)
        .provide()
        .await
        .expect("ini default");
    assert_eq!(c.access_key_id(), "ini-id");

    let server = imds("ini-role", false).await;
    let vars = [
        ("ALIBABA_CLOUD_CREDENTIALS_FILE", path.as_str()),
        ("ALIBABA_CLOUD_PROFILE", "ecs"),
    ];
    let c = chain(&home, &vars, &server.url)
        .provide()
        .await
        .expect("ini ecs role");
    assert_eq!(
        (c.access_key_id(), c.security_token()),
        ("STS.ecs-id", Some("ecs-token"))
    );
    assert!(c.expiry().is_some());
    let reqs = server.requests();
    assert_eq!(reqs[0].method, "PUT");
    assert!(
        reqs[1..]
            .iter()
            .all(|r| r.header("x-aliyun-ecs-metadata-token") == Some("imds-token-value"))
    );
    assert!(reqs.iter().any(|r| r.path.ends_with("/ini-role")));

    let ini = IniFileProvider::new()
        .path(elsewhere.0.join("creds.ini"))
        .profile("sts");
    assert_eq!(
        ini.provide().await.expect("ini").access_key_id(),
        "ini-sts-id"
    );
    let cli = CliProfileProvider::new().path(elsewhere.0.join("missing.json"));
    let e = cli.provide().await.unwrap_err();
    assert!(e.message().contains("does not exist"), "{e}");
}

#[tokio::test]
async fn ecs_metadata_v2_with_fallback_and_disable_switch() {
    let home = TempDir::new("chain-ecs");
    let server = imds("my-role", true).await;
    let c = chain(&home, &[], &server.url)
        .provide()
        .await
        .expect("ecs v1 fallback");
    assert_eq!(c.access_key_id(), "STS.ecs-id");
    let reqs = server.requests();
    assert!(
        reqs.iter()
            .filter(|r| r.method == "GET")
            .all(|r| r.header("x-aliyun-ecs-metadata-token").is_none())
    );

    let server = imds("my-role", false).await;
    let vars = [("ALIBABA_CLOUD_ECS_METADATA", "my-role")];
    chain(&home, &vars, &server.url)
        .provide()
        .await
        .expect("named role");
    // The role was given, so the role list is never asked for.
    assert!(
        server
            .requests()
            .iter()
            .all(|r| !r.path.ends_with("security-credentials/"))
    );

    let direct = EcsRamRoleProvider::new()
        .endpoint(&server.url)
        .role_name("my-role");
    assert_eq!(
        direct.provide().await.expect("direct").security_token(),
        Some("ecs-token")
    );

    let vars = [("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")];
    let before = server.requests().len();
    let e = chain(&home, &vars, &server.url)
        .provide()
        .await
        .unwrap_err();
    assert!(
        e.message()
            .contains("disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED"),
        "{e}"
    );
    assert_eq!(server.requests().len(), before);
}

#[tokio::test]
async fn nothing_found_names_every_source_and_why() {
    let home = TempDir::new("chain-empty");
    let vars = [("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "lonely-secret-value")];
    let c = Client::builder()
        .default_chain(chain(&home, &vars, DEAD_IMDS))
        .endpoint("http://127.0.0.1:1")
        .build()
        .expect("build stays lazy");
    let e = c.invoke(input()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert!(e.is_auth_error() && !e.is_retryable());
    let m = e.message();
    for needle in [
        "1. explicit credentials",
        "2. environment variables: ALIBABA_CLOUD_ACCESS_KEY_ID not set",
        "3. CLI profile:",
        ".aliyun/config.json does not exist",
        "4. credentials file:",
        ".alibabacloud/credentials.ini does not exist",
        "5. ECS RAM role: metadata service at http://127.0.0.1:1",
    ] {
        assert!(m.contains(needle), "{needle:?} missing from {m}");
    }
    assert!(!format!("{e}{e:?}{c:?}").contains("lonely-secret-value"));
}

#[tokio::test]
async fn a_broken_profile_stops_the_chain_without_echoing_values() {
    let home = TempDir::new("chain-broken");
    home.write(".aliyun/config.json", r#"{"current":"default","profiles":[{"name":"default","access_key_id":"id","access_key_secret":12345678}]}"#);
    let e = chain(&home, &[], DEAD_IMDS).provide().await.unwrap_err();
    assert!(
        e.message().starts_with("CLI profile:")
            && e.message().contains("access_key_secret that is not text"),
        "{e}"
    );
    assert!(!e.to_string().contains("12345678"));
    home.write(
        ".aliyun/config.json",
        r#"{"current":"default","profiles":[{"name":"default","access_key_secret":"abc-secret}]}"#,
    );
    let e = chain(&home, &[], DEAD_IMDS).provide().await.unwrap_err();
    assert!(e.message().contains("is not valid JSON (line 1"), "{e}");
    assert!(!e.to_string().contains("abc-secret"));
    home.write(".aliyun/config.json", CLI);
    // A mode the official library names but does not support is named; an unknown value is not echoed
    // (a key pasted into the wrong field would end up in logs).
    let vars = [("ALIBABA_CLOUD_PROFILE", "weird")];
    let e = chain(&home, &vars, DEAD_IMDS).provide().await.unwrap_err();
    assert!(e.message().contains("has mode RsaKeyPair"), "{e}");
    home.write(
        ".aliyun/config.json",
        r#"{"profiles":[{"name":"default","mode":"LTAI-pasted-key-value"}]}"#,
    );
    let e = chain(&home, &[], DEAD_IMDS).provide().await.unwrap_err();
    assert!(
        e.message().contains("has a mode this SDK does not support"),
        "{e}"
    );
    assert!(!e.message().contains("LTAI-pasted-key-value"), "{e}");
}

#[tokio::test]
async fn sts_tokens_reach_the_wire_in_both_signatures_and_are_cached() {
    let home = TempDir::new("chain-wire");
    home.write(".aliyun/config.json", CLI);
    let server = TestServer::start(vec![
        Reply::json(200, "{}"),
        Reply::json(200, "{}"),
        Reply::json(200, "{}"),
    ])
    .await;
    let calls = Arc::new(AtomicU32::new(0));
    #[derive(Debug)]
    struct Counted(DefaultChain, Arc<AtomicU32>);
    impl ProvideCredentials for Counted {
        fn provide(&self) -> acs_runtime::CredentialsFuture<'_> {
            self.1.fetch_add(1, Ordering::SeqCst);
            self.0.provide()
        }
    }
    let c = Client::builder()
        .credentials_provider(Counted(chain(&home, &[], DEAD_IMDS), calls.clone()))
        .endpoint(&server.url)
        .retry(fast_retry(1))
        .build()
        .expect("client");
    c.invoke(input()).await.expect("acs3");
    c.clone()
        .invoke_with(
            input(),
            &acs_runtime::CallConfig::new().signature_version(SignatureVersion::V1),
        )
        .await
        .expect("v1");
    let reqs = server.requests();
    assert_eq!(
        reqs[0].header("x-acs-security-token"),
        Some("cli-work-token")
    );
    assert_eq!(
        reqs[1].param("SecurityToken").as_deref(),
        Some("cli-work-token")
    );
    assert_eq!(reqs[1].param("AccessKeyId").as_deref(), Some("cli-work-id"));
    assert_eq!(calls.load(Ordering::SeqCst), 1, "clones share one cache");
}
