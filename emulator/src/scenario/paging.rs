//! [`Paging`]: how a scenario spreads a list answer over pages, as the scenario states it. Everything it
//! leaves out comes from the operation's spec `paginator:` (the list, the page, token, offset and size
//! parameters, the first page, where totals and the next token go), the same field the generated
//! paginator reads, so the emulator and the client agree on where a listing starts by construction. [`Paging::resolve`] turns
//! the two into the [`Plan`] that answers requests (see `pages.rs`).

use acs_codegen::spec::model::OperationSpec;
use serde::Deserialize;

use super::pages::{By, Fields, Plan};

/// The page size when neither the scenario nor the size parameter's documented `default` gives one.
const FALLBACK_PAGE_SIZE: i64 = 10;

/// How one operation pages. Unset keys default from the operation's spec `paginator:`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    /// Dotted path of the list in the answer, such as `Items.RestoreTaskDetail`; default: the spec's
    /// `paginator.items`.
    #[serde(default)]
    pub list: Option<String>,
    /// How many items exist in all.
    pub total: usize,
    /// A field made distinct per item (`<example value>-<n>` for text, example + n for numbers). Items that
    /// are text or numbers themselves are always made distinct.
    #[serde(default)]
    pub id_field: Option<String>,
    /// The request parameter with the page number, such as `PageNum` or `PageNo` (page-number paging);
    /// default: the spec's `paginator.page`.
    #[serde(default)]
    pub page_number_param: Option<String>,
    /// The request parameter with the page token, such as `NextToken` (token paging); default: the spec's
    /// `paginator.token`.
    #[serde(default)]
    pub token_param: Option<String>,
    /// The request parameter with the offset of the page's first item, such as `offset` (offset
    /// paging); default: the spec's `paginator.offset`.
    #[serde(default)]
    pub offset_param: Option<String>,
    /// The request parameter with the page size; default: the spec's `paginator.size`.
    #[serde(default)]
    pub page_size_param: Option<String>,
    /// The number of the first page; default: the spec's `paginator.first` (itself 1 when unset).
    #[serde(default)]
    pub first_page: Option<i64>,
    /// The page size when none is sent; default: the size parameter's documented default, else 10.
    #[serde(default)]
    pub default_page_size: Option<i64>,
    /// Answer field (dotted path) with the next page's token, empty on the last page (token paging);
    /// default: the spec's `paginator.next`, else the token parameter's name.
    #[serde(default)]
    pub next_token_field: Option<String>,
    /// Answer field echoing the page number (`PageNum`, `PageNumber`; with tokens, the page's ordinal
    /// from 1).
    #[serde(default)]
    pub page_number_field: Option<String>,
    /// Answer field echoing the page size (`PageSize`).
    #[serde(default)]
    pub page_size_field: Option<String>,
    /// Answer field with the number of items on this page (`PageRecordCount`).
    #[serde(default)]
    pub page_items_field: Option<String>,
    /// Answer field with the total number of items (`TotalElements`, `PageInfo.TotalCount`); default:
    /// the spec's `paginator.total`.
    #[serde(default)]
    pub total_items_field: Option<String>,
    /// Answer field with the number of pages (`TotalPages`); default: the spec's `paginator.pages`.
    #[serde(default)]
    pub total_pages_field: Option<String>,
}

impl Paging {
    /// `total` items, paged exactly as the operation's spec `paginator:` says (list, parameters, first
    /// page, totals, next token); the setters override any of it.
    pub fn from_spec(total: usize) -> Paging {
        Paging {
            list: None,
            total,
            id_field: None,
            page_number_param: None,
            token_param: None,
            offset_param: None,
            page_size_param: None,
            first_page: None,
            default_page_size: None,
            next_token_field: None,
            page_number_field: None,
            page_size_field: None,
            page_items_field: None,
            total_items_field: None,
            total_pages_field: None,
        }
    }

    /// `total` items in the list at `list`, paged by the request parameters `page_number_param` and
    /// `page_size_param`; add answer fields with the setters.
    pub fn new(list: &str, total: usize, page_number_param: &str, page_size_param: &str) -> Paging {
        Paging {
            list: Some(list.to_owned()),
            page_number_param: Some(page_number_param.to_owned()),
            page_size_param: Some(page_size_param.to_owned()),
            ..Paging::from_spec(total)
        }
    }

    /// Pages by the page-number parameter `param`.
    pub fn page_number_param(mut self, param: &str) -> Paging {
        self.page_number_param = Some(param.to_owned());
        self
    }

    /// Reads the page size from the parameter `param`.
    pub fn page_size_param(mut self, param: &str) -> Paging {
        self.page_size_param = Some(param.to_owned());
        self
    }

    /// Pages by the token parameter `param` (instead of a page number).
    pub fn token_param(mut self, param: &str) -> Paging {
        self.token_param = Some(param.to_owned());
        self
    }

