//! The HTTP/1 server on 127.0.0.1 (hyper) and [`Running`], the handle of a started emulator: its URL,
//! its recorded exchanges, live scenario changes, and shutdown (also on drop).

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

use crate::api_error;
use crate::config::Config;
use crate::error::Error;
use crate::handler::{self, Outcome, Shared};
use crate::incoming::Incoming;
use crate::journal::Journal;
use crate::record::Exchange;
use crate::redact::Secrets;
use crate::scenario::{Playing, Scenario};

/// Largest accepted request body: API parameters are small, and the body is untrusted.
const MAX_BODY: usize = 1024 * 1024;

/// Starts serving `config` on 127.0.0.1 in the current tokio runtime.
pub async fn start(config: Config) -> Result<Running, Error> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let addr = listener.local_addr()?;
    let scenarios: HashMap<String, Playing> = config
        .scenarios
        .into_iter()
        .map(|(op, s)| (op, Playing::new(s)))
        .collect();
    let shared = Arc::new(Shared {
        catalog: config.catalog,
        keys: config.keys,
        max_skew: i64::try_from(config.max_skew.as_secs()).unwrap_or(i64::MAX),
        nonces: Default::default(),
        scenarios: Mutex::new(scenarios),
        exchanges: Mutex::new(Journal::new(
            config.max_exchanges,
            config.max_exchange_bytes,
        )),
        log: config.log,
    });
    let (stop, stopped) = oneshot::channel();
    let task = tokio::spawn(accept_loop(listener, Arc::clone(&shared), stopped));
    Ok(Running {
        addr,
        shared,
        stop: Some(stop),
        task: Some(task),
    })
}

/// A started emulator. Dropping it stops the server and closes open connections.
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Running {
    /// The endpoint, `http://127.0.0.1:PORT`, to give the client's `.endpoint(...)`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Every exchange kept, oldest first: the most recent ones, up to 10,000 and 64 MiB unless the
    /// configuration says otherwise ([`ConfigBuilder::max_exchanges`](crate::ConfigBuilder::max_exchanges),
    /// [`ConfigBuilder::max_exchange_bytes`](crate::ConfigBuilder::max_exchange_bytes)).
    pub fn exchanges(&self) -> Vec<Exchange> {
        let all = self
            .shared
            .exchanges
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        all.snapshot()
    }

    /// The bytes the kept exchanges hold, as the byte budget counts them
    /// ([`Exchange::retained_bytes`]).
    pub fn exchange_bytes(&self) -> usize {
        let all = self
            .shared
            .exchanges
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        all.bytes()
    }

    /// Forgets the recorded exchanges.
    pub fn clear_exchanges(&self) {
        let mut all = self
            .shared
            .exchanges
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        all.clear();
    }

    /// Plays `scenario` for `operation` from its first step on, replacing any scenario it had; fails,
    /// saying why, for an unknown operation or paging that does not fit it.
    pub fn set_scenario(&self, operation: &str, scenario: Scenario) -> Result<(), Error> {
        self.shared.catalog.check_scenario(operation, &scenario)?;
        let mut all = self
            .shared
            .scenarios
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        all.insert(operation.to_owned(), Playing::new(scenario));
        Ok(())
    }

    /// Removes the scenario of `operation`: it answers with its example again.
    pub fn clear_scenario(&self, operation: &str) {
        let mut all = self
            .shared
            .scenarios
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        all.remove(operation);
    }

    /// The documented answer of operation `action` of the product `module` (`cs`, `DescribeClusterDetail`)
    /// as the emulator serves it when no scenario says otherwise, and as a client decodes it: one object
    /// holding every top-level response field, a RESTful answer's whole-body and header fields included,
    /// without the fresh request id the emulator adds. `None` for an operation it does not serve.
    pub fn documented_answer(&self, module: &str, action: &str) -> Option<serde_json::Value> {
        (self.shared.catalog.operations().iter())
            .find(|o| o.module == module && o.spec.name == action)
            .map(|o| o.example.clone())
    }

    /// The names of the operations served.
    pub fn operations(&self) -> Vec<String> {
        self.shared
            .catalog
            .operations()
            .iter()
            .map(|o| o.spec.name.clone())
            .collect()
    }

    /// Stops accepting, closes open connections and waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Waits until the server task ends (it ends only on shutdown); for the binary.
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stopped: oneshot::Receiver<()>,
) {
    // Dropping the set when the loop ends aborts every open connection.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve(stream, Arc::clone(&shared)));
                }
                // Out of descriptors and the like: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// The error that makes hyper drop a connection without answering (the scripted reset).
