//! Integration tests of newsmill-fetch against a fault-injecting localhost server.

mod server;

mod archive;
mod config;
mod discover;
mod faults;
mod guard;
mod parsers;
mod politeness;
mod proxy;

use newsmill_fetch::{dns, FetchConfig, Fetcher};
use newsmill_records::Lead;

/// A fast configuration for tests: 127.0.0.1 allowed (on any port), no
/// politeness delay, tiny back-off and timeouts, no proxy from the environment.
pub fn test_config() -> FetchConfig {
    FetchConfig {
        allow_private_hosts: vec!["127.0.0.1".into()],
        use_env_proxy: false,
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

/// A test DNS: names map to fixed addresses (others fail to resolve), and every
/// lookup is counted, so a test can show which names were resolved.
#[derive(Clone, Default)]
pub struct TestDns {
    names: std::collections::HashMap<String, std::net::IpAddr>,
    lookups: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl TestDns {
    pub fn with(mut self, name: &str, ip: &str) -> TestDns {
        self.names.insert(name.to_string(), ip.parse().unwrap());
        self
    }

    /// Lookups of `name` so far.
    pub fn lookups(&self, name: &str) -> usize {
        self.lookups
            .lock()
            .unwrap()
            .iter()
            .filter(|n| *n == name)
            .count()
    }

    pub fn fetcher(&self, config: FetchConfig) -> Fetcher {
        Fetcher::with_resolver(config, std::sync::Arc::new(self.clone())).unwrap()
    }
}

impl dns::Resolve for TestDns {
    fn resolve(&self, name: dns::Name) -> dns::Resolving {
        let host = name.as_str().to_string();
        self.lookups.lock().unwrap().push(host.clone());
        let found = self.names.get(&host).copied();
        Box::pin(async move {
            match found {
                Some(ip) => {
                    Ok(Box::new(std::iter::once(std::net::SocketAddr::new(ip, 0))) as dns::Addrs)
                }
                None => Err(format!("test DNS: no such host {host}").into()),
            }
        })
    }
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
