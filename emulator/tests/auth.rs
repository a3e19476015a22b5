//! Authentication, as strict as the gateway: both signature versions accepted, requests signed the way the
//! official SDKs sign accepted, and each refusal with its code, status and the JSON error body.

mod support;

use acs_emulator::clock;
use acs_runtime::sign;
use support::*;

const DTS: (&str, &str) = ("DescribePreCheckStatus", "2020-01-01");
const DTS_PARAMS: [(&str, &str); 3] = [
    ("DtsJobId", "i03e3zty16i****"),
    ("JobCode", "01"),
    ("StructType", "before"),
];

fn dts() -> Acs3 {
    Acs3::new(DTS.0, DTS.1, &DTS_PARAMS)
}

#[tokio::test]
async fn acs3_signed_like_our_client_is_accepted() {
    let emu = start(config()).await;
    let a = dts().send(&emu).await;
    assert_eq!(a.status, 200, "{:#}", a.json);
    assert_eq!(a.json["State"], "Finished");
}

#[tokio::test]
async fn acs3_signed_like_the_official_sdks_is_accepted() {
    // Official SDKs sign content-type too, may send the parameters as a form body, and may sign headers of
    // their own; every signed header counts.
    let emu = start(config()).await;
    let mut req = Acs3::new(DTS.0, DTS.1, &[("RegionId", "cn-hangzhou")]);
    req.body = b"DtsJobId=i03e3zty16i%2A%2A%2A%2A&JobCode=01&StructType=before".to_vec();
    req.extra_headers = pairs(&[
        ("content-type", "application/x-www-form-urlencoded"),
        ("x-acs-caller-sdk-source", "tea-openapi"),
        ("accept", "application/json"),
    ]);
    let a = req.send(&emu).await;
    assert_eq!(a.status, 200, "{:#}", a.json);
    let x = emu.exchanges().pop().expect("recorded");
    assert_eq!(
        x.param("DtsJobId"),
        Some("i03e3zty16i****"),
        "body parameters are parameters"
    );
    assert_eq!(x.param("RegionId"), Some("cn-hangzhou"));
    assert_eq!(x.body, req.body);
}

#[tokio::test]
async fn an_altered_signed_header_or_body_is_refused() {
    let emu = start(config()).await;
    let mut req = dts();
    req.extra_headers = pairs(&[("content-type", "application/json"), ("x-sdk-client", "a")]);
    let a = req
        .send_edited(&emu, |h| set_header(h, "x-sdk-client", "b"))
        .await;
    a.assert_error(400, "SignatureDoesNotMatch");
    assert!(
        a.json["Message"]
            .as_str()
            .unwrap_or("")
            .contains("ACS3-HMAC-SHA256\n"),
        "the message quotes the server's string to sign: {:#}",
        a.json
    );
    // A body other than the one whose hash was signed.
    let mut req = dts();
    req.nonce = fresh_nonce();
    req.body = b"{}".to_vec();
    let a = req
        .send_edited(&emu, |h| {
            set_header(h, "x-acs-content-sha256", &sign::sha256_hex(b""))
        })
        .await;
    a.assert_error(400, "SignatureDoesNotMatch");
    // A query parameter added after signing.
    let host = emu.url().trim_start_matches("http://").to_owned();
    let req = dts();
    let url = format!("{}&PageSize=5", req.url(&emu));
    send("POST", &url, &req.headers(&host), Vec::new())
        .await
        .assert_error(400, "SignatureDoesNotMatch");
}

#[tokio::test]
async fn a_wrong_secret_is_signature_does_not_match() {
    let emu = start(config()).await;
    let mut req = dts();
    req.secret = "not-the-secret".into();
    req.send(&emu)
        .await
        .assert_error(400, "SignatureDoesNotMatch");
}

#[tokio::test]
async fn missing_or_partial_authorization() {
    let emu = start(config()).await;
    dts()
        .send_edited(&emu, |h| h.retain(|(k, _)| k != "authorization"))
        .await
        .assert_error(400, "MissingAuthorization");
    for broken in [
        "ACS3-HMAC-SHA256 Credential=LTAI-emulator-test,SignedHeaders=host",
        "ACS3-HMAC-SHA256 Credential=LTAI-emulator-test",
        "ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=abc",
        "ACS3-HMAC-SHA256 Credential=x,SignedHeaders=host;;x-acs-date,Signature=abc",
        "HMAC-SHA1 Credential=x,SignedHeaders=host,Signature=abc",
        "garbage",
    ] {
        dts()
            .send_edited(&emu, |h| set_header(h, "authorization", broken))
            .await
            .assert_error(400, "IncompleteSignature");
    }
}

