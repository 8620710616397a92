//! Quality flags: paywall, truncation, app shells.

use crate::html::dom::{Dom, Tag};
use crate::jsonld::JsonLd;
use crate::meta::MetaTags;

/// Class/id fragments of paywall and registration walls.
const PAYWALL_MARKERS: &[&str] = &[
    "paywall",
    "pay-wall",
    "regwall",
    "subscriber-only",
    "subscribers-only",
    "premium-content",
    "article-locked",
    "locked-content",
    "meteredcontent",
    "metered-content",
    "piano-offer",
    "tp-modal",
    "subscription-required",
    "plus-content",
    "paid-content",
];

static PAYWALL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    let alternatives: Vec<String> = PAYWALL_MARKERS.iter().map(|m| regex::escape(m)).collect();
    regex::Regex::new(&format!("(?i){}", alternatives.join("|"))).expect("paywall pattern is valid")
});

/// True when the page declares or shows a paywall.
pub(crate) fn paywalled(dom: &Dom<'_>, meta: &MetaTags, ld: &JsonLd) -> bool {
    if ld.free == Some(false) {
        return true;
    }
    if meta
        .get(&["article:content_tier", "content_tier"])
        .is_some_and(|t| {
            matches!(
                t.to_ascii_lowercase().as_str(),
                "locked" | "metered" | "premium"
            )
        })
    {
        return true;
    }
    let mut seen: std::collections::HashSet<&str, foldhash::fast::RandomState> =
        std::collections::HashSet::default();
    dom.nodes.iter().any(|n| {
        [n.class, n.ident]
            .into_iter()
            .any(|v| !v.is_empty() && seen.insert(v) && PAYWALL.is_match(v))
    })
}

/// True for an app shell: almost no server-rendered text, and scripts that would
/// render it (or a `<noscript>` asking for JavaScript).
pub(crate) fn needs_js(dom: &Dom<'_>, visible_chars: usize) -> bool {
    if visible_chars >= 500 {
        return false;
    }
    let mut scripts = 0;
    for (i, n) in dom.nodes.iter().enumerate() {
        if n.tag != Tag::Skip {
            continue;
        }
        match dom.name(i as u32) {
            "script" => scripts += 1,
            "noscript" => {
                let t = dom.text_of(i as u32, |_| false).to_lowercase();
                if t.contains("javascript") {
                    return true;
                }
            }
            _ => {}
        }
        if matches!(
            n.ident,
            "root" | "app" | "__next" | "__nuxt" | "___gatsby" | "svelte"
        ) {
            return true;
        }
    }
    let shell_root = dom
        .nodes
        .iter()
        .any(|n| matches!(n.ident, "root" | "app" | "__next" | "__nuxt" | "___gatsby"));
    shell_root || scripts >= 3
}

/// Words in a text. Chinese, Japanese and Korean are written without spaces: each
/// of their characters counts as a word, as word processors count them.
pub(crate) fn words(text: &str) -> usize {
    text.split_whitespace()
        .map(|token| {
            if token.is_ascii() {
                return 1;
            }
            let cjk = token.chars().filter(|&c| is_cjk(c)).count();
            let other = token.chars().any(|c| c.is_alphanumeric() && !is_cjk(c));
            cjk + usize::from(other || cjk == 0)
        })
        .sum()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // kana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF) // compatibility ideographs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_in_spaced_and_unspaced_scripts() {
        assert_eq!(words("The council voted on Tuesday."), 5);
        assert_eq!(words("Straßenbahn fährt"), 2);
        assert_eq!(words("李克强同志遗体在京火化"), 11);
        assert_eq!(words("NBA歷史"), 3);
    }
}
