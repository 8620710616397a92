//! Stock lines and reader prompts: short boilerplate a body's blocks are made of
//! ("Advertisement", "Share this", "Photo: Reuters", "By Jane Doe") and the
//! newsletter, follow-us and tip-line pitches at a body's edges.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use newsmill_records::Block;
use regex::Regex;

static STOCK_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\W*(
        advert|advertisement|advertisements|anzeige|publicité|publicidad|pubblicità|реклама|sponsored
        |share(\s+(this|on|via|article|story))?|share\s+this\s+(article|story|post)|teilen|partager|compartir|condividi
        |tweet|email|print|facebook|twitter|whatsapp|linkedin|pinterest|telegram
        |read\s+more|read\s+also|see\s+also|related(\s+(articles?|stories|posts|content|coverage|news|links))?|more\s+on\s+this|more\s+from.*
        |mehr\s+zum\s+thema|lesen\s+sie\s+auch|auch\s+interessant|lire\s+aussi|à\s+lire\s+aussi|leer\s+más|lee\s+también|leggi\s+anche|читайте\s+также
        |sign\s+up.*newsletter.*|subscribe.*|follow\s+us.*|click\s+here.*|(photo|image|foto|picture|video)\s*(credit)?s?\s*[:/].*
        |(getty|ap|afp|reuters|epa|dpa|shutterstock)(\s+images)?(\s*/.*)?|©.*|\(c\)\s.*|all\s+rights\s+reserved.*
        |loading.*|please\s+enable\s+javascript.*|comments?|\d+\s+comments?|leave\s+a\s+(comment|reply)|skip\s+to\s+.*
        |(last\s+)?(updated|published|posted)\s*:?.{0,60}|(by|von|par|por|di)\s+\p{Lu}[\p{L}.'-]+(\s+\p{Lu}[\p{L}.'-]+){0,3}
        |(by|von|par|por|di)\s+\p{Lu}[\p{L}.'-]+(\s+\p{Lu}[\p{L}.'-]+){1,3}\s*(-|–|—|\||,|\bon\b|\bam\b|\ble\b|\d).{0,60}
        |\S+(\s\S+)?:
        |(tags?|topics?|filed\s+under|schlagworte|mots-clés|etiquetas)\s*:.*
        |\[[a-z_]+(\s+[a-z_]+\s*=.*)?\].*
        |(previous|next)\s+(article|story|post).*|back\s+to\s+top|top\s+stories|most\s+(read|popular|viewed)
        )\W*$",
    )
    .expect("stock-line pattern is valid")
});

/// True for a short line that is stock boilerplate ("Advertisement", "Share this",
/// "Photo: Reuters", "Read more", "By Jane Doe").
pub(crate) fn is_stock_line(text: &str) -> bool {
    // A character takes one to four bytes: most lines are decided by length.
    let short = text.len() <= 120 || (text.len() <= 480 && text.chars().count() <= 120);
    short && STOCK_LINE_LOOSE.is_match(text) && STOCK_LINE.is_match(text)
}

/// [`STOCK_LINE`] without its word boundaries: a prefilter that matches
/// wherever the pattern does (an assertion left out only allows more). A
/// Unicode word boundary stops the lazy DFA at the first non-ASCII byte and
/// leaves the line to the far slower NFA; without one, the DFA decides most
/// lines alone.
static STOCK_LINE_LOOSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&STOCK_LINE.as_str().replace(r"\b", "")).expect("stock-line prefilter is valid")
});

static PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)\b(
        sign\s+up\s+(for|to|now|today|here)|subscribe\s+(to|for|now|today|here)|newsletters?\b
        |in\s?to\s+your\s+inbox|in\s+your\s+inbox|delivered\s+(to|through|straight\s+to)\s+your
        |follow\s+(us|him|her|them|me)\s+on|like\s+us\s+on\s+facebook|click\s+here
        |tell\s+us\s+what\s+you\s+think|join\s+(our|the)\s+.{0,40}(forums?|community|conversation|discussion)
        |(have|got)\s+a\s+(news\s+)?tip\?|(may|can)\s+be\s+reached\s+at|let\s+us\s+know\s+at
        |download\s+(our|the)\s+.{0,30}app
        |(we|site|website)\s+uses?\s+cookies|may\s+contain\s+affiliate
        )",
    )
    .expect("prompt pattern is valid")
});

/// True for a short reader prompt: a newsletter or subscription pitch, "follow us
/// on", "click here", a tip line or contact note, a cookie notice or an affiliate
/// disclosure. Such lines open or close an
/// article body; callers only trim them at its edges.
pub(crate) fn is_prompt(text: &str) -> bool {
    text.len() <= 400 && may_be_prompt(text) && PROMPT_LOOSE.is_match(text) && PROMPT.is_match(text)
}

/// [`PROMPT`] without its word boundaries, a prefilter as
/// [`STOCK_LINE_LOOSE`] is for stock lines.
static PROMPT_LOOSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&PROMPT.as_str().replace(r"\b", "")).expect("prompt prefilter is valid")
});

/// Words one of which every [`PROMPT`] alternative spells out (lower case).
const PROMPT_WORDS: &[&str] = &[
    "sign",
    "subscribe",
    "newsletter",
    "inbox",
    "delivered",
    "follow",
    "facebook",
    "click",
    "tell",
    "join",
    "tip?",
    "reached",
    "know",
    "download",
    "cookies",
    "affiliate",
];

