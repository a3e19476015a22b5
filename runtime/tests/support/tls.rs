//! A loopback TLS server presenting the test-only self-signed certificate of `tests/fixtures/tls` (which no
//! client trusts). It counts the connections clients open and never gets past the handshake.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use rustls::ServerConnection;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

pub struct TlsServer {
    pub url: String,
    connections: Arc<AtomicU32>,
}

impl TlsServer {
    pub fn start() -> TlsServer {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
        let certs = CertificateDer::pem_file_iter(dir.join("cert.pem"))
            .expect("cert.pem")
            .collect::<Result<Vec<_>, _>>()
            .expect("certificate");
        let key = PrivateKeyDer::from_pem_file(dir.join("key.pem")).expect("key.pem");
        // Deprecated in rustls 0.23.48 (no post-quantum key exchange); ring is the project's provider.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = Arc::new(
            rustls::ServerConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .expect("protocol versions")
                .with_no_client_auth()
                .with_single_cert(certs, key)
                .expect("server config"),
        );
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("https://{}", listener.local_addr().expect("addr"));
        let connections = Arc::new(AtomicU32::new(0));
        let counted = connections.clone();
        std::thread::spawn(move || {
            // Bounded: a test opens a handful of connections.
            for stream in listener.incoming().take(16) {
                let Ok(mut tcp) = stream else { continue };
                counted.fetch_add(1, Ordering::SeqCst);
                let config = config.clone();
                std::thread::spawn(move || {
                    let Ok(mut tls) = ServerConnection::new(config) else {
                        return;
                    };
                    let _ = tcp.set_read_timeout(Some(Duration::from_secs(5)));
                    // Present the certificate; the client's refusal ends the handshake with an error.
                    while tls.is_handshaking() {
                        if tls.complete_io(&mut tcp).is_err() {
                            break;
                        }
                    }
                });
            }
        });
        TlsServer { url, connections }
    }

    /// How many connections clients opened.
    pub fn connections(&self) -> u32 {
        self.connections.load(Ordering::SeqCst)
    }
}
