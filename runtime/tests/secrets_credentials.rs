//! No credentials error shows the AccessKeySecret or the SecurityToken, in any encoding, whichever source
//! failed and however: explicit keys, environment variables, the CLI profile, the ini file and the ECS
//! metadata service (including a refresh that fails and is logged), RAM roles and OIDC (STS quoting the
//! source's secret, token or OIDC token back), a credentials URI, CloudSSO (its access token), an
//! external command (its output), an RSA key pair (its private key), OAuth (its access and refresh
//! tokens) and a bearer token, each directly and through a client's call, with every log event at every
//! level captured; and no provider's `Debug` (nor a bearer request's dry run) shows them.

#[path = "support/capture.rs"]
mod capture;
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use acs_runtime::{
    CachingProvider, CliProfileProvider, Client, CloudSsoProvider, Credentials,
    CredentialsUriProvider, DefaultChain, EcsRamRoleProvider, EnvProvider, ErrorKind,
    ExternalProvider, IniFileProvider, OidcRoleArnProvider, ProvideCredentials, RamRoleArnProvider,
    RsaKeyPairProvider, StaticProvider,
};
use capture::Capture;
use serde_json::json;
use support::leaks::{SECRET, Shown, TOKEN, sts_credentials};
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
        (500, format!("internal error for {TOKEN}")),
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

    // Credentials that expire inside the refresh window (refreshed after half of what is left), then a
    // failing refresh: the cached ones are used and the failure is logged.
    let soon = civil_in(Duration::from_secs(4));
    let server = imds(vec![
        (200, full("Success", &soon)),
        (200, full(TOKEN, &soon)),
    ])
    .await;
    let cached = CachingProvider::new(EcsRamRoleProvider::new().endpoint(&server.url));
    cached.provide().await.expect("first fetch");
    tokio::time::sleep(Duration::from_millis(2300)).await;
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

/// A server answering `replies` in turn (the last one for good), whatever is asked.
async fn answering(replies: Vec<(u16, String)>) -> TestServer {
    let served = AtomicU32::new(0);
    TestServer::with_responder(Arc::new(move |_: &Recorded| {
        let n = served.fetch_add(1, Ordering::SeqCst) as usize;
        let (status, body) = &replies[n.min(replies.len() - 1)];
        Reply::json(*status, body)
    }))
    .await
}

/// What STS, a credentials URI or a portal might answer that quotes the secrets back.
fn quoting_answers() -> Vec<(u16, String)> {
    let encoded = acs_runtime::sign::percent_encode(TOKEN);
    vec![
        (
            400,
            json!({"Code": "SignatureDoesNotMatch", "RequestId": "req-1",
                   "Message": format!("string to sign: POST&%2F&SecurityToken%3D{encoded} with {TOKEN}")})
            .to_string(),
        ),
        (
            200,
            json!({"Credentials": {"AccessKeyId": "STS.x", "AccessKeySecret": SECRET, "SecurityToken": TOKEN,
                   "Expiration": SECRET}, "Code": "Success", "AccessKeyId": "STS.x", "AccessKeySecret": SECRET,
                   "SecurityToken": TOKEN, "Expiration": SECRET})
            .to_string(),
        ),
        (
            200,
            json!({"Credentials": {"AccessKeySecret": SECRET, "SecurityToken": TOKEN}, "Code": TOKEN,
                   "CloudCredential": {"AccessKeySecret": SECRET}})
            .to_string(),
        ),
        (500, format!("internal error for {TOKEN}")),
        (200, format!("not json {SECRET} {TOKEN}")),
    ]
}

