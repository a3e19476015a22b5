//! Hostile metadata for `cargo xtask import`, run by `cargo test`: seeded mutations of the real
//! `api-docs.json` of a small product (keys deleted, types changed, values swapped, keys written twice,
//! names that are paths, `$ref` cycles), each imported into a scratch workspace by the `xtask` binary, as
//! `xtask/tests/support` runs it.
//!
//! What must hold for every input: the importer exits with 0 or 1 (never a panic, a signal or a hang),
//! within a time and memory bound; a failed import lists its problems and writes nothing; a successful one
//! writes only below `specs/<module>/`, its specs load with the generator's loader, and importing them
//! again with `--check` finds them fresh. The same input space is fuzzed unbounded in `fuzz/` (`importer`
//! target).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A small seeded generator (xorshift64), so a failure reproduces from its round.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

/// The metadata the mutations start from: the smallest product of `metadata/`.
const METADATA: &str = "metadata/dbs/2019-03-06/api-docs.json";

/// How many operations of it are kept: the smallest ones, so that one import takes a tenth of a second.
const OPERATIONS: usize = 4;

/// How many mutated metadata files `mutated_metadata_imports_or_reports` imports.
const ROUNDS: usize = 60;

/// How long one import may take. An import of these few operations takes about 0.1 s in a debug build;
/// the bound tells a loop from a slow machine.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The address space one import may use, so an input that makes it allocate without bound fails the
/// test instead of the machine.
const MEMORY_KIB: u64 = 2 * 1024 * 1024;