    /// Pages by the item-offset parameter `param` (instead of a page number).
    pub fn offset_param(mut self, param: &str) -> Paging {
        self.offset_param = Some(param.to_owned());
        self
    }

    /// Answers the next page's token in `field` (a dotted path).
    pub fn next_token_field(mut self, field: &str) -> Paging {
        self.next_token_field = Some(field.to_owned());
        self
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

    /// Overrides the page size used when the request sends none.
    pub fn default_page_size(mut self, n: i64) -> Paging {
        self.default_page_size = Some(n);
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

    /// The plan that answers `op`'s requests: this scenario's keys, the rest from the spec's paginator;
    /// or why there is none (a key neither gives, a parameter the operation does not have).
    pub(crate) fn resolve(&self, op: &OperationSpec) -> Result<Plan, String> {
        let spec = op.paginator.as_ref();
        let from_spec = |keys: &str| {
            if spec.is_some() {
                format!("{keys} is not set and the spec's paginator has no value for it")
            } else {
                format!("{keys} is not set and the spec declares no paginator to take it from")
            }
        };
        let list = (self.list.clone())
            .or_else(|| spec.map(|p| p.items.clone()))
            .ok_or_else(|| from_spec("`list`"))?;
        let param = |name: &String| {
            op.request
                .iter()
                .find(|f| &f.name == name)
                .map(|f| f.default.clone())
                .ok_or_else(|| format!("`{name}` is not a request parameter of {}", op.name))
        };
        // The scenario's own parameter decides the way of paging; only when it names none does the spec's.
        let own = [
            &self.page_number_param,
            &self.token_param,
            &self.offset_param,
        ];
        let (page, token, offset) = match own.iter().filter(|p| p.is_some()).count() {
            0 => spec.map_or((None, None, None), |p| {
                (p.page.clone(), p.token.clone(), p.offset.clone())
            }),
            1 => (
                self.page_number_param.clone(),
                self.token_param.clone(),
                self.offset_param.clone(),
            ),
            _ => {
                return Err(
                    "give one of `page_number_param`, `token_param` and `offset_param`".to_owned(),
                );
            }
        };
        let by = match (page, token, offset) {
            (Some(param), _, _) => By::Number {
                first: self.first_page_or_spec(op),
                param,
            },
            (None, Some(param), _) => By::Token {
                next: self.next_or_spec(op, &param),
                param,
            },
            (None, None, Some(param)) => By::Offset { param },
            (None, None, None) => {
                return Err(from_spec(
                    "`page_number_param`, `token_param` or `offset_param`",
                ));
            }
        };
        match &by {
            By::Number { param: p, .. } | By::Token { param: p, .. } | By::Offset { param: p } => {
                param(p)?;
            }
        }
        let size_param =
            (self.page_size_param.clone()).or_else(|| spec.and_then(|p| p.size.clone()));
        let documented_size = match &size_param {
            Some(name) => param(name)?.and_then(|d| {
                d.as_i64()
                    .or_else(|| d.as_str().and_then(|s| s.trim().parse().ok()))
            }),
            None => None,
        };
        let default_size = (self.default_page_size)
            .or(documented_size)
            .unwrap_or(FALLBACK_PAGE_SIZE)
            .max(1);
        let or_spec = |own: &Option<String>, spec_value: Option<&Option<String>>| {
            own.clone().or_else(|| spec_value.cloned().flatten())
        };
        Ok(Plan {
            list,
            total: self.total,
            id_field: self.id_field.clone(),
            by,
            size_param,
            default_size,
            fields: Fields {
                page_number: self.page_number_field.clone(),
                page_size: self.page_size_field.clone(),
                page_items: self.page_items_field.clone(),
                total_items: or_spec(&self.total_items_field, spec.map(|p| &p.total)),
                total_pages: or_spec(&self.total_pages_field, spec.map(|p| &p.pages)),
            },
        })
    }

    /// The first page: the scenario's, else the spec paginator's `first` (1 when the spec leaves it out,
    /// as the generator reads it), else 1. Never the page parameter's `default`: the paginator does not
    /// read that, and a listing must start where the paginator starts.
    fn first_page_or_spec(&self, op: &OperationSpec) -> i64 {
        self.first_page
            .or_else(|| op.paginator.as_ref().map(|p| p.first_page()))
            .unwrap_or(1)
    }

    /// Where the next token goes: the scenario's, else the spec's `next`, else the token parameter's name
    /// (which is how the spec reads an absent `next`).
    fn next_or_spec(&self, op: &OperationSpec, token: &str) -> String {
        (self.next_token_field.clone())
            .or_else(|| {
                op.paginator
                    .as_ref()
                    .and_then(|p| p.next_field().map(str::to_owned))
            })
            .unwrap_or_else(|| token.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// DTS's `DescribeDtsJobs` as imported: the metadata's `default: 0` on the page parameter, the page's
    /// text (and so the paginator) saying pages start at 1.
    const JOBS: &str = r#"
name: DescribeDtsJobs
summary: s
request:
  - { name: PageNumber, type: integer, default: 0 }
  - { name: PageSize, type: integer, default: 20 }
  - { name: Other, type: string }
response: { fields: [] }
paginator: { page: PageNumber, first: 1, size: PageSize, items: DtsJobList, total: TotalRecordCount }
"#;

    fn op(yaml: &str) -> OperationSpec {
        serde_yaml::from_str(yaml).expect("the test spec parses")
    }

    #[test]
    fn the_first_page_is_the_paginators_not_the_parameters_default() {
        let plan = Paging::from_spec(45).resolve(&op(JOBS)).unwrap();
        let number = By::Number {
            param: "PageNumber".into(),
            first: 1,
        };
        assert_eq!(plan.by, number);
        // The same with the parameters named by the scenario: only `first_page` overrides the spec.
        let named = Paging::new("DtsJobList", 45, "PageNumber", "PageSize");
        assert_eq!(named.resolve(&op(JOBS)).unwrap().by, number);
        let zero = named.first_page(0).resolve(&op(JOBS)).unwrap();
        assert!(matches!(zero.by, By::Number { first: 0, .. }));
        // A spec that leaves `first` out starts at 1, as the generator reads it.
        let unset = JOBS.replace("first: 1, ", "");
        let plan = Paging::from_spec(45).resolve(&op(&unset)).unwrap();
        assert!(matches!(plan.by, By::Number { first: 1, .. }));
    }

    #[test]
    fn unset_keys_come_from_the_spec() {
        let plan = Paging::from_spec(45).resolve(&op(JOBS)).unwrap();
        assert_eq!(plan.list, "DtsJobList");
        assert_eq!(plan.size_param.as_deref(), Some("PageSize"));
        assert_eq!(
            plan.default_size, 20,
            "the size parameter's documented default"
        );
        assert_eq!(plan.fields.total_items.as_deref(), Some("TotalRecordCount"));
        assert_eq!(plan.fields.total_pages, None);
        let tokens = r#"
name: ListThings
summary: s
request:
  - { name: NextToken, type: string }
  - { name: MaxResults, type: integer }
response: { fields: [] }
paginator: { token: NextToken, next: PageInfo.NextToken, size: MaxResults, items: Things, pages: PageInfo.Pages }
"#;
        let plan = Paging::from_spec(3).resolve(&op(tokens)).unwrap();
        let by = By::Token {
            param: "NextToken".into(),
            next: "PageInfo.NextToken".into(),
        };
        assert_eq!((plan.by, plan.default_size), (by, 10));
        assert_eq!(plan.fields.total_pages.as_deref(), Some("PageInfo.Pages"));
        let own_next = tokens.replace("next: PageInfo.NextToken, ", "");
        let plan = Paging::from_spec(3).resolve(&op(&own_next)).unwrap();
        assert!(matches!(plan.by, By::Token { next, .. } if next == "NextToken"));
    }

    #[test]
    fn offset_paging_comes_from_the_spec_or_the_scenario() {
        // Log Service's `ListLogStores` as imported: `offset` and `size`, the total beside the list.
        let stores = r#"
name: ListLogStores
summary: s
request:
  - { name: offset, type: integer }
  - { name: size, type: integer, default: 200 }
response: { fields: [] }
paginator: { offset: offset, size: size, items: logstores, total: total }
"#;
        let plan = Paging::from_spec(7).resolve(&op(stores)).unwrap();
        assert_eq!(
            plan.by,
            By::Offset {
                param: "offset".into()
            }
        );
        assert_eq!(plan.size_param.as_deref(), Some("size"));
        assert_eq!(plan.default_size, 200);
        assert_eq!(plan.fields.total_items.as_deref(), Some("total"));
        // A scenario may page an operation by offset that the spec pages otherwise.
        let plan = (Paging::from_spec(7).offset_param("Other"))
            .resolve(&op(JOBS))
            .unwrap();
        assert_eq!(
            plan.by,
            By::Offset {
                param: "Other".into()
            }
        );
    }

    #[test]
    fn what_neither_gives_is_an_error_that_says_so() {
        let bare = JOBS.split("paginator:").next().unwrap().to_owned();
        let why = Paging::from_spec(1).resolve(&op(&bare)).unwrap_err();
        assert!(
            why.contains("`list`") && why.contains("no paginator"),
            "{why}"
        );
        let why = (Paging::from_spec(1).token_param("Other"))
            .page_number_param("PageNumber")
            .resolve(&op(JOBS))
            .unwrap_err();
        assert!(why.contains("give one of"), "{why}");
        let typo = Paging::new("DtsJobList", 1, "PageNo", "PageSize");
        let why = typo.resolve(&op(JOBS)).unwrap_err();
        assert_eq!(
            why,
            "`PageNo` is not a request parameter of DescribeDtsJobs"
        );
    }
}
