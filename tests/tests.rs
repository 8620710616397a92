//! End-to-end tests: the `newsmill` binary against fixture sites served on
//! localhost. One test binary; modules by topic, helpers in `util.rs`. What the run
//! lifecycle does (incremental runs, revisions, failures, crash-safe exports) is
//! tested in-process in `crates/run/tests`; these tests cover the commands, flags,
//! signals and processes killed mid-run.

mod cli;
mod cluster;
mod cluster_support;
mod crawl;
mod demo;
mod extract;
mod first_steps;
mod interrupt;
mod runs;
#[path = "../crates/export/tests/support/schema_check.rs"]
mod schema_check;
#[path = "../crates/run/tests/support/site.rs"]
#[allow(
    dead_code,
    reason = "shared with the run crate's tests, which use all of it"
)]
mod site;
mod tag;
mod util;
