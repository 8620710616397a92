//! Signals that a node is, or is not, part of an article: class/id/role hints and
//! the short stock phrases that boilerplate lines are made of.

use crate::dom::DNode;
use newsmill_records::Block;
use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;

/// How an element's class, id, role and tag speak about its content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Hint {
    /// Nothing either way.
    #[default]
    Neutral,
    /// Looks like article content (`article-body`, `entry-content`, `articleBody`).
    Content,
    /// Looks like boilerplate (navigation, share bar, comments, related links...).
    Boilerplate,
    /// Hidden from readers (`display:none`, `hidden`).
    Hidden,
    /// Laid over the page (cookie banners, consent and sign-up pop-ups, dialogs) or
    /// a comment thread: removed first, since they almost never wrap the article and
    /// can outweigh it.
    Overlay,
}

/// Class/id fragments that mark boilerplate wherever they occur in a token.
const NEGATIVE_SUBSTRINGS: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "sidebar",
    "newsletter",
    "subscri",
    "cookie",
    "consent",
    "gdpr",
    "breadcrumb",
    "outbrain",
    "taboola",
    "advert",
    "sponsor",
    "recommend",
    "promo",
    "footer",
    "navigation",
    "navbar",
    "popular",
    "trending",
    "disqus",
    "signup",
    "sign-up",
    "newsbox",
    "masthead",
    "author-bio",
    "authorbio",
    "author-box",
    "authorbox",
    "author-info",
    "about-author",
    "bio-box",
    "pagination",
    "toolbar",
    "more-stories",
    "keypoint",
    "key-point",
    "takeaway",
    "read-more",
    "readmore",
    "also-read",
    "jump-link",
    "skip-link",
    "sr-only",
    "visually-hidden",
    "screen-reader",
    "teaser",
    "widget",
    "modal",
    "popup",
    "overlay",
    "tooltip",
    "banner",
    "byline",
    "dateline",
    "timestamp",
    "headline",
    "caption",
    "credit",
    "copyright",
    "print-only",
    "rating",
    "tagcloud",
    "tag-list",
    "taglist",
    "post-tags",
    "entry-tags",
    "article-tags",
    "article-meta",
    "entry-meta",
    "post-meta",
    "postmeta",
    "nextprev",
    "next-post",
    "prev-post",
    "inline-ad",
    "ad-container",
    "ad-slot",
    "adslot",
    "adunit",
    "ad-unit",
    "ad-wrapper",
    "dfp",
];

/// Whole class/id tokens that mark boilerplate (too short to match as substrings).
const NEGATIVE_TOKENS: &[&str] = &[
    "nav",
    "menu",
    "ad",
    "ads",
    "tags",
    "tag",
    "meta",
    "share",
    "print",
    "hidden",
    "hide",
    "bio",
    "author",
    "login",
    "search",
    "aside",
    "topbar",
    "header",
    "masthead",
    "email",
    "follow",
    "more",
    "links",
    "audio",
    "video",
    "player",
    "gallery",
    "slideshow",
    "carousel",
    "rail",
    "sticky",
    "nocontent",
    "noprint",
    "donate",
    "reactions",
    "inline-related",
];

/// Class/id fragments of overlays (cookie banners, consent and sign-up pop-ups) and
/// comment threads.
const OVERLAY_SUBSTRINGS: &[&str] = &[
    "cookie", "consent", "gdpr", "modal", "popup", "comment", "disqus",
];

/// CMS taxonomy classes that describe an article rather than a widget.
const TAXONOMY_PREFIXES: &[&str] = &[
    "tag-",
    "category-",
    "format-",
    "status-",
    "type-",
    "postid-",
    "post-type-",
];

/// Class prefixes of page builders whose layout boxes are all called widgets.
const BUILDER_PREFIXES: &[&str] = &[
    "elementor",
    "et_pb_",
    "wp-block-",
    "vc_",
    "fl-",
    "siteorigin-",
];

/// Class/id fragments that speak for content.
const POSITIVE_SUBSTRINGS: &[&str] = &[
    "article", "content", "entry", "post", "story", "body", "text", "main", "blog", "prose",
];

