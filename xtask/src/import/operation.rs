//! One API of the metadata → the operation spec (without its shapes and enums, which
//! [`super::schema::Converter`] finishes later): summary, description, method, RAM, parameters with
//! their style and location, the response, error codes and the JSON example responses.

use super::errors::errors;
use super::json::Json;
use super::names::Namespace;
use super::schema::{Converter, DEPRECATED, Role};
use super::text::{clean, paragraphs};
use super::values::Kind;
use super::yaml::Node;

/// API keys that carry nothing a spec or the client uses: transport (`schemes`: the client always uses
/// HTTPS; `security`: always an AccessKey signature), classification (`operationType`, `systemTags`,
/// `staticInfo`), history and events (`changeSet`, `eventInfo`), `flowControl`, `translator`, the internal
/// `title` and an empty ROA `path`.
const IGNORED: &[&str] = &[
    "schemes",
    "security",
    "operationType",
    "systemTags",
    "staticInfo",
    "changeSet",
    "eventInfo",
    "flowControl",
    "translator",
    "title",
];

/// The operation `action` described by `api`, with `conv` collecting its shapes, enums and problems.
pub fn operation<'a>(
    conv: &mut Converter<'a>,
    ns: &mut Namespace,
    action: &str,
    api: &'a Json,
) -> Node {
    let mut op = Node::Map(vec![("name".to_owned(), Node::str(action))]);
    for (key, value) in api.entries() {
        let known = [
            "summary",
            "description",
            "methods",
            "deprecated",
            "parameters",
            "responses",
            "errorCodes",
            "responseDemo",
            "ramActions",
            "requestParamsDescription",
            "responseParamsDescription",
            "extraInfo",
        ];
        let empty_path = key == "path" && value.as_str().is_some_and(|p| p.trim().is_empty());
        if !known.contains(&key.as_str()) && !IGNORED.contains(&key.as_str()) && !empty_path {
            conv.unsupported("", key, "the importer does not know this key of an API");
        }
    }
    let text = |key: &str| {
        api.get(key)
            .and_then(Json::as_str)
            .map(clean)
            .unwrap_or_default()
    };
    let mut summary = text("summary");
    let description = paragraphs([
        text("description"),
        text("requestParamsDescription"),
        text("responseParamsDescription"),
        text("extraInfo"),
    ]);
    if summary.is_empty() {
        // The generator needs a summary line; the description's first line is the best there is.
        summary = description.lines().next().unwrap_or_default().to_owned();
    }
    if summary.is_empty() {
        conv.error("summary", "the API has neither a summary nor a description");
    }
    op.set("summary", Node::Str(summary));
    if !description.is_empty() {
        op.set("description", Node::Str(description));
    }
    let methods: Vec<String> = api
        .get("methods")
        .map(Json::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|m| m.as_str().map(str::to_ascii_lowercase))
        .collect();
    let get_only = !methods.iter().any(|m| m == "post");
    if get_only && !methods.iter().any(|m| m == "get") {
        conv.error("methods", "the API lists neither POST nor GET");
    }
    if get_only {
        op.set("method", Node::str("GET"));
    }
    if api.get("deprecated").is_some_and(Json::is_true) {
        op.set("deprecated", Node::str(DEPRECATED));
    }
    if let Some(ram) = ram(conv, api.get("ramActions")) {
        op.set("ram", ram);
    }
    let params = request(conv, ns, action, api, get_only);
    if !params.is_empty() {
        op.set("request", Node::Seq(params));
    }
    op.set("response", response(conv, ns, action, api));
    let (errors, untyped) = errors(conv, api.get("errorCodes"));
    if !errors.is_empty() {
        op.set("errors", Node::Seq(errors));
    }
    if !untyped.is_empty() {
        let text = op
            .get("description")
            .and_then(Node::as_str)
            .unwrap_or_default();
        op.set(
            "description",
            Node::Str(paragraphs([text.to_owned(), untyped.join("\n")])),
        );
    }
    let examples = examples(conv, api.get("responseDemo"));
    if !examples.is_empty() {
        op.set("examples", Node::Seq(examples));
    }
    op
}

fn request<'a>(
    conv: &mut Converter<'a>,
    ns: &mut Namespace,
    action: &str,
    api: &'a Json,
    get_only: bool,
) -> Vec<Node> {
    let mut out = Vec::new();
    let mut seen: Vec<(&str, &Json)> = Vec::new();
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
        if let Some(first) = seen.iter().find(|(n, _)| *n == name) {
            // Listed twice: the same declaration again adds nothing; a different one cannot be kept.
            if first.1 != p {
                conv.unsupported(
                    &path,
                    "name",
                    "declared twice, differently; the first declaration is kept",
                );
            }
            continue;
        }
        seen.push((name, p));
        for (key, value) in p.entries() {
            match key.as_str() {
                "name" | "in" | "style" | "schema" => {}
                // An empty value the caller sets is sent as it is, which is all the flag allows.
                "allowEmptyValue" if !schema.get("required").is_some_and(Json::is_true) => {}
                "allowEmptyValue" if !value.is_true() => {}
                "allowEmptyValue" => {
                    conv.unsupported(&path, key, "a required parameter that may be empty")
                }
                other => conv.unsupported(
                    &path,
                    other,
                    "the importer does not know this key of a parameter",
                ),
            }
        }
        let (mut field, kind) = conv.field(ns, name, schema, &path, Role::Request, action, true);
        match p.get("in").and_then(Json::as_str) {
            Some("query") => {}
            // A GET has no body: the spec format sends every parameter of a GET in the query.
            Some("formData") if get_only => {}
            Some("formData") => field.set("location", Node::str("form")),
            other => conv.unsupported(
                &path,
                "in",
                format!(
                    "parameters in `{}` are not RPC parameters",
                    other.unwrap_or("nowhere")
                ),
            ),
        }
        if let Some(style) = p.get("style").and_then(Json::as_str) {
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
        // Alibaba's APIs call their idempotency token ClientToken; the client fills it when it is left empty.
        if name == "ClientToken" && kind == Kind::Text {
            field.set("idempotency_token", Node::Bool(true));
        }
        out.push(field);
    }
    out
}

