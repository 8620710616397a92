//! Tokenizer and sentence splitter for English news text.
//!
//! Tokens follow the CoNLL-2003 / Penn Treebank conventions the model was trained on:
//! punctuation and quotes are separate tokens, possessive `'s` and `n't` are split off,
//! abbreviations (`U.S.`, `Gen.`, `Jan.`, initials `J.`) keep their period, numbers keep
//! their `,` and `.`, hyphenated words stay whole, and URLs and e-mail addresses stay whole.

use std::ops::Range;

/// A token with byte offsets into the text it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The token text (`&text[start..end]`).
    pub text: String,
    /// Byte start.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
}

/// Abbreviations that keep their final period (lower-case, without the period).
const ABBREVIATIONS: &[&str] = &[
    "adm", "al", "apr", "approx", "aug", "ave", "bros", "blvd", "brig", "capt", "cmdr", "co",
    "col", "corp", "cpl", "dec", "dept", "dr", "est", "etc", "feb", "fig", "fla", "fri", "ft",
    "gen", "gov", "hon", "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar", "messrs",
    "mon", "mr", "mrs", "ms", "mt", "nov", "oct", "pres", "prof", "pte", "rep", "reps", "rev",
    "sat", "sen", "sens", "sep", "sept", "sgt", "sr", "st", "sun", "supt", "thu", "thurs", "tue",
    "tues", "univ", "vs", "wed", "calif", "conn", "ill", "mass", "mich", "minn", "penn", "tenn",
    "wash", "wis", "ariz", "colo", "ga", "ky", "la", "md", "mo", "nev", "okla", "ore", "pa", "va",
    "vt",
];

/// Abbreviations that often end a sentence ("... in the U.S. The ...").
const FINAL_ABBREVIATIONS: &[&str] = &["inc", "corp", "ltd", "co", "jr", "sr", "etc", "bros"];

/// Capitalised words that commonly start a sentence; after a sentence-final abbreviation
/// they signal a boundary.
const STARTERS: &[&str] = &[
    "A", "After", "An", "And", "As", "At", "But", "He", "Her", "His", "However", "I", "If", "In",
    "It", "Its", "On", "She", "So", "That", "The", "Their", "There", "These", "They", "This",
    "Those", "We", "When", "While", "Yet", "You",
];

const OPENERS: &[char] = &['"', '\'', '“', '‘', '«', '(', '[', '{', '<', '`', '„'];
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '}', '>'];
const INNER_PUNCT: &[char] = &[',', ';', ':', '!', '?'];
const DASHES: &[&str] = &["—", "–", "--", "―"];

/// Splits text into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chunk_start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, s, i, &mut out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(text, s, text.len(), &mut out);
    }
    out
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    if start < end {
        out.push(Token {
            text: text[start..end].to_string(),
            start,
            end,
        });
    }
}

fn is_url_or_email(s: &str) -> bool {
    let l = s.trim_start_matches(OPENERS);
    if l.starts_with("http://") || l.starts_with("https://") || l.starts_with("www.") {
        return true;
    }
    if let Some((user, domain)) = l.split_once('@') {
        let domain =
            domain.trim_end_matches(|c: char| CLOSERS.contains(&c) || ".,;:!?".contains(c));
        return !user.is_empty()
            && domain.contains('.')
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    }
    false
}

/// Whether `word` (without its final period) is an abbreviation that keeps the period.
fn keeps_period(word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    let first = chars.next().unwrap_or(' ');
    // Initials: "J." (single upper-case letter).
    if chars.next().is_none() {
        return first.is_alphabetic() && first.is_uppercase();
    }
    // Letters with dots: "U.S", "e.g", "a.m", "U.S.A".
    if word.contains('.')
        && word.split('.').all(|seg| {
            !seg.is_empty() && seg.chars().count() <= 2 && seg.chars().all(char::is_alphabetic)
        })
    {
        return true;
    }
    // Every abbreviation (and "no") is ASCII and at most 6 letters: lower-case short
    // ASCII words on the stack; others go through the full Unicode mapping.
    let mut buf = [0u8; 8];
    let owned;
    let lower = if word.len() <= buf.len() && word.is_ascii() {
        let buf = &mut buf[..word.len()];
        buf.copy_from_slice(word.as_bytes());
        buf.make_ascii_lowercase();
        std::str::from_utf8(buf).unwrap_or_default()
    } else {
        owned = word.to_lowercase();
        owned.as_str()
    };
    if lower == "no" {
        return first.is_uppercase();
    }
    ABBREVIATIONS.contains(&lower)
}

