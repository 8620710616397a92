//! End-to-end tests: the `newsmill` binary against fixture sites served on
//! localhost. One test binary; modules by topic, helpers in `util.rs`.

mod cli;
mod crawl;
mod demo;
mod extract;
mod interrupt;
mod tag;
mod util;
