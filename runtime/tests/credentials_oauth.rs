//! The `OAuth` mode of `config.json` against a loopback sign-in server that answers `/v1/token` and
//! `/v1/exchange` as `alibabacloud_credentials/provider/oauth.py` calls them: an access token about to
//! expire is renewed with the refresh token (which rotates), exchanged for STS credentials that the
//! emulator accepts, and everything is written back into the profile, so the next read reuses the saved
//! credentials without a request. Concurrent callers make one renewal; refusals are typed, say to sign in
//! again, and quote neither token.

mod credentials_support;
mod support;

use std::sync::Arc;
use std::time::Duration;

use acs_runtime::{CachingProvider, Client, DefaultChain, ErrorKind, ProvideCredentials};
use credentials_support::*;
use serde_json::{Value, json};
use support::{Recorded, Reply, TempDir, TestServer};

const CN_CLIENT_ID: &str = "4038181954557748008";
const INTL_CLIENT_ID: &str = "4103531455503354461";
const ACCESS_OLD: &str = "access+Old/tok=1";
const ACCESS_NEW: &str = "access+New/tok=2";
const REFRESH_OLD: &str = "refresh+Old/tok=1";
const REFRESH_NEW: &str = "refresh+New/tok=2";

fn form(body: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(body)
        .split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| {
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(k), decode(v))
        })
        .collect()
}

/// The sign-in server: renews `REFRESH_OLD` for the client `client_id`, exchanges either access token
/// for `role`'s credentials, and refuses anything else quoting what it was sent.
async fn sign_in(role: Role, client_id: &'static str) -> TestServer {
    TestServer::with_responder(Arc::new(move |r: &Recorded| {
        match (r.method.as_str(), r.path.as_str()) {
            ("POST", "/v1/token") => {
                let f = form(&r.body);
                let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
                let ok = r.header("content-type") == Some("application/x-www-form-urlencoded")
                    && get("grant_type") == Some("refresh_token")
                    && get("client_id") == Some(client_id)
                    && get("Timestamp").is_some_and(|t| t.ends_with('Z'))
                    && f.len() == 4;
                if ok && get("refresh_token") == Some(REFRESH_OLD) {
                    Reply::json(
                        200,
                        &json!({"access_token": ACCESS_NEW, "refresh_token": REFRESH_NEW,
                                "expires_in": 7200, "token_type": "Bearer"})
                        .to_string(),
                    )
                } else {
                    let sent = get("refresh_token").unwrap_or_default().to_owned();
                    Reply::json(
                        400,
                        &json!({"error": "invalid_grant",
                                "error_description": format!("refresh token {sent} was revoked"),
                                "refresh_token": sent})
                        .to_string(),
                    )
                }
            }
            ("POST", "/v1/exchange") => {
                let auth = r.header("authorization").unwrap_or_default();
                let ok = r.header("content-type") == Some("application/json")
                    && (auth == format!("Bearer {ACCESS_NEW}")
                        || auth == format!("Bearer {ACCESS_OLD}"));
                if ok {
                    Reply::json(
                        200,
                        &json!({"AccessKeyId": role.id, "AccessKeySecret": role.secret,
                                "SecurityToken": role.token, "Expiration": iso(role.expires)})
                        .to_string(),
                    )
                } else {
                    Reply::json(
                        401,
                        &json!({"error": "invalid_token",
                                "error_description": format!("{auth} is not valid")})
                        .to_string(),
                    )
                }
            }
            _ => Reply::json(404, "{}"),
        }
    }))
    .await
}

fn chain(home: &TempDir, profile: &str, sign_in: &str) -> DefaultChain {
    DefaultChain::builder()
        .env_vars([("ALIBABA_CLOUD_PROFILE", profile)])
        .home_dir(&home.0)
        .oauth_sign_in_url(sign_in)
        .sts_endpoint("http://127.0.0.1:1")
        .metadata_endpoint("http://127.0.0.1:1")
        .build()
}

fn config_json(home: &TempDir) -> Value {
    let text = std::fs::read_to_string(home.0.join(".aliyun/config.json")).expect("config.json");
    serde_json::from_str(&text).expect("JSON")
}

fn profile<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["profiles"]
        .as_array()
        .expect("profiles")
        .iter()
        .find(|p| p["name"] == name)
        .expect("profile")
}