/// A matcher for any of `words` anywhere in a string. Class names are short, so a
/// plain automaton beats a regex engine's per-search set-up.
fn alternation(words: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .build(words)
        .expect("a small literal set builds")
}

/// The overlay, negative and positive fragments in one automaton, pattern ids
/// in that order: one overlapping pass per class name finds which lists it hits.
static FRAGMENTS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let words: Vec<&str> = OVERLAY_SUBSTRINGS
        .iter()
        .chain(NEGATIVE_SUBSTRINGS)
        .chain(POSITIVE_SUBSTRINGS)
        .copied()
        .collect();
    alternation(&words)
});

/// Which fragment lists a lower-cased class name holds a word of:
/// (overlay, negative, positive). Stops at the first overlay word.
fn fragments(lower: &str) -> (bool, bool, bool) {
    let overlay = OVERLAY_SUBSTRINGS.len();
    let negative = overlay + NEGATIVE_SUBSTRINGS.len();
    let mut found = (false, false, false);
    for m in FRAGMENTS.find_overlapping_iter(lower) {
        match m.pattern().as_usize() {
            id if id < overlay => {
                found.0 = true;
                break;
            }
            id if id < negative => found.1 = true,
            _ => found.2 = true,
        }
    }
    found
}

/// Verdicts per distinct class/id value on one page, for table cells and for other
/// elements.
#[derive(Default)]
pub(crate) struct HintCache<'a> {
    elements: HashMap<&'a str, Hint, foldhash::fast::RandomState>,
    cells: HashMap<&'a str, Hint, foldhash::fast::RandomState>,
}

/// Classifies an element from its tag, class, id, role, itemprop and style.
/// `cache` remembers the verdict per distinct class/id value: pages repeat the same
/// few class strings thousands of times.
pub(crate) fn hint<'a>(n: &DNode<'a>, cache: &mut HintCache<'a>) -> Hint {
    let Some(el) = n.el else {
        return Hint::Neutral;
    };
    let (class, ident) = (n.class, n.ident);
    if n.hidden {
        return Hint::Hidden;
    }
    if let Some(style) = Some(n.style).filter(|s| !s.is_empty()) {
        let style = style.to_ascii_lowercase();
        let compact: String = style.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.contains("display:none") || compact.contains("visibility:hidden") {
            return Hint::Hidden;
        }
    }
    if n.itemprop.eq_ignore_ascii_case("articleBody") {
        return Hint::Content;
    }
    match Some(n.role.to_ascii_lowercase())
        .filter(|r| !r.is_empty())
        .as_deref()
    {
        Some("dialog" | "alertdialog") => return Hint::Overlay,
        Some(
            "navigation" | "complementary" | "banner" | "contentinfo" | "alert" | "menu"
            | "menubar" | "search" | "toolbar",
        ) => return Hint::Boilerplate,
        Some("main" | "article") => return Hint::Content,
        _ => {}
    }
    match el.name() {
        "nav" | "aside" | "footer" | "header" | "form" => return Hint::Boilerplate,
        _ => {}
    }
    // Rows and cells of data tables carry class names that describe the data
    // ("player", "team", "video"), not widgets: only layout words count there.
    let cell = matches!(el.name(), "tr" | "td" | "th");
    let verdict = [class, ident]
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| {
            if cell {
                *cache
                    .cells
                    .entry(s)
                    .or_insert_with(|| class_hint(s, &LAYOUT_SET))
            } else {
                *cache
                    .elements
                    .entry(s)
                    .or_insert_with(|| class_hint(s, &NEGATIVE_SET))
            }
        })
        .fold(Hint::Neutral, |acc, h| match (acc, h) {
            (Hint::Overlay, _) | (_, Hint::Overlay) => Hint::Overlay,
            (Hint::Boilerplate, _) | (_, Hint::Boilerplate) => Hint::Boilerplate,
            (Hint::Content, _) | (_, Hint::Content) => Hint::Content,
            _ => Hint::Neutral,
        });
    if verdict == Hint::Neutral && matches!(el.name(), "article" | "main") {
        Hint::Content
    } else {
        verdict
    }
}

