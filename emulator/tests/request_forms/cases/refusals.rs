//! The refusals of the table, one group per kind of mistake; each names the path as sent.

use super::{Case, scopes, tag, things};

/// Lists sent as one value, list items out of order, members where there are none.
pub fn lists() -> Vec<Case> {
    let one_value = |path: &str| {
        format!("is sent as one value, but the spec says a list, sent as `{path}.1`, `{path}.2`, …")
    };
    let gap = |before: &str| {
        format!("is sent without `{before}`: items are numbered from 1, without gaps")
    };
    let not_a_number = |path: &str| {
        format!("is not an item number: list items are sent as `{path}.1`, `{path}.2`, …")
    };
    let object = "is sent as one value, but the spec says an object, sent as `Tag.1.<member>`";
    vec![
        tag()
            .drop(&["ResourceId.1"])
            .query(&[("ResourceId", "a,b")])
            .invalid("ResourceId", &one_value("ResourceId"))
            .what("a repeated list as one comma-separated value"),
        tag()
            .drop(&["Tag.1.Key", "Tag.1.Value"])
            .query(&[("Tag", r#"[{"Key":"k"}]"#)])
            .invalid("Tag", &one_value("Tag"))
            .what("a repeated list of objects as JSON"),
        tag()
            .drop(&["ResourceId.1"])
            .query(&[("ResourceId.2", "i-2")])
            .invalid("ResourceId.2", &gap("ResourceId.1"))
            .what("a gap at the start"),
        tag()
            .query(&[("ResourceId.3", "i-3")])
            .invalid("ResourceId.3", &gap("ResourceId.2"))
            .what("a gap after the first"),
        tag()
            .query(&[("ResourceId.0", "i-0")])
            .invalid("ResourceId.0", &not_a_number("ResourceId"))
            .what("item 0"),
        tag()
            .query(&[("ResourceId.01", "i-0")])
            .invalid("ResourceId.01", &not_a_number("ResourceId"))
            .what("a leading zero"),
        tag()
            .query(&[("Tag.first.Key", "k")])
            .invalid("Tag.first", &not_a_number("Tag"))
            .what("a named item"),
        tag()
            .query(&[("Tag.1", "env")])
            .invalid("Tag.1", object)
            .what("an object item as one value"),
        tag()
            .query(&[("RegionId.1", "x")])
            .invalid(
                "RegionId",
                "is a single value, but is sent with members (`RegionId.1`)",
            )
            .what("a scalar with members"),
        tag()
            .query(&[("Tag..Key", "k")])
            .invalid("Tag..Key", "has an empty part between dots")
            .what("an empty part"),
        scopes()
            .form(&[("Scope.1.Name", "web"), ("Scope.1.Namespaces", "a,b")])
            .invalid("Scope.1.Namespaces", &one_value("Scope.1.Namespaces"))
            .what("a nested list as one value"),
    ]
}

/// What the rebuilt values hold: required members, lengths, counts, enums, types, ranges.
pub fn values() -> Vec<Case> {
    let four = [
        ("ResourceId.2", "b"),
        ("ResourceId.3", "c"),
        ("ResourceId.4", "d"),
    ];
    vec![
        tag()
            .query(&four)
            .invalid("ResourceId", "has 4 items, outside the documented count")
            .what("too many items"),
        tag()
            .drop(&["Tag.1.Key", "Tag.1.Value"])
            .missing("Tag")
            .what("a required list absent"),
        tag()
            .drop(&["Tag.1.Key", "Tag.1.Value"])
            .query(&[("Tag", "")])
            .missing("Tag")
            .what("an empty value for a required list"),
        tag()
            .drop(&["Tag.1.Key"])
            .missing("Tag.1.Key")
            .what("a required member absent"),
        tag()
            .query(&[("Tag.2.Value", "x")])
            .missing("Tag.2.Key")
            .what("a required member of the second item absent"),
        tag()
            .drop(&["Tag.1.Key"])
            .query(&[("Tag.1.Key", " ")])
            .missing("Tag.1.Key")
            .what("a blank required member"),
        tag()
            .drop(&["RegionId"])
            .query(&[("RegionId", "")])
            .missing("RegionId")
            .what("an empty required scalar"),
        tag()
            .drop(&["Tag.1.Value"])
            .query(&[("Tag.1.Value", "much-too-long")])
            .invalid(
                "Tag.1.Value",
                "has 13 characters, outside the documented length",
            )
            .what("a member over its length"),
        tag()
            .query(&[("Tag.1.Colour", "red")])
            .invalid("Tag.1.Colour", "is not a parameter of this operation")
            .what("a member the shape does not declare"),
        tag()
            .drop(&["ResourceType"])
            .query(&[("ResourceType", "volume")])
            .invalid("ResourceType", "`volume` is not one of instance, snapshot")
            .what("an enum value not listed"),
        tag()
            .query(&[("Limit", "abc")])
            .invalid("Limit", "`abc` is not an integer")
            .what("not an integer"),
        tag()
            .query(&[("Limit", "1.5")])
            .invalid("Limit", "`1.5` is not an integer")
            .what("a fraction"),
        tag()
            .query(&[("Limit", "101")])
            .invalid("Limit", "101 is outside the range 1..=100")
            .what("over the range"),
        tag()
            .query(&[("Limit", "0")])
            .invalid("Limit", "0 is outside the range 1..=100")
            .what("under the range"),
        scopes()
            .form(&[("DryRun", "maybe")])
            .invalid("DryRun", "is a string, but the spec says a boolean")
            .what("not a boolean"),
        scopes()
            .query(&[("Note", "a")])
            .invalid("Note", "has 1 characters, outside the documented length")
            .what("under the length"),
        scopes()
            .form(&[("Scope.1.Name", "web"), ("Scope.1.Owner.Id", "x")])
            .invalid("Scope.1.Owner.Id", "`x` is not an integer")
            .what("a member of a member"),
        scopes()
            .form(&[("Scope.1.Name", "web"), ("Scope.1.Owner.Nick", "n")])
            .missing("Scope.1.Owner.Id")
            .what("a required member of a member"),
        scopes()
            .query(&[("Tree.Children.1.Name", "leaf")])
            .missing("Tree.Name")
            .what("a recursive shape's root lacks its name"),
        scopes()
            .query(&[
                ("Tree.Name", "root"),
                ("Tree.Children.1.Children.1.Name", "x"),
            ])
            .missing("Tree.Children.1.Name")
            .what("a nested node lacks its name"),
    ]
}

/// The `json` style and `json` strings: flattened, not parsing, or holding what the spec does not.
pub fn json() -> Vec<Case> {
    let flattened = |key: &str| {
        format!("is sent flattened (`{key}`), but the spec says one parameter holding JSON")
    };
    let settings = |text: &str| scopes().drop(&["Settings"]).form(&[("Settings", text)]);
    let labels = r#"{"Mode":"fast","Labels":{"a":[1]}}"#;
    let key_not_string = "is not valid JSON (key must be a string at line 1 column 2)";
    vec![
        scopes()
            .drop(&["Settings"])
            .form(&[("Settings.Mode", "fast")])
            .invalid("Settings", &flattened("Settings.Mode"))
            .what("a JSON object flattened"),
        settings("{bad")
            .invalid("Settings", key_not_string)
            .what("JSON that does not parse"),
        settings(r#"{"Mode":"medium"}"#)
            .invalid("Settings.Mode", "`medium` is not one of fast, slow")
            .what("an enum inside JSON"),
        settings(r#"{"Mode":"fast","Retries":9}"#)
            .invalid("Settings.Retries", "9 is outside the range 0..=5")
            .what("a range inside JSON"),
        settings(labels)
            .invalid(
                "Settings.Labels.a",
                "is an array, but the spec says a string",
            )
            .what("a map value inside JSON"),
        settings("{}")
            .missing("Settings.Mode")
            .what("a required member inside JSON"),
        settings("[1]")
            .invalid("Settings", "is an array, but the spec says an object")
            .what("a list for an object"),
        scopes()
            .query(&[("Ids", "1,2")])
            .invalid(
                "Ids",
                "is not valid JSON (trailing characters at line 1 column 2)",
            )
            .what("a JSON list sent comma-separated"),
        scopes()
            .query(&[("Ids.1", "1")])
            .invalid("Ids", &flattened("Ids.1"))
            .what("a JSON list flattened"),
        scopes()
            .query(&[("Ids", r#"["a"]"#)])
            .invalid("Ids.1", "`a` is not an integer")
            .what("an item inside JSON"),
        scopes()
            .query(&[("Ids", "[1,2,3,4,5]")])
            .invalid("Ids", "has 5 items, outside the documented count")
            .what("too many items inside JSON"),
        scopes()
            .query(&[("Ids", "[1,null]")])
            .invalid("Ids.2", "is null inside a list")
            .what("null inside a JSON list"),
        scopes()
            .form(&[("Extra.a", "1")])
            .invalid("Extra", &flattened("Extra.a"))
            .what("JSON `any` flattened"),
        scopes()
            .form(&[("Extra", "{")])
            .invalid(
                "Extra",
                "is not valid JSON (EOF while parsing an object at line 1 column 1)",
            )
            .what("JSON `any` that does not parse"),
        scopes()
            .query(&[("Filter", "{oops")])
            .invalid("Filter", key_not_string)
            .what("a JSON string that does not parse"),
        scopes()
            .query(&[("Filter", r#"{"Name":"a","X":2}"#)])
            .invalid("Filter<json>.X", "is not a parameter of this operation")
            .what("a JSON string whose content does not fit"),
        scopes()
            .query(&[("Filter.Name", "a")])
            .invalid(
                "Filter",
                "is a single value, but is sent with members (`Filter.Name`)",
            )
            .what("a JSON string flattened"),
    ]
}

/// The `simple` style, maps, `any` and objects in another form; keys too deep.
pub fn other_forms() -> Vec<Case> {
    let deep = format!("Payload{}", ".a".repeat(33));
    let simple_flattened = "is sent flattened (`Types.1`), but the spec says one parameter \
                            holding the items separated by commas";
    let map_one = "is sent as one value, but the spec says a map, sent as `Labels.<key>`";
    let tree_one = "is sent as one value, but the spec says an object, sent as `Tree.<member>`";
    let limits = "is a single value, but is sent with members (`Scope.1.Limits.cpu.max`)";
    vec![
        scopes()
            .query(&[("Types.1", "instance")])
            .invalid("Types", simple_flattened)
            .what("a simple list flattened"),
        scopes()
            .query(&[("Types", "instance,,snapshot")])
            .invalid("Types", "has an empty item between commas")
            .what("an empty item"),
        scopes()
            .query(&[("Types", "instance,")])
            .invalid("Types", "has an empty item between commas")
            .what("a trailing comma"),
        scopes()
            .query(&[("Types", "instance,volume")])
            .invalid("Types.2", "`volume` is not one of instance, snapshot")
            .what("an item outside the enum"),
        scopes()
            .query(&[("Labels", "env=1")])
            .invalid("Labels", map_one)
            .what("a map as one value"),
        scopes()
            .query(&[("Labels.env", "high")])
            .invalid("Labels.env", "`high` is not an integer")
            .what("a map value of the wrong type"),
        scopes()
            .form(&[("Scope.1.Name", "web"), ("Scope.1.Limits.cpu.max", "1")])
            .invalid("Scope.1.Limits.cpu", limits)
            .what("a map value with members"),
        scopes()
            .query(&[("Payload", "x"), ("Payload.a", "y")])
            .invalid("Payload", "is sent both as one value and with members")
            .what("`any` both ways"),
        scopes()
            .query(&[("Tree", "root")])
            .invalid("Tree", tree_one)
            .what("an object as one value"),
        scopes()
            .query(&[(deep.as_str(), "x")])
            .invalid(&deep, "is nested deeper than 32 levels")
            .what("a key too deep"),
    ]
}

/// Rules between parameters, and methods an operation does not take.
pub fn rules_and_methods() -> Vec<Case> {
    let (bad, missing) = (400, "MissingParameter");
    let scope_or_settings =
        "One of the parameters Scope, Settings is required. Give Scope or Settings.";
    let not_found = "Specified api is not found, please check your url and method.";
    vec![
        scopes()
            .query(&[("Ids", "[1]"), ("Types", "instance")])
            .refused(
                bad,
                "InvalidParameter",
                "The parameters Ids and Types cannot be used together. \
                 Give Ids or Types and not both.",
            )
            .what("at_most_one broken"),
        scopes()
            .drop(&["Settings"])
            .refused(bad, missing, scope_or_settings)
            .what("at_least_one broken"),
        scopes()
            .drop(&["Settings"])
            .form(&[("Settings", "")])
            .refused(bad, missing, scope_or_settings)
            .what("an empty value is not given"),
        things()
            .query(&[("InstanceName", "web-1")])
            .refused(
                bad,
                "InvalidParameter",
                "The parameters InstanceId and InstanceName cannot be used together. \
                 Give InstanceId or InstanceName.",
            )
            .what("exactly_one, two given"),
        things()
            .drop(&["InstanceId"])
            .refused(
                bad,
                missing,
                "One of the parameters InstanceId, InstanceName is required. \
                 Give InstanceId or InstanceName.",
            )
            .what("exactly_one, none given"),
        things()
            .query(&[("Status.1", "paused")])
            .invalid("Status.1", "`paused` is not one of running, stopped")
            .what("an enum item"),
        things()
            .all_in_form()
            .missing("Name")
            .what("a GET's form body holds no parameters"),
        Case {
            method: "POST",
            ..things()
        }
        .refused(404, "InvalidAction.NotFound", not_found)
        .what("POST to a GET-only operation"),
        Case {
            method: "PUT",
            ..tag()
        }
        .refused(404, "InvalidAction.NotFound", not_found)
        .what("PUT"),
    ]
}
