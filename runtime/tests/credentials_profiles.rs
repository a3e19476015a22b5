//! Every mode of the CLI's `config.json` through the default chain (by `ALIBABA_CLOUD_PROFILE` and by an
//! explicitly named profile), against loopback servers: the emulator's STS, a fake metadata service, a
//! credentials URI server, a CloudSSO portal and a local command. An explicitly named profile wins over
//! environment keys; modes that cannot work say so by name. (The ini file's types: `credentials_ini.rs`.)

mod credentials_support;
mod support;

use std::sync::Arc;
use std::time::Duration;

use acs_emulator::Scenario;
use acs_runtime::{DefaultChain, ErrorKind, ProvideCredentials};
use credentials_support::*;
use serde_json::json;
use support::{Recorded, Reply, TempDir, TestServer};

/// A home with `config.json` holding `profiles`.
fn home(profiles: serde_json::Value) -> TempDir {
    let home = TempDir::new("profiles");
    home.write(
        ".aliyun/config.json",
        &json!({"current": "ak", "profiles": profiles}).to_string(),
    );
    home
}

fn chain(home: &TempDir, vars: &[(&str, &str)], sts: &str, metadata: &str) -> DefaultChain {
    DefaultChain::builder()
        .env_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
        .home_dir(&home.0)
        .sts_endpoint(sts)
        .metadata_endpoint(metadata)
        .build()
}

/// The profile `name`, both ways: selected by `ALIBABA_CLOUD_PROFILE` and named explicitly.
async fn both(
    home: &TempDir,
    name: &str,
    sts: &str,
    metadata: &str,
) -> [acs_runtime::Credentials; 2] {
    let by_env = chain(home, &[("ALIBABA_CLOUD_PROFILE", name)], sts, metadata)
        .provide()
        .await
        .unwrap_or_else(|e| panic!("{name} by ALIBABA_CLOUD_PROFILE: {e}"));
    let explicit = DefaultChain::builder()
        .env_vars([("HOME", "/nonexistent")])
        .home_dir(&home.0)
        .sts_endpoint(sts)
        .metadata_endpoint(metadata)
        .profile(name)
        .build()
        .provide()
        .await
        .unwrap_or_else(|e| panic!("{name} named explicitly: {e}"));
    [by_env, explicit]
}

const DEAD: &str = "http://127.0.0.1:1";

