//! Finds the paginator of a list operation from its parameters and response, and writes it into the
//! spec as `paginator:` (an overlay can change or remove it, `paginator: null`).
//!
//! The rule (documented in `specs/README.md`): a request with a page number (`PageNumber`, `PageNum`,
//! `PageNo`, `CurrentPage`, `Page`, an integer) pages by number; a request and a response with `NextToken`
//! (or a request `Marker` and a response `Marker` or `NextMarker`) page by token (preferred when both are
//! there); without either, a request with an item offset (`Offset`, an integer or text, as Log Service's
//! `offset`) and a page size pages by offset. The page size is `PageSize`, `MaxResults`, `MaxItems` or
//! `Size`. The list is the
//! only array of the response reachable through objects, or the only one at the shallowest depth; a
//! response with several lists there gets no paginator (an overlay can name the list). Totals are the
//! shallowest `TotalCount`, `TotalRecordCount`, `TotalElements`, `Total`, `TotalNum` or `TotalItems`; pages
//! the shallowest `TotalPages` or `TotalPage`.
//!
//! The first page's number is what the page says ("Default value: 0"), because the metadata's numbers
//! are not always right (DTS documents `PageNumber` as starting at 1 but gives some of them a minimum
//! and default of 0); where the text is silent, what the product's other operations say of the same
//! parameter; then the metadata's default or minimum; then 1.

use std::collections::BTreeMap;

use super::yaml::Node;

const PAGE: [&str; 5] = ["PageNumber", "PageNum", "PageNo", "CurrentPage", "Page"];
const SIZE: [&str; 4] = ["PageSize", "MaxResults", "MaxItems", "Size"];
/// Token parameters and, for each, where the answer may give the next one: `NextToken` sent back as it
/// came, or a `Marker` (RAM's `ListUsers`: `Marker` in, `Marker` out while `IsTruncated`), by either name.
const TOKENS: [(&str, [&str; 2]); 2] = [
    ("NextToken", ["NextToken", "NextToken"]),
    ("Marker", ["Marker", "NextMarker"]),
];
const TOTAL: [&str; 6] = [
    "TotalCount",
    "TotalRecordCount",
    "TotalElements",
    "Total",
    "TotalNum",
    "TotalItems",
];
const PAGES: [&str; 2] = ["TotalPages", "TotalPage"];
/// The item-offset parameter of offset paging: the index of the page's first item.
const OFFSET: &str = "Offset";
/// How deep into objects the list and the counts are looked for (`PageInfo.TotalCount` is 2).
const DEPTH: usize = 3;

/// What the detection found for one operation, for the import's report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Found {
    /// A paginator by page number.
    Pages,
    /// A paginator by token.
    Tokens,
    /// A paginator by item offset.
    Offsets,
    /// Paging parameters, but no single list in the response.
    Unclear,
    /// No paging parameters.
    None,
}

/// The page-number parameter of `op` and the first page its description states, if any: what the
/// product-wide fallback for silent descriptions is learned from.
pub fn stated_first(op: &Node) -> Option<(String, i64)> {
    let (name, param) = page_param(op)?;
    Some((name, stated(param)?))
}

/// For each page-number parameter, the first page most of `ops` state (the smaller on a tie).
pub fn learned<'a>(ops: impl Iterator<Item = &'a Node>) -> BTreeMap<String, i64> {
    let mut counts: BTreeMap<String, [usize; 2]> = BTreeMap::new();
    for (name, first) in ops.filter_map(stated_first) {
        if let Ok(i) = usize::try_from(first) {
            counts.entry(name).or_default()[i] += 1;
        }
    }
    counts
        .into_iter()
        .map(|(name, [zero, one])| (name, i64::from(one > zero)))
        .collect()
}