fn split_chunk(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    // Most chunks are a plain ASCII word or number, perhaps with one `,;:!?` after it:
    // no opener, URL, dash, clitic or period can be in them, and the rules would cut
    // exactly this (`fast_path_agrees_with_the_rules`).
    let bytes = &text.as_bytes()[start..end];
    let (core, punct) = match bytes.split_last() {
        Some((&last, core)) if b",;:!?".contains(&last) => (core, 1),
        _ => (bytes, 0),
    };
    if !core.is_empty() && core.iter().all(u8::is_ascii_alphanumeric) {
        push(text, start, end - punct, out);
        push(text, end - punct, end, out);
    } else {
        split_chunk_by_rules(text, start, end, out);
    }
}

fn split_chunk_by_rules(text: &str, mut start: usize, mut end: usize, out: &mut Vec<Token>) {
    // Leading openers, in order.
    while start < end {
        let rest = &text[start..end];
        let c = rest.chars().next().unwrap_or(' ');
        let possessive = rest.eq_ignore_ascii_case("'s") || rest.eq_ignore_ascii_case("’s");
        if OPENERS.contains(&c) && !possessive {
            // "``" stays one token.
            let len = if rest.starts_with("``") {
                2
            } else {
                c.len_utf8()
            };
            push(text, start, start + len, out);
            start += len;
        } else {
            break;
        }
    }
    let url = is_url_or_email(&text[start..end]);
    // Trailing punctuation, collected from the end: pushed last first, then moved behind
    // the core's tokens and put back in text order (no buffer of its own).
    let trail_at = out.len();
    while start < end {
        let word = &text[start..end];
        let c = word.chars().next_back().unwrap_or(' ');
        let cut = if word.ends_with("...") && word.len() > 3 && !url {
            3
        } else if word.ends_with('…') && word.len() > '…'.len_utf8() {
            '…'.len_utf8()
        } else if CLOSERS.contains(&c) || INNER_PUNCT.contains(&c) {
            c.len_utf8()
        } else if c == '.' && word.len() > 1 {
            if !url && keeps_period(&word[..word.len() - 1]) {
                break;
            }
            1
        } else {
            break;
        };
        push(text, end - cut, end, out);
        end -= cut;
    }
    let n_trail = out.len() - trail_at;
    if url {
        push(text, start, end, out);
    } else {
        split_core(text, start, end, out);
    }
    if n_trail > 0 {
        let moved = &mut out[trail_at..];
        moved.rotate_left(n_trail);
        let len = moved.len();
        moved[len - n_trail..].reverse();
    }
}

/// Splits the core of a chunk on dashes and clitics.
fn split_core(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let word = &text[start..end];
    // Dashes between words: "Minsk—Kyiv", "yes--no".
    for d in DASHES {
        if let Some(pos) = word.find(d) {
            if word.len() > d.len() {
                split_core(text, start, start + pos, out);
                push(text, start + pos, start + pos + d.len(), out);
                split_core(text, start + pos + d.len(), end, out);
                return;
            }
        }
    }
    // Each clitic with a straight and a curly apostrophe, in that order.
    const CLITICS: [&str; 14] = [
        "n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m",
    ];
    for form in CLITICS {
        let cut = word.len().wrapping_sub(form.len());
        if word.len() > form.len()
            && word.is_char_boundary(cut)
            && word[cut..].eq_ignore_ascii_case(form)
        {
            push(text, start, start + cut, out);
            push(text, start + cut, end, out);
            return;
        }
    }
    push(text, start, end, out);
}

