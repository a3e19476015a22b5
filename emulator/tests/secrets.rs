//! No credential leaves the emulator's keeping: every refusal it can give is provoked with a distinctive
//! STS secret and token (V1 and ACS3), and neither they nor any signature sent appear in the `Debug` of
//! anything or in any field of the recorded exchanges. The answers themselves may quote the string to sign
//! (which holds the token for V1), as the gateway's do.

mod support;

use std::time::Duration;

use acs_emulator::{Exchange, Scenario, StsToken, clock};
use acs_runtime::sign;
use support::*;

const ID: &str = "STS.secrets-test";
const SECRET_CORE: &str = "DISTINCT-SECRET";
const SECRET: &str = "DISTINCT-SECRET-c0ffee/+=";
const TOKEN_CORE: &str = "DISTINCT-TOKEN";
const TOKEN: &str = "DISTINCT-TOKEN-be/ef+1=";
const FORGED_CORE: &str = "FORGED-TOKEN";
const FORGED: &str = "FORGED-TOKEN-9/9+";
const EXPIRED_ID: &str = "STS.secrets-expired";
const EXPIRED_TOKEN: &str = "DISTINCT-TOKEN-expired";

const DTS: (&str, &str) = ("DescribePreCheckStatus", "2020-01-01");
const GOOD: [(&str, &str); 3] = [
    ("DtsJobId", "i03e3zty16i****"),
    ("JobCode", "01"),
    ("StructType", "before"),
];

/// What the test sent, to look for afterwards.
#[derive(Default)]
struct Sent {
    signatures: Vec<String>,
    answers: Vec<Answer>,
}

impl Sent {
    async fn acs3(&mut self, emu: &acs_emulator::Running, req: &Acs3, path_edit: Option<&str>) {
        let host = emu.url().trim_start_matches("http://").to_owned();
        let headers = req.headers(&host);
        let auth = headers
            .iter()
            .find(|(k, _)| k == "authorization")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let sig = auth.rsplit("Signature=").next().unwrap_or("").to_owned();
        self.signatures.push(sig);
        let url = match path_edit {
            Some(p) => format!("{}{p}?{}", emu.url(), sign::canonical_query(&req.query)),
            None => req.url(emu),
        };
        self.answers
            .push(send(&req.method, &url, &headers, req.body.clone()).await);
    }

    async fn v1(
        &mut self,
        emu: &acs_emulator::Running,
        method: &str,
        params: Vec<(String, String)>,
        raw_suffix: &str,
    ) {
        if let Some((_, s)) = params.iter().find(|(k, _)| k == "Signature") {
            self.signatures.push(s.clone());
        }
        let encoded = format!("{}{raw_suffix}", sign::canonical_query(&params));
        let answer = if method == "GET" {
            send("GET", &format!("{}/?{encoded}", emu.url()), &[], Vec::new()).await
        } else {
            let headers = pairs(&[
                ("content-type", "application/x-www-form-urlencoded"),
                ("x-acs-action", DTS.0),
            ]);
            send(
                method,
                &format!("{}/", emu.url()),
                &headers,
                encoded.into_bytes(),
            )
            .await
        };
        self.answers.push(answer);
    }
}

fn sts_acs3(params: &[(&str, &str)]) -> Acs3 {
    let mut r = Acs3::new(DTS.0, DTS.1, params);
    r.key_id = ID.into();
    r.secret = SECRET.into();
    r.token = Some(TOKEN.into());
    r
}

/// V1 parameters signed for the STS credential, with `common` overriding the common parameters.
fn sts_v1(method: &str, secret: &str, common: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut c = vec![("AccessKeyId", ID), ("SecurityToken", TOKEN)];
    c.extend_from_slice(common);
    v1_params(method, DTS.0, DTS.1, &GOOD, secret, &c)
}

