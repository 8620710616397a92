//! Canonical entities: which mentions in an article are the same real-world thing.
//!
//! * Watch-list hits belong to their watched entity.
//! * Places link to GeoNames and group by GeoNames id (so "Kiev" and "Kyiv" are one).
//! * Demonyms group by country ("Belarusian", "Belarusians").
//! * People group by surname: a full name opens a cluster, other full names with the
//!   same surname and a compatible first name join it, spelling variants included
//!   (Lukashenka / Lukashenko, Makey / Makei, see [`NameKey::same`]); a lone surname
//!   ("Pompeo", "Mr Pompeo", "Pompeo's"), before or after the full name, joins the
//!   cluster with that surname.
//! * Everything else groups by type and folded name.

use std::collections::{HashMap, HashSet};

use newsmill_records::{slug, Entity, Label};

use crate::fold::{self, NameKey};
use crate::geo::{Gazetteer, Place};
use crate::scan::HONORIFICS;
use crate::spans::{words, Source, Span};
use crate::watchlist::Watchlist;

/// The name a span stands for: honorifics, a leading "the" and a possessive removed.
pub(crate) fn name_of(surface: &str) -> &str {
    let mut s = surface.trim();
    for suffix in ["’s", "'s", "’", "'"] {
        if let Some(stripped) = s.strip_suffix(suffix) {
            s = stripped;
            break;
        }
    }
    for prefix in HONORIFICS.iter().chain(&["the", "The"]) {
        if let Some(rest) = s.strip_prefix(prefix) {
            let rest = rest.trim_start_matches('.');
            if rest.starts_with(' ') {
                s = rest.trim_start();
            }
        }
    }
    s
}

