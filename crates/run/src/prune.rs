//! Old run folders: `[output] keep_runs` and `newsmill prune` keep the newest few.

use std::path::{Path, PathBuf};

use tracing::info;

use crate::error::{Result, RunError};
use crate::output::{LAST_RUN, LATEST};
use crate::state::RunLock;

/// Removes run folders (`<output_dir>/<run-id>/`, named as run ids) beyond the
/// `keep` newest, and returns the ones removed, oldest first. Never removes the
/// folder `latest` or `last-run` points to, nor anything that is not a run folder
/// (`export-*`, `dataset/`, `warc/`, staging folders). `lock` is the output
/// folder's lock ([`RunLock::acquire_output`] or a run's [`RunLock::acquire_for`]):
/// no run can be writing into the folder meanwhile. `keep` must be at least 1.
pub fn prune_runs(output_dir: &Path, keep: usize, lock: &RunLock) -> Result<Vec<PathBuf>> {
    let _ = lock;
    if keep == 0 {
        return Err(RunError::KeepNone);
    }
    let Ok(entries) = std::fs::read_dir(output_dir) else {
        return Ok(Vec::new());
    };
    let mut runs: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| is_run_id(name))
        .collect();
    runs.sort();
    let pinned: Vec<String> = [LATEST, LAST_RUN]
        .iter()
        .filter_map(|link| std::fs::read_link(output_dir.join(link)).ok())
        .map(|target| target.to_string_lossy().into_owned())
        .collect();
    let old = runs.len().saturating_sub(keep);
    let mut removed = Vec::new();
    for name in &runs[..old] {
        if pinned.iter().any(|p| p == name) {
            continue;
        }
        let dir = output_dir.join(name);
        std::fs::remove_dir_all(&dir).map_err(|e| RunError::io("remove", &dir, e))?;
        info!(dir = %dir.display(), "Removed an old run folder.");
        removed.push(dir);
    }
    Ok(removed)
}

/// `YYYYMMDDTHHMMSSZ`.
fn is_run_id(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_and_what_links_point_to() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let ids = [
            "20260101T000000Z",
            "20260102T000000Z",
            "20260103T000000Z",
            "20260104T000000Z",
            "20260105T000000Z",
        ];
        for id in ids {
            std::fs::create_dir_all(out.join(id)).unwrap();
            std::fs::write(out.join(id).join("run.json"), "{}").unwrap();
        }
        for other in [
            "export-20260101T000000Z",
            "dataset",
            "warc",
            ".20260106T000000Z.tmp",
        ] {
            std::fs::create_dir_all(out.join(other)).unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(ids[1], out.join(LATEST)).unwrap();
        let lock = RunLock::acquire_output(out).unwrap();
        let removed = prune_runs(out, 2, &lock).unwrap();
        let names: Vec<String> = removed
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        if cfg!(unix) {
            assert_eq!(names, [ids[0], ids[2]]);
            assert!(out.join(ids[1]).is_dir(), "latest's target removed");
        }
        for kept in &ids[3..] {
            assert!(out.join(kept).is_dir());
        }
        for other in [
            "export-20260101T000000Z",
            "dataset",
            "warc",
            ".20260106T000000Z.tmp",
        ] {
            assert!(out.join(other).is_dir(), "{other} removed");
        }
        assert!(prune_runs(out, 0, &lock).is_err());
        assert!(!is_run_id("2026010XT000000Z"));
    }
}
