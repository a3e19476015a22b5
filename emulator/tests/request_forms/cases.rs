//! The table: one [`Case`] per request form and refusal, against the fixture product `Forms`: the requests
//! accepted here, the refusals in [`refusals`]. Messages are exact: `InvalidParameter` says `The specified
//! parameter "<path>" is not valid. <path> <why>.`, with the path as sent (`Tag.1.Value`), and
//! `MissingParameter` names the path the same way.

mod refusals;

use crate::support::pairs as owned;

/// The fixture product's API version.
pub const VERSION: &str = "2024-06-01";

/// One request and the answer it must get.
#[derive(Clone, Debug)]
pub struct Case {
    pub what: String,
    pub action: &'static str,
    pub method: &'static str,
    pub query: Vec<(String, String)>,
    pub form: Vec<(String, String)>,
    /// Status, code and message of the refusal; `None` when the request is accepted.
    pub expect: Option<(u16, String, String)>,
}

impl Case {
    pub(crate) fn new(action: &'static str, method: &'static str, query: &[(&str, &str)]) -> Case {
        Case {
            what: String::new(),
            action,
            method,
            query: owned(query),
            form: Vec::new(),
            expect: None,
        }
    }

    pub(crate) fn what(mut self, what: &str) -> Case {
        self.what = format!("{} {}: {what}", self.method, self.action);
        self
    }

    /// Removes these keys from the query and the form.
    pub(crate) fn drop(mut self, keys: &[&str]) -> Case {
        self.query.retain(|(k, _)| !keys.contains(&k.as_str()));
        self.form.retain(|(k, _)| !keys.contains(&k.as_str()));
        self
    }

    pub(crate) fn query(mut self, more: &[(&str, &str)]) -> Case {
        self.query.extend(owned(more));
        self
    }

    pub(crate) fn form(mut self, more: &[(&str, &str)]) -> Case {
        self.form.extend(owned(more));
        self
    }

    /// Moves every query parameter to the form body.
    pub(crate) fn all_in_form(mut self) -> Case {
        self.form.splice(0..0, std::mem::take(&mut self.query));
        self
    }

    pub(crate) fn invalid(mut self, path: &str, why: &str) -> Case {
        let message = format!("The specified parameter \"{path}\" is not valid. {path} {why}.");
        self.expect = Some((400, "InvalidParameter".into(), message));
        self
    }

    pub(crate) fn missing(mut self, path: &str) -> Case {
        let message = format!(
            "The input parameter \"{path}\" that is mandatory for processing this request is not supplied."
        );
        self.expect = Some((400, "MissingParameter".into(), message));
        self
    }

    pub(crate) fn refused(mut self, status: u16, code: &str, message: &str) -> Case {
        self.expect = Some((status, code.into(), message.into()));
        self
    }
}

/// A valid `TagResources`: repeated lists of strings and of objects in the query.
pub(crate) fn tag() -> Case {
    Case::new(
        "TagResources",
        "POST",
        &[
            ("RegionId", "cn-hangzhou"),
            ("ResourceType", "instance"),
            ("ResourceId.1", "i-1"),
            ("Tag.1.Key", "env"),
            ("Tag.1.Value", "prod"),
        ],
    )
}

/// A valid `ConfigureScopes`: the JSON settings in the form body.
pub(crate) fn scopes() -> Case {
    Case::new("ConfigureScopes", "POST", &[]).form(&[("Settings", r#"{"Mode":"fast"}"#)])
}

/// A valid `ListThings`, GET only.
pub(crate) fn things() -> Case {
    Case::new(
        "ListThings",
        "GET",
        &[("Name", "thing"), ("InstanceId", "i-1")],
    )
}

/// Every case: the accepted ones, then the refusals.
pub fn all() -> Vec<Case> {
    let mut all = accepted();
    all.extend(refusals::lists());
    all.extend(refusals::values());
    all.extend(refusals::json());
    all.extend(refusals::other_forms());
    all.extend(refusals::rules_and_methods());
    all
}

/// Every style and location, query and form merged.
fn accepted() -> Vec<Case> {
    let every_style_form = [
        ("Scope.1.Name", "web"),
        ("Scope.1.Namespaces.1", "a"),
        ("Scope.1.Namespaces.2", "b"),
        ("Scope.1.Limits.cpu", "2"),
        ("Scope.1.Owner.Id", "1234567890123"),
        ("Scope.2.Name", "db"),
        ("Extra", r#"{"any":[1,{"x":null}]}"#),
        ("DryRun", "true"),
    ];
    let every_style_query = [
        ("Ids", "[1, 2]"),
        ("Filter", r#"{"Name":"a"}"#),
        ("Labels.env", "1"),
        ("Payload.a.b", "c"),
        ("Tree.Name", "root"),
        ("Tree.Children.1.Name", "leaf"),
        ("Tree.Children.1.Children.1.Name", "deeper"),
        ("StartTime", "2024-06-01T00:00:00Z"),
        ("Note", "hello"),
    ];
    let more_items = [
        ("ResourceId.2", "i-2"),
        ("ResourceId.3", "i-3"),
        ("Tag.2.Key", "team"),
    ];
    let get_lists = [
        ("Status.1", "running"),
        ("Status.2", "stopped"),
        ("Tag.1.Key", "k"),
        ("PageSize", "50"),
    ];
    vec![
        tag().what("repeated lists in the query"),
        tag().all_in_form().what("every parameter in the form body"),
        tag()
            .form(&[("ResourceType", "volume")])
            .what("a key sent twice: the query's value counts"),
        tag()
            .query(&[("Undeclared", "x"), ("Limit", "100")])
            .what("a parameter the spec does not declare is ignored"),
        tag().query(&more_items).what("three items, two tags"),
        tag()
            .query(&[("Tag", ""), ("ResourceId", " ")])
            .what("an empty value beside the items is no value"),
        scopes()
            .form(&every_style_form)
            .query(&every_style_query)
            .what("every style, nested to three levels"),
        scopes()
            .drop(&["Settings"])
            .query(&[("Scope.1.Name", "web"), ("Types", "instance,snapshot")])
            .what("a form parameter in the query, a simple list"),
        scopes()
            .query(&[
                ("Types", ""),
                ("Labels", ""),
                ("Tree", " "),
                ("Payload", "text"),
            ])
            .what("empty values are absent; `any` as one value"),
        things().query(&get_lists).what("GET with lists"),
    ]
}
