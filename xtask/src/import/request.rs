//! The parameters of an API → the operation's `request`: each field with its style and location, the
//! client token, and a parameter the metadata lists twice.

use super::json::Json;
use super::names::Namespace;
use super::schema::{Converter, Role};
use super::text::paragraphs;
use super::values::Kind;
use super::yaml::Node;

/// The sentence of a parameter the service requires but takes empty.
pub const ALLOW_EMPTY: &str =
    "Required by the service, which also takes an empty value: set it, empty if need be.";

/// The request fields of `api`, in the metadata's order.
pub fn request<'a>(
    conv: &mut Converter<'a>,
    ns: &mut Namespace,
    action: &str,
    api: &'a Json,
    get_only: bool,
    restful: bool,
) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::new();
    // Name → (the first declaration, its field's position in `out`).
    let mut seen: Vec<(&str, &Json, usize)> = Vec::new();
    for (i, p) in api
        .get("parameters")
        .map(Json::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let Some(name) = p.get("name").and_then(Json::as_str) else {
            conv.error(&format!("parameters[{i}]"), "a parameter without a name");
            continue;
        };
        let path = format!("request.{name}");
        let Some(schema) = p.get("schema") else {
            conv.error(&path, "a parameter without a schema");
            continue;
        };
        if let Some((_, first, at)) = seen.iter().find(|(n, _, _)| *n == name) {
            // The wire has one parameter of a name: the first declaration is the field; what a later
            // one says differently is kept as a sentence of its description, not lost.
            if let (Some(words), Some(field)) = (differences(first, p), out.get_mut(*at)) {
                let before = field
                    .get("description")
                    .and_then(Node::as_str)
                    .unwrap_or_default()
                    .to_owned();
                let line = format!("The metadata lists this parameter again, {words}.");
                field.set("description", Node::Str(paragraphs([before, line])));
            }
            continue;
        }
        for (key, _) in p.entries() {
            match key.as_str() {
                // `allowEmptyValue`: the client sends an empty value the caller sets, which is all the
                // flag allows, on a required parameter as on an optional one.
                "name" | "in" | "style" | "schema" | "allowEmptyValue" => {}
                other => conv.unsupported(
                    &path,
                    other,
                    "the importer does not know this key of a parameter",
                ),
            }
        }
        let (mut field, kind) = conv.field(ns, name, schema, &path, Role::Request, action, true);
        let place = p.get("in").and_then(Json::as_str);
        match place {
            Some("query") => {}
            // A GET has no body: the spec format sends every parameter of a GET in the query.
            Some("formData") if get_only => {}
            Some("formData") => field.set("location", Node::str("form")),
            // RESTful places. A path parameter is required by its nature: the request has no URL
            // without it, whatever the metadata's flag says. A host parameter may be left out (the
            // endpoint is then the host itself).
            Some("path") if restful => {
                field.set("location", Node::str("path"));
                field.set("required", Node::Bool(true));
            }
            Some(at @ ("host" | "header" | "body")) if restful => {
                field.set("location", Node::str(at))
            }
            other => conv.unsupported(
                &path,
                "in",
                format!(
                    "parameters in `{}` are not RPC parameters",
                    other.unwrap_or("nowhere")
                ),
            ),
        }
        // The body travels whole (compact JSON, or a string as it is): its `json` style says no more.
        let whole_body = restful && place == Some("body");
        if let Some(style) = p
            .get("style")
            .and_then(Json::as_str)
            .filter(|_| !whole_body)
        {
            let spec_style = match style {
                "repeatList" => Some("repeat-list"),
                "flat" => Some("flat"),
                "json" => Some("json"),
                "simple" => Some("simple"),
                _ => None,
            };
            match spec_style {
                // A style changes how lists and objects travel; a scalar travels the same in every style.
                Some(s) if kind == Kind::Composite => field.set("style", Node::str(s)),
                Some(_) => {}
                None => conv.unsupported(
                    &path,
                    "style",
                    format!("`{style}` is not a parameter style the importer knows"),
                ),
            }
        }
        // A required text parameter the service also takes empty: a spec's required parameter must be
        // non-blank (the client refuses an empty one before sending), so it is optional here and the
        // client sends what the caller sets, an empty value included. A number has no empty value to send.
        if p.get("allowEmptyValue").is_some_and(Json::is_true)
            && field.get("required").is_some()
            && place != Some("path")
            && kind == Kind::Text
        {
            field.remove("required");
            let before = field
                .get("description")
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_owned();
            field.set(
                "description",
                Node::Str(paragraphs([before, ALLOW_EMPTY.to_owned()])),
            );
        }
        // Alibaba's APIs call their idempotency token ClientToken, in the spelling of their style (RPC's
        // `ClientToken`, Elasticsearch's `clientToken`); the client fills it when it is left empty.
        if super::paging::same(name, "ClientToken") && kind == Kind::Text {
            field.set("idempotency_token", Node::Bool(true));
        }
        seen.push((name, p, out.len()));
        out.push(field);
    }
    out
}

/// What the declaration `again` of a parameter says differently from `first`, in words
/// (`with `required: false``); `None` when it says the same.
fn differences(first: &Json, again: &Json) -> Option<String> {
    // The parameter's own keys and its schema's, side by side.
    let keys = |p: &Json| -> Vec<(String, Json)> {
        let mut all: Vec<(String, Json)> = p
            .entries()
            .iter()
            .filter(|(k, _)| k != "schema")
            .cloned()
            .collect();
        all.extend(
            p.get("schema")
                .map(Json::entries)
                .unwrap_or_default()
                .iter()
                .cloned(),
        );
        all
    };
    let (a, b) = (keys(first), keys(again));
    let mut names: Vec<&str> = a.iter().map(|(k, _)| k.as_str()).collect();
    names.extend(
        b.iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| !a.iter().any(|(x, _)| x == k)),
    );
    let find = |list: &[(String, Json)], key: &str| -> Option<Json> {
        list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    };
    let mut said = Vec::new();
    for key in names {
        let (x, y) = (find(&a, key), find(&b, key));
        if x == y {
            continue;
        }
        said.push(match y {
            None => format!("without `{key}`"),
            Some(_) if key == "description" => "with another description".to_owned(),
            Some(Json::Object(_) | Json::Array(_)) => format!("with another `{key}`"),
            Some(v) => format!(
                "with `{key}: {}`",
                v.scalar_text().unwrap_or_else(|| v.canonical(&[]))
            ),
        });
    }
    (!said.is_empty()).then(|| said.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_parameter_says_what_differs() {
        let p = |text: &str| -> Json { serde_json::from_str(text).expect("json") };
        let first = p(
            r#"{"name": "A", "in": "query", "schema": {"type": "string", "required": true, "description": "x"}}"#,
        );
        assert_eq!(differences(&first, &first.clone()), None);
        let again = p(
            r#"{"name": "A", "in": "query", "schema": {"type": "string", "required": false, "description": "y", "items": {}}}"#,
        );
        assert_eq!(
            differences(&first, &again).as_deref(),
            Some("with `required: false`, with another description, with another `items`")
        );
        let fewer = p(r#"{"name": "A", "schema": {"type": "string"}}"#);
        assert_eq!(
            differences(&first, &fewer).as_deref(),
            Some("without `in`, without `required`, without `description`")
        );
    }
}
