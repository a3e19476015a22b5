//! `--profile` with every mode of `~/.aliyun/config.json`: the profile named wins over credentials in the
//! environment; the modes that need only loopback servers (AK, StsToken, CredentialsURI, CloudSSO,
//! External, OAuth) make a real call to the emulator; the modes that need STS or the ECS metadata service
//! (RamRoleArn, ChainableRamRoleArn, OIDC, EcsRamRole), which the CLI cannot point at loopback, are shown
//! to be reached by their own errors, before any request; RsaKeyPair is refused by name.

mod support;

use acs_emulator::StsToken;
use serde_json::json;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const STS_ID: &str = "STS.cli-profile";
const STS_SECRET: &str = "cli-profile-sts-secret";
const STS_TOKEN: &str = "cli-profile-sts-token";

/// A loopback server answering every request with HTTP 200 and `body`; its URL.
async fn serve(body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut buf = [0u8; 4096];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(body.as_bytes()).await;
            });
        }
    });
    url
}

fn identity(url: &str, profile: &str) -> Acs {
    Acs::new(&[
        "call",
        "sts",
        "GetCallerIdentity",
        "--input",
        "{}",
        "--endpoint",
        url,
        "--profile",
        profile,
    ])
}

#[tokio::test]
async fn every_mode_works_through_profile() {
    let emu = start(config().sts_token(StsToken::new(STS_ID, STS_SECRET, STS_TOKEN))).await;
    let expiration = "2099-01-01T00:00:00Z";
    let document = json!({"Code": "Success", "AccessKeyId": STS_ID, "AccessKeySecret": STS_SECRET,
                          "SecurityToken": STS_TOKEN, "Expiration": expiration});
    let uri = serve(document.to_string()).await;
    let sso = serve(json!({"CloudCredential": document}).to_string()).await;
    let external = json!({"mode": "StsToken", "access_key_id": STS_ID, "access_key_secret": STS_SECRET,
                          "sts_token": STS_TOKEN, "expiration": expiration});
    let config_json = json!({"current": "ak", "profiles": [
        {"name": "ak", "mode": "AK", "access_key_id": KEY_ID, "access_key_secret": SECRET},
        {"name": "sts", "mode": "StsToken", "access_key_id": STS_ID, "access_key_secret": STS_SECRET, "sts_token": STS_TOKEN},
        {"name": "uri", "mode": "CredentialsURI", "credentials_uri": format!("{uri}/credentials")},
        {"name": "sso", "mode": "CloudSSO", "cloud_sso_sign_in_url": format!("{sso}/login"), "cloud_sso_account_id": "1",
         "cloud_sso_access_config": "ac-1", "access_token": "sso-token", "cloud_sso_access_token_expire": 4_102_444_800_i64},
        {"name": "external", "mode": "External", "process_command": "sh -c 'cat \"$HOME/external.json\"'"},
        {"name": "oauth", "mode": "OAuth", "access_key_id": STS_ID, "access_key_secret": STS_SECRET,
         "sts_token": STS_TOKEN, "sts_expiration": 4_102_444_800_i64},
        {"name": "role", "mode": "RamRoleArn", "access_key_id": KEY_ID, "access_key_secret": SECRET},
        {"name": "chain-a", "mode": "ChainableRamRoleArn", "source_profile": "chain-b", "ram_role_arn": "acs:ram::1:role/a"},
        {"name": "chain-b", "mode": "ChainableRamRoleArn", "source_profile": "chain-a", "ram_role_arn": "acs:ram::1:role/b"},
        {"name": "oidc", "mode": "OIDC", "ram_role_arn": "acs:ram::1:role/o", "oidc_provider_arn": "acs:ram::1:oidc-provider/p",
         "oidc_token_file": "/nonexistent/acs-cli-test/token"},
        {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "r"},
        {"name": "rsa", "mode": "RsaKeyPair"},
    ]})
    .to_string();
    let run = |profile: &str| {
        identity(&emu.url(), profile)
            .home_file(".aliyun/config.json", &config_json)
            .home_file("external.json", &external.to_string())
            .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
    };
    for profile in ["ak", "sts", "uri", "sso", "external", "oauth"] {
        run(profile).run().await.assert_code(0);
    }
    let signers: Vec<String> = emu
        .exchanges()
        .iter()
        .filter_map(|e| e.header("authorization").map(str::to_owned))
        .collect();
    assert_eq!(signers.len(), 6);
    assert!(signers[0].contains(&format!("Credential={KEY_ID},")));
    assert!(
        signers[1..]
            .iter()
            .all(|s| s.contains(&format!("Credential={STS_ID},")))
    );

    for (profile, needle) in [
        ("role", "(mode RamRoleArn) has no ram_role_arn"),
        (
            "chain-a",
            "name each other as source_profile: chain-a -> chain-b -> chain-a",
        ),
        (
            "oidc",
            "OIDC token file /nonexistent/acs-cli-test/token cannot be read",
        ),
        ("ecs", "disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED"),
        ("rsa", "has mode RsaKeyPair"),
        ("nobody", "no profile \"nobody\""),
    ] {
        run(profile).run().await.assert_failure(1, &[needle]);
    }
    assert_eq!(emu.exchanges().len(), 6, "failing profiles send nothing");
}

#[tokio::test]
async fn a_named_profile_wins_over_environment_keys() {
    let emu = start(config()).await;
    let config_json = json!({"current": "default", "profiles": [
        {"name": "default", "mode": "AK", "access_key_id": KEY_ID, "access_key_secret": "wrong-secret"},
        {"name": "work", "mode": "AK", "access_key_id": KEY_ID, "access_key_secret": SECRET},
    ]})
    .to_string();
    // The environment holds a wrong secret: without --profile it is what the official order uses…
    let bare = Acs::new(&[
        "call",
        "sts",
        "GetCallerIdentity",
        "--input",
        "{}",
        "--endpoint",
    ])
    .arg(emu.url())
    .credentials("wrong-env-secret")
    .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
    .home_file(".aliyun/config.json", &config_json);
    bare.clone()
        .run()
        .await
        .assert_failure(1, &["SignatureDoesNotMatch"]);
    // …and ALIBABA_CLOUD_PROFILE does not change that…
    bare.clone()
        .env("ALIBABA_CLOUD_PROFILE", "work")
        .run()
        .await
        .assert_failure(1, &["SignatureDoesNotMatch"]);
    // …but a profile named on the command line is the one used.
    bare.arg("--profile").arg("work").run().await.assert_code(0);
}
