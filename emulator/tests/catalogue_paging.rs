//! Every paginated operation of the catalogue (every spec with a `paginator:`), paged through the emulator
//! by the runtime's type-erased `DynPaginator` (what `acs … --all-pages` uses), with no code per
//! operation: the emulator plays `Paging::from_spec(45)`, so it reads the list, the page, token or
//! offset and size parameters, the first page and the totals from the same `paginator:` the generated
//! paginator was made from, and the listing must come back whole, each of its 45 distinct items exactly
//! once, with 20 items a page (45 is not a multiple of it) and with the page size left to its default. A
//! paginator and an emulator that disagree on where pages start lose a page; one that stops early or
//! never stops fails.

mod support;

use std::collections::BTreeSet;

use acs_codegen::spec::conform::Names;
use acs_codegen::spec::model::{FieldSpec, TypeName};
use acs_codegen::spec::paths::resolve;
use acs_emulator::{Paging, Running, Scenario};
use acs_runtime::codec::{View, decode_into, to_json};
use acs_runtime::{CallConfig, DynPaginator, OperationInfo, TryStreamExt};
use serde_json::{Value, json};
use support::wire::{self, Op, real_specs, spec_of};
use support::*;

/// Items in every listing: not a multiple of [`PAGE_SIZE`], so the last page is a partial one.
const TOTAL: usize = 45;
/// The page size asked for explicitly.
const PAGE_SIZE: i64 = 20;

/// Operations that cannot be paged through the emulator, each with why. An entry that starts working
/// fails the test, so the list cannot go stale.
const EXCEPTIONS: &[(&str, &str)] = &[(
    "ListIngestProcessors",
    "its items are Log Service's `IngestProcessor`, a schema the metadata gives no members: nothing \
     can tell one item from another (the paging itself is the other offset listings')",
)];

/// Where an item's distinct identity is.
#[derive(Clone, Debug)]
enum Id {
    /// The item itself (a list of names or numbers, which the emulator makes distinct).
    Item,
    /// This member of the item (which the scenario's `id_field` makes distinct).
    Field(String),
}

#[tokio::test]
async fn every_paginated_operation_returns_every_item_exactly_once() {
    let ops = wire::operations(&real_specs());
    let registry: Vec<&'static OperationInfo> = acs_sdk::registry::operations()
        .into_iter()
        .filter(|i| i.paging.is_some())
        .collect();
    let mut declared: Vec<&str> = (ops.iter())
        .filter(|o| o.spec.paginator.is_some())
        .map(|o| o.spec.name.as_str())
        .collect();
    let mut registered: Vec<&str> = registry.iter().map(|i| i.action).collect();
    declared.sort_unstable();
    registered.sort_unstable();
    assert_eq!(
        registered, declared,
        "a paginator per spec that declares one"
    );
    let by_token = (registry.iter())
        .filter(|i| i.paging.is_some_and(|p| p.token.is_some()))
        .count();
    assert!(
        registry.len() > 200,
        "the whole catalogue: {}",
        registry.len()
    );
    assert!(
        (1..registry.len()).contains(&by_token),
        "page-number and token paging both covered ({by_token} by token)"
    );
    let by_offset = (registry.iter())
        .filter(|i| i.paging.is_some_and(|p| p.offset.is_some()))
        .count();
    assert!(by_offset > 0, "offset paging covered (Log Service)");

    let mut builder = config();
    let mut cases = Vec::new();
    let mut failures = Vec::new();
    for info in &registry {
        let op = spec_of(&ops, info);
        match id_of(op) {
            Ok(id) => {
                let mut paging = Paging::from_spec(TOTAL);
                if let Id::Field(f) = &id {
                    paging = paging.id_field(f);
                }
                // Keyed by module and action: products share action names (`ListAsynJobs` of ALB
                // and NLB), and each pages its own way.
                let key = format!("{}:{}", info.service.module, info.action);
                builder = builder.scenario(key, Scenario::paged(paging));
                cases.push((*info, op, id));
            }
            Err(why) => failures.push((info.action, why)),
        }
    }
    let emu = start(builder).await;
    let client = sdk(&emu, 1).runtime().clone();
    for (info, op, id) in &cases {
        for size in [Some(PAGE_SIZE), None] {
            if let Err(why) = page_through(&emu, &client, info, op, id, size).await {
                failures.push((info.action, why));
            }
            emu.clear_exchanges();
        }
    }

    for (action, why) in EXCEPTIONS {
        assert!(
            failures.iter().any(|(a, _)| a == action),
            "{action} is excepted ({why}) but pages correctly: remove it from EXCEPTIONS"
        );
    }
    failures.retain(|(a, _)| !EXCEPTIONS.iter().any(|(e, _)| e == a));
    let failing: BTreeSet<&str> = failures.iter().map(|(a, _)| *a).collect();
    let report: Vec<String> = failures
        .iter()
        .map(|(a, why)| format!("{a}: {why}"))
        .collect();
    assert!(
        report.is_empty(),
        "{} of {} paginated operations lose or repeat items:\n{}",
        failing.len(),
        registry.len(),
        report.join("\n")
    );
}

