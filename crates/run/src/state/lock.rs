//! The run lock: one run at a time on a state store.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Result, RunError};

/// Holds `<state>.lock` for the life of a run: a second run on the same store
/// refuses to start.
pub struct RunLock {
    _file: File,
}

impl RunLock {
    /// Takes the lock next to `state_path`, failing at once if another process holds it.
    pub fn acquire(state_path: &Path) -> Result<RunLock> {
        let path = lock_path(state_path);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| RunError::io("create folder", dir, e))?;
        }
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| RunError::io("open lock file", &path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(RunLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(RunError::Locked {
                store: state_path.to_path_buf(),
                lock: path,
            }),
            Err(std::fs::TryLockError::Error(e)) => Err(RunError::io("lock", &path, e)),
        }
    }
}

fn lock_path(state_path: &Path) -> PathBuf {
    let mut name = state_path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}
