//! `ALIBABA_CLOUD_CREDENTIALS_URI` against a credentials server on 127.0.0.1: last in the default chain
//! (after the ECS role, as the official chain), refreshed through the cache, and its failures named
//! without the URL's path or query.

mod credentials_support;
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use acs_runtime::{
    CachingProvider, CredentialsUriProvider, DefaultChain, ErrorKind, ProvideCredentials,
};
use credentials_support::*;
use support::{Recorded, Reply, TempDir, TestServer};

/// A server answering `documents` in turn (the last one for good) at `/creds`.
async fn server(documents: Vec<(u16, String)>) -> TestServer {
    let n = AtomicUsize::new(0);
    TestServer::with_responder(Arc::new(move |r: &Recorded| {
        if r.path != "/creds" {
            return Reply::json(404, "{}");
        }
        let i = n.fetch_add(1, Ordering::SeqCst).min(documents.len() - 1);
        Reply::json(documents[i].0, &documents[i].1)
    }))
    .await
}

fn chain(home: &TempDir, vars: &[(&str, &str)], metadata: &str) -> DefaultChain {
    DefaultChain::builder()
        .env_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
        .home_dir(&home.0)
        .metadata_endpoint(metadata)
        .build()
}

#[tokio::test]
async fn the_uri_is_the_last_source_of_the_chain() {
    let r = Role::new("uri-chain", Duration::from_secs(3600));
    let uri = server(vec![(200, r.document())]).await;
    let url = format!("{}/creds?token=uri-query-token", uri.url);
    let home = TempDir::new("uri-chain");
    // Not on ECS (the metadata service is unreachable): the URI answers.
    let c = chain(
        &home,
        &[("ALIBABA_CLOUD_CREDENTIALS_URI", &url)],
        "http://127.0.0.1:1",
    )
    .provide()
    .await
    .expect("uri");
    assert!(r.is(&c));
    assert!(c.expiry().is_some());
    assert_eq!(uri.requests()[0].query, "token=uri-query-token");

    // On ECS, the instance role comes first.
    let ecs = Role::new("uri-ecs", Duration::from_secs(3600));
    let metadata = imds(Imds {
        tokens: true,
        fail_with_token: false,
        role: "r",
        documents: vec![ecs.document()],
    })
    .await;
    let c = chain(
        &home,
        &[("ALIBABA_CLOUD_CREDENTIALS_URI", &url)],
        &metadata.url,
    )
    .provide()
    .await
    .expect("ecs");
    assert!(ecs.is(&c));
    // Unless the metadata service is disabled.
    let vars = [
        ("ALIBABA_CLOUD_CREDENTIALS_URI", url.as_str()),
        ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
    ];
    let c = chain(&home, &vars, &metadata.url)
        .provide()
        .await
        .expect("uri again");
    assert!(r.is(&c));
    // Environment keys come before all of it.
    let vars = [
        ("ALIBABA_CLOUD_CREDENTIALS_URI", url.as_str()),
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret"),
    ];
    assert_eq!(
        chain(&home, &vars, &metadata.url)
            .provide()
            .await
            .expect("env")
            .access_key_id(),
        "env-id"
    );
}

#[tokio::test]
async fn refreshed_through_the_cache_and_failures_named() {
    let soon = Role::new("uri-soon", Duration::from_secs(2));
    let later = Role::new("uri-later", Duration::from_secs(3600));
    let uri = server(vec![(200, soon.document()), (200, later.document())]).await;
    let p = CachingProvider::new(
        CredentialsUriProvider::new(&format!("{}/creds", uri.url)).expect("uri"),
    );
    assert!(soon.is(&p.provide().await.expect("first")));
    sleep_past(soon.expires, Duration::from_millis(100)).await;
    assert!(later.is(&p.provide().await.expect("refreshed")));
    assert!(later.is(&p.provide().await.expect("cached")));
    assert_eq!(uri.requests().len(), 2);

    let broken = [
        (500, "{}".to_owned(), "answered HTTP 500"),
        (
            200,
            r#"{"Code":"Failed"}"#.to_owned(),
            "Code is not \"Success\"",
        ),
        (200, "not json".to_owned(), "not the expected JSON"),
        (
            200,
            r#"{"Code":"Success","AccessKeyId":"a","AccessKeySecret":"b","SecurityToken":"c"}"#
                .to_owned(),
            "Expiration is missing",
        ),
    ];
    for (status, body, needle) in broken {
        let uri = server(vec![(status, body)]).await;
        let p = CredentialsUriProvider::new(&format!("{}/creds?token=hidden-query", uri.url))
            .expect("uri");
        let e = p.provide().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials);
        assert!(e.message().contains(needle), "{e}");
        assert!(e.message().contains(&uri.url), "names the server: {e}");
        assert!(!e.to_string().contains("hidden-query"), "{e}");
    }
    let e = CredentialsUriProvider::new("http://127.0.0.1:1/creds?token=hidden-query")
        .expect("uri")
        .provide()
        .await
        .unwrap_err();
    assert!(
        e.message().contains("could not be reached") && !e.message().contains("hidden-query"),
        "{e}"
    );
}
