//! The entities themselves, from the groups the passes formed: ids, canonical names,
//! labels, places, mention counts and aliases.

use std::collections::{HashMap, HashSet};

use newsmill_records::{content_hash, slug, Entity, Label};

use super::{name_of, Group, Grouping};
use crate::fold;
use crate::geo::Place;
use crate::spans::Span;
use crate::text::runs;
use crate::watchlist::Watchlist;

/// Entities in order of first mention, and for each span the index of its entity.
pub(super) fn entities(
    body: &str,
    spans: &[Span],
    groups: &[Option<Group>],
    g: &Grouping,
    watch: &Watchlist,
) -> (Vec<Entity>, Vec<usize>) {
    // Spans by group, groups in order of first mention.
    let mut index: HashMap<&Group, usize> = HashMap::new();
    let mut keys: Vec<&Group> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let unnamed: Vec<Group> = spans
        .iter()
        .map(|s| Group::Name(s.label, String::new()))
        .collect();
    for (i, group) in groups.iter().enumerate() {
        let group = group.as_ref().unwrap_or(&unnamed[i]);
        let at = *index.entry(group).or_insert_with(|| {
            keys.push(group);
            members.push(Vec::new());
            members.len() - 1
        });
        members[at].push(i);
    }

    let mut out: Vec<Entity> = Vec::new();
    let mut aliases: Vec<HashSet<&str>> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut of_span = vec![0; spans.len()];
    for (group, spans_of) in keys.iter().zip(&members) {
        let surfaces: Vec<&str> = spans_of
            .iter()
            .map(|&i| &body[spans[i].start..spans[i].end])
            .collect();
        let mut entity = entity_of(group, &surfaces, g, watch);
        let label = spans[spans_of[0]].label;
        if entity.label != label && !entity.watched {
            entity.label = label;
        }
        let target = match by_id.get(&entity.id) {
            Some(&t) => t,
            None => {
                by_id.insert(entity.id.clone(), out.len());
                out.push(entity);
                aliases.push(HashSet::new());
                out.len() - 1
            }
        };
        for (&i, s) in spans_of.iter().zip(&surfaces) {
            of_span[i] = target;
            let e = &mut out[target];
            e.mentions += 1;
            if aliases[target].insert(s) {
                e.aliases.push(s.to_string());
            }
        }
    }
    (out, of_span)
}

/// The entity a group stands for, before its mentions are counted.
fn entity_of(group: &Group, surfaces: &[&str], g: &Grouping, watch: &Watchlist) -> Entity {
    match group {
        Group::Watch(w) => {
            let w = &watch.entities[*w];
            let place = (w.label == Label::Loc)
                .then(|| g.gaz.resolve(&fold::key(&w.name), &g.context))
                .flatten();
            Entity {
                id: w.id.clone(),
                name: w.name.clone(),
                label: w.label,
                mentions: 0,
                aliases: Vec::new(),
                geo: place.map(Place::geo),
                country_code: place.map(|p| p.country_code().to_string()),
                watched: true,
                labels: w.labels.clone(),
            }
        }
        Group::Geo(id) => {
            let p = g.places[id];
            plain(
                format!("geonames:{id}"),
                g.gaz.name(p).to_string(),
                Label::Loc,
                Some(p),
            )
        }
        Group::Demonym(_) => {
            let (name, cc) = g
                .gaz
                .demonym(name_of(surfaces[0]))
                .cloned()
                .unwrap_or_default();
            let mut e = plain(id("misc", &name), name, Label::Misc, None);
            e.country_code = Some(cc);
            e
        }
        Group::Person(p) => match g.person_of_watch.get(p) {
            Some(&w) => {
                let w = &watch.entities[w];
                let mut e = plain(w.id.clone(), w.name.clone(), Label::Per, None);
                e.watched = true;
                e.labels = w.labels.clone();
                e
            }
            None => {
                let name = best_name(surfaces, true);
                plain(id("per", &name), name, Label::Per, None)
            }
        },
        Group::Name(label, _) => {
            let name = best_name(surfaces, false);
            plain(
                id(&label.as_str().to_ascii_lowercase(), &name),
                name,
                *label,
                None,
            )
        }
    }
}

/// Longest slug in an entity id, and longest canonical name, in bytes: every mention
/// and quotation repeats its entity's id (and a quotation its speaker's name), so a
/// "name" that is a whole run of text must not be copied thousands of times. Real
/// names are far shorter (on WCXB's articles, 99.9% of ids are under 100 bytes).
const LONGEST: usize = 200;

/// The prefix of `text` of at most `max` bytes, cut at a character boundary.
fn cut(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `<prefix>:<slug of name>`; a slug longer than [`LONGEST`] is cut and ends in a hash
/// of the whole slug, so the id stays unique and stable.
fn id(prefix: &str, name: &str) -> String {
    let slug = slug(name);
    if slug.len() <= LONGEST {
        format!("{prefix}:{slug}")
    } else {
        format!("{prefix}:{}-{}", cut(&slug, LONGEST), content_hash(&slug))
    }
}

fn plain(id: String, name: String, label: Label, place: Option<&Place>) -> Entity {
    Entity {
        id,
        name,
        label,
        mentions: 0,
        aliases: Vec::new(),
        geo: place.map(Place::geo),
        country_code: place.map(|p| p.country_code().to_string()),
        watched: false,
        labels: Vec::new(),
    }
}

/// The canonical form among surfaces: for people the one with the most words, else
/// the most frequent; ties go to the first seen.
fn best_name(surfaces: &[&str], most_words: bool) -> String {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for s in surfaces {
        *count.entry(name_of(s)).or_default() += 1;
    }
    let score = |n: &str| {
        let (count, len) = (count[n], runs(n).count());
        if most_words {
            (len, count)
        } else {
            (count, len)
        }
    };
    let mut best = name_of(surfaces[0]);
    let mut best_score = score(best);
    for s in &surfaces[1..] {
        let n = name_of(s);
        let sc = score(n);
        if sc > best_score {
            (best, best_score) = (n, sc);
        }
    }
    if best.len() > LONGEST {
        format!("{}…", cut(best, LONGEST))
    } else {
        best.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_get_short_stable_ids() {
        assert_eq!(id("per", "Mike Pompeo"), "per:mike-pompeo");
        let long = "Smith ".repeat(100);
        let a = id("per", &long);
        assert!(
            a.len() < LONGEST + 30 && a.starts_with("per:smith-smith"),
            "{a}"
        );
        assert_eq!(a, id("per", &long));
        assert_ne!(a, id("per", &"Smith ".repeat(101)));
        assert_eq!(cut("Лукашэнка", 3), "Л");
        let name = best_name(&[long.trim()], true);
        assert!(name.ends_with('…') && name.len() <= LONGEST + 3);
    }
}
