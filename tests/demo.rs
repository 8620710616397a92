//! The bundled demo config works with no network.

use crate::util::Workdir;

#[test]
fn demo_config_exports_the_demo_articles() {
    let wd = Workdir::new();
    let rows = wd.csv(&wd.run_demo().join("articles.csv"));
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

    // The demo server keeps its port from run to run, so a second run finds every
    // page in the state store and fetches none.
    wd.run_demo();
    let again = wd.run_json(&wd.last_run());
    if again["sources"][0]["location"] == run["sources"][0]["location"] {
        let fetched: u64 = again["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["fetched"].as_u64().unwrap())
            .sum();
        assert_eq!(fetched, 0, "{again:#}");
        assert_eq!(again["exported"], 0);
    }
}
