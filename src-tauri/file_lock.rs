//! Exclusive advisory locks on files (flock on Unix, LockFileEx on Windows), taken with a
//! bounded wait: what serialises the window, a second window and any number of command-line
//! processes over one profile. A lock is released when its [`Held`] drops, or when the process
//! holding it dies, so a crash never leaves one behind.
//!
//! Locks conflict between two opens of the same file even inside one process, so they
//! serialise the window's own tasks too.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often a wait tries the lock again.
const RETRY_EVERY: Duration = Duration::from_millis(25);

/// A lock held on `path` until this drops.
#[derive(Debug)]
pub struct Held {
    file: File,
    path: PathBuf,
}

impl Held {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The lock file itself, to write a note in it for whoever finds it held (the window
    /// writes where it listens).
    pub fn file(&mut self) -> &mut File {
        &mut self.file
    }
}

/// Why a lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Someone else held it for the whole wait.
    #[error("{path} is still held by another YaToken after {waited:?}")]
    Busy { path: PathBuf, waited: Duration },
    #[error("cannot lock {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Takes the lock on `path` (created 0600, with its folder 0700, when missing), trying again
/// until `wait` has passed.
pub async fn lock(path: &Path, wait: Duration) -> Result<Held, LockError> {
    let io_error = |source| LockError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = open(path).map_err(io_error)?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => {
                return Ok(Held {
                    file,
                    path: path.to_path_buf(),
                })
            }
            Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                tokio::time::sleep(RETRY_EVERY).await;
            }
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::Busy {
                    path: path.to_path_buf(),
                    waited: wait,
                })
            }
            Err(TryLockError::Error(source)) => return Err(io_error(source)),
        }
    }
}

/// Takes the lock on `path` only if nobody holds it now: `None` when someone does.
pub fn try_lock(path: &Path) -> io::Result<Option<Held>> {
    let file = open(path)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(Held {
            file,
            path: path.to_path_buf(),
        })),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(error)) => Err(error),
    }
}

fn open(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent() {
        crate::atomic_file::create_private_dir(dir)?;
    }
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    crate::atomic_file::make_private_file(&file)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_held_lock_makes_the_next_wait_end_busy_and_frees_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("locks/a.lock");
        let first = lock(&path, Duration::ZERO).await.unwrap();
        let started = Instant::now();
        let second = lock(&path, Duration::from_millis(200)).await;
        assert!(matches!(second, Err(LockError::Busy { .. })), "{second:?}");
        assert!(started.elapsed() >= Duration::from_millis(200));
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(try_lock(&path).unwrap().is_none());
        drop(first);
        assert!(try_lock(&path).unwrap().is_some());
    }

    #[tokio::test]
    async fn a_wait_ends_as_soon_as_the_holder_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.lock");
        let first = lock(&path, Duration::ZERO).await.unwrap();
        let release = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            drop(first);
        });
        let started = Instant::now();
        lock(&path, Duration::from_secs(10)).await.unwrap();
        assert!(started.elapsed() < Duration::from_secs(2));
        release.await.unwrap();
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn lock_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new/c.lock");
        let _held = lock(&path, Duration::ZERO).await.unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }
}
