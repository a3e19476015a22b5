//! [`Paging`]: a list answer spread over pages. The emulator makes `total` items from the example's first
//! list item (with a distinct id each), and answers the page the request asks for, filling in the totals.
//! Everything operation-specific (where the list is, which parameters and fields carry page number, size
//! and totals) is data, so any paged operation can be described without code.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::catalog::Operation;
use crate::incoming::Incoming;

/// How one operation pages.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    /// Dotted path of the list in the answer, such as `Items.RestoreTaskDetail` or `JobProgress`.
    pub list: String,
    /// How many items exist in all.
    pub total: usize,
    /// A field made distinct per item (`<example value>-<n>` for text, example + n for numbers).
    #[serde(default)]
    pub id_field: Option<String>,
    /// The request parameter with the page number, such as `PageNum` or `PageNo`.
    pub page_number_param: String,
    /// The request parameter with the page size.
    pub page_size_param: String,
    /// The number of the first page; default: the page-number parameter's documented default, else 1.
    #[serde(default)]
    pub first_page: Option<i64>,
    /// The page size when none is sent; default: the parameter's documented default, else 10.
    #[serde(default)]
    pub default_page_size: Option<i64>,
    /// Answer field echoing the page number (`PageNum`, `PageNumber`).
    #[serde(default)]
    pub page_number_field: Option<String>,
    /// Answer field echoing the page size (`PageSize`).
    #[serde(default)]
    pub page_size_field: Option<String>,
    /// Answer field with the number of items on this page (`PageRecordCount`).
    #[serde(default)]
    pub page_items_field: Option<String>,
    /// Answer field with the total number of items (`TotalElements`, `TotalRecordCount`).
    #[serde(default)]
    pub total_items_field: Option<String>,
    /// Answer field with the number of pages (`TotalPages`).
    #[serde(default)]
    pub total_pages_field: Option<String>,
}

impl Paging {
    /// `total` items in the list at `list`, paged by the request parameters `page_number_param` and
    /// `page_size_param`; add answer fields with the setters.
    pub fn new(list: &str, total: usize, page_number_param: &str, page_size_param: &str) -> Paging {
        Paging {
            list: list.to_owned(),
            total,
            id_field: None,
            page_number_param: page_number_param.to_owned(),
            page_size_param: page_size_param.to_owned(),
            first_page: None,
            default_page_size: None,
            page_number_field: None,
            page_size_field: None,
            page_items_field: None,
            total_items_field: None,
            total_pages_field: None,
        }
    }

    /// Makes `field` distinct per item.
    pub fn id_field(mut self, field: &str) -> Paging {
        self.id_field = Some(field.to_owned());
        self
    }

    /// Overrides the number of the first page.
    pub fn first_page(mut self, n: i64) -> Paging {
        self.first_page = Some(n);
        self
    }

    /// Echoes the page number in `field`.
    pub fn page_number_field(mut self, field: &str) -> Paging {
        self.page_number_field = Some(field.to_owned());
        self
    }

    /// Echoes the page size in `field`.
    pub fn page_size_field(mut self, field: &str) -> Paging {
        self.page_size_field = Some(field.to_owned());
        self
    }

    /// Reports the number of items on the page in `field`.
    pub fn page_items_field(mut self, field: &str) -> Paging {
        self.page_items_field = Some(field.to_owned());
        self
    }

    /// Reports the total number of items in `field`.
    pub fn total_items_field(mut self, field: &str) -> Paging {
        self.total_items_field = Some(field.to_owned());
        self
    }

    /// Reports the number of pages in `field`.
    pub fn total_pages_field(mut self, field: &str) -> Paging {
        self.total_pages_field = Some(field.to_owned());
        self
    }

