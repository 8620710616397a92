//! Writes the report of the tests' fixture store (hostile strings included) to a
//! file, to look at in a browser: `cargo run -p newsmill-report --example fixture -- fixture.html`.

#[path = "../tests/support/fixture.rs"]
mod fixture;

use newsmill_report::{from_store, Filter, ReportOptions, Scope};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fixture.html".into());
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("state.sqlite");
    drop(fixture::store(&path));
    let state = newsmill_run::State::open_read_only(&path)?.ok_or("no store")?;
    let options = ReportOptions {
        title: "Fixture report".into(),
        generated: chrono::Utc::now(),
        filter: Filter::default(),
        scope: Scope::Store,
    };
    from_store(&state, options)?.write(out.as_ref())?;
    println!("{out}");
    Ok(())
}
