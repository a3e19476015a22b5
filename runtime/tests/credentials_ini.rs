//! The role types of the shared ini file (`ram_role_arn`, `oidc_role_arn`) through the default chain
//! against the emulator's STS, an `rsa_key_pair` section without its keys named as broken (a working one:
//! `credentials_rsa_key_pair.rs`), and `ALIBABA_CLOUD_CLI_PROFILE_DISABLED`
//! letting a section of the ini file through where `config.json` has a profile of the same name.

mod credentials_support;
mod support;

use std::time::Duration;

use acs_emulator::Scenario;
use acs_runtime::{DefaultChain, ProvideCredentials};
use credentials_support::*;
use serde_json::json;
use support::TempDir;

const DEAD: &str = "http://127.0.0.1:1";

fn chain(home: &TempDir, vars: &[(&str, &str)], sts: &str) -> DefaultChain {
    DefaultChain::builder()
        .env_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
        .home_dir(&home.0)
        .sts_endpoint(sts)
        .metadata_endpoint(DEAD)
        .build()
}

#[tokio::test]
async fn ini_role_types_and_the_cli_file_switch() {
    let role = Role::new("ini-role", Duration::from_secs(3600));
    let oidc = Role::new("ini-oidc", Duration::from_secs(3600));
    let emu = start(
        config()
            .scenario("AssumeRole", Scenario::steps(vec![role.answer()]))
            .scenario("AssumeRoleWithOIDC", Scenario::steps(vec![oidc.answer()])),
    )
    .await;
    let home = TempDir::new("ini-roles");
    let profiles = json!({"profiles": [
        {"name": "role", "mode": "AK", "access_key_id": "cli-id", "access_key_secret": "cli-secret"},
    ]});
    home.write(".aliyun/config.json", &profiles.to_string());
    let token = home.write("token", "ini.jwt");
    home.write(
        ".alibabacloud/credentials.ini",
        &format!(
            "[role]\ntype = ram_role_arn\naccess_key_id = {SOURCE_ID}\naccess_key_secret = {SOURCE_SECRET}\n\
             role_arn = acs:ram::1:role/ini\nrole_session_name = ini-session\n\n\
             [oidc]\ntype = oidc_role_arn\nrole_arn = acs:ram::1:role/ini-oidc\n\
             oidc_provider_arn = acs:ram::1:oidc-provider/p\noidc_token_file_path = {}\n\n\
             [rsa]\ntype = rsa_key_pair\n",
            token.display()
        ),
    );
    // config.json has a profile "role": the ini section is reached with the CLI file switched off.
    let off = [
        ("ALIBABA_CLOUD_PROFILE", "role"),
        ("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true"),
    ];
    let c = chain(&home, &off, &emu.url())
        .provide()
        .await
        .expect("ini role");
    assert!(role.is(&c));
    let call = calls_of(&emu, "AssumeRole").pop().expect("call");
    assert_eq!(call.param("RoleSessionName"), Some("ini-session"));
    let on = [("ALIBABA_CLOUD_PROFILE", "role")];
    assert_eq!(
        chain(&home, &on, &emu.url())
            .provide()
            .await
            .expect("cli")
            .access_key_id(),
        "cli-id"
    );

    let c = chain(&home, &[("ALIBABA_CLOUD_PROFILE", "oidc")], &emu.url())
        .provide()
        .await
        .expect("ini oidc");
    assert!(oidc.is(&c));
    let e = chain(&home, &[("ALIBABA_CLOUD_PROFILE", "rsa")], &emu.url())
        .provide()
        .await
        .unwrap_err();
    assert!(e.message().contains("[rsa] has no public_key_id"), "{e}");
}
