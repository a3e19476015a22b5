//! One request through the emulator, as the gateway and service would treat it: route (by action and
//! version at `/`, by method and path elsewhere: see `crate::restful`), authenticate, validate against the
//! spec, then play the operation's scenario (or answer with the documented example), writing answers and
//! refusals in the product's dialect. Pure apart from the shared state: no I/O, so the order of checks is
//! easy to read.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use acs_codegen::spec::model::MethodSpec;
use serde_json::Value;

use crate::api_error::{self, ApiError};
use crate::auth::{self, NonceCache, Style, Verifier};
use crate::catalog::{Catalog, Dialect, Operation};
use crate::clock;
use crate::error_body;
use crate::incoming::Incoming;
use crate::journal::Journal;
use crate::keys::Keys;
use crate::record::Exchange;
use crate::restful;
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

/// A refusal, and the operation it concerns once the request is routed: its product decides how the
/// refusal is written (and is named in it, like the real service's).
pub(crate) struct Refusal<'c> {
    pub(crate) error: ApiError,
    pub(crate) op: Option<&'c Operation>,
}

impl<'c> Refusal<'c> {
    /// A refusal of a request routed to `op`.
    pub(crate) fn of(op: &'c Operation) -> impl FnOnce(ApiError) -> Refusal<'c> {
        move |error| Refusal {
            error,
            op: Some(op),
        }
    }

    /// A refusal of a request no operation claims.
    pub(crate) fn unrouted(error: ApiError) -> Refusal<'c> {
        Refusal { error, op: None }
    }
}

impl Shared {
    /// Decides the answer to `req`; `host_id` is echoed in error bodies.
    pub(crate) fn handle(&self, req: &Incoming, host_id: &str) -> Decision {
        let request_id = new_request_id();
        let rpc = self.is_rpc(req);
        let accepted = if rpc {
            self.accept_rpc(req)
        } else {
            restful::accept(self, req)
        };
        let (outcome, delay, action) = match accepted {
            Ok(op) => {
                let (outcome, delay) = self.play(op, req, &request_id, host_id);
                (outcome, delay, Some(op.spec.name.clone()))
            }
            Err(refusal) => {
                let action = match refusal.op {
                    Some(op) => Some(op.spec.name.clone()),
                    None if rpc => auth::action_and_version(req, auth::style(req, true))
                        .ok()
                        .map(|(a, _)| a),
                    None => req.header("x-acs-action").map(str::to_owned),
                };
                let dialect = refusal
                    .op
                    .map_or_else(|| unrouted_dialect(req, rpc), |op| op.dialect);
                let product = refusal.op.map(|op| op.product.as_str());
                let outcome =
                    error_body::render(&refusal.error, dialect, &request_id, host_id, product);
                (outcome, Duration::ZERO, action)
            }
        };
        Decision {
            outcome,
            delay,
            action,
        }
    }

    /// Whether `req` is an RPC call: at `/`, unless it is signed or dated for Log Service (whose clients
    /// send no action: `POST /` is its `CreateProject`), or its `x-acs-action` and `x-acs-version` name a
    /// RESTful operation whose template is `/` too (products share action names: ECS's RPC
    /// `ListTagResources` and Container Service's RESTful one).
    fn is_rpc(&self, req: &Incoming) -> bool {
        let header = |name| req.header(name).map(str::trim);
        let (action, version) = (header("x-acs-action"), header("x-acs-version"));
        req.path == "/"
            && !for_log_service(req)
            && !(self.catalog.operations().iter()).any(|o| {
                o.dialect != Dialect::Rpc
                    && Some(o.spec.name.as_str()) == action
                    && Some(o.version.as_str()) == version
                    && o.template
                        .as_ref()
                        .is_some_and(|t| t.matches("/", &[]).is_some())
            })
    }

    /// Routing, authentication and validation of an RPC call: the operation if the request may proceed.
    fn accept_rpc(&self, req: &Incoming) -> Result<&Operation, Refusal<'_>> {
        let style = auth::style(req, true);
        let (action, version) = auth::action_and_version(req, style).map_err(Refusal::unrouted)?;
        let op = (self.catalog.route(&action, &version)).map_err(Refusal::unrouted)?;
        // The gateway matches an API by its HTTP method too (its not-found message asks to check the URL
        // and method): RPC operations take GET and POST, those documented as GET-only take GET alone.
        let method_ok = match op.spec.method {
            MethodSpec::Get => req.method == "GET",
            MethodSpec::Post => req.method == "GET" || req.method == "POST",
            MethodSpec::Put | MethodSpec::Delete | MethodSpec::Patch => false,
        };
        if !method_ok {
            return Err(Refusal::unrouted(api_error::action_not_found()));
        }
        self.authenticate(op, req, style).map_err(Refusal::of(op))?;
        crate::validate::validate(op, req).map_err(Refusal::of(op))?;
        Ok(op)
    }

    /// Verifies `req`, signed in `style`, for `op`: the scheme must be one `op`'s product takes. An
    /// anonymous operation (STS's `AssumeRoleWithOIDC`) takes an unsigned request, as the official SDKs
    /// send it; a signed one is still verified.
    pub(crate) fn authenticate(
        &self,
        op: &Operation,
        req: &Incoming,
        style: Style,
    ) -> Result<(), ApiError> {
        if !style.fits(op.dialect) {
            return Err(api_error::incomplete_signature(&format!(
                "The request is signed with {}, which {} APIs do not take.",
                style.name(),
                op.product
            )));
        }
        if op.spec.anonymous && style == Style::Unsigned {
            return Ok(());
        }
        let verifier = Verifier {
            keys: &self.keys,
            nonces: &self.nonces,
            max_skew: self.max_skew,
            now: clock::now_epoch(),
        };
        verifier.verify(req, style).map(|_| ())
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
                error_body::render(&e, op.dialect, request_id, host_id, Some(&op.product))
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
                    Err(e) => {
                        error_body::render(&e, op.dialect, request_id, host_id, Some(&op.product))
                    }
                    Ok(()) if op.dialect != Dialect::Rpc => {
                        restful::answer::render(op, body, request_id)
                    }
                    Ok(()) => {
                        if let Value::Object(top) = &mut body {
                            top.insert("RequestId".to_owned(), Value::from(request_id));
                        }
                        Outcome::Reply {
                            status: op.status,
                            headers: error_body::json_headers(Dialect::Rpc, request_id),
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

/// The gateway's JSON error answer for `e`, for a request no product claims yet (it could not be read).
pub(crate) fn error_outcome(e: &ApiError, request_id: &str, host_id: &str) -> Outcome {
    error_body::render(e, Dialect::Rpc, request_id, host_id, None)
}

/// How to refuse a request no operation claims: as the RPC gateway does, unless it is meant for Log
/// Service, whose clients read only its own error form.
fn unrouted_dialect(req: &Incoming, rpc: bool) -> Dialect {
    if !rpc && for_log_service(req) {
        Dialect::Log
    } else {
        Dialect::Rpc
    }
}

/// Whether `req` is signed or dated for Log Service: its `LOG` authorization or its API version header.
fn for_log_service(req: &Incoming) -> bool {
    req.header("x-log-apiversion").is_some()
        || req
            .header("authorization")
            .is_some_and(|a| a.trim_start().starts_with("LOG "))
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