/// The whole tokens of [`NEGATIVE_TOKENS`] that still mark boilerplate on table rows
/// and cells (layout tables).
const LAYOUT_TOKENS: &[&str] = &[
    "nav",
    "menu",
    "ad",
    "ads",
    "hidden",
    "hide",
    "search",
    "login",
    "aside",
    "rail",
    "sticky",
    "nocontent",
    "noprint",
    "header",
];

/// A token list as a set: class names split into many short tokens.
type TokenSet = std::collections::HashSet<&'static str, foldhash::fast::FixedState>;

static NEGATIVE_SET: LazyLock<TokenSet> =
    LazyLock::new(|| NEGATIVE_TOKENS.iter().copied().collect());
static LAYOUT_SET: LazyLock<TokenSet> = LazyLock::new(|| LAYOUT_TOKENS.iter().copied().collect());

/// The hint of a `class` (or `id`) attribute value on its own; `tokens` are the
/// whole class-name tokens that mark boilerplate.
fn class_hint(value: &str, tokens: &TokenSet) -> Hint {
    let mut positive = false;
    for part in value.split_ascii_whitespace() {
        let lower = if part.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(part.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(part)
        };
        if TAXONOMY_PREFIXES.iter().any(|p| lower.starts_with(p)) {
            // CMS taxonomy classes on the article itself (`tag-economy`, `category-news`).
            continue;
        }
        // Page builders call every layout box a widget (`elementor-widget-container`);
        // only the rest of the name says what the box holds.
        let lower = if crate::dom::contains_short(&lower, "widget")
            && BUILDER_PREFIXES.iter().any(|p| lower.starts_with(p))
        {
            std::borrow::Cow::Owned(lower.replace("widget", ""))
        } else {
            lower
        };
        let (overlay, negative, positive_word) = fragments(&lower);
        if overlay {
            return Hint::Overlay;
        }
        if negative {
            // "article-body-share-enabled" style compounds still name the body first.
            if !(lower.starts_with("article-body") || lower.starts_with("entry-content")) {
                return Hint::Boilerplate;
            }
        }
        for token in lower.split(['-', '_']) {
            if tokens.contains(token) {
                return Hint::Boilerplate;
            }
        }
        if positive_word {
            positive = true;
        }
    }
    if positive {
        Hint::Content
    } else {
        Hint::Neutral
    }
}

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
    text.chars().count() <= 120 && STOCK_LINE.is_match(text)
}

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
    text.len() <= 400 && may_be_prompt(text) && PROMPT.is_match(text)
}

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

    fn hint_of(markup: &str) -> Hint {
        let doc = crate::dom::parse(&format!("<body>{markup}</body>"));
        let dom = crate::dom::Dom::build(&doc);
        let first = dom.body as usize + 1;
        hint(&dom.nodes[first], &mut HintCache::default())
    }

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
    fn classifies_common_hints() {
        assert_eq!(
            hint_of(r#"<div class="share-bar">x</div>"#),
            Hint::Boilerplate
        );
        assert_eq!(hint_of(r#"<div id="comments">x</div>"#), Hint::Overlay);
        assert_eq!(
            hint_of(r#"<div class="cookie-banner">x</div>"#),
            Hint::Overlay
        );
        assert_eq!(
            hint_of(r#"<div class="main-nav">x</div>"#),
            Hint::Boilerplate
        );
        assert_eq!(
            hint_of(r#"<div class="entry-content">x</div>"#),
            Hint::Content
        );
        assert_eq!(hint_of(r#"<div class="canvas">x</div>"#), Hint::Neutral);
        assert_eq!(hint_of(r#"<div class="shadow">x</div>"#), Hint::Neutral);
        assert_eq!(
            hint_of(r#"<div style="display: none">x</div>"#),
            Hint::Hidden
        );
        assert_eq!(
            hint_of(r#"<div itemprop="articleBody" class="related">x</div>"#),
            Hint::Content
        );
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
