//! Tags our own fixture article (a foreign minister's visit to a capital, written for
//! these tests) end to end. Assertions that need the statistical model are kept to
//! what the watch-list, gazetteer and title cues find on their own, so a weaker or
//! stronger model does not change the outcome.

use chrono::DateTime;
use newsmill_records::{Article, Entity, Label, Tagged};
use newsmill_tag::{Tagger, Watchlist};

const BODY: &str = include_str!("fixtures/rau-kyiv.txt");
const WATCHLIST: &str = include_str!("../../../config/entities.toml");

fn article(body: &str, published: &str) -> Article {
    let paragraphs = body
        .split(
            "

",
        )
        .map(str::trim)
        .filter(|p| !p.is_empty());
    Article {
        id: "rau-kyiv".into(),
        published: Some(DateTime::parse_from_rfc3339(published).unwrap()),
        ..Article::from_paragraphs("fixture", "https://example.org/rau-kyiv", paragraphs)
    }
}

fn tagged() -> (Article, Tagged) {
    let tagger =
        Tagger::builtin(Watchlist::from_toml(WATCHLIST, "config/entities.toml").unwrap()).unwrap();
    let a = article(BODY, "2021-03-10T09:00:00+01:00");
    let t = tagger.tag(&a);
    (a, t)
}

fn entity<'a>(t: &'a Tagged, id: &str) -> &'a Entity {
    t.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entity {id} in {:#?}", t.entities))
}

fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn offsets_are_characters_into_the_body() {
    let (a, t) = tagged();
    let body = a.body();
    assert!(!t.mentions.is_empty() && !t.quotes.is_empty());
    for m in &t.mentions {
        assert_eq!(char_slice(&body, m.start, m.end), m.text, "{m:?}");
    }
    for q in &t.quotes {
        assert_eq!(char_slice(&body, q.start, q.end), q.text, "{q:?}");
    }
    assert!(
        t.mentions.windows(2).all(|w| w[0].start <= w[1].start),
        "mentions are in body order"
    );
}

#[test]
fn watched_person_gathers_latin_and_cyrillic_spellings() {
    let (_, t) = tagged();
    let luka = entity(&t, "wd:Q39803");
    assert_eq!(
        (luka.name.as_str(), luka.label, luka.watched),
        ("Alyaksandr Lukashenka", Label::Per, true)
    );
    for alias in [
        "Alexander Lukashenko",
        "Лукашенко",
        "Лукашэнка",
        "Lukashenka",
    ] {
        assert!(
            luka.aliases.iter().any(|a| a == alias),
            "{alias} missing from {:?}",
            luka.aliases
        );
    }
    assert_eq!(luka.mentions, 4);
    assert_eq!(luka.labels, ["belarus", "head-of-state"]);
    assert_eq!(entity(&t, "wd:Q63865286").mentions, 1);
    let people: Vec<&Entity> = t
        .entities
        .iter()
        .filter(|e| e.label == Label::Per)
        .collect();
    let lukas = people
        .iter()
        .filter(|e| e.aliases.iter().any(|a| a.contains("Lukash")))
        .count();
    assert_eq!(lukas, 1, "one Lukashenka, not several: {people:#?}");
}

#[test]
fn short_names_join_the_full_name() {
    let (_, t) = tagged();
    let rau = entity(&t, "per:zbigniew-rau");
    // "Zbigniew Rau", "Rau's" (twice), "Mr Rau", "Rau" (twice), and "Rau said".
    assert!(rau.mentions >= 6, "{rau:?}");
    assert!(rau.aliases.iter().any(|a| a == "Rau"));
    let kuleba = entity(&t, "per:dmytro-kuleba");
    assert!(kuleba.mentions >= 3, "{kuleba:?}");
    assert!(
        !t.entities
            .iter()
            .any(|e| e.name == "Rau" || e.name == "Kuleba"),
        "no separate short-name entities"
    );
}