/// The folded words of a name.
fn name_keys(name: &str) -> Vec<String> {
    words(name)
        .iter()
        .map(|&(s, e)| fold::key(&name[s..e]))
        .filter(|k| !k.is_empty())
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Group {
    Watch(usize),
    Geo(u64),
    Demonym(String),
    Person(usize),
    Name(Label, String),
}

/// A person cluster: every (first, last) form seen.
struct Person {
    forms: Vec<(NameKey, NameKey)>,
    /// Spans that give the full name.
    full_at: Vec<usize>,
}

impl Person {
    fn takes_full(&self, first: &NameKey, last: &NameKey) -> bool {
        self.forms.iter().any(|(f, l)| {
            l.same(last)
                && (f.same(first)
                    || (first.key.len() == 1 && f.key.starts_with(&first.key))
                    || (f.key.len() == 1 && first.key.starts_with(&f.key))
                    || f.skeleton == first.skeleton)
        })
    }
    fn takes_surname(&self, word: &NameKey) -> bool {
        self.forms.iter().any(|(_, l)| l.same(word))
    }
}

/// The entities of an article, and for each span the index of its entity.
pub(crate) fn entities(
    body: &str,
    spans: &mut [Span],
    gaz: &Gazetteer,
    watch: &Watchlist,
) -> (Vec<Entity>, Vec<usize>) {
    // Each span's name, folded key and folded words, computed once.
    let names: Vec<&str> = spans
        .iter()
        .map(|s| name_of(&body[s.start..s.end]))
        .collect();
    let span_keys: Vec<String> = names.iter().map(|n| fold::key(n)).collect();
    let span_words: Vec<Vec<String>> = names.iter().map(|n| name_keys(n)).collect();

    // Countries named anywhere disambiguate cities.
    let mut context = HashSet::new();
    for key in &span_keys {
        if let Some((_, cc)) = gaz.demonym_key(key) {
            context.insert(cc.clone());
        } else if let Some(p) = gaz.candidates(key).find(|p| p.country) {
            context.insert(p.country_code.clone());
        }
    }

    let mut groups: Vec<Option<Group>> = vec![None; spans.len()];
    let mut places: HashMap<u64, &Place> = HashMap::new();
    let mut people: Vec<Person> = Vec::new();
    let mut person_of_watch: HashMap<usize, usize> = HashMap::new();
    for (i, w) in watch
        .entities
        .iter()
        .enumerate()
        .filter(|(_, w)| w.label == Label::Per)
    {
        let forms = std::iter::once(&w.name)
            .chain(&w.aliases)
            .map(|a| name_keys(a))
            .filter(|k| k.len() >= 2)
            .map(|k| (NameKey::new(&k[0]), NameKey::new(&k[k.len() - 1])))
            .collect();
        person_of_watch.insert(people.len(), i);
        people.push(Person {
            forms,
            full_at: Vec::new(),
        });
    }

    // Watched places: a gazetteer hit on the same GeoNames place is the watched entity.
    let watched_place: HashMap<u64, usize> = watch
        .entities
        .iter()
        .enumerate()
        .filter(|(_, w)| w.label == Label::Loc)
        .filter_map(|(i, w)| Some((gaz.resolve(&fold::key(&w.name), &context)?.geonames_id, i)))
        .collect();

    // Pass 1: watch-list hits and full names of people.
    for (i, s) in spans.iter_mut().enumerate() {
        if let Source::Watch(w) = s.source {
            groups[i] = Some(Group::Watch(w));
            continue;
        }
        let keys = &span_words[i];
        if s.label == Label::Per && keys.len() >= 2 {
            let (first, last) = (NameKey::new(&keys[0]), NameKey::new(&keys[keys.len() - 1]));
            let at = match people.iter().position(|p| p.takes_full(&first, &last)) {
                Some(at) => at,
                None => {
                    people.push(Person {
                        forms: Vec::new(),
                        full_at: Vec::new(),
                    });
                    people.len() - 1
                }
            };
            people[at].forms.push((first, last));
            people[at].full_at.push(i);
            groups[i] = Some(Group::Person(at));
        }
    }
    // Pass 2: lone names that are a person's surname join that person, whatever the
    // model called them (document consistency: "the meeting of Pompeo" is no place);
    // then demonyms and places; a lone first name joins the one person who has it.
    for (i, s) in spans.iter_mut().enumerate() {
        if groups[i].is_some() {
            continue;
        }
        let (name, key, keys) = (names[i], &span_keys[i], &span_words[i]);
        let is_country = s.source == Source::Place && gaz.candidates(key).any(|p| p.country);
        if keys.len() == 1 && s.source != Source::Demonym && !is_country {
            let surname = NameKey::new(&keys[0]);
            // Of several people with that surname, the one named in full most recently
            // before, else soonest after ("Bill Clinton … Hillary Clinton … Clinton").
            let nearest = (0..people.len())
                .filter(|&p| people[p].takes_surname(&surname))
                .max_by_key(|&p| {
                    let full = &people[p].full_at;
                    match (
                        full.iter().rev().find(|&&f| f < i),
                        full.iter().find(|&&f| f > i),
                    ) {
                        (Some(&before), _) => (2, before),
                        (None, Some(&after)) => (1, usize::MAX - after),
                        (None, None) => (0, p),
                    }
                });
            if let Some(at) = nearest {
                s.label = Label::Per;
                groups[i] = Some(Group::Person(at));
                continue;
            }
        }
        if let Some((_, cc)) = gaz
            .demonym(name)
            // The model's LOC "Czech" is the country, as CoNLL has it.
            .filter(|_| {
                s.source == Source::Demonym || (s.source == Source::Ner && s.label != Label::Loc)
            })
        {
            s.label = Label::Misc;
            groups[i] = Some(Group::Demonym(cc.clone()));
            continue;
        }
        let country = if s.label == Label::Per {
            None
        } else {
            gaz.candidates(key).find(|p| p.country)
        };
        if s.label == Label::Loc || country.is_some() {
            if let Some(p) = country.or_else(|| gaz.resolve(key, &context)) {
                s.label = Label::Loc;
                places.insert(p.geonames_id, p);
                groups[i] = Some(match watched_place.get(&p.geonames_id) {
                    Some(&w) => Group::Watch(w),
                    None => Group::Geo(p.geonames_id),
                });
                continue;
            }
        }
        if s.label == Label::Per && keys.len() == 1 {
            let mut owners = people
                .iter()
                .enumerate()
                .filter(|(_, p)| p.forms.iter().any(|(f, _)| f.key == keys[0]));
            if let (Some((at, _)), None) = (owners.next(), owners.next()) {
                groups[i] = Some(Group::Person(at));
                continue;
            }
        }
        groups[i] = Some(Group::Name(s.label, keys.join(" ")));
    }

    // Build entities in order of first mention.
    let mut index: HashMap<Group, usize> = HashMap::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut of_span = vec![0; spans.len()];
    for (i, g) in groups.iter().enumerate() {
        let g = g
            .clone()
            .unwrap_or(Group::Name(spans[i].label, String::new()));
        let at = *index.entry(g).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[at].push(i);
        of_span[i] = at;
    }
    let mut out: Vec<Entity> = Vec::new();
    let mut remap = vec![0; members.len()];
    let group_of: Vec<&Group> = {
        let mut v: Vec<Option<&Group>> = vec![None; members.len()];
        for (g, &at) in &index {
            v[at] = Some(g);
        }
        v.into_iter().flatten().collect()
    };
    for (at, spans_of) in members.iter().enumerate() {
        let surfaces: Vec<&str> = spans_of
            .iter()
            .map(|&i| &body[spans[i].start..spans[i].end])
            .collect();
        let label = spans[spans_of[0]].label;
        let mut entity = match group_of[at] {
            Group::Watch(w) => {
                let w = &watch.entities[*w];
                let place = (w.label == Label::Loc)
                    .then(|| gaz.resolve(&fold::key(&w.name), &context))
                    .flatten();
                Entity {
                    id: w.id.clone(),
                    name: w.name.clone(),
                    label: w.label,
                    mentions: 0,
                    aliases: Vec::new(),
                    geo: place.map(Place::geo),
                    country_code: place.map(|p| p.country_code.clone()),
                    watched: true,
                    labels: w.labels.clone(),
                }
            }
            Group::Geo(id) => {
                let p = places[id];
                plain(
                    format!("geonames:{id}"),
                    p.name.clone(),
                    Label::Loc,
                    Some(p),
                )
            }
            Group::Demonym(_) => {
                let (name, cc) = gaz
                    .demonym(name_of(surfaces[0]))
                    .cloned()
                    .unwrap_or_default();
                let mut e = plain(format!("misc:{}", slug(&name)), name, Label::Misc, None);
                e.country_code = Some(cc);
                e
            }
            Group::Person(p) => match person_of_watch.get(p) {
                Some(&w) => {
                    let w = &watch.entities[w];
                    let mut e = plain(w.id.clone(), w.name.clone(), Label::Per, None);
                    e.watched = true;
                    e.labels = w.labels.clone();
                    e
                }
                None => {
                    let name = best_name(&surfaces, true);
                    plain(format!("per:{}", slug(&name)), name, Label::Per, None)
                }
            },
            Group::Name(label, _) => {
                let name = best_name(&surfaces, false);
                plain(
                    format!("{}:{}", label.as_str().to_ascii_lowercase(), slug(&name)),
                    name,
                    *label,
                    None,
                )
            }
        };
        if entity.label != label && !entity.watched {
            entity.label = label;
        }
        let target = match by_id.get(&entity.id) {
            Some(&t) => t,
            None => {
                by_id.insert(entity.id.clone(), out.len());
                out.push(entity);
                out.len() - 1
            }
        };
        remap[at] = target;
        for s in &surfaces {
            let e = &mut out[target];
            e.mentions += 1;
            if !e.aliases.iter().any(|a| a == s) {
                e.aliases.push(s.to_string());
            }
        }
    }
    let of_span = of_span.into_iter().map(|at| remap[at]).collect();
    (out, of_span)
}

fn plain(id: String, name: String, label: Label, place: Option<&Place>) -> Entity {
    Entity {
        id,
        name,
        label,
        mentions: 0,
        aliases: Vec::new(),
        geo: place.map(Place::geo),
        country_code: place.map(|p| p.country_code.clone()),
        watched: false,
        labels: Vec::new(),
    }
}

/// The canonical form among surfaces: for people the one with the most words, else
/// the most frequent; ties go to the first seen.
fn best_name(surfaces: &[&str], most_words: bool) -> String {
    let names: Vec<&str> = surfaces.iter().map(|s| name_of(s)).collect();
    let score = |n: &str| {
        let count = names.iter().filter(|m| **m == n).count();
        let len = words(n).len();
        if most_words {
            (len, count)
        } else {
            (count, len)
        }
    };
    let mut best = names[0];
    for &n in &names[1..] {
        if score(n) > score(best) {
            best = n;
        }
    }
    best.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        body: &str,
        marks: &[(&str, Label)],
        watch: &Watchlist,
    ) -> (Vec<Entity>, Vec<usize>, Vec<Span>) {
        let mut spans = Vec::new();
        let mut from = 0;
        for (text, label) in marks {
            let start = from + body[from..].find(text).unwrap();
            spans.push(Span {
                start,
                end: start + text.len(),
                label: *label,
                source: Source::Ner,
            });
            from = start + text.len();
        }
        let (e, of) = entities(body, &mut spans, Gazetteer::builtin().unwrap(), watch);
        (e, of, spans)
    }

    #[test]
    fn names_strip_titles_and_possessives() {
        assert_eq!(name_of("Mr Pompeo"), "Pompeo");
        assert_eq!(name_of("Mr. Pompeo’s"), "Pompeo");
        assert_eq!(name_of("Belarus’"), "Belarus");
        assert_eq!(name_of("the United States"), "United States");
    }

    #[test]
    fn a_surname_goes_to_the_person_named_most_recently() {
        let body = "Bill Clinton came. Clinton spoke. Hillary Clinton came. Clinton spoke.";
        let (e, of, _) = run(
            body,
            &[
                ("Bill Clinton", Label::Per),
                ("Clinton", Label::Per),
                ("Hillary Clinton", Label::Per),
                ("Clinton", Label::Per),
            ],
            &Watchlist::default(),
        );
        assert_eq!(e.len(), 2);
        assert_eq!(of, [0, 0, 1, 1]);
    }

    #[test]
    fn short_names_and_variants_join_the_full_name() {
        let body = "Trump's envoy Mike Pompeo met Alyaksandr Lukashenka. Pompeo and Mr Pompeo. \
                    Lukashenko spoke; Lukashenka's aide. Donald Trump. Aleksandr Lukashenko too.";
        let (e, of, _) = run(
            body,
            &[
                ("Trump", Label::Per),
                ("Mike Pompeo", Label::Per),
                ("Alyaksandr Lukashenka", Label::Per),
                ("Pompeo", Label::Org),
                ("Mr Pompeo", Label::Per),
                ("Lukashenko", Label::Per),
                ("Lukashenka's", Label::Per),
                ("Donald Trump", Label::Per),
                ("Aleksandr Lukashenko", Label::Per),
            ],
            &Watchlist::default(),
        );
        let names: Vec<(&str, u32)> = e.iter().map(|e| (e.name.as_str(), e.mentions)).collect();
        assert_eq!(
            names,
            [
                ("Donald Trump", 2),
                ("Mike Pompeo", 3),
                ("Alyaksandr Lukashenka", 4)
            ]
        );
        assert_eq!(e[1].id, "per:mike-pompeo");
        assert_eq!(e[1].label, Label::Per);
        assert_eq!(of, [0, 1, 2, 1, 1, 2, 2, 0, 2]);
    }

    #[test]
    fn places_link_and_fold_variants() {
        let body = "From Kiev to Kyiv and Minsk; Belarus and Belarusians; the Foo Bar Institute.";
        let (e, of, spans) = run(
            body,
            &[
                ("Kiev", Label::Loc),
                ("Kyiv", Label::Loc),
                ("Minsk", Label::Loc),
                ("Belarus", Label::Org),
                ("Belarusians", Label::Misc),
                ("Foo Bar Institute", Label::Org),
            ],
            &Watchlist::default(),
        );
        assert_eq!(of, [0, 0, 1, 2, 3, 4]);
        assert_eq!(e[0].id, "geonames:703448");
        assert_eq!(e[0].name, "Kyiv");
        assert_eq!(e[0].aliases, ["Kiev", "Kyiv"]);
        assert_eq!(e[1].geo.as_ref().unwrap().country_code, "BY");
        assert_eq!(
            (e[2].label, e[2].country_code.as_deref()),
            (Label::Loc, Some("BY"))
        );
        assert_eq!(spans[3].label, Label::Loc);
        assert_eq!(
            (e[3].name.as_str(), e[3].country_code.as_deref()),
            ("Belarusian", Some("BY"))
        );
        assert_eq!(e[4].id, "org:foo-bar-institute");
        assert!(e[4].geo.is_none());
    }

    #[test]
    fn watched_people_take_their_id_and_surnames() {
        let w = Watchlist::from_toml(
            "[[entity]]\nname=\"Alyaksandr Lukashenka\"\ntype=\"PER\"\nid=\"wd:Q39803\"\nlabels=[\"by\"]\n",
            "w.toml",
        )
        .unwrap();
        let body = "Lukashenko said. Alexander Lukashenko.";
        let (e, _, _) = run(
            body,
            &[
                ("Lukashenko", Label::Per),
                ("Alexander Lukashenko", Label::Per),
            ],
            &w,
        );
        assert_eq!(e.len(), 1);
        assert_eq!(
            (e[0].id.as_str(), e[0].name.as_str(), e[0].mentions),
            ("wd:Q39803", "Alyaksandr Lukashenka", 2)
        );
        assert!(e[0].watched);
        assert_eq!(e[0].labels, ["by"]);
    }
}
