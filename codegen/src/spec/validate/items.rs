//! Checks of named items: shape and enum names, enum values and variant names. (A shape may contain
//! itself: the generator boxes the fields that close the cycle.)

use std::collections::{BTreeMap, BTreeSet};

use super::fields::check_fields;
use super::{Namespace, Role};
use crate::diag::Diagnostics;
use crate::ir::names;
use crate::spec::load::Loaded;
use crate::spec::model::{EnumSpec, ShapeSpec};

pub(super) fn check_named_items<T>(
    file: &Loaded<T>,
    prefix: &str,
    shapes: &BTreeMap<String, ShapeSpec>,
    enums: &BTreeMap<String, EnumSpec>,
    ns: &Namespace<'_>,
    out: &mut Diagnostics,
) {
    for (name, shape) in shapes {
        let path = format!("{prefix}shapes.{name}");
        if let Some(p) = names::type_name_problem(name) {
            out.push(file.diagnostic(&path, p));
        }
        check_fields(
            file,
            &format!("{path}.fields"),
            &shape.fields,
            Role::Member,
            ns,
            out,
        );
    }
    for (name, e) in enums {
        let path = format!("{prefix}enums.{name}");
        if let Some(p) = names::type_name_problem(name) {
            out.push(file.diagnostic(&path, p));
        }
        if e.values.is_empty() {
            out.push(file.diagnostic(
                &format!("{path}.values"),
                "an enum needs at least one value",
            ));
        }
        let mut values = BTreeSet::new();
        let mut variants = BTreeSet::new();
        for (i, v) in e.values.iter().enumerate() {
            let vpath = format!("{path}.values[{i}]");
            if let Some(p) = super::control_problem(&v.value) {
                out.push(file.diagnostic(&format!("{vpath}.value"), format!("the value {p}")));
            }
            if !values.insert(v.value.as_str()) {
                out.push(file.diagnostic(
                    &format!("{vpath}.value"),
                    format!("value `{}` is listed twice", v.value),
                ));
            }
            let variant = v.name.clone().unwrap_or_else(|| names::camel(&v.value));
            let key = if v.name.is_some() { "name" } else { "value" };
            if let Some(p) = names::type_name_problem(&variant) {
                out.push(file.diagnostic(
                    &format!("{vpath}.{key}"),
                    format!("variant name: {p}; give the value a `name`"),
                ));
            } else if variant == "Unknown" {
                out.push(file.diagnostic(&format!("{vpath}.{key}"), "`Unknown` is reserved for values the spec does not list; give the value another `name`"));
            } else if !variants.insert(variant.clone()) {
                out.push(file.diagnostic(
                    &format!("{vpath}.{key}"),
                    format!("two values become the variant `{variant}`; give one a `name`"),
                ));
            }
        }
    }
}
