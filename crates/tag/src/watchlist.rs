//! The user's watch-list: entities to tag reliably, with their aliases and ids.
//!
//! ```toml
//! [[entity]]
//! name = "Alyaksandr Lukashenka"   # canonical name
//! type = "PER"                     # PER, ORG, LOC or MISC
//! id = "wd:Q39803"                 # optional; default `<type>:<slug of name>`
//! aliases = ["Lukashenko", "Лукашенко", "Лукашэнка", "Alexander Lukashenko"]
//! labels = ["belarus", "head-of-state"]
//! ```

use aho_corasick::{AhoCorasick, MatchKind};
use newsmill_records::{slug, Label};
use serde::Deserialize;

use crate::error::TagError;
use crate::fold;
use crate::text::{self, Text};

/// One watched entity.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Watched {
    pub id: String,
    pub name: String,
    pub label: Label,
    pub aliases: Vec<String>,
    pub labels: Vec<String>,
}

/// The user's watch-list (`config/entities.toml`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Watchlist {
    pub(crate) entities: Vec<Watched>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    entity: Vec<toml::Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: toml::Spanned<String>,
    #[serde(rename = "type")]
    kind: toml::Spanned<String>,
    id: Option<toml::Spanned<String>>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    labels: Vec<String>,
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

impl Watchlist {
    /// Parses a watch-list TOML file's text; `origin` names it in errors, which also
    /// give the line and key at fault.
    pub fn from_toml(text: &str, origin: &str) -> Result<Watchlist, TagError> {
        let error = |span: std::ops::Range<usize>, key: &str, reason: String| TagError::Watchlist {
            origin: origin.to_string(),
            line: line_of(text, span.start),
            key: key.to_string(),
            reason,
        };
        let file: File = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            error(span, "", e.message().to_string())
        })?;
        let mut entities = Vec::with_capacity(file.entity.len());
        let mut ids = std::collections::HashMap::new();
        for entry in file.entity {
            let span = entry.span();
            let entry = entry.into_inner();
            let name = entry.name.get_ref().trim().to_string();
            if fold::key(&name).is_empty() {
                return Err(error(
                    entry.name.span(),
                    "name",
                    "name has no letters or digits".into(),
                ));
            }
            let label = match Label::parse(entry.kind.get_ref()) {
                Some(l @ (Label::Per | Label::Org | Label::Loc | Label::Misc)) => l,
                _ => {
                    return Err(error(
                        entry.kind.span(),
                        "type",
                        format!(
                            "unknown type {:?} (expected PER, ORG, LOC or MISC)",
                            entry.kind.get_ref()
                        ),
                    ))
                }
            };
            let id = match &entry.id {
                Some(id) if id.get_ref().trim().is_empty() => {
                    return Err(error(id.span(), "id", "id is empty".into()))
                }
                Some(id) => id.get_ref().trim().to_string(),
                None => format!("{}:{}", label.as_str().to_ascii_lowercase(), slug(&name)),
            };
            if let Some(first) = ids.insert(id.clone(), name.clone()) {
                return Err(error(
                    span,
                    "id",
                    format!("id {id:?} is used by {first:?} and {name:?}"),
                ));
            }
            let aliases = entry
                .aliases
                .iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !fold::key(a).is_empty())
                .collect();
            entities.push(Watched {
                id,
                name,
                label,
                aliases,
                labels: entry.labels,
            });
        }
        Ok(Watchlist { entities })
    }

    /// Number of watched entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// True when nothing is watched.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }
}

/// A watch-list hit: byte range in the body and the watched entity's index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
    /// Matched by a surname derived from a PER name, not by a listed alias.
    pub surname: bool,
}

struct Pattern {
    entity: usize,
    /// Derived surname patterns only match capitalised text ("Trump", not "trump").
    needs_capital: bool,
}

/// The compiled alias matcher, built once per tagger.
pub(crate) struct Matcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

