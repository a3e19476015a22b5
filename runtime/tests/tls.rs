//! A server certificate the client rejects is a permanent failure: the same certificate would be
//! presented again, so the call fails after one attempt instead of three.

mod support;
#[path = "support/tls.rs"]
mod tls;

use acs_runtime::{Client, Credentials, ErrorKind};
use support::ops::{SECRET, fast_retry, input};
use tls::TlsServer;

#[tokio::test]
async fn a_rejected_certificate_is_not_retried() {
    let server = TlsServer::start();
    let c = Client::builder()
        .credentials(Credentials::new("test-id", SECRET))
        .endpoint(&server.url)
        .retry(fast_retry(3))
        .build()
        .expect("client");
    let e = c.invoke(input()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert!(e.message().contains("TLS certificate was rejected"), "{e}");
    assert!(!e.is_retryable(), "{e:?}");
    assert_eq!(e.attempts(), Some(1), "{e:?}");
    assert_eq!(server.connections(), 1);
}