fn response<'a>(conv: &mut Converter<'a>, ns: &mut Namespace, action: &str, api: &'a Json) -> Node {
    let responses = api.get("responses");
    for (status, _) in responses.map(Json::entries).unwrap_or_default() {
        if status != "200" {
            conv.unsupported(
                &format!("responses.{status}"),
                "responses",
                "only the 200 response has a place in a spec",
            );
        }
    }
    let schema = responses
        .and_then(|r| r.get("200"))
        .and_then(|r| r.get("schema"));
    let mut node = Node::Map(Vec::new());
    let Some(schema) = schema else {
        return node;
    };
    let description = schema
        .get("description")
        .and_then(Json::as_str)
        .map(clean)
        .unwrap_or_default();
    if !description.is_empty() {
        node.set("description", Node::Str(description));
    }
    let mut fields = Vec::new();
    for (key, member) in schema
        .get("properties")
        .map(Json::entries)
        .unwrap_or_default()
    {
        let path = format!("response.{key}");
        fields.push(
            conv.field(ns, key, member, &path, Role::Response, action, true)
                .0,
        );
    }
    for (key, value) in schema.entries() {
        // DBS writes an empty `example` on every response object; an example body is in `responseDemo`.
        let blank = value.scalar_text().is_some_and(|t| t.trim().is_empty());
        if !["type", "properties", "description", "title"].contains(&key.as_str()) && !blank {
            conv.unsupported(
                "response",
                key,
                "the response is an object of named elements in a spec",
            );
        }
    }
    if !fields.is_empty() {
        node.set("fields", Node::Seq(fields));
    }
    node
}

/// The API's RAM action (DBS documents them).
fn ram(conv: &mut Converter<'_>, actions: Option<&Json>) -> Option<Node> {
    let actions = actions?.items();
    if actions.len() > 1 {
        conv.unsupported(
            "ramActions",
            "ramActions",
            "a spec has one RAM action per operation",
        );
    }
    let first = actions.first()?;
    let action = first.get("ramAction")?;
    let mut ram = Node::Map(vec![(
        "action".to_owned(),
        Node::str(
            action
                .get("action")
                .and_then(Json::as_str)
                .unwrap_or_default(),
        ),
    )]);
    if let Some(level) = first.get("operationType").and_then(Json::as_str) {
        ram.set("access_level", Node::str(level));
    }
    let resources: Vec<&str> = action
        .get("resources")
        .map(Json::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|r| r.get("resourceType").and_then(Json::as_str))
        .collect();
    if !resources.is_empty() {
        ram.set("resource_type", Node::Str(resources.join(", ")));
    }
    let conditions = action
        .get("actionConditions")
        .map(Json::items)
        .unwrap_or_default();
    let keys: Vec<Node> = conditions
        .iter()
        .filter_map(|c| c.as_str().map(Node::str))
        .collect();
    if keys.len() < conditions.len() {
        conv.unsupported(
            "ramActions",
            "actionConditions",
            "condition keys that are not plain names",
        );
    }
    if !keys.is_empty() {
        ram.set("condition_keys", Node::Seq(keys));
    }
    Some(ram)
}

/// The JSON example responses (the client asks for JSON, so XML examples are not imported).
fn examples(conv: &mut Converter<'_>, demo: Option<&Json>) -> Vec<Node> {
    let Some(text) = demo.and_then(Json::as_str).filter(|t| !t.trim().is_empty()) else {
        return Vec::new();
    };
    let Ok(list) = serde_json::from_str::<Vec<serde_json::Value>>(text) else {
        conv.error("responseDemo", "not a JSON list of examples");
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, demo) in list.iter().enumerate() {
        let body = demo
            .get("example")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default();
        let error_body = demo
            .get("errorExample")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default();
        if !error_body.trim().is_empty() {
            conv.unsupported(
                &format!("responseDemo[{i}]"),
                "errorExample",
                "an error example without its HTTP status",
            );
        }
        if demo.get("type").and_then(serde_json::Value::as_str) != Some("json")
            || body.trim().is_empty()
        {
            continue;
        }
        out.push(Node::Map(vec![
            ("title".to_owned(), Node::str("Success response")),
            ("format".to_owned(), Node::str("json")),
            ("status".to_owned(), Node::Num("200".to_owned())),
            ("body".to_owned(), Node::str(body)),
        ]));
    }
    out
}
