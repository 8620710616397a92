//! The languages whose dates and amounts the tagger reads: English always, and the
//! article's own language when it is one of Russian, Belarusian, Ukrainian, Polish,
//! German or French (month names, number formats and currency words are fixed tables,
//! not a model's job).

/// A language with date and amount tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Lang {
    En,
    Ru,
    Be,
    Uk,
    Pl,
    De,
    Fr,
}

impl Lang {
    /// The language of an ISO 639-1 code (`ru`, `be-BY`, `de_AT`), if it has tables.
    pub(crate) fn from_code(code: &str) -> Option<Lang> {
        let base = code.get(..2)?.to_ascii_lowercase();
        Some(match base.as_str() {
            "en" => Lang::En,
            "ru" => Lang::Ru,
            "be" => Lang::Be,
            "uk" => Lang::Uk,
            "pl" => Lang::Pl,
            "de" => Lang::De,
            "fr" => Lang::Fr,
            _ => return None,
        })
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A set of languages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Langs(u8);

impl Langs {
    /// English, plus the article's language when it has tables.
    pub(crate) fn for_article(language: Option<&str>) -> Langs {
        let mut set = Langs::default().with(Lang::En);
        if let Some(lang) = language.and_then(Lang::from_code) {
            set = set.with(lang);
        }
        set
    }

    pub(crate) fn with(self, lang: Lang) -> Langs {
        Langs(self.0 | lang.bit())
    }

    pub(crate) fn has(self, lang: Lang) -> bool {
        self.0 & lang.bit() != 0
    }

    /// The one language other than English in the set, if any.
    pub(crate) fn other(self) -> Option<Lang> {
        [Lang::Ru, Lang::Be, Lang::Uk, Lang::Pl, Lang::De, Lang::Fr]
            .into_iter()
            .find(|&l| self.has(l))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_sets() {
        assert_eq!(Lang::from_code("be-BY"), Some(Lang::Be));
        assert_eq!(Lang::from_code("pt"), None);
        let set = Langs::for_article(Some("ru"));
        assert!(set.has(Lang::En) && set.has(Lang::Ru) && !set.has(Lang::Uk));
        assert_eq!(set.other(), Some(Lang::Ru));
        assert_eq!(Langs::for_article(None).other(), None);
    }
}
