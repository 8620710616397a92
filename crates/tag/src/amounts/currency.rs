//! Currencies: symbols, ISO codes, English words, and the currency, scale and percent
//! words of Russian, Belarusian, Ukrainian, Polish, German and French (looked up by
//! folded key, so case and diacritics do not matter).

use crate::lang::Lang;

/// Symbols before (or, outside English, after) a number; `US$` first.
pub(super) const SYMBOLS: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₽", "RUB"),
    ("₴", "UAH"),
];

/// ISO 4217 codes news uses.
pub(super) const CODES: &[&str] = &[
    "USD", "EUR", "GBP", "RUB", "BYN", "BYR", "UAH", "CNY", "JPY", "CHF", "PLN", "KZT", "CAD",
    "AUD",
];

/// English scale words, in the order they are tried, and their powers of ten.
pub(super) const SCALES: &[(&str, usize)] = &[
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("trillion", 12),
    ("bn", 9),
    ("mn", 6),
    ("tn", 12),
    ("m", 6),
    ("k", 3),
];

/// English adjectives before a currency word.
pub(super) const ADJECTIVES: &[&str] = &[
    "Belarusian",
    "Russian",
    "US",
    "U.S.",
    "American",
    "Canadian",
    "Australian",
    "Ukrainian",
    "Hong Kong",
];

/// English currency words (as written; a plural `s` is optional where marked).
pub(super) const WORDS: &[(&str, bool)] = &[
    ("dollar", true),
    ("euro", true),
    ("pounds sterling", false),
    ("pound", true),
    ("rouble", true),
    ("ruble", true),
    ("hryvnia", true),
    ("hryvna", true),
    ("yuan", false),
    ("yen", false),
    ("Swiss franc", true),
    ("zloty", true),
    ("tenge", false),
];

