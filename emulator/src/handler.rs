//! One request through the emulator, as the gateway and service would treat it: route by action and
//! version, authenticate, validate against the spec, then play the operation's scenario (or answer with the
//! documented example). Pure apart from the shared state: no I/O, so the order of checks is easy to read.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use acs_codegen::spec::model::MethodSpec;
use serde_json::Value;

use crate::api_error::{self, ApiError};
use crate::auth::{self, NonceCache, Verifier};
use crate::catalog::{Catalog, Operation};
use crate::clock;
use crate::incoming::Incoming;
use crate::journal::Journal;
use crate::keys::Keys;
use crate::record::Exchange;
use crate::scenario::{self, Playing, Reply};

/// Everything the connections share.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) catalog: Catalog,
    pub(crate) keys: Keys,
    pub(crate) max_skew: i64,
    pub(crate) nonces: NonceCache,
    pub(crate) scenarios: Mutex<HashMap<String, Playing>>,
    /// The record, bounded by count and bytes so a long-running emulator stays bounded.
    pub(crate) exchanges: Mutex<Journal>,
    pub(crate) log: bool,
}

/// What to do with a request.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Answer with this status, these headers and body.
    Reply {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Close the connection without answering.
    Reset,
}

/// The outcome, after how long, and the action it concerned.
#[derive(Debug)]
pub(crate) struct Decision {
    pub(crate) outcome: Outcome,
    pub(crate) delay: Duration,
    pub(crate) action: Option<String>,
}

impl Shared {
    /// Decides the answer to `req`; `host_id` is echoed in error bodies.
    pub(crate) fn handle(&self, req: &Incoming, host_id: &str) -> Decision {
        let request_id = new_request_id();
        let style = auth::style(req);
        let action = auth::action_and_version(req, style).ok().map(|(a, _)| a);
        let (outcome, delay) = match self.accept(req, style) {
            Ok(op) => self.play(op, req, &request_id, host_id),
            Err((e, product)) => (
                error_outcome(&e, &request_id, host_id, product),
                Duration::ZERO,
            ),
        };
        Decision {
            outcome,
            delay,
            action,
        }
    }

    /// Routing, authentication and validation: the operation if the request may proceed, else the error
    /// and, once routed, the product (errors name it in `Recommend`, like the real service's).
    fn accept(
        &self,
        req: &Incoming,
        style: auth::Style,
    ) -> Result<&Operation, (ApiError, Option<&str>)> {
        // RPC-style operations live at `/` only; the gateway's not-found message asks to check the URL.
        if req.path != "/" {
            return Err((api_error::action_not_found(), None));
        }
        let (action, version) = auth::action_and_version(req, style).map_err(|e| (e, None))?;
        let op = self
            .catalog
            .route(&action, &version)
            .map_err(|e| (e, None))?;
        // The gateway matches an API by its HTTP method too (its not-found message asks to check the URL
        // and method): RPC operations take GET and POST, those documented as GET-only take GET alone.
        let method_ok = match op.spec.method {
            MethodSpec::Get => req.method == "GET",
            MethodSpec::Post => req.method == "GET" || req.method == "POST",
        };
        if !method_ok {
            return Err((api_error::action_not_found(), None));
        }
        let verifier = Verifier {
            keys: &self.keys,
            nonces: &self.nonces,
            max_skew: self.max_skew,
            now: clock::now_epoch(),
        };
        let product = Some(op.product.as_str());
        // An anonymous operation (STS's `AssumeRoleWithOIDC`) takes an unsigned request, as the official
        // SDKs send it; a signed one is still verified.
        if !(op.spec.anonymous && style == auth::Style::Unsigned) {
            verifier.verify(req, style).map_err(|e| (e, product))?;
        }
        crate::validate::validate(op, req).map_err(|e| (e, product))?;
        Ok(op)
    }

    /// The next scripted step of `op`, turned into an outcome.
    fn play(
        &self,
        op: &Operation,
        req: &Incoming,
        request_id: &str,
        host_id: &str,
    ) -> (Outcome, Duration) {
        let (step, paging) = {
            let mut scenarios = self.scenarios.lock().unwrap_or_else(|e| e.into_inner());
            // This product's own scenario first, then one for every product with the action.
            let key = op.own_key();
            let key = if scenarios.contains_key(&key) {
                key
            } else {
                op.spec.name.clone()
            };
            match scenarios.get_mut(&key) {
                Some(playing) => (playing.advance(), playing.paging().cloned()),
                None => (scenario::Step::answer(Value::Null), None),
            }
        };
        let outcome = match step.reply {
            Reply::Reset => Outcome::Reset,
            Reply::Error {
                status,
                code,
                message,
                retry_after_ms,
            } => {
                let e = api_error::throttled(status, &code, &message, retry_after_ms);
                error_outcome(&e, request_id, host_id, Some(&op.product))
            }
            Reply::Answer(patch) => {
                let mut body = op.example.clone();
                scenario::merge(&mut body, &patch);
                let paged = paging.map_or(Ok(()), |p| {
                    // Checked when the scenario was set, so this fails only for a scenario built by hand
                    // past those checks; the answer says why rather than serving a wrong listing.
                    let plan = p.resolve(&op.spec).map_err(|why| {
                        ApiError::new(500, "InternalError", format!("paging scenario: {why}"))
                    })?;
                    plan.apply(req, &mut body)
                });
                match paged {
                    Err(e) => error_outcome(&e, request_id, host_id, Some(&op.product)),
                    Ok(()) => {
                        if let Value::Object(top) = &mut body {
                            top.insert("RequestId".to_owned(), Value::from(request_id));
                        }
                        Outcome::Reply {
                            status: 200,
                            headers: json_headers(request_id),
                            body: body.to_string(),
                        }
                    }
                }
            }
        };
        (outcome, step.delay)
    }

    /// Keeps `exchange`, dropping the oldest beyond the record's bounds.
    pub(crate) fn record(&self, exchange: Exchange) {
        let mut all = self.exchanges.lock().unwrap_or_else(|e| e.into_inner());
        all.push(exchange);
    }
}

/// The gateway's JSON error answer for `e`.
pub(crate) fn error_outcome(
    e: &ApiError,
    request_id: &str,
    host_id: &str,
    product: Option<&str>,
) -> Outcome {
    let mut headers = json_headers(request_id);
    headers.extend(e.headers.iter().cloned());
    Outcome::Reply {
        status: e.status,
        headers,
        body: e.body(request_id, host_id, product),
    }
}

fn json_headers(request_id: &str) -> Vec<(String, String)> {
    vec![
        (
            "content-type".to_owned(),
            "application/json;charset=utf-8".to_owned(),
        ),
        ("x-acs-request-id".to_owned(), request_id.to_owned()),
    ]
}

/// A fresh request id shaped like Alibaba's (`8-4-4-4-12` upper-case hex).
pub(crate) fn new_request_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static FALLBACK: AtomicU64 = AtomicU64::new(1);
    // The system generator practically never fails; a counter still keeps ids unique if it does.
    let hex = acs_runtime::sign::random_hex(16)
        .unwrap_or_else(|_| format!("{:032x}", FALLBACK.fetch_add(1, Ordering::Relaxed)))
        .to_ascii_uppercase();
    let part = |a: usize, b: usize| hex.get(a..b).unwrap_or("0");
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_fresh_and_shaped() {
        let a = new_request_id();
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
        assert_ne!(a, new_request_id());
    }
}
