//! The report's tests: rendering a fixed fixture store (snapshots of the HTML
//! structure and of the SVG charts, hostile text escaped), reading the store
//! (filters, read-only), and the run-folder report agreeing with the run's tables.

#[path = "support/fixture.rs"]
mod fixture;
mod folder;
mod outline;
mod render;
mod store;
