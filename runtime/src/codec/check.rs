//! Checks an input against its documented rules before anything is sent: required parameters and
//! required members of objects and list items, numeric ranges, string lengths, item counts, and the
//! rules between parameters. Problems name the parameter as it travels (`Tag.3.Key`).

use super::writer::write_float;
use super::{Limits, Shape, View};
use crate::validate::Validator;

/// A rule between top-level parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Which rule.
    pub kind: RuleKind,
    /// Wire names of the parameters it concerns.
    pub fields: &'static [&'static str],
    /// The documentation's wording, or `""`.
    pub note: &'static str,
}

/// The rules between parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// Giving two or more is an error.
    AtMostOne,
    /// At least one must be given.
    AtLeastOne,
    /// Exactly one must be given.
    ExactlyOne,
}

/// Records every problem of `input` (its fields' rules, recursively, and `rules`) in `v`.
pub fn check(input: &dyn Shape, rules: &[Rule], v: &mut Validator) {
    walk(input, "", v);
    for rule in rules {
        let set: Vec<(&'static str, bool)> = rule
            .fields
            .iter()
            .map(|name| (*name, is_set(input, name)))
            .collect();
        match rule.kind {
            RuleKind::AtMostOne => v.at_most_one(&set, rule.note),
            RuleKind::AtLeastOne => v.at_least_one(&set, rule.note),
            RuleKind::ExactlyOne => v.exactly_one(&set, rule.note),
        }
    }
}

fn is_set(input: &dyn Shape, name: &str) -> bool {
    let Some(i) = input.fields().iter().position(|f| f.name == name) else {
        return false;
    };
    input.slot(i).and_then(|s| s.view()).is_some()
}

/// Blank text and empty lists count as not given, as the service treats them.
fn missing(view: Option<View<'_>>) -> bool {
    match view {
        None => true,
        Some(View::Str(s)) => s.trim().is_empty(),
        Some(View::List(items)) => items.count() == 0,
        Some(View::Map(entries)) => entries.count() == 0,
        Some(_) => false,
    }
}

fn path(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

fn walk(shape: &dyn Shape, prefix: &str, v: &mut Validator) {
    super::each_field(shape, &mut |field, view| {
        if field.required && missing(view) {
            v.problem(format!("{} is required", path(prefix, field.name)));
        }
        let Some(view) = view else { return };
        if field.limits.is_set() {
            check_limits(&path(prefix, field.name), &field.limits, view, v);
        }
        nested(view, prefix, field.name, v);
    });
}

/// Walks the objects inside a value: an object's members, each list item (1-based, as sent).
fn nested(view: View<'_>, prefix: &str, name: &str, v: &mut Validator) {
    match view {
        View::Shape(inner) => walk(inner, &path(prefix, name), v),
        View::List(items) => {
            for i in 0..items.count() {
                if let Some(item) = items.item(i) {
                    nested(item, prefix, &format!("{name}.{}", i + 1), v);
                }
            }
        }
        View::Map(entries) => {
            entries.each(&mut |key, item| nested(item, prefix, &format!("{name}.{key}"), v));
        }
        _ => {}
    }
}

fn number_text(f: f64) -> String {
    let mut s = String::new();
    write_float(f, &mut s);
    s
}

fn bounds(min: Option<String>, max: Option<String>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("must be between {a} and {b}"),
        (Some(a), None) => format!("must be at least {a}"),
        (None, Some(b)) => format!("must be at most {b}"),
        (None, None) => "is out of range".to_owned(),
    }
}

fn check_limits(name: &str, l: &Limits, view: View<'_>, v: &mut Validator) {
    let number = match view {
        View::Int(i) => Some(i as f64),
        View::Float(f) => Some(f),
        View::Number(n) => n.as_f64(),
        _ => None,
    };
    if let Some(n) = number {
        let below = l.min().is_some_and(|m| n < m);
        let above = l.max().is_some_and(|m| n > m);
        if below || above || n.is_nan() {
            v.problem(format!(
                "{name} {} (got {})",
                bounds(l.min().map(number_text), l.max().map(number_text)),
                super::flatten::scalar(view)
            ));
        }
    }
    if let View::Str(s) = view {
        let len = s.chars().count();
        let short = l.min_length().is_some_and(|m| len < m as usize);
        let long = l.max_length().is_some_and(|m| len > m as usize);
        if short || long {
            v.problem(format!(
                "length of {name} {} (got {len})",
                bounds(
                    l.min_length().map(|m| m.to_string()),
                    l.max_length().map(|m| m.to_string())
                )
            ));
        }
    }
    let count = match view {
        View::List(items) => Some(items.count()),
        View::Map(entries) => Some(entries.count()),
        _ => None,
    };
    if let Some(count) = count {
        let few = l.min_items().is_some_and(|m| count < m as usize);
        let many = l.max_items().is_some_and(|m| count > m as usize);
        if few || many {
            v.problem(format!(
                "number of items of {name} {} (got {count})",
                bounds(
                    l.min_items().map(|m| m.to_string()),
                    l.max_items().map(|m| m.to_string())
                )
            ));
        }
    }
}
