//! The `newsmill` binary: thin glue around the stage crates. `main` maps
//! [`run`] to an exit code: 0 when the command finished (for `run`: every source
//! was read and few pages failed), 1 when `extract` could not read some of its
//! files, 2 when the command could not proceed (bad config, unwritable output,
//! state store or output folder locked by another run), 3 when a run finished but
//! a source could not be read or too many pages failed (`run.json` says which),
//! 130 or 143 when a run was stopped by SIGINT or SIGTERM.

use std::process::ExitCode;

use clap::Parser;

mod args;
mod commands;
mod config;
mod demo;
#[cfg(test)]
mod deploy_check;
mod logging;
mod progress;

use args::{Args, Command};

fn main() -> ExitCode {
    limit_malloc_arenas();
    let args = Args::parse();
    logging::init(args.log_format, args.verbose, args.quiet);
    match run(args) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("newsmill: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// glibc gives each thread that allocates its own arena (up to 8 per core), and
/// pages freed in one are not reused by another: with a dozen worker threads
/// that is 7-10 MB of peak RSS for nothing (`bench/e2e.sh`). One arena saves
/// another 4-5 MB against two at no measurable CPU cost: the per-thread caches
/// glibc keeps in front of the arena take most small allocations without its
/// lock. `MALLOC_ARENA_MAX` in the environment still wins.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: called first thing in `main`, before any other thread exists;
        // mallopt only changes the allocator's tuning.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 1);
        }
    }
}

/// Runs one subcommand.
fn run(args: Args) -> anyhow::Result<ExitCode> {
    let show_progress = args.log_format == args::LogFormat::Text && args.quiet == 0;
    match args.command {
        Command::Run(a) => commands::run::run(a, show_progress),
        Command::Extract(a) => commands::extract::run(a),
        Command::Init(a) => commands::init::run(a),
        Command::Tag(a) => commands::tag::run(a),
        Command::Export(a) => commands::export::run(a),
        Command::Report(a) => commands::report::run(a),
        Command::Prune(a) => commands::prune::run(a),
        Command::Worker(a) => commands::worker::run(a),
        Command::Cluster(a) => commands::cluster::run(a),
    }
}

/// True when the error comes from writing into a closed pipe (`newsmill extract
/// ... | head`), directly or under an encoder's error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<newsmill_export::WriteError>()
                    .and_then(newsmill_export::WriteError::io_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}
