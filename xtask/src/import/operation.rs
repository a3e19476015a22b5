//! One API of the metadata → the operation spec (without its shapes and enums, which
//! [`super::schema::Converter`] finishes later): summary, description, method, RAM, the response, and,
//! from their own files, the parameters ([`super::request`]), error codes ([`super::errors`]) and
//! example responses ([`super::examples`]).

use super::errors::errors;
use super::examples::examples;
use super::json::Json;
use super::names::Namespace;
use super::request::request;
use super::schema::{Converter, DEPRECATED, Role};
use super::text::{clean, paragraphs};
use super::yaml::Node;

/// API keys that carry nothing a spec or the client uses: transport (`schemes`: the client always uses
/// HTTPS; `security`: read for one fact, whether the request is signed at all, see [`anonymous`];
/// `consumes`, `produces`: a request body is JSON or a form, and an answer JSON or, for a RESTful
/// operation, text kept whole; `path`, which only a RESTful operation reads), classification (`operationType`,
/// `systemTags`, `staticInfo`, `tags`), history and events (`changeSet`, `eventInfo`), `flowControl`,
/// `translator`, and the internal `title` (used only when the API has no other text).
const IGNORED: &[&str] = &[
    "schemes",
    "security",
    "path",
    "consumes",
    "produces",
    "operationType",
    "systemTags",
    "staticInfo",
    "tags",
    "changeSet",
    "eventInfo",
    "flowControl",
    "translator",
    "title",
];

/// API keys the import maps.
const KNOWN: &[&str] = &[
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

/// The operation `action` described by `api`, with `conv` collecting its shapes, enums and problems.
pub fn operation<'a>(
    conv: &mut Converter<'a>,
    ns: &mut Namespace,
    action: &str,
    api: &'a Json,
    restful: bool,
) -> Node {
    let mut op = Node::Map(vec![("name".to_owned(), Node::str(action))]);
    for (key, _) in api.entries() {
        if !KNOWN.contains(&key.as_str()) && !IGNORED.contains(&key.as_str()) {
            conv.unsupported("", key, "the importer does not know this key of an API");
        }
    }
    let text = |key: &str| {
        api.get(key)
            .and_then(Json::as_str)
            .map(clean)
            .unwrap_or_default()
    };
    let description = paragraphs([
        text("description"),
        text("requestParamsDescription"),
        text("responseParamsDescription"),
        text("extraInfo"),
    ]);
    // The generator needs a summary line: the summary, else the description's first line, else the
    // title (unless it only repeats the action's name), else the action's words. An operation without
    // text is still an operation.
    let title = text("title");
    let summary = [
        text("summary"),
        description.lines().next().unwrap_or_default().to_owned(),
        if title == action {
            String::new()
        } else {
            title
        },
    ]
    .into_iter()
    .find(|s| !s.is_empty())
    .unwrap_or_else(|| action_words(action));
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
    let get_only = if restful {
        restful_method(conv, &mut op, api, &methods)
    } else {
        let get_only = !methods.iter().any(|m| m == "post");
        if get_only && !methods.iter().any(|m| m == "get") {
            conv.error("methods", "the API lists neither POST nor GET");
        }
        if get_only {
            op.set("method", Node::str("GET"));
        }
        get_only
    };
    if api.get("deprecated").is_some_and(Json::is_true) {
        op.set("deprecated", Node::str(DEPRECATED));
    }
    if anonymous(api.get("security")) {
        op.set("anonymous", Node::Bool(true));
    }
    if let Some(ram) = ram(conv, api.get("ramActions")) {
        op.set("ram", ram);
    }
    let params = request(conv, ns, action, api, get_only, restful);
    if !params.is_empty() {
        op.set("request", Node::Seq(params));
    }
    let (status, response) = response(conv, ns, action, api, restful);
    let declares_code = match response.get("fields") {
        Some(Node::Seq(fields)) => fields
            .iter()
            .any(|f| matches!(f.get("name").and_then(Node::as_str), Some("Code" | "code"))),
        _ => false,
    };
    op.set("response", response);
    let errors = errors(conv, api.get("errorCodes"));
    if !errors.is_empty() {
        op.set("errors", Node::Seq(errors));
    }
    let examples = examples(conv, api, status, declares_code);
    if !examples.is_empty() {
        op.set("examples", Node::Seq(examples));
    }
    op
}

