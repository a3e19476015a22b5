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
async fn no_credentials_at_all_is_missing_access_key_id() {
    let emu = start(config()).await;
    // ACS3 headers without Authorization, and a bare V1-style query: neither carries a credential.
    dts()
        .send_edited(&emu, |h| h.retain(|(k, _)| k != "authorization"))
        .await
        .assert_error(400, "MissingAccessKeyId");
    let mut query = pairs(&[("Action", DTS.0), ("Version", DTS.1)]);
    query.extend(pairs(&DTS_PARAMS));
    let url = format!("{}/?{}", emu.url(), sign::canonical_query(&query));
    send("GET", &url, &[], Vec::new())
        .await
        .assert_error(400, "MissingAccessKeyId");
}

#[tokio::test]
async fn a_partial_or_unknown_authorization_is_incomplete() {
    let emu = start(config()).await;
    for broken in [
        "ACS3-HMAC-SHA256 Credential=LTAI-emulator-test,SignedHeaders=host",
        "ACS3-HMAC-SHA256 Credential=LTAI-emulator-test",
        "ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=abc",
        "ACS3-HMAC-SHA256 Credential=x,SignedHeaders=host;;x-acs-date,Signature=abc",
        "ACS3-RSA-SHA256 Credential=x,SignedHeaders=host,Signature=abc",
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
async fn every_acs_header_host_and_content_type_must_be_signed() {
    let emu = start(config()).await;
    let host = emu.url().trim_start_matches("http://").to_owned();
    for name in [
        "host",
        "x-acs-signature-nonce",
        "x-acs-caller-sdk-source",
        "content-type",
    ] {
        // Signed correctly over every other header, then sent with this one outside SignedHeaders.
        let mut req = dts();
        req.extra_headers = pairs(&[
            ("x-acs-caller-sdk-source", "tea-openapi"),
            ("content-type", "application/x-www-form-urlencoded"),
        ]);
        let all = req.signed_headers(&host);
        let sent = all.iter().find(|(k, _)| k == name).cloned().expect(name);
        let signed: Vec<(String, String)> = all.into_iter().filter(|(k, _)| k != name).collect();
        let mut names: Vec<String> = signed.iter().map(|(k, _)| k.clone()).collect();
        names.sort();
        let canonical = sign::acs3::canonical_request(
            "POST",
            "/",
            &req.query,
            &signed,
            &names,
            &sign::sha256_hex(b""),
        );
        let sig = sign::acs3::signature(SECRET, &sign::acs3::string_to_sign(&canonical));
        let mut headers = signed.clone();
        headers.push(sent);
        headers.push((
            "authorization".into(),
            sign::acs3::authorization(KEY_ID, &names, &sig),
        ));
        let a = send("POST", &req.url(&emu), &headers, Vec::new()).await;
        a.assert_error(400, "IncompleteSignature");
        assert!(
            a.json["Message"].as_str().unwrap_or("").contains(name),
            "{name}: {:#}",
            a.json
        );
    }
    // Other headers (user-agent, accept, ...) may be left unsigned.
    let mut req = dts();
    req.unsigned_headers = pairs(&[("user-agent", "test"), ("accept", "application/json")]);
    let a = req.send(&emu).await;
    assert_eq!(a.status, 200, "{:#}", a.json);
}

#[tokio::test]
async fn acs3_needs_the_content_hash_header() {
    let emu = start(config()).await;
    let mut req = dts();
    req.content_sha256 = false;
    let a = req.send(&emu).await;
    a.assert_error(400, "IncompleteSignature");
    assert!(
        a.json["Message"]
            .as_str()
            .unwrap_or("")
            .contains("x-acs-content-sha256")
    );
}

#[tokio::test]
async fn only_the_root_path_is_served() {
    let emu = start(config()).await;
    let mut req = dts();
    req.path = "/api/DescribePreCheckStatus".into();
    req.send(&emu)
        .await
        .assert_error(404, "InvalidAction.NotFound");
    let p = v1_params("GET", DTS.0, DTS.1, &DTS_PARAMS, SECRET, &[]);
    let url = format!("{}/v1/?{}", emu.url(), sign::canonical_query(&p));
    send("GET", &url, &[], Vec::new())
        .await
        .assert_error(404, "InvalidAction.NotFound");
}

#[tokio::test]
async fn acs3_hmac_sm3_is_accepted_and_checked() {
    let emu = start(config()).await;
    let sm3 = || {
        let mut r = dts();
        r.algorithm = "ACS3-HMAC-SM3".into();
        r
    };
    let ok = sm3().send(&emu).await;
    assert_eq!(ok.status, 200, "{:#}", ok.json);
    // With a form body, STS, and the SM3 hash of that body in x-acs-content-sha256.
    let mut req = sm3();
    req.key_id = STS_ID.into();
    req.secret = STS_SECRET.into();
    req.token = Some(STS_TOKEN.into());
    req.query = Vec::new();
    req.body = sign::canonical_query(&pairs(&DTS_PARAMS)).into_bytes();
    req.extra_headers = pairs(&[("content-type", "application/x-www-form-urlencoded")]);
    let ok = req.send(&emu).await;
    assert_eq!(ok.status, 200, "{:#}", ok.json);

    let mut wrong = sm3();
    wrong.secret = "not-the-secret".into();
    let a = wrong.send(&emu).await;
    a.assert_error(400, "SignatureDoesNotMatch");
    assert!(
        a.json["Message"]
            .as_str()
            .unwrap_or("")
            .contains("ACS3-HMAC-SM3\n"),
        "the string to sign names SM3: {:#}",
        a.json
    );
    // A SHA-256 payload hash under an SM3 signature is another body's hash.
    let mut req = sm3();
    req.body = b"{}".to_vec();
    req.extra_headers = pairs(&[("content-type", "application/json")]);
    req.send_edited(&emu, |h| {
        set_header(h, "x-acs-content-sha256", &sign::sha256_hex(b"{}"))
    })
    .await
    .assert_error(400, "SignatureDoesNotMatch");
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
        .assert_error(400, "InvalidSecurityToken.Malformed");
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
        .assert_error(400, "InvalidSecurityToken.Malformed");
    let mut p = v1_params("GET", DTS.0, DTS.1, &DTS_PARAMS, SECRET, &[]);
    p.retain(|(k, _)| k != "SignatureVersion" && k != "Signature");
    let sig = sign::v1::signature(SECRET, &sign::v1::string_to_sign("GET", &p));
    p.push(("Signature".into(), sig));
    send("GET", &url_of(&p), &[], Vec::new())
        .await
        .assert_error(400, "MissingSignatureVersion");
    let p = v1_params(
        "GET",
        DTS.0,
        DTS.1,
        &DTS_PARAMS,
        SECRET,
        &[("SignatureVersion", "2.0")],
    );
    send("GET", &url_of(&p), &[], Vec::new())
        .await
        .assert_error(400, "InvalidSignatureVersion");
}

#[tokio::test]
async fn v1_with_the_acs_headers_official_sdks_add_is_still_v1() {
    // Alibaba's official SDKs send x-acs-action, x-acs-version (and user-agent, x-acs-credentials-provider)
    // with V1 requests: the V1 parameters, not the headers, decide the signature version.
    let emu = start(config()).await;
    let headers = pairs(&[
        ("x-acs-action", DTS.0),
        ("x-acs-version", DTS.1),
        ("x-acs-credentials-provider", "static_ak"),
        ("content-type", "application/x-www-form-urlencoded"),
    ]);
    // The common parameters travel in the query and the API parameters in the form body; the signature
    // covers both, as the SDKs compute it.
    let mut query = v1_params("POST", DTS.0, DTS.1, &[], SECRET, &[]);
    query.retain(|(k, _)| k != "Signature");
    let body_params = pairs(&DTS_PARAMS);
    let mut all = query.clone();
    all.extend(body_params.iter().cloned());
    let signature = sign::v1::signature(SECRET, &sign::v1::string_to_sign("POST", &all));
    query.push(("Signature".into(), signature));
    let url = format!("{}/?{}", emu.url(), sign::canonical_query(&query));
    let body = sign::canonical_query(&body_params).into_bytes();
    let a = send("POST", &url, &headers, body).await;
    assert_eq!(a.status, 200, "{:#}", a.json);
    assert_eq!(a.json["State"], "Finished");
}