/// Pages through `info` with `size` items a page (or the default) and checks every item came once.
async fn page_through(
    emu: &Running,
    client: &acs_runtime::Client,
    info: &'static OperationInfo,
    op: &Op,
    id: &Id,
    size: Option<i64>,
) -> Result<(), String> {
    let paging = info.paging.ok_or("no paginator")?;
    let what = |m: String| format!("page size {size:?}: {m}");
    let mut input = (info.new_input)();
    decode_into(&input_of(op, paging.first).to_string(), &mut *input)
        .map_err(|e| what(format!("the sample does not decode: {e}")))?;
    let mut paginator = DynPaginator::new(client.clone(), info, input, CallConfig::new());
    if let Some(n) = size {
        // Within the sizes the operation documents (ECS's renewal listing takes 30 to 200 a page).
        paginator = paginator.page_size(documented_size(op, paging.size, n));
    }
    let pages: Vec<_> = (paginator.max_pages(2 * TOTAL).send().try_collect().await)
        .map_err(|e| what(format!("{e}")))?;
    let mut ids = Vec::new();
    for page in &pages {
        let page: Value = serde_json::from_str(&to_json(View::Shape(&**page))).expect("JSON");
        let items = (paging.items.split('.'))
            .try_fold(&page, |v, key| v.get(key))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for item in items {
            let key = match id {
                Id::Item => Some(item.to_string()),
                Id::Field(f) => item.get(f).map(Value::to_string),
            };
            ids.push(key.ok_or_else(|| what(format!("an item without its id: {item}")))?);
        }
    }
    let distinct: BTreeSet<&String> = ids.iter().collect();
    let asked: Vec<String> = (emu.exchanges().iter())
        .map(|x| {
            let page = (paging.page.or(paging.token).or(paging.offset)).unwrap_or("");
            format!("{page}={}", x.param(page).unwrap_or("-"))
        })
        .collect();
    if ids.len() != TOTAL || distinct.len() != TOTAL {
        return Err(what(format!(
            "{} items, {} distinct, of {TOTAL} (pages asked: {})",
            ids.len(),
            distinct.len(),
            asked.join(" ")
        )));
    }
    Ok(())
}

/// The spec's sample input without the paging parameters (the paginator sets them), except a required
/// one: a required page number starts at the first page, a required offset at 0, a required size keeps
/// the sample's value.
fn input_of(op: &Op, first: i64) -> Value {
    let mut sample = op.sample();
    let Some(p) = &op.spec.paginator else {
        return sample;
    };
    let required = |name: &str| op.spec.request.iter().any(|f| f.name == name && f.required);
    if let Value::Object(map) = &mut sample {
        for name in [&p.page, &p.token, &p.offset, &p.size]
            .into_iter()
            .flatten()
        {
            if !required(name) {
                map.remove(name);
            }
        }
        if let Some(page) = p.page.as_deref().filter(|n| required(n)) {
            map.insert(page.to_owned(), json!(first));
        }
        // A listing read whole starts at its first item.
        if let Some(offset) = p.offset.as_deref().filter(|n| required(n)) {
            map.insert(offset.to_owned(), json!(0));
        }
    }
    sample
}

/// Where the items of `op` can be told apart: the items themselves when they are text or numbers, else
/// a member of the item's shape the emulator can make distinct and the client decodes (text, or a whole
/// number, of the kind the example gives, preferring one the example has); or why there is none.
fn id_of(op: &Op) -> Result<Id, String> {
    let p = op.spec.paginator.as_ref().ok_or("no paginator")?;
    let names = op.names();
    let list = resolve(&op.spec.response.fields, &p.items, &|n| names.shape(n))?;
    let item = list.items.as_deref().ok_or("the list has no item type")?;
    match item.ty {
        TypeName::String | TypeName::Integer | TypeName::Long => return Ok(Id::Item),
        TypeName::Object => {}
        other => return Err(format!("items of type {other:?} cannot be made distinct")),
    }
    let shape = (item.shape.as_deref())
        .and_then(|s| names.shape(s))
        .ok_or("the item has no shape")?;
    let example = op.example();
    let template = (p.items.split('.'))
        .try_fold(&example, |v, key| v.get(key))
        .and_then(|l| l.get(0))
        .cloned()
        .unwrap_or_else(|| json!({}));
    let fits = |f: &&FieldSpec| {
        f.enum_name.is_none()
            && match (f.ty, template.get(&f.name)) {
                (TypeName::String, None | Some(Value::String(_))) => true,
                (TypeName::Integer | TypeName::Long, None) => true,
                (TypeName::Integer | TypeName::Long, Some(Value::Number(n))) => n.is_i64(),
                _ => false,
            }
    };
    (shape.fields.iter())
        .filter(fits)
        .min_by_key(|f| template.get(&f.name).is_none())
        .map(|f| Id::Field(f.name.clone()))
        .ok_or_else(|| "no member of the item can carry a distinct id".to_owned())
}

/// `wanted`, moved into the page-size parameter's documented range.
fn documented_size(op: &Op, size: Option<&str>, wanted: i64) -> i64 {
    let range = size
        .and_then(|name| op.spec.request.iter().find(|f| f.name == name))
        .and_then(|f| f.range);
    let low = range
        .and_then(|r| r.min)
        .map_or(wanted, |m| m.ceil() as i64);
    let high = range
        .and_then(|r| r.max)
        .map_or(wanted, |m| m.floor() as i64);
    wanted.max(low).min(high.max(low))
}
