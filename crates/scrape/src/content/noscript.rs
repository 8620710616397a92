//! Pages whose text is in `<noscript>`.
//!
//! A page built by JavaScript often ships the whole document for readers
//! without scripts inside `<noscript>` (forum engines do this for every
//! thread), and the parser, like a browser with scripting on, reads that as raw
//! text. When most of the body's text sits inside `<noscript>` elements, the
//! page is read as a browser without scripts shows it: the `<noscript>` tags
//! become plain `<div>`s and their content is parsed as markup.

use memchr::memchr;

/// Fewest visible bytes inside `<noscript>` for the rule to apply.
const MIN_TEXT: usize = 200;

/// The page with its `<noscript>` elements turned into `<div>`s, when most of
/// the body's visible text is inside them; `None` otherwise.
pub(crate) fn unwrap(html: &str) -> Option<String> {
    let bytes = html.as_bytes();
    let body = find_ci(bytes, 0, b"<body").unwrap_or(0);
    // No `<noscript>` at all (most pages): nothing inside, nothing to count.
    find_ci(bytes, body, b"<noscript")?;
    let (inside, outside, spans) = text_inside(bytes, body);
    if inside < MIN_TEXT || inside <= outside {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for (open, close) in spans {
        // `<noscript` → `<div`, `</noscript` → `</div`: the attributes stay.
        out.push_str(&html[copied..open]);
        out.push_str("<div");
        copied = open + "<noscript".len();
        if let Some(close) = close {
            out.push_str(&html[copied..close]);
            out.push_str("</div");
            copied = close + "</noscript".len();
        }
    }
    out.push_str(&html[copied..]);
    Some(out)
}

/// Visible bytes (outside tags, not whitespace) inside and outside `<noscript>`
/// elements from `from` on, and where each such element opens and closes.
fn text_inside(bytes: &[u8], from: usize) -> (usize, usize, Vec<(usize, Option<usize>)>) {
    let (mut inside, mut outside) = (0usize, 0usize);
    let mut spans = Vec::new();
    let mut at = from;
    // The end of the `<noscript>` being read (its closing tag's start).
    let mut until: Option<usize> = None;
    while at < bytes.len() {
        let Some(rel) = memchr(b'<', &bytes[at..]) else {
            count(&bytes[at..], until.is_some(), &mut inside, &mut outside);
            break;
        };
        let lt = at + rel;
        count(&bytes[at..lt], until.is_some(), &mut inside, &mut outside);
        if until == Some(lt) {
            until = None;
        } else if until.is_none() && starts_ci(bytes, lt, b"<noscript") {
            let close = find_ci(bytes, lt, b"</noscript");
            spans.push((lt, close));
            until = Some(close.unwrap_or(bytes.len()));
        }
        // Skip the tag itself.
        at = memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1);
    }
    (inside, outside, spans)
}

fn count(text: &[u8], in_noscript: bool, inside: &mut usize, outside: &mut usize) {
    let n = text.iter().filter(|b| !b.is_ascii_whitespace()).count();
    if in_noscript {
        *inside += n;
    } else {
        *outside += n;
    }
}

fn starts_ci(bytes: &[u8], at: usize, word: &[u8]) -> bool {
    bytes.len() >= at + word.len()
        && bytes[at..at + word.len()].eq_ignore_ascii_case(word)
        && bytes
            .get(at + word.len())
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
}

fn find_ci(bytes: &[u8], from: usize, word: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(rel) = memchr(b'<', &bytes[at..]) {
        let lt = at + rel;
        if starts_ci(bytes, lt, word) {
            return Some(lt);
        }
        at = lt + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwraps_noscript_that_holds_the_text() {
        let post =
            "<p>".to_string() + &"A long post about sourdough starters. ".repeat(10) + "</p>";
        let page = format!(
            "<html><head><noscript><style>x</style></noscript></head><body><header>Forum</header>\
             <NOSCRIPT data-path=\"/t/1\"><div class=post>{post}</div></NOSCRIPT><footer>f</footer></body></html>"
        );
        let out = unwrap(&page).expect("unwrapped");
        assert!(
            out.contains("<div data-path=\"/t/1\"><div class=post>"),
            "{out}"
        );
        assert!(out.contains("</p></div></div><footer>"), "{out}");
        assert!(out.contains("<head><noscript><style>"), "{out}");
    }

    #[test]
    fn leaves_pages_whose_text_is_outside() {
        let page = "<body><p>The council voted on Tuesday to extend the tram line.</p>\
                    <noscript><img src=pixel.gif></noscript></body>";
        assert!(unwrap(page).is_none());
        let long = "<p>".to_string() + &"Prose outside. ".repeat(40) + "</p>";
        let both = format!(
            "<body>{long}<noscript><p>{}</p></noscript></body>",
            "Less prose inside. ".repeat(15)
        );
        assert!(unwrap(&both).is_none());
    }
}