/// Every text a person or a log could see of an exchange, field by field.
fn texts_of(x: &Exchange) -> Vec<String> {
    vec![
        format!("{x:?}"),
        format!("{x:#?}"),
        x.method.clone(),
        x.path.clone(),
        x.query.clone(),
        format!("{:?}", x.headers),
        String::from_utf8_lossy(&x.body).into_owned(),
        format!("{:?}", x.params),
        format!("{:?}", x.action),
        format!("{:?}", x.response_headers),
        x.response_body.clone(),
    ]
}

#[tokio::test]
async fn no_refusal_leaks_a_token_a_secret_or_a_signature() {
    let builder = config()
        .sts_token(StsToken::new(ID, SECRET, TOKEN))
        .sts_token(StsToken::new(EXPIRED_ID, SECRET, EXPIRED_TOKEN).expires_at(1));
    let emu = start(builder).await;
    let mut sent = Sent::default();

    // V1: a wrong signature (query and form body), whose answer quotes the string to sign with the token.
    sent.v1(&emu, "GET", sts_v1("GET", "wrong", &[]), "").await;
    sent.v1(&emu, "POST", sts_v1("POST", "wrong", &[]), "")
        .await;
    // V1: accepted, then the same nonce again.
    let ok = sts_v1("GET", SECRET, &[]);
    sent.v1(&emu, "GET", ok.clone(), "").await;
    sent.v1(&emu, "GET", ok, "").await;
    // V1: old timestamp, bad method and version, a forged token, an expired one, the token on a long-lived
    // key, an unknown action, a missing and an invalid parameter, a bad path, undecodable bytes.
    let old = clock::format_iso8601(clock::now_epoch() - 3600);
    for common in [
        vec![("Timestamp", old.as_str())],
        vec![("SignatureMethod", "HMAC-SHA256")],
        vec![("SignatureVersion", "2.0")],
        vec![("SecurityToken", FORGED)],
        vec![
            ("AccessKeyId", EXPIRED_ID),
            ("SecurityToken", EXPIRED_TOKEN),
        ],
        vec![("AccessKeyId", KEY_ID)],
        vec![("Action", "DescribeNothing")],
        vec![("Version", "1999-01-01")],
        vec![("JobCode", "99")],
    ] {
        sent.v1(&emu, "GET", sts_v1("GET", SECRET, &common), "")
            .await;
    }
    let mut missing = sts_v1("GET", SECRET, &[]);
    missing.retain(|(k, _)| k != "DtsJobId");
    sent.v1(&emu, "GET", missing, "").await;
    let mut no_version = sts_v1("GET", SECRET, &[]);
    no_version.retain(|(k, _)| k != "SignatureVersion");
    sent.v1(&emu, "GET", no_version, "").await;
    sent.v1(&emu, "GET", sts_v1("GET", SECRET, &[]), "&Bad=%FF")
        .await;
    let p = sts_v1("GET", SECRET, &[]);
    let url = format!("{}/elsewhere?{}", emu.url(), sign::canonical_query(&p));
    sent.signatures.extend(
        p.iter()
            .filter(|(k, _)| k == "Signature")
            .map(|(_, v)| v.clone()),
    );
    sent.answers.push(send("GET", &url, &[], Vec::new()).await);

    // ACS3 (SHA-256 and SM3): wrong secret, accepted then replayed, expired, forged and expired tokens, an
    // unsigned x-acs header, a missing content hash, validation, routing and a bad path.
    for algorithm in ["ACS3-HMAC-SHA256", "ACS3-HMAC-SM3"] {
        let with = |edit: &dyn Fn(&mut Acs3)| {
            let mut r = sts_acs3(&GOOD);
            r.algorithm = algorithm.into();
            edit(&mut r);
            r
        };
        sent.acs3(&emu, &with(&|r| r.secret = "wrong".into()), None)
            .await;
        let ok = with(&|_| {});
        sent.acs3(&emu, &ok, None).await;
        sent.acs3(&emu, &ok, None).await;
        for req in [
            with(&|r| r.date = clock::format_iso8601(clock::now_epoch() - 3600)),
            with(&|r| r.token = Some(FORGED.into())),
            with(&|r| {
                r.key_id = EXPIRED_ID.into();
                r.token = Some(EXPIRED_TOKEN.into());
            }),
            with(&|r| r.unsigned_headers = pairs(&[("x-acs-extra", TOKEN)])),
            with(&|r| r.content_sha256 = false),
            with(&|r| r.query.retain(|(k, _)| k != "DtsJobId")),
            with(&|r| r.action = "DescribeNothing".into()),
            with(&|r| r.version = "1999-01-01".into()),
        ] {
            sent.acs3(&emu, &req, None).await;
        }
        sent.acs3(&emu, &with(&|_| {}), Some("/elsewhere")).await;
    }
    // Refusals after authentication: a scripted throttle and a server error.
    emu.set_scenario(DTS.0, Scenario::throttled(1, Duration::from_millis(10)))
        .expect("scenario");
    sent.acs3(&emu, &sts_acs3(&GOOD), None).await;
    emu.set_scenario(DTS.0, Scenario::server_error_once())
        .expect("scenario");
    sent.acs3(&emu, &sts_acs3(&GOOD), None).await;

    // The test provoked what it meant to: refusals of each kind, and the quoted string to sign.
    let codes: Vec<&str> = sent.answers.iter().map(Answer::code).collect();
    for code in [
        "SignatureDoesNotMatch",
        "SignatureNonceUsed",
        "InvalidTimeStamp.Expired",
        "InvalidSignatureMethod",
        "InvalidSignatureVersion",
        "MissingSignatureVersion",
        "InvalidSecurityToken.Malformed",
        "InvalidSecurityToken.Expired",
        "InvalidSecurityToken.MismatchWithAccessKey",
        "InvalidAction.NotFound",
        "InvalidVersion",
        "MissingParameter",
        "InvalidParameter",
        "IncompleteSignature",
        "Throttling.User",
        "InternalError",
    ] {
        assert!(codes.contains(&code), "{code} not provoked: {codes:?}");
    }
    assert!(
        sent.answers.iter().any(|a| a.json["Message"]
            .as_str()
            .unwrap_or("")
            .contains(TOKEN_CORE)),
        "the answer quotes the string to sign, token included, as the gateway does"
    );

    let recorded = emu.exchanges();
    assert_eq!(
        recorded.len(),
        sent.answers.len(),
        "every exchange recorded"
    );
    let mut texts = vec![
        format!("{emu:?}"),
        format!("{emu:#?}"),
        format!("{recorded:?}"),
        format!("{:?}", builder_debug()),
    ];
    for x in &recorded {
        texts.extend(texts_of(x));
    }
    let mut forbidden = vec![
        SECRET_CORE.to_owned(),
        TOKEN_CORE.to_owned(),
        FORGED_CORE.to_owned(),
    ];
    for sig in sent.signatures.iter().filter(|s| !s.is_empty()) {
        let once = sign::percent_encode(sig);
        let twice = sign::percent_encode(&once);
        forbidden.extend([sig.clone(), once, twice]);
    }
    for text in &texts {
        for secret in &forbidden {
            assert!(!text.contains(secret.as_str()), "{secret} in {text}");
        }
    }
    // The records still say how each request was signed.
    assert!(recorded.iter().any(|x| {
        x.header("authorization")
            .is_some_and(|a| a.starts_with("ACS3-HMAC-SM3 Credential=STS.secrets-test,"))
    }));
    assert!(
        recorded
            .iter()
            .any(|x| x.param("SecurityToken") == Some("<redacted>"))
    );
}

fn builder_debug() -> String {
    format!(
        "{:?} {:?}",
        config().sts_token(StsToken::new(ID, SECRET, TOKEN)),
        config()
            .sts_token(StsToken::new(ID, SECRET, TOKEN))
            .build()
            .expect("config")
    )
}