#[tokio::test]
async fn static_modes_and_an_explicit_profile_over_environment_keys() {
    let home = home(json!([
        {"name": "ak", "mode": "AK", "access_key_id": "ak-id", "access_key_secret": "ak-secret", "region_id": "cn-hangzhou"},
        {"name": "nomode", "access_key_id": "nomode-id", "access_key_secret": "nomode-secret"},
        {"name": "sts", "mode": "StsToken", "access_key_id": "STS.id", "access_key_secret": "sts-secret", "sts_token": "sts-token", "region_id": "cn-beijing"},
        {"name": "oauth", "mode": "OAuth", "access_key_id": "STS.oauth", "access_key_secret": "oauth-secret", "sts_token": "oauth-token", "sts_expiration": epoch_in(Duration::from_secs(3600))},
        {"name": "oauth-old", "mode": "OAuth", "access_key_id": "STS.oauth", "access_key_secret": "oauth-secret", "sts_token": "oauth-token", "sts_expiration": 1000},
        {"name": "rsa", "mode": "RsaKeyPair", "key_pair_name": "k"},
        {"name": "odd", "mode": "NotAMode"},
    ]));
    for [a, b] in [
        both(&home, "ak", DEAD, DEAD).await,
        both(&home, "nomode", DEAD, DEAD).await,
    ] {
        assert_eq!(a, b);
        assert!(a.security_token().is_none());
    }
    let [sts, _] = both(&home, "sts", DEAD, DEAD).await;
    assert_eq!(sts.security_token(), Some("sts-token"));
    let [oauth, _] = both(&home, "oauth", DEAD, DEAD).await;
    assert_eq!(
        (oauth.access_key_id(), oauth.security_token()),
        ("STS.oauth", Some("oauth-token"))
    );
    assert!(oauth.expiry().is_some());

    for (name, needle) in [
        (
            "oauth-old",
            "sign in again with `aliyun configure --mode OAuth`",
        ),
        ("rsa", "has mode RsaKeyPair"),
        ("odd", "has a mode this SDK does not support"),
    ] {
        let e = chain(&home, &[("ALIBABA_CLOUD_PROFILE", name)], DEAD, DEAD)
            .provide()
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials);
        assert!(e.message().contains(needle), "{name}: {e}");
        assert!(
            !e.message().contains("NotAMode"),
            "unknown values are not echoed: {e}"
        );
    }

    // The official order puts environment keys first…
    let env_keys = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret"),
        ("ALIBABA_CLOUD_PROFILE", "sts"),
        ("ALIBABA_CLOUD_REGION_ID", "eu-central-1"),
    ];
    let c = chain(&home, &env_keys, DEAD, DEAD);
    assert_eq!(c.provide().await.expect("env").access_key_id(), "env-id");
    assert_eq!(c.region().as_deref(), Some("eu-central-1"));
    // …but a profile named explicitly (the CLI's --profile) is the one used, region included.
    let named = |name: &str| {
        DefaultChain::builder()
            .env_vars(env_keys)
            .home_dir(&home.0)
            .metadata_endpoint(DEAD)
            .profile(name)
            .build()
    };
    assert_eq!(
        named("sts")
            .provide()
            .await
            .expect("explicit")
            .access_key_id(),
        "STS.id"
    );
    assert_eq!(named("sts").region().as_deref(), Some("cn-beijing"));
    assert_eq!(
        named("nomode").region().as_deref(),
        Some("eu-central-1"),
        "no region_id: the environment's"
    );
    let e = named("nobody").provide().await.unwrap_err();
    assert!(e.message().contains("no profile \"nobody\""), "{e}");
    assert!(
        !e.message().contains("environment variables"),
        "nothing else is tried: {e}"
    );
}

