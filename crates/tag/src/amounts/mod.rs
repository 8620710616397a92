//! Money and percentages, with normalised values.
//!
//! Money values are `<amount> <ISO 4217 code>` with the scale applied and no
//! separators (`$1.5 million` → `1500000 USD`, `€3bn` → `3000000000 EUR`,
//! `1 234,5 млн долларов` → `1234500000 USD`); percentages are the number (`12.5%` →
//! `12.5`, `12,5 proc.` → `12.5`).
//!
//! Found by scanners of our own ([`english`], and [`other`] for the article's language
//! when it is Russian, Belarusian, Ukrainian, Polish, German or French), anchored at
//! the start of each word of the shared tokenisation: time linear in the body. Where
//! several amounts overlap, the leftmost, then longest, wins; on a tie the article's
//! language reads the number.

mod currency;
mod english;
mod number;
mod other;

use newsmill_records::Label;

use crate::cursor::Cursor;
use crate::lang::Langs;
use crate::text::Text;

use other::Lexicon;

/// An amount found in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AmountHit {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub value: String,
}

/// An amount as a scanner found it, with the rank that breaks a tie.
#[derive(Clone, Debug)]
struct Candidate {
    hit: AmountHit,
    /// 0 for the article's own language, 1 for English.
    rank: u8,
}

impl Candidate {
    fn money(start: usize, end: usize, plain: &str, zeros: usize, code: &str) -> Candidate {
        Candidate {
            hit: AmountHit {
                start,
                end,
                label: Label::Money,
                value: format!("{} {code}", number::scaled(plain, zeros)),
            },
            rank: 1,
        }
    }

    fn percent(start: usize, end: usize, plain: &str) -> Candidate {
        Candidate {
            hit: AmountHit {
                start,
                end,
                label: Label::Percent,
                value: number::scaled(plain, 0),
            },
            rank: 1,
        }
    }
}

/// The amount scanners' tables, built once per tagger.
pub(crate) struct AmountFinder {
    lexicon: Lexicon,
}

impl AmountFinder {
    pub(crate) fn new() -> AmountFinder {
        AmountFinder {
            lexicon: Lexicon::new(),
        }
    }

