//! Operations described by data instead of generated types: a product's *catalogue*, the text
//! `cargo xtask gen` writes beside the generated crates (`generated/catalog/<module>.txt`), read at run
//! time into the same [`OperationInfo`](crate::OperationInfo)s, field tables and help that generated code
//! compiles in. A program that calls operations by name (the `acs` command line) embeds the catalogue and
//! compiles no per-operation Rust at all; inputs and outputs are [`Object`]s, which the codec reads,
//! checks, flattens and writes with the same code as generated types.
//!
//! # The format
//!
//! UTF-8 text, one record per line, columns separated by tabs. Texts (docs, notes, paths, statuses) escape
//! `\` as `\\`, newline as `\n`, tab as `\t`, carriage return as `\r` and the list separator U+001F as
//! `\u`; a column holding a list separates its items with U+001F. An empty optional column means
//! "absent". Lines starting with `#` are comments (the generator's "do not edit" preamble). The first
//! other line is [`MAGIC`]; then:
//!
//! | record | columns |
//! |---|---|
//! | `product` | module, product code, API version, `1` if RESTful else `0`, signing (`acs` or `log`), number of operations |
//! | `region` | region id, host |
//! | `fallback` / `global` | host |
//! | `struct` | name of an object type; its `field` lines follow |
//! | `field` | a field-table line as `acs_runtime::shape!` takes it (wire name, Rust name, modifiers), its type |
//! | `op` | action, HTTP method, path template, RAM action, flags (`d` deprecated, `a` anonymous) |
//! | `summary` / `doc` | the operation's one-line summary / whole documentation (Markdown) |
//! | `input` / `output` | the name of the operation's input / output type; its `field` lines follow |
//! | `param` | after an input field: its flag, help kind, `1` if a list, documentation |
//! | `value` | after a `param`: one documented value, the SDK's variant name, its meaning |
//! | `rule` | `at_most_one`, `at_least_one` or `exactly_one`, the parameters, the note |
//! | `paging` | page parameter, first page, token parameter, next token, offset parameter, size parameter, items, total, pages (as [`Paging`](crate::Paging)) |
//! | `wait` | name, doc, status, success, failure, progress, counted done, counted total (as [`Waiting`](crate::Waiting)) |
//! | `items` | after a `wait`: list, total, name, status, message, repair, done, failed, warning |
//!
//! Types: `s` text, `e` string enum, `i` `i32`, `l` `i64`, `f` `f64`, `b` `bool`, `t` timestamp, `j`
//! JSON text in a string, `a` any JSON, `[T` a list of `T`, `{T` a map of `T`, `@Name` a `struct` of the
//! product.

mod catalog;
mod object;

pub use catalog::{CatalogError, Header, MAGIC, Product, header, parse, unescape};
pub use object::{Kind, Object, TypeDef};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{self, Location, Params, View, flatten, to_json};
    use crate::validate::Validator;

    const TEXT: &str = "# a comment
