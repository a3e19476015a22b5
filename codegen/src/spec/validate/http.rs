//! Checks of how an operation travels over HTTP: the method and the parameter locations an RPC product
//! allows, and for a RESTful (ROA) product the path template, whose every `{Name}` is one `path`
//! parameter, and the places only one parameter can fill (the body, the host name).

use std::collections::BTreeSet;

use crate::diag::Diagnostics;
use crate::spec::load::Loaded;
use crate::spec::model::{LocationSpec, MethodSpec, OperationSpec, ProtocolSpec, TypeName};

/// The `{Name}` placeholders of a path template, in order, or the first problem with the template.
pub fn placeholders(path: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err("a `}` without its `{`".into());
        }
        let after = &rest[open + 1..];
        let close = after
            .find(['{', '}'])
            .filter(|&i| after.as_bytes()[i] == b'}')
            .ok_or("a `{` without its `}`")?;
        let name = &after[..close];
        if name.is_empty() {
            return Err("an empty `{}`".into());
        }
        names.push(name);
        rest = &after[close + 1..];
    }
    Ok(names)
}

fn scalar(t: TypeName) -> bool {
    matches!(
        t,
        TypeName::String
            | TypeName::Integer
            | TypeName::Long
            | TypeName::Boolean
            | TypeName::Double
    )
}

pub(super) fn check_http(
    op: &Loaded<OperationSpec>,
    protocol: ProtocolSpec,
    out: &mut Diagnostics,
) {
    let spec = &op.spec;
    if protocol == ProtocolSpec::Rpc {
        if !matches!(spec.method, MethodSpec::Get | MethodSpec::Post) {
            out.push(op.diagnostic(
                "method",
                "an RPC operation is POST or GET (PUT, DELETE and PATCH are for `protocol: roa` products)",
            ));
        }
        if spec.path.is_some() {
            out.push(op.diagnostic(
                "path",
                "`path` is for RESTful operations: set `protocol: roa` in _product.yaml",
            ));
        }
        let fields = spec.request.iter().map(|f| (f, "request"));
        let fields = fields.chain(spec.response.fields.iter().map(|f| (f, "response.fields")));
        for (i, (f, base)) in fields.enumerate() {
            let index = if base == "request" {
                i
            } else {
                i - spec.request.len()
            };
            if !matches!(f.location, LocationSpec::Query | LocationSpec::Form) {
                out.push(op.diagnostic(
                    &format!("{base}[{index}].location"),
                    "`path`, `header`, `host` and `body` are for RESTful operations: set `protocol: roa` in _product.yaml",
                ));
            }
        }
        return;
    }
    // Without a path the other checks still run: every problem is reported at once.
    let path = match &spec.path {
        Some(path) => path.as_str(),
        None => {
            out.push(op.diagnostic(
                "name",
                "a RESTful operation needs its `path` template (`/clusters/{ClusterId}`)",
            ));
            "/"
        }
    };
    let template = path.split('?').next().unwrap_or_default();
    if !template.starts_with('/')
        || path
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '#')
    {
        out.push(op.diagnostic(
            "path",
            "a path starts with `/` and has no spaces, control characters or `#`",
        ));
    }
    let named = match placeholders(template) {
        Ok(named) => named,
        Err(e) => {
            out.push(op.diagnostic("path", format!("`{path}`: {e}")));
            Vec::new()
        }
    };
    if path
        .split_once('?')
        .is_some_and(|(_, q)| q.contains(['{', '}']))
    {
        out.push(op.diagnostic(
            "path",
            "the fixed query after `?` takes no placeholders: declare such parameters with `location: query`",
        ));
    }
    let mut seen = BTreeSet::new();
    for name in &named {
        if !seen.insert(*name) {
            out.push(op.diagnostic("path", format!("`{{{name}}}` appears twice")));
        }
        let declared = spec
            .request
            .iter()
            .any(|f| f.name == *name && f.location == LocationSpec::Path);
        if !declared {
            out.push(op.diagnostic(
                "path",
                format!("`{{{name}}}` is not a request parameter with `location: path`"),
            ));
        }
    }
    let (mut bodies, mut hosts, mut forms) = (0, 0, 0);
    for (i, f) in spec.request.iter().enumerate() {
        let at = format!("request[{i}]");
        match f.location {
            LocationSpec::Path | LocationSpec::Host | LocationSpec::Header => {
                if !scalar(f.ty) {
                    out.push(op.diagnostic(
                        &format!("{at}.type"),
                        "a `path`, `host` or `header` parameter is a string, number or boolean",
                    ));
                }
                if f.location == LocationSpec::Path && !named.contains(&f.name.as_str()) {
                    out.push(op.diagnostic(
                        &format!("{at}.location"),
                        format!("`{{{}}}` is not in the path `{path}`", f.name),
                    ));
                }
                if f.location == LocationSpec::Path && !f.required {
                    out.push(op.diagnostic(
                        &format!("{at}.required"),
                        "a `path` parameter is required: the request has no URL without it",
                    ));
                }
                if f.location == LocationSpec::Host {
                    hosts += 1;
                }
            }
            LocationSpec::Body => bodies += 1,
            LocationSpec::Form => forms += 1,
            LocationSpec::Query => {}
        }
        if f.style.is_some() && matches!(f.location, LocationSpec::Body) {
            out.push(op.diagnostic(
                &format!("{at}.style"),
                "the body is sent whole (compact JSON, or a string as it is): it takes no `style`",
            ));
        }
    }
    if bodies > 1 {
        out.push(op.diagnostic("request", "only one parameter can be the body"));
    }
    if bodies > 0 && forms > 0 {
        out.push(op.diagnostic(
            "request",
            "a request has either a `body` parameter or `form` parameters, not both",
        ));
    }
    if hosts > 1 {
        out.push(op.diagnostic(
            "request",
            "only one parameter can be the host name's first label",
        ));
    }
    let body_fields = spec
        .response
        .fields
        .iter()
        .filter(|f| f.location == LocationSpec::Body)
        .count();
    let members = spec
        .response
        .fields
        .iter()
        .filter(|f| f.location == LocationSpec::Query)
        .count();
    if body_fields > 1 || (body_fields == 1 && members > 0) {
        out.push(op.diagnostic(
            "response.fields",
            "a response is either the members of a JSON object or one field with `location: body` (and any `header` fields)",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_are_read_in_order_and_broken_templates_named() {
        assert_eq!(
            placeholders("/clusters/{ClusterId}/nodepools/{NodepoolId}"),
            Ok(vec!["ClusterId", "NodepoolId"])
        );
        assert_eq!(placeholders("/"), Ok(vec![]));
        assert!(
            placeholders("/a/{b")
                .unwrap_err()
                .contains("without its `}`")
        );
        assert!(
            placeholders("/a/b}")
                .unwrap_err()
                .contains("without its `{`")
        );
        assert!(placeholders("/a/{}").unwrap_err().contains("empty"));
        assert!(placeholders("/a/{b{c}}").is_err());
    }
}