#[tokio::test]
async fn role_modes_assume_their_roles_through_sts() {
    let role = Role::new("profile-role", Duration::from_secs(3600));
    let chained = Role::new("profile-chained", Duration::from_secs(3600));
    let oidc = Role::new("profile-oidc", Duration::from_secs(3600));
    let ecs = Role::new("profile-ecs", Duration::from_secs(3600));
    let emu = start(
        config()
            .sts_token(role.accepted())
            .sts_token(ecs.accepted())
            .scenario("AssumeRoleWithOIDC", Scenario::steps(vec![oidc.answer()])),
    )
    .await;
    let metadata = imds(Imds {
        tokens: true,
        fail_with_token: false,
        role: "app-role",
        documents: vec![ecs.document()],
    })
    .await;
    let dir = TempDir::new("profile-oidc-token");
    let token_file = dir.write("token", "profile.jwt.token");
    let home = home(json!([
        {"name": "ak", "mode": "AK", "access_key_id": SOURCE_ID, "access_key_secret": SOURCE_SECRET},
        {"name": "role", "mode": "RamRoleArn", "access_key_id": SOURCE_ID, "access_key_secret": SOURCE_SECRET,
         "ram_role_arn": "acs:ram::1:role/profile", "ram_session_name": "cli-session", "expired_seconds": 900,
         "policy": "{\"Version\":\"1\"}", "external_id": "ext-9", "sts_region": "cn-shanghai", "enable_vpc": false},
        {"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "role", "ram_role_arn": "acs:ram::1:role/chained"},
        {"name": "from-ecs", "mode": "ChainableRamRoleArn", "source_profile": "ecs", "ram_role_arn": "acs:ram::1:role/from-ecs"},
        {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "app-role"},
        {"name": "oidc", "mode": "OIDC", "ram_role_arn": "acs:ram::1:role/oidc", "oidc_provider_arn": "acs:ram::1:oidc-provider/p",
         "oidc_token_file": token_file.to_string_lossy(), "role_session_name": "oidc-session"},
        {"name": "loop-a", "mode": "ChainableRamRoleArn", "source_profile": "loop-b", "ram_role_arn": "acs:ram::1:role/x"},
        {"name": "loop-b", "mode": "ChainableRamRoleArn", "source_profile": "loop-a", "ram_role_arn": "acs:ram::1:role/x"},
        {"name": "orphan", "mode": "ChainableRamRoleArn", "source_profile": "gone", "ram_role_arn": "acs:ram::1:role/x"},
        {"name": "no-arn", "mode": "RamRoleArn", "access_key_id": SOURCE_ID, "access_key_secret": SOURCE_SECRET},
    ]));
    let (sts, imds_url) = (emu.url(), metadata.url.clone());

    emu.set_scenario("AssumeRole", Scenario::steps(vec![role.answer()]))
        .expect("scenario");
    for c in both(&home, "role", &sts, &imds_url).await {
        assert!(role.is(&c));
    }
    let call = calls_of(&emu, "AssumeRole").pop().expect("AssumeRole");
    assert_eq!(signer(&call).as_deref(), Some(SOURCE_ID));
    for (name, value) in [
        ("RoleArn", "acs:ram::1:role/profile"),
        ("RoleSessionName", "cli-session"),
        ("DurationSeconds", "900"),
        ("Policy", "{\"Version\":\"1\"}"),
        ("ExternalId", "ext-9"),
    ] {
        assert_eq!(call.param(name), Some(value), "{name}");
    }

    // Chainable: the source profile's role first, then this one, signed with the first's credentials.
    emu.set_scenario(
        "AssumeRole",
        Scenario::steps(vec![role.answer(), chained.answer()]),
    )
    .expect("scenario");
    let before = calls_of(&emu, "AssumeRole").len();
    let c = chain(
        &home,
        &[("ALIBABA_CLOUD_PROFILE", "chained")],
        &sts,
        &imds_url,
    )
    .provide()
    .await
    .expect("chained");
    assert!(chained.is(&c));
    let calls = calls_of(&emu, "AssumeRole");
    assert_eq!(calls.len(), before + 2);
    assert_eq!(signer(&calls[before + 1]), Some(role.id.clone()));
    assert_eq!(
        calls[before + 1].param("RoleArn"),
        Some("acs:ram::1:role/chained")
    );

    // An ECS role profile, and a role assumed from it.
    for c in both(&home, "ecs", &sts, &imds_url).await {
        assert!(ecs.is(&c));
    }
    emu.set_scenario("AssumeRole", Scenario::steps(vec![chained.answer()]))
        .expect("scenario");
    let c = chain(
        &home,
        &[("ALIBABA_CLOUD_PROFILE", "from-ecs")],
        &sts,
        &imds_url,
    )
    .provide()
    .await
    .expect("from ecs");
    assert!(chained.is(&c));
    assert_eq!(
        signer(&calls_of(&emu, "AssumeRole").pop().expect("call")),
        Some(ecs.id.clone())
    );

    // OIDC from a profile.
    for c in both(&home, "oidc", &sts, &imds_url).await {
        assert!(oidc.is(&c));
    }
    let call = calls_of(&emu, "AssumeRoleWithOIDC")
        .pop()
        .expect("oidc call");
    assert_eq!(call.param("OIDCToken"), Some("profile.jwt.token"));
    assert_eq!(call.param("RoleSessionName"), Some("oidc-session"));

    for (name, needle) in [
        (
            "loop-a",
            "name each other as source_profile: loop-a -> loop-b -> loop-a",
        ),
        (
            "orphan",
            "names source_profile \"gone\", which does not exist",
        ),
        ("no-arn", "(mode RamRoleArn) has no ram_role_arn"),
    ] {
        let e = chain(&home, &[("ALIBABA_CLOUD_PROFILE", name)], &sts, &imds_url)
            .provide()
            .await
            .unwrap_err();
        assert!(e.message().contains(needle), "{name}: {e}");
    }
}

#[tokio::test]
async fn uri_cloud_sso_and_external_modes() {
    let uri_role = Role::new("uri", Duration::from_secs(3600));
    let sso_role = Role::new("sso", Duration::from_secs(3600));
    let ext_role = Role::new("external", Duration::from_secs(3600));
    let doc = uri_role.document();
    let uri = TestServer::with_responder(Arc::new(move |r: &Recorded| {
        if r.method == "GET" && r.path == "/creds" && r.query == "t=1" {
            Reply::json(200, &doc)
        } else {
            Reply::json(404, "{}")
        }
    }))
    .await;
    let answer =
        json!({"CloudCredential": {"AccessKeyId": sso_role.id, "AccessKeySecret": sso_role.secret,
        "SecurityToken": sso_role.token, "Expiration": iso(sso_role.expires)}})
        .to_string();
    let sso = TestServer::with_responder(Arc::new(move |r: &Recorded| {
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
        let ok = r.method == "POST"
            && r.path == "/cloud-credentials"
            && r.header("authorization") == Some("Bearer sso-access-token")
            && body == json!({"AccountId": "5123", "AccessConfigurationId": "ac-1"});
        if ok {
            Reply::json(200, &answer)
        } else {
            Reply::json(401, "{}")
        }
    }))
    .await;
    let dir = TempDir::new("external-helper");
    let output = json!({"mode": "StsToken", "access_key_id": ext_role.id, "access_key_secret": ext_role.secret,
        "sts_token": ext_role.token, "expiration": iso(ext_role.expires)});
    let helper = dir.write("helper.sh", &format!("cat <<'EOF'\n{output}\nEOF\n"));
    let later = epoch_in(Duration::from_secs(3600));
    let home = home(json!([
        {"name": "uri", "mode": "CredentialsURI", "credentials_uri": format!("{}/creds?t=1", uri.url)},
        {"name": "sso", "mode": "CloudSSO", "cloud_sso_sign_in_url": format!("{}/device/login", sso.url),
         "cloud_sso_account_id": "5123", "cloud_sso_access_config": "ac-1", "access_token": "sso-access-token",
         "cloud_sso_access_token_expire": later},
        {"name": "sso-expired", "mode": "CloudSSO", "cloud_sso_sign_in_url": format!("{}/device/login", sso.url),
         "cloud_sso_account_id": "5123", "cloud_sso_access_config": "ac-1", "access_token": "sso-access-token",
         "cloud_sso_access_token_expire": 1000},
        {"name": "external", "mode": "External", "process_command": format!("sh '{}' --quiet", helper.display())},
        {"name": "external-fails", "mode": "External", "process_command": "sh -c 'exit 3'"},
    ]));
    for c in both(&home, "uri", DEAD, DEAD).await {
        assert!(uri_role.is(&c));
        assert!(c.expiry().is_some());
    }
    for c in both(&home, "sso", DEAD, DEAD).await {
        assert!(sso_role.is(&c));
    }
    for c in both(&home, "external", DEAD, DEAD).await {
        assert!(ext_role.is(&c));
        assert!(c.expiry().is_some());
    }
    for (name, needle) in [
        ("sso-expired", "sign in again"),
        ("external-fails", "exited with exit status: 3"),
    ] {
        let e = chain(&home, &[("ALIBABA_CLOUD_PROFILE", name)], DEAD, DEAD)
            .provide()
            .await
            .unwrap_err();
        assert!(e.message().contains(needle), "{name}: {e}");
    }
}
