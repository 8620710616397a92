//! Reading robots.txt files and checking URLs against them.

use super::{
    matcher::{normalize, Matcher, MAX_WILDCARD_RULES},
    *,
};

const TXT: &str = "User-agent: *\nDisallow: /private/\nAllow: /private/open$\n\n\
User-agent: newsmill\nDisallow: /drafts/\nDisallow: /*.pdf$\nAllow: /drafts/public\nCrawl-delay: 2.5\n\n\
Sitemap: https://e.com/sitemap.xml\n";

fn url(s: &str) -> Url {
    Url::parse(s).unwrap()
}

/// Whether `agent` may fetch `path` (on https://e.com) under `txt`.
fn may(txt: &str, agent: &str, path: &str) -> bool {
    Entry::parsed(agent, txt.as_bytes(), "https://e.com")
        .check(&url(&format!("https://e.com{path}")))
        .is_ok()
}

#[test]
fn our_group_precedence_and_wildcards() {
    let e = Entry::parsed("newsmill", TXT.as_bytes(), "https://e.com");
    e.check(&url("https://e.com/news/a")).unwrap();
    // Our own group applies, not `*`.
    e.check(&url("https://e.com/private/x")).unwrap();
    assert!(matches!(
        e.check(&url("https://e.com/drafts/x")),
        Err(FetchError::RobotsDisallowed { .. })
    ));
    e.check(&url("https://e.com/drafts/public/1")).unwrap();
    assert!(e.check(&url("https://e.com/files/a.pdf")).is_err());
    e.check(&url("https://e.com/files/a.pdf?x=1")).unwrap();
    assert_eq!(e.crawl_delay(), Some(Duration::from_millis(2500)));
    assert_eq!(e.sitemaps(), ["https://e.com/sitemap.xml".to_string()]);
    let other = Entry::parsed("otherbot", TXT.as_bytes(), "https://e.com");
    assert!(other.check(&url("https://e.com/private/x")).is_err());
    other.check(&url("https://e.com/private/open")).unwrap();
}

#[test]
fn unavailable_disallows_and_allow_all_allows() {
    let u = Entry::unavailable("HTTP 503".into(), Duration::from_secs(60));
    let err = u.check(&url("https://e.com/a")).unwrap_err();
    assert!(err.to_string().contains("HTTP 503"), "{err}");
    Entry::allow_all().check(&url("https://e.com/a")).unwrap();
}

#[test]
fn groups_are_chosen_by_product_token() {
    let txt = "# shop robots\n\
User-agent: Alphabot\nUser-agent: NEWSMILL/2.0\nDisallow: /a\n\n\
User-agent: betabot\nDisallow: /b\n\n\
User-agent: *\nDisallow: /\n\n\
user-agent: newsmill\nDisallow: /c\n";
    // Consecutive agent lines share a group; the token matches whatever the case
    // and version; two groups naming us are merged; `*` is not used then.
    assert!(!may(txt, "newsmill", "/a/1"));
    assert!(!may(txt, "newsmill", "/c"));
    assert!(may(txt, "newsmill", "/b"));
    assert!(may(txt, "NewsMill", "/other"));
    assert!(!may(txt, "alphabot", "/a"));
    assert!(may(txt, "alphabot", "/c"));
    // Nobody named: the `*` group.
    assert!(!may(txt, "gammabot", "/anything"));
    // A prefix of a token is not the token.
    assert!(!may(txt, "news", "/x"));
    assert!(!may(
        "User-agent: newsmillx\nDisallow: /\n\nUser-agent: *\nDisallow: /y\n",
        "newsmill",
        "/y"
    ));
}

#[test]
fn a_group_naming_us_applies_even_without_rules() {
    let txt = "User-agent: *\nDisallow: /\n\nUser-agent: newsmill\nDisallow:\n";
    assert!(may(txt, "newsmill", "/page"));
    assert!(!may(txt, "otherbot", "/page"));
    // Empty `Disallow:` matches nothing, also next to other rules.
    assert!(!may(
        "User-agent: *\nDisallow:\nDisallow: /x\n",
        "newsmill",
        "/x/1"
    ));
}

