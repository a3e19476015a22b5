//! Synthetic catalogues for the benchmarks: `n` operations made from the real specs by copying each
//! operation file under a new name (`DescribeDtsJobsC17`), its own shapes and enums renamed with it, so a
//! catalogue of any size has today's shapes and validates like the real one.

use std::fs;
use std::io;
use std::path::Path;

use acs_codegen::spec;

/// One operation file of the real specs, with what a copy renames.
struct Source {
    product: String,
    name: String,
    text: String,
    /// The shapes and enums declared in the file, longest first (so no name is renamed inside another).
    local: Vec<String>,
}

/// Writes `root/specs/` with `n` operations (the real operations cycled) and the real product files, and
/// `root/Cargo.toml`, a workspace whose one member is the generated crate, depending on this workspace's
/// runtime. Returns the number of operations written.
pub fn write(real_specs: &Path, workspace: &Path, root: &Path, n: usize) -> io::Result<usize> {
    let set = spec::load_dir(real_specs)
        .map_err(|d| io::Error::other(format!("the real specs do not load:\n{d}")))?;
    let _ = fs::remove_dir_all(root);
    let mut sources = Vec::new();
    for product in &set.products {
        let module = &product.product.spec.module;
        let dir = root.join("specs").join(module);
        fs::create_dir_all(&dir)?;
        fs::copy(&product.product.path, dir.join(spec::load::PRODUCT_FILE))?;
        for op in &product.operations {
            let mut local: Vec<String> = op.spec.shapes.keys().cloned().collect();
            local.extend(op.spec.enums.keys().cloned());
            local.sort_by_key(|s| std::cmp::Reverse(s.len()));
            sources.push(Source {
                product: module.clone(),
                name: op.spec.name.clone(),
                text: fs::read_to_string(&op.path)?,
                local,
            });
        }
    }
    if sources.is_empty() {
        return Err(io::Error::other("the real specs have no operation"));
    }
    for i in 0..n {
        let source = &sources[i % sources.len()];
        let copy = i / sources.len();
        let name = format!("{}C{copy}", source.name);
        let mut text = rename_line(&source.text, &source.name, &name);
        for local in &source.local {
            text = rename_refs(&text, local, &format!("{local}C{copy}"));
        }
        let path = root
            .join("specs")
            .join(&source.product)
            .join(format!("{name}.yaml"));
        fs::write(path, text)?;
    }
    fs::write(root.join("Cargo.toml"), manifest(workspace)?)?;
    Ok(n)
}

/// Writes `root/specs/`, a copy of every product folder of the real specs, and the workspace manifest;
/// returns the number of operation files.
pub fn copy(workspace: &Path, root: &Path) -> io::Result<usize> {
    let _ = fs::remove_dir_all(root);
    let mut operations = 0;
    for entry in fs::read_dir(workspace.join("specs"))? {
        let from = entry?.path();
        if !from.is_dir() {
            continue;
        }
        let Some(module) = from.file_name() else {
            continue;
        };
        let to = root.join("specs").join(module);
        fs::create_dir_all(&to)?;
        for file in fs::read_dir(&from)? {
            let path = file?.path();
            if let Some(name) = path.file_name()
                && path.extension().is_some_and(|e| e == "yaml")
            {
                fs::copy(&path, to.join(name))?;
                if name != spec::load::PRODUCT_FILE {
                    operations += 1;
                }
            }
        }
    }
    fs::write(root.join("Cargo.toml"), manifest(workspace)?)?;
    Ok(operations)
}

/// Writes `root/specs/<module>/`, a copy of the real product's folder, and the workspace manifest: the
/// product generated alone.
pub fn product(workspace: &Path, root: &Path, module: &str) -> io::Result<()> {
    let _ = fs::remove_dir_all(root);
    let from = workspace.join("specs").join(module);
    let to = root.join("specs").join(module);
    fs::create_dir_all(&to)?;
    for entry in fs::read_dir(&from)? {
        let path = entry?.path();
        if let Some(name) = path.file_name()
            && path.extension().is_some_and(|e| e == "yaml")
        {
            fs::copy(&path, to.join(name))?;
        }
    }
    fs::write(root.join("Cargo.toml"), manifest(workspace)?)
}

/// The workspace manifest of a catalogue: this workspace's, with the generated crate as its only member
/// and paths pointing back here.
pub(crate) fn manifest(workspace: &Path) -> io::Result<String> {
    let text = fs::read_to_string(workspace.join("Cargo.toml"))?;
    let here = workspace.display();
    let mut out = String::new();
    for line in text.lines() {
        let line = if line.starts_with("members = ") {
            "members = [\"generated\", \"generated/products/*\"]".to_owned()
        } else if line.contains("{ path = \"") && !line.contains("path = \"generated\"") {
            line.replacen("{ path = \"", &format!("{{ path = \"{here}/"), 1)
        } else {
            line.to_owned()
        };
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

/// `name: Old` → `name: New` (the operation's own line).
fn rename_line(text: &str, old: &str, new: &str) -> String {
    let from = format!("name: {old}\n");
    let to = format!("name: {new}\n");
    if text.starts_with(&from) {
        text.replacen(&from, &to, 1)
    } else {
        text.replacen(&format!("\n{from}"), &format!("\n{to}"), 1)
    }
}

/// Renames the shape or enum `old` where the spec declares or refers to it, and nowhere else: its key
/// under the top-level `shapes:` or `enums:`, and the values of `shape:` and `enum:`. A field or an
/// example key may have the same name (an XML-style list wrapper is often named like its shape, and the
/// product file, which is not copied, may declare a field of that name), and must keep it.
fn rename_refs(text: &str, old: &str, new: &str) -> String {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut block = "";
    let declaration = format!("  {old}:");
    for line in text.split_inclusive('\n') {
        if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
            block = line.split(':').next().unwrap_or_default();
        }
        if (block == "shapes" || block == "enums") && line.starts_with(&declaration) {
            out.push_str(&line.replacen(old, new, 1));
            continue;
        }
        let mut rest = line;
        while let Some(at) = ["shape: ", "enum: "]
            .iter()
            .filter_map(|p| rest.find(&format!("{p}{old}")).map(|i| (i, p.len())))
            .min()
        {
            let (at, skip) = at;
            let end = at + skip + old.len();
            out.push_str(&rest[..at + skip]);
            if rest[end..].starts_with(word) {
                out.push_str(old);
            } else {
                out.push_str(new);
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_declarations_and_references_only() {
        assert_eq!(
            rename_line("name: Op\nx: name: Op\n", "Op", "OpC2"),
            "name: OpC2\nx: name: Op\n"
        );
        assert_eq!(
            rename_refs(
                "shapes:\n  Tag:\n    fields:\n      - name: Tag\n        shape: Tag\n        items: { type: object, shape: Tags }\nexamples:\n  - body: '{\"Tag\": 1}'\n",
                "Tag",
                "TagC1"
            ),
            "shapes:\n  TagC1:\n    fields:\n      - name: Tag\n        shape: TagC1\n        items: { type: object, shape: Tags }\nexamples:\n  - body: '{\"Tag\": 1}'\n"
        );
    }
}
