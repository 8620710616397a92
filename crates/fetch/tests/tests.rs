//! Integration tests of newsmill-fetch against a fault-injecting localhost server.

mod server;

mod archive;
mod config;
mod discover;
mod faults;
mod politeness;

use newsmill_fetch::{FetchConfig, Fetcher};
use newsmill_records::Lead;

/// A fast configuration for tests: localhost allowed, no politeness delay, tiny
/// back-off and timeouts.
pub fn test_config() -> FetchConfig {
    FetchConfig {
        allow_private: true,
        per_host_delay_secs: 0.0,
        per_host_concurrency: 4,
        retries: 2,
        retry_base_delay_secs: 0.01,
        retry_max_delay_secs: 2.0,
        connect_timeout_secs: 1.0,
        first_byte_timeout_secs: 0.5,
        total_timeout_secs: 1.5,
        host_failure_limit: 1000,
        ..FetchConfig::default()
    }
}

pub fn fetcher(config: FetchConfig) -> Fetcher {
    Fetcher::new(config).unwrap()
}

pub fn lead(url: &str) -> Lead {
    Lead {
        source: "test".into(),
        url: url.into(),
        hints: Default::default(),
    }
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

pub fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