#[test]
fn rules_before_any_agent_line_are_ignored_and_lines_are_read_loosely() {
    let txt = "Disallow: /early\nCrawl-delay: 4\n\u{feff}\nUser-agent: *\nDisallow: /late\n";
    assert!(may(txt, "newsmill", "/early"));
    assert!(!may(txt, "newsmill", "/late"));
    // BOM, CR-only and CRLF endings, comments, spaces, lines without a colon,
    // unknown keys (which do not end the agent lines) and key case.
    let txt =
        "\u{feff}USER-AGENT : newsmill # us\r\nfoo: bar\r\nUser-agent: x\rDISALLOW:/a # no\r\n\
Disallow /b\nDisallow:   /c   \n#Disallow: /d\n";
    assert!(!may(txt, "newsmill", "/a"));
    assert!(!may(txt, "x", "/a"));
    assert!(may(txt, "newsmill", "/b"));
    assert!(!may(txt, "newsmill", "/c/1"));
    assert!(may(txt, "newsmill", "/d"));
    // Common misspellings of Disallow.
    assert!(!may("User-agent: *\nDissallow: /e\n", "newsmill", "/e"));
}

#[test]
fn longest_match_wins_and_allow_wins_ties() {
    let txt = "User-agent: *\nDisallow: /shop\nAllow: /shop/open\nDisallow: /shop/open/secret\n\
Allow: /tie\nDisallow: /tie\nDisallow: /x*y\nAllow: /x/y\n";
    assert!(!may(txt, "newsmill", "/shop/closed"));
    assert!(may(txt, "newsmill", "/shop/open/door"));
    assert!(!may(txt, "newsmill", "/shop/open/secret/1"));
    assert!(may(txt, "newsmill", "/tie/x"));
    // `/x*y` and `/x/y` are both four bytes long: the Allow wins.
    assert!(may(txt, "newsmill", "/x/y"));
    assert!(!may(txt, "newsmill", "/xzy"));
    // Length counts the pattern as written: `/*.gif$` (7) beats `/a` (2).
    let txt = "User-agent: *\nAllow: /a\nDisallow: /*.gif$\nAllow: /a/long/path/\n";
    assert!(!may(txt, "newsmill", "/a/b.gif"));
    assert!(may(txt, "newsmill", "/a/long/path/b.gif"));
    // Matching is case-sensitive.
    assert!(may(
        "User-agent: *\nDisallow: /Admin\n",
        "newsmill",
        "/admin"
    ));
}

#[test]
fn wildcards_and_end_anchor() {
    let txt = "User-agent: *\nDisallow: /*.php\nDisallow: /fish*\nDisallow: /*/end$\n\
Disallow: /a$b\nDisallow: /only$\nDisallow: /**/deep*$\n";
    for path in [
        "/index.php",
        "/dir/file.php?x=1",
        "/file.php/more",
        "/fish",
        "/fishy/x",
    ] {
        assert!(!may(txt, "newsmill", path), "{path}");
    }
    for path in ["/index.PHP", "/Fish", "/file.ph", "/catfish"] {
        assert!(may(txt, "newsmill", path), "{path}");
    }
    assert!(!may(txt, "newsmill", "/x/y/end"));
    assert!(may(txt, "newsmill", "/x/y/end/"));
    assert!(may(txt, "newsmill", "/x/y/end?q"));
    // `$` anywhere but at the end is a plain character.
    assert!(!may(txt, "newsmill", "/a$b/c"));
    assert!(!may(txt, "newsmill", "/only"));
    assert!(may(txt, "newsmill", "/only/"));
    // `**` is `*`; `*$` at the end lets anything follow.
    assert!(!may(txt, "newsmill", "/q/deep/anything"));
    assert!(!may(txt, "newsmill", "/x/deep"));
    // A wildcard must not match across a piece seen too late.
    assert!(may(
        "User-agent: *\nDisallow: /*ab*ba$\n",
        "newsmill",
        "/aba"
    ));
    assert!(!may(
        "User-agent: *\nDisallow: /*ab*ba$\n",
        "newsmill",
        "/abba"
    ));
}