#[test]
fn places_link_to_geonames_and_variants_fold() {
    let (_, t) = tagged();
    let kyiv = entity(&t, "geonames:703448");
    assert_eq!((kyiv.name.as_str(), kyiv.mentions), ("Kyiv", 3));
    assert!(kyiv.aliases.contains(&"Kiev".to_string()));
    let geo = kyiv.geo.as_ref().unwrap();
    assert_eq!(geo.country_code, "UA");
    assert!((geo.latitude - 50.45).abs() < 0.05 && (geo.longitude - 30.52).abs() < 0.05);
    assert_eq!(
        entity(&t, "geonames:625144").country_code.as_deref(),
        Some("BY")
    );
    assert_eq!(entity(&t, "geonames:756135").name, "Warsaw");
    let poland = entity(&t, "geonames:798544");
    assert_eq!(
        (poland.country_code.as_deref(), poland.mentions),
        (Some("PL"), 4)
    );
    assert_eq!(
        entity(&t, "geonames:690791")
            .geo
            .as_ref()
            .unwrap()
            .country_code,
        "UA"
    );
    // The watch-list's own id wins for Belarus, and the place is still linked.
    let belarus = entity(&t, "wd:Q184");
    assert_eq!(belarus.geo.as_ref().map(|g| g.geonames_id), Some(630336));
    // Months are not places ("in August 2020").
    assert!(!t
        .mentions
        .iter()
        .any(|m| m.label == Label::Loc && m.text == "August"));
}

#[test]
fn demonyms_are_misc_with_their_country() {
    let (_, t) = tagged();
    for (id, cc) in [
        ("misc:polish", "PL"),
        ("misc:ukrainian", "UA"),
        ("misc:belarusian", "BY"),
    ] {
        let e = entity(&t, id);
        assert_eq!(
            (e.label, e.country_code.as_deref()),
            (Label::Misc, Some(cc))
        );
    }
}

#[test]
fn dates_resolve_against_publication() {
    let (_, t) = tagged();
    let dates: Vec<(&str, &str)> = t
        .mentions
        .iter()
        .filter(|m| m.label == Label::Date)
        .map(|m| (m.text.as_str(), m.value.as_deref().unwrap_or("-")))
        .collect();
    assert_eq!(
        dates,
        [
            ("March, 15", "2021-03-15"),
            ("August 2020", "2020-08"),
            ("early February", "2021-02"),
            ("January 28", "2021-01-28"),
            // Nearer in 2021 (152 days ahead) but "was held": 2020.
            ("August 9", "2020-08-09"),
            ("December, 20", "2020-12-20"),
            ("autumn of 2020", "2020-autumn"),
            ("2020", "2020"),
        ]
    );
}

#[test]
fn money_and_percentages_carry_values() {
    let (_, t) = tagged();
    let amounts: Vec<(Label, &str, &str)> = t
        .mentions
        .iter()
        .filter(|m| matches!(m.label, Label::Money | Label::Percent))
        .map(|m| (m.label, m.text.as_str(), m.value.as_deref().unwrap_or("-")))
        .collect();
    assert_eq!(
        amounts,
        [
            (Label::Money, "$50 million", "50000000 USD"),
            (Label::Money, "€12m", "12000000 EUR"),
            (Label::Percent, "12.5%", "12.5"),
        ]
    );
}

#[test]
fn both_quotations_are_attributed() {
    let (_, t) = tagged();
    let quotes: Vec<(&str, Option<&str>)> = t
        .quotes
        .iter()
        .map(|q| (q.text.as_str(), q.speaker_entity_id.as_deref()))
        .collect();
    assert_eq!(
        quotes,
        [
            (
                "We stand with Ukraine and with the people of Belarus,",
                Some("per:zbigniew-rau")
            ),
            // "he told reporters": the person last named as a subject.
            (
                "Poland is our closest advocate in the European Union,",
                Some("per:dmytro-kuleba")
            ),
        ]
    );
    assert_eq!(t.quotes[1].speaker.as_deref(), Some("Dmytro Kuleba"));
}

#[test]
fn ids_are_stable_and_unique() {
    let (_, first) = tagged();
    let (_, second) = tagged();
    assert_eq!(first, second);
    let mut ids: Vec<&str> = first.entities.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), first.entities.len());
    // Same entity, other article, other spelling: same id.
    let tagger = Tagger::builtin(Watchlist::default()).unwrap();
    let other = tagger.tag(&article(
        "Talks in Kiev. Minister Zbigniew Rau spoke.",
        "2021-03-11T00:00:00Z",
    ));
    assert!(other.entities.iter().any(|e| e.id == "geonames:703448"));
    assert!(other.entities.iter().any(|e| e.id == "per:zbigniew-rau"));
}

#[test]
fn an_empty_article_tags_to_nothing() {
    let tagger = Tagger::builtin(Watchlist::default()).unwrap();
    let t = tagger.tag(&article("", "2021-03-10T00:00:00Z"));
    assert_eq!(
        t,
        Tagged {
            tagging: "full".into(),
            ..Tagged::default()
        }
    );
}

