//! Test support: the fixture site (`site.rs`) and a [`Runner`] that drives the run
//! lifecycle in-process the way `newsmill run` does, over a temporary folder.

pub mod runner;
pub mod site;
