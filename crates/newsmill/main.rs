//! The `newsmill` binary: thin glue around the stage crates. `main` maps
//! [`run`] to an exit code: 0 when the command finished (a run with some failed
//! pages still finished: they are listed in `run.json`), 1 when `extract` could not
//! read some of its files, 2 when the command could not proceed (bad config,
//! unwritable output, state store locked by another run, no source readable).

use std::process::ExitCode;

use clap::Parser;

mod args;
mod commands;
mod config;
mod demo;
mod logging;
mod progress;

use args::{Args, Command};

fn main() -> ExitCode {
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

/// Runs one subcommand.
fn run(args: Args) -> anyhow::Result<ExitCode> {
    let show_progress = args.log_format == args::LogFormat::Text && args.quiet == 0;
    match args.command {
        Command::Run(a) => commands::run::run(a, show_progress),
        Command::Extract(a) => commands::extract::run(a),
        Command::Tag(a) => commands::tag::run(a),
        Command::Export(a) => commands::export::run(a),
        Command::Report(a) => commands::report::run(a),
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