/// `DescribeDBInstances` → `Describe DB instances.`: words at case changes, acronyms kept, the rest in
/// lower case.
pub fn action_words(action: &str) -> String {
    let chars: Vec<char> = action.chars().collect();
    let mut words: Vec<String> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let starts = match prev {
            None => true,
            Some(p) if !c.is_alphanumeric() || !p.is_alphanumeric() => true,
            // `aB` and `1B` start a word; so does the last capital of `DBInstances`.
            Some(p) if c.is_uppercase() => {
                !p.is_uppercase() || next.is_some_and(char::is_lowercase)
            }
            Some(_) => false,
        };
        if !c.is_alphanumeric() {
            continue;
        }
        match words.last_mut() {
            Some(word) if !starts => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    let words: Vec<String> = words
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            let acronym = w.chars().filter(|c| c.is_alphabetic()).count() > 1
                && !w.chars().any(char::is_lowercase);
            if acronym || i == 0 {
                w
            } else {
                w.to_lowercase()
            }
        })
        .collect();
    if words.is_empty() {
        return String::new();
    }
    format!("{}.", words.join(" "))
}

/// The success status and the response: the `200` response, or the lowest other 2xx when there is no
/// `200` (`201` for a creation). Other responses are left out: non-2xx ones describe error bodies, which
/// the client does not decode into types, and another 2xx beside `200` has no place in a spec.
/// Whether the API's `security` schemes leave out the AccessKey (`AK`): `[{"Anonymous": []}]`, or STS's
/// `AssumeRoleWithOIDC` (`[{"ARS_OIDC": []}]`), whose caller has a token and no keys. Its request is sent
/// unsigned, as the official SDKs send it (`auth_type` `Anonymous`). No `security` at all is the usual
/// AccessKey signature.
fn anonymous(security: Option<&Json>) -> bool {
    let Some(schemes) = security.map(Json::items).filter(|s| !s.is_empty()) else {
        return false;
    };
    !schemes
        .iter()
        .any(|scheme| scheme.entries().iter().any(|(name, _)| name == "AK"))
}

/// A RESTful API's method and path: POST when the API lists it among others, else the first method
/// listed, as the official SDKs take it (the rule that picks POST for an RPC API listing `get` first),
/// and the path template as written. Whether the request has no body (a GET).
///
/// Why POST first: the official SDKs (the Python packages of all nineteen products, compared operation
/// by operation) send POST for every API whose `methods` lists it, whatever its place: Elasticsearch's
/// 13 APIs listing `["patch", "post"]` or `["patch", "post", "put"]` (a list in alphabetical order,
/// which says nothing of preference) and RPC APIs listing `["get", "post"]` alike; an API without POST
/// is sent with its first method.
fn restful_method(conv: &mut Converter<'_>, op: &mut Node, api: &Json, methods: &[String]) -> bool {
    let method = methods
        .iter()
        .find(|m| *m == "post")
        .or(methods.first())
        .map(|m| m.to_ascii_uppercase());
    match method.as_deref() {
        Some(m @ ("POST" | "GET" | "PUT" | "DELETE" | "PATCH")) => {
            if m != "POST" {
                op.set("method", Node::str(m));
            }
        }
        Some(other) => conv.error(
            "methods",
            format!("`{other}` is not an HTTP method a client sends"),
        ),
        None => conv.error("methods", "the API lists no method"),
    }
    match api.get("path").and_then(Json::as_str) {
        Some(path) => op.set("path", Node::str(path)),
        None => conv.error("path", "a RESTful API without its path"),
    }
    method.as_deref() == Some("GET")
}

/// Standard HTTP response headers: what the transport handles, not values of the operation.
const HTTP_HEADERS: &[&str] = &[
    "server",
    "content-length",
    "connection",
    "content-type",
    "date",
    "content-encoding",
    "transfer-encoding",
    "vary",
    "etag",
    "cache-control",
    "keep-alive",
];

