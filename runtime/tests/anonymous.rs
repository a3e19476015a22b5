//! An operation documented as anonymous (STS's `AssumeRoleWithOIDC`: its caller has a token, no keys) is
//! sent unsigned, ACS3 and V1, as the official SDKs send it, and needs no credentials: a client whose
//! credentials cannot be found still calls it.

mod support;

use std::time::Duration;

use acs_runtime::{
    CallConfig, Client, CredentialsFuture, Error, ErrorKind, Operation, OperationInfo,
    ProvideCredentials, SignatureVersion,
};
use support::ops::DescribeJobs;
use support::{Reply, TestServer};

/// `DescribeJobs`, documented as anonymous.
#[derive(Debug, Default)]
struct Anonymous(DescribeJobs);

impl acs_runtime::codec::Shape for Anonymous {
    fn fields(&self) -> &'static [acs_runtime::codec::Field] {
        self.0.fields()
    }
    fn slots<'s>(&'s self, f: &mut dyn FnMut(&[&'s dyn acs_runtime::codec::Slot])) {
        self.0.slots(f)
    }
    fn slots_mut(&mut self, f: &mut dyn FnMut(&mut [&mut dyn acs_runtime::codec::Slot])) {
        self.0.slots_mut(f)
    }
}

impl Operation for Anonymous {
    type Output = <DescribeJobs as Operation>::Output;
    const INFO: &'static OperationInfo = &OperationInfo {
        action: "AssumeRoleWithToken",
        anonymous: true,
        new_input: &acs_runtime::codec::boxed::<Anonymous>,
        ..*DescribeJobs::INFO
    };
}

/// Credentials that are never found: an anonymous call must not ask for them.
#[derive(Debug)]
struct Nowhere;

impl ProvideCredentials for Nowhere {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async {
            Err(Error::new(
                ErrorKind::Credentials,
                "no credentials anywhere",
            ))
        })
    }
}

fn client(url: &str) -> Client {
    Client::builder()
        .credentials_provider(Nowhere)
        .endpoint(url)
        .max_attempts(1)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

fn input() -> Anonymous {
    Anonymous(support::ops::input())
}

#[tokio::test]
async fn an_anonymous_operation_goes_out_unsigned_without_credentials() {
    let server = TestServer::start(vec![
        Reply::json(200, r#"{"RequestId":"r1"}"#),
        Reply::json(200, r#"{"RequestId":"r2"}"#),
    ])
    .await;
    let c = client(&server.url);
    c.invoke(input()).await.expect("ACS3, unsigned");
    let v1 = CallConfig::new().signature_version(SignatureVersion::V1);
    c.invoke_with(input(), &v1).await.expect("V1, unsigned");
    let requests = server.requests();
    let acs3 = &requests[0];
    assert!(acs3.header("authorization").is_none(), "{acs3:?}");
    assert!(acs3.header("x-acs-security-token").is_none());
    assert_eq!(acs3.header("x-acs-action"), Some("AssumeRoleWithToken"));
    assert!(acs3.header("x-acs-signature-nonce").is_some());
    assert_eq!(
        acs3.param("Format").as_deref(),
        Some("json"),
        "as tea-openapi sends it"
    );
    let v1 = &requests[1];
    for signing in [
        "Signature",
        "AccessKeyId",
        "SignatureMethod",
        "SignatureVersion",
        "SecurityToken",
    ] {
        assert!(v1.param(signing).is_none(), "{signing} in {v1:?}");
    }
    for common in ["Action", "Format", "Version", "Timestamp", "SignatureNonce"] {
        assert!(v1.param(common).is_some(), "{common} missing from {v1:?}");
    }
}

#[tokio::test]
async fn other_operations_still_need_their_credentials() {
    let server = TestServer::start(vec![]).await;
    let e = client(&server.url)
        .invoke(support::ops::input())
        .await
        .expect_err("no credentials");
    assert_eq!(e.kind(), ErrorKind::Credentials, "{e}");
    assert!(server.requests().is_empty(), "nothing was sent");
}
