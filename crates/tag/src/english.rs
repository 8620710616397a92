//! Whether a body reads as English: the NER model was trained on English news and
//! the title cues are English, so on a body in another language they only add
//! noise ("Brasil" as a person). The page's language (declared, possibly as a
//! site-wide default, or detected) is checked against the text itself: among the
//! lower-case words, English prose has a fifth or more of very common English
//! function words; other languages have next to none. Score tables and cricket
//! scoreboards ("c Smith b Jones") have few too, which is why the tagger asks both.

/// Frequent English function words that are not also frequent words in the other
/// Latin-script languages of news (so not "a", "in", "an", "as", "was", "is", "die").
const FUNCTION_WORDS: &[&str] = &[
    "about", "after", "also", "and", "are", "at", "be", "been", "but", "by", "for", "from", "had",
    "has", "have", "her", "his", "it", "its", "not", "of", "said", "she", "that", "the", "their",
    "they", "this", "to", "were", "which", "will", "with", "would",
];

use crate::text::Text;

/// Fewer lower-case words than this and the text is not judged (headlines, tables).
const MIN_WORDS: usize = 20;

/// Share of function words below which the text is not English.
const MIN_SHARE: f64 = 0.08;

/// False only when the text has enough lower-case words and too few of them are
/// English function words.
pub(crate) fn looks_english(text: &Text) -> bool {
    let mut words = 0usize;
    let mut function = 0usize;
    for i in 0..text.words.len() {
        let word = text.word(i);
        if !word.starts_with(|c: char| c.is_lowercase()) {
            continue;
        }
        words += 1;
        if FUNCTION_WORDS.binary_search(&word).is_ok() {
            function += 1;
        }
    }
    words < MIN_WORDS || function as f64 >= MIN_SHARE * words as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn looks_english(text: &str) -> bool {
        super::looks_english(&Text::new(text))
    }

    #[test]
    fn function_words_are_sorted_for_binary_search() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn english_prose_passes_and_other_languages_do_not() {
        let en = "The minister said on Tuesday that the government would not change its \
                  plans for the budget, and that talks with the unions had been useful. \
                  He added that the reform was expected to pass after a vote in the spring.";
        assert!(looks_english(en));
        let pt = "O ministro disse na terça-feira que o governo não vai mudar os seus planos \
                  para o orçamento e que as conversas com os sindicatos foram úteis. Ele \
                  acrescentou que a reforma deve ser aprovada depois de uma votação na primavera.";
        assert!(!looks_english(pt));
        let de = "Der Minister sagte am Dienstag, dass die Regierung ihre Pläne für den Haushalt \
                  nicht ändern werde und dass die Gespräche mit den Gewerkschaften nützlich \
                  gewesen seien. Die Reform werde nach einer Abstimmung im Frühjahr erwartet.";
        assert!(!looks_english(de));
        let ru = "Министр заявил во вторник, что правительство не будет менять свои планы по \
                  бюджету и что переговоры с профсоюзами были полезными. Он добавил, что \
                  реформа должна пройти после голосования весной этого года в парламенте.";
        assert!(!looks_english(ru));
    }

    #[test]
    fn short_texts_and_tables_are_not_judged() {
        assert!(looks_english("Lukashenka meets Pompeo in Minsk"));
        assert!(looks_english(
            "SOCCER - SPANISH RESULTS. Barcelona 3 Valencia 1. Sevilla 0 Betis 0. \
             Real Madrid 2 Celta 2. Standings: Barcelona 9 points, Real Madrid 7."
        ));
    }
}