#[test]
fn odd_text_does_not_panic_and_offsets_hold() {
    let tagger =
        Tagger::builtin(Watchlist::from_toml(WATCHLIST, "config/entities.toml").unwrap()).unwrap();
    let odd = "«Лукашэнка» 👍 said: “unclosed quote… $ 5 € %\n\n\"\" \"a\" «b c d» 31/02/2020 \
               2020-13-45 Feb. 30, on May 1st 1999 ₽1,5 US$2.50 1.000.000 rubles — Mr. \
               Пуцін, Kyïv; ПОМПЕО's “Мы за суверенітэт Беларусі,” — сказаў ён. ‘Single quoted words here,’ he said";
    let a = article(odd, "2020-01-29T10:00:00+03:00");
    let t = tagger.tag(&a);
    let body = a.body();
    for m in &t.mentions {
        assert_eq!(char_slice(&body, m.start, m.end), m.text, "{m:?}");
    }
    for q in &t.quotes {
        assert_eq!(char_slice(&body, q.start, q.end), q.text, "{q:?}");
    }
    // Impossible dates are not given values that do not exist.
    assert!(t
        .mentions
        .iter()
        .filter_map(|m| m.value.as_deref())
        .all(|v| !v.starts_with("2020-02-3")));
    // The Cyrillic spellings reach the watch-list.
    assert!(t.entities.iter().any(|e| e.id == "wd:Q39803"));
    assert!(t.entities.iter().any(|e| e.id == "wd:Q473239"));
}

#[test]
fn a_body_in_another_language_gets_no_model_names_but_keeps_the_watch_list() {
    let tagger =
        Tagger::builtin(Watchlist::from_toml(WATCHLIST, "config/entities.toml").unwrap()).unwrap();
    let pt = "Carlos Nadalim apresentou ontem em Brasília um novo programa de alfabetização \
              para as escolas públicas. Segundo Nadalim, as famílias poderão acompanhar o \
              progresso das crianças em casa, e o material será distribuído gratuitamente \
              pelas secretarias de educação de todos os estados até o fim do ano. Lukashenko \
              não foi mencionado.";
    let mut a = article(pt, "2021-03-10T09:00:00+01:00");
    a.language = Some("pt".into());
    let t = tagger.tag(&a);
    assert_eq!(
        t.tagging,
        "partial: language pt; dates and amounts in English forms only"
    );
    assert!(
        t.entities
            .iter()
            .all(|e| e.label != Label::Per || e.watched),
        "no model-found people in a Portuguese body: {:#?}",
        t.entities
    );
    assert!(
        t.entities
            .iter()
            .any(|e| e.watched && e.name.contains("Lukashenka")),
        "the watch-list still matches: {:#?}",
        t.entities
    );

    // A wrong declared language does not switch the model off for an English body.
    let mut en = article(BODY, "2021-03-10T09:00:00+01:00");
    en.language = Some("pt".into());
    let t = tagger.tag(&en);
    assert_eq!(t.tagging, "full");
    let people = t.entities.iter().filter(|e| e.label == Label::Per).count();
    let (_, reference) = tagged();
    let expected = reference
        .entities
        .iter()
        .filter(|e| e.label == Label::Per)
        .count();
    assert_eq!(people, expected);
}

#[test]
fn a_russian_body_says_why_names_are_few_and_still_gets_dates_and_amounts() {
    let tagger =
        Tagger::builtin(Watchlist::from_toml(WATCHLIST, "config/entities.toml").unwrap()).unwrap();
    let ru = "Александр Лукашенко 15 марта 2024 года подписал указ о поддержке экспортёров. \
              По данным министерства, в январе экспорт сократился на 12,5%, а выручка составила \
              1 234,5 млн долларов. Следующее заседание правительства назначено на 25 апреля, \
              сообщили в Минске журналистам во вторник вечером.";
    let mut a = article(ru, "2024-04-02T11:00:00+03:00");
    a.language = Some("ru".into());
    let t = tagger.tag(&a);
    assert_eq!(t.tagging, "partial: language ru");
    let values: Vec<(&str, &str)> = t
        .mentions
        .iter()
        .filter_map(|m| Some((m.text.as_str(), m.value.as_deref()?)))
        .collect();
    assert_eq!(
        values,
        [
            ("15 марта 2024 года", "2024-03-15"),
            ("январе", "2024-01"),
            ("12,5%", "12.5"),
            ("1 234,5 млн долларов", "1234500000 USD"),
            ("25 апреля", "2024-04-25"),
        ]
    );
    assert!(t.entities.iter().any(|e| e.id == "wd:Q39803"));
}
