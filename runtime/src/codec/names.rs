//! Close names, for errors that refuse a key: "no member named `BackupPlanID`; did you mean
//! `BackupPlanId`?". A small edit distance is enough for the typos people make in parameter names
//! (case, a missing or doubled letter, two swapped letters).

/// Up to `max` of `names` close to `key`, closest first (ties in the order given): equal but for case,
/// then within an edit distance of a third of the key's length (at least 1, at most 3).
pub fn closest<'n>(key: &str, names: &[&'n str], max: usize) -> Vec<&'n str> {
    let key_lower = key.to_lowercase();
    let limit = (key.chars().count() / 3).clamp(1, 3);
    let mut scored: Vec<(usize, usize, &'n str)> = names
        .iter()
        .enumerate()
        .filter_map(|(order, name)| {
            let lower = name.to_lowercase();
            let d = if lower == key_lower {
                0
            } else {
                distance(&key_lower, &lower, limit)? + 1
            };
            Some((d, order, *name))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(max).map(|(_, _, n)| n).collect()
}

/// The optimal-string-alignment distance between `a` and `b` (insertions, deletions, substitutions and
/// swaps of neighbours), or `None` when it exceeds `limit`. Names are short, so the table is small; the
/// length check skips most candidates without building it.
fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit || a.len() > 256 || b.len() > 256 {
        return None;
    }
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    let found = d[a.len() * width + b.len()];
    (found <= limit).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_first_then_small_edits() {
        let names = [
            "BackupPlanId",
            "BackupPlanName",
            "RestoreTaskId",
            "PageSize",
        ];
        assert_eq!(closest("BackupPlanID", &names, 3), ["BackupPlanId"]);
        assert_eq!(closest("PageSzie", &names, 3), ["PageSize"]);
        assert_eq!(closest("PageSiz", &names, 3), ["PageSize"]);
        assert!(closest("Nothing", &names, 3).is_empty());
        assert!(closest("", &names, 3).is_empty());
    }

    #[test]
    fn ranked_and_bounded() {
        let names = ["Tags", "Tag", "Tagz", "Taq", "Ta"];
        assert_eq!(closest("tag", &names, 2), ["Tag", "Tags"]);
        assert_eq!(closest("Tag", &names, 10).len(), 5);
    }
}