#[derive(Debug)]
struct ResetConnection;

impl std::fmt::Display for ResetConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("scripted connection reset")
    }
}

impl std::error::Error for ResetConnection {}

async fn serve(stream: TcpStream, shared: Arc<Shared>) {
    let local = stream
        .local_addr()
        .map_or_else(|_| "127.0.0.1".to_owned(), |a| a.to_string());
    let service = service_fn(move |req| {
        let shared = Arc::clone(&shared);
        let local = local.clone();
        async move { answer(&shared, req, &local).await }
    });
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        // A client that never finishes its headers must not hold the connection forever.
        .header_read_timeout(Duration::from_secs(30))
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

async fn answer(
    shared: &Shared,
    req: Request<hyper::body::Incoming>,
    local: &str,
) -> Result<Response<Full<Bytes>>, ResetConnection> {
    let (parts, body) = req.into_parts();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let host_id = headers
        .iter()
        .find(|(k, _)| k == "host")
        .map_or_else(|| local.to_owned(), |(_, v)| v.clone());
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let raw_query = parts.uri.query().unwrap_or("").to_owned();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(_) => {
            let e = api_error::bad_request("The request body is too large or was cut off.");
            let outcome = handler::error_outcome(&e, &handler::new_request_id(), &host_id);
            return Ok(response(outcome));
        }
    };
    let (decision, params) = match Incoming::new(
        method.clone(),
        path.clone(),
        &raw_query,
        headers.clone(),
        body.clone(),
    ) {
        Ok(incoming) => {
            let params = incoming
                .params()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            (shared.handle(&incoming, &host_id), params)
        }
        Err(e) => (
            handler::Decision {
                outcome: handler::error_outcome(&e, &handler::new_request_id(), &host_id),
                delay: Duration::ZERO,
                action: None,
            },
            Vec::new(),
        ),
    };
    let (status, response_headers, response_body) = match &decision.outcome {
        Outcome::Reply {
            status,
            headers,
            body,
        } => (Some(*status), headers.as_slice(), body.as_str()),
        Outcome::Reset => (None, [].as_slice(), ""),
    };
    // Only blotted-out copies are kept or printed; the answer itself goes out as decided.
    let secrets = Secrets::of(&headers, &raw_query, &body);
    let exchange = Exchange {
        method: secrets.text(&method),
        path: secrets.text(&path),
        query: secrets.pairs_text(&raw_query),
        headers: secrets.headers(&headers),
        body: secrets.body(&body),
        params: secrets.params(&params),
        action: decision.action.as_deref().map(|a| secrets.text(a)),
        status,
        response_headers: secrets.headers(response_headers),
        response_body: secrets.text(response_body),
    };
    if shared.log {
        eprintln!("{}", exchange.log_line());
    }
    shared.record(exchange);
    if !decision.delay.is_zero() {
        tokio::time::sleep(decision.delay).await;
    }
    match decision.outcome {
        Outcome::Reset => Err(ResetConnection),
        reply => Ok(response(reply)),
    }
}

fn response(outcome: Outcome) -> Response<Full<Bytes>> {
    let Outcome::Reply {
        status,
        headers,
        body,
    } = outcome
    else {
        return Response::new(Full::new(Bytes::new()));
    };
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    for (k, v) in headers {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(k.as_bytes()),
            hyper::header::HeaderValue::from_str(&v),
        ) {
            resp.headers_mut().append(name, value);
        }
    }
    resp
}