impl Matcher {
    pub(crate) fn new(list: &Watchlist) -> Result<Matcher, TagError> {
        let mut keys: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        let mut seen = std::collections::HashSet::new();
        // Full names and aliases first, then surnames derived from PER names, so an
        // explicit alias wins a tie.
        for pass in 0..2 {
            for (entity, w) in list.entities.iter().enumerate() {
                for alias in std::iter::once(&w.name).chain(&w.aliases) {
                    let folded = text::folded_words(alias);
                    let (pattern, needs_capital) = if pass == 0 {
                        (folded, false)
                    } else if w.label == Label::Per && folded.contains(' ') {
                        (
                            folded.rsplit(' ').next().unwrap_or_default().to_string(),
                            true,
                        )
                    } else {
                        continue;
                    };
                    if pattern.len() < 2 || !seen.insert(pattern.clone()) {
                        continue;
                    }
                    keys.push(pattern);
                    patterns.push(Pattern {
                        entity,
                        needs_capital,
                    });
                }
            }
        }
        let automaton = if keys.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&keys)
                    .map_err(|e| TagError::Data {
                        name: "watch-list automaton".into(),
                        line: 0,
                        reason: e.to_string(),
                    })?,
            )
        };
        Ok(Matcher {
            automaton,
            patterns,
        })
    }

    /// Every alias occurrence in the text, leftmost-longest, on word boundaries: the
    /// aliases are matched on the text's folded words ([`Text::folded`]), so separators
    /// inside a multi-word alias match any run of spaces, hyphens or punctuation.
    pub(crate) fn find(&self, text: &Text) -> Vec<Hit> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut hits = Vec::new();
        for m in automaton.find_iter(&text.folded) {
            let Some((first, last)) = text.words_of_folded(m.start(), m.end()) else {
                continue;
            };
            let pattern = &self.patterns[m.pattern().as_usize()];
            let (start, end) = (text.words[first].0, text.words[last].1);
            if pattern.needs_capital && !text.body[start..].starts_with(char::is_uppercase) {
                continue;
            }
            hits.push(Hit {
                start,
                end,
                entity: pattern.entity,
                surname: pattern.needs_capital,
            });
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = r#"
[[entity]]
name = "Alyaksandr Lukashenka"
type = "PER"
id = "wd:Q39803"
aliases = ["Lukashenko", "Лукашенко", "Лукашэнка", "Alexander Lukashenko"]
labels = ["belarus"]

[[entity]]
name = "Belarus"
type = "LOC"
"#;

    #[test]
    fn parses_entries_and_default_ids() {
        let w = Watchlist::from_toml(LIST, "entities.toml").unwrap();
        assert_eq!(w.len(), 2);
        assert_eq!(w.entities[0].id, "wd:Q39803");
        assert_eq!(w.entities[1].id, "loc:belarus");
        assert_eq!(w.entities[0].labels, vec!["belarus".to_string()]);
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let bad = "[[entity]]\nname = \"X\"\ntype = \"PERSONA\"\n";
        let e = Watchlist::from_toml(bad, "cfg/entities.toml")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("cfg/entities.toml") && e.contains("line 3") && e.contains("type"),
            "{e}"
        );
        let e = Watchlist::from_toml("[[entity]]\nname = \"X\"\n", "w.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("w.toml") && e.contains("type"), "{e}");
        let e = Watchlist::from_toml(
            "[[entity]]\nname = \"X\"\ntype = \"PER\"\ncolour = 1\n",
            "w.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("line 4") && e.contains("colour"), "{e}");
        let dup = "[[entity]]\nname=\"A\"\ntype=\"PER\"\nid=\"x\"\n[[entity]]\nname=\"B\"\ntype=\"PER\"\nid=\"x\"\n";
        let e = Watchlist::from_toml(dup, "w.toml").unwrap_err().to_string();
        assert!(e.contains("line 5") && e.contains("\"x\""), "{e}");
    }

    #[test]
    fn matches_aliases_across_case_diacritics_and_scripts() {
        let w = Watchlist::from_toml(LIST, "entities.toml").unwrap();
        let m = Matcher::new(&w).unwrap();
        let body = "ЛУКАШЕНКО и Лукашэнка; lukashenko met Alexander  Lukashenko in BELARUS. Lukashenkaville no.";
        let found: Vec<(&str, usize)> = m
            .find(&Text::new(body))
            .iter()
            .map(|h| (&body[h.start..h.end], h.entity))
            .collect();
        assert_eq!(
            found,
            vec![
                ("ЛУКАШЕНКО", 0),
                ("Лукашэнка", 0),
                ("lukashenko", 0),
                ("Alexander  Lukashenko", 0),
                ("BELARUS", 1)
            ]
        );
    }

    #[test]
    fn derived_surnames_need_a_capital() {
        let w =
            Watchlist::from_toml("[[entity]]\nname=\"Donald Trump\"\ntype=\"PER\"\n", "w").unwrap();
        let m = Matcher::new(&w).unwrap();
        let body = "Trump played a trump card.";
        let hits = m.find(&Text::new(body));
        assert_eq!(hits.len(), 1);
        assert_eq!(&body[hits[0].start..hits[0].end], "Trump");
    }
}