static PROMPT_WORDS_ANY_CASE: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(PROMPT_WORDS)
        .expect("a small literal set builds")
});

/// False when `text` cannot match [`PROMPT`]: none of [`PROMPT_WORDS`] in any
/// ASCII case, and neither of the two non-ASCII letters that the pattern's Unicode
/// case folding also takes for an ASCII one (U+017F for `s`, U+212A for `k`).
/// The regex engine cannot skip such lines itself: its fast engine gives up on a
/// Unicode `\b` in text with any non-ASCII character, and the slow one costs about
/// 300 instructions a byte.
fn may_be_prompt(text: &str) -> bool {
    text.contains(['\u{17f}', '\u{212a}']) || PROMPT_WORDS_ANY_CASE.is_match(text)
}

/// Drops reader prompts (newsletter pitches, "follow us on", tip lines) from the
/// edges of a body: up to a few blocks at the end, and the first block. Prompts in
/// the middle of the text are left alone; there they are more often real prose.
pub(crate) fn trim_prompts(blocks: &mut Vec<Block>) {
    let mut trimmed = 0;
    while blocks.len() > 1 && trimmed < MAX_EDGE_PROMPTS {
        match blocks.last() {
            Some(b) if is_prompt(&b.text) => {
                blocks.pop();
                trimmed += 1;
            }
            _ => break,
        }
    }
    if blocks.len() > 1 && is_prompt(&blocks[0].text) {
        blocks.remove(0);
    }
}

/// Most prompt blocks trimmed from the end of a body.
const MAX_EDGE_PROMPTS: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;
    use newsmill_records::BlockKind;

    #[test]
    fn prompt_word_filter_never_hides_a_prompt() {
        let lines = [
            "Sign up for our morning newsletter.",
            "SUBSCRIBE NOW to get the news",
            "Get it delivered straight to your inbox",
            "Follow us on Twitter",
            "Like us on Facebook",
            "Have a news tip? Email us",
            "She can be reached at jane@example.com",
            "Download the City News app",
            "This site uses cookies",
            "This post may contain affiliate links",
            "Join our growing community",
            "Tell us what you think",
            "\u{17f}ign up for our briefing",
            "Let us \u{212a}now at tips@example.com",
            "Der Stadtrat stimmte am Dienstag zu.",
            "The council voted on Tuesday \u{2014} it\u{2019}s final.",
        ];
        for line in lines {
            let prompt = PROMPT.is_match(line);
            assert!(!prompt || may_be_prompt(line), "{line}");
            assert_eq!(is_prompt(line), prompt, "{line}");
        }
        assert!(is_prompt("\u{17f}ign up for our briefing"));
        assert!(!may_be_prompt("The council voted on Tuesday."));
    }

    #[test]
    fn prefilters_decide_as_the_patterns() {
        // Word boundaries matter next to non-ASCII letters: the loose
        // patterns let such lines through and the full ones decide.
        let lines = [
            "By Jane Doe on 3 May 2024",
            "Par Paul \u{c9}luard le 3 mai",
            "By Jane Doe\u{e9}on 3",
            "Von Anna M\u{fc}ller am 3. Mai",
            "By Jos\u{e9} Mart\u{ed}n lenient",
            "Sign up for our newsletter\u{e9}s",
            "Sign up for our newsletters",
            "Caf\u{e9} newsletter",
            "Follow us on Instagram \u{2014} it\u{2019}s free",
            "R\u{e9}sum\u{e9}: the week",
        ];
        for line in lines {
            let short = line.chars().count() <= 120;
            assert_eq!(
                is_stock_line(line),
                short && STOCK_LINE.is_match(line),
                "{line}"
            );
            assert!(!STOCK_LINE.is_match(line) || STOCK_LINE_LOOSE.is_match(line));
            assert!(!PROMPT.is_match(line) || PROMPT_LOOSE.is_match(line));
            assert_eq!(
                is_prompt(line),
                may_be_prompt(line) && PROMPT.is_match(line),
                "{line}"
            );
        }
    }

    #[test]
    fn recognises_stock_lines() {
        assert!(is_stock_line("Advertisement"));
        assert!(is_stock_line("Photo: Viktor Drachev / TASS"));
        assert!(is_stock_line("By Jane Doe"));
        assert!(is_stock_line("Lesen Sie auch"));
        assert!(is_stock_line(
            "[button link=\"/submit/\" type=\"big\"] Send us your review[/button]"
        ));
        assert!(!is_stock_line(
            "By the end of the year, prices had doubled."
        ));
        assert!(!is_stock_line(
            "The minister said the talks would continue."
        ));
    }

    #[test]
    fn trims_reader_prompts_at_the_edges_only() {
        let block = |text: &str| Block {
            kind: BlockKind::Paragraph,
            text: text.to_string(),
        };
        let mut blocks = vec![
            block("Start your day with our briefing. Sign up for the free daily newsletter."),
            block("The council voted to extend the tram line."),
            block("Readers can subscribe to updates, the mayor said, but few did."),
            block("The works start in spring."),
            block("Have a tip? Ana Ruiz may be reached at ana@example.com."),
            block("Get the latest updates right in your inbox."),
            Block {
                kind: BlockKind::Heading,
                text: "Tell us what you think...".into(),
            },
            block("This website uses cookies to improve your experience. Accept"),
        ];
        trim_prompts(&mut blocks);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The council voted to extend the tram line.",
                "Readers can subscribe to updates, the mayor said, but few did.",
                "The works start in spring."
            ]
        );
    }
}
