//! The configuration as users write it in TOML.

use newsmill_fetch::{FetchConfig, SourceConfig, SourceKind};

#[derive(serde::Deserialize)]
struct File {
    #[serde(default)]
    fetch: FetchConfig,
    sources: Vec<SourceConfig>,
}

#[test]
fn toml_config_reads_with_defaults() {
    let text = r#"
[fetch]
contact = "https://news.example/contact"
per_host_delay_secs = 2.5

[[sources]]
name = "minsk-morning"
kind = "sitemap"
url = "https://news.example/sitemap.xml"
since = "2024-01-01"
exclude = ["/tag/", "/author/"]
max_pages = 500

[[sources]]
name = "front"
kind = "listing"
url = "https://news.example/"
link_pattern = "/news/\\d{4}/"
depth = 3

[[sources]]
name = "archive"
kind = "warc"
path = "crawls/2023.warc.gz"
"#;
    let f: File = toml::from_str(text).unwrap();
    assert_eq!(f.fetch.per_host_delay_secs, 2.5);
    assert_eq!(f.fetch.per_host_concurrency, 1);
    assert!(f.fetch.user_agent_header().contains("news.example/contact"));
    assert_eq!(f.sources[0].kind, SourceKind::Sitemap);
    assert_eq!(f.sources[0].since.unwrap().to_string(), "2024-01-01");
    assert_eq!(f.sources[1].depth, 3);
    assert_eq!(f.sources[1].max_listing_pages, 20);
    for s in &f.sources {
        s.validate().unwrap();
    }
}

#[test]
fn unknown_keys_are_rejected_by_name() {
    let err = toml::from_str::<FetchConfig>("per_host_dealy_secs = 1.0").unwrap_err();
    assert!(err.to_string().contains("per_host_dealy_secs"), "{err}");
    let err =
        toml::from_str::<SourceConfig>("name = \"x\"\nkind = \"rss\"\nurl = \"https://e.com\"")
            .unwrap_err();
    assert!(err.to_string().contains("rss"), "{err}");
}

#[test]
fn private_hosts_and_proxy_keys() {
    let text = r#"
allow_private_hosts = ["127.0.0.1:8080", "intranet.example", "[::1]"]
proxy = "http://alice:s3cret@proxy.example:3128"
use_env_proxy = false
host_connect_failure_limit = 2
"#;
    let c: FetchConfig = toml::from_str(text).unwrap();
    c.validate().unwrap();
    assert_eq!(c.allow_private_hosts.len(), 3);
    let proxy = c.proxy.as_ref().unwrap();
    assert!(proxy.has_credentials());
    assert_eq!(proxy.to_string(), "http://alice:***@proxy.example:3128/");
    assert!(!format!("{c:?}").contains("s3cret"));
    assert!(!toml::to_string(&c).unwrap().contains("s3cret"));
    assert_eq!(FetchConfig::default().host_connect_failure_limit, 3);
    assert!(FetchConfig::default().use_env_proxy);

    let err = toml::from_str::<FetchConfig>("proxy = \"socks5://u:pw@h:1080\"").unwrap_err();
    // (The TOML error quotes the offending line itself; our message does not
    // repeat the password.)
    let msg = err.message();
    assert!(msg.contains("SOCKS") && !msg.contains("pw@"), "{msg}");
    let bad = FetchConfig {
        allow_private_hosts: vec!["host/with/path".into()],
        ..FetchConfig::default()
    };
    let msg = bad.validate().unwrap_err().to_string();
    assert!(
        msg.contains("allow_private_hosts") && msg.contains("host/with/path"),
        "{msg}"
    );
    let mut source = SourceConfig::new("s", SourceKind::Feed, "https://e.com/feed");
    source.allow_private_hosts = vec!["a b".into()];
    let msg = source.validate().unwrap_err().to_string();
    assert!(
        msg.contains("allow_private_hosts") && msg.contains("source s"),
        "{msg}"
    );
}
