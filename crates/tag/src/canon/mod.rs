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
//!
//! The steps: the spans' names ([`names`]), the countries the article names, watch-list
//! people, then two passes over the spans (full names; then lone names, demonyms and
//! places), then the entities themselves ([`build`]). Each look-up is a hash or a
//! binary search, so the time is linear in the number of mentions.

mod build;
mod names;
mod people;

use std::collections::{HashMap, HashSet};

use newsmill_records::{Entity, Label};

use crate::fold::{self, NameKey};
use crate::geo::{Gazetteer, Place};
use crate::spans::{Source, Span};
use crate::text::runs;
use crate::watchlist::Watchlist;

pub(crate) use names::name_of;

use names::Names;
use people::People;

/// What a span's entity is keyed by.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Group {
    Watch(usize),
    Geo(u64),
    Demonym(String),
    Person(usize),
    Name(Label, String),
}

/// What the grouping passes share.
struct Grouping<'a> {
    gaz: &'a Gazetteer,
    /// Country codes of the countries the article names.
    context: HashSet<String>,
    people: People,
    /// Person index → watch-list entity, for watched people.
    person_of_watch: HashMap<usize, usize>,
    /// GeoNames id → watch-list entity, for watched places.
    watched_place: HashMap<u64, usize>,
    /// Places by GeoNames id.
    places: HashMap<u64, &'a Place>,
}

/// The entities of an article, and for each span the index of its entity.
pub(crate) fn entities(
    body: &str,
    spans: &mut [Span],
    gaz: &Gazetteer,
    watch: &Watchlist,
) -> (Vec<Entity>, Vec<usize>) {
    let names = Names::new(spans.iter().map(|s| &body[s.start..s.end]));
    let context = countries_named(&names, spans.len(), gaz);
    let mut g = Grouping {
        gaz,
        watched_place: watched_places(watch, gaz, &context),
        context,
        people: People::default(),
        person_of_watch: HashMap::new(),
        places: HashMap::new(),
    };
    watched_people(watch, &mut g);
    let mut groups: Vec<Option<Group>> = vec![None; spans.len()];
    full_names(spans, &names, &mut g, &mut groups);
    lone_names(spans, &names, &mut g, &mut groups);
    build::entities(body, spans, &groups, &g, watch)
}

/// Countries named anywhere in the article (they disambiguate cities).
fn countries_named(names: &Names, n: usize, gaz: &Gazetteer) -> HashSet<String> {
    let mut context = HashSet::new();
    for i in 0..n {
        let key = names.key(i);
        if let Some((_, cc)) = gaz.demonym_key(key) {
            context.insert(cc.clone());
        } else if let Some(p) = gaz.candidates(key).find(|p| p.is_country()) {
            context.insert(p.country_code().to_string());
        }
    }
    context
}

/// A watched place's GeoNames id: a gazetteer hit on the same place is the watched
/// entity.
fn watched_places(
    watch: &Watchlist,
    gaz: &Gazetteer,
    context: &HashSet<String>,
) -> HashMap<u64, usize> {
    watch
        .entities
        .iter()
        .enumerate()
        .filter(|(_, w)| w.label == Label::Loc)
        .filter_map(|(i, w)| Some((gaz.resolve(&fold::key(&w.name), context)?.geonames_id(), i)))
        .collect()
}

/// The watch-list's people come first, with the forms of their name and aliases.
fn watched_people(watch: &Watchlist, g: &mut Grouping) {
    for (i, w) in watch.entities.iter().enumerate() {
        if w.label != Label::Per {
            continue;
        }
        let person = g.people.add();
        g.person_of_watch.insert(person, i);
        for alias in std::iter::once(&w.name).chain(&w.aliases) {
            let keys: Vec<String> = runs(alias)
                .map(|(a, b)| fold::key(&alias[a..b]))
                .filter(|k| !k.is_empty())
                .collect();
            if let [first, .., last] = &keys[..] {
                g.people
                    .add_form(person, NameKey::new(first), NameKey::new(last));
            }
        }
    }
}

/// Pass 1: watch-list hits, and full names of people (two words or more).
fn full_names(spans: &[Span], names: &Names, g: &mut Grouping, groups: &mut [Option<Group>]) {
    for (i, s) in spans.iter().enumerate() {
        if let Source::Watch(w) = s.source {
            groups[i] = Some(Group::Watch(w));
            continue;
        }
        if s.label != Label::Per || names.len(i) < 2 {
            continue;
        }
        let Some((first, last)) = names.first_last(i) else {
            continue;
        };
        let (first, last) = (NameKey::new(first), NameKey::new(last));
        let at = match g.people.taking_full(&first, &last) {
            Some(at) => at,
            None => g.people.add(),
        };
        g.people.add_form(at, first, last);
        g.people.named_at(at, i);
        groups[i] = Some(Group::Person(at));
    }
}

/// Pass 2: lone names that are a person's surname join that person, whatever the model
/// called them (document consistency: "the meeting of Pompeo" is no place); then
/// demonyms and places; a lone first name joins the one person who has it.
fn lone_names(spans: &mut [Span], names: &Names, g: &mut Grouping, groups: &mut [Option<Group>]) {
    let gaz = g.gaz;
    for (i, s) in spans.iter_mut().enumerate() {
        if groups[i].is_some() {
            continue;
        }
        let (name, key) = (names.name(i), names.key(i));
        let is_country = s.source == Source::Place && gaz.candidates(key).any(|p| p.is_country());
        if names.len(i) == 1 && s.source != Source::Demonym && !is_country {
            let surname = NameKey::new(names.word(i, 0));
            if let Some(at) = g.people.nearest_with_surname(&surname, i) {
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
            gaz.candidates(key).find(|p| p.is_country())
        };
        if s.label == Label::Loc || country.is_some() {
            if let Some(p) = country.or_else(|| gaz.resolve(key, &g.context)) {
                s.label = Label::Loc;
                g.places.insert(p.geonames_id(), p);
                groups[i] = Some(match g.watched_place.get(&p.geonames_id()) {
                    Some(&w) => Group::Watch(w),
                    None => Group::Geo(p.geonames_id()),
                });
                continue;
            }
        }
        if s.label == Label::Per && names.len(i) == 1 {
            if let Some(at) = g.people.only_with_first(names.word(i, 0)) {
                groups[i] = Some(Group::Person(at));
                continue;
            }
        }
        groups[i] = Some(Group::Name(s.label, names.joined(i)));
    }
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