#[tokio::test]
async fn role_uri_sso_and_external_sources() {
    let (capture, _guard) = Capture::install();
    let mut shown = Shown::default();
    let dir = TempDir::new("leak-sources");
    // The OIDC token is a secret too: the distinctive token stands for it.
    let token_file = dir.write("oidc-token", TOKEN);
    let later = 4_102_444_800; // 2100-01-01
    // STS quoting the secret of the key an AssumeRole was signed with.
    let server = answering(vec![(
        400,
        format!("{{\"Code\":\"X\",\"Message\":\"key {SECRET} token {TOKEN}\"}}"),
    )])
    .await;
    let role = RamRoleArnProvider::builder(StaticProvider::new(sts_credentials()))
        .role_arn("acs:ram::1:role/leak")
        .sts_endpoint(&server.url)
        .build()
        .expect("role");
    shown.failure("ram role quoting the secret", role.provide().await);

    let answers = quoting_answers();
    for answer in &answers {
        let server = answering(vec![answer.clone()]).await;
        let role = RamRoleArnProvider::builder(StaticProvider::new(sts_credentials()))
            .role_arn("acs:ram::1:role/leak")
            .sts_endpoint(&server.url)
            .build()
            .expect("role");
        shown.text(&format!("{role:?}"));
        shown.failure("ram role", role.provide().await);
        let oidc = OidcRoleArnProvider::builder()
            .role_arn("acs:ram::1:role/leak")
            .oidc_provider_arn("acs:ram::1:oidc-provider/p")
            .oidc_token_file(&token_file)
            .sts_endpoint(&server.url)
            .build()
            .expect("oidc");
        shown.text(&format!("{oidc:?}"));
        shown.failure("oidc", oidc.provide().await);
        // Through a client's call, the role's failure on the way.
        let client = Client::builder()
            .credentials_provider(oidc)
            .endpoint("http://127.0.0.1:1")
            .build()
            .expect("client");
        shown.text(&format!("{client:?}"));
        let e = shown.failure("call", client.invoke(input()).await);
        assert_eq!(e.kind(), ErrorKind::Credentials, "{e}");

        let uri =
            CredentialsUriProvider::new(&format!("{}/c?token={TOKEN}", server.url)).expect("uri");
        shown.text(&format!("{uri:?}"));
        shown.failure("uri", uri.provide().await);
        let sso = CloudSsoProvider::new(&server.url, "1", "ac", TOKEN, later).expect("sso");
        shown.text(&format!("{sso:?}"));
        shown.failure("sso", sso.provide().await);
    }

    // A command that fails, or prints what it should not.
    let scripts = [
        format!("echo 'secret {SECRET} token {TOKEN}' >&2\nexit 1\n"),
        format!("echo '{{\"access_key_secret\": \"{SECRET}\", \"sts_token\": \"{TOKEN}\"}}'\n"),
        format!("echo 'not json {SECRET} {TOKEN}'\n"),
        format!(
            "echo '{{\"mode\": \"StsToken\", \"access_key_id\": \"x\", \"access_key_secret\": \"{SECRET}\"}}'\n"
        ),
        format!(
            "echo '{{\"access_key_id\": \"x\", \"access_key_secret\": \"{SECRET}\", \"sts_token\": \"{TOKEN}\", \"expiration\": \"{SECRET}\"}}'\n"
        ),
    ];
    for (i, script) in scripts.iter().enumerate() {
        let path = dir.write(&format!("helper-{i}.sh"), script);
        let external = ExternalProvider::new(&format!("sh {} --password {SECRET}", path.display()))
            .expect("command");
        shown.text(&format!("{external:?}"));
        shown.failure("external", external.provide().await);
    }

    // Profiles holding secrets where they do not belong, or of the wrong type.
    let profiles = [
        json!({"name": "default", "mode": "RamRoleArn", "access_key_id": "id", "access_key_secret": SECRET,
               "ram_role_arn": "acs:ram::1:role/x", "external_id": [SECRET], "sts_token": TOKEN}),
        json!({"name": "default", "mode": "RamRoleArn", "access_key_id": "id", "access_key_secret": SECRET,
               "ram_role_arn": "acs:ram::1:role/x", "expired_seconds": SECRET}),
        json!({"name": "default", "mode": "CloudSSO", "cloud_sso_sign_in_url": SECRET, "cloud_sso_account_id": "1",
               "cloud_sso_access_config": "a", "access_token": TOKEN, "cloud_sso_access_token_expire": later}),
        json!({"name": "default", "mode": "CredentialsURI", "credentials_uri": format!("ftp://{SECRET}")}),
        json!({"name": "default", "mode": "External", "process_command": format!("sh -c 'echo {SECRET} >&2; exit 2'")}),
        json!({"name": "default", "mode": "OAuth", "access_key_id": "id", "access_key_secret": SECRET,
               "sts_token": TOKEN, "sts_expiration": 5}),
    ];
    for profile in profiles {
        let home = TempDir::new("leak-profile");
        let config = json!({"current": "default", "profiles": [profile]});
        home.write(".aliyun/config.json", &config.to_string());
        call_with(chain(&home, &[], "http://127.0.0.1:1"), &mut shown).await;
    }

    shown.text(&capture.text());
    shown.assert_free_of(&[SECRET, TOKEN]);
    assert_eq!(shown.errors, 1 + answers.len() * 5 + 5 + 6);
}

