//! RESTful (ROA) operations, served like RPC ones from the same specs: a RESTful request (one at a path
//! other than `/`, or at `/` for Log Service: see `crate::handler`) is routed by method and path template ([`route`], [`template`]), authenticated with ACS3, the
//! legacy ROA signature or Log Service's, whichever its product takes (`crate::auth`), its parameters
//! rebuilt from the path, query, headers, host name and body ([`input`]) and checked with the RPC rules,
//! and answered in the product's dialect ([`answer`], `crate::error_body`).

pub(crate) mod answer;
pub(crate) mod input;
pub(crate) mod route;
pub(crate) mod template;

use acs_codegen::spec::model::MethodSpec;

use crate::auth;
use crate::catalog::Operation;
use crate::handler::{Refusal, Shared};
use crate::incoming::Incoming;

/// Routing, authentication and validation of a RESTful request: the operation if it may proceed.
pub(crate) fn accept<'s>(shared: &'s Shared, req: &Incoming) -> Result<&'s Operation, Refusal<'s>> {
    let routed = route::route(&shared.catalog, req).map_err(|(error, op)| Refusal { error, op })?;
    let op = routed.op;
    shared
        .authenticate(op, req, auth::style(req, false))
        .map_err(Refusal::of(op))?;
    let host = req.header("host").and_then(input::host_label);
    let given = input::given(op, req, &routed.path_params, host).map_err(Refusal::of(op))?;
    crate::validate::check(op, given).map_err(Refusal::of(op))?;
    Ok(op)
}

/// The HTTP method an operation takes.
pub(crate) fn method_name(method: MethodSpec) -> &'static str {
    match method {
        MethodSpec::Get => "GET",
        MethodSpec::Post => "POST",
        MethodSpec::Put => "PUT",
        MethodSpec::Delete => "DELETE",
        MethodSpec::Patch => "PATCH",
    }
}
