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
