//! Person clusters: every (first, last) name form seen for a person, indexed so that
//! each look-up touches only the forms whose surname could match.
//!
//! Two surnames can only be the same name ([`NameKey::same`]) when they share a
//! consonant skeleton, so forms are filed by their surname's skeleton. A bucket is
//! scanned up to [`SCAN`] forms: articles name a handful of people per surname, and a
//! hostile body with thousands of first names for one surname costs no more than
//! `SCAN` comparisons per name.

use std::collections::{HashMap, HashSet};

use crate::fold::NameKey;

/// The most forms one look-up compares.
const SCAN: usize = 64;

/// One (first, last) form of a person's name.
struct Form {
    person: usize,
    first: NameKey,
    last: NameKey,
}

/// The people of an article.
#[derive(Default)]
pub(crate) struct People {
    /// For each person, the spans that give the full name, in body order.
    full_at: Vec<Vec<usize>>,
    /// Forms by their surname's skeleton.
    by_last: HashMap<String, Vec<Form>>,
    /// Forms already filed: (person, first key, last key).
    filed: HashSet<(usize, String, String)>,
    /// People by first-name key.
    by_first: HashMap<String, Vec<usize>>,
}

/// Whether a first name matches a form's: the same name, an initial of it ("J." and
/// "John"), or the same consonant skeleton.
fn first_matches(form: &NameKey, first: &NameKey) -> bool {
    form.same(first)
        || (first.key.len() == 1 && form.key.starts_with(&first.key))
        || (form.key.len() == 1 && first.key.starts_with(&form.key))
        || form.skeleton == first.skeleton
}

impl People {
    /// Adds a person with no forms yet; returns its index.
    pub(crate) fn add(&mut self) -> usize {
        self.full_at.push(Vec::new());
        self.full_at.len() - 1
    }

    /// Files a form of `person`'s name.
    pub(crate) fn add_form(&mut self, person: usize, first: NameKey, last: NameKey) {
        if !self
            .filed
            .insert((person, first.key.clone(), last.key.clone()))
        {
            return;
        }
        let owners = self.by_first.entry(first.key.clone()).or_default();
        if !owners.contains(&person) {
            owners.push(person);
        }
        self.by_last
            .entry(last.skeleton.clone())
            .or_default()
            .push(Form {
                person,
                first,
                last,
            });
    }

    /// Records that span `span` gives `person`'s full name (spans come in body order).
    pub(crate) fn named_at(&mut self, person: usize, span: usize) {
        self.full_at[person].push(span);
    }

    fn forms_for<'a>(&'a self, last: &'a NameKey) -> impl Iterator<Item = &'a Form> + 'a {
        self.by_last
            .get(&last.skeleton)
            .into_iter()
            .flat_map(|forms| forms.iter().take(SCAN))
            .filter(move |f| f.last.same(last))
    }

    /// The first person (in order of creation) with a compatible full name.
    pub(crate) fn taking_full(&self, first: &NameKey, last: &NameKey) -> Option<usize> {
        self.forms_for(last)
            .filter(|f| first_matches(&f.first, first))
            .map(|f| f.person)
            .min()
    }

    /// Of the people whose surname matches, the one named in full most recently before
    /// span `at`, else soonest after ("Bill Clinton … Hillary Clinton … Clinton").
    pub(crate) fn nearest_with_surname(&self, surname: &NameKey, at: usize) -> Option<usize> {
        let mut people: Vec<usize> = self.forms_for(surname).map(|f| f.person).collect();
        people.sort_unstable();
        people.dedup();
        people.into_iter().max_by_key(|&p| {
            let full = &self.full_at[p];
            let after = full.partition_point(|&f| f <= at);
            let before = full[..full.partition_point(|&f| f < at)].last();
            match (before, full.get(after)) {
                (Some(&before), _) => (2, before),
                (None, Some(&after)) => (1, usize::MAX - after),
                (None, None) => (0, p),
            }
        })
    }

    /// The one person with this first name, if exactly one has it.
    pub(crate) fn only_with_first(&self, first: &str) -> Option<usize> {
        match self.by_first.get(first).map(Vec::as_slice) {
            Some(&[p]) => Some(p),
            _ => None,
        }
    }
}