/// The paginator of `op` (`None` with the reason when there is none); `learned` maps page parameter
/// names to the first page the product's other operations state.
pub fn detect(op: &Node, learned: &BTreeMap<String, i64>) -> (Option<Node>, Found) {
    let request = params(op);
    let param = |name: &str| request.iter().find(|p| named(p, name)).copied();
    let shapes = op.get("shapes");
    let response = op
        .get("response")
        .and_then(|r| r.get("fields"))
        .map(fields)
        .unwrap_or_default();
    let mut places = Vec::new();
    walk(&response, shapes, "", 0, &mut places);
    let place = |names: &[&str], ty: &[&str]| {
        names.iter().find_map(|n| {
            places
                .iter()
                .filter(|(path, t, _)| same(last(path), n) && ty.contains(&t.as_str()))
                .min_by_key(|(_, _, depth)| *depth)
                .map(|(path, _, _)| path.clone())
        })
    };
    // The parameter's own name (`page_size` for `PageSize`), which the paginator names.
    let size = |order: &[&str]| {
        order
            .iter()
            .find_map(|n| param(n).filter(|p| is_whole(p)))
            .and_then(name_of)
            .map(str::to_owned)
    };
    let token = TOKENS.iter().find_map(|(name, answers)| {
        let p = param(name).filter(|p| type_of(p) == Some("string"))?;
        let next = place(answers, &["string"])?;
        Some((name_of(p)?, next))
    });
    let page = page_param(op);
    // Offset paging needs a page size beside the offset: an offset alone (ECS's
    // `DescribeSpotPriceHistory`, which answers a `NextOffset`) is not a listing paged by items.
    let offset = param(OFFSET)
        .filter(|p| is_whole(p))
        .and_then(name_of)
        .zip(size(&SIZE));
    if token.is_none() && page.is_none() && offset.is_none() {
        return (None, Found::None);
    }
    let Some(items) = the_list(&places) else {
        return (None, Found::Unclear);
    };
    let mut out = vec![];
    let found = if let Some((token, next)) = token {
        out.push(("token", Node::str(token)));
        if next != token {
            out.push(("next", Node::Str(next)));
        }
        if let Some(size) = size(&["MaxResults", "MaxItems", "PageSize"]) {
            out.push(("size", Node::Str(size)));
        }
        Found::Tokens
    } else if let (None, Some((offset, size))) = (&page, offset) {
        out.push(("offset", Node::str(offset)));
        out.push(("size", Node::Str(size)));
        Found::Offsets
    } else {
        let Some((name, p)) = page else {
            return (None, Found::Unclear);
        };
        if !is_whole(p) {
            return (None, Found::Unclear);
        }
        let first = stated(p)
            .or_else(|| learned.get(&name).copied())
            .or_else(|| number(p.get("default")))
            .or_else(|| number(p.get("range").and_then(|r| r.get("min"))))
            .filter(|n| (0..=1).contains(n))
            .unwrap_or(1);
        out.push(("page", Node::Str(name)));
        out.push(("first", Node::Num(first.to_string())));
        if let Some(size) = size(&SIZE) {
            out.push(("size", Node::Str(size)));
        }
        Found::Pages
    };
    out.push(("items", Node::Str(items)));
    if let Some(total) = place(&TOTAL, &["integer", "long"]) {
        out.push(("total", Node::Str(total)));
    }
    let pages = place(&PAGES, &["integer", "long"]).filter(|_| found == Found::Pages);
    if let Some(pages) = pages {
        out.push(("pages", Node::Str(pages)));
    }
    let node = Node::Map(out.into_iter().map(|(k, v)| (k.to_owned(), v)).collect());
    (Some(node), found)
}

/// Makes the page-number parameter's documented default the paginator's first page: they are one fact
/// (the loader refuses a spec where they differ), and where the metadata's default contradicts the page's
/// text (DTS: "Default value: 1" beside a default of 0), the text is what the first page was taken from.
pub fn align_default(op: &mut Node) {
    let Some((page, first)) = op.get("paginator").and_then(|p| {
        let page = p.get("page").and_then(Node::as_str)?.to_owned();
        Some((page, number(p.get("first")).unwrap_or(1)))
    }) else {
        return;
    };
    let Some(Node::Seq(request)) = op.get_mut("request") else {
        return;
    };
    if let Some(param) = request
        .iter_mut()
        .find(|p| name_of(p) == Some(page.as_str()))
        && param.get("default").is_some()
    {
        let value = match type_of(param) {
            Some("string") => Node::Str(first.to_string()),
            _ => Node::Num(first.to_string()),
        };
        param.set("default", value);
    }
}

fn params(op: &Node) -> Vec<&Node> {
    op.get("request").map(fields).unwrap_or_default()
}

fn fields(list: &Node) -> Vec<&Node> {
    match list {
        Node::Seq(items) => items.iter().collect(),
        _ => Vec::new(),
    }
}

fn name_of(field: &Node) -> Option<&str> {
    field.get("name").and_then(Node::as_str)
}

fn type_of(field: &Node) -> Option<&str> {
    field.get("type").and_then(Node::as_str)
}

/// A number the paginator can write: an integer, or text (some pages type page numbers as strings).
fn is_whole(field: &Node) -> bool {
    matches!(type_of(field), Some("integer" | "long" | "string")) && field.get("enum").is_none()
}

