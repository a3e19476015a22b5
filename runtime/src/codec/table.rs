//! Field tables written as text. A generated type's fields are described by one string literal, parsed
//! once at first use: a string costs the compiler almost nothing, where a constant array of structs was
//! the most expensive thing in the generated crate to compile (constant evaluation of every entry).
//!
//! One line per field: `WireName rust_name modifier modifier=value ...`, the modifiers being `required`,
//! `millis`, `seconds`, `iso8601`, `json`, `simple`, `form`, `path`, `header`, `host`, `body` (where a RESTful parameter travels), `token` (an idempotency token), and
//! `min=`, `max=`, `min_length=`, `max_length=`, `min_items=`, `max_items=`.

use std::sync::OnceLock;

use super::{Field, Hint, Location, Style};
use crate::timestamp::TimestampFormat;

/// Where a generated type keeps its parsed table: `static FIELDS: FieldsCell = FieldsCell::NEW;`. A
/// constant to copy rather than a constructor to call, so the compiler evaluates it once for all types.
pub struct FieldsCell(OnceLock<Box<[Field]>>);

impl FieldsCell {
    /// An empty cell.
    // Only ever copied into a `static` (one per generated type), never borrowed: each static gets its
    // own cell, which is what the lint guards against getting wrong.
    #[allow(clippy::declare_interior_mutable_const)]
    pub const NEW: FieldsCell = FieldsCell(OnceLock::new());
}

/// The fields of `table`, parsed into `cell` the first time.
pub fn fields_of(cell: &'static FieldsCell, table: &'static str) -> &'static [Field] {
    cell.0.get_or_init(|| parse_fields(table))
}

/// Parses a field table. Tables are written by the generator; a modifier this runtime does not know is
/// ignored rather than failing a call (the tests check that every modifier the generator writes parses).
pub fn parse_fields(table: &'static str) -> Box<[Field]> {
    table.lines().filter_map(parse_line).collect()
}

/// Parses one line of a field table; `None` for a blank line.
pub fn parse_field(line: &'static str) -> Option<Field> {
    parse_line(line)
}

fn parse_line(line: &'static str) -> Option<Field> {
    let mut words = line.split_ascii_whitespace();
    let name = words.next()?;
    let rust = words.next().unwrap_or(name);
    let mut f = Field::new(name, rust);
    for word in words {
        let (key, value) = word.split_once('=').unwrap_or((word, ""));
        let count = || value.parse::<u32>().ok();
        let number = || value.parse::<f64>().ok();
        match key {
            "required" => f.required = true,
            "millis" => f.hint = Hint::Timestamp(TimestampFormat::EpochMillis),
            "seconds" => f.hint = Hint::Timestamp(TimestampFormat::EpochSeconds),
            "iso8601" => f.hint = Hint::Timestamp(TimestampFormat::Iso8601),
            "json" => f.style = Style::Json,
            "simple" => f.style = Style::Simple,
            "form" => f.location = Location::Form,
            "path" => f.location = Location::Path,
            "header" => f.location = Location::Header,
            "host" => f.location = Location::Host,
            "body" => f.location = Location::Body,
            "token" => f.idempotency_token = true,
            "min" => f = number().map_or(f, |v| f.min(v)),
            "max" => f = number().map_or(f, |v| f.max(v)),
            "min_length" => f = count().map_or(f, |v| f.min_length(v)),
            "max_length" => f = count().map_or(f, |v| f.max_length(v)),
            "min_items" => f = count().map_or(f, |v| f.min_items(v)),
            "max_items" => f = count().map_or(f, |v| f.max_items(v)),
            _ => {}
        }
    }
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_modifier_parses() {
        let table = "A a\nType type required millis json form token min=1 max=2.5 min_length=3 max_length=4 min_items=5 max_items=6\nB b seconds simple\nC c iso8601 unknown=1";
        let f = parse_fields(table);
        assert_eq!(f.len(), 4);
        assert_eq!((f[0].name, f[0].rust, f[0].required), ("A", "a", false));
        let t = &f[1];
        assert!(t.required && t.idempotency_token);
        assert_eq!(t.hint, Hint::Timestamp(TimestampFormat::EpochMillis));
        assert_eq!((t.style, t.location), (Style::Json, Location::Form));
        assert_eq!((t.limits.min(), t.limits.max()), (Some(1.0), Some(2.5)));
        assert_eq!(
            (t.limits.min_length(), t.limits.max_length()),
            (Some(3), Some(4))
        );
        assert_eq!(
            (t.limits.min_items(), t.limits.max_items()),
            (Some(5), Some(6))
        );
        assert_eq!(
            (f[2].hint, f[2].style),
            (
                Hint::Timestamp(TimestampFormat::EpochSeconds),
                Style::Simple
            )
        );
        assert_eq!(f[3].hint, Hint::Timestamp(TimestampFormat::Iso8601));
        let rest = parse_fields("A a path\nB b header\nC c host\nD d body");
        let places: Vec<Location> = rest.iter().map(|f| f.location).collect();
        assert_eq!(
            places,
            [
                Location::Path,
                Location::Header,
                Location::Host,
                Location::Body
            ]
        );
        static CELL: FieldsCell = FieldsCell::NEW;
        let a = fields_of(&CELL, "X x");
        let b = fields_of(&CELL, "ignored the second time");
        assert!(std::ptr::eq(a, b));
    }
}
