//! Tests of loading, validating and layering config files.

use super::*;

fn err(text: &str) -> String {
    let err = parse_toml::<FileConfig>(text, Path::new("c.toml")).unwrap_err();
    format!("{err:#}")
}

#[test]
fn unknown_key_names_file_line_and_key() {
    let e = err("[output]\ndir = \"out\"\n\n[state]\npaht = \"x\"\n");
    assert!(e.starts_with("c.toml:5: "), "{e}");
    assert!(e.contains("paht"), "{e}");
}

#[test]
fn wrong_type_names_the_key_path() {
    let e = err("[state]\nrevalidate = \"yes\"\n");
    assert!(e.starts_with("c.toml:2: key `state.revalidate`"), "{e}");
}

#[test]
fn syntax_errors_name_the_line() {
    let e = err("[output]\ndir = \n");
    assert!(e.starts_with("c.toml:2: invalid TOML"), "{e}");
}

#[test]
fn defaults_and_layering() {
    let dir = std::env::temp_dir().join(format!("newsmill-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("c.toml");
    std::fs::write(
        &path,
        "[output]\ndir = \"out\"\n[tag]\nwatchlist = \"w.toml\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("w.toml"), "").unwrap();
    let file = ConfigFile::read(&path).unwrap();
    let config = file.resolve(&Locations::default(), None).unwrap();
    assert_eq!(config.output_dir, PathBuf::from("out"));
    assert_eq!(config.state_path, PathBuf::from("out/state.sqlite"));
    assert_eq!(config.watchlist, Some(dir.join("w.toml")));
    let flags = Locations {
        output: Some("elsewhere".into()),
        state: None,
    };
    let config = file.resolve(&flags, None).unwrap();
    assert_eq!(config.state_path, PathBuf::from("elsewhere/state.sqlite"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn invalid_sources_name_their_line() {
    let dir = std::env::temp_dir().join(format!("newsmill-src-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("c.toml");
    std::fs::write(&path, "[[sources]]\nname = \"a\"\nkind = \"feed\"\n").unwrap();
    let e = format!("{:#}", ConfigFile::read(&path).unwrap_err());
    assert!(
        e.starts_with(&format!("{}:1: key `sources[0].url`: ", path.display())),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Writes `text` as `c.toml` in a fresh folder and returns the error reading it.
fn read_err(name: &str, text: &str) -> (String, PathBuf) {
    let dir = std::env::temp_dir().join(format!("newsmill-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("c.toml");
    std::fs::write(&path, text).unwrap();
    let e = format!("{:#}", ConfigFile::read(&path).unwrap_err());
    std::fs::remove_dir_all(&dir).unwrap();
    (e, path)
}

#[test]
fn out_of_range_values_name_file_line_and_key() {
    let cases = [
        (
            "[output]\ndir = \"o\"\n[fetch]\nretries = 2\ntotal_timeout_secs = -5\n",
            ":5: key `fetch.total_timeout_secs`: total_timeout_secs must be a positive number, got -5",
        ),
        (
            "[fetch]\nglobal_concurrency = 0\n",
            ":2: key `fetch.global_concurrency`: ",
        ),
        (
            "[fetch]\nper_host_delay_secs = nan\n",
            ":2: key `fetch.per_host_delay_secs`: ",
        ),
        (
            "[fetch]\nallow_private_hosts = [\"http://\"]\n",
            ":2: key `fetch.allow_private_hosts`: ",
        ),
        (
            "[export.xlsx]\ncompression_level = 12\n",
            ":2: key `export.xlsx.compression_level`: must be 1 to 9, got 12",
        ),
        (
            "[export]\nformats = []\n",
            ":2: key `export.formats`: ",
        ),
        (
            "[scrape]\npage_types = [\"article\", \"blog\"]\n",
            ":2: key `scrape.page_types[1]`: unknown variant `blog`",
        ),
        (
            "[scrape]\npage_types = []\n",
            ":2: key `scrape.page_types`: keeps no page type",
        ),
        (
            "[scrape]\ntruncated_ratio = -1.0\n",
            ":2: key `scrape.truncated_ratio`: ",
        ),
        (
            "[[scrape.profiles]]\nname = \"p\"\nhost = \"e.com\"\nbody = \"div[\"\n",
            ":4: key `scrape.profiles[0].body`: ",
        ),
        (
            "[[scrape.profiles]]\nname = \"p\"\n",
            ":1: key `scrape.profiles[0]",
        ),
        (
            "[[sources]]\nname = \"a\"\nkind = \"feed\"\nurl = \"https://e.com/f\"\nexclude = [\"(\"]\n",
            ":5: key `sources[0].exclude`: ",
        ),
        (
            "[[sources]]\nname = \"a\"\nkind = \"folder\"\n",
            ":1: key `sources[0].path`: ",
        ),
        (
            "[[sources]]\nname = \"a\"\nkind = \"feed\"\nurl = \"https://e.com/f\"\n\n[[sources]]\nname = \"a\"\nkind = \"feed\"\nurl = \"https://e.com/g\"\n",
            ":7: key `sources[1].name`: ",
        ),
        (
            "[tag]\nwatchlist = \"missing.toml\"\n",
            ":2: key `tag.watchlist`: ",
        ),
        ("[demo]\nsite = \"nowhere\"\n", ":2: key `demo.site`: "),
    ];
    for (i, (text, want)) in cases.into_iter().enumerate() {
        let (e, path) = read_err(&format!("range{i}"), text);
        let want = format!("{}{want}", path.display());
        assert!(e.starts_with(&want), "case {i}: {e}\n  want {want}");
    }
}

#[test]
fn flag_sources_replace_the_files_and_need_http_urls() {
    let quick = QuickSources {
        feed: vec!["https://e.com/feed".into(), "https://e.com/rss".into()],
        sitemap: vec!["http://127.0.0.1:8080/sitemap.xml".into()],
        allow_private: true,
        contact: Some("mailto:me@example.org".into()),
    };
    let file = ConfigFile::for_run(None, &quick).unwrap();
    let config = file.resolve(&Locations::default(), None).unwrap();
    let names: Vec<&str> = config.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["e.com-feed", "e.com-feed-2", "127.0.0.1-sitemap"]);
    assert!(config.sources.iter().all(|s| s.allow_private));
    assert_eq!(config.fetch.contact, "mailto:me@example.org");
    assert_eq!(config.output_dir, PathBuf::from("output"));
    let bad = QuickSources {
        feed: vec!["feed.xml".into()],
        ..QuickSources::default()
    };
    let e = format!("{:#}", ConfigFile::for_run(None, &bad).unwrap_err());
    assert!(e.contains("--feed \"feed.xml\""), "{e}");
}

#[test]
fn only_internet_hosts_need_a_contact() {
    assert!(on_the_internet("https://belarusdigest.com/feed/"));
    for local in [
        "http://127.0.0.1:8080/feed",
        "http://localhost/feed",
        "http://10.1.2.3/feed",
        "http://[::1]:80/",
        "not a url",
    ] {
        assert!(!on_the_internet(local), "{local}");
    }
}

#[test]
fn demo_placeholder_needs_a_demo_table() {
    let dir = std::env::temp_dir().join(format!("newsmill-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("c.toml");
    std::fs::write(
        &path,
        "[[sources]]\nname = \"a\"\nkind = \"feed\"\nurl = \"{demo}/feed.xml\"\n",
    )
    .unwrap();
    let e = format!("{:#}", ConfigFile::read(&path).unwrap_err());
    assert!(e.contains("c.toml:4"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bundled_configs_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    for name in ["demo.toml", "belarus-digest.toml"] {
        let file = ConfigFile::read(&root.join(name)).unwrap();
        let base = file
            .demo_site()
            .unwrap()
            .map(|_| "http://127.0.0.1:1".to_string());
        let config = file
            .resolve(&Locations::default(), base.as_deref())
            .unwrap();
        assert!(!config.sources.is_empty(), "{name} has no sources");
    }
}

#[test]
fn run_and_output_values_are_checked_with_their_line() {
    let dir = std::env::temp_dir().join(format!("newsmill-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("c.toml");
    for (text, key, line) in [
        (
            "[output]\ndir = \"o\"\n\n[run]\nmax_failed_share = 1.5\n",
            "run.max_failed_share",
            5,
        ),
        ("[output]\nkeep_runs = 0\n", "output.keep_runs", 2),
    ] {
        std::fs::write(&path, text).unwrap();
        let e = format!("{:#}", ConfigFile::read(&path).unwrap_err());
        assert!(e.contains(&format!("c.toml:{line}: key `{key}`")), "{e}");
    }
    std::fs::write(
        &path,
        "[output]\nkeep_runs = 3\n[run]\nmax_failed_share = 0.25\n",
    )
    .unwrap();
    let config = ConfigFile::read(&path)
        .unwrap()
        .resolve(&Locations::default(), None)
        .unwrap();
    assert_eq!(config.keep_runs, Some(3));
    assert_eq!(config.max_failed_share, 0.25);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cluster_errors_name_their_line_and_key() {
    let dir = std::env::temp_dir().join(format!("newsmill-cluster-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("c.toml");
    for (text, key, line) in [
        (
            "[cluster]\nurl = \"nats://127.0.0.1:4222\"\nreplicas = 9\n",
            "cluster.replicas",
            3,
        ),
        (
            "[output]\nwarc = true\n[cluster]\nurl = \"nats://127.0.0.1:4222\"\n",
            "output.warc",
            2,
        ),
    ] {
        std::fs::write(&path, text).unwrap();
        let e = format!("{:#}", ConfigFile::read(&path).unwrap_err());
        assert!(e.contains(&format!("c.toml:{line}: key `{key}`")), "{e}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The example config in README.md's "Configuration" section is a valid file.
#[test]
fn the_readme_example_config_loads() {
    let readme = include_str!("../../../README.md");
    let section = &readme[readme.find("## Configuration").expect("section")..];
    let start = section.find("```toml\n").expect("toml block") + "```toml\n".len();
    let block = &section[start..start + section[start..].find("```").expect("block end")];
    let dir = std::env::temp_dir().join(format!("newsmill-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("newsmill.toml");
    std::fs::write(&path, block).unwrap();
    std::fs::write(dir.join("entities.toml"), "").unwrap();
    let file = ConfigFile::read(&path).unwrap_or_else(|e| panic!("{e:#}\n{block}"));
    let config = file.resolve_offline(&Locations::default()).unwrap();
    assert_eq!(
        config.scrape.page_types,
        vec![newsmill_records::PageType::Article]
    );
    assert_eq!(config.sources.len(), 1);
    std::fs::remove_dir_all(&dir).ok();
}
