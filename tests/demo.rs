//! The bundled demo config works with no network.

use std::path::Path;

use crate::util::{stderr, Workdir};

#[test]
fn demo_config_exports_the_demo_articles() {
    let wd = Workdir::new();
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/demo.toml");
    let out = wd.run(&[
        "run",
        "--config",
        config.to_str().unwrap(),
        "--output",
        "out",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = wd.csv(&wd.latest().join("articles.csv"));
    assert_eq!(rows.len(), 7, "seven demo articles: {rows:#?}");
    assert!(rows
        .iter()
        .any(|r| r["title"]
            == "Potash Without Klaipėda: How Belarus Rerouted Its Fertiliser Exports"));
    let entities = wd.csv(&wd.latest().join("entities.csv"));
    assert!(
        !entities.is_empty(),
        "the demo articles name people and places"
    );
    let run = wd.run_json(&wd.latest());
    assert_eq!(run["failures"].as_array().unwrap().len(), 0, "{run:#}");
}
