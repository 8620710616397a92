//! The run lifecycle in-process, against the fixture site served on localhost: what
//! a run exports, what the next one fetches, failures and retries, interrupted
//! crawls and exports, and the public steps a cluster splits across machines.
//! (The binary's commands, flags, signals and killed processes are tested in the
//! repository's `tests/`.)

mod crash;
mod incremental;
mod steps;
mod support;
