//! Request validation from the spec, as strict as the service: each parameter's value is rebuilt from what
//! was sent (query and form body alike) according to its style ([`unflatten`]), then checked with the
//! same rules the generated client and the spec loader use (`acs_codegen::spec::conform`, strict request
//! mode: required members, types, documented enum values, ranges, lengths, item counts), then the rules
//! between parameters ([`rules`]). A missing required value is `MissingParameter`, anything else
//! `InvalidParameter`, each naming the path as sent (`Tag.3.Key`). The first problem is reported, in the
//! spec's parameter order, as the gateway reports one. A RESTful operation's parameters come from the
//! path, headers, host name and body too (see `crate::restful::input`); a body arrives whole ([`Given`]).
//!
//! Parameters the spec does not declare are ignored: common parameters (`RegionId`, `Format`, the V1
//! signing parameters) travel beside every operation's own, and the gateway ignores the ones an API does
//! not use.

mod rules;
mod unflatten;

use std::collections::HashSet;

use acs_codegen::spec::conform::{Mode, Problem, conform};
use acs_codegen::spec::model::FieldSpec;
use serde_json::{Map, Value};

use crate::api_error::{self, ApiError};
use crate::catalog::Operation;
use crate::incoming::Incoming;

pub(crate) use unflatten::Sent;

/// The enum check of a strict service: a value the spec does not list is refused.
const STRICT: Mode = Mode::Request { strict_enums: true };

/// What was sent for one parameter: dotted pairs, rebuilt per its style, or a value already whole (a
/// RESTful body, parsed from its JSON).
#[derive(Debug)]
pub(crate) enum Given<'r> {
    Sent(Sent<'r>),
    Whole(Option<Value>),
}

/// Checks every request parameter of the RPC operation `op` in `req` (query and form body are one set),
/// then the rules between them.
pub(crate) fn validate(op: &Operation, req: &Incoming) -> Result<(), ApiError> {
    let sent = sent_per_field(&op.spec.request, req.params());
    check(op, sent.into_iter().map(Given::Sent).collect())
}

/// Checks what was sent for each request parameter of `op`, in field order, then the rules between
/// them.
pub(crate) fn check(op: &Operation, given_per_field: Vec<Given<'_>>) -> Result<(), ApiError> {
    let names = op.names();
    let fields = &op.spec.request;
    let mut given = Vec::with_capacity(fields.len());
    for (f, sent) in fields.iter().zip(given_per_field) {
        let value = match sent {
            Given::Sent(sent) => unflatten::value(f, &sent, &names).map_err(|p| refusal(&p))?,
            Given::Whole(value) => value,
        };
        let alone = Value::Object(Map::from_iter(
            value.iter().map(|v| (f.name.clone(), v.clone())),
        ));
        if let Some(p) = conform(&alone, std::slice::from_ref(f), &names, STRICT).first() {
            return Err(refusal(p));
        }
        if value.as_ref().is_some_and(present) {
            given.push(f.name.as_str());
        }
    }
    rules::check(&op.spec.constraints, &given)
}

/// The service's answer to a problem: `MissingParameter` for a required value that is absent,
/// `InvalidParameter` for anything else, both naming the path as sent.
fn refusal(p: &Problem) -> ApiError {
    if p.missing {
        api_error::missing_parameter(&p.path)
    } else {
        api_error::invalid_parameter(&p.path, &format!("{} {}.", p.path, p.message))
    }
}

/// Whether a rebuilt value counts as given: not null, blank text, or an empty list or object.
fn present(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

/// What was sent for each field, in field order. A key belongs to the declared name it equals or
/// continues with a dot (`Tag.1.Key` to `Tag`), the longest such name winning, so literally dotted names
/// (`SystemDisk.Category`) stay whole. Of a key sent twice the first value counts, as a servlet's
/// `getParameter` gives it, query before form body.
pub(crate) fn sent_per_field<'r>(
    fields: &[FieldSpec],
    params: impl Iterator<Item = (&'r str, &'r str)>,
) -> Vec<Sent<'r>> {
    let mut out: Vec<Sent<'r>> = fields.iter().map(|_| Sent::default()).collect();
    let mut seen = HashSet::new();
    for (key, value) in params {
        if !seen.insert(key) {
            continue;
        }
        let owner = (fields.iter().enumerate())
            .filter(|(_, f)| {
                let rest = key.strip_prefix(f.name.as_str());
                rest.is_some_and(|r| r.is_empty() || r.starts_with('.'))
            })
            .max_by_key(|(_, f)| f.name.len());
        if let Some((i, f)) = owner {
            match key.get(f.name.len() + 1..) {
                Some(member) => out[i].members.push((member, value)),
                None => out[i].whole = Some(value),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> FieldSpec {
        serde_yaml::from_str(&format!("{{ name: {name}, type: any }}")).expect("field")
    }

    #[test]
    fn keys_go_to_the_longest_declared_name_and_the_first_value_counts() {
        let fields = [field("Disk"), field("Disk.Category"), field("Tag")];
        let params = [
            ("Disk.Category", "a"),
            ("Disk.Size", "1"),
            ("Disk", "b"),
            ("Tag.1.Key", "k"),
            ("Tag.1.Key", "again"),
            ("Tags", "other"),
            ("Disk.Category.", "c"),
        ];
        let sent = sent_per_field(&fields, params.into_iter());
        assert_eq!(sent[0].whole, Some("b"));
        assert_eq!(sent[0].members, vec![("Size", "1")]);
        assert_eq!(sent[1].whole, Some("a"));
        assert_eq!(sent[1].members, vec![("", "c")]);
        assert_eq!(sent[2].whole, None);
        assert_eq!(sent[2].members, vec![("1.Key", "k")]);
    }
}