#[tokio::test]
async fn a_present_common_header_must_be_signed() {
    let emu = start(config()).await;
    let req = dts();
    let host = emu.url().trim_start_matches("http://").to_owned();
    let mut headers = req.headers(&host);
    // Re-sign without the nonce in SignedHeaders, but still send it.
    let signed: Vec<(String, String)> = headers
        .iter()
        .filter(|(k, _)| k != "authorization" && k != "x-acs-signature-nonce")
        .cloned()
        .collect();
    let names: Vec<String> = {
        let mut n: Vec<String> = signed.iter().map(|(k, _)| k.clone()).collect();
        n.sort();
        n
    };
    let canonical = sign::acs3::canonical_request(
        "POST",
        "/",
        &req.query,
        &signed,
        &names,
        &sign::sha256_hex(b""),
    );
    let sig = sign::acs3::signature(SECRET, &sign::acs3::string_to_sign(&canonical));
    set_header(
        &mut headers,
        "authorization",
        &sign::acs3::authorization(KEY_ID, &names, &sig),
    );
    let a = send("POST", &req.url(&emu), &headers, Vec::new()).await;
    a.assert_error(400, "IncompleteSignature");
    assert!(
        a.json["Message"]
            .as_str()
            .unwrap_or("")
            .contains("x-acs-signature-nonce")
    );
}

#[tokio::test]
async fn timestamps_outside_fifteen_minutes_are_expired() {
    let emu = start(config()).await;
    for offset in [-16 * 60, 16 * 60] {
        let mut req = dts();
        req.date = clock::format_iso8601(clock::now_epoch() + offset);
        req.send(&emu)
            .await
            .assert_error(400, "InvalidTimeStamp.Expired");
    }
    let mut req = dts();
    req.date = clock::format_iso8601(clock::now_epoch() - 14 * 60);
    assert_eq!(
        req.send(&emu).await.status,
        200,
        "14 minutes old is inside the window"
    );
    let mut req = dts();
    req.date = "2024-01-01 00:00:00".into();
    req.send(&emu)
        .await
        .assert_error(400, "InvalidTimeStamp.Format");
}

#[tokio::test]
async fn a_reused_nonce_is_refused() {
    let emu = start(config()).await;
    let req = dts();
    assert_eq!(req.send(&emu).await.status, 200);
    req.send(&emu).await.assert_error(400, "SignatureNonceUsed");
    // A refused request does not burn its nonce: the same nonce, correctly signed, still works once.
    let mut bad = dts();
    bad.secret = "wrong".into();
    bad.send(&emu)
        .await
        .assert_error(400, "SignatureDoesNotMatch");
    let mut good = dts();
    good.nonce = bad.nonce.clone();
    assert_eq!(good.send(&emu).await.status, 200);
}

#[tokio::test]
async fn an_unknown_access_key_is_not_found() {
    let emu = start(config()).await;
    let mut req = dts();
    req.key_id = "LTAI-nobody".into();
    req.send(&emu)
        .await
        .assert_error(404, "InvalidAccessKeyId.NotFound");
}

#[tokio::test]
async fn sts_tokens_are_checked() {
    let emu = start(config()).await;
    let sts = |id: &str, secret: &str, token: Option<&str>| {
        let mut r = dts();
        r.key_id = id.into();
        r.secret = secret.into();
        r.token = token.map(str::to_owned);
        r
    };
    let ok = sts(STS_ID, STS_SECRET, Some(STS_TOKEN)).send(&emu).await;
    assert_eq!(ok.status, 200, "{:#}", ok.json);
    sts(STS_ID, STS_SECRET, None)
        .send(&emu)
        .await
        .assert_error(400, "MissingSecurityToken");
    sts(STS_ID, STS_SECRET, Some("not-a-token"))
        .send(&emu)
        .await
        .assert_error(403, "InvalidSecurityToken.Malformed");
    sts(STS_ID, STS_SECRET, Some(EXPIRED_STS_TOKEN))
        .send(&emu)
        .await
        .assert_error(403, "InvalidSecurityToken.MismatchWithAccessKey");
    sts(KEY_ID, SECRET, Some(STS_TOKEN))
        .send(&emu)
        .await
        .assert_error(403, "InvalidSecurityToken.MismatchWithAccessKey");
    sts(EXPIRED_STS_ID, "expired-secret", Some(EXPIRED_STS_TOKEN))
        .send(&emu)
        .await
        .assert_error(403, "InvalidSecurityToken.Expired");
}

