//! The product file `specs/<module>/_product.yaml` from the metadata: the product code and version, its
//! public endpoints and a fallback for the regions it does not list, with `overlays/<module>/_product.yaml`
//! (title, description, corrections) merged over them. A product file written by hand is left as it is.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::json::Json;
use super::overlay;
use super::report::Problem;
use super::yaml::Node;

/// The name of a product's overlay and of its file, without `.yaml`.
pub const PRODUCT: &str = "_product";

/// Keys in the order of `specs/README.md`.
const ORDER: &[&str] = &[
    "code",
    "title",
    "module",
    "version",
    "description",
    "endpoints",
    "protocol",
    "signature",
    "ram_code",
    "shapes",
    "enums",
];

/// Whether a region id names a public region: `cn-hangzhou`, `ap-southeast-1`, `cn-shanghai-finance-1`.
/// The metadata also lists internal and test regions (`cn-hangzhou-internal-test-1`, `cn-beijing-nu16-b01`,
/// `ap-northeast-2-pop`, `cn-beijing-gov-1`), which no customer can call.
pub fn is_public_region(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    let word = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase());
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let area = |s: &str| s.len() == 2 && word(s);
    match parts.as_slice() {
        [a, b] => area(a) && word(b),
        [a, b, n] => area(a) && word(b) && (number(n) || *n == "finance"),
        [a, b, "finance", n] => area(a) && word(b) && number(n),
        _ => false,
    }
}

/// The public endpoints (region → host, sorted) and the fallback host for other regions: the regional
/// pattern (each host with its region's label replaced: `<prefix>.{region_id}.aliyuncs.com`, Log
/// Service's `{region_id}.log.aliyuncs.com`) when most public regions follow it, else the host the
/// metadata lists for `regionId: "public"` (the product's one public endpoint, which is all a global
/// product such as Alibaba Cloud DNS lists), else the host most regions use (the first in order on a tie).
/// With the regional pattern, a host the metadata lists that names no region (`sts.aliyuncs.com` beside
/// `sts.{region_id}.aliyuncs.com`) is the product's global endpoint, used when no region is given.
pub fn endpoints(doc: &Json) -> (BTreeMap<String, String>, Option<String>, Option<String>) {
    let mut regional = BTreeMap::new();
    let mut public = None;
    let mut every_host = Vec::new();
    for e in doc.get("endpoints").map(Json::items).unwrap_or_default() {
        let text = |k: &str| e.get(k).and_then(Json::as_str).map(str::trim);
        if let Some(host) = text("endpoint") {
            every_host.push(host.to_owned());
        }
        match (text("regionId"), text("endpoint")) {
            (_, None | Some("")) => {}
            (Some("public"), Some(host)) => public = public.or(Some(host.to_owned())),
            (Some(region), Some(host)) if is_public_region(region) => {
                regional.insert(region.to_owned(), host.to_owned());
            }
            _ => {}
        }
    }
    let mut patterns: BTreeMap<String, usize> = BTreeMap::new();
    let mut hosts: BTreeMap<&str, usize> = BTreeMap::new();
    for (region, host) in &regional {
        *hosts.entry(host).or_default() += 1;
        // The host with its region label as the placeholder, wherever the label is:
        // `dts.cn-hangzhou.aliyuncs.com` and Log Service's `cn-hangzhou.log.aliyuncs.com`.
        let labels: Vec<&str> = host.split('.').collect();
        if labels.iter().filter(|l| *l == region).count() == 1 {
            let pattern: Vec<&str> = labels
                .iter()
                .map(|l| if l == region { "{region_id}" } else { *l })
                .collect();
            *patterns.entry(pattern.join(".")).or_default() += 1;
        }
    }
    let most = |counts: Vec<(String, usize)>| {
        counts
            .into_iter()
            .fold(None, |best: Option<(String, usize)>, (k, n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((k, n)),
            })
    };
    let pattern = most(patterns.into_iter().collect())
        .filter(|(_, n)| n * 2 > regional.len())
        .map(|(pattern, _)| pattern);
    // The pattern without its region label (`sts.aliyuncs.com` for `sts.{region_id}.aliyuncs.com`),
    // when the metadata lists that host too.
    let global = pattern.as_ref().and_then(|pattern| {
        let host = pattern
            .split('.')
            .filter(|l| *l != "{region_id}")
            .collect::<Vec<_>>()
            .join(".");
        every_host.contains(&host).then_some(host)
    });
    let fallback = pattern.or(public).or_else(|| {
        most(hosts.into_iter().map(|(h, n)| (h.to_owned(), n)).collect()).map(|(h, _)| h)
    });
    (regional, fallback, global)
}

