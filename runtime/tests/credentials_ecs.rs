//! The ECS RAM role against a fake metadata service on 127.0.0.1: IMDSv2 tokens by default, the official
//! fallback to plain requests and its switch (`ALIBABA_CLOUD_IMDSV1_DISABLED`), the role from
//! `ALIBABA_CLOUD_ECS_METADATA`, and a disabled service (`ALIBABA_CLOUD_ECS_METADATA_DISABLED`) that is
//! never asked, not even for a role a profile names.

mod credentials_support;
mod support;

use std::time::Duration;

use acs_runtime::{DefaultChain, EcsRamRoleProvider, ErrorKind, ProvideCredentials};
use credentials_support::*;
use support::{TempDir, TestServer};

fn role() -> Role {
    Role::new("instance", Duration::from_secs(6 * 3600))
}

fn service(tokens: bool, fail_with_token: bool, r: &Role) -> Imds {
    Imds {
        tokens,
        fail_with_token,
        role: "app-role",
        documents: vec![r.document()],
    }
}

fn chain(home: &TempDir, vars: &[(&str, &str)], server: &TestServer) -> DefaultChain {
    DefaultChain::builder()
        .env_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
        .home_dir(&home.0)
        .metadata_endpoint(&server.url)
        .build()
}

#[tokio::test]
async fn imds_v2_tokens_by_default() {
    let r = role();
    let server = imds(service(true, false, &r)).await;
    let c = EcsRamRoleProvider::new()
        .endpoint(&server.url)
        .provide()
        .await
        .expect("credentials");
    assert!(r.is(&c));
    assert!(c.expiry().is_some());
    let reqs = server.requests();
    assert_eq!(reqs[0].method, "PUT");
    assert_eq!(reqs[0].path, "/latest/api/token");
    assert_eq!(
        reqs[0].header("x-aliyun-ecs-metadata-token-ttl-seconds"),
        Some("21600")
    );
    let gets: Vec<_> = reqs.iter().filter(|r| r.method == "GET").collect();
    assert_eq!(gets.len(), 2, "the role list, then the role: {reqs:?}");
    assert!(
        gets.iter()
            .all(|g| g.header("x-aliyun-ecs-metadata-token") == Some(IMDS_TOKEN))
    );
}

#[tokio::test]
async fn plain_requests_follow_when_allowed_and_never_when_disabled() {
    let r = role();
    // No token issued: plain GETs (IMDSv1), unless ALIBABA_CLOUD_IMDSV1_DISABLED.
    let server = imds(service(false, false, &r)).await;
    let home = TempDir::new("imds-v1");
    let c = chain(&home, &[], &server)
        .provide()
        .await
        .expect("v1 fallback");
    assert!(r.is(&c));
    assert!(
        server
            .requests()
            .iter()
            .filter(|q| q.method == "GET")
            .all(|q| q.header("x-aliyun-ecs-metadata-token").is_none())
    );

    let server = imds(service(false, false, &r)).await;
    let e = chain(&home, &[("ALIBABA_CLOUD_IMDSV1_DISABLED", "true")], &server)
        .provide()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert!(e.message().contains("ALIBABA_CLOUD_IMDSV1_DISABLED"), "{e}");
    assert!(
        server.requests().iter().all(|q| q.method == "PUT"),
        "no plain GET"
    );
    let direct = EcsRamRoleProvider::new()
        .endpoint(&server.url)
        .disable_imds_v1(true);
    assert!(direct.provide().await.is_err());

    // A token that the GETs then fail with: tried once more without it (official fallback)…
    let server = imds(service(true, true, &r)).await;
    let c = EcsRamRoleProvider::new()
        .endpoint(&server.url)
        .provide()
        .await
        .expect("fallback");
    assert!(r.is(&c));
    let gets: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|q| q.method == "GET")
        .collect();
    assert_eq!(
        gets.len(),
        4,
        "each GET with the token, then without: {gets:?}"
    );
    // …unless plain requests are disabled.
    let server = imds(service(true, true, &r)).await;
    let e = EcsRamRoleProvider::new()
        .endpoint(&server.url)
        .disable_imds_v1(true)
        .provide()
        .await
        .unwrap_err();
    assert!(e.message().contains("HTTP 500"), "{e}");
    assert!(
        server
            .requests()
            .iter()
            .all(|q| q.method == "PUT" || q.header("x-aliyun-ecs-metadata-token").is_some())
    );
}

#[tokio::test]
async fn the_role_named_in_the_environment_is_asked_for_directly() {
    let r = role();
    let server = imds(service(true, false, &r)).await;
    let home = TempDir::new("imds-named");
    let c = chain(
        &home,
        &[("ALIBABA_CLOUD_ECS_METADATA", "app-role")],
        &server,
    )
    .provide()
    .await
    .expect("named role");
    assert!(r.is(&c));
    assert!(
        server
            .requests()
            .iter()
            .all(|q| !q.path.ends_with("security-credentials/"))
    );
    // A role the service does not have: nothing found, named.
    let server = imds(service(true, false, &r)).await;
    let e = chain(
        &home,
        &[("ALIBABA_CLOUD_ECS_METADATA", "other-role")],
        &server,
    )
    .provide()
    .await
    .unwrap_err();
    assert!(
        e.message().contains("security-credentials/other-role"),
        "{e}"
    );
}

#[tokio::test]
async fn a_disabled_service_is_never_asked_even_for_a_profile_role() {
    let r = role();
    let server = imds(service(true, false, &r)).await;
    let home = TempDir::new("imds-disabled");
    home.write(
        ".aliyun/config.json",
        r#"{"current":"ecs","profiles":[{"name":"ecs","mode":"EcsRamRole","ram_role_name":"app-role"}]}"#,
    );
    home.write(
        ".alibabacloud/credentials.ini",
        "[ecs]\ntype = ecs_ram_role\nrole_name = app-role\n",
    );
    let off = [("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")];
    let e = chain(&home, &off, &server).provide().await.unwrap_err();
    assert!(
        e.message()
            .contains("disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED"),
        "{e}"
    );
    assert!(e.message().starts_with("CLI profile"), "{e}");
    // The same for the ini file's role and for an explicitly named profile.
    let ini_only = [
        ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
        ("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true"),
        ("ALIBABA_CLOUD_PROFILE", "ecs"),
    ];
    let e = chain(&home, &ini_only, &server)
        .provide()
        .await
        .unwrap_err();
    assert!(e.message().starts_with("credentials file"), "{e}");
    let explicit = DefaultChain::builder()
        .env_vars(off)
        .home_dir(&home.0)
        .metadata_endpoint(&server.url)
        .profile("ecs")
        .build();
    assert!(explicit.provide().await.is_err());
    assert!(
        server.requests().is_empty(),
        "never asked: {:?}",
        server.requests()
    );

    // Enabled, the profile's role is fetched.
    let c = chain(&home, &[], &server)
        .provide()
        .await
        .expect("profile role");
    assert!(r.is(&c));
    assert!(
        server
            .requests()
            .iter()
            .any(|q| q.path.ends_with("/app-role"))
    );
}
