//! One file per subcommand, each with a `run(args) -> Result<ExitCode>`.

pub mod cluster;
pub mod export;
pub mod extract;
pub mod init;
pub mod prune;
pub mod run;
pub mod tag;
pub mod worker;

use anyhow::{Context, Result};

use crate::config::Config;

/// The tagger with the config's watch-list (or none).
pub fn build_tagger(watchlist: Option<&std::path::Path>) -> Result<newsmill_tag::Tagger> {
    let list = load_watchlist(watchlist)?;
    newsmill_tag::Tagger::builtin(list).context("cannot load the tagger")
}

/// Reads and checks the watch-list file (an empty list when there is none).
pub fn load_watchlist(watchlist: Option<&std::path::Path>) -> Result<newsmill_tag::Watchlist> {
    Ok(match watchlist {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read watch-list {}", path.display()))?;
            newsmill_tag::Watchlist::from_toml(&text, &path.display().to_string())
                .with_context(|| format!("invalid watch-list {}", path.display()))?
        }
        None => newsmill_tag::Watchlist::default(),
    })
}

/// The extractor with the config's site profiles.
pub fn build_extractor(config: &Config) -> Result<newsmill_scrape::Extractor> {
    newsmill_scrape::Extractor::new(config.scrape.clone())
        .with_context(|| format!("{}: invalid [scrape] settings", config.path.display()))
}
