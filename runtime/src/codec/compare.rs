//! `Debug` and `PartialEq` for generated object types, written once over [`View`]s instead of derived for
//! every struct: a derive expands to code per field, and per-field code is what multiplies by a thousand
//! operations. The output matches what the derives would give (`Name { field: Some(..), other: None }`).

use std::fmt;

use super::{Shape, View};

/// Formats `shape` as `Name { field: Some(value), other: None }`, honouring `{:#?}`.
pub fn debug_shape(name: &str, shape: &dyn Shape, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut s = f.debug_struct(name);
    super::each_field(shape, &mut |field, view| {
        match view {
            Some(view) => s.field(field.rust, &Some(ViewDebug(view))),
            None => s.field(field.rust, &None::<()>),
        };
    });
    s.finish()
}

/// A view printed as the value it shows would print.
struct ViewDebug<'a>(View<'a>);

impl fmt::Debug for ViewDebug<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            View::Bool(b) => fmt::Debug::fmt(&b, f),
            View::Int(i) => fmt::Debug::fmt(&i, f),
            View::Float(x) => fmt::Debug::fmt(&x, f),
            View::Number(n) => fmt::Display::fmt(n, f),
            View::Str(s) => fmt::Debug::fmt(s, f),
            View::Json(v) => fmt::Debug::fmt(v, f),
            View::Shape(s) => fmt::Debug::fmt(s, f),
            View::List(items) => f
                .debug_list()
                .entries(
                    (0..items.count())
                        .filter_map(|i| items.item(i))
                        .map(ViewDebug),
                )
                .finish(),
            View::Map(entries) => {
                let mut m = f.debug_map();
                entries.each(&mut |k, v| {
                    m.entry(&k, &ViewDebug(v));
                });
                m.finish()
            }
        }
    }
}

/// Whether two objects of the same type hold equal values in every field.
pub fn shape_eq(a: &dyn Shape, b: &dyn Shape) -> bool {
    if a.fields().len() != b.fields().len() {
        return false;
    }
    let mut equal = false;
    a.slots(&mut |left| {
        b.slots(&mut |right| {
            equal = left
                .iter()
                .zip(right)
                .all(|(x, y)| match (x.view(), y.view()) {
                    (None, None) => true,
                    (Some(x), Some(y)) => view_eq(x, y),
                    _ => false,
                });
        });
    });
    equal
}

fn view_eq(a: View<'_>, b: View<'_>) -> bool {
    match (a, b) {
        (View::Bool(x), View::Bool(y)) => x == y,
        (View::Int(x), View::Int(y)) => x == y,
        (View::Float(x), View::Float(y)) => x == y,
        (View::Number(x), View::Number(y)) => x == y,
        (View::Str(x), View::Str(y)) => x == y,
        (View::Json(x), View::Json(y)) => x == y,
        (View::Shape(x), View::Shape(y)) => shape_eq(x, y),
        (View::List(x), View::List(y)) => {
            x.count() == y.count()
                && (0..x.count()).all(|i| match (x.item(i), y.item(i)) {
                    (Some(p), Some(q)) => view_eq(p, q),
                    (None, None) => true,
                    _ => false,
                })
        }
        (View::Map(x), View::Map(y)) => {
            let mut left = Vec::new();
            x.each(&mut |k, v| left.push((k.to_owned(), format!("{:?}", ViewDebug(v)))));
            let mut right = Vec::new();
            y.each(&mut |k, v| right.push((k.to_owned(), format!("{:?}", ViewDebug(v)))));
            left == right
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_types::{Db, Resp};
    use std::collections::BTreeMap;

    #[test]
    fn debug_reads_like_a_derive() {
        let db = Db {
            db_name: Some("a\"b".into()),
            size: None,
        };
        assert_eq!(
            format!("{db:?}"),
            r#"Db { db_name: Some("a\"b"), size: None }"#
        );
        let r = Resp {
            dbs: Some(vec![db.clone()]),
            tags: Some(BTreeMap::from([("k".to_owned(), "v".to_owned())])),
            ratio: Some(16.0),
            ..Resp::default()
        };
        let text = format!("{r:?}");
        assert!(text.starts_with("Resp { request_id: None,"), "{text}");
        assert!(
            text.contains(r#"dbs: Some([Db { db_name: Some("a\"b"), size: None }])"#),
            "{text}"
        );
        assert!(text.contains(r#"tags: Some({"k": "v"})"#), "{text}");
        assert!(text.contains("ratio: Some(16.0)"), "{text}");
        assert!(format!("{r:#?}").contains("\n    request_id: None,\n"));
    }

    #[test]
    fn equality_compares_every_field() {
        let a = Resp {
            total: Some(1),
            dbs: Some(vec![Db::default()]),
            tags: Some(BTreeMap::from([("k".to_owned(), "v".to_owned())])),
            ..Resp::default()
        };
        assert_eq!(a, a.clone());
        let mut b = a.clone();
        b.dbs = Some(vec![Db {
            size: Some(1),
            ..Db::default()
        }]);
        assert_ne!(a, b);
        let mut c = a.clone();
        c.tags = Some(BTreeMap::from([("k".to_owned(), "w".to_owned())]));
        assert_ne!(a, c);
        let mut d = a.clone();
        d.total = None;
        assert_ne!(a, d);
    }
}