/// The text of the imported product file, or `None` with the problems recorded.
pub fn render(
    module: &str,
    metadata: &str,
    doc: &Json,
    overlay_file: Option<&(PathBuf, String)>,
    label: impl Fn(&PathBuf) -> String,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let info = |k: &str| {
        doc.get("info")
            .and_then(|i| i.get(k))
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let code = info("product");
    let (regional, fallback, global) = endpoints(doc);
    let mut endpoints = vec![(
        "regional".to_owned(),
        Node::Map(
            regional
                .into_iter()
                .map(|(r, h)| (r, Node::Str(h)))
                .collect(),
        ),
    )];
    if let Some(fallback) = fallback {
        endpoints.push(("fallback".to_owned(), Node::Str(fallback)));
    }
    if let Some(global) = global {
        endpoints.push(("global".to_owned(), Node::Str(global)));
    }
    let mut node = Node::Map(vec![
        ("code".to_owned(), Node::str(code.clone())),
        ("title".to_owned(), Node::Str(code)),
        ("module".to_owned(), Node::str(module)),
        ("version".to_owned(), Node::Str(info("version"))),
        ("endpoints".to_owned(), Node::Map(endpoints)),
    ]);
    if info("style") == "ROA" {
        node.set("protocol", Node::str("roa"));
    }
    // The RAM service code, where the metadata has its RAM table (DBS); an overlay gives the others'.
    let ram_code = doc
        .get("ram")
        .and_then(|r| r.get("ramCodes"))
        .and_then(|c| c.items().first())
        .and_then(Json::as_str);
    if let Some(ram_code) = ram_code {
        node.set("ram_code", Node::str(ram_code));
    }
    if let Some((path, text)) = overlay_file {
        let shown = label(path);
        match overlay::parse(&shown, text) {
            Ok(o) if o.accept.is_empty() => overlay::merge(&mut node, &o.patch, &shown, problems),
            Ok(_) => problems.push(Problem::error(
                &shown,
                "accept",
                "a product overlay has nothing to accept: the importer reports nothing about a product",
            )),
            Err(more) => problems.extend(more),
        }
    }
    if let Node::Map(entries) = &mut node {
        entries.sort_by_key(|(k, _)| ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()));
    }
    match super::yaml::render(&super::tree::header(metadata, module, PRODUCT), &node) {
        Ok(text) => Some(text),
        Err(e) => {
            problems.push(Problem::error(module, PRODUCT, e));
            None
        }
    }
}

/// The rendered product file `text` with the types its operations share (each list sorted by name).
pub fn with_types(
    module: &str,
    metadata: &str,
    text: &str,
    shapes: Vec<(String, Node)>,
    enums: Vec<(String, Node)>,
) -> Result<String, String> {
    if shapes.is_empty() && enums.is_empty() {
        return Ok(text.to_owned());
    }
    let mut node = super::yaml::parse(text)?;
    for (key, types) in [("shapes", shapes), ("enums", enums)] {
        if !types.is_empty() {
            node.set(key, Node::Map(types));
        }
    }
    if let Node::Map(entries) = &mut node {
        entries.sort_by_key(|(k, _)| ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()));
    }
    super::yaml::render(&super::tree::header(metadata, module, PRODUCT), &node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_regions_are_kept() {
        for public in [
            "cn-hangzhou",
            "ap-southeast-1",
            "cn-shanghai-finance-1",
            "cn-hangzhou-finance",
            "me-east-1",
        ] {
            assert!(is_public_region(public), "{public}");
        }
        for internal in [
            "cn-hangzhou-internal-test-1",
            "cn-beijing-nu16-b01",
            "ap-northeast-2-pop",
            "cn-beijing-gov-1",
            "cn-qingdao-nebula",
            "eu-west-1-oxs",
            "rus-west-1-pop",
            "cn-shanghai-inner",
        ] {
            assert!(!is_public_region(internal), "{internal}");
        }
    }

    #[test]
    fn the_fallback_is_the_regional_pattern_or_the_commonest_host() {
        let doc = |pairs: &[(&str, &str)]| -> Json {
            let list: Vec<serde_json::Value> = pairs
                .iter()
                .map(|(r, e)| serde_json::json!({"regionId": r, "endpoint": e}))
                .collect();
            serde_json::from_value(serde_json::json!({ "endpoints": list })).expect("json")
        };
        let (regional, fallback, global) = endpoints(&doc(&[
            ("cn-hangzhou", "dts.cn-hangzhou.aliyuncs.com"),
            ("cn-beijing", "dts.cn-beijing.aliyuncs.com"),
            ("cn-wuhan", "dts.aliyuncs.com"),
            ("cn-hangzhou-internal-test-1", "dts.aliyuncs.com"),
        ]));
        assert_eq!(regional.len(), 3, "the internal region is left out");
        assert_eq!(fallback.as_deref(), Some("dts.{region_id}.aliyuncs.com"));
        assert_eq!(
            global.as_deref(),
            Some("dts.aliyuncs.com"),
            "a host without a region beside the regional pattern is the global endpoint"
        );
        let (_, fallback, global) = endpoints(&doc(&[
            ("cn-hangzhou", "tds.cn-shanghai.aliyuncs.com"),
            ("cn-beijing", "tds.cn-shanghai.aliyuncs.com"),
            ("ap-southeast-1", "tds.ap-southeast-1.aliyuncs.com\t"),
        ]));
        assert_eq!(fallback.as_deref(), Some("tds.cn-shanghai.aliyuncs.com"));
        assert_eq!(global, None);
        // A global product lists only its public endpoint: that is the host for every region.
        let (regional, fallback, global) = endpoints(&doc(&[("public", "alidns.aliyuncs.com")]));
        assert!(regional.is_empty());
        assert_eq!(fallback.as_deref(), Some("alidns.aliyuncs.com"));
        assert_eq!(global, None, "the fallback needs no region already");
        // The region's label may come first (Log Service).
        let (_, fallback, _) = endpoints(&doc(&[
            ("cn-hangzhou", "cn-hangzhou.log.aliyuncs.com"),
            ("cn-beijing", "cn-beijing.log.aliyuncs.com"),
            ("eu-west-1", "eu-west-1.log.aliyuncs.com"),
        ]));
        assert_eq!(fallback.as_deref(), Some("{region_id}.log.aliyuncs.com"));
    }
}