/// JSON whose objects keep their order and may hold a key twice, which `serde_json::Value` cannot.
#[derive(Clone, Debug)]
enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn from_value(v: &Value) -> Json {
        match v {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.to_string()),
            Value::String(s) => Json::String(s.clone()),
            Value::Array(items) => Json::Array(items.iter().map(Json::from_value).collect()),
            Value::Object(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Json::from_value(v)))
                    .collect(),
            ),
        }
    }

    fn write(&self, out: &mut String) {
        let quoted = |s: &str| serde_json::to_string(s).expect("a string");
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => out.push_str(&quoted(s)),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&quoted(k));
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }

    fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    /// The node at `path` (indices into objects' entries and arrays' items).
    fn at(&mut self, path: &[usize]) -> &mut Json {
        let mut node = self;
        for &i in path {
            node = match node {
                Json::Array(items) => &mut items[i],
                Json::Object(entries) => &mut entries[i].1,
                _ => unreachable!("paths lead through containers"),
            };
        }
        node
    }

    /// Every node's path and its name as a person reads it (`apis.StartBackupPlan.parameters[0]`).
    fn paths(&self, here: &mut Vec<usize>, name: &str, out: &mut Vec<(Vec<usize>, String)>) {
        match self {
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    here.push(i);
                    let name = format!("{name}[{i}]");
                    out.push((here.clone(), name.clone()));
                    item.paths(here, &name, out);
                    here.pop();
                }
            }
            Json::Object(entries) => {
                for (i, (k, v)) in entries.iter().enumerate() {
                    here.push(i);
                    let name = if name.is_empty() {
                        k.clone()
                    } else {
                        format!("{name}.{k}")
                    };
                    out.push((here.clone(), name.clone()));
                    v.paths(here, &name, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }
}

/// The smallest product's metadata with only its [`OPERATIONS`] smallest operations.
fn seed() -> Json {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = fs::read_to_string(root.join(METADATA)).expect("metadata");
    let mut doc: Value = serde_json::from_str(&text).expect("metadata is JSON");
    let apis = doc["apis"].as_object_mut().expect("apis");
    let mut sizes: Vec<(usize, String)> = apis
        .iter()
        .map(|(k, v)| (v.to_string().len(), k.clone()))
        .collect();
    sizes.sort();
    let keep: Vec<String> = sizes.into_iter().take(OPERATIONS).map(|(_, k)| k).collect();
    apis.retain(|k, _| keep.contains(k));
    Json::from_value(&doc)
}

/// Values a mutation puts where something else was: every JSON type, and text that is a path, empty,
/// a Rust keyword, a control character or very long.
fn hostile(rng: &mut Rng) -> Json {
    const TEXT: &[&str] = &[
        "",
        " ",
        "../../escape",
        "a/b",
        "..",
        "C:\\x",
        "self",
        "type",
        "Client",
        "2FA",
        "é",
        "\u{0}",
        "\n",
        "object",
        "array",
        "string",
        "integer",
        "boolean",
        "#/components/schemas/Missing",
        "#/components/schemas/Loop",
        "{region_id}",
        "RPC",
        "post",
    ];
    match rng.below(12) {
        0 => Json::Null,
        1 => Json::Bool(rng.below(2) == 0),
        2 => Json::Number(["0", "-1", "1.5", "1e300", "18446744073709551616"][rng.below(5)].into()),
        3 => Json::Array(Vec::new()),
        4 => Json::Object(Vec::new()),
        5 => Json::String("x".repeat(100_000)),
        6 => Json::Object(vec![(
            "$ref".into(),
            Json::String("#/components/schemas/Loop".into()),
        )]),
        _ => Json::String(TEXT[rng.below(TEXT.len())].into()),
    }
}

/// Whether one of two paths leads through the other (they cannot be swapped).
fn nested(a: &[usize], b: &[usize]) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// What a mutation did: its description, and the places (named as the importer names them) it changed.
struct Change {
    what: String,
    places: Vec<String>,
}

/// A node to change: mostly in `apis` (the operations), where most of the importer's work is, else
/// anywhere (product information, endpoints, RAM actions, error codes).
fn pick(all: &[(Vec<usize>, String)], rng: &mut Rng) -> (Vec<usize>, String) {
    let apis: Vec<&(Vec<usize>, String)> =
        all.iter().filter(|(_, n)| n.starts_with("apis.")).collect();
    if !apis.is_empty() && rng.below(4) > 0 {
        apis[rng.below(apis.len())].clone()
    } else {
        all[rng.below(all.len())].clone()
    }
}

/// `doc` with one to three mutations.
fn mutate(doc: &mut Json, rng: &mut Rng) -> Vec<Change> {
    let mut done = Vec::new();
    for _ in 0..=rng.below(3) {
        let mut all = Vec::new();
        doc.paths(&mut Vec::new(), "", &mut all);
        let (path, name) = pick(&all, rng);
        match rng.below(5) {
            0 => {
                let (parent, last) = path.split_at(path.len() - 1);
                match doc.at(parent) {
                    Json::Array(items) => drop(items.remove(last[0])),
                    Json::Object(entries) => drop(entries.remove(last[0])),
                    _ => {}
                }
                done.push(Change {
                    what: format!("deleted {name}"),
                    places: vec![name],
                });
            }
            1 | 2 => {
                let value = hostile(rng);
                done.push(Change {
                    what: format!("{name} = {:.60}", value.text()),
                    places: vec![name],
                });
                *doc.at(&path) = value;
            }
            3 => {
                let (other, other_name) = pick(&all, rng);
                if !nested(&path, &other) {
                    let a = doc.at(&path).clone();
                    let b = std::mem::replace(doc.at(&other), a);
                    *doc.at(&path) = b;
                    done.push(Change {
                        what: format!("swapped {name} and {other_name}"),
                        places: vec![name, other_name],
                    });
                }
            }
            _ => {
                // The key written twice, with the value of some other node.
                let (other, other_name) = pick(&all, rng);
                let value = doc.at(&other).clone();
                let (parent, last) = path.split_at(path.len() - 1);
                if let Json::Object(entries) = doc.at(parent) {
                    let key = entries[last[0]].0.clone();
                    entries.push((key, value));
                    done.push(Change {
                        what: format!("{name} written again with {other_name}"),
                        places: vec![name],
                    });
                }
            }
        }
    }
    done
}

/// The operation all of `places` are in (`apis.<Action>...`), if they are all in one.
fn one_operation(places: &[&str]) -> Option<String> {
    let action = |p: &str| {
        p.strip_prefix("apis.")?
            .split(['.', '['])
            .next()
            .map(str::to_owned)
    };
    let first = action(places.first()?)?;
    places
        .iter()
        .all(|p| action(p).as_ref() == Some(&first))
        .then_some(first)
}

/// A scratch workspace: `metadata/` with the input, `specs/` empty before each import.
struct Scratch {
    /// Holds the workspace and nothing else, so files written beside it are seen.
    outer: PathBuf,
    root: PathBuf,
}

impl Scratch {
    /// A fresh one named after the test (tests run in parallel in one process).
    fn new(test: &str) -> Scratch {
        let outer =
            std::env::temp_dir().join(format!("xtask-fuzz-import-{test}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&outer);
        let root = outer.join("ws");
        fs::create_dir_all(root.join("metadata/dbs/2019-03-06")).expect("scratch");
        Scratch { outer, root }
    }

    fn metadata(&self) -> PathBuf {
        self.root.join(METADATA)
    }

    /// Every file below the workspace (and beside it), relative to the outer folder.
    fn files(&self) -> Vec<String> {
        fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
            for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, base, out);
                } else {
                    let shown = path.strip_prefix(base).unwrap_or(&path);
                    out.push(shown.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.outer, &self.outer, &mut out);
        out.sort();
        out
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.outer);
    }
}

/// What one run of the importer did.
struct Run {
    code: Option<i32>,
    stderr: String,
}

/// Runs `xtask import <args> --root <root>` with [`TIMEOUT`] and, on Unix, [`MEMORY_KIB`] of address
/// space.
fn xtask(root: &Path, args: &[&str]) -> Run {
    let exe = env!("CARGO_BIN_EXE_xtask");
    let mut command = if cfg!(unix) {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
            .arg(exe);
        c
    } else {
        Command::new(exe)
    };
    let mut child = command
        .arg("import")
        .args(args)
        .arg("--root")
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xtask starts");
    // Read standard error on a thread, so a chatty child cannot block on a full pipe.
    let mut pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("xtask import {args:?} ran for more than {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code(),
        stderr: reader.join().expect("stderr"),
    }
}

/// Imports the metadata now in the scratch workspace and checks the outcome; returns whether it was
/// imported.
fn import(scratch: &Scratch, what: &str) -> Result<(), String> {
    let _ = fs::remove_dir_all(scratch.root.join("specs"));
    fs::create_dir_all(scratch.root.join("specs")).expect("specs");
    let metadata = scratch.metadata();
    let metadata = metadata.to_str().expect("utf-8 path");
    let run = xtask(&scratch.root, &[metadata, "--all"]);
    let written: Vec<String> = scratch
        .files()
        .into_iter()
        .filter(|f| f != &format!("ws/{METADATA}"))
        .collect();
    match run.code {
        Some(0) => {
            for file in &written {
                assert!(
                    file.starts_with("ws/specs/dbs/"),
                    "{what}: wrote {file} outside specs/dbs/"
                );
            }
            if let Err(problems) = acs_codegen::load(&scratch.root.join("specs")) {
                panic!("{what}: imported specs that do not load:\n{problems}");
            }
            let again = xtask(&scratch.root, &[metadata, "--all", "--check"]);
            assert!(
                again.code == Some(0),
                "{what}: a second import differs from the first:\n{}",
                again.stderr
            );
            Ok(())
        }
        Some(1) => {
            assert!(
                written.is_empty(),
                "{what}: a failed import wrote {written:?}\n{}",
                run.stderr
            );
            let count = run
                .stderr
                .lines()
                .find_map(|l| l.strip_suffix(" problem(s) found"))
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or_else(|| {
                    panic!("{what}: failed without a problem count:\n{}", run.stderr)
                });
            assert!(count > 0, "{what}: failed with no problem:\n{}", run.stderr);
            Err(run.stderr)
        }
        code => panic!(
            "{what}: xtask import ended with {code:?} (101 is a panic, none a signal):\n{}",
            run.stderr
        ),
    }
}

/// Mutated metadata is imported, or refused with its problems listed; never a panic, a hang, a write
/// outside `specs/<module>/` or a partial write.
#[test]
fn mutated_metadata_imports_or_reports() {
    let scratch = Scratch::new("mutated");
    let original = seed();
    fs::write(scratch.metadata(), original.text()).expect("metadata");
    import(&scratch, "the unmutated metadata").expect("the real metadata imports");
    let mut rng = Rng(0x1e7a_da7a_5eed);
    let (mut imported, mut refused) = (0, 0);
    for round in 0..ROUNDS {
        let mut doc = original.clone();
        let changes = mutate(&mut doc, &mut rng);
        fs::write(scratch.metadata(), doc.text()).expect("metadata");
        let described: Vec<&str> = changes.iter().map(|c| c.what.as_str()).collect();
        let what = format!("round {round} ({})", described.join("; "));
        let stderr = match import(&scratch, &what) {
            Ok(()) => {
                imported += 1;
                continue;
            }
            Err(stderr) => stderr,
        };
        refused += 1;
        // The problems say where: the operation changed, or the very key written twice.
        let places: Vec<&str> = changes
            .iter()
            .flat_map(|c| c.places.iter().map(String::as_str))
            .collect();
        if let Some(action) = one_operation(&places) {
            assert!(
                stderr.contains(&action),
                "{what}: no problem names {action}:\n{stderr}"
            );
        }
        if let [only] = changes.as_slice()
            && only.what.contains(" written again ")
        {
            assert!(
                stderr.contains(&only.places[0]),
                "{what}: no problem names {}:\n{stderr}",
                only.places[0]
            );
        }
    }
    eprintln!("{imported} mutated metadata files imported, {refused} refused");
    // Both outcomes must occur, or the mutations prove nothing.
    assert!(
        imported > 0 && refused > 0,
        "{imported} imported, {refused} refused"
    );
}

/// Sets the value at `keys` of `doc`, making the objects on the way.
fn set(doc: &mut Json, keys: &[&str], value: Json) {
    let mut node = doc;
    for key in keys {
        let Json::Object(entries) = node else {
            panic!("{key} is not in an object");
        };
        let i = match entries.iter().position(|(k, _)| k == key) {
            Some(i) => i,
            None => {
                entries.push(((*key).to_owned(), Json::Object(Vec::new())));
                entries.len() - 1
            }
        };
        node = &mut entries[i].1;
    }
    *node = value;
}

/// The entries of the object at `key` of `doc`.
fn entries<'a>(doc: &'a mut Json, key: &str) -> &'a mut Vec<(String, Json)> {
    let Json::Object(top) = doc else {
        panic!("metadata is an object");
    };
    match top.iter_mut().find(|(k, _)| k == key) {
        Some((_, Json::Object(inner))) => inner,
        _ => panic!("no object {key}"),
    }
}

