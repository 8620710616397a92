//! Tests of the date scanners.

use chrono::NaiveDate;

use super::*;
use crate::lang::Langs;
use crate::text::Text;

fn found(text: &str, published: Option<NaiveDate>) -> Vec<(String, String)> {
    found_in(None, text, published)
}

fn found_in(lang: Option<&str>, text: &str, published: Option<NaiveDate>) -> Vec<(String, String)> {
    DateFinder::new()
        .find(&Text::new(text), published, Langs::for_article(lang))
        .into_iter()
        .map(|h| {
            (
                text[h.start..h.end].to_string(),
                h.value.unwrap_or_else(|| "-".into()),
            )
        })
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn resolves_against_publication_date_and_tense() {
    let published = NaiveDate::from_ymd_opt(2020, 1, 29);
    let text = "He is expected to arrive on February, 1. The protest was held on December, 20. \
                On January 30, he will head to Kyiv. The tour was scheduled for early January. \
                In the summer of 2019 they talked. In December 2019 it stalled. In 2008 they split, \
                as far back as the year of 1994. Prices rose 12 percent in 2019.";
    assert_eq!(
        found(text, published),
        [
            pair("February, 1", "2020-02-01"),
            pair("December, 20", "2019-12-20"),
            pair("January 30", "2020-01-30"),
            pair("early January", "2020-01"),
            pair("summer of 2019", "2019-summer"),
            pair("December 2019", "2019-12"),
            pair("2008", "2008"),
            pair("1994", "1994"),
            pair("2019", "2019"),
        ]
    );
}

#[test]
fn tense_moves_an_ambiguous_day_across_the_year() {
    // Published 10 July 2020: 2020-01-20 is 172 days back, 2021-01-20 194 ahead.
    let published = NaiveDate::from_ymd_opt(2020, 7, 10);
    assert_eq!(
        found("They meet on January 20.", published),
        [pair("January 20", "2020-01-20")]
    );
    assert_eq!(
        found("They will meet on January 20.", published),
        [pair("January 20", "2021-01-20")]
    );
    // Published 20 December 2019: "January 5" is nearest in 2020, but "was" looks back.
    let published = NaiveDate::from_ymd_opt(2019, 12, 20);
    assert_eq!(
        found("It will open on January 5.", published),
        [pair("January 5", "2020-01-05")]
    );
    assert_eq!(
        found("It was opened on January 5.", published),
        [pair("January 5", "2019-01-05")]
    );
}

#[test]
fn explicit_numeric_and_relative_forms() {
    let published = NaiveDate::from_ymd_opt(2020, 1, 29);
    let text = "On 2020-01-06, on 7 December 2019, on 12/25/2019, on 05.01.2020, yesterday, last year, next month.";
    assert_eq!(
        found(text, published),
        [
            pair("2020-01-06", "2020-01-06"),
            pair("7 December 2019", "2019-12-07"),
            pair("12/25/2019", "2019-12-25"),
            pair("05.01.2020", "2020-01-05"),
            pair("yesterday", "2020-01-28"),
            pair("last year", "2019"),
            pair("next month", "2020-02"),
        ]
    );
}

#[test]
fn impossible_dates_are_not_dates() {
    let published = NaiveDate::from_ymd_opt(2020, 1, 29);
    assert!(found("on 31/02/2020, 2020-13-45 and Feb. 30", published).is_empty());
    assert_eq!(
        found("on February 29", published),
        [pair("February 29", "2020-02-29")]
    );
}

#[test]
fn calendar_words() {
    for w in ["June", "JUNE", "Jun", "Monday", "may"] {
        assert!(calendar_word(w), "{w}");
    }
    for w in ["Junes", "Mayor", "Marcus", "Minsk"] {
        assert!(!calendar_word(w), "{w}");
    }
}

#[test]
fn no_publication_date_means_no_guessed_year() {
    assert_eq!(
        found("on January 30 and in 2008", None),
        [pair("January 30", "-"), pair("2008", "2008")]
    );
    // Bare numbers and modal "may" are not dates.
    assert!(found("We may see 2008 people and 12 cars.", None).is_empty());
}

#[test]
fn english_edge_forms() {
    let published = NaiveDate::from_ymd_opt(2020, 1, 29);
    let text = "The 5 Jan. meeting; in Jan. the talks; 20th of May, 2021; Sept. 15 2019; \
                mid-January; Mar-a-Lago in Mar-a-Lago; this year's plan; in 2019%; 12/31/20199.";
    assert_eq!(
        found(text, published),
        [
            pair("5 Jan", "2020-01-05"),
            pair("Jan", "2020-01"),
            pair("20th of May, 2021", "2021-05-20"),
            pair("Sept. 15 2019", "2019-09-15"),
            pair("mid-January", "2020-01"),
            pair("Mar", "2020-03"),
            pair("this year", "2020"),
        ]
    );
}

#[test]
fn russian_belarusian_and_ukrainian() {
    let published = NaiveDate::from_ymd_opt(2024, 4, 2);
    let ru = "Указ подписан 15 марта 2024 года. В январе экспорт упал. До 1 июня будет план. \
              В 2021 году — рекорд; 2023 г. был хуже. Вчера и в прошлом году; заседание 25.04.2024.";
    assert_eq!(
        found_in(Some("ru"), ru, published),
        [
            pair("15 марта 2024 года", "2024-03-15"),
            pair("январе", "2024-01"),
            pair("1 июня", "2024-06-01"),
            pair("2021 году", "2021"),
            pair("2023 г.", "2023"),
            pair("Вчера", "2024-04-01"),
            pair("прошлом году", "2023"),
            pair("25.04.2024", "2024-04-25"),
        ]
    );
    let be = "9 жніўня 2023 года яна выступіла. Сустрэча 3 лютага, летась і ў студзені 2024.";
    assert_eq!(
        found_in(Some("be"), be, NaiveDate::from_ymd_opt(2023, 8, 10)),
        [
            pair("9 жніўня 2023 года", "2023-08-09"),
            pair("3 лютага", "2024-02-03"),
            pair("летась", "2022"),
            pair("студзені 2024", "2024-01"),
        ]
    );
    let uk = "14 грудня 2023 року ставку знизили. Засідання відбудеться 25 січня. \
              Торік було важче, а у березні буде краще.";
    assert_eq!(
        found_in(Some("uk"), uk, NaiveDate::from_ymd_opt(2023, 12, 15)),
        [
            pair("14 грудня 2023 року", "2023-12-14"),
            pair("25 січня", "2024-01-25"),
            pair("Торік", "2022"),
            pair("березні", "2024-03"),
        ]
    );
}

#[test]
fn polish_german_and_french() {
    let pl = "Rząd zdecydował 5 marca 2024 r. o zamknięciu. W lutym mniej, spotkanie 15 kwietnia. \
              W zeszłym roku i od 1 stycznia 2023 r. ruch spadł. Na początku czerwca.";
    assert_eq!(
        found_in(Some("pl"), pl, NaiveDate::from_ymd_opt(2024, 3, 6)),
        [
            pair("5 marca 2024 r.", "2024-03-05"),
            pair("lutym", "2024-02"),
            pair("15 kwietnia", "2024-04-15"),
            pair("zeszłym roku", "2023"),
            pair("1 stycznia 2023 r.", "2023-01-01"),
            pair("początku czerwca", "2024-06"),
        ]
    );
    let de = "Am 3. März 2024 beschlossen; seit Januar 2023 und im Jahr 2022; bis zum 31. Dezember 2026; \
              Anfang Mai; im vergangenen Jahr; gestern, am Morgen; 15. April geplant.";
    assert_eq!(
        found_in(Some("de"), de, NaiveDate::from_ymd_opt(2024, 3, 4)),
        [
            pair("3. März 2024", "2024-03-03"),
            pair("Januar 2023", "2023-01"),
            pair("2022", "2022"),
            pair("31. Dezember 2026", "2026-12-31"),
            pair("Anfang Mai", "2024-05"),
            pair("vergangenen Jahr", "2023"),
            pair("gestern", "2024-03-03"),
            pair("15. April", "2024-04-15"),
        ]
    );
    let fr = "Le 12 février 2024, le plan; en janvier, avant le 1er juin; l'année dernière; \
              aujourd'hui et avant-hier; fin mars; depuis 2020; le 7 déc. dernier; l'été 2022.";
    assert_eq!(
        found_in(Some("fr"), fr, NaiveDate::from_ymd_opt(2024, 2, 13)),
        [
            pair("12 février 2024", "2024-02-12"),
            pair("janvier", "2024-01"),
            pair("1er juin", "2024-06-01"),
            pair("année dernière", "2023"),
            pair("aujourd'hui", "2024-02-13"),
            pair("avant-hier", "2024-02-11"),
            pair("fin mars", "2024-03"),
            pair("2020", "2020"),
            pair("7 déc.", "2023-12-07"),
            pair("été 2022", "2022-summer"),
        ]
    );
}

#[test]
fn other_languages_only_when_the_article_is_in_them() {
    let published = NaiveDate::from_ymd_opt(2024, 3, 6);
    // In an English article, "5 marca" is not a date, and "Mai" is no month.
    assert!(found("On 5 marca and 3 Mai the hier.", published).is_empty());
    assert_eq!(
        found_in(Some("pl"), "On 5 marca.", published),
        [pair("5 marca", "2024-03-05")]
    );
}
