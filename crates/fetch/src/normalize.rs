//! URL normalisation, so the same page reached by two spellings is one lead.
//!
//! Rules: scheme and host lower-cased (the `url` crate does this, with IDNA), default
//! ports dropped, fragment removed, tracking parameters removed (`utm_*`, `fbclid`,
//! `gclid`, …), remaining query parameters sorted (stable, so repeated keys keep their
//! order), an empty query removed, an empty path made `/`. Only `http` and `https`
//! URLs are accepted. Trailing slashes and `www.` are kept: sites serve different
//! pages under them.

use url::Url;

use crate::error::FetchError;

/// Query parameters that only track where a visitor came from.
const TRACKING: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "wickedid",
    "rb_clickid",
    "s_cid",
    "ncid",
    "cmpid",
    "ocid",
    "sr_share",
];

fn is_tracking(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.starts_with("utm_") || k.starts_with("pk_") || TRACKING.contains(&k.as_str())
}

/// Normalises an absolute `http`/`https` URL (see the module rules).
///
/// ```
/// # use newsmill_fetch::normalize_url;
/// assert_eq!(
///     normalize_url("HTTPS://Example.COM:443/a?b=2&utm_source=x&a=1#top").unwrap(),
///     "https://example.com/a?a=1&b=2"
/// );
/// ```
pub fn normalize_url(raw: &str) -> Result<String, FetchError> {
    let url = Url::parse(raw.trim()).map_err(|e| FetchError::InvalidUrl {
        url: raw.to_string(),
        reason: e.to_string(),
    })?;
    Ok(normalize_parsed(url, raw)?.into())
}

/// Resolves `href` against `base` and normalises it.
pub(crate) fn resolve(base: &Url, href: &str) -> Result<Url, FetchError> {
    let url = base.join(href.trim()).map_err(|e| FetchError::InvalidUrl {
        url: href.to_string(),
        reason: e.to_string(),
    })?;
    normalize_parsed(url, href)
}

pub(crate) fn normalize_parsed(mut url: Url, raw: &str) -> Result<Url, FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::InvalidUrl {
            url: raw.to_string(),
            reason: format!("scheme {:?} is not http or https", url.scheme()),
        });
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::InvalidUrl {
            url: raw.to_string(),
            reason: "no host".into(),
        });
    }
    url.set_fragment(None);
    // Credentials never belong in a stored URL.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    if url.query().is_some() {
        let mut pairs: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !is_tracking(k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        if pairs.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize_url(s).unwrap()
    }

    #[test]
    fn rules() {
        assert_eq!(n("HTTP://WWW.Example.com:80"), "http://www.example.com/");
        assert_eq!(n("https://e.com:8443/x"), "https://e.com:8443/x");
        assert_eq!(n("https://e.com/a#frag"), "https://e.com/a");
        assert_eq!(
            n("https://e.com/a?utm_source=rss&utm_medium=x&fbclid=1&gclid=2"),
            "https://e.com/a"
        );
        assert_eq!(
            n("https://e.com/a?z=1&a=2&m=3"),
            "https://e.com/a?a=2&m=3&z=1"
        );
        assert_eq!(n("https://e.com/a?"), "https://e.com/a");
        assert_eq!(n("https://e.com/a/../b/./c"), "https://e.com/b/c");
        assert_eq!(n("https://user:pw@e.com/"), "https://e.com/");
        assert_eq!(n("  https://e.com/x/  "), "https://e.com/x/");
        assert_eq!(n("https://e.com/?q=a%20b"), "https://e.com/?q=a+b");
    }

    #[test]
    fn refusals_name_the_url() {
        let e = normalize_url("ftp://e.com/x").unwrap_err().to_string();
        assert!(e.contains("ftp://e.com/x") && e.contains("scheme"), "{e}");
        assert!(normalize_url("not a url").is_err());
        assert!(normalize_url("mailto:a@b.c").is_err());
    }

    #[test]
    fn idempotent_on_awkward_inputs() {
        for s in [
            "https://e.com/a?b=%2F&a=%20&a=1",
            "https://e.com/ü?ß=ä",
            "https://XN--BCHER-KVA.example/",
            "https://e.com/a?b&a",
            "https://e.com/a?utm_x=1&k=v#f",
            "https://e.com/%7Euser/",
            "https://[::1]:443/",
        ] {
            let once = n(s);
            assert_eq!(n(&once), once, "{s}");
        }
    }

    /// A property test with a seeded generator: normalising twice changes nothing,
    /// and tracking parameters never survive.
    #[test]
    fn idempotent_on_random_urls() {
        use rand::{rngs::StdRng, Rng, SeedableRng};
        const PARTS: &[&str] = &[
            "a",
            "B",
            "%20",
            "%7e",
            "ü",
            "..",
            ".",
            "",
            "x y",
            "?",
            "#",
            "&",
            "=",
            "+",
            "%2F",
            "utm_source",
            "fbclid",
            "Ω",
            "~",
            ";",
            ",",
            "@",
            ":",
        ];
        let mut rng = StdRng::seed_from_u64(7);
        let pick = |rng: &mut StdRng, n: usize| -> String {
            (0..rng.random_range(0..n))
                .map(|_| PARTS[rng.random_range(0..PARTS.len())])
                .collect()
        };
        for _ in 0..5000 {
            let scheme = if rng.random_bool(0.5) {
                "HTTP"
            } else {
                "https"
            };
            let host = [
                "Example.COM",
                "xn--bcher-kva.example",
                "127.0.0.1",
                "[::1]",
                "e.com:443",
            ][rng.random_range(0..5)];
            let path = pick(&mut rng, 4);
            let query: Vec<String> = (0..rng.random_range(0..4))
                .map(|_| format!("{}={}", pick(&mut rng, 3), pick(&mut rng, 3)))
                .collect();
            let raw = format!(
                "{scheme}://{host}/{path}?{}#{}",
                query.join("&"),
                pick(&mut rng, 2)
            );
            let Ok(once) = normalize_url(&raw) else {
                continue;
            };
            assert_eq!(normalize_url(&once).unwrap(), once, "from {raw:?}");
            let u = Url::parse(&once).unwrap();
            assert!(u.fragment().is_none(), "{once}");
            assert!(u.query_pairs().all(|(k, _)| !is_tracking(&k)), "{once}");
        }
    }

    #[test]
    fn relative_links_resolve() {
        let base = Url::parse("https://e.com/news/").unwrap();
        assert_eq!(
            resolve(&base, "a.html#x").unwrap().as_str(),
            "https://e.com/news/a.html"
        );
        assert_eq!(
            resolve(&base, "//other.org/p").unwrap().as_str(),
            "https://other.org/p"
        );
        assert!(resolve(&base, "javascript:void(0)").is_err());
    }
}