    /// Every money amount and percentage in the text, leftmost-longest, in the
    /// languages `langs`.
    pub(crate) fn find(&self, text: &Text, langs: Langs) -> Vec<AmountHit> {
        let c = Cursor::new(text.body);
        let other = langs.other();
        let mut raw: Vec<Candidate> = Vec::new();
        // The end of the last number read: a word inside it ("234" of "1,234,567") would
        // only give a shorter amount with the same end, which the longer one beats, and
        // reading it again would make a long run of digit groups cost quadratic time.
        let mut number_end = 0;
        for i in 0..text.words.len() {
            let p = text.words[i].0;
            if p < number_end {
                continue;
            }
            english::at(&c, p, &mut raw);
            if let Some(lang) = other {
                let from = raw.len();
                other::at(&self.lexicon, lang, &c, text, i, &mut raw);
                for r in &mut raw[from..] {
                    r.rank = 0;
                }
            }
            if c.text.as_bytes()[p].is_ascii_digit() {
                number_end = number::end(&c, p, other.is_some());
            }
        }
        // Part of a longer number ("1.000.000", "₽1,5"): ambiguous separators, no value.
        raw.retain(|r| {
            let h = &r.hit;
            let before = c.char_before(h.start);
            let cut_before = before.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',');
            let cut_after = matches!(c.char_at(h.end), Some('.' | ','))
                && c.char_at(h.end + 1).is_some_and(|c| c.is_ascii_digit());
            !cut_before && !cut_after
        });
        raw.sort_by_key(|r| (r.hit.start, std::cmp::Reverse(r.hit.end), r.rank));
        let mut out: Vec<AmountHit> = Vec::new();
        for r in raw {
            if out.last().is_none_or(|l| r.hit.start >= l.end) {
                out.push(r.hit);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(lang: Option<&str>, text: &str) -> Vec<(String, Label, String)> {
        AmountFinder::new()
            .find(&Text::new(text), Langs::for_article(lang))
            .into_iter()
            .map(|h| (text[h.start..h.end].to_string(), h.label, h.value))
            .collect()
    }

    fn want(list: &[(&str, Label, &str)]) -> Vec<(String, Label, String)> {
        list.iter()
            .map(|(a, l, v)| (a.to_string(), *l, v.to_string()))
            .collect()
    }

    #[test]
    fn parts_of_ambiguous_numbers_are_skipped() {
        assert!(found(None, "1.000.000 rubles and ₽1,5 and 2,5%").is_empty());
    }

    #[test]
    fn finds_money_and_percentages() {
        let text = "A loan of $1.5 million, USD 200, €3bn and 200 million Belarusian rubles; \
                    inflation hit 12.5% or 12 percent; 60 people; 40 EUR fee; 5 dollars.";
        let got = found(None, text);
        let want = want(&[
            ("$1.5 million", Label::Money, "1500000 USD"),
            ("USD 200", Label::Money, "200 USD"),
            ("€3bn", Label::Money, "3000000000 EUR"),
            (
                "200 million Belarusian rubles",
                Label::Money,
                "200000000 BYN",
            ),
            ("12.5%", Label::Percent, "12.5"),
            ("12 percent", Label::Percent, "12"),
            ("40 EUR", Label::Money, "40 EUR"),
            ("5 dollars", Label::Money, "5 USD"),
        ]);
        assert_eq!(got, want);
    }

    #[test]
    fn english_edge_forms() {
        let text = "US$2.50, $ 5, 10k pounds, 7bn yen, 3 pounds sterling, 4 pct, 5 months, \
                    2 Swiss francs, 1 U.S. dollar, 2 Canadian dollars, USD200 million, 1,000,000,000 USD.";
        assert_eq!(
            found(None, text),
            want(&[
                ("US$2.50", Label::Money, "2.5 USD"),
                ("$ 5", Label::Money, "5 USD"),
                ("10k pounds", Label::Money, "10000 GBP"),
                ("7bn yen", Label::Money, "7000000000 JPY"),
                ("3 pounds sterling", Label::Money, "3 GBP"),
                ("4 pct", Label::Percent, "4"),
                ("2 Swiss francs", Label::Money, "2 CHF"),
                ("1 U.S. dollar", Label::Money, "1 USD"),
                ("2 Canadian dollars", Label::Money, "2 CAD"),
                ("USD200 million", Label::Money, "200000000 USD"),
                ("1,000,000,000 USD", Label::Money, "1000000000 USD"),
            ])
        );
    }

    #[test]
    fn other_languages_read_their_own_number_formats() {
        let ru = "Выручка 1 234,5 млн долларов, или 4,1 млрд белорусских рублей; $1,5 млрд; \
                  3,2 млрд $; 12,5%; 20 процентов; 3,48 рубля; 5 тыс. руб.";
        assert_eq!(
            found(Some("ru"), ru),
            want(&[
                ("1 234,5 млн долларов", Label::Money, "1234500000 USD"),
                (
                    "4,1 млрд белорусских рублей",
                    Label::Money,
                    "4100000000 BYN"
                ),
                ("$1,5 млрд", Label::Money, "1500000000 USD"),
                ("3,2 млрд $", Label::Money, "3200000000 USD"),
                ("12,5%", Label::Percent, "12.5"),
                ("20 процентов", Label::Percent, "20"),
                ("3,48 рубля", Label::Money, "3.48 RUB"),
                ("5 тыс. руб.", Label::Money, "5000 RUB"),
            ])
        );
        let pl = "Straty 1 234,50 mln zł, 300 mln złotych, 12,5 proc. i 40%; kurs 4,32 zł.";
        assert_eq!(
            found(Some("pl"), pl),
            want(&[
                ("1 234,50 mln zł", Label::Money, "1234500000 PLN"),
                ("300 mln złotych", Label::Money, "300000000 PLN"),
                ("12,5 proc.", Label::Percent, "12.5"),
                ("40%", Label::Percent, "40"),
                ("4,32 zł", Label::Money, "4.32 PLN"),
            ])
        );
        let de =
            "Zuschüsse von 1.234,5 Mio. Euro, 50 Mio. €, 2,5 Mrd. Euro und 80 Prozent; 12,5 %.";
        assert_eq!(
            found(Some("de"), de),
            want(&[
                ("1.234,5 Mio. Euro", Label::Money, "1234500000 EUR"),
                ("50 Mio. €", Label::Money, "50000000 EUR"),
                ("2,5 Mrd. Euro", Label::Money, "2500000000 EUR"),
                ("80 Prozent", Label::Percent, "80"),
                ("12,5 %", Label::Percent, "12.5"),
            ])
        );
        let fr = "Un plan de 1,2 milliard d'euros, 76,30 euros, 300 millions d'euros, 4,5 % et 5 pour cent.";
        assert_eq!(
            found(Some("fr"), fr),
            want(&[
                ("1,2 milliard d'euros", Label::Money, "1200000000 EUR"),
                ("76,30 euros", Label::Money, "76.3 EUR"),
                ("300 millions d'euros", Label::Money, "300000000 EUR"),
                ("4,5 %", Label::Percent, "4.5"),
                ("5 pour cent", Label::Percent, "5"),
            ])
        );
        let be = "25 млн рублёў і 14,2% і 1 500 палітвязняў";
        assert_eq!(
            found(Some("be"), be),
            want(&[
                ("25 млн рублёў", Label::Money, "25000000 BYN"),
                ("14,2%", Label::Percent, "14.2"),
            ])
        );
        let uk = "40,5 млрд доларів, €1,5 млрд і 1 700 млрд гривень; 5,1 відсотка.";
        assert_eq!(
            found(Some("uk"), uk),
            want(&[
                ("40,5 млрд доларів", Label::Money, "40500000000 USD"),
                ("€1,5 млрд", Label::Money, "1500000000 EUR"),
                ("1 700 млрд гривень", Label::Money, "1700000000000 UAH"),
                ("5,1 відсотка", Label::Percent, "5.1"),
            ])
        );
        // English articles keep English number formats.
        assert_eq!(
            found(None, "1,234 EUR"),
            want(&[("1,234 EUR", Label::Money, "1234 EUR")])
        );
        assert_eq!(
            found(Some("fr"), "1,234 EUR"),
            want(&[("1,234 EUR", Label::Money, "1.234 EUR")])
        );
    }
}