    /// Replaces the list in `body` with the requested page and fills in the page fields.
    pub(crate) fn apply(&self, op: &Operation, req: &Incoming, body: &mut Value) {
        let documented = |param: &str| {
            op.spec
                .request
                .iter()
                .find(|f| f.name == param)
                .and_then(|f| f.default.as_ref())
                .and_then(|d| {
                    d.as_i64()
                        .or_else(|| d.as_str().and_then(|s| s.parse().ok()))
                })
        };
        let first = self
            .first_page
            .or_else(|| documented(&self.page_number_param))
            .unwrap_or(1);
        let default_size = self
            .default_page_size
            .or_else(|| documented(&self.page_size_param))
            .unwrap_or(10)
            .max(1);
        let sent = |param: &str| req.param(param).and_then(|v| v.trim().parse::<i64>().ok());
        let page = sent(&self.page_number_param).unwrap_or(first);
        let size = sent(&self.page_size_param)
            .filter(|s| *s >= 1)
            .unwrap_or(default_size);

        let total = i64::try_from(self.total).unwrap_or(i64::MAX);
        let start = page.saturating_sub(first).saturating_mul(size);
        let end = start.saturating_add(size).min(total);
        let range = if page < first || start >= total {
            0..0
        } else {
            start..end
        };
        let template = list_at(body, &self.list)
            .and_then(|l| l.first().cloned())
            .unwrap_or_else(|| Value::Object(Map::new()));
        let items: Vec<Value> = range.clone().map(|i| self.item(&template, i)).collect();
        put_list(body, &self.list, items);

        let total_pages = if total == 0 {
            0
        } else {
            (total + size - 1) / size
        };
        let fields = [
            (&self.page_number_field, page),
            (&self.page_size_field, size),
            (&self.page_items_field, range.end - range.start),
            (&self.total_items_field, total),
            (&self.total_pages_field, total_pages),
        ];
        if let Value::Object(top) = body {
            for (field, value) in fields {
                if let Some(f) = field {
                    top.insert(f.clone(), Value::from(value));
                }
            }
        }
    }

    /// Item number `index` (0-based) made from the example item.
    fn item(&self, template: &Value, index: i64) -> Value {
        let mut item = template.clone();
        if let (Some(field), Value::Object(obj)) = (&self.id_field, &mut item) {
            let n = index + 1;
            let id = match obj.get(field) {
                Some(Value::String(s)) => Value::from(format!("{s}-{n}")),
                Some(Value::Number(x)) => x
                    .as_i64()
                    .map_or_else(|| Value::from(n), |x| Value::from(x.saturating_add(index))),
                _ => Value::from(n.to_string()),
            };
            obj.insert(field.clone(), id);
        }
        item
    }
}

/// The array at dotted `path`, if there is one.
fn list_at<'v>(body: &'v Value, path: &str) -> Option<&'v Vec<Value>> {
    path.split('.')
        .try_fold(body, |v, key| v.get(key))
        .and_then(Value::as_array)
}

/// Stores `items` at dotted `path`, creating the objects on the way.
fn put_list(body: &mut Value, path: &str, items: Vec<Value>) {
    let mut cur = body;
    let keys: Vec<&str> = path.split('.').collect();
    for (i, key) in keys.iter().enumerate() {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Value::Object(obj) = cur else { return };
        if i + 1 == keys.len() {
            obj.insert((*key).to_owned(), Value::Array(items));
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

    #[test]
    fn ids_are_distinct_and_lists_are_created() {
        let p = Paging::new("A.B", 3, "P", "S").id_field("Id");
        assert_eq!(
            p.item(&json!({"Id": "x", "K": 1}), 0),
            json!({"Id": "x-1", "K": 1})
        );
        assert_eq!(p.item(&json!({"Id": 10}), 2), json!({"Id": 12}));
        assert_eq!(p.item(&json!({}), 1), json!({"Id": "2"}));
        let mut v = json!({"A": 5});
        put_list(&mut v, "A.B", vec![json!(1)]);
        assert_eq!(v, json!({"A": {"B": [1]}}));
        assert_eq!(list_at(&v, "A.B"), Some(&vec![json!(1)]));
        assert_eq!(list_at(&v, "A.C"), None);
    }
}
