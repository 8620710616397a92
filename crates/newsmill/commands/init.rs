//! `newsmill init [--site URL] [-c FILE]`: writes a commented config file. With
//! `--site`, the site's feeds (announced on its home page) and sitemaps (robots.txt
//! `Sitemap:` lines, else `/sitemap.xml`) are fetched, checked and written as its
//! sources, and what was found is printed. The file parses as it is written; every
//! key is documented in `CONFIG.md`.

use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use newsmill_fetch::{FetchConfig, Fetcher, SiteSurvey, SourceConfig, SourceKind, SurveyHit};

use crate::args::InitArgs;
use crate::config::ConfigFile;

/// Runs the command.
pub fn run(args: InitArgs) -> Result<ExitCode> {
    if args.config.exists() && !args.force {
        bail!(
            "{} exists; pass --force to replace it",
            args.config.display()
        );
    }
    let mut fetch = FetchConfig::default();
    if let Some(contact) = &args.contact {
        fetch.contact = contact.clone();
    }
    let survey = match &args.site {
        Some(site) => Some(survey(site, fetch, args.allow_private)?),
        None => None,
    };
    let text = render(&args, survey.as_ref());
    let tmp = args.config.with_extension("toml.tmp");
    std::fs::write(&tmp, &text).with_context(|| format!("cannot write {}", tmp.display()))?;
    // Never leave a config that does not load: check it before it takes the name.
    if let Err(err) = ConfigFile::read(&tmp) {
        let _ = std::fs::remove_file(&tmp);
        return Err(err.context("the config written does not load (a bug in newsmill init)"));
    }
    std::fs::rename(&tmp, &args.config)
        .with_context(|| format!("cannot write {}", args.config.display()))?;
    report(&args, survey.as_ref());
    Ok(ExitCode::SUCCESS)
}

fn survey(site: &str, fetch: FetchConfig, allow_private: bool) -> Result<SiteSurvey> {
    let url = url::Url::parse(site.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        .with_context(|| format!("--site {site:?}: not an http(s) URL"))?;
    let mut source = SourceConfig::new("site", SourceKind::Listing, url.as_str());
    source.allow_private = allow_private;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let fetcher = Fetcher::new(fetch).context("cannot build the fetcher")?;
        fetcher
            .survey(&source)
            .await
            .with_context(|| format!("cannot read the home page {url}"))
    })
}

/// A TOML string literal.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn source_name(hit: &SurveyHit, kind: &str, taken: &mut Vec<String>) -> String {
    let host = url::Url::parse(&hit.url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "site".into());
    let stem = format!("{host}-{kind}");
    let mut name = stem.clone();
    let mut n = 1;
    while taken.contains(&name) {
        n += 1;
        name = format!("{stem}-{n}");
    }
    taken.push(name.clone());
    name
}

/// The config file's text.
fn render(args: &InitArgs, survey: Option<&SiteSurvey>) -> String {
    let contact = args
        .contact
        .clone()
        .unwrap_or_else(|| FetchConfig::default().contact);
    let mut out = String::new();
    out.push_str("# newsmill config, written by `newsmill init`");
    if let Some(s) = survey {
        out.push_str(&format!(" for {}", s.home));
    }
    out.push_str(
        ".\n# Every key, its type, default and meaning: CONFIG.md. Run it with\n#   newsmill run --config ",
    );
    out.push_str(&args.config.display().to_string());
    out.push_str("\n\n[fetch]\n");
    if args.contact.is_none() {
        out.push_str(
            "# Put a URL or e-mail where site operators can reach you (sent in the User-Agent).\n",
        );
    }
    out.push_str(&format!("contact = {}\n", quoted(&contact)));
    out.push_str(
        "# Politeness: one request per host per second, robots.txt obeyed (the defaults).\n\
         # per_host_delay_secs = 1.0\n\
         # obey_robots = true\n\
         # A proxy, if your network needs one (HTTPS_PROXY is read otherwise):\n\
         # proxy = \"http://proxy.example.org:3128\"\n\n\
         [export]\n\
         # csv, jsonl, xlsx, parquet; CSV files start with a UTF-8 BOM for spreadsheets\n\
         # ([export.csv] bom = false for tools that do not want one).\n\
         formats = [\"csv\", \"jsonl\"]\n\n\
         [output]\n\
         # One folder per run, `latest` pointing at the newest; the state store beside them.\n\
         dir = \"output\"\n",
    );
    let mut taken = Vec::new();
    let mut sources = String::new();
    let hits = survey
        .map(|s| {
            let feeds = s.feeds.iter().map(|h| (h, SourceKind::Feed));
            let maps = s.sitemaps.iter().map(|h| (h, SourceKind::Sitemap));
            feeds.chain(maps).collect::<Vec<_>>()
        })
        .unwrap_or_default();
    for (hit, kind) in hits {
        let what = match (kind, hit.index) {
            (SourceKind::Feed, _) => format!("feed, {} entries", hit.entries),
            (_, true) => format!("sitemap index, {} sitemaps", hit.entries),
            _ => format!("sitemap, {} URLs", hit.entries),
        };
        sources.push_str(&format!(
            "\n# {what} (found in the {})\n[[sources]]\nname = {}\nkind = \"{}\"\nurl = {}\n",
            hit.found_in,
            quoted(&source_name(hit, kind.as_str(), &mut taken)),
            kind.as_str(),
            quoted(&hit.url)
        ));
        if args.allow_private {
            sources.push_str("allow_private = true\n");
        }
    }
    if sources.is_empty() {
        out.push_str(
            "\n# Add where the articles are listed: kind = feed, sitemap, listing, robots,\n\
             # folder or warc (see CONFIG.md, [[sources]]).\n\
             # [[sources]]\n\
             # name = \"example-feed\"\n\
             # kind = \"feed\"\n\
             # url = \"https://example.org/feed/\"\n",
        );
    } else {
        out.push_str(&sources);
    }
    out
}

/// Prints what the survey found and what to do next.
fn report(args: &InitArgs, survey: Option<&SiteSurvey>) {
    let config = args.config.display();
    match survey {
        None => println!("Wrote {config}: add [[sources]], then `newsmill run --config {config}`."),
        Some(s) => {
            println!("Site: {}", s.home);
            for hit in &s.feeds {
                println!(
                    "  feed     {}  ({} entries, {})",
                    hit.url, hit.entries, hit.found_in
                );
            }
            for hit in &s.sitemaps {
                let what = if hit.index { "sitemaps" } else { "URLs" };
                println!(
                    "  sitemap  {}  ({} {what}, {})",
                    hit.url, hit.entries, hit.found_in
                );
            }
            for err in &s.errors {
                println!("  not used: {err}");
            }
            if s.feeds.is_empty() && s.sitemaps.is_empty() {
                println!("No feed or sitemap found. Wrote {config}: add [[sources]] (a listing page, for example).");
            } else {
                println!("Wrote {config}. Next: newsmill run --config {config}");
            }
        }
    }
    if args.contact.is_none() {
        println!("Set [fetch] contact to a URL or e-mail where site operators can reach you.");
    }
}
