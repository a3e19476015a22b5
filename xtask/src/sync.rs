//! Makes a folder hold exactly a set of generated files (rust-analyzer's `ensure_file_contents`, for a
//! whole folder): writes what differs and removes what is no longer generated, or in check mode only
//! reports it.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use acs_codegen::Files;

/// Brings `root/dir` in line with `files`; returns one line per file that was (or, when `check`, would be)
/// written or removed.
pub fn sync(root: &Path, dir: &str, files: &Files, check: bool) -> io::Result<Vec<String>> {
    let base = root.join(dir);
    let mut changes = Vec::new();
    for (path, text) in files {
        let target = base.join(path);
        let current = fs::read_to_string(&target).ok();
        if current.as_deref() == Some(text.as_str()) {
            continue;
        }
        let verb = if current.is_some() {
            "updated"
        } else {
            "created"
        };
        changes.push(format!("{verb} {dir}/{path}"));
        if !check {
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&target, text)?;
        }
    }
    let wanted: BTreeSet<PathBuf> = files.keys().map(|p| base.join(p)).collect();
    for existing in walk(&base)? {
        if !wanted.contains(&existing) {
            let shown = existing
                .strip_prefix(root)
                .unwrap_or(&existing)
                .display()
                .to_string();
            changes.push(format!("removed {shown} (no longer generated)"));
            if !check {
                fs::remove_file(&existing)?;
            }
        }
    }
    if !check {
        remove_empty_dirs(&base)?;
    }
    Ok(changes)
}

/// Every file below `dir` (none if it does not exist), sorted.
fn walk(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn remove_empty_dirs(dir: &Path) -> io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            remove_empty_dirs(&path)?;
            if fs::read_dir(&path)?.next().is_none() {
                fs::remove_dir(&path)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-sync-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    #[test]
    fn writes_reports_and_removes() {
        let root = scratch("a");
        let mut files = Files::new();
        files.insert("src/lib.rs".to_owned(), "fresh".to_owned());
        fs::create_dir_all(root.join("out/src/old")).expect("dir");
        fs::write(root.join("out/src/old/gone.rs"), "x").expect("write");

        let check = sync(&root, "out", &files, true).expect("check");
        assert_eq!(
            check,
            [
                "created out/src/lib.rs",
                "removed out/src/old/gone.rs (no longer generated)"
            ]
        );
        assert!(
            !root.join("out/src/lib.rs").exists(),
            "check mode must not write"
        );

        sync(&root, "out", &files, false).expect("write");
        assert_eq!(
            fs::read_to_string(root.join("out/src/lib.rs")).expect("read"),
            "fresh"
        );
        assert!(!root.join("out/src/old").exists());
        assert!(sync(&root, "out", &files, true).expect("fresh").is_empty());

        files.insert("src/lib.rs".to_owned(), "changed".to_owned());
        assert_eq!(
            sync(&root, "out", &files, true).expect("stale"),
            ["updated out/src/lib.rs"]
        );
        let _ = fs::remove_dir_all(&root);
    }
}
