//! The generation cache of `cargo xtask gen`: for each output folder, a manifest under
//! `target/xtask-gen-cache/` recording, for every generated file, the key it was rendered from (see
//! `acs_codegen::emit::cache`) and the hash and length of the text it rendered to.
//!
//! The manifest holds no text: the text of a file whose key is unchanged is the file already in the output
//! folder, taken only if its length and hash are those recorded when it was rendered. So a file edited by
//! hand, deleted, half-written or written by another generator is rendered again (and, under `--check`,
//! reported stale), and a damaged manifest line only costs a render. Nothing is stored in the output
//! folders, and nothing is needed from this cache: with none (a clean clone, `--no-cache`), every file is
//! rendered. What the folder holds also spares the self-check (`known_good`): a rendered text that is the
//! file already there is not parsed a second time, so a clean clone's `gen --check` parses each file once.
//! `--no-cache` opens no cache, so it renders and self-checks every file.
//!
//! The manifest answers only for the generator that wrote it: its first line names the hash of the
//! running binary, so a change to the generator (its code, its dependencies, the compiler) starts over.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use acs_codegen::emit::cache::content_hash;
use acs_codegen::emit::{Cache, Key, KeyHasher};

/// The manifest's first line, before the generator's hash; a new format changes it.
const MAGIC: &str = "acs-gen-cache 1";

/// What the cache knows of one file.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Entry {
    key: Key,
    hash: Key,
    len: usize,
}

/// The cache of one output folder.
pub struct DiskCache {
    /// The output folder, where the cached texts are.
    out: PathBuf,
    manifest: PathBuf,
    generator: Key,
    /// What the manifest said when opened.
    known: HashMap<String, Entry>,
    /// What this run rendered or verified: the next manifest.
    learned: Mutex<BTreeMap<String, Entry>>,
}

/// Identifies the running generator: the hash of its own binary, which changes with its code, its
/// dependencies and its compiler.
pub fn generator() -> io::Result<Key> {
    let exe = std::env::current_exe()?;
    let bytes = fs::read(&exe)?;
    let mut h = KeyHasher::new();
    h.str(MAGIC);
    h.bytes(&bytes);
    Ok(h.finish())
}

impl DiskCache {
    /// The cache of `root/dir`, kept in `root/target/xtask-gen-cache/`. A missing or unreadable manifest,
    /// or one from another generator, is an empty cache.
    pub fn open(root: &Path, dir: &str, generator: Key) -> DiskCache {
        let manifest = root
            .join("target/xtask-gen-cache")
            .join(format!("{}.manifest", dir.replace('/', "__")));
        let known = fs::read_to_string(&manifest)
            .map(|text| parse(&text, generator))
            .unwrap_or_default();
        DiskCache {
            out: root.join(dir),
            manifest,
            generator,
            known,
            learned: Mutex::new(BTreeMap::new()),
        }
    }

    /// Writes what this run learned as the new manifest (entries of files no longer generated are
    /// dropped). Written to a temporary file and renamed, so a reader never sees half a manifest.
    pub fn save(&self) -> io::Result<()> {
        let learned = self
            .learned
            .lock()
            .map_err(|_| io::Error::other("a render worker panicked"))?;
        let mut text = format!("{MAGIC} {}\n", self.generator);
        for (path, e) in learned.iter() {
            text.push_str(&format!("{} {} {} {path}\n", e.key, e.hash, e.len));
        }
        if let Some(parent) = self.manifest.parent() {
            fs::create_dir_all(parent)?;
        }
        let tmp = self
            .manifest
            .with_extension(format!("tmp{}", std::process::id()));
        fs::write(&tmp, text)?;
        fs::rename(&tmp, &self.manifest)
    }

    fn learn(&self, path: &str, entry: Entry) {
        if let Ok(mut learned) = self.learned.lock() {
            learned.insert(path.to_owned(), entry);
        }
    }
}

/// The entries of a manifest written by `generator`; none if it was written by another. A line that does
/// not read is skipped: its file is rendered again.
fn parse(text: &str, generator: Key) -> HashMap<String, Entry> {
    let mut lines = text.lines();
    let header = format!("{MAGIC} {generator}");
    if lines.next() != Some(header.as_str()) {
        return HashMap::new();
    }
    lines
        .filter_map(|line| {
            let mut parts = line.splitn(4, ' ');
            let key = parts.next()?.parse().ok()?;
            let hash = parts.next()?.parse().ok()?;
            let len = parts.next()?.parse().ok()?;
            let path = parts.next()?.to_owned();
            Some((path, Entry { key, hash, len }))
        })
        .collect()
}

