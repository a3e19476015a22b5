//! Tests of the codec as a whole, on the hand-written types of `test_types`: decoding, re-encoding,
//! flattening and checking.

use std::collections::BTreeMap;

use super::test_types::{Db, Resp};
use super::*;
use crate::validate::Validator;

fn decode(text: &str) -> Result<Resp, DecodeError> {
    from_json::<Resp>(text).map(Option::unwrap_or_default)
}

#[test]
fn objects_round_trip_with_unknown_keys_skipped() {
    let body = r#"{"RequestId":"R1","Total":"7","Unknown":{"deep":[1,2,{"x":null}]},"Dbs":[{"DBName":"a","Size":16},{"DBName":"b"}],"Created":1647417694,"Ratio":16,"Tags":{"k":"v","a":"b"},"Extra":{"n":16.0,"m":[null]},"Parent":{"RequestId":"P","Parent":{"Total":1}}}"#;
    let r = decode(body).unwrap();
    assert_eq!(r.total, Some(7));
    assert_eq!(r.dbs.as_ref().unwrap()[0].size, Some(16));
    assert_eq!(
        r.parent.as_ref().unwrap().parent.as_ref().unwrap().total,
        Some(1)
    );
    let again = to_json(r.view());
    let want = body
        .replace(r#""Unknown":{"deep":[1,2,{"x":null}]},"#, "")
        .replace(r#""Total":"7""#, r#""Total":7"#)
        .replace(r#"{"k":"v","a":"b"}"#, r#"{"a":"b","k":"v"}"#)
        // Maps and arbitrary JSON come back sorted by key.
        .replace(r#"{"n":16.0,"m":[null]}"#, r#"{"m":[null],"n":16.0}"#);
    assert_eq!(again, want);
    // Absent values: null, "" for lists and objects.
    let r = decode(r#"{"Dbs":"","Parent":null,"Tags":null,"Total":""}"#).unwrap();
    assert_eq!(r, Resp::default());
    assert_eq!(to_json(r.view()), "{}");
}

#[test]
fn decode_errors_name_the_path() {
    let e = decode(r#"{"Dbs":[{"DBName":"a"},{"Size":"many"}]}"#).unwrap_err();
    assert_eq!(e.path(), "Dbs[1].Size");
    assert!(e.message().contains("many"), "{e}");
    let e = decode(r#"{"Parent":{"Dbs":{"DBName":"x"}}}"#).unwrap_err();
    assert_eq!(e.path(), "Parent.Dbs");
    assert_eq!(
        decode("[1]").unwrap_err().message(),
        "expected an object, found an array"
    );
    assert!(decode(r#"{"Total":1} x"#).is_err());
    assert!(decode(r#"{"Dbs":[null]}"#).is_err());
}

#[test]
fn envelope_is_captured_in_the_same_pass() {
    let body = r#"{"RequestId":"R9","Success":false,"ErrCode":"Throttling","Total":3,"HttpStatusCode":400}"#;
    let mut r = Resp::default();
    let envelope = decode_with_envelope(body, &mut r).unwrap();
    assert_eq!(r.request_id.as_deref(), Some("R9"));
    assert_eq!(r.total, Some(3));
    assert_eq!(envelope.raw("RequestId"), Some(r#""R9""#));
    assert_eq!(envelope.raw("Success"), Some("false"));
    assert_eq!(envelope.raw("ErrCode"), Some(r#""Throttling""#));
    assert_eq!(envelope.raw("HttpStatusCode"), Some("400"));
    assert_eq!(envelope.raw("Total"), None);
    assert_eq!(envelope.entries().len(), 4);
}

#[test]
fn flattening_follows_the_official_sdks() {
    let r = Resp {
        request_id: Some("a b".into()),
        total: Some(5),
        dbs: Some(vec![
            Db {
                db_name: Some("x".into()),
                size: Some(2),
            },
            Db {
                db_name: Some("y".into()),
                size: None,
            },
        ]),
        ratio: Some(16.0),
        tags: Some(BTreeMap::from([("k".to_owned(), "v".to_owned())])),
        extra: Some(serde_json::json!({"a": [1, {"b": true}], "n": null})),
        parent: Some(Box::new(Resp {
            total: Some(1),
            ..Resp::default()
        })),
        ..Resp::default()
    };
    let p = flatten(&r);
    let pairs: Vec<(&str, &str)> = p
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("RequestId", "a b"),
            ("Total", "5"),
            ("Dbs.1.DBName", "x"),
            ("Dbs.1.Size", "2"),
            ("Dbs.2.DBName", "y"),
            ("Ratio", "16"),
            ("Tags.k", "v"),
            ("Extra.a.1", "1"),
            ("Extra.a.2.b", "true"),
            ("Parent.Total", "1"),
        ]
    );
    assert!(p.form.is_empty());
}

/// An input whose fields use every style and location.
#[derive(Debug, Default)]
struct Styled {
    ids: Option<Vec<i64>>,
    names: Option<Vec<String>>,
    dbs: Option<Vec<Db>>,
    raw: Option<String>,
    flag: Option<bool>,
}

const STYLED: &[Field] = &[
    Field::new("Ids", "ids").style(Style::Json),
    Field::new("Names", "names").style(Style::Simple),
    Field::new("Dbs", "dbs").style(Style::Json).form(),
    Field::new("Raw", "raw").style(Style::Json).form(),
    Field::new("Flag", "flag").form(),
];

impl Shape for Styled {
    fn fields(&self) -> &'static [Field] {
        STYLED
    }
    fn slots<'s>(&'s self, f: &mut dyn FnMut(&[&'s dyn Slot])) {
        f(&[&self.ids, &self.names, &self.dbs, &self.raw, &self.flag])
    }
    fn slots_mut(&mut self, f: &mut dyn FnMut(&mut [&mut dyn Slot])) {
        f(&mut [
            &mut self.ids,
            &mut self.names,
            &mut self.dbs,
            &mut self.raw,
            &mut self.flag,
        ])
    }
}

#[test]
fn json_simple_and_form_styles() {
    let s = Styled {
        ids: Some(vec![58, 59]),
        names: Some(vec!["a".into(), "b c".into()]),
        dbs: Some(vec![Db {
            db_name: Some("x".into()),
            size: Some(1),
        }]),
        raw: Some(r#"{"k":1}"#.into()),
        flag: Some(false),
    };
    let p = flatten(&s);
    assert_eq!(
        p.query,
        [
            ("Ids".to_owned(), "[58,59]".to_owned()),
            ("Names".to_owned(), "a,b c".to_owned())
        ]
    );
    assert_eq!(
        p.form,
        [
            ("Dbs".to_owned(), r#"[{"DBName":"x","Size":1}]"#.to_owned()),
            ("Raw".to_owned(), r#"{"k":1}"#.to_owned()),
            ("Flag".to_owned(), "false".to_owned()),
        ]
    );
    let empty = Styled {
        names: Some(vec![]),
        ..Styled::default()
    };
    assert_eq!(flatten(&empty), Params::default());
}

#[test]
fn checks_name_the_parameter_as_sent() {
    let r = Resp {
        request_id: Some("far too long".into()),
        total: Some(500),
        dbs: Some(vec![
            Db {
                db_name: Some("ok".into()),
                size: None,
            },
            Db::default(),
            Db {
                db_name: Some("  ".into()),
                size: None,
            },
            Db::default(),
        ]),
        parent: Some(Box::new(Resp {
            dbs: Some(vec![Db::default()]),
            ..Resp::default()
        })),
        ..Resp::default()
    };
    let rules = [Rule {
        kind: RuleKind::ExactlyOne,
        fields: &["Ratio", "Extra"],
        note: "pick one",
    }];
    let mut v = Validator::new("Op");
    check(&r, &rules, &mut v);
    let e = v.finish().unwrap_err();
    assert_eq!(
        e.problems(),
        [
            "length of RequestId must be at most 8 (got 12)",
            "Total must be between 1 and 100 (got 500)",
            "number of items of Dbs must be at most 3 (got 4)",
            "Dbs.2.DBName is required",
            "Dbs.3.DBName is required",
            "Dbs.4.DBName is required",
            "Parent.Dbs.1.DBName is required",
            "exactly one of Ratio, Extra must be set (none is set): pick one",
        ]
    );
    let mut v = Validator::new("Op");
    check(&Resp::default(), &[], &mut v);
    assert!(v.is_ok());
}

fn input(text: &str) -> Result<super::test_types::Dotted, DecodeError> {
    let mut out = super::test_types::Dotted::default();
    decode_into(text, &mut out).map(|()| out)
}

#[test]
fn input_takes_dotted_names_flat_or_nested() {
    let flat = input(r#"{"SourceEndpoint.IP":"10.0.0.1","SourceEndpoint.Port":"3306","MigrationMode.DataInitialization":true,"A.B.C":"x"}"#).unwrap();
    let nested = input(r#"{"SourceEndpoint":{"IP":"10.0.0.1","Port":3306},"MigrationMode":{"DataInitialization":true},"A":{"B":{"C":"x"}}}"#).unwrap();
    assert_eq!(flat, nested);
    assert_eq!(nested.ip.as_deref(), Some("10.0.0.1"));
    assert_eq!(nested.port, Some(3306));
    assert_eq!(nested.deep.as_deref(), Some("x"));
    // Half one way, half the other; and a half-nested group.
    let mixed = input(r#"{"SourceEndpoint":{"IP":"10.0.0.1"},"SourceEndpoint.Port":3306,"MigrationMode.DataInitialization":"true","A":{"B.C":"x"}}"#).unwrap();
    assert_eq!(mixed, nested);
    // Flattened on the wire as the official SDKs do, whichever form came in.
    let p = flatten(&nested);
    assert!(
        p.query
            .contains(&("SourceEndpoint.IP".to_owned(), "10.0.0.1".to_owned())),
        "{p:?}"
    );
    assert!(
        p.query.contains(&("A.B.C".to_owned(), "x".to_owned())),
        "{p:?}"
    );
}

#[test]
fn input_refuses_unknown_keys_with_their_path() {
    let e = input(r#"{"SourceEndpoint":{"IPP":"x"}}"#).unwrap_err();
    assert_eq!(e.path(), "SourceEndpoint.IPP");
    assert_eq!(
        e.message(),
        "no member named `SourceEndpoint.IPP`; did you mean `SourceEndpoint.IP`?"
    );
    let e = input(r#"{"Dbs":[{"DBName":"a"},{"DbName":"b","Sise":1}]}"#).unwrap_err();
    assert_eq!(e.path(), "Dbs[1].DbName");
    assert!(e.message().contains("did you mean `DBName`?"), "{e}");
    let e = input(r#"{"Nothing":1}"#).unwrap_err();
    assert!(
        e.message()
            .starts_with("no member named `Nothing`; known: SourceEndpoint.IP, "),
        "{e}"
    );
    // A group given as something other than an object is an unknown key too, not a silent drop.
    assert!(input(r#"{"SourceEndpoint":"10.0.0.1"}"#).is_err());
    // Responses stay lenient: services add fields before documenting them.
    let mut out = super::test_types::Dotted::default();
    decode_with_envelope(r#"{"Nothing":1,"SourceEndpoint":{"IP":"y"}}"#, &mut out).unwrap();
    assert_eq!(out.ip.as_deref(), Some("y"));
}

#[test]
fn simple_lists_take_comma_joined_text() {
    let joined = input(r#"{"Ids":"s102h7rf5anq,s2","Numbers":"1,22"}"#).unwrap();
    let listed = input(r#"{"Ids":["s102h7rf5anq","s2"],"Numbers":[1,22]}"#).unwrap();
    assert_eq!(joined, listed);
    assert_eq!(
        flatten(&joined).query[0],
        ("Ids".to_owned(), "s102h7rf5anq,s2".to_owned())
    );
    assert_eq!(
        input(r#"{"Ids":"one"}"#).unwrap().ids,
        Some(vec!["one".to_owned()])
    );
    assert_eq!(input(r#"{"Ids":""}"#).unwrap().ids, None);
    let e = input(r#"{"Numbers":"1,x"}"#).unwrap_err();
    assert_eq!(e.path(), "Numbers[1]");
}
