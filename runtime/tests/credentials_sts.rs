//! RAM roles (`AssumeRole`) and OIDC (`AssumeRoleWithOIDC`) against the emulator's STS, served from
//! `specs/sts` on 127.0.0.1: what is sent, with which signature, chained roles whatever their source,
//! the rotated token file, refresh at expiry under concurrency (one STS call), and sources and STS
//! answers that fail.

mod credentials_support;
mod support;

use std::time::{Duration, UNIX_EPOCH};

use acs_emulator::{Scenario, Step};
use acs_runtime::{
    CachingProvider, Client, Credentials, EcsRamRoleProvider, EnvProvider, ErrorKind,
    OidcRoleArnProvider, ProvideCredentials, RamRoleArnProvider, StaticProvider,
};
use credentials_support::*;
use support::TempDir;

const ROLE: &str = "acs:ram::123456789012:role/app";

fn role_provider(
    source: impl ProvideCredentials + 'static,
    arn: &str,
    sts: &str,
) -> RamRoleArnProvider {
    RamRoleArnProvider::builder(source)
        .env_vars([("HOME", "/nonexistent")])
        .role_arn(arn)
        .sts_endpoint(sts)
        .build()
        .expect("provider")
}

#[tokio::test]
async fn ram_role_arn_signs_assume_role_with_its_source() {
    let role = Role::new("role-a", Duration::from_secs(3600));
    let emu = start(
        config()
            .sts_token(role.accepted())
            .scenario("AssumeRole", Scenario::steps(vec![role.answer()])),
    )
    .await;
    let p = RamRoleArnProvider::builder(StaticProvider::new(source()))
        .env_vars([("HOME", "/nonexistent")])
        .role_arn(ROLE)
        .role_session_name("unit-test")
        .duration_seconds(1800)
        .policy(r#"{"Version":"1","Statement":[]}"#)
        .external_id("ext-123")
        .sts_endpoint(emu.url())
        .build()
        .expect("provider");
    let c = p.provide().await.expect("assumed");
    assert!(role.is(&c), "{c:?}");
    let expiry = UNIX_EPOCH + Duration::from_secs(u64::try_from(role.expires).expect("epoch"));
    assert_eq!(c.expiry(), Some(expiry));

    let calls = calls_of(&emu, "AssumeRole");
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    assert_eq!(call.status, Some(200));
    assert_eq!(signer(call).as_deref(), Some(SOURCE_ID));
    assert!(
        call.header("x-acs-security-token").is_none(),
        "an AccessKey source has no token"
    );
    for (name, value) in [
        ("RoleArn", ROLE),
        ("RoleSessionName", "unit-test"),
        ("DurationSeconds", "1800"),
        ("Policy", r#"{"Version":"1","Statement":[]}"#),
        ("ExternalId", "ext-123"),
    ] {
        assert_eq!(call.param(name), Some(value), "{name}");
    }

    // The role's credentials sign the client's calls, and the emulator accepts them.
    let client = Client::builder()
        .credentials_provider(p)
        .endpoint(emu.url())
        .build()
        .expect("client");
    client
        .invoke(GetCallerIdentity {})
        .await
        .expect("signed as the role");
    let last = calls_of(&emu, "GetCallerIdentity").pop().expect("called");
    assert_eq!(signer(&last), Some(role.id.clone()));
    assert!(last.header("x-acs-security-token").is_some());
}

#[tokio::test]
async fn roles_chain_from_an_ecs_role_through_sts_credentials() {
    let ecs = Role::new("ecs-source", Duration::from_secs(6 * 3600));
    let a = Role::new("chain-a", Duration::from_secs(3600));
    let b = Role::new("chain-b", Duration::from_secs(3600));
    let emu = start(
        config()
            .sts_token(ecs.accepted())
            .sts_token(a.accepted())
            .sts_token(b.accepted())
            .scenario("AssumeRole", Scenario::steps(vec![a.answer(), b.answer()])),
    )
    .await;
    let metadata = imds(Imds {
        tokens: true,
        fail_with_token: false,
        role: "instance-role",
        documents: vec![ecs.document()],
    })
    .await;
    let instance = EcsRamRoleProvider::new().endpoint(&metadata.url);
    let first = role_provider(instance, "acs:ram::1:role/a", &emu.url());
    let second = role_provider(first, "acs:ram::1:role/b", &emu.url());
    let c = second.provide().await.expect("two roles deep");
    assert!(b.is(&c), "{c:?}");

    let calls = calls_of(&emu, "AssumeRole");
    assert_eq!(calls.len(), 2);
    // Role a is assumed with the instance's STS credentials, role b with role a's.
    assert_eq!(signer(&calls[0]), Some(ecs.id.clone()));
    assert!(calls[0].header("x-acs-security-token").is_some());
    assert_eq!(calls[0].param("RoleArn"), Some("acs:ram::1:role/a"));
    assert_eq!(signer(&calls[1]), Some(a.id.clone()));
    assert_eq!(calls[1].param("RoleArn"), Some("acs:ram::1:role/b"));
    assert!(
        metadata
            .requests()
            .iter()
            .any(|r| r.path.ends_with("/instance-role"))
    );
}

#[tokio::test]
async fn oidc_reads_the_rotated_token_file_at_every_refresh() {
    let r1 = Role::new("oidc-1", Duration::from_secs(3600));
    let r2 = Role::new("oidc-2", Duration::from_secs(3600));
    let chained = Role::new("oidc-chained", Duration::from_secs(3600));
    let emu = start(
        config()
            .sts_token(r1.accepted())
            .sts_token(r2.accepted())
            .sts_token(chained.accepted())
            .scenario(
                "AssumeRoleWithOIDC",
                Scenario::steps(vec![r1.answer(), r2.answer()]),
            )
            .scenario("AssumeRole", Scenario::steps(vec![chained.answer()])),
    )
    .await;
    let dir = TempDir::new("oidc-rotation");
    let token_file = dir.write("token", "jwt.one.first\n");
    let p = OidcRoleArnProvider::builder()
        .env_vars([("HOME", "/nonexistent")])
        .role_arn("acs:ram::1:role/pod")
        .oidc_provider_arn("acs:ram::1:oidc-provider/ack")
        .oidc_token_file(&token_file)
        .role_session_name("pod-session")
        .sts_endpoint(emu.url())
        .build()
        .expect("provider");
    assert!(r1.is(&p.provide().await.expect("first")));
    dir.write("token", "jwt.two.rotated");
    assert!(r2.is(&p.provide().await.expect("second")));
    let calls = calls_of(&emu, "AssumeRoleWithOIDC");
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].param("OIDCToken"), Some("jwt.one.first"));
    assert_eq!(calls[1].param("OIDCToken"), Some("jwt.two.rotated"));
    for call in &calls {
        assert!(call.header("authorization").is_none(), "sent unsigned");
        assert_eq!(
            call.param("OIDCProviderArn"),
            Some("acs:ram::1:oidc-provider/ack")
        );
        assert_eq!(call.param("RoleSessionName"), Some("pod-session"));
        assert_eq!(call.param("DurationSeconds"), Some("3600"));
        assert!(
            !call.query.contains("jwt."),
            "the token travels in the body"
        );
    }

    // An OIDC role is a source like any other.
    let chain = role_provider(p, "acs:ram::1:role/next", &emu.url());
    assert!(chained.is(&chain.provide().await.expect("chained")));
    let assume = calls_of(&emu, "AssumeRole");
    assert_eq!(signer(&assume[0]), Some(r2.id.clone()));

    // A missing file is an error naming it, and nothing is sent.
    std::fs::remove_file(&token_file).expect("remove");
    let before = emu.exchanges().len();
    let e = OidcRoleArnProvider::builder()
        .role_arn("acs:ram::1:role/pod")
        .oidc_provider_arn("acs:ram::1:oidc-provider/ack")
        .oidc_token_file(&token_file)
        .sts_endpoint(emu.url())
        .build()
        .expect("built: the file is read at refresh")
        .provide()
        .await
        .expect_err("no token");
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert!(
        e.message().contains("OIDC token file") && e.message().contains("cannot be read"),
        "{e}"
    );
    assert_eq!(emu.exchanges().len(), before);
}

