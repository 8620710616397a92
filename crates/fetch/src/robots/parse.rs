//! Reading a robots.txt (RFC 9309) for one user agent, in one linear pass.
//!
//! Lines end at LF, CR, CRLF (or NUL); a UTF-8 BOM is skipped; `#` starts a
//! comment; a line without `:` is ignored; keys are case-insensitive (with the
//! usual spellings such as `User agent`, `Crawl delay`, `Site-map` and the common
//! `Disallow` typos). A group is a run of `User-agent` lines and the rules after
//! it; groups naming our product token (case-insensitive, `Googlebot/2.1` names
//! `googlebot`) are merged and used, else the `*` groups; rules before any
//! `User-agent` line belong to no group and are ignored. `Crawl-delay` is the first
//! valid one of the groups used, else one written before any group. `Sitemap:`
//! lines count anywhere. Only the first [`MAX_ROBOTS_BYTES`] bytes are read.

use super::{matcher::Matcher, MAX_ROBOTS_BYTES};

/// A robots.txt read for one user agent.
pub(crate) struct Robots {
    pub matcher: Matcher,
    /// `Crawl-delay` in seconds (finite, not negative).
    pub delay: Option<f64>,
    pub sitemaps: Vec<String>,
    /// Lines with a known key (`User-agent`, `Allow`, `Disallow`, `Crawl-delay`,
    /// `Sitemap`): none means the body is no robots.txt at all.
    pub directives: usize,
}

impl Robots {
    /// Whether `path_and_query` (as the URL has it, `/` for an empty path) may be
    /// fetched. `/robots.txt` itself always may.
    pub fn allowed(&self, path_and_query: &str) -> bool {
        path_and_query == "/robots.txt" || self.matcher.allowed(path_and_query.as_bytes())
    }
}

enum Key {
    UserAgent,
    Allow,
    Disallow,
    CrawlDelay,
    Sitemap,
}

fn key(k: &[u8]) -> Option<Key> {
    let k = k.to_ascii_lowercase();
    Some(match &k[..] {
        b"user-agent" | b"user agent" | b"useragent" => Key::UserAgent,
        b"allow" => Key::Allow,
        b"disallow" | b"dissallow" | b"dissalow" | b"disalow" | b"diasllow" | b"disallaw" => {
            Key::Disallow
        }
        b"crawl-delay" | b"crawl delay" | b"crawldelay" => Key::CrawlDelay,
        b"sitemap" | b"site-map" | b"site map" => Key::Sitemap,
        _ => return None,
    })
}

/// The product token of a `User-agent` value or of our agent name: its leading
/// letters, `_` and `-`, lower-cased (`*` stays `*`).
fn token(value: &[u8]) -> Vec<u8> {
    if value == b"*" {
        return b"*".to_vec();
    }
    value
        .iter()
        .take_while(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'-'))
        .map(u8::to_ascii_lowercase)
        .collect()
}

/// Parses `body` for the agent named `agent` (its product token is what counts).
pub(crate) fn parse(agent: &str, body: &[u8]) -> Robots {
    let body = &body[..body.len().min(MAX_ROBOTS_BYTES as usize)];
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let ours = token(agent.as_bytes());
    // Rules of the groups naming us and of the `*` groups, as (allow, rule).
    let (mut our_rules, mut star_rules) = (Vec::new(), Vec::new());
    let (mut our_delay, mut star_delay, mut global_delay) = (None, None, None);
    let mut found_ours = false;
    let mut sitemaps = Vec::new();
    let mut directives = 0;
    // The group being read: does it name us, `*`; are we still in its
    // `User-agent` lines; has any group started.
    let (mut names_us, mut names_star, mut in_agents, mut in_group) = (false, false, false, false);
    for line in body.split(|&b| matches!(b, b'\n' | b'\r' | 0)) {
        let line = match line.iter().position(|&b| b == b'#') {
            Some(hash) => &line[..hash],
            None => line,
        };
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let Some(k) = key(line[..colon].trim_ascii()) else {
            continue;
        };
        let value = line[colon + 1..].trim_ascii();
        directives += 1;
        match k {
            Key::UserAgent => {
                if !in_agents {
                    (names_us, names_star, in_agents, in_group) = (false, false, true, true);
                }
                let t = token(value);
                if t == b"*" {
                    names_star = true;
                } else if !t.is_empty() && t == ours {
                    names_us = true;
                    found_ours = true;
                }
            }
            Key::Allow | Key::Disallow => {
                in_agents = false;
                let rule = (matches!(k, Key::Allow), value);
                if names_us {
                    our_rules.push(rule);
                }
                if names_star {
                    star_rules.push(rule);
                }
            }
            Key::CrawlDelay => {
                in_agents = false;
                let Some(d) = std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.parse::<f64>().ok())
                    .filter(|d| d.is_finite() && *d >= 0.0)
                else {
                    continue;
                };
                if !in_group {
                    global_delay = global_delay.or(Some(d));
                }
                if names_us {
                    our_delay = our_delay.or(Some(d));
                }
                if names_star {
                    star_delay = star_delay.or(Some(d));
                }
            }
            Key::Sitemap => {
                if let Ok(url) = std::str::from_utf8(value) {
                    if !url.is_empty() {
                        sitemaps.push(url.to_string());
                    }
                }
            }
        }
    }
    let (rules, delay) = if found_ours {
        (our_rules, our_delay)
    } else {
        (star_rules, star_delay)
    };
    Robots {
        matcher: Matcher::new(rules),
        delay: delay.or(global_delay),
        sitemaps,
        directives,
    }
}