#[tokio::test]
async fn renewal_exchange_write_back_and_reuse() {
    let role = Role::new("oauth-sts", Duration::from_secs(3600));
    let emu = start(config().sts_token(role.accepted())).await;
    let server = sign_in(role.clone(), CN_CLIENT_ID).await;
    let home = TempDir::new("oauth");
    let soon = epoch_in(Duration::from_secs(600));
    let other =
        json!({"name": "other", "mode": "AK", "access_key_id": "ak", "access_key_secret": "sk"});
    home.write(
        ".aliyun/config.json",
        &json!({"current": "other", "profiles": [other,
            {"name": "oauth", "mode": "OAuth", "oauth_site_type": "cn",
             "oauth_access_token": ACCESS_OLD, "oauth_access_token_expire": soon,
             "oauth_refresh_token": REFRESH_OLD, "access_key_id": "STS.old",
             "access_key_secret": "old-secret", "sts_token": "old-token", "sts_expiration": 1000,
             "region_id": "cn-hangzhou"}],
            "meta_path": ""})
        .to_string(),
    );

    // Callers at once: one renewal, one exchange.
    let cache = CachingProvider::new(chain(&home, "oauth", &server.url));
    let all = futures_util::future::join_all((0..20).map(|_| cache.provide())).await;
    for c in all {
        assert!(role.is(&c.expect("OAuth credentials")));
    }
    let requests = server.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["/v1/token", "/v1/exchange"]);
    assert_eq!(
        requests[1].header("authorization"),
        Some(format!("Bearer {ACCESS_NEW}").as_str())
    );

    // Written back: the rotated tokens and the new credentials, in the OAuth profile only.
    let doc = config_json(&home);
    let p = profile(&doc, "oauth");
    assert_eq!(p["oauth_access_token"], ACCESS_NEW);
    assert_eq!(p["oauth_refresh_token"], REFRESH_NEW);
    let expire = p["oauth_access_token_expire"].as_i64().expect("number");
    assert!(
        (expire - epoch_in(Duration::from_secs(7200))).abs() <= 5,
        "{expire}"
    );
    assert_eq!(p["access_key_id"], role.id.as_str());
    assert_eq!(p["access_key_secret"], role.secret.as_str());
    assert_eq!(p["sts_token"], role.token.as_str());
    assert_eq!(p["sts_expiration"], role.expires);
    assert_eq!(p["region_id"], "cn-hangzhou");
    assert_eq!(profile(&doc, "other"), &other);
    assert_eq!(doc["current"], "other");
    let text = std::fs::read_to_string(home.0.join(".aliyun/config.json")).expect("text");
    assert!(
        text.find("\"current\"") < text.find("\"profiles\""),
        "members keep their order: {text}"
    );

    // A fresh read reuses what was saved: no request. And a client signs with it.
    let client = Client::builder()
        .default_chain(chain(&home, "oauth", &server.url))
        .endpoint(emu.url())
        .build()
        .expect("client");
    client
        .invoke(GetCallerIdentity {})
        .await
        .expect("call with OAuth credentials");
    let last = calls_of(&emu, "GetCallerIdentity").pop().expect("call");
    assert_eq!(signer(&last).as_deref(), Some(role.id.as_str()));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_valid_access_token_is_exchanged_without_renewal_and_refusals_quote_no_token() {
    let role = Role::new("oauth-intl", Duration::from_secs(3600));
    let server = sign_in(role.clone(), INTL_CLIENT_ID).await;
    let home = TempDir::new("oauth-refusals");
    let later = epoch_in(Duration::from_secs(3600));
    home.write(
        ".aliyun/config.json",
        &json!({"profiles": [
            {"name": "valid", "mode": "OAuth", "oauth_site_type": "INTL",
             "oauth_access_token": ACCESS_OLD, "oauth_access_token_expire": later,
             "oauth_refresh_token": REFRESH_OLD},
            {"name": "revoked", "mode": "OAuth", "oauth_site_type": "INTL",
             "oauth_access_token": ACCESS_OLD, "oauth_access_token_expire": 1,
             "oauth_refresh_token": "revoked+Refresh/tok=9"},
            {"name": "bad-access", "mode": "OAuth", "oauth_site_type": "INTL",
             "oauth_access_token": "bad+Access/tok=9", "oauth_access_token_expire": later},
            {"name": "site", "mode": "OAuth", "oauth_site_type": "EU",
             "oauth_access_token": ACCESS_OLD, "oauth_access_token_expire": later},
        ]})
        .to_string(),
    );
    let c = chain(&home, "valid", &server.url)
        .provide()
        .await
        .expect("exchange only");
    assert!(role.is(&c));
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/v1/exchange"]);
    let doc = config_json(&home);
    assert_eq!(profile(&doc, "valid")["oauth_refresh_token"], REFRESH_OLD);
    assert_eq!(profile(&doc, "valid")["sts_token"], role.token.as_str());

    for (name, needles, secret) in [
        (
            "revoked",
            &[
                "renewing the access token",
                "HTTP 400",
                "invalid_grant",
                "sign in again",
            ][..],
            "revoked+Refresh/tok=9",
        ),
        (
            "bad-access",
            &["exchanging the access token", "HTTP 401", "invalid_token"][..],
            "bad+Access/tok=9",
        ),
        ("site", &["invalid OAuth site type"][..], ACCESS_OLD),
    ] {
        let e = chain(&home, name, &server.url).provide().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials, "{name}: {e}");
        let text = format!("{e} {e:?}");
        for needle in needles {
            assert!(text.contains(needle), "{name}: {text}");
        }
        assert!(!text.contains(secret), "{name}: {text}");
        assert!(
            !text.contains(&acs_runtime::sign::percent_encode(secret)),
            "{name}: {text}"
        );
    }
    // A refused renewal changes nothing in the file.
    assert_eq!(
        profile(&config_json(&home), "revoked")["oauth_refresh_token"],
        "revoked+Refresh/tok=9"
    );
}
