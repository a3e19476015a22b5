//! Dotted paths of wire names into a response (`Items.RestoreTaskDetail`), as paginators and waiters
//! name the places they read: resolved here once for the validator, which reports a bad path, and the
//! lowering, which needs the type found at its end.

use super::model::{FieldSpec, ShapeSpec, TypeName};

/// The field at `path` under `fields`, stepping into objects through `shape`; or why there is none.
pub fn resolve<'a>(
    fields: &'a [FieldSpec],
    path: &str,
    shape: &dyn Fn(&str) -> Option<&'a ShapeSpec>,
) -> Result<&'a FieldSpec, String> {
    let mut here = fields;
    let mut steps = path.split('.').peekable();
    let mut walked = String::new();
    while let Some(step) = steps.next() {
        let Some(field) = here.iter().find(|f| f.name == step) else {
            let inside = if walked.is_empty() {
                "the response".to_owned()
            } else {
                format!("`{walked}`")
            };
            return Err(format!("`{path}`: {inside} has no field `{step}`"));
        };
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(step);
        if steps.peek().is_none() {
            return Ok(field);
        }
        here = match (field.ty, field.shape.as_deref().and_then(shape)) {
            (TypeName::Object, Some(s)) => &s.fields,
            _ => {
                return Err(format!(
                    "`{path}`: `{walked}` is not an object of a named shape"
                ));
            }
        };
    }
    Err("an empty path".to_owned())
}