#[tokio::test]
async fn rsa_key_pair_oauth_and_bearer_token() {
    let (capture, _guard) = Capture::install();
    let mut shown = Shown::default();
    let dir = TempDir::new("leak-new-sources");

    // An RSA key pair: the private key file's text is the secret, and STS quotes it back.
    let key = dir.write("private.pem", SECRET);
    let rsa_answers = [
        (
            400,
            json!({"Code": "SignatureDoesNotMatch", "RequestId": "req-1",
                   "Message": format!("string to sign keyed with {SECRET}& and {}", acs_runtime::sign::percent_encode(SECRET))})
            .to_string(),
        ),
        (
            200,
            json!({"SessionAccessKey": {"SessionAccessKeyId": "TMPSK.x", "SessionAccessKeySecret": SECRET,
                   "Expiration": SECRET}})
            .to_string(),
        ),
        (
            200,
            json!({"SessionAccessKey": {"SessionAccessKeySecret": SECRET}}).to_string(),
        ),
        (500, format!("internal error for {SECRET}")),
        (200, format!("not json {SECRET}")),
    ];
    for answer in &rsa_answers {
        let server = answering(vec![answer.clone()]).await;
        let rsa = || {
            RsaKeyPairProvider::builder()
                .public_key_id("TMPSK.public")
                .private_key_file(&key)
                .sts_endpoint(&server.url)
                .build()
                .expect("rsa")
        };
        shown.text(&format!("{:?}", rsa()));
        shown.failure("rsa key pair", rsa().provide().await);
        let client = Client::builder()
            .credentials_provider(rsa())
            .endpoint("http://127.0.0.1:1")
            .build()
            .expect("client");
        shown.text(&format!("{client:?}"));
        let e = shown.failure("call", client.invoke(input()).await);
        assert_eq!(e.kind(), ErrorKind::Credentials, "{e}");
    }

    // OAuth: the access token (SECRET) and the refresh token (TOKEN) quoted back by the sign-in server.
    let later = 4_102_444_800_i64; // 2100-01-01
    let exchange_answers = [
        (
            401,
            json!({"error": "invalid_token", "error_description": format!("Bearer {SECRET} expired")})
                .to_string(),
        ),
        (200, json!({"error": format!("bad {SECRET}")}).to_string()),
        (
            200,
            json!({"AccessKeyId": "STS.x", "AccessKeySecret": SECRET, "SecurityToken": TOKEN,
                   "Expiration": SECRET})
            .to_string(),
        ),
        (200, format!("not json {SECRET}")),
    ];
    let valid = json!({"name": "default", "mode": "OAuth", "oauth_access_token": SECRET,
                       "oauth_access_token_expire": later});
    let renewal_answers = [
        (
            400,
            json!({"error": "invalid_grant", "error_description": format!("{TOKEN} was revoked"),
                   "refresh_token": TOKEN})
            .to_string(),
        ),
        (
            200,
            json!({"refresh_token": TOKEN, "note": format!("{SECRET}")}).to_string(),
        ),
    ];
    let expiring = json!({"name": "default", "mode": "OAuth", "oauth_access_token": SECRET,
                          "oauth_access_token_expire": 1, "oauth_refresh_token": TOKEN});
    let cases = exchange_answers
        .iter()
        .map(|a| (a, &valid))
        .chain(renewal_answers.iter().map(|a| (a, &expiring)));
    for (answer, profile) in cases {
        let server = answering(vec![answer.clone()]).await;
        let home = TempDir::new("leak-oauth");
        let config = json!({"current": "default", "profiles": [profile]});
        home.write(".aliyun/config.json", &config.to_string());
        let oauth = || {
            DefaultChain::builder()
                .env_vars([("X", "y")])
                .home_dir(&home.0)
                .metadata_endpoint("http://127.0.0.1:1")
                .oauth_sign_in_url(&server.url)
                .build()
        };
        shown.failure("oauth", oauth().provide().await);
        call_with(oauth(), &mut shown).await;
    }

    // A bearer token (TOKEN) that the service quotes back, and a dry run.
    let server = answering(vec![(
        401,
        json!({"Code": "InvalidBearerToken", "RequestId": "req-2",
               "Message": format!("token {TOKEN} or {} expired", acs_runtime::sign::percent_encode(TOKEN))})
        .to_string(),
    )])
    .await;
    let client = Client::builder()
        .credentials(Credentials::bearer(TOKEN))
        .endpoint(&server.url)
        .max_attempts(1)
        .build()
        .expect("client");
    shown.text(&format!("{client:?}"));
    let e = shown.failure("bearer", client.invoke(input()).await);
    assert_eq!(e.code(), Some("InvalidBearerToken"), "{e}");
    let mut jobs = input();
    let dry = client
        .prepare(
            <support::ops::DescribeJobs as acs_runtime::Operation>::INFO,
            &mut jobs,
            &acs_runtime::CallConfig::default(),
        )
        .await
        .expect("dry run");
    shown.text(&dry.to_json().to_string());

    shown.text(&capture.text());
    shown.assert_free_of(&[SECRET, TOKEN]);
    assert_eq!(shown.errors, 5 * 2 + (4 + 2) * 2 + 1);
}
