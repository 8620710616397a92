//! Stamps the build with the git commit it was built from (`run.json`'s
//! `newsmill.commit`): `NEWSMILL_GIT_COMMIT` when set (a build from a source
//! archive, a container build), else `git rev-parse HEAD` at build time, else
//! "unknown". Nothing runs git when newsmill runs.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=NEWSMILL_GIT_COMMIT");
    let commit = std::env::var("NEWSMILL_GIT_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(git_commit)
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=NEWSMILL_GIT_COMMIT={}", commit.trim());
}

/// The commit checked out, asking cargo to run this again when HEAD moves.
fn git_commit() -> Option<String> {
    let commit = git(&["rev-parse", "HEAD"])?;
    let mut watch = vec![git(&["rev-parse", "--git-path", "HEAD"])?];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watch.extend(git(&["rev-parse", "--git-path", &branch]));
        watch.extend(git(&["rev-parse", "--git-path", "packed-refs"]));
    }
    let here = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    for path in watch {
        let path = Path::new(&here).join(path);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    Some(commit)
}

fn git(args: &[&str]) -> Option<String> {
    let dir = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}
