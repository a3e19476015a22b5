//! JSON text from a [`View`]: compact, wire names, fields in declaration order, absent fields left out.
//!
//! Numbers are written as they were received where the type keeps them (`serde_json::Number`,
//! timestamps); a `f64` that holds a whole number is written without a fraction (`16`, not `16.0`), so a
//! documented `16` comes back as `16`.

use std::fmt::Write as _;

use super::View;

/// The compact JSON text of `view`.
pub fn to_json(view: View<'_>) -> String {
    let mut out = String::new();
    write_json(view, &mut out);
    out
}

/// Appends the compact JSON text of `view` to `out`.
pub fn write_json(view: View<'_>, out: &mut String) {
    match view {
        View::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        View::Int(i) => {
            let _ = write!(out, "{i}");
        }
        View::Float(f) => write_float(f, out),
        View::Number(n) => {
            let _ = write!(out, "{n}");
        }
        View::Str(s) => write_str(s, out),
        View::List(items) => {
            out.push('[');
            for i in 0..items.count() {
                if i > 0 {
                    out.push(',');
                }
                match items.item(i) {
                    Some(v) => write_json(v, out),
                    None => out.push_str("null"),
                }
            }
            out.push(']');
        }
        View::Map(entries) => {
            out.push('{');
            let mut first = true;
            entries.each(&mut |k, v| {
                if !std::mem::take(&mut first) {
                    out.push(',');
                }
                write_str(k, out);
                out.push(':');
                write_json(v, out);
            });
            out.push('}');
        }
        View::Shape(shape) => {
            out.push('{');
            let mut first = true;
            super::each_field(shape, &mut |field, view| {
                let Some(v) = view else {
                    return;
                };
                if !std::mem::take(&mut first) {
                    out.push(',');
                }
                write_str(field.name, out);
                out.push(':');
                write_json(v, out);
            });
            out.push('}');
        }
        View::Json(value) => {
            let _ = write!(out, "{value}");
        }
    }
}

/// A float as JSON: whole numbers without a fraction, non-finite values (which JSON cannot hold) as `null`.
pub(crate) fn write_float(f: f64, out: &mut String) {
    if f.is_finite() {
        // Rust's shortest round-trip formatting, which never uses an exponent and prints 16.0 as "16".
        let _ = write!(out, "{f}");
    } else {
        out.push_str("null");
    }
}

/// A JSON string literal.
pub(crate) fn write_str(s: &str, out: &mut String) {
    out.push('"');
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            c if (c as u32) < 0x20 => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        if escaped.is_empty() {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push_str(escaped);
        }
        run = i + c.len_utf8();
    }
    out.push_str(&s[run..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars() {
        assert_eq!(to_json(View::Float(16.0)), "16");
        assert_eq!(to_json(View::Float(0.1)), "0.1");
        assert_eq!(to_json(View::Float(-2.5)), "-2.5");
        assert_eq!(to_json(View::Float(f64::NAN)), "null");
        assert_eq!(to_json(View::Int(-7)), "-7");
        assert_eq!(to_json(View::Bool(true)), "true");
        assert_eq!(
            to_json(View::Str("a\"b\\c\nd\u{1}中")),
            r#""a\"b\\c\nd\u0001中""#
        );
        let back: String = serde_json::from_str(&to_json(View::Str("\u{1b}[31m\t"))).unwrap();
        assert_eq!(back, "\u{1b}[31m\t");
    }

    #[test]
    fn containers() {
        let list = vec![1i32, 2, 3];
        assert_eq!(to_json(View::List(&list)), "[1,2,3]");
        let mut map = std::collections::BTreeMap::new();
        map.insert("b".to_owned(), "x".to_owned());
        map.insert("a".to_owned(), "y".to_owned());
        assert_eq!(to_json(View::Map(&map)), r#"{"a":"y","b":"x"}"#);
    }
}