#[test]
fn percent_encoding_is_normalised_on_both_sides() {
    // Non-ASCII rules compare as their UTF-8 percent-encoded form.
    let txt = "User-agent: *\nDisallow: /foo/bar/ツ\nDisallow: /%7Euser/%62%61%7A\n\
Disallow: /a%2fb\nDisallow: /sp ace\n";
    assert!(!may(txt, "newsmill", "/foo/bar/%E3%83%84"));
    assert!(!may(txt, "newsmill", "/foo/bar/ツ/x"));
    assert!(!may(txt, "newsmill", "/foo/bar/%e3%83%84"));
    // Encoded unreserved characters are decoded.
    assert!(!may(txt, "newsmill", "/~user/baz"));
    assert!(!may(txt, "newsmill", "/%7euser/%62az"));
    // Encoded reserved characters are not: `%2F` is not `/`.
    assert!(!may(txt, "newsmill", "/a%2Fb"));
    assert!(may(txt, "newsmill", "/a/b"));
    assert!(!may(txt, "newsmill", "/sp%20ace"));
    assert_eq!(normalize("/é%41%2a%zz*$".as_bytes()), b"/%C3%A9A%2A%zz*$");
}

#[test]
fn crawl_delay_and_sitemaps() {
    let txt = "Sitemap: https://e.com/first.xml\nCrawl-delay: 9\n\
User-agent: *\nCrawl-delay: 3\n\nUser-agent: newsmill\nCrawl-delay: soon\nCrawl-delay: 0.5\n\
Crawl-delay: 7\nSitemap: https://e.com/in-group.xml\nDisallow: /x\nsitemap:https://e.com/last.xml";
    let ours = Entry::parsed("newsmill", txt.as_bytes(), "o");
    // The first valid delay of our group.
    assert_eq!(ours.crawl_delay(), Some(Duration::from_millis(500)));
    assert_eq!(ours.sitemaps().len(), 3, "{:?}", ours.sitemaps());
    assert_eq!(ours.sitemaps()[2], "https://e.com/last.xml");
    let other = Entry::parsed("otherbot", txt.as_bytes(), "o");
    assert_eq!(other.crawl_delay(), Some(Duration::from_secs(3)));
    // A delay before any group is the fallback; absurd ones do not panic.
    let e = Entry::parsed(
        "newsmill",
        b"Crawl-delay: 9\nUser-agent: *\nDisallow: /x\n",
        "o",
    );
    assert_eq!(e.crawl_delay(), Some(Duration::from_secs(9)));
    let e = Entry::parsed("newsmill", b"User-agent: *\nCrawl-delay: 1e300\n", "o");
    assert_eq!(e.crawl_delay(), Some(Duration::MAX));
    for bad in ["-1", "NaN", "inf", "0"] {
        let e = Entry::parsed(
            "newsmill",
            format!("User-agent: *\nCrawl-delay: {bad}\n").as_bytes(),
            "o",
        );
        assert_eq!(e.crawl_delay(), None, "{bad}");
    }
}

#[test]
fn odd_bodies() {
    // Not a robots.txt at all: allow-all, and said so.
    let html = Entry::parsed("newsmill", b"<html><body>Not found</body></html>", "o");
    assert!(matches!(html.rules, Rules::AllowAll));
    let empty = Entry::parsed("newsmill", b"", "o");
    assert!(matches!(empty.rules, Rules::Parsed(_)));
    empty.check(&url("https://e.com/a")).unwrap();
    // robots.txt itself is always allowed; an empty path is `/`.
    assert!(may(
        "User-agent: *\nDisallow: /\n",
        "newsmill",
        "/robots.txt"
    ));
    assert!(!may("User-agent: *\nDisallow: /$\n", "newsmill", ""));
    // NUL bytes end lines; invalid UTF-8 in a rule is kept as bytes.
    let e = Entry::parsed("newsmill", b"User-agent: *\0Disallow: /\xff\xfe\n", "o");
    assert!(e.check(&url("https://e.com/%FF%FE/a")).is_err());
    assert!(e.check(&url("https://e.com/ok")).is_ok());
}

#[test]
fn only_the_capped_bytes_are_read() {
    let mut txt = String::from("User-agent: *\n");
    while txt.len() < MAX_ROBOTS_BYTES as usize {
        txt.push_str("# padding padding padding padding padding padding\n");
    }
    txt.push_str("Disallow: /beyond\n");
    assert!(may(&txt, "newsmill", "/beyond"));
    txt.truncate(MAX_ROBOTS_BYTES as usize - 100);
    txt.push_str("\nDisallow: /within\n");
    assert!(!may(&txt, "newsmill", "/within"));
}