fn response<'a>(
    conv: &mut Converter<'a>,
    ns: &mut Namespace,
    action: &str,
    api: &'a Json,
    restful: bool,
) -> (u16, Node) {
    let responses = api.get("responses").map(Json::entries).unwrap_or_default();
    let success: Vec<(u16, &Json)> = responses
        .iter()
        .filter_map(|(status, r)| Some((status.trim().parse::<u16>().ok()?, r)))
        .filter(|(status, _)| (200..300).contains(status))
        .collect();
    let chosen = success
        .iter()
        .find(|(s, _)| *s == 200)
        .or_else(|| success.iter().min_by_key(|(s, _)| *s))
        .copied();
    let status = chosen.map_or(200, |(s, _)| s);
    let mut node = Node::Map(Vec::new());
    // A RESTful answer may carry values in headers (`x-log-count`): fields read from them.
    let mut headers = Vec::new();
    if restful {
        for (name, header) in chosen
            .and_then(|(_, r)| r.get("headers"))
            .map(Json::entries)
            .unwrap_or_default()
        {
            let lower = name.to_ascii_lowercase();
            if HTTP_HEADERS.contains(&lower.as_str()) || lower.starts_with("access-control-") {
                continue;
            }
            let path = format!("response.headers.{name}");
            let Some(schema) = header.get("schema") else {
                conv.error(&path, "a header without a schema");
                continue;
            };
            let (mut field, _) = conv.field(ns, name, schema, &path, Role::Response, action, true);
            field.set("location", Node::str("header"));
            headers.push(field);
        }
    }
    let Some(schema) = chosen.and_then(|(_, r)| r.get("schema")) else {
        if !headers.is_empty() {
            node.set("fields", Node::Seq(headers));
        }
        return (status, node);
    };
    let ty = schema.get("type").and_then(Json::as_str);
    let whole = ty.is_some_and(|t| t != "object")
        || ["$ref", "additionalProperties"]
            .iter()
            .any(|k| schema.get(k).is_some());
    if restful && whole {
        // A list, text or a referenced object at the top: one field holds the whole body.
        let (mut field, _) = conv.field(
            ns,
            "body",
            schema,
            "response.body",
            Role::Response,
            action,
            true,
        );
        field.set("location", Node::str("body"));
        let mut fields = vec![field];
        fields.extend(headers);
        node.set("fields", Node::Seq(fields));
        return (status, node);
    }
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
    // The response is a schema like any other (its unknown keys are problems), but an object of named
    // elements in a spec: a list, a map or a reference in its place cannot be one.
    let _ = conv.check_keys(schema, "response", false);
    let ty = schema.get("type").and_then(Json::as_str);
    for key in ["items", "additionalProperties", "$ref"] {
        if schema.get(key).is_some() || (key == "items" && ty == Some("array")) {
            conv.unsupported(
                "response",
                key,
                "the response is an object of named elements in a spec",
            );
        }
    }
    fields.extend(headers);
    if !fields.is_empty() {
        node.set("fields", Node::Seq(fields));
    }
    (status, node)
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
    // A condition key is a name, or an object naming it (`{"conditionKey": "log:TLSVersion",
    // "validationType": "always"}`): when it applies is the policy author's concern.
    let keys: Vec<Node> = conditions
        .iter()
        .filter_map(|c| {
            c.as_str()
                .or_else(|| c.get("conditionKey").and_then(Json::as_str))
                .map(Node::str)
        })
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

#[cfg(test)]
mod tests {
    use super::action_words;

    #[test]
    fn an_action_reads_as_words() {
        for (action, words) in [
            ("DescribeInstances", "Describe instances."),
            ("DescribeDBInstances", "Describe DB instances."),
            (
                "DescribeCloudGtmGlobalAlert",
                "Describe cloud gtm global alert.",
            ),
            ("ListTagResources2", "List tag resources2."),
            ("ping", "ping."),
            ("", ""),
        ] {
            assert_eq!(action_words(action), words, "{action}");
        }
    }
}