#[tokio::test]
async fn refresh_at_expiry_under_concurrency_is_one_sts_call() {
    let short = Role::new("short", Duration::from_secs(3600));
    let long = Role::new("long", Duration::from_secs(3600));
    let emu = start(
        config()
            .sts_token(short.accepted())
            .sts_token(long.accepted()),
    )
    .await;
    let short = short.expiring_in(Duration::from_secs(2));
    emu.set_scenario(
        "AssumeRole",
        Scenario::steps(vec![short.answer(), long.answer()]),
    )
    .expect("scenario");
    // A thousand callers of one cache, all at once, after the cached credentials expired.
    let cache = CachingProvider::new(role_provider(
        StaticProvider::new(source()),
        ROLE,
        &emu.url(),
    ));
    assert!(short.is(&cache.provide().await.expect("first")));
    sleep_past(short.expires, Duration::from_millis(200)).await;
    let callers = (0..1000).map(|_| {
        let cache = cache.clone();
        tokio::spawn(async move { cache.provide().await })
    });
    for got in futures_util::future::join_all(callers).await {
        assert!(long.is(&got.expect("task").expect("refreshed")));
    }
    assert_eq!(
        calls_of(&emu, "AssumeRole").len(),
        2,
        "one call to start, one refresh"
    );
}

