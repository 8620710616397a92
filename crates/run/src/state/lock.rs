//! The run lock: one run at a time on a state store, and on an output folder.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Result, RunError};

/// The lock file a run holds in its output folder.
const OUTPUT_LOCK: &str = ".newsmill.lock";

/// Holds `<state>.lock` (and, taken with [`RunLock::acquire_for`], the output
/// folder's `.newsmill.lock`) for the life of a run: a second run on the same store
/// or the same output folder refuses to start. The locks are advisory file locks,
/// released by the operating system when the process ends, however it ends.
pub struct RunLock {
    _files: Vec<File>,
}

impl RunLock {
    /// Takes the lock next to `state_path`, failing at once if another process holds it.
    pub fn acquire(state_path: &Path) -> Result<RunLock> {
        let file = try_lock(&lock_path(state_path)).map_err(|e| match e {
            Held(path) => RunError::Locked {
                store: state_path.to_path_buf(),
                lock: path,
            },
            Failed(e) => e,
        })?;
        Ok(RunLock { _files: vec![file] })
    }

    /// Takes the output folder's lock (`<output_dir>/.newsmill.lock`), then the
    /// store's, failing at once if another process holds either: two runs with
    /// different stores must not share an output folder either (each would take the
    /// other's staging folder for one a killed run left).
    pub fn acquire_for(state_path: &Path, output_dir: &Path) -> Result<RunLock> {
        let output = RunLock::acquire_output(output_dir)?;
        let store = RunLock::acquire(state_path)?;
        Ok(RunLock {
            _files: output._files.into_iter().chain(store._files).collect(),
        })
    }

    /// Takes the output folder's lock only (what `newsmill prune` needs).
    pub fn acquire_output(output_dir: &Path) -> Result<RunLock> {
        let file = try_lock(&output_dir.join(OUTPUT_LOCK)).map_err(|e| match e {
            Held(lock) => RunError::OutputLocked {
                dir: output_dir.to_path_buf(),
                lock,
            },
            Failed(e) => e,
        })?;
        Ok(RunLock { _files: vec![file] })
    }
}

enum LockError {
    Held(PathBuf),
    Failed(RunError),
}
use LockError::{Failed, Held};

fn try_lock(path: &Path) -> Result<File, LockError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Failed(RunError::io("create folder", dir, e)))?;
    }
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Failed(RunError::io("open lock file", path, e)))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Held(path.to_path_buf())),
        Err(std::fs::TryLockError::Error(e)) => Err(Failed(RunError::io("lock", path, e))),
    }
}

fn lock_path(state_path: &Path) -> PathBuf {
    let mut name = state_path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}