fn last(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

fn number(node: Option<&Node>) -> Option<i64> {
    match node? {
        Node::Num(n) => n.parse().ok(),
        _ => None,
    }
}

/// The page-number parameter, by the first name of [`PAGE`] the request has (in any of the spellings
/// [`same`] takes: RESTful APIs write `page_number` and `pageNumber`), with its own name.
fn page_param(op: &Node) -> Option<(String, &Node)> {
    let request = params(op);
    PAGE.iter().find_map(|n| {
        let p = request.iter().find(|p| named(p, n))?;
        Some((name_of(p)?.to_owned(), *p))
    })
}

/// Whether two names are one spelled differently: `PageNumber`, `pageNumber`, `page_number` and
/// `page-number` are the same name.
pub(super) fn same(a: &str, b: &str) -> bool {
    let letters = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-'))
            .map(|c| c.to_ascii_lowercase())
            .collect::<String>()
    };
    letters(a) == letters(b)
}

/// Whether `field` is named `name` in any spelling.
fn named(field: &Node, name: &str) -> bool {
    name_of(field).is_some_and(|n| same(n, name))
}

/// The first page the parameter's description states: "Default value: 0", "default value is 1",
/// "starts from 0".
fn stated(param: &Node) -> Option<i64> {
    let text = param
        .get("description")
        .and_then(Node::as_str)?
        .to_ascii_lowercase();
    [
        "default value: ",
        "default value is ",
        "starts from ",
        "start from ",
    ]
    .iter()
    .find_map(|lead| {
        let at = text.find(lead)? + lead.len();
        match text[at..].chars().next()? {
            '0' => Some(0),
            '1' if !text[at + 1..].starts_with(|c: char| c.is_ascii_digit()) => Some(1),
            _ => None,
        }
    })
}

/// Every field reachable from `fields` through objects: (dotted path, type, depth).
fn walk(
    fields: &[&Node],
    shapes: Option<&Node>,
    prefix: &str,
    depth: usize,
    out: &mut Vec<(String, String, usize)>,
) {
    if depth >= DEPTH {
        return;
    }
    for f in fields {
        let (Some(name), Some(ty)) = (name_of(f), type_of(f)) else {
            continue;
        };
        let path = if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        };
        out.push((path.clone(), ty.to_owned(), depth));
        let shape = f.get("shape").and_then(Node::as_str);
        if let (Some("object"), Some(shape)) = (Some(ty), shape) {
            let inner = shapes
                .and_then(|s| s.get(shape))
                .and_then(|s| s.get("fields"))
                .map(self::fields)
                .unwrap_or_default();
            walk(&inner, shapes, &path, depth + 1, out);
        }
    }
}

