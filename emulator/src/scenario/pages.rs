//! [`Plan`]: a resolved [`super::Paging`] answering requests. The emulator makes `total` items from the
//! example's first list item (each made distinct where asked), and answers the page the request asks for,
//! by page number, by token or by item offset, filling in the totals and the next token.
//!
//! Tokens are `offset-<n>`, `n` the index of the page's first item: readable in a test's record, and the
//! page size may change between pages without losing or repeating an item. A token the emulator did not
//! give is refused with `InvalidParameter`, as a service refuses a token it cannot read.

use serde_json::{Map, Value};

use crate::api_error::{self, ApiError};
use crate::incoming::Incoming;

/// What every token starts with.
const TOKEN_PREFIX: &str = "offset-";

/// How a plan tells pages apart.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum By {
    /// A page number in `param`, pages counted from `first`.
    Number { param: String, first: i64 },
    /// A token in `param`, absent for the first page; the next one answered at the dotted path `next`.
    Token { param: String, next: String },
    /// The 0-based index of the page's first item in `param` (0 when absent), as Log Service pages.
    Offset { param: String },
}

/// Answer fields (dotted paths) the plan fills in.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Fields {
    pub(crate) page_number: Option<String>,
    pub(crate) page_size: Option<String>,
    pub(crate) page_items: Option<String>,
    pub(crate) total_items: Option<String>,
    pub(crate) total_pages: Option<String>,
}

/// Everything needed to answer one page.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Plan {
    pub(crate) list: String,
    pub(crate) total: usize,
    pub(crate) id_field: Option<String>,
    pub(crate) by: By,
    pub(crate) size_param: Option<String>,
    pub(crate) default_size: i64,
    pub(crate) fields: Fields,
}

impl Plan {
    /// Replaces the list in `body` with the page `req` asks for and fills in the page fields; a page
    /// number or token the emulator cannot read is an `InvalidParameter` answer.
    pub(crate) fn apply(&self, req: &Incoming, body: &mut Value) -> Result<(), ApiError> {
        // Blank values count as not sent, as everywhere in the emulator.
        let sent = |param: &str| req.param(param).map(str::trim).filter(|v| !v.is_empty());
        let size = self
            .size_param
            .as_deref()
            .and_then(sent)
            .and_then(|v| v.parse::<i64>().ok())
            .filter(|s| *s >= 1)
            .unwrap_or(self.default_size);
        let total = i64::try_from(self.total).unwrap_or(i64::MAX);
        let (start, page) = match &self.by {
            By::Number { param, first } => {
                let page = match sent(param) {
                    None => *first,
                    Some(v) => v.parse::<i64>().map_err(|_| {
                        api_error::invalid_parameter(param, &format!("{param} is not a number."))
                    })?,
                };
                let start = if page < *first {
                    total
                } else {
                    page.saturating_sub(*first).saturating_mul(size)
                };
                (start, page)
            }
            By::Token { param, .. } => {
                let start = match sent(param) {
                    None => 0,
                    Some(v) => offset_of(v).ok_or_else(|| {
                        let why = format!("{param} is not a token this listing gave.");
                        api_error::invalid_parameter(param, &why)
                    })?,
                };
                (start, start / size + 1)
            }
            By::Offset { param } => {
                let start = match sent(param) {
                    None => 0,
                    Some(v) => v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
                        let why = format!("{param} is not a whole number of 0 or more.");
                        api_error::invalid_parameter(param, &why)
                    })?,
                };
                (start, start / size + 1)
            }
        };
        let start = start.min(total);
        let end = start.saturating_add(size).min(total);

        let template = list_at(body, &self.list)
            .and_then(|l| l.first().cloned())
            .unwrap_or_else(|| Value::Object(Map::new()));
        let items: Vec<Value> = (start..end).map(|i| self.item(&template, i)).collect();
        put_at(body, &self.list, Value::Array(items));

        if let By::Token { next, .. } = &self.by {
            // The last page answers an empty token: "no next page", as Alibaba documents it.
            let token = if end < total {
                format!("{TOKEN_PREFIX}{end}")
            } else {
                String::new()
            };
            put_at(body, next, Value::from(token));
        }
        // Rounded up without `total + size - 1`, which a huge requested size would overflow.
        let total_pages = total / size + i64::from(total % size != 0);
        let fields = [
            (&self.fields.page_number, page),
            (&self.fields.page_size, size),
            (&self.fields.page_items, end - start),
            (&self.fields.total_items, total),
            (&self.fields.total_pages, total_pages),
        ];
        for (field, value) in fields {
            if let Some(path) = field {
                put_at(body, path, Value::from(value));
            }
        }
        Ok(())
    }

    /// Item number `index` (0-based) made from the example item.
    fn item(&self, template: &Value, index: i64) -> Value {
        let n = index + 1;
        let distinct = |v: Option<&Value>| match v {
            Some(Value::String(s)) => Value::from(format!("{s}-{n}")),
            Some(Value::Number(x)) => x
                .as_i64()
                .map_or_else(|| Value::from(n), |x| Value::from(x.saturating_add(index))),
            _ => Value::from(n.to_string()),
        };
        match template {
            // A list of names or numbers (tag keys, UUIDs): identical copies would be one item.
            Value::String(_) | Value::Number(_) => distinct(Some(template)),
            Value::Object(obj) => {
                let mut obj = obj.clone();
                if let Some(field) = &self.id_field {
                    let id = distinct(obj.get(field));
                    obj.insert(field.clone(), id);
                }
                Value::Object(obj)
            }
            other => other.clone(),
        }
    }
}