#[tokio::test]
async fn v1_get_and_form_post_are_accepted() {
    let emu = start(config()).await;
    let params = v1_params("GET", DTS.0, DTS.1, &DTS_PARAMS, SECRET, &[]);
    let url = format!("{}/?{}", emu.url(), sign::canonical_query(&params));
    let a = send("GET", &url, &[], Vec::new()).await;
    assert_eq!(a.status, 200, "{:#}", a.json);

    let params = v1_params("POST", DTS.0, DTS.1, &DTS_PARAMS, SECRET, &[]);
    let headers = pairs(&[("content-type", "application/x-www-form-urlencoded")]);
    let body = sign::canonical_query(&params).into_bytes();
    let a = send("POST", &format!("{}/", emu.url()), &headers, body).await;
    assert_eq!(a.status, 200, "{:#}", a.json);

    // STS over V1: the token is the SecurityToken parameter.
    let mut params = v1_params(
        "GET",
        DTS.0,
        DTS.1,
        &DTS_PARAMS,
        STS_SECRET,
        &[("AccessKeyId", STS_ID), ("SecurityToken", STS_TOKEN)],
    );
    let url = format!("{}/?{}", emu.url(), sign::canonical_query(&params));
    assert_eq!(send("GET", &url, &[], Vec::new()).await.status, 200);
    // The same request again: its nonce is used.
    send("GET", &url, &[], Vec::new())
        .await
        .assert_error(400, "SignatureNonceUsed");
    // Tampered after signing.
    params.retain(|(k, _)| k != "StructType");
    params.push(("StructType".into(), "after".into()));
    let url = format!("{}/?{}", emu.url(), sign::canonical_query(&params));
    send("GET", &url, &[], Vec::new())
        .await
        .assert_error(400, "SignatureDoesNotMatch");
}

#[tokio::test]
async fn v1_refusals() {
    let emu = start(config()).await;
    let url_of =
        |params: &[(String, String)]| format!("{}/?{}", emu.url(), sign::canonical_query(params));
    let mut p = v1_params("GET", DTS.0, DTS.1, &DTS_PARAMS, "wrong", &[]);
    send("GET", &url_of(&p), &[], Vec::new())
        .await
        .assert_error(400, "SignatureDoesNotMatch");
    p.retain(|(k, _)| k != "Signature");
    send("GET", &url_of(&p), &[], Vec::new())
        .await
        .assert_error(400, "MissingSignature");
    let old = clock::format_iso8601(clock::now_epoch() - 3600);
    let p = v1_params(
        "GET",
        DTS.0,
        DTS.1,
        &DTS_PARAMS,
        SECRET,
        &[("Timestamp", &old)],
    );
    send("GET", &url_of(&p), &[], Vec::new())
        .await
        .assert_error(400, "InvalidTimeStamp.Expired");
    let p = v1_params(
        "GET",
        DTS.0,
        DTS.1,
        &DTS_PARAMS,
        SECRET,
        &[("AccessKeyId", "nobody")],
    );
    send("GET", &url_of(&p), &[], Vec::new())
        .await
        .assert_error(404, "InvalidAccessKeyId.NotFound");
    let p = v1_params(
        "GET",
        DTS.0,
        DTS.1,
        &DTS_PARAMS,
        STS_SECRET,
        &[("AccessKeyId", STS_ID), ("SecurityToken", "forged")],
    );
    send("GET", &url_of(&p), &[], Vec::new())
        .await
        .assert_error(403, "InvalidSecurityToken.Malformed");
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    let emu = start(config()).await;
    let mut req = dts();
    req.key_id = STS_ID.into();
    req.secret = STS_SECRET.into();
    req.token = Some(STS_TOKEN.into());
    assert_eq!(req.send(&emu).await.status, 200);
    let text = format!("{emu:?} {:?} {:?}", emu.exchanges(), config());
    for secret in [SECRET, STS_SECRET, STS_TOKEN] {
        assert!(!text.contains(secret), "{secret} leaked");
    }
    // The recording itself keeps what was sent, for tests that need it.
    let x = emu.exchanges().pop().expect("recorded");
    assert_eq!(x.header("x-acs-security-token"), Some(STS_TOKEN));
}
