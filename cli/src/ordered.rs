//! The runtime's order-keeping JSON value ([`Json`]) and what the command line adds to it: a value as a
//! table cell ([`Cell`]).

pub use acs_runtime::ordered_json::Json;

/// A value as a table cell.
pub trait Cell {
    /// Text as itself, other scalars as JSON, null as `-`, arrays and objects as compact JSON; line
    /// breaks become spaces so a row stays one line.
    fn cell(&self) -> String;
}

impl Cell for Json {
    fn cell(&self) -> String {
        let text = match self {
            Json::Null => return "-".to_owned(),
            Json::String(s) => s.clone(),
            other => other.compact(),
        };
        text.split(['\n', '\r', '\t']).collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_plain_scalars_and_compact_containers() {
        let v = Json::parse(r#"["a\nb", 3, null, {"x": [1]}, false]"#).expect("JSON");
        let Json::Array(items) = v else {
            panic!("array")
        };
        let cells: Vec<String> = items.iter().map(Json::cell).collect();
        assert_eq!(cells, ["a b", "3", "-", r#"{"x":[1]}"#, "false"]);
    }
}
