//! Signals that a node is, or is not, part of an article: class/id/role hints.
//! The short stock phrases that boilerplate lines are made of are in
//! [`crate::stocklines`].

use crate::html::dom::DNode;
use std::collections::HashMap;
use std::sync::LazyLock;

pub(crate) use crate::stocklines::{is_stock_line, trim_prompts};
use aho_corasick::{AhoCorasick, AhoCorasickKind};

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

/// True when an inline style says `display:none` or `visibility:hidden`, in
/// any ASCII case and with any whitespace inside: the style's characters are
/// read once, whitespace left out and letters lower-cased, and the last
/// [`HIDING_WINDOW`] of them compared with both declarations as they come
/// (nothing is built).
fn hides(style: &str) -> bool {
    let mut window = [0u8; HIDING_WINDOW];
    for c in style.chars().filter(|c| !c.is_whitespace()) {
        window.copy_within(1.., 0);
        // A non-ASCII character is in neither declaration.
        window[HIDING_WINDOW - 1] = if c.is_ascii() {
            (c as u8).to_ascii_lowercase()
        } else {
            0
        };
        if window.ends_with(b"display:none") || window.ends_with(b"visibility:hidden") {
            return true;
        }
    }
    false
}

/// The length of the longer hiding declaration, `visibility:hidden`.
const HIDING_WINDOW: usize = 17;

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
    if !n.style.is_empty() && hides(n.style) {
        return Hint::Hidden;
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
        let lower = if crate::html::dom::contains_short(&lower, "widget")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn hint_of(markup: &str) -> Hint {
        let doc = crate::html::dom::parse(&format!("<body>{markup}</body>"));
        let dom = crate::html::dom::Dom::build(&doc);
        let first = dom.body as usize + 1;
        hint(&dom.nodes[first], &mut HintCache::default())
    }

    #[test]
    fn hiding_styles_read_as_lower_case_without_whitespace() {
        let compact = |style: &str| {
            let c: String = style
                .to_ascii_lowercase()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            c.contains("display:none") || c.contains("visibility:hidden")
        };
        for style in [
            "display: none",
            "DISPLAY : NONE;",
            "color:red;display:\u{a0}none",
            "dis play:no\tne",
            "visibility:hidden",
            "Visibility: Hidden !important",
            "visibility:hiddén",
            "display:nonE",
            "display:block",
            "displaynone",
            "display:non",
            "x-display:none-ish",
            "",
            "ë",
        ] {
            assert_eq!(hides(style), compact(style), "{style}");
        }
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
}
