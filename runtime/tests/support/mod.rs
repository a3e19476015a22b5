//! A tiny HTTP/1.1 server on 127.0.0.1 for end-to-end tests: it records every request and answers with
//! canned replies (optionally chunked or with a false `Content-Length`), one connection per request
//! (`Connection: close`).

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

pub mod leaks;
pub mod ops;
// `capture.rs` (tracing) and `tls.rs` (rustls) live here too but are not declared: this module is shared
// with the `acs-tests` crate, which has neither dependency, so the runtime tests that use them include
// them with `#[path = "support/capture.rs"] mod capture;`.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One canned reply.
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
    pub headers: Vec<(String, String)>,
    /// Sent with `Transfer-Encoding: chunked` (no length up front) instead of `Content-Length`.
    pub chunked: bool,
    /// A `Content-Length` to claim instead of the body's real length.
    pub declared_length: Option<u64>,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply {
            status,
            body: body.to_owned(),
            delay: Duration::ZERO,
            headers: Vec::new(),
            chunked: false,
            declared_length: None,
        }
    }

    pub fn chunked(mut self) -> Reply {
        self.chunked = true;
        self
    }

    pub fn declared_length(mut self, length: u64) -> Reply {
        self.declared_length = Some(length);
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// Computes the reply to a request (for servers that answer by path, like the metadata service).
pub type Responder = Arc<dyn Fn(&Recorded) -> Reply + Send + Sync>;

/// A directory under the system temp dir, removed on drop; never the real home.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "acs-runtime-{tag}-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    /// Writes `text` to `relative` (creating parent directories) and returns the full path.
    pub fn write(&self, relative: &str, text: &str) -> std::path::PathBuf {
        let path = self.0.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dirs");
        }
        std::fs::write(&path, text).expect("write file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The query pairs, percent-decoded, in wire order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .expect("utf-8 query")
                .into_owned()
        };
        self.query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    pub fn param(&self, name: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

pub struct TestServer {
    pub url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl TestServer {
    /// Starts serving `replies` in order; once they run out every request gets a 500.
    pub async fn start(replies: Vec<Reply>) -> TestServer {
        let replies = Mutex::new(VecDeque::from(replies));
        TestServer::with_responder(Arc::new(move |_: &Recorded| {
            replies
                .lock()
                .expect("lock")
                .pop_front()
                .unwrap_or_else(|| {
                    Reply::json(
                        500,
                        r#"{"Code":"NoReply","Message":"no canned reply left"}"#,
                    )
                })
        }))
        .await
    }

    /// Starts answering every request with `responder`.
    pub async fn with_responder(responder: Responder) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let replies = responder;
        let recorded = requests.clone();
        tokio::spawn(async move {
            // Bounded: a test never makes more than a handful of requests.
            for _ in 0..32 {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let recorded = recorded.clone();
                let replies = replies.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, recorded, replies).await;
                });
            }
        });
        TestServer { url, requests }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("lock").clone()
    }
}

async fn serve(
    mut stream: TcpStream,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    replies: Responder,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 || buf.len() > 64 * 1024 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let request = Recorded {
        method,
        path: path.to_owned(),
        query: query.to_owned(),
        headers,
        body,
    };
    let reply = replies(&request);
    recorded.lock().expect("lock").push(request);
    tokio::time::sleep(reply.delay).await;
    let extra: String = reply
        .headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    let framing = if reply.chunked {
        "Transfer-Encoding: chunked".to_owned()
    } else {
        let length = reply.declared_length.unwrap_or(reply.body.len() as u64);
        format!("Content-Length: {length}")
    };
    let head = format!(
        "HTTP/1.1 {} Canned\r\nContent-Type: application/json\r\n{framing}\r\n{extra}Connection: close\r\n\r\n",
        reply.status,
    );
    stream.write_all(head.as_bytes()).await?;
    if reply.chunked {
        for chunk in reply.body.as_bytes().chunks(64 * 1024) {
            stream
                .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .await?;
            stream.write_all(chunk).await?;
            stream.write_all(b"\r\n").await?;
        }
        stream.write_all(b"0\r\n\r\n").await?;
    } else {
        stream.write_all(reply.body.as_bytes()).await?;
    }
    stream.shutdown().await
}
