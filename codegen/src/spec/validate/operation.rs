//! Checks of one operation file: its name and links, its fields, paginator and waiters, constraints,
//! error codes and examples.

use std::collections::{BTreeMap, BTreeSet};

use super::fields::check_fields;
use super::items::check_named_items;
use super::{Namespace, Role, control_problem};
use crate::diag::Diagnostics;
use crate::ir::names;
use crate::spec::conform::{Mode, conform};
use crate::spec::load::Loaded;
use crate::spec::model::{ExampleFormat, LocationSpec, MethodSpec};

pub(super) fn validate_operation(
    op: &Loaded<crate::spec::model::OperationSpec>,
    ns: &Namespace<'_>,
    out: &mut Diagnostics,
) {
    let spec = &op.spec;
    let stem = op
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if spec.name != stem {
        out.push(op.diagnostic(
            "name",
            format!(
                "the operation is `{}` but the file is named `{stem}.yaml`",
                spec.name
            ),
        ));
    }
    // The action goes on the wire as written (`GetDBListFromAgent`, Elasticsearch's `createInstance`);
    // its type names are made UpperCamelCase, so it only needs to be an identifier whose names are
    // legal (two actions that give the same names are refused below, by product).
    if let Some(p) = names::ident_problem(&spec.name) {
        out.push(op.diagnostic("name", p));
    } else if let Some(p) = names::type_name_problem(&names::camel(&spec.name)) {
        out.push(op.diagnostic("name", p));
    } else if let Some(p) = names::ident_problem(&names::snake(&spec.name)) {
        out.push(op.diagnostic("name", format!("method name: {p}")));
    }
    if let Some(url) = &spec.documentation {
        let fine = (url.starts_with("https://") || url.starts_with("http://"))
            && !url
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
        if !fine {
            out.push(op.diagnostic(
                "documentation",
                "`documentation` must be an http(s) URL without spaces, control characters, `<` or `>`",
            ));
        }
    }
    if spec.summary.trim().is_empty() {
        out.push(op.diagnostic(
            "summary",
            "`summary` must not be empty: it documents the method",
        ));
    }
    check_named_items(op, "", &spec.shapes, &spec.enums, ns, out);
    check_fields(op, "request", &spec.request, Role::Request, ns, out);
    super::paging::check_paginator(op, ns, out);
    super::waiters::check_waiters(op, ns, out);
    check_fields(
        op,
        "response.fields",
        &spec.response.fields,
        Role::Response,
        ns,
        out,
    );

    let tokens = spec.request.iter().filter(|f| f.idempotency_token).count();
    if tokens > 1 {
        out.push(op.diagnostic("request", "only one parameter can be the idempotency token"));
    }
    let request_names: BTreeSet<&str> = spec.request.iter().map(|f| f.name.as_str()).collect();
    for (i, c) in spec.constraints.iter().enumerate() {
        let path = format!("constraints[{i}]");
        if c.fields.len() < 2 {
            out.push(op.diagnostic(
                &format!("{path}.fields"),
                "a constraint needs at least two fields",
            ));
        }
        for (j, name) in c.fields.iter().enumerate() {
            if !request_names.contains(name.as_str()) {
                out.push(op.diagnostic(
                    &format!("{path}.fields[{j}]"),
                    format!("`{name}` is not a request parameter of {}", spec.name),
                ));
            }
        }
    }
    // Every code gets a variant (`error_variants` numbers a taken name); a code listed twice would give
    // one wire code two variants, so its statuses and messages belong in one entry.
    let mut codes = BTreeMap::new();
    for (i, e) in spec.errors.iter().enumerate() {
        if let Some(&first) = codes.get(e.code.as_str()) {
            out.push(op.diagnostic(
                &format!("errors[{i}].code"),
                format!(
                    "`{}` is already listed as errors[{first}]; list each code once",
                    e.code
                ),
            ));
        } else {
            codes.insert(e.code.as_str(), i);
        }
        if !(100..=599).contains(&e.status) {
            out.push(op.diagnostic(
                &format!("errors[{i}].status"),
                format!("{} is not an HTTP status", e.status),
            ));
        }
        if e.code.trim().is_empty() {
            out.push(op.diagnostic(&format!("errors[{i}].code"), "`code` must not be empty"));
        } else if let Some(p) = control_problem(&e.code) {
            out.push(op.diagnostic(&format!("errors[{i}].code"), format!("`code` {p}")));
        }
    }
    for (i, ex) in spec.examples.iter().enumerate() {
        if ex.format != ExampleFormat::Json {
            continue;
        }
        // A RESTful answer that is text, held whole by a string field, need not be JSON.
        let text_body = spec.response.fields.iter().any(|f| {
            f.location == LocationSpec::Body && f.ty == crate::spec::model::TypeName::String
        });
        match serde_json::from_str::<serde_json::Value>(&ex.body) {
            Err(_) if ex.unfit.is_some() || text_body => {}
            Err(e) => out.push(op.diagnostic(
                &format!("examples[{i}].body"),
                format!("the example is not valid JSON: {e}"),
            )),
            // Error examples document the error body, not the response fields.
            Ok(body) if (200..300).contains(&ex.status) => {
                let problems =
                    crate::spec::conform::example_problems(&body, &spec.response.fields, ns);
                // An example marked `unfit` is documentation by decision; the mark must stay true.
                if ex.unfit.is_some() {
                    if problems.is_empty() {
                        out.push(op.diagnostic(
                            &format!("examples[{i}].unfit"),
                            "the example fits the response: remove `unfit`",
                        ));
                    }
                    continue;
                }
                for p in problems {
                    out.push(op.diagnostic(
                        &format!("examples[{i}].body"),
                        format!(
                            "the example does not fit the response: {}: {}",
                            if p.path.is_empty() {
                                "the body"
                            } else {
                                &p.path
                            },
                            p.message
                        ),
                    ));
                }
            }
            Ok(_) => {}
        }
    }
    for (i, ex) in spec.request_examples.iter().enumerate() {
        let input = serde_json::to_value(&ex.input).unwrap_or(serde_json::Value::Null);
        if !input.is_object() {
            out.push(op.diagnostic(
                &format!("request_examples[{i}].input"),
                "the input is an object of parameters by wire name",
            ));
            continue;
        }
        let strict = Mode::Request {
            strict_enums: false,
        };
        for p in conform(&input, &spec.request, ns, strict) {
            out.push(op.diagnostic(
                &format!("request_examples[{i}].input"),
                format!(
                    "the input does not fit the request: {}: {}",
                    p.path, p.message
                ),
            ));
        }
        let says_nothing = ex.query.is_empty()
            && ex.form.is_empty()
            && ex.path.is_none()
            && ex.headers.is_empty()
            && ex.body.is_none();
        if says_nothing {
            out.push(op.diagnostic(
                &format!("request_examples[{i}]"),
                "give what the input must produce: `query` and/or `form` pairs (and for a RESTful operation its `path`, `headers` or `body`)",
            ));
        }
    }
    if spec.method == MethodSpec::Get {
        for (i, f) in spec.request.iter().enumerate() {
            if f.location == LocationSpec::Form {
                out.push(op.diagnostic(
                    &format!("request[{i}].location"),
                    "a GET operation sends every parameter in the query",
                ));
            }
        }
    }
}
