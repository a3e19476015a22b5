//! STS's `AssumeRoleWithOIDC` is documented as anonymous (its caller has an OIDC token and no keys): the
//! generated client sends it unsigned with no credentials at all, and the emulator serves it, while a
//! signed operation still needs a valid signature.

mod support;

use acs_runtime::{CredentialsFuture, Error, ErrorKind, ProvideCredentials};
use support::*;

/// Credentials that are never found.
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

#[tokio::test]
async fn an_anonymous_operation_is_served_without_credentials() {
    let emu = start(config()).await;
    let client: acs_sdk::Client = acs_sdk::Client::builder()
        .credentials_provider(Nowhere)
        .endpoint(emu.url())
        .max_attempts(1)
        .build()
        .expect("client");
    let out = client
        .sts()
        .assume_role_with_oidc()
        .oidc_provider_arn("acs:ram::113511544585****:oidc-provider/TestOidcProvider")
        .role_arn("acs:ram::113511544585****:role/testoidc")
        .oidc_token("eyJraWQiOiJKQzl3bGlJTjV6WmtBNlVZcUZ6****")
        .role_session_name("TestOidcAssumedRoleSession")
        .send()
        .await
        .expect("the unsigned call is served");
    assert!(out.credentials.is_some(), "the documented answer");
    let exchange = emu.exchanges().pop().expect("recorded");
    assert!(
        exchange.header("authorization").is_none() && exchange.param("Signature").is_none(),
        "sent unsigned: {:?}",
        exchange.headers
    );
    assert_eq!(exchange.status, Some(200));
    // A signed operation without credentials is refused by the client before anything is sent.
    let e = client
        .sts()
        .get_caller_identity()
        .send()
        .await
        .expect_err("no credentials");
    assert_eq!(e.kind(), ErrorKind::Credentials, "{e}");
}
