//! Which RESTful operation a request calls (a request at a path other than `/`, or at `/` for Log Service
//! or a RESTful action there: see `crate::handler`).
//!
//! - With an `x-acs-action` header (ACS3 and the legacy ROA signature send it, with `x-acs-version`), the
//!   header names the operation, and the request's method and path must still be the operation's: the
//!   gateway matches an API by its URL and method too.
//! - Without one (Log Service's clients send none), the method, path and fixed query decide, among the
//!   operations of Log Service products and of products whose version an `x-acs-version` header names;
//!   the most specific template wins (see [`super::template`]), then the operation whose host parameter
//!   fits the host name: Log Service's `GET /` is `GetProject` with a project label before the endpoint,
//!   `ListProject` without.

use acs_codegen::spec::model::LocationSpec;

use crate::api_error::{self, ApiError};
use crate::catalog::{Catalog, Dialect, Operation};
use crate::incoming::Incoming;

/// A request routed to an operation, with its path parameters by name, decoded.
#[derive(Debug)]
pub(crate) struct Routed<'c> {
    pub(crate) op: &'c Operation,
    pub(crate) path_params: Vec<(String, String)>,
}

/// Why a request reaches no operation, and the operation the request named when it named one (its
/// product decides how the refusal is written).
pub(crate) type Unrouted<'c> = (ApiError, Option<&'c Operation>);

/// The operation `req` calls.
pub(crate) fn route<'c>(catalog: &'c Catalog, req: &Incoming) -> Result<Routed<'c>, Unrouted<'c>> {
    let header = |name: &str| req.header(name).map(str::trim).filter(|v| !v.is_empty());
    let restful = catalog
        .operations()
        .iter()
        .filter(|o| o.dialect != Dialect::Rpc);
    let Some(action) = header("x-acs-action") else {
        let version = header("x-acs-version");
        let candidates =
            restful.filter(|o| o.dialect == Dialect::Log || Some(o.version.as_str()) == version);
        return best(candidates, req).ok_or_else(|| (api_error::action_not_found(), None));
    };
    let named: Vec<&Operation> = restful.filter(|o| o.spec.name == action).collect();
    if named.is_empty() {
        return Err((api_error::action_not_found(), None));
    }
    let version = header("x-acs-version")
        .ok_or_else(|| (api_error::missing_common("Version"), named.first().copied()))?;
    let in_version: Vec<&Operation> = named
        .iter()
        .copied()
        .filter(|o| o.version == version)
        .collect();
    if in_version.is_empty() {
        return Err((api_error::invalid_version(), named.first().copied()));
    }
    best(in_version.iter().copied(), req)
        .ok_or_else(|| (api_error::action_not_found(), in_version.first().copied()))
}

/// The candidate whose method, path and fixed query fit `req` most specifically, then whose host
/// parameter fits the host name; the first in spec order among equals.
fn best<'c>(candidates: impl Iterator<Item = &'c Operation>, req: &Incoming) -> Option<Routed<'c>> {
    let labelled = req
        .header("host")
        .and_then(super::input::host_label)
        .is_some();
    let mut found: Option<(Vec<usize>, Routed<'c>)> = None;
    for op in candidates {
        if super::method_name(op.spec.method) != req.method {
            continue;
        }
        let Some(mut m) = op
            .template
            .as_ref()
            .and_then(|t| t.matches(&req.path, &req.query))
        else {
            continue;
        };
        let takes_host = (op.spec.request.iter()).any(|f| f.location == LocationSpec::Host);
        m.rank.push(usize::from(takes_host == labelled));
        if found.as_ref().is_none_or(|(rank, _)| m.rank > *rank) {
            let routed = Routed {
                op,
                path_params: m.params,
            };
            found = Some((m.rank, routed));
        }
    }
    found.map(|(_, routed)| routed)
}