#[test]
fn a_hostile_file_of_wildcards_is_read_and_checked_right() {
    // 512 KiB of rules whose pieces occur all over the paths checked.
    let mut txt = String::from("User-agent: *\nDisallow: /plain/\nAllow: /plain/open\n");
    let mut n = 0;
    while txt.len() < MAX_ROBOTS_BYTES as usize - 64 {
        txt.push_str(&format!("Disallow: /*a*a*a*a*a*a*a*a*b{n}$\n"));
        n += 1;
    }
    assert!(n > 10 * MAX_WILDCARD_RULES);
    let e = Entry::parsed("newsmill", txt.as_bytes(), "o");
    let Rules::Parsed(r) = &e.rules else {
        panic!("parsed")
    };
    assert_eq!(r.matcher.wildcard_rules(), MAX_WILDCARD_RULES);
    assert_eq!(r.matcher.dropped, n - MAX_WILDCARD_RULES);
    let long = "a".repeat(4000);
    // Kept rules apply, dropped ones do not, plain rules all do.
    assert!(e.check(&url(&format!("https://e.com/{long}b7"))).is_err());
    assert!(e.check(&url(&format!("https://e.com/{long}b7/"))).is_ok());
    assert!(e
        .check(&url(&format!("https://e.com/{long}b{}", n - 1)))
        .is_ok());
    assert!(e.check(&url(&format!("https://e.com/{long}c"))).is_ok());
    assert!(e.check(&url("https://e.com/plain/x")).is_err());
    assert!(e.check(&url("https://e.com/plain/open")).is_ok());
    // Many plain rules: one walk down a trie.
    let mut many = String::from("User-agent: *\n");
    for i in 0..20_000 {
        many.push_str(&format!("Disallow: /p{i}/\n"));
    }
    let e = Entry::parsed("newsmill", many.as_bytes(), "o");
    assert!(e.check(&url("https://e.com/p19999/x")).is_err());
    assert!(e.check(&url("https://e.com/p20000/x")).is_ok());
}

/// A backtracking glob matcher, obviously right on small inputs.
fn reference(rule: &[u8], path: &[u8]) -> bool {
    match rule.split_first() {
        None => true,
        Some((b'$', [])) => path.is_empty(),
        Some((b'*', rest)) => (0..=path.len()).any(|i| reference(rest, &path[i..])),
        Some((&c, rest)) => path.first() == Some(&c) && reference(rest, &path[1..]),
    }
}

#[test]
fn the_glob_search_agrees_with_backtracking() {
    // A small deterministic generator over a tiny alphabet, so pieces repeat and
    // overlap the way that trips greedy matchers.
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let pick = |k: u64, alphabet: &[u8]| alphabet[k as usize % alphabet.len()];
    for _ in 0..20_000 {
        let rule_len = next(7) as usize;
        let mut rule = b"/".to_vec();
        for _ in 0..rule_len {
            rule.push(pick(next(5), b"ab*a*"));
        }
        if next(3) == 0 {
            rule.push(b'$');
        }
        let mut path = b"/".to_vec();
        for _ in 0..next(9) {
            path.push(pick(next(2), b"ab"));
        }
        let m = Matcher::new([(false, &rule[..])]);
        assert_eq!(
            !m.allowed(&path),
            reference(&rule, &path),
            "rule {:?} path {:?}",
            String::from_utf8_lossy(&rule),
            String::from_utf8_lossy(&path)
        );
    }
}

#[test]
fn rule_sets_agree_with_a_list_walk() {
    // Random groups of rules (plain and wildcard, both kinds) over a tiny
    // alphabet, checked against trying every rule in turn: the longest match
    // decides, Allow winning a tie, no match allows.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for _ in 0..5_000 {
        let rules: Vec<(bool, Vec<u8>)> = (0..1 + next(6))
            .map(|_| {
                let mut rule = b"/".to_vec();
                for _ in 0..next(5) {
                    rule.push(b"ab*ab"[next(5) as usize]);
                }
                if next(4) == 0 {
                    rule.push(b'$');
                }
                (next(2) == 0, rule)
            })
            .collect();
        let m = Matcher::new(rules.iter().map(|(a, r)| (*a, &r[..])));
        for _ in 0..8 {
            let mut path = b"/".to_vec();
            for _ in 0..next(6) {
                path.push(b"ab"[next(2) as usize]);
            }
            let best = rules
                .iter()
                .filter(|(_, r)| reference(r, &path))
                .map(|(allow, r)| (r.len(), *allow))
                .max();
            assert_eq!(
                m.allowed(&path),
                best.is_none_or(|(_, allow)| allow),
                "rules {rules:?} path {:?}",
                String::from_utf8_lossy(&path)
            );
        }
    }
}
