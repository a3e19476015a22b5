//! Hand-signed RESTful requests: the legacy ROA signature ([`Roa`], `authorization: acs <id>:<sig>`) and
//! Log Service's ([`Log`], `authorization: LOG <id>:<sig>`), built with the runtime's signing functions
//! (`acs_runtime::sign::roa` and `::log`) so a test can send what the official SDKs send, or break it.

use acs_emulator::{Running, clock};
use acs_runtime::sign::{self, log, roa};

use super::{Answer, KEY_ID, SECRET, fresh_nonce, pairs, send};

/// `epoch` seconds as an RFC 1123 date (`Thu, 06 Feb 2020 07:32:54 GMT`), the `date` header's form.
pub fn http_date(epoch: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // `YYYY-MM-DDTHH:MM:SSZ`, rearranged; 1970-01-01 was a Thursday.
    let iso = clock::format_iso8601(epoch);
    let month: usize = iso[5..7].parse().expect("a month");
    let weekday = DAYS[epoch.div_euclid(86_400).rem_euclid(7) as usize];
    format!(
        "{weekday}, {} {} {} {} GMT",
        &iso[8..10],
        MONTHS[month - 1],
        &iso[0..4],
        &iso[11..19]
    )
}

/// The host to sign and send: the emulator's, behind a host label when there is one.
fn host_of(emu: &Running, label: Option<&str>) -> String {
    let host = emu.url().trim_start_matches("http://").to_owned();
    label.map_or(host.clone(), |l| format!("{l}.{host}"))
}

/// Sends to the emulator's address whatever host name the request names: a host label cannot be
/// resolved, and the emulator reads the `host` header.
async fn send_to(
    emu: &Running,
    r: (&str, &str, &[(String, String)]),
    headers: Vec<(String, String)>,
    body: Vec<u8>,
) -> Answer {
    let (method, path, query) = r;
    let query = sign::canonical_query(query);
    let url = if query.is_empty() {
        format!("{}{path}", emu.url())
    } else {
        format!("{}{path}?{query}", emu.url())
    };
    send(method, &url, &headers, body).await
}

/// A request signed with the legacy ROA signature.
#[derive(Clone, Debug)]
pub struct Roa {
    pub method: String,
    /// The path as sent (percent-encoded).
    pub path: String,
    pub action: String,
    pub version: String,
    /// Decoded query pairs.
    pub query: Vec<(String, String)>,
    /// Other headers (all `x-acs-*` ones are signed).
    pub extra_headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub key_id: String,
    pub secret: String,
    pub token: Option<String>,
    /// The `date` header.
    pub date: String,
    pub nonce: String,
}

impl Roa {
    pub fn new(method: &str, path: &str, action: &str, version: &str) -> Roa {
        Roa {
            method: method.into(),
            path: path.into(),
            action: action.into(),
            version: version.into(),
            query: Vec::new(),
            extra_headers: Vec::new(),
            body: Vec::new(),
            key_id: KEY_ID.into(),
            secret: SECRET.into(),
            token: None,
            date: http_date(clock::now_epoch()),
            nonce: fresh_nonce(),
        }
    }

    /// A JSON body, with its content type.
    pub fn json_body(mut self, body: &str) -> Roa {
        self.body = body.as_bytes().to_vec();
        self.extra_headers.push((
            "content-type".into(),
            "application/json; charset=utf-8".into(),
        ));
        self
    }

    /// Every header to send, `authorization` included.
    pub fn headers(&self, host: &str) -> Vec<(String, String)> {
        let mut headers = pairs(&[
            ("accept", "application/json"),
            ("date", &self.date),
            ("host", host),
            ("x-acs-action", &self.action),
            ("x-acs-version", &self.version),
            ("x-acs-signature-method", "HMAC-SHA1"),
            ("x-acs-signature-version", "1.0"),
            ("x-acs-signature-nonce", &self.nonce),
        ]);
        if let Some(t) = &self.token {
            headers.push(("x-acs-accesskey-id".into(), self.key_id.clone()));
            headers.push(("x-acs-security-token".into(), t.clone()));
        }
        headers.extend(self.extra_headers.iter().cloned());
        let all: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let text = roa::string_to_sign(&self.method, &all, &self.path, &self.query);
        let signature = roa::signature(&self.secret, &text);
        headers.push((
            "authorization".into(),
            format!("acs {}:{signature}", self.key_id),
        ));
        headers
    }

    pub async fn send(&self, emu: &Running) -> Answer {
        let headers = self.headers(&host_of(emu, None));
        send_to(
            emu,
            (&self.method, &self.path, &self.query),
            headers,
            self.body.clone(),
        )
        .await
    }
}

/// A request signed with Log Service's `LOG` scheme.
#[derive(Clone, Debug)]
pub struct Log {
    pub method: String,
    /// The path as sent (percent-encoded); the string to sign takes it decoded.
    pub path: String,
    /// The project: the host name's first label.
    pub project: Option<String>,
    /// Decoded query pairs.
    pub query: Vec<(String, String)>,
    /// Other headers (every `x-log-*` and `x-acs-*` one is signed).
    pub extra_headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub key_id: String,
    pub secret: String,
    pub token: Option<String>,
    /// The `date` header.
    pub date: String,
}

impl Log {
    pub fn new(method: &str, path: &str, project: Option<&str>) -> Log {
        Log {
            method: method.into(),
            path: path.into(),
            project: project.map(str::to_owned),
            query: Vec::new(),
            extra_headers: Vec::new(),
            body: Vec::new(),
            key_id: KEY_ID.into(),
            secret: SECRET.into(),
            token: None,
            date: http_date(clock::now_epoch()),
        }
    }

    /// Every header to send, `authorization` included; `md5` is the declared `content-md5`.
    pub fn headers_with_md5(&self, host: &str, md5: Option<String>) -> Vec<(String, String)> {
        let mut headers = pairs(&[
            ("accept", "application/json"),
            ("content-type", "application/json"),
            ("date", &self.date),
            ("host", host),
            ("x-log-apiversion", log::API_VERSION),
            ("x-log-bodyrawsize", &self.body.len().to_string()),
            ("x-log-signaturemethod", log::SIGNATURE_METHOD),
        ]);
        if let Some(md5) = md5 {
            headers.push(("content-md5".into(), md5));
        }
        if let Some(t) = &self.token {
            headers.push(("x-acs-security-token".into(), t.clone()));
        }
        headers.extend(self.extra_headers.iter().cloned());
        let all: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let path = percent_encoding::percent_decode_str(&self.path).decode_utf8_lossy();
        let text = log::string_to_sign(&self.method, &all, &path, &self.query);
        let signature = log::signature(&self.secret, &text);
        headers.push((
            "authorization".into(),
            log::authorization(&self.key_id, &signature),
        ));
        headers
    }

    pub async fn send(&self, emu: &Running) -> Answer {
        let md5 = (!self.body.is_empty()).then(|| log::content_md5(&self.body));
        self.send_with_md5(emu, md5).await
    }

    /// Sends declaring (and signing) `md5` as the body's `content-md5`.
    pub async fn send_with_md5(&self, emu: &Running, md5: Option<String>) -> Answer {
        let headers = self.headers_with_md5(&host_of(emu, self.project.as_deref()), md5);
        send_to(
            emu,
            (&self.method, &self.path, &self.query),
            headers,
            self.body.clone(),
        )
        .await
    }
}
