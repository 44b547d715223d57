//! One window per profile. The first window holds `window.lock` in the profile's data folder
//! for as long as it runs (a crash lets go of it) and listens on a loopback port, which it
//! writes with a random word into `window.port` (0600, so only the same user can read it). A
//! second start finds the lock held, sends the word to that port, and the first window comes
//! forward; the second process ends there.

use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::file_lock;

/// How long a second start waits for a first window that is still starting to say where it
/// listens, and for it to answer.
const FIRST_WINDOW_WAIT: Duration = Duration::from_secs(5);

/// What starting a window found.
pub enum Claim {
    /// No window runs for this profile: this one is the window, as long as [`First`] lives.
    First(First),
    /// Another window runs for this profile and was asked to come forward.
    BroughtForward,
}

/// The claim of the window that runs: its lock, and the listener for later starts.
pub struct First {
    _lock: file_lock::Held,
    listener: TcpListener,
    word: String,
}

impl First {
    /// Calls `come_forward` each time another start of this profile asks for the window, on a
    /// thread of its own for as long as the process runs. `come_forward` says whether there was
    /// a window to bring forward: a window already closing says no, and the later start waits
    /// for the lock instead of ending.
    pub fn listen(self, come_forward: impl Fn() -> bool + Send + 'static) {
        std::thread::spawn(move || {
            let _lock = self._lock;
            for stream in self.listener.incoming().flatten() {
                answer(stream, &self.word, &come_forward);
            }
        });
    }
}

/// Why a window could not tell whether another one runs.
#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    #[error("cannot use {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("another YaToken window holds {path} but did not answer")]
    NoAnswer { path: PathBuf },
}

/// Claims the window of the profile whose data folder is `data`, or asks the window that has
/// it to come forward.
pub fn claim(data: &Path) -> Result<Claim, ClaimError> {
    let lock_path = data.join("window.lock");
    let port_path = data.join("window.port");
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ClaimError::Io { path, source }
    };
    let started = Instant::now();
    loop {
        if let Some(lock) = file_lock::try_lock(&lock_path).map_err(io(&lock_path))? {
            let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(io(&port_path))?;
            let port = listener.local_addr().map_err(io(&port_path))?.port();
            let word = crate::oauth::random_url_safe(24);
            crate::atomic_file::write(&port_path, format!("{port} {word}\n").as_bytes())
                .map_err(io(&port_path))?;
            return Ok(Claim::First(First {
                _lock: lock,
                listener,
                word,
            }));
        }
        if ask_to_come_forward(&port_path) {
            return Ok(Claim::BroughtForward);
        }
        if started.elapsed() > FIRST_WINDOW_WAIT {
            return Err(ClaimError::NoAnswer { path: lock_path });
        }
        // The first window is starting (no port written yet) or exiting (the lock is about to
        // be free): look again.
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Sends the word from `port_path` to the port in it; whether the window answered.
fn ask_to_come_forward(port_path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(port_path) else {
        return false;
    };
    let Some((port, word)) = text.trim().split_once(' ') else {
        return false;
    };
    let Ok(port) = port.parse::<u16>() else {
        return false;
    };
    let address = (Ipv4Addr::LOCALHOST, port).into();
    let Ok(mut stream) = TcpStream::connect_timeout(&address, FIRST_WINDOW_WAIT) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(FIRST_WINDOW_WAIT));
    if writeln!(stream, "{word}").is_err() {
        return false;
    }
    let mut answer = String::new();
    BufReader::new(stream).read_line(&mut answer).is_ok() && answer.trim() == "ok"
}

/// Reads one short line from a later start (a stranger on the port cannot make the window read
/// much); when it carries the word and the window came forward, answers `ok`.
fn answer(stream: TcpStream, word: &str, come_forward: &impl Fn() -> bool) {
    let _ = stream.set_read_timeout(Some(FIRST_WINDOW_WAIT));
    let mut line = String::new();
    let read = BufReader::new(std::io::Read::take(&stream, 256)).read_line(&mut line);
    if read.is_ok() && line.trim() == word && come_forward() {
        let _ = writeln!(&stream, "ok");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn a_second_start_brings_the_first_forward_and_a_stranger_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let Claim::First(first) = claim(dir.path()).unwrap() else {
            panic!("the first start must get the window");
        };
        let called = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&called);
        first.listen(move || {
            count.fetch_add(1, Ordering::SeqCst);
            true
        });
        assert!(matches!(claim(dir.path()).unwrap(), Claim::BroughtForward));
        assert_eq!(called.load(Ordering::SeqCst), 1);

        let text = std::fs::read_to_string(dir.path().join("window.port")).unwrap();
        let port: u16 = text.split(' ').next().unwrap().parse().unwrap();
        let mut stranger = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap();
        writeln!(stranger, "not-the-word").unwrap();
        let mut answer = String::new();
        let _ = BufReader::new(stranger).read_line(&mut answer);
        assert_eq!(answer, "");
        assert_eq!(called.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_window_that_is_closing_lets_the_next_start_wait_for_its_lock() {
        let dir = tempfile::tempdir().unwrap();
        let Claim::First(first) = claim(dir.path()).unwrap() else {
            panic!("the first start must get the window");
        };
        first.listen(|| false);
        let started = Instant::now();
        assert!(matches!(
            claim(dir.path()),
            Err(ClaimError::NoAnswer { .. })
        ));
        assert!(started.elapsed() >= FIRST_WINDOW_WAIT);
    }

    #[test]
    fn the_window_of_another_profile_is_another_window() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let first = claim(a.path()).unwrap();
        assert!(matches!(first, Claim::First(_)));
        assert!(matches!(claim(b.path()).unwrap(), Claim::First(_)));
    }
}