/// The response's list: the only array, or the only one at the shallowest depth.
fn the_list(places: &[(String, String, usize)]) -> Option<String> {
    let arrays: Vec<&(String, String, usize)> =
        places.iter().filter(|(_, t, _)| t == "array").collect();
    let shallowest = arrays.iter().map(|(_, _, d)| *d).min()?;
    let mut at: Vec<&&(String, String, usize)> =
        arrays.iter().filter(|(_, _, d)| *d == shallowest).collect();
    match (arrays.len(), at.len()) {
        (1, _) | (_, 1) => at.pop().map(|(p, _, _)| p.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::yaml::parse;

    fn op(text: &str) -> Node {
        parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn restful_spellings_are_the_same_names() {
        // CS's `DescribeClustersV1`: snake_case parameters and a `page_info` object.
        let node = op(
            "request:\n  - { name: page_size, type: long }\n  - { name: page_number, type: long }\nresponse:\n  fields:\n    - { name: clusters, type: array, items: { type: string } }\n    - { name: page_info, type: object, shape: P }\nshapes:\n  P: { fields: [ { name: total_count, type: long } ] }\n",
        );
        let (p, found) = detect(&node, &BTreeMap::new());
        assert_eq!(found, Found::Pages);
        assert_eq!(
            p,
            Some(op(
                "{ page: page_number, first: 1, size: page_size, items: clusters, total: page_info.total_count }"
            ))
        );
        // Elasticsearch's `ListInstance`: `page` and `size`.
        let node = op(
            "request:\n  - { name: page, type: integer }\n  - { name: size, type: integer }\nresponse:\n  fields:\n    - { name: Result, type: array, items: { type: string } }\n",
        );
        let (p, _) = detect(&node, &BTreeMap::new());
        assert_eq!(
            p,
            Some(op("{ page: page, first: 1, size: size, items: Result }"))
        );
        assert!(same("pageNumber", "PageNumber") && same("page-number", "page_number"));
        assert!(!same("page", "pages"));
    }

    #[test]
    fn page_number_paging_with_wrapped_list_and_totals() {
        let node = op(
            "request:\n  - { name: PageSize, type: integer }\n  - { name: PageNum, type: integer, range: { min: 0 }, description: 'The page. Default value: 0.' }\nresponse:\n  fields:\n    - { name: TotalElements, type: integer }\n    - { name: TotalPages, type: integer }\n    - { name: Items, type: object, shape: Wrap }\nshapes:\n  Wrap: { fields: [ { name: Detail, type: array, items: { type: object, shape: D } } ] }\n  D: { fields: [ { name: Id, type: string } ] }\n",
        );
        let (p, found) = detect(&node, &BTreeMap::new());
        assert_eq!(found, Found::Pages);
        assert_eq!(
            p,
            Some(op(
                "{ page: PageNum, first: 0, size: PageSize, items: Items.Detail, total: TotalElements, pages: TotalPages }"
            ))
        );
    }

    #[test]
    fn the_page_text_beats_the_metadata_numbers_and_the_product_fills_silence() {
        let stated = op(
            "request:\n  - { name: PageNumber, type: integer, range: { min: 0 }, default: 0, description: 'Default value: 1.' }\nresponse:\n  fields:\n    - { name: List, type: array, items: { type: string } }\n",
        );
        assert_eq!(stated_first(&stated), Some(("PageNumber".to_owned(), 1)));
        let (p, _) = detect(&stated, &BTreeMap::new());
        assert_eq!(
            p.and_then(|p| p.get("first").cloned()),
            Some(Node::Num("1".into()))
        );
        let silent = op(
            "request:\n  - { name: PageNumber, type: integer, range: { min: 0 } }\nresponse:\n  fields:\n    - { name: List, type: array, items: { type: string } }\n",
        );
        let learned = BTreeMap::from([("PageNumber".to_owned(), 1)]);
        let (p, _) = detect(&silent, &learned);
        assert_eq!(
            p.and_then(|p| p.get("first").cloned()),
            Some(Node::Num("1".into()))
        );
        let (p, _) = detect(&silent, &BTreeMap::new());
        assert_eq!(
            p.and_then(|p| p.get("first").cloned()),
            Some(Node::Num("0".into())),
            "the minimum"
        );
    }

    #[test]
    fn tokens_win_and_nested_counts_are_found() {
        let node = op(
            "request:\n  - { name: NextToken, type: string }\n  - { name: MaxResults, type: integer }\n  - { name: CurrentPage, type: integer }\nresponse:\n  fields:\n    - { name: NextToken, type: string }\n    - { name: PageInfo, type: object, shape: P }\n    - { name: Events, type: array, items: { type: string } }\nshapes:\n  P: { fields: [ { name: TotalCount, type: integer } ] }\n",
        );
        let (p, found) = detect(&node, &BTreeMap::new());
        assert_eq!(found, Found::Tokens);
        assert_eq!(
            p,
            Some(op(
                "{ token: NextToken, size: MaxResults, items: Events, total: PageInfo.TotalCount }"
            ))
        );
    }

    #[test]
    fn markers_and_plain_page_parameters_are_paging_too() {
        // RAM's ListUsers: `Marker` in and out, `MaxItems`, and `IsTruncated` (the missing marker ends it).
        let marker = op(
            "request:\n  - { name: Marker, type: string }\n  - { name: MaxItems, type: integer }\nresponse:\n  fields:\n    - { name: IsTruncated, type: boolean }\n    - { name: Marker, type: string }\n    - { name: Users, type: object, shape: U }\nshapes:\n  U: { fields: [ { name: User, type: array, items: { type: string } } ] }\n",
        );
        let (p, found) = detect(&marker, &BTreeMap::new());
        assert_eq!(found, Found::Tokens);
        assert_eq!(
            p,
            Some(op("{ token: Marker, size: MaxItems, items: Users.User }"))
        );
        let next_marker = op(
            "request:\n  - { name: Marker, type: string }\nresponse:\n  fields:\n    - { name: NextMarker, type: string }\n    - { name: Items, type: array, items: { type: string } }\n",
        );
        let (p, _) = detect(&next_marker, &BTreeMap::new());
        assert_eq!(
            p,
            Some(op("{ token: Marker, next: NextMarker, items: Items }"))
        );
        // CloudMonitor's site monitors: `Page` and `PageSize`.
        let page = op(
            "request:\n  - { name: Page, type: integer }\n  - { name: PageSize, type: integer }\nresponse:\n  fields:\n    - { name: TotalCount, type: integer }\n    - { name: List, type: array, items: { type: string } }\n",
        );
        let (p, found) = detect(&page, &BTreeMap::new());
        assert_eq!(found, Found::Pages);
        assert_eq!(
            p,
            Some(op(
                "{ page: Page, first: 1, size: PageSize, items: List, total: TotalCount }"
            ))
        );
    }

    #[test]
    fn an_item_offset_and_a_size_page_by_offset() {
        // Log Service's `ListLogStores`: `offset` and `size`, `count` and `total` beside the list.
        let stores = op(
            "request:\n  - { name: project, type: string, location: host }\n  - { name: offset, type: integer }\n  - { name: size, type: integer }\nresponse:\n  fields:\n    - { name: total, type: integer }\n    - { name: count, type: integer }\n    - { name: logstores, type: array, items: { type: string } }\n",
        );
        let (p, found) = detect(&stores, &BTreeMap::new());
        assert_eq!(found, Found::Offsets);
        assert_eq!(
            p,
            Some(op(
                "{ offset: offset, size: size, items: logstores, total: total }"
            ))
        );
        // `ListConsumeProcessors` types both as text; an answer that is the list itself pages too.
        let text = op(
            "request:\n  - { name: offset, type: string }\n  - { name: size, type: string }\nresponse:\n  fields:\n    - { name: body, type: array, items: { type: string }, location: body }\n",
        );
        assert_eq!(
            detect(&text, &BTreeMap::new()).0,
            Some(op("{ offset: offset, size: size, items: body }"))
        );
        // An offset without a page size is not paging by items (ECS's `DescribeSpotPriceHistory`
        // answers a `NextOffset`), nor is one typed as a flag.
        let alone = op(
            "request:\n  - { name: Offset, type: integer }\nresponse:\n  fields:\n    - { name: NextOffset, type: integer }\n    - { name: Prices, type: array, items: { type: string } }\n",
        );
        assert_eq!(detect(&alone, &BTreeMap::new()), (None, Found::None));
        let flag = op(
            "request:\n  - { name: offset, type: boolean }\n  - { name: size, type: integer }\nresponse:\n  fields:\n    - { name: items, type: array, items: { type: string } }\n",
        );
        assert_eq!(detect(&flag, &BTreeMap::new()), (None, Found::None));
        // Two lists (`ListDashboard`): offset paging without a list it can tell is none.
        let two = op(
            "request:\n  - { name: offset, type: integer }\n  - { name: size, type: integer }\nresponse:\n  fields:\n    - { name: dashboards, type: array, items: { type: string } }\n    - { name: dashboardItems, type: array, items: { type: string } }\n",
        );
        assert_eq!(detect(&two, &BTreeMap::new()), (None, Found::Unclear));
        // A page number beside an offset keeps page-number paging, as before offsets were known.
        let both = op(
            "request:\n  - { name: PageNumber, type: integer }\n  - { name: Offset, type: integer }\n  - { name: PageSize, type: integer }\nresponse:\n  fields:\n    - { name: Items, type: array, items: { type: string } }\n",
        );
        assert_eq!(detect(&both, &BTreeMap::new()).1, Found::Pages);
    }

    #[test]
    fn two_lists_or_a_page_number_of_another_type_give_no_paginator() {
        let two = op(
            "request:\n  - { name: PageNumber, type: integer }\nresponse:\n  fields:\n    - { name: A, type: array, items: { type: string } }\n    - { name: B, type: array, items: { type: string } }\n",
        );
        assert_eq!(detect(&two, &BTreeMap::new()), (None, Found::Unclear));
        let text = op(
            "request:\n  - { name: CurrentPage, type: string }\nresponse:\n  fields:\n    - { name: A, type: array, items: { type: string } }\n",
        );
        assert_eq!(
            detect(&text, &BTreeMap::new()).1,
            Found::Pages,
            "a page number typed as text"
        );
        let listed = op(
            "request:\n  - { name: CurrentPage, type: boolean }\nresponse:\n  fields:\n    - { name: A, type: array, items: { type: string } }\n",
        );
        assert_eq!(detect(&listed, &BTreeMap::new()), (None, Found::Unclear));
        let none = op(
            "request:\n  - { name: Id, type: string }\nresponse:\n  fields:\n    - { name: A, type: array, items: { type: string } }\n",
        );
        assert_eq!(detect(&none, &BTreeMap::new()), (None, Found::None));
    }
}
