//! Spans found without the model: gazetteer names (countries, demonyms, cities) and
//! people introduced by a title ("Foreign Minister Uladzimir Makey", "Mr Pompeo").

use newsmill_records::Label;

use crate::dates::calendar_word;
use crate::fold;
use crate::geo::{Gazetteer, BARE_CITY_POPULATION};
use crate::spans::{Source, Span};
use crate::text::{Text, Word};

/// Words after which a capitalised name is a place ("in Shklou", "to Minsk").
const LOCATIVE: &[&str] = &[
    "in", "to", "from", "near", "at", "via", "outside", "toward", "towards", "into", "across",
];

/// Titles and roles that introduce a person's name, sorted (byte order) for binary
/// search.
const TITLES: &[&str] = &[
    "Ambassador",
    "CEO",
    "Chairman",
    "Chancellor",
    "Col",
    "Colonel",
    "Deputy",
    "Director",
    "Envoy",
    "Gen",
    "General",
    "Governor",
    "Judge",
    "King",
    "Mayor",
    "Minister",
    "Pope",
    "Premier",
    "President",
    "Prof",
    "Professor",
    "Queen",
    "Rep",
    "Secretary",
    "Sen",
    "Senator",
    "Speaker",
    "State",
    "activist",
    "activists",
    "ambassador",
    "analyst",
    "analysts",
    "author",
    "blogger",
    "candidate",
    "chairman",
    "chairwoman",
    "chancellor",
    "counterpart",
    "deputy",
    "diplomat",
    "director",
    "dissident",
    "economist",
    "envoy",
    "expert",
    "experts",
    "governor",
    "journalist",
    "judge",
    "leader",
    "mayor",
    "minister",
    "opposition",
    "organiser",
    "organizer",
    "politician",
    "premier",
    "president",
    "professor",
    "researcher",
    "secretary",
    "senator",
    "spokesman",
    "spokesperson",
    "spokeswoman",
];

/// True for a title or role word ("Minister", "analyst").
pub(crate) fn is_title(word: &str) -> bool {
    TITLES.binary_search(&word).is_ok()
}

/// Honorifics, after which one capitalised word is enough.
pub(crate) const HONORIFICS: &[&str] = &["Mr", "Mrs", "Ms", "Dr", "Sir", "Madam"];

fn capitalised(text: &str) -> bool {
    text.starts_with(char::is_uppercase)
}

fn all_caps(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).count() > 1 && !text.chars().any(char::is_lowercase)
}

/// True when the word at `at` opens a sentence, paragraph or quotation, where a capital
/// letter says nothing ("She said", "Split is in Croatia").
fn sentence_initial(body: &str, at: usize) -> bool {
    let before = body[..at].trim_end_matches([' ', '\t', '\n']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '"', '“', '”', '‘', '\'', '(', '«'])
}

/// True when only a space, a hyphen, or (between single letters, as in "U.S.") a dot
/// separates two words.
fn joined(body: &str, a: Word, b: Word) -> bool {
    let gap = &body[a.1..b.0];
    match gap {
        " " | "-" => true,
        "." => a.1 - a.0 == 1 && b.1 - b.0 == 1,
        _ => false,
    }
}

