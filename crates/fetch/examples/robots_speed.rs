//! robots.txt parse and per-URL check time on hostile files (bench/robots.sh runs it).
//!
//! Usage: `robots_speed [KiB]` (default 512). Builds, for each shape, a robots.txt of
//! about KiB kibibytes for `User-agent: *` and prints one line per shape:
//! `shape KiB rules parse_s check_ms_per_url checks verdicts` (verdicts: A
//! allowed or D disallowed, for the first three URLs), CPU seconds of this
//! thread. Shapes: `wildcards` (rules full of `*` that every path can reach, each
//! ending in `$`), `wildcards-miss` (the same rules, none of which can match),
//! `prefixes` (plain distinct path prefixes), `mixed` (both). The URLs checked are
//! long paths of the letters the rules use. Last line: `headline` with the worst
//! parse time and the worst per-URL check time.

use std::{fmt::Write, time::Instant};

use newsmill_fetch::parse_robots;
use url::Url;

#[path = "../../tag/examples/support/cpu.rs"]
mod cpu;

/// Rules of about `kib` KiB.
fn robots(shape: &str, kib: usize) -> String {
    let mut txt = String::from("User-agent: *\n");
    let mut i = 0usize;
    while txt.len() < kib * 1024 {
        match shape {
            // Every segment occurs in the URLs: a backtracking matcher tries them all.
            "wildcards" => writeln!(txt, "Disallow: /*a*a*a*a*a*a*a*a*a*a*b{i}$").unwrap(),
            "wildcards-miss" => writeln!(txt, "Disallow: /*a*a*a*a*a*a*a*a*a*a*z{i}").unwrap(),
            "prefixes" => writeln!(txt, "Disallow: /section-{i}/page-{}/", i % 97).unwrap(),
            _ => {
                if i.is_multiple_of(2) {
                    writeln!(txt, "Allow: /*a*a*a*a*a*b{i}*c$").unwrap()
                } else {
                    writeln!(txt, "Disallow: /section-{i}/").unwrap()
                }
            }
        }
        i += 1;
    }
    txt
}

fn main() {
    let kib: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse().expect("KiB must be a whole number"))
        .unwrap_or(512);
    let wall = Instant::now();
    let (mut worst_parse, mut worst_check) = (0f64, 0f64);
    for shape in ["wildcards", "wildcards-miss", "prefixes", "mixed"] {
        let txt = robots(shape, kib);
        let rules = txt.lines().count() - 1;
        // Parsed again and again until 0.3 CPU seconds are spent (the clock ticks
        // in hundredths of a second).
        let t0 = cpu::cpu_s(wall);
        let mut parses = 0;
        let parsed = loop {
            let parsed = parse_robots("newsmill", txt.as_bytes());
            parses += 1;
            if cpu::cpu_s(wall) - t0 > 0.3 {
                break parsed;
            }
        };
        let parse_s = (cpu::cpu_s(wall) - t0) / f64::from(parses);
        // Long paths of `a`s: every `*a` segment finds a match at many places.
        let urls: Vec<Url> = (0..200)
            .map(|n| {
                let path = "a".repeat(200 + 10 * n);
                Url::parse(&format!("https://e.com/{path}b{n}")).unwrap()
            })
            .collect();
        // At least 3 URLs, then round after round until 1 CPU second is spent (the
        // clock is read rarely once checks are seen to be fast).
        let t1 = cpu::cpu_s(wall);
        let (mut done, mut verdicts) = (0usize, String::new());
        while done < 2_000_000 {
            let url = &urls[done % urls.len()];
            let allowed = parsed.allows(url);
            if done < 3 {
                verdicts.push(if allowed { 'A' } else { 'D' });
            }
            done += 1;
            if done >= 3 && (done < 64 || done.is_multiple_of(256)) && cpu::cpu_s(wall) - t1 > 1.0 {
                break;
            }
        }
        let check_ms = (cpu::cpu_s(wall) - t1) * 1000.0 / done as f64;
        worst_parse = worst_parse.max(parse_s);
        worst_check = worst_check.max(check_ms);
        println!(
            "{shape:<15} {kib:>5} {rules:>7} {parse_s:>8.4} {check_ms:>10.4} {done:>8} {verdicts}"
        );
    }
    println!("headline parse_s {worst_parse:.3} check_ms_per_url {worst_check:.3}");
}