/// The offset a token stands for, if the emulator could have given it.
fn offset_of(token: &str) -> Option<i64> {
    let digits = token.strip_prefix(TOKEN_PREFIX)?;
    // Digits only: `+5` and ` 5` parse as numbers but were never given.
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The array at dotted `path`, if there is one.
fn list_at<'v>(body: &'v Value, path: &str) -> Option<&'v Vec<Value>> {
    path.split('.')
        .try_fold(body, |v, key| v.get(key))
        .and_then(Value::as_array)
}

/// Stores `value` at dotted `path`, creating (or replacing non-objects with) the objects on the way.
fn put_at(body: &mut Value, path: &str, value: Value) {
    let mut cur = body;
    let keys: Vec<&str> = path.split('.').collect();
    for (i, key) in keys.iter().enumerate() {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Value::Object(obj) = cur else { return };
        if i + 1 == keys.len() {
            obj.insert((*key).to_owned(), value);
            return;
        }
        cur = obj
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan(by: By) -> Plan {
        Plan {
            list: "A.B".to_owned(),
            total: 5,
            id_field: Some("Id".to_owned()),
            by,
            size_param: Some("S".to_owned()),
            default_size: 2,
            fields: Fields {
                total_items: Some("Info.Total".to_owned()),
                ..Fields::default()
            },
        }
    }

    fn request(query: &str) -> Incoming {
        Incoming::new("GET".into(), "/".into(), query, Vec::new(), Vec::new()).unwrap()
    }

    #[test]
    fn ids_are_distinct_and_lists_are_created() {
        let p = plan(By::Number {
            param: "P".into(),
            first: 1,
        });
        assert_eq!(
            p.item(&json!({"Id": "x", "K": 1}), 0),
            json!({"Id": "x-1", "K": 1})
        );
        assert_eq!(p.item(&json!({"Id": 10}), 2), json!({"Id": 12}));
        assert_eq!(p.item(&json!({}), 1), json!({"Id": "2"}));
        assert_eq!(p.item(&json!("tag"), 1), json!("tag-2"), "scalars too");
        assert_eq!(p.item(&json!(7), 1), json!(8));
        let mut v = json!({"A": 5});
        put_at(&mut v, "A.B", json!([1]));
        assert_eq!(v, json!({"A": {"B": [1]}}));
        assert_eq!(list_at(&v, "A.B"), Some(&vec![json!(1)]));
        assert_eq!(list_at(&v, "A.C"), None);
    }

    #[test]
    fn tokens_walk_the_listing_and_bad_ones_are_refused() {
        let p = plan(By::Token {
            param: "T".into(),
            next: "Info.Next".into(),
        });
        let mut ids = Vec::new();
        let mut query = String::from("S=2");
        let mut pages = 0;
        loop {
            let mut body = json!({"A": {"B": [{"Id": "x"}]}, "Info": {"Next": "documented"}});
            p.apply(&request(&query), &mut body).unwrap();
            pages += 1;
            assert_eq!(body["Info"]["Total"], 5);
            let items = body["A"]["B"].as_array().unwrap().clone();
            ids.extend(
                items
                    .into_iter()
                    .map(|i| i["Id"].as_str().unwrap().to_owned()),
            );
            match body["Info"]["Next"].as_str().unwrap() {
                "" => break,
                next => query = format!("S=2&T={next}"),
            }
        }
        assert_eq!(pages, 3);
        assert_eq!(ids, ["x-1", "x-2", "x-3", "x-4", "x-5"]);
        for bad in ["x", "offset-", "offset--1", "offset-+1", "1"] {
            let e = p
                .apply(&request(&format!("T={bad}")), &mut json!({}))
                .unwrap_err();
            assert_eq!(
                (e.status, e.code.as_str()),
                (400, "InvalidParameter"),
                "{bad}"
            );
        }
    }

    #[test]
    fn offsets_start_at_the_item_asked_for_and_bad_ones_are_refused() {
        let p = plan(By::Offset { param: "O".into() });
        let page = |q: &str| {
            let mut body = json!({});
            p.apply(&request(q), &mut body).map(|()| body)
        };
        let first = page("").unwrap();
        assert_eq!(first["A"]["B"], json!([{"Id": "1"}, {"Id": "2"}]));
        assert_eq!(first["Info"]["Total"], 5);
        assert_eq!(page("O=0").unwrap(), first);
        // Any offset, not only multiples of the page size: the next page starts after what came.
        assert_eq!(
            page("O=3&S=3").unwrap()["A"]["B"],
            json!([{"Id": "4"}, {"Id": "5"}])
        );
        assert_eq!(page("O=5").unwrap()["A"]["B"], json!([]), "at the total");
        assert_eq!(page("O=99").unwrap()["A"]["B"], json!([]));
        for bad in ["x", "-1", "1.5"] {
            let e = page(&format!("O={bad}")).unwrap_err();
            assert_eq!(
                (e.status, e.code.as_str()),
                (400, "InvalidParameter"),
                "{bad}"
            );
        }
    }

    #[test]
    fn page_numbers_count_from_first_and_bad_ones_are_refused() {
        let p = plan(By::Number {
            param: "P".into(),
            first: 1,
        });
        let page = |q: &str| {
            let mut body = json!({});
            p.apply(&request(q), &mut body)
                .map(|()| body["A"]["B"].clone())
        };
        assert_eq!(
            page("").unwrap(),
            json!([{"Id": "1"}, {"Id": "2"}]),
            "page 1"
        );
        assert_eq!(page("P=1").unwrap(), page("").unwrap());
        assert_eq!(page("P=3&S=2").unwrap(), json!([{"Id": "5"}]));
        assert_eq!(page("P=0").unwrap(), json!([]), "before the first page");
        assert_eq!(page("P=9").unwrap(), json!([]));
        assert!(page("P=two").is_err());
        assert_eq!(
            page("P=1&S=9223372036854775807")
                .unwrap()
                .as_array()
                .map(Vec::len),
            Some(5)
        );
    }
}