fn is_terminator(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

fn is_closer(t: &str) -> bool {
    t.chars().count() == 1 && t.chars().all(|c| CLOSERS.contains(&c)) || t == "''"
}

fn starts_sentence(t: &str) -> bool {
    match t.chars().next() {
        Some(c) => !c.is_lowercase(),
        None => false,
    }
}

/// Whether a single line break between `before` and `after` ends a sentence. Lines of
/// extracted web text are blocks (headings, list items, captions, bylines) far more often
/// than a sentence wrapped at a fixed width; a wrapped sentence shows itself by a next line
/// that starts lower-case, or a line that ends on a comma, connective or preposition.
fn line_break_ends_sentence(before: &str, after: &str) -> bool {
    const OPEN_ENDED: &[&str] = &[
        ",", "&", "-", "and", "or", "of", "the", "a", "an", "for", "to", "in", "at", "on", "with",
        "by", "from",
    ];
    let lower_next = after.chars().next().is_some_and(char::is_lowercase);
    !lower_next && !OPEN_ENDED.contains(&before)
}

/// Splits tokens into sentences, as token-index ranges covering every token in order.
///
/// A sentence ends after `.`, `!`, `?` or `...` (plus any closing quotes or brackets) when
/// the next token does not start lower-case, after a sentence-final abbreviation ("Inc.",
/// "U.S.") followed by a common sentence starter ("The", "He"), at blank lines, and at a
/// single line break unless the text reads on across it ([`line_break_ends_sentence`]).
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut begin = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].text.as_str();
        let mut end = None;
        if is_terminator(t) {
            let mut j = i + 1;
            // A straight quote after a gap opens the next sentence instead.
            while j < tokens.len()
                && is_closer(&tokens[j].text)
                && (tokens[j].start == tokens[j - 1].end
                    || !tokens[j].text.starts_with(['"', '\'']))
            {
                j += 1;
            }
            if j >= tokens.len() || starts_sentence(&tokens[j].text) {
                end = Some(j);
            }
        } else if t.ends_with('.') && t.len() > 1 && i + 1 < tokens.len() {
            let word = &t[..t.len() - 1];
            let lower = word.to_lowercase();
            let final_abbr = FINAL_ABBREVIATIONS.contains(&lower.as_str())
                || (word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() >= 2);
            if final_abbr && STARTERS.contains(&tokens[i + 1].text.as_str()) {
                end = Some(i + 1);
            }
        }
        if end.is_none() && i + 1 < tokens.len() {
            let gap = text.get(tokens[i].end..tokens[i + 1].start).unwrap_or("");
            match gap.matches('\n').count() {
                0 => {}
                1 if !line_break_ends_sentence(t, &tokens[i + 1].text) => {}
                _ => end = Some(i + 1),
            }
        }
        match end {
            Some(e) => {
                out.push(begin..e);
                begin = e;
                i = e;
            }
            None => i += 1,
        }
    }
    if begin < tokens.len() {
        out.push(begin..tokens.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        let t = tokenize(s);
        for tok in &t {
            assert_eq!(&s[tok.start..tok.end], tok.text);
        }
        t.into_iter().map(|t| t.text).collect()
    }

    fn sents(s: &str) -> Vec<String> {
        let t = tokenize(s);
        split_sentences(s, &t)
            .into_iter()
            .map(|r| {
                t[r].iter()
                    .map(|t| t.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn fast_path_agrees_with_the_rules() {
        let chunks = [
            "word",
            "Word,",
            "5!",
            "Minsk;",
            "ab12:",
            "a?",
            "x",
            "2020",
            "B52,",
            ",",
            "?!",
            "a,,",
            "word.",
            "U.S.,",
            "don't,",
            "(AP),",
            "Kyiv—Minsk,",
            "ed@x.org,",
            "Łódź,",
            "a-b,",
        ];
        for chunk in chunks {
            let (mut fast, mut rules) = (Vec::new(), Vec::new());
            split_chunk(chunk, 0, chunk.len(), &mut fast);
            split_chunk_by_rules(chunk, 0, chunk.len(), &mut rules);
            assert_eq!(fast, rules, "{chunk}");
        }
        assert_eq!(
            toks("Minsk, Kyiv; 2020!"),
            ["Minsk", ",", "Kyiv", ";", "2020", "!"]
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        assert_eq!(
            toks("Gen. J. R. Smith met Dr. Lee in the U.S. on Jan. 5."),
            [
                "Gen.", "J.", "R.", "Smith", "met", "Dr.", "Lee", "in", "the", "U.S.", "on",
                "Jan.", "5", "."
            ]
        );
        assert_eq!(
            toks("at 5 p.m., he said"),
            ["at", "5", "p.m.", ",", "he", "said"]
        );
    }

    #[test]
    fn splits_punctuation_quotes_and_clitics() {
        assert_eq!(
            toks("\u{201c}We don't know,\u{201d} Pompeo's aide said."),
            [
                "\u{201c}", "We", "do", "n't", "know", ",", "\u{201d}", "Pompeo", "'s", "aide",
                "said", "."
            ]
        );
        assert_eq!(
            toks("Lukashenka’s (AP)"),
            ["Lukashenka", "’s", "(", "AP", ")"]
        );
        assert_eq!(
            toks("\"Yes,\" she said"),
            ["\"", "Yes", ",", "\"", "she", "said"]
        );
    }

    #[test]
    fn numbers_hyphens_and_dashes() {
        assert_eq!(
            toks("1,250.5 tonnes, Bosnia-Herzegovina—Minsk -- 3.2%"),
            [
                "1,250.5",
                "tonnes",
                ",",
                "Bosnia-Herzegovina",
                "—",
                "Minsk",
                "--",
                "3.2%"
            ]
        );
        assert_eq!(toks("wait..."), ["wait", "..."]);
    }

    #[test]
    fn urls_and_emails_stay_whole() {
        assert_eq!(
            toks("See https://example.com/a.b?x=1, or mail ed@news.example.org."),
            [
                "See",
                "https://example.com/a.b?x=1",
                ",",
                "or",
                "mail",
                "ed@news.example.org",
                "."
            ]
        );
        assert_eq!(
            toks("(www.belarusdigest.com)"),
            ["(", "www.belarusdigest.com", ")"]
        );
    }

    #[test]
    fn offsets_survive_multibyte_text() {
        let s = "Лукашенко said “no” — twice.";
        let t = tokenize(s);
        assert_eq!(t[0].text, "Лукашенко");
        assert_eq!(&s[t[2].start..t[2].end], "“");
        assert_eq!(t.last().unwrap().text, ".");
    }

    #[test]
    fn sentences_do_not_break_on_abbreviations() {
        assert_eq!(
            sents("Mr. Pompeo met Gen. Smith in Minsk. He left on Feb. 1. \"It was good,\" he said. The end"),
            [
                "Mr. Pompeo met Gen. Smith in Minsk .",
                "He left on Feb. 1 .",
                "\" It was good , \" he said .",
                "The end"
            ]
        );
    }

    #[test]
    fn sentences_break_after_final_abbreviation_and_blank_lines() {
        assert_eq!(
            sents("He works for Acme Inc. The firm grew.\n\nHeadline without stop\n\nBody text"),
            [
                "He works for Acme Inc.",
                "The firm grew .",
                "Headline without stop",
                "Body text"
            ]
        );
        assert_eq!(
            sents("He lives in the U.S. He said so."),
            ["He lives in the U.S.", "He said so ."]
        );
        assert_eq!(
            sents("\"Why?\" asked J. R. Smith."),
            ["\" Why ? \" asked J. R. Smith ."]
        );
        assert!(sents("").is_empty());
    }

    #[test]
    fn single_line_breaks_end_blocks_but_not_wrapped_sentences() {
        assert_eq!(
            sents("When There Are Wolves Again\nEJ Swift (Arcadia)\nA novel"),
            [
                "When There Are Wolves Again",
                "EJ Swift ( Arcadia )",
                "A novel"
            ]
        );
        assert_eq!(
            sents("He met the president of\nNew Zealand and\nthe king."),
            ["He met the president of New Zealand and the king ."]
        );
    }

    #[test]
    fn news_odds_and_ends() {
        assert_eq!(
            toks("$5.5 billion, 50% and No. 10"),
            ["$5.5", "billion", ",", "50%", "and", "No.", "10"]
        );
        assert_eq!(
            toks("U.S.-led talks (Reuters)."),
            ["U.S.-led", "talks", "(", "Reuters", ")", "."]
        );
        assert_eq!(
            toks("On Jan. 30, 2020."),
            ["On", "Jan.", "30", ",", "2020", "."]
        );
        assert_eq!(toks("the players' union"), ["the", "players", "'", "union"]);
        assert_eq!(
            toks("\u{2018}Minsk\u{2019}"),
            ["\u{2018}", "Minsk", "\u{2019}"]
        );
    }
}