acs-catalog 1
product\tdemo\tDemo\t2020-01-01\t0\tacs\t2
region\tcn-hangzhou\tdemo.cn-hangzhou.aliyuncs.com
fallback\tdemo.{region_id}.aliyuncs.com
struct\tTag
field\tKey key required\ts
field\tValue value\ts
op\tCreateJob\tPOST\t\tdemo:CreateJob\t
summary\tCreates a job.
doc\tCreates a job.\\n\\nWith \\\\ and a tab\\t.
input\tCreateJobInput
field\tName name required max_length=3\ts
param\tname\tText\t0\tThe name.
field\tTag tag\t[@Tag
param\ttag\tJson\t1\tTags.
field\tMode mode\te
param\tmode\tText\t0\tThe mode.
value\tfast\tFast\tQuick.
value\tslow\tSlow\t
field\tIds ids json\t[l
param\tids\tInteger\t1\tIds.
rule\tat_most_one\tName\u{1f}Mode\tOne of them.
output\tCreateJobOutput
field\tJobId job_id\ts
field\tRequestId request_id\ts
op\tDescribeJobs\tGET\t\t\td
summary\tLists jobs.
doc\tLists jobs.
input\tDescribeJobsInput
field\tPageNumber page_number\ti
param\tpage-number\tInteger\t0\tThe page.
output\tDescribeJobsOutput
field\tJobs jobs\t[s
field\tTotalCount total_count\ti
field\tStatus status\te
paging\tPageNumber\t1\t\t\t\t\tJobs\tTotalCount\t
wait\tDone\tWaits.\tStatus\tOk\u{1f}Fine\tFailed\t\t\t
";

    #[test]
    fn reads_a_product_like_generated_code() {
        let head = header(TEXT).unwrap();
        assert_eq!(
            (head.module, head.version, head.operations),
            ("demo", "2020-01-01", 2)
        );
        let p = parse(TEXT).unwrap();
        assert_eq!(
            p.service.resolve_endpoint(Some("cn-hangzhou")).unwrap(),
            "demo.cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(
            p.service.resolve_endpoint(Some("eu-west-1")).unwrap(),
            "demo.eu-west-1.aliyuncs.com"
        );
        let create = p.find("CreateJob").unwrap();
        assert_eq!(create.ram_action, Some("demo:CreateJob"));
        assert_eq!(create.rules[0].fields, ["Name", "Mode"]);
        let help = p.help("CreateJob").unwrap();
        assert_eq!(help.doc, "Creates a job.\n\nWith \\ and a tab\t.");
        assert_eq!(help.params.len(), 4);
        assert!(help.params[0].required && help.params[0].name == "Name");
        assert!(help.params[1].list);
        let values: Vec<&str> = help.params[2].values.iter().map(|v| v.value).collect();
        assert_eq!(values, ["fast", "slow"]);

        let mut input = (create.new_input)();
        codec::decode_into(
            r#"{"Name":"abcd","Tag":[{"Key":"k","Value":"v"}],"Mode":"fast","Ids":[1,2]}"#,
            &mut *input,
        )
        .unwrap();
        let params: Params = flatten(&*input);
        assert_eq!(
            params.query,
            [
                ("Name".to_owned(), "abcd".to_owned()),
                ("Tag.1.Key".to_owned(), "k".to_owned()),
                ("Tag.1.Value".to_owned(), "v".to_owned()),
                ("Mode".to_owned(), "fast".to_owned()),
                ("Ids".to_owned(), "[1,2]".to_owned()),
            ]
        );
        let mut v = Validator::new("CreateJob");
        codec::check(&*input, create.rules, &mut v);
        let problems = v.finish().unwrap_err().to_string();
        assert!(problems.contains("Name"), "{problems}");
        assert_eq!(input.fields()[0].location, Location::Query);

        let list = p.find("DescribeJobs").unwrap();
        assert!(list.deprecated && list.paging.unwrap().page == Some("PageNumber"));
        assert_eq!(list.waiters[0].success, ["Ok", "Fine"]);
        let mut out = (list.new_output)();
        codec::decode_with_envelope(r#"{"Jobs":["a"],"TotalCount":"2","X":1}"#, &mut *out).unwrap();
        assert_eq!(
            to_json(View::Shape(&*out)),
            r#"{"Jobs":["a"],"TotalCount":2}"#
        );
    }

    #[test]
    fn a_broken_catalogue_names_its_line() {
        let err = parse("acs-catalog 2\n").unwrap_err();
        assert_eq!(err.line, 1);
        let broken = TEXT.replace("[@Tag", "[@Nope");
        let err = parse(Box::leak(broken.into_boxed_str())).unwrap_err();
        assert!(err.to_string().contains("no type named `Nope`"), "{err}");
        assert_eq!(err.line, 15);
        let broken = TEXT.replace("\t2\n", "\t3\n");
        let err = parse(Box::leak(broken.into_boxed_str())).unwrap_err();
        assert!(err.message.contains("counts 3"), "{err}");
        let broken = TEXT.replace("GET", "FETCH");
        assert!(parse(Box::leak(broken.into_boxed_str())).is_err());
    }
}
