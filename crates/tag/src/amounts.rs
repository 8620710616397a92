//! Money and percentages, with normalised values.
//!
//! Money values are `<amount> <ISO 4217 code>` with the scale applied and no
//! separators (`$1.5 million` → `1500000 USD`, `€3bn` → `3000000000 EUR`);
//! percentages are the number (`12.5%` → `12.5`).

use newsmill_records::Label;
use regex::{Captures, Regex};

const NUM: &str = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)";
const SCALE: &str = r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|m|k)\b)?";
const CODES: &str = r"(?P<code>USD|EUR|GBP|RUB|BYN|BYR|UAH|CNY|JPY|CHF|PLN|KZT|CAD|AUD)";

/// An amount found in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AmountHit {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub value: String,
}

/// The compiled money and percentage patterns (built once per tagger).
pub(crate) struct AmountFinder {
    money: Vec<Regex>,
    percent: Regex,
}

impl AmountFinder {
    pub(crate) fn new() -> AmountFinder {
        let re = |s: String| Regex::new(&s).expect("amount patterns are valid");
        let words = r"(?:(?P<adj>Belarusian|Russian|US|U\.S\.|American|Canadian|Australian|Ukrainian|Hong Kong)\s)?(?P<word>dollars?|euros?|pounds sterling|pounds?|roubles?|rubles?|hryvnias?|hryvnas?|yuan|yen|Swiss francs?|zlotys?|tenge)\b";
        AmountFinder {
            money: vec![
                re(format!(r"(?P<sym>US\$|\$|€|£|¥|₽|₴)\s?{NUM}{SCALE}")),
                re(format!(r"\b{CODES}\s?{NUM}{SCALE}")),
                re(format!(r"\b{NUM}{SCALE}\s?{CODES}\b")),
                re(format!(r"\b{NUM}{SCALE}\s{words}")),
            ],
            percent: re(format!(r"\b{NUM}\s?(?:%|percent\b|per cent\b|pct\b)")),
        }
    }

    /// Every money amount and percentage in `text`, leftmost-longest.
    pub(crate) fn find(&self, text: &str) -> Vec<AmountHit> {
        let mut raw = Vec::new();
        for re in &self.money {
            for c in re.captures_iter(text) {
                if let (Some(m), Some(value)) = (c.get(0), money(&c)) {
                    raw.push(AmountHit {
                        start: m.start(),
                        end: m.end(),
                        label: Label::Money,
                        value,
                    });
                }
            }
        }
        for c in self.percent.captures_iter(text) {
            if let (Some(m), Some(value)) = (c.get(0), scaled(&c["num"], None)) {
                raw.push(AmountHit {
                    start: m.start(),
                    end: m.end(),
                    label: Label::Percent,
                    value,
                });
            }
        }
        // Part of a longer number ("1.000.000", "₽1,5"): ambiguous separators, no value.
        raw.retain(|h| {
            let before = text[..h.start].chars().next_back();
            let mut after = text[h.end..].chars();
            let cut_before = before.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',');
            let cut_after = matches!(after.next(), Some('.' | ','))
                && after.next().is_some_and(|c| c.is_ascii_digit());
            !cut_before && !cut_after
        });
        raw.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let mut out: Vec<AmountHit> = Vec::new();
        for h in raw {
            if out.last().is_none_or(|l| h.start >= l.end) {
                out.push(h);
            }
        }
        out
    }
}

fn currency(c: &Captures) -> Option<&'static str> {
    if let Some(sym) = c.name("sym") {
        return Some(match sym.as_str() {
            "$" | "US$" => "USD",
            "€" => "EUR",
            "£" => "GBP",
            "¥" => "JPY",
            "₽" => "RUB",
            _ => "UAH",
        });
    }
    if let Some(code) = c.name("code") {
        const KNOWN: &[&str] = &[
            "USD", "EUR", "GBP", "RUB", "BYN", "BYR", "UAH", "CNY", "JPY", "CHF", "PLN", "KZT",
            "CAD", "AUD",
        ];
        return KNOWN.iter().copied().find(|k| *k == code.as_str());
    }
    let word = c.name("word")?.as_str().to_ascii_lowercase();
    let adj = c.name("adj").map(|a| a.as_str());
    Some(match word.trim_end_matches('s') {
        "dollar" => match adj {
            Some("Canadian") => "CAD",
            Some("Australian") => "AUD",
            Some("Hong Kong") => "HKD",
            _ => "USD",
        },
        "euro" => "EUR",
        "pound sterling" | "pound" => "GBP",
        "rouble" | "ruble" => match adj {
            Some("Belarusian") => "BYN",
            _ => "RUB",
        },
        "hryvnia" | "hryvna" => "UAH",
        "yuan" => "CNY",
        "yen" => "JPY",
        "swiss franc" => "CHF",
        "zloty" => "PLN",
        "tenge" => "KZT",
        _ => return None,
    })
}

fn money(c: &Captures) -> Option<String> {
    let code = currency(c)?;
    Some(format!(
        "{} {code}",
        scaled(&c["num"], c.name("scale").map(|m| m.as_str()))?
    ))
}

/// The number with thousands separators removed and the scale applied exactly
/// (decimal shift, no floating point): `("1.5", "million")` → `"1500000"`.
pub(crate) fn scaled(num: &str, scale: Option<&str>) -> Option<String> {
    let zeros = match scale {
        None => 0,
        Some("thousand" | "k") => 3,
        Some("million" | "mn" | "m") => 6,
        Some("billion" | "bn") => 9,
        Some("trillion" | "tn") => 12,
        Some(_) => return None,
    };
    let plain: String = num.chars().filter(|c| *c != ',').collect();
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut digits = format!("{int}{frac}");
    let mut point = int.len() as isize;
    point += zeros;
    while (digits.len() as isize) < point {
        digits.push('0');
    }
    let (whole, rest) = digits.split_at(point as usize);
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let rest = rest.trim_end_matches('0');
    Some(if rest.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{rest}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_is_exact() {
        assert_eq!(scaled("1.5", Some("million")).unwrap(), "1500000");
        assert_eq!(scaled("1,234.50", None).unwrap(), "1234.5");
        assert_eq!(scaled("0.25", Some("k")).unwrap(), "250");
        assert_eq!(scaled("1.1", Some("bn")).unwrap(), "1100000000");
        assert_eq!(scaled("007", None).unwrap(), "7");
    }

    #[test]
    fn parts_of_ambiguous_numbers_are_skipped() {
        let f = AmountFinder::new();
        assert!(f.find("1.000.000 rubles and ₽1,5 and 2,5%").is_empty());
    }

    #[test]
    fn finds_money_and_percentages() {
        let text = "A loan of $1.5 million, USD 200, €3bn and 200 million Belarusian rubles; \
                    inflation hit 12.5% or 12 percent; 60 people; 40 EUR fee; 5 dollars.";
        let got: Vec<(String, Label, String)> = AmountFinder::new()
            .find(text)
            .into_iter()
            .map(|h| (text[h.start..h.end].to_string(), h.label, h.value))
            .collect();
        let want = [
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
        ];
        let want: Vec<(String, Label, String)> = want
            .iter()
            .map(|(a, l, v)| (a.to_string(), *l, v.to_string()))
            .collect();
        assert_eq!(got, want);
    }
}
