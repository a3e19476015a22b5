//! [`Template`]: a RESTful operation's path template (`/clusters/{ClusterId}/nodepools`, maybe ending in
//! fixed query pairs: `/logstores/{logstore}?type=log`) matched against a request's path.
//!
//! A request path is split on `/` *before* it is percent-decoded, so a value holding an encoded slash
//! (`c%2F1`, as clients encode a path parameter whole) stays one segment; each segment is then decoded
//! and matched against the template's segment, whose placeholders take the decoded text. A match ranks
//! by how literal it is, segment by segment, so `/clusters/nodepools` wins over `/clusters/{ClusterId}`
//! for the path `/clusters/nodepools`, and a template whose fixed query the request carries wins over one
//! without.

use percent_encoding::percent_decode_str;

/// One piece of a path segment.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Literal(String),
    Param(String),
}

/// A parsed path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Template {
    /// The segments after the leading `/`, each a run of literal text and placeholders.
    segments: Vec<Vec<Part>>,
    /// Query pairs the template fixes (`type=log`); a bare name is a pair with an empty value.
    fixed: Vec<(String, String)>,
}

/// A request that fits a template: the path parameters by name, decoded, and how specific the fit is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Match {
    pub(crate) params: Vec<(String, String)>,
    /// Per segment 2 (all literal), 1 (literal and placeholder) or 0 (a placeholder alone), then the
    /// number of fixed query pairs: a larger rank is a more specific template.
    pub(crate) rank: Vec<usize>,
}

impl Template {
    /// Parses `text`; the spec loader has already refused unbalanced or empty placeholders, so an error
    /// here only names a template built past it.
    pub(crate) fn parse(text: &str) -> Result<Template, String> {
        let (path, query) = text.split_once('?').unwrap_or((text, ""));
        let rest = path
            .strip_prefix('/')
            .ok_or_else(|| format!("the path template `{text}` does not start with `/`"))?;
        let mut segments = Vec::new();
        if !rest.is_empty() {
            for segment in rest.split('/') {
                segments.push(parts(segment).map_err(|e| format!("`{text}`: {e}"))?);
            }
        }
        let fixed = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect();
        Ok(Template { segments, fixed })
    }

    /// The fit of `path` (as received, percent-encoded) with the decoded `query`, if it fits.
    pub(crate) fn matches(&self, path: &str, query: &[(String, String)]) -> Option<Match> {
        let rest = path.strip_prefix('/')?;
        let sent: Vec<&str> = if rest.is_empty() {
            Vec::new()
        } else {
            rest.split('/').collect()
        };
        if sent.len() != self.segments.len() {
            return None;
        }
        let mut params = Vec::new();
        let mut rank = Vec::with_capacity(self.segments.len() + 1);
        for (parts, raw) in self.segments.iter().zip(sent) {
            let text = percent_decode_str(raw).decode_utf8().ok()?;
            if !fit(parts, &text, &mut params) {
                return None;
            }
            let literal = parts
                .iter()
                .filter(|p| matches!(p, Part::Literal(_)))
                .count();
            rank.push(match (literal, parts.len()) {
                (l, n) if l == n => 2,
                (0, _) => 0,
                _ => 1,
            });
        }
        let carried = |(k, v): &(String, String)| query.iter().any(|(qk, qv)| qk == k && qv == v);
        if !self.fixed.iter().all(carried) {
            return None;
        }
        rank.push(self.fixed.len());
        Some(Match { params, rank })
    }
}

/// The parts of one template segment.
fn parts(segment: &str) -> Result<Vec<Part>, String> {
    let mut out = Vec::new();
    let mut rest = segment;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            out.push(Part::Literal(rest[..open].to_owned()));
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or("a `{` without its `}`")?;
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return Err("an empty or nested `{}`".into());
        }
        out.push(Part::Param(name.to_owned()));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Part::Literal(rest.to_owned()));
    }
    Ok(out)
}

/// Whether `text` (one decoded segment) fits `parts`, pushing each placeholder's value. A placeholder
/// takes the text up to the first occurrence of the literal after it (the rest of the segment when it
/// comes last); templates put at most one placeholder in a segment, where this is exact.
fn fit(parts: &[Part], text: &str, params: &mut Vec<(String, String)>) -> bool {
    let mut rest = text;
    for (i, part) in parts.iter().enumerate() {
        match part {
            Part::Literal(l) => match rest.strip_prefix(l.as_str()) {
                Some(r) => rest = r,
                None => return false,
            },
            Part::Param(name) => {
                let end = match parts.get(i + 1) {
                    Some(Part::Literal(next)) => match rest.find(next.as_str()) {
                        Some(at) => at,
                        None => return false,
                    },
                    // Two placeholders side by side cannot be told apart: the first takes nothing.
                    Some(Part::Param(_)) => 0,
                    None => rest.len(),
                };
                params.push((name.clone(), rest[..end].to_owned()));
                rest = &rest[end..];
            }
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn placeholders_take_decoded_whole_segments() {
        let t = Template::parse("/clusters/{ClusterId}/nodepools/{NodepoolId}").unwrap();
        let m = t.matches("/clusters/c%2F1%20x/nodepools/np", &[]).unwrap();
        assert_eq!(m.params, q(&[("ClusterId", "c/1 x"), ("NodepoolId", "np")]));
        assert_eq!(m.rank, vec![2, 0, 2, 0, 0]);
        assert!(t.matches("/clusters/c/1/nodepools/np", &[]).is_none());
        assert!(t.matches("/clusters/c/nodepools", &[]).is_none());
        assert!(t.matches("/clusters/c/nodes/np", &[]).is_none());
        // An empty value still fits: validation then names the missing parameter.
        let m = t.matches("/clusters//nodepools/np", &[]).unwrap();
        assert_eq!(m.params[0], ("ClusterId".to_owned(), String::new()));
        // Bytes that are not UTF-8 once decoded fit nothing.
        assert!(t.matches("/clusters/%FF/nodepools/np", &[]).is_none());
    }

    #[test]
    fn literal_segments_rank_above_placeholders_and_fixed_queries_count() {
        let general = Template::parse("/clusters/{ClusterId}").unwrap();
        let literal = Template::parse("/clusters/nodepools").unwrap();
        let a = general.matches("/clusters/nodepools", &[]).unwrap();
        let b = literal.matches("/clusters/nodepools", &[]).unwrap();
        assert!(b.rank > a.rank);
        let logs = Template::parse("/logstores/{logstore}?type=log").unwrap();
        let plain = Template::parse("/logstores/{logstore}").unwrap();
        assert!(logs.matches("/logstores/s", &[]).is_none());
        let with = q(&[("from", "1"), ("type", "log")]);
        assert!(
            logs.matches("/logstores/s", &with).unwrap().rank
                > plain.matches("/logstores/s", &with).unwrap().rank
        );
    }

    #[test]
    fn roots_mixed_segments_and_bad_templates() {
        let root = Template::parse("/").unwrap();
        assert_eq!(root.matches("/", &[]).unwrap().rank, vec![0]);
        assert!(root.matches("/x", &[]).is_none());
        let mixed = Template::parse("/files/{name}.json").unwrap();
        let m = mixed.matches("/files/a.b.json", &[]).unwrap();
        assert_eq!(m.params, q(&[("name", "a.b")]));
        assert!(mixed.matches("/files/a.b.yaml", &[]).is_none());
        assert!(mixed.matches("/files/a", &[]).is_none());
        for bad in ["clusters", "/a/{b", "/a/{}", "/a/{{b}}"] {
            assert!(Template::parse(bad).is_err(), "{bad}");
        }
    }
}