/// Countries, demonyms and cities named in `body`. Countries and demonyms need a
/// capital letter; a city also needs a locative word before it ("in Shklou"), or a
/// population of a million, a name that is no common word and a place inside its
/// sentence ("met in Minsk", but not "Nice weather"); it is never matched in
/// all-capital text (GeoNames lists airport codes).
pub(crate) fn gazetteer(text: &Text, gaz: &Gazetteer) -> Vec<Span> {
    let (body, words) = (text.body, &text.words[..]);
    let mut out = Vec::new();
    let mut i = 0;
    let longest = gaz.longest_name_words();
    let mut candidates = Vec::with_capacity(longest);
    let mut window_key = String::new();
    while i < words.len() {
        let first = words[i];
        if !capitalised(&body[first.0..first.1]) || calendar_word(&body[first.0..first.1]) {
            i += 1;
            continue;
        }
        // Windows of 1..=longest joined words ending in a capitalised word.
        candidates.clear();
        let mut hash = fold::KeyHash::new();
        let mut n = 1;
        while n <= longest && i + n <= words.len() {
            let w = words[i + n - 1];
            if n > 1 && !joined(body, words[i + n - 2], w) {
                break;
            }
            hash.push_key(text.key(i + n - 1));
            if capitalised(&body[w.0..w.1]) {
                candidates.push((n, hash.hash));
            }
            n += 1;
        }
        let mut found = None;
        for &(n, hash) in candidates.iter().rev() {
            let (start, end) = (first.0, words[i + n - 1].1);
            let name = &body[start..end];
            // The window's folded key: its words' keys, back to back.
            window_key.clear();
            (i..i + n).for_each(|k| window_key.push_str(text.key(k)));
            if gaz.demonym_key(&window_key).is_some() {
                found = Some((n, Label::Misc, Source::Demonym));
                break;
            }
            let (mut any, mut country, mut bare) = (false, false, false);
            for p in gaz.candidates_by_hash(hash) {
                any = true;
                country |= p.is_country();
                bare |= p.population() >= BARE_CITY_POPULATION && !p.is_common();
            }
            if !any {
                continue;
            }
            let after_locative = i > 0 && LOCATIVE.contains(&&body[words[i - 1].0..words[i - 1].1]);
            if country
                || (!all_caps(name) && (after_locative || bare && !sentence_initial(body, start)))
            {
                found = Some((n, Label::Loc, Source::Place));
                break;
            }
        }
        match found {
            Some((n, label, source)) => {
                out.push(Span {
                    start: first.0,
                    end: words[i + n - 1].1,
                    label,
                    source,
                });
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// People introduced by a title or role word: two or three capitalised words after
/// "President", "Foreign Minister", "analyst", …, one after "Mr"/"Mrs"/"Dr"; and a
/// second such name joined by "and" ("experts John Lough and Katia Glod").
pub(crate) fn titled_people(t: &Text, gaz: &Gazetteer) -> Vec<Span> {
    let (body, words) = (t.body, &t.words[..]);
    let text = |w: Word| &body[w.0..w.1];
    let name_word = |at: usize| {
        let w = text(words[at]);
        capitalised(w)
            && !all_caps(w)
            && !is_title(w)
            && !calendar_word(w)
            && gaz.demonym_key(t.key(at)).is_none()
            && gaz.candidates(t.key(at)).all(|p| !p.is_country())
    };
    let take_name = |from: usize| -> usize {
        let mut n = 0;
        while from + n < words.len()
            && n < 3
            && name_word(from + n)
            && (n == 0 || joined(body, words[from + n - 1], words[from + n]))
        {
            n += 1;
        }
        n
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < words.len() {
        let cue = text(words[i]);
        let honorific = HONORIFICS.contains(&cue);
        if !(honorific || is_title(cue))
            || body[words[i].1..words[i + 1].0].trim_start_matches('.') != " "
        {
            i += 1;
            continue;
        }
        let n = take_name(i + 1);
        if n < if honorific { 1 } else { 2 } {
            i += 1;
            continue;
        }
        let last = i + n;
        out.push(Span {
            start: words[i + 1].0,
            end: words[last].1,
            label: Label::Per,
            source: Source::Cue,
        });
        i = last + 1;
        if i + 1 < words.len() && text(words[i]) == "and" {
            let m = take_name(i + 1);
            if m >= 2 {
                out.push(Span {
                    start: words[i + 1].0,
                    end: words[i + m].1,
                    label: Label::Per,
                    source: Source::Cue,
                });
                i += m + 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(body: &str, spans: &[Span]) -> Vec<String> {
        spans
            .iter()
            .map(|s| format!("{}:{}", s.label, &body[s.start..s.end]))
            .collect()
    }

    #[test]
    fn titles_are_sorted_for_binary_search() {
        assert!(TITLES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_title("Minister") && is_title("analyst") && !is_title("Ministers"));
    }

    #[test]
    fn countries_demonyms_and_cities() {
        let g = Gazetteer::builtin().unwrap();
        let body = "The Belarusian leader met U.S. officials in Minsk, then went to Shklou. \
                    The IT sector grows; Shklou is small. Belarusians in the United States. \
                    She said Nice weather helps Minsk. Reading is fun.";
        let spans = gazetteer(&Text::new(body), g);
        assert_eq!(
            found(body, &spans),
            [
                "MISC:Belarusian",
                "LOC:U.S",
                "LOC:Minsk",
                "LOC:Shklou",
                "MISC:Belarusians",
                "LOC:United States",
                "LOC:Minsk"
            ]
        );
    }

    #[test]
    fn titles_introduce_people() {
        let g = Gazetteer::builtin().unwrap();
        let body = "Belarusian Foreign Minister Uladzimir Makey met US Secretary of State Mike Pompeo. \
                    Mr Pompeo spoke. The experts John Lough and Katia Glod said so. The president said.";
        let spans = titled_people(&Text::new(body), g);
        assert_eq!(
            found(body, &spans),
            [
                "PER:Uladzimir Makey",
                "PER:Mike Pompeo",
                "PER:Pompeo",
                "PER:John Lough",
                "PER:Katia Glod"
            ]
        );
    }
}