#[tokio::test]
async fn concurrent_client_calls_at_expiry_share_one_refresh() {
    let short = Role::new("client-short", Duration::from_secs(3600));
    let long = Role::new("client-long", Duration::from_secs(3600));
    let emu = start(
        config()
            .sts_token(short.accepted())
            .sts_token(long.accepted()),
    )
    .await;
    let short = short.expiring_in(Duration::from_secs(2));
    emu.set_scenario(
        "AssumeRole",
        Scenario::steps(vec![short.answer(), long.answer()]),
    )
    .expect("scenario");
    let client = Client::builder()
        .credentials_provider(role_provider(
            StaticProvider::new(source()),
            ROLE,
            &emu.url(),
        ))
        .endpoint(emu.url())
        .build()
        .expect("client");
    client
        .invoke(GetCallerIdentity {})
        .await
        .expect("first call");
    sleep_past(short.expires, Duration::from_millis(200)).await;
    let calls = (0..200).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.invoke(GetCallerIdentity {}).await })
    });
    for got in futures_util::future::join_all(calls).await {
        got.expect("task").expect("accepted by the emulator");
    }
    assert_eq!(calls_of(&emu, "AssumeRole").len(), 2);
    let signed: Vec<Option<String>> = calls_of(&emu, "GetCallerIdentity")
        .iter()
        .map(signer)
        .collect();
    assert_eq!(signed.len(), 201);
    assert_eq!(signed[0], Some(short.id.clone()));
    assert!(
        signed[1..]
            .iter()
            .all(|s| s.as_deref() == Some(long.id.as_str()))
    );
}

#[tokio::test]
async fn failing_sources_and_refusals_are_named() {
    let role = Role::new("refused", Duration::from_secs(3600));
    let emu = start(config().sts_token(role.accepted())).await;

    // The source fails: its reason is given, and STS is not asked.
    let nothing = EnvProvider::with_vars(Vec::<(String, String)>::new());
    let e = role_provider(nothing, ROLE, &emu.url())
        .provide()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    let m = e.message();
    assert!(
        m.contains(&format!("RAM role {ROLE}: source credentials")),
        "{m}"
    );
    assert!(m.contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{m}");
    assert!(calls_of(&emu, "AssumeRole").is_empty());

    // STS refuses: the code, the request id and the endpoint are kept.
    emu.set_scenario(
        "AssumeRole",
        Scenario::steps(vec![Step::error(
            403,
            "NoPermission",
            "You are not authorized to do this action.",
        )]),
    )
    .expect("scenario");
    let e = role_provider(StaticProvider::new(source()), ROLE, &emu.url())
        .provide()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert_eq!(e.code(), Some("NoPermission"));
    assert!(e.request_id().is_some());
    assert!(
        e.message().contains(&format!("STS at {}", emu.url())),
        "{e}"
    );
    assert!(e.message().contains("AssumeRole"), "{e}");

    // A source STS does not know.
    let stranger = StaticProvider::new(Credentials::new("LTAI-stranger", "nope"));
    let e = role_provider(stranger, ROLE, &emu.url())
        .provide()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("InvalidAccessKeyId.NotFound"), "{e}");

    // A server error is retried.
    emu.set_scenario(
        "AssumeRole",
        Scenario::steps(vec![
            Step::error(500, "InternalError", "try again"),
            role.answer(),
        ]),
    )
    .expect("scenario");
    let c = role_provider(StaticProvider::new(source()), ROLE, &emu.url())
        .provide()
        .await
        .expect("second attempt");
    assert!(role.is(&c));

    // A refresh that fails keeps serving the valid credentials, says why, and is not repeated at once.
    // (A margin of all but two seconds of the credentials' life makes the refresh due that soon.)
    let fresh = Role::new("fresh", Duration::from_secs(3600));
    let left = u64::try_from(fresh.expires - epoch_in(Duration::ZERO)).expect("future");
    emu.set_scenario("AssumeRole", Scenario::steps(vec![fresh.answer()]))
        .expect("scenario");
    let cache = CachingProvider::new(role_provider(
        StaticProvider::new(source()),
        ROLE,
        &emu.url(),
    ))
    .refresh_before(Duration::from_secs(left - 2));
    assert!(fresh.is(&cache.provide().await.expect("first")));
    emu.set_scenario(
        "AssumeRole",
        Scenario::steps(vec![Step::error(403, "NoPermission", "revoked")]),
    )
    .expect("scenario");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let before = calls_of(&emu, "AssumeRole").len();
    for _ in 0..20 {
        assert!(fresh.is(&cache.provide().await.expect("still valid")));
    }
    assert_eq!(
        calls_of(&emu, "AssumeRole").len(),
        before + 1,
        "one failed refresh, then a pause"
    );
    let why = cache.last_refresh_error().expect("reported");
    assert!(
        why.contains("NoPermission") || why.contains("revoked"),
        "{why}"
    );
}
