//! The class/id token table: for every token seen on enough domains, the
//! log-odds that an element carrying it holds main content.

use std::collections::BTreeMap;

use newsmill_scrape::train::TokenTable;

use crate::data::PageData;

/// A token must be seen on this many domains to enter the table: a class name
/// of one site says nothing about others.
const MIN_DOMAINS: u32 = 3;
/// Pseudo-domains of prior evidence pulling a token's score towards zero.
const PRIOR: f64 = 2.0;

/// Learns the table from `pages` (their labels and token chains).
pub fn build(pages: &[&PageData]) -> TokenTable {
    // (token, domain) -> (content chars, all chars)
    let mut acc: BTreeMap<(u32, &str), (f64, f64)> = BTreeMap::new();
    for page in pages {
        let s = &page.sample;
        let mut nodes = vec![(0f64, 0f64); s.token_elements()];
        for k in 0..s.len() {
            let c = f64::from(s.chars(k));
            let y = f64::from(page.labels[k]);
            for (t, _) in s.token_chain(k) {
                nodes[t].0 += y * c;
                nodes[t].1 += c;
            }
        }
        for (t, &(content, all)) in nodes.iter().enumerate() {
            if all <= 0.0 {
                continue;
            }
            for &tok in s.element_tokens(t).0 {
                let e = acc.entry((tok, page.domain.as_str())).or_insert((0.0, 0.0));
                e.0 += content;
                e.1 += all;
            }
        }
    }
    let (mut c_all, mut t_all) = (0.0, 0.0);
    // token -> (domains, sum of per-domain content shares)
    let mut per: BTreeMap<u32, (u32, f64)> = BTreeMap::new();
    for (&(tok, _), &(content, all)) in &acc {
        c_all += content;
        t_all += all;
        let e = per.entry(tok).or_insert((0, 0.0));
        e.0 += 1;
        e.1 += content / all;
    }
    let p0 = (c_all / t_all.max(1.0)).clamp(0.01, 0.99);
    let logit = |p: f64| (p / (1.0 - p)).ln();
    let entries = per
        .into_iter()
        .filter(|(_, (n, _))| *n >= MIN_DOMAINS)
        .map(|(tok, (n, sum))| {
            let p = ((sum + PRIOR * p0) / (f64::from(n) + PRIOR)).clamp(0.001, 0.999);
            (tok, (logit(p) - logit(p0)) as f32)
        })
        .collect();
    TokenTable::new(entries)
}