/// The code of an English currency word (singular, lower case) after an adjective.
pub(super) fn english_code(word: &str, adjective: Option<&str>) -> Option<&'static str> {
    Some(match word {
        "dollar" => match adjective {
            Some("Canadian") => "CAD",
            Some("Australian") => "AUD",
            Some("Hong Kong") => "HKD",
            _ => "USD",
        },
        "euro" => "EUR",
        "pounds sterling" | "pound" => "GBP",
        "rouble" | "ruble" => match adjective {
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

/// Currency words of the other languages: forms and code. A form of one letter or an
/// abbreviation that a period follows ("руб.", "zł") is matched with or without it.
pub(super) const OTHER_WORDS: &[(Lang, &str, &str)] = &[
    (Lang::Ru, "доллар доллара долларов доллары долл дол", "USD"),
    (Lang::Ru, "евро", "EUR"),
    (Lang::Ru, "рубль рубля рублей рубли руб", "RUB"),
    (Lang::Ru, "гривна гривны гривен гривень грн", "UAH"),
    (Lang::Ru, "юань юаня юаней", "CNY"),
    (Lang::Ru, "иена иены иен", "JPY"),
    (Lang::Ru, "злотый злотых злотого", "PLN"),
    (Lang::Ru, "тенге", "KZT"),
    (Lang::Ru, "фунт фунта фунтов", "GBP"),
    (Lang::Be, "долар долара долараў долары даляр даляраў", "USD"),
    (Lang::Be, "еўра", "EUR"),
    // In Belarusian, unqualified roubles are the Belarusian rouble.
    (Lang::Be, "рубель рубля рублёў рублі руб", "BYN"),
    (Lang::Be, "грыўня грыўні грыўняў", "UAH"),
    (Lang::Uk, "долар долара доларів долари дол", "USD"),
    (Lang::Uk, "євро", "EUR"),
    (Lang::Uk, "гривня гривні гривень грн", "UAH"),
    (Lang::Uk, "рубль рубля рублів", "RUB"),
    (Lang::Uk, "злотий злотих", "PLN"),
    (Lang::Pl, "dolar dolara dolarów dolary", "USD"),
    (Lang::Pl, "euro", "EUR"),
    (Lang::Pl, "złoty złotych złote złotego zł", "PLN"),
    (Lang::Pl, "rubel rubla rubli", "RUB"),
    (Lang::Pl, "hrywna hrywny hrywien", "UAH"),
    (Lang::Pl, "funt funtów", "GBP"),
    (Lang::Pl, "frank franków", "CHF"),
    (Lang::De, "Dollar", "USD"),
    (Lang::De, "Euro", "EUR"),
    (Lang::De, "Rubel", "RUB"),
    (Lang::De, "Pfund", "GBP"),
    (Lang::De, "Franken", "CHF"),
    (Lang::De, "Złoty Zloty", "PLN"),
    (Lang::De, "Griwna Hrywnja", "UAH"),
    (Lang::De, "Yen", "JPY"),
    (Lang::De, "Yuan", "CNY"),
    (Lang::Fr, "dollar dollars", "USD"),
    (Lang::Fr, "euro euros", "EUR"),
    (Lang::Fr, "rouble roubles", "RUB"),
    (Lang::Fr, "livre livres", "GBP"),
    (Lang::Fr, "franc francs", "CHF"),
    (Lang::Fr, "zloty zlotys", "PLN"),
    (Lang::Fr, "hryvnia hryvnias", "UAH"),
    (Lang::Fr, "yen yens", "JPY"),
    (Lang::Fr, "yuan yuans", "CNY"),
];

/// Adjectives that make roubles Belarusian (before the word, or after it in French).
pub(super) const BELARUSIAN: &[(Lang, &str)] = &[
    (Lang::Ru, "белорусских белорусский белорусского белорусские"),
    (Lang::Be, "беларускіх беларускі беларускага беларускія"),
    (Lang::Uk, "білоруських білоруський білоруського"),
    (
        Lang::Pl,
        "białoruskich białoruski białoruskiego białoruskie",
    ),
    (
        Lang::De,
        "belarussische belarussischen belarussischer weißrussische weißrussischen",
    ),
    (Lang::Fr, "biélorusse biélorusses"),
];

/// Adjectives that make roubles Russian (where roubles are Belarusian by default).
pub(super) const RUSSIAN: &[(Lang, &str)] = &[(Lang::Be, "расійскіх расійскі расійскага")];

/// Scale words of the other languages and their powers of ten.
pub(super) const OTHER_SCALES: &[(Lang, &str, usize)] = &[
    (Lang::Ru, "тыс тысяч тысячи тысяча", 3),
    (Lang::Ru, "млн миллион миллиона миллионов", 6),
    (Lang::Ru, "млрд миллиард миллиарда миллиардов", 9),
    (Lang::Ru, "трлн триллион триллиона триллионов", 12),
    (Lang::Be, "тыс тысяч тысячы тысяча", 3),
    (Lang::Be, "млн мільён мільёна мільёнаў", 6),
    (Lang::Be, "млрд мільярд мільярда мільярдаў", 9),
    (Lang::Be, "трлн", 12),
    (Lang::Uk, "тис тисяч тисячі тисяча", 3),
    (Lang::Uk, "млн мільйон мільйона мільйонів", 6),
    (Lang::Uk, "млрд мільярд мільярда мільярдів", 9),
    (Lang::Uk, "трлн", 12),
    (Lang::Pl, "tys tysiąc tysiące tysięcy", 3),
    (Lang::Pl, "mln milion miliony milionów", 6),
    (Lang::Pl, "mld miliard miliardy miliardów", 9),
    (Lang::Pl, "bln bilion biliony bilionów", 12),
    (Lang::De, "Tsd Tausend", 3),
    (Lang::De, "Mio Million Millionen", 6),
    (Lang::De, "Mrd Milliarde Milliarden", 9),
    (Lang::De, "Bio Billion Billionen", 12),
    (Lang::Fr, "mille", 3),
    (Lang::Fr, "million millions", 6),
    (Lang::Fr, "milliard milliards Md Mds", 9),
    (Lang::Fr, "billion billions", 12),
];

/// Percent words of the other languages (French "pour cent" is two words).
pub(super) const PERCENT_WORDS: &[(Lang, &str)] = &[
    (Lang::Ru, "процент процента процентов проц"),
    (Lang::Be, "працэнт працэнта працэнтаў працэнты"),
    (Lang::Uk, "відсоток відсотка відсотків відсотки"),
    (Lang::Pl, "procent procenta procentów procenty proc"),
    (Lang::De, "Prozent"),
];

/// Words between a scale and a currency ("300 millions d'euros").
pub(super) const LINKS: &[(Lang, &str)] = &[(Lang::Fr, "de d")];