impl Cache for DiskCache {
    fn get(&self, path: &str, key: Key) -> Option<String> {
        let entry = *self.known.get(path)?;
        if entry.key != key {
            return None;
        }
        let text = fs::read_to_string(self.out.join(path)).ok()?;
        // The file must be, byte for byte, what this key rendered to; anything else is rendered again.
        if text.len() != entry.len || content_hash(&text) != entry.hash {
            return None;
        }
        self.learn(path, entry);
        Some(text)
    }

    fn put(&self, path: &str, key: Key, text: &str) {
        self.learn(
            path,
            Entry {
                key,
                hash: content_hash(text),
                len: text.len(),
            },
        );
    }

    fn known_good(&self, path: &str, text: &str) -> bool {
        // Length first: a changed file usually changes size, and then it is not read at all.
        fs::metadata(self.out.join(path)).is_ok_and(|m| m.len() == text.len() as u64)
            && fs::read(self.out.join(path)).is_ok_and(|disk| disk == text.as_bytes())
    }
}

/// A cache seen through a folder: `path` is asked as `prefix/path` (a fixture product's files are
/// emitted relative to its own folder).
pub struct Prefixed<'a> {
    pub inner: &'a dyn Cache,
    pub prefix: String,
}

impl Cache for Prefixed<'_> {
    fn get(&self, path: &str, key: Key) -> Option<String> {
        self.inner.get(&format!("{}/{path}", self.prefix), key)
    }

    fn put(&self, path: &str, key: Key, text: &str) {
        self.inner
            .put(&format!("{}/{path}", self.prefix), key, text)
    }

    fn known_good(&self, path: &str, text: &str) -> bool {
        self.inner
            .known_good(&format!("{}/{path}", self.prefix), text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-cache-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("out")).expect("scratch dir");
        dir
    }

    #[test]
    fn knows_good_only_the_text_already_on_disk() {
        let root = scratch("k");
        let cache = DiskCache::open(&root, "out", Key(7));
        fs::write(root.join("out/a.rs"), "fn a() {}\n").expect("write");
        assert!(cache.known_good("a.rs", "fn a() {}\n"));
        assert!(
            !cache.known_good("a.rs", "fn b() {}\n"),
            "same length, other text"
        );
        assert!(!cache.known_good("a.rs", "fn a() {}\n\n"), "longer");
        assert!(!cache.known_good("b.rs", "fn a() {}\n"), "no such file");
        let prefixed = Prefixed {
            inner: &cache,
            prefix: "sub".to_owned(),
        };
        fs::create_dir_all(root.join("out/sub")).expect("dir");
        fs::write(root.join("out/sub/c.rs"), "fn c() {}\n").expect("write");
        assert!(prefixed.known_good("c.rs", "fn c() {}\n"));
        assert!(
            !prefixed.known_good("a.rs", "fn a() {}\n"),
            "under its prefix only"
        );
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn answers_only_with_the_file_it_rendered() {
        let root = scratch("a");
        let generator = Key(7);
        let key = Key(42);
        let cache = DiskCache::open(&root, "out", generator);
        assert_eq!(cache.get("a.rs", key), None, "empty at first");
        cache.put("a.rs", key, "fn a() {}\n");
        cache.save().expect("save");
        fs::write(root.join("out/a.rs"), "fn a() {}\n").expect("write");

        let cache = DiskCache::open(&root, "out", generator);
        assert_eq!(cache.get("a.rs", key).as_deref(), Some("fn a() {}\n"));
        assert_eq!(cache.get("a.rs", Key(43)), None, "another key");
        assert_eq!(
            DiskCache::open(&root, "out", Key(8)).get("a.rs", key),
            None,
            "another generator"
        );

        // Edited by hand, same length: the hash tells.
        fs::write(root.join("out/a.rs"), "fn b() {}\n").expect("write");
        assert_eq!(cache.get("a.rs", key), None);
        fs::remove_file(root.join("out/a.rs")).expect("remove");
        assert_eq!(cache.get("a.rs", key), None);

        // A damaged manifest is an empty (or smaller) cache, never an error.
        fs::write(root.join("out/a.rs"), "fn a() {}\n").expect("write");
        let manifest = root.join("target/xtask-gen-cache/out.manifest");
        let text = fs::read_to_string(&manifest).expect("manifest");
        fs::write(&manifest, text.replace(" 10 ", " x ")).expect("write");
        assert_eq!(
            DiskCache::open(&root, "out", generator).get("a.rs", key),
            None
        );
        fs::write(&manifest, &text[..text.len() / 2]).expect("write");
        assert_eq!(
            DiskCache::open(&root, "out", generator).get("a.rs", key),
            None
        );
        let _ = fs::remove_dir_all(&root);
    }
}