/// `{"$ref": "#/components/schemas/<to>"}`.
fn reference(to: &str) -> Json {
    Json::Object(vec![(
        "$ref".into(),
        Json::String(format!("#/components/schemas/{to}")),
    )])
}

/// Inputs aimed at what the importer turns into paths and at what it follows: a product code or an
/// operation name that is a path, `$ref` cycles, not JSON at all, another API style.
#[test]
fn aimed_metadata_is_refused_or_imported_safely() {
    let scratch = Scratch::new("aimed");
    let mut original = seed();
    let first_api = entries(&mut original, "apis")[0].0.clone();
    // (what, metadata text, whether importing it is right)
    let mut cases: Vec<(&str, String, bool)> = Vec::new();
    for product in ["../escape", "a/b", "", ".", "Dbs\n"] {
        let mut doc = original.clone();
        set(&mut doc, &["info", "product"], Json::String(product.into()));
        cases.push(("a product code that is a path", doc.text(), false));
    }
    for action in ["../../Escape", "a/b", ".hidden", ""] {
        let mut doc = original.clone();
        entries(&mut doc, "apis")[0].0 = action.to_owned();
        cases.push(("an operation name that is a path", doc.text(), false));
    }
    let looped = |schemas: Vec<(String, Json)>| {
        let mut doc = original.clone();
        set(&mut doc, &["components", "schemas"], Json::Object(schemas));
        // A property of the response: a `$ref` for the whole response is refused before it is followed.
        set(
            &mut doc,
            &[
                "apis",
                &first_api,
                "responses",
                "200",
                "schema",
                "properties",
                "Loop",
            ],
            reference("A"),
        );
        doc.text()
    };
    cases.push((
        "a $ref to itself",
        looped(vec![("A".into(), reference("A"))]),
        false,
    ));
    cases.push((
        "two $refs to each other",
        looped(vec![
            ("A".into(), reference("B")),
            ("B".into(), reference("A")),
        ]),
        false,
    ));
    cases.push((
        "an object that holds itself",
        looped(vec![(
            "A".into(),
            Json::Object(vec![
                ("type".into(), Json::String("object".into())),
                (
                    "properties".into(),
                    Json::Object(vec![("Next".into(), reference("A"))]),
                ),
            ]),
        )]),
        true,
    ));
    for text in [
        "",
        "\u{feff}{}",
        "[]",
        "null",
        "{\"info\":{\"style\":\"ROA\"}}",
    ] {
        cases.push(("not RPC metadata", text.to_owned(), false));
    }
    cases.push((
        "nesting past serde_json's limit",
        "[".repeat(100_000),
        false,
    ));
    for (what, text, may_import) in cases {
        fs::write(scratch.metadata(), &text).expect("metadata");
        let what = format!("{what}: {:.80}", text.replace('\n', "\\n"));
        let outcome = import(&scratch, &what);
        assert!(
            may_import || outcome.is_err(),
            "{what}: imported, but should be refused"
        );
    }
}
