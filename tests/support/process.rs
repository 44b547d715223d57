//! Processes: the built app binary, a free local port, how long the harness waits, and a
//! child's output within a time bound.

use std::net::TcpListener;
use std::process::Child;
use std::time::{Duration, Instant};

/// The built app binary (cargo builds it for integration tests).
pub fn app_binary() -> &'static str {
    env!("CARGO_BIN_EXE_yatoken")
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// The longest the harness waits for a window, an element or a process to come or go.
pub const WAIT: Duration = Duration::from_secs(20);

/// The longest any one command-line run may take in a test: well past the slowest scripted
/// retry, far short of a hung CI.
pub const CLI_WAIT: Duration = Duration::from_secs(90);

/// `child`'s output once it exits, reading its pipes meanwhile; a child still running after
/// `limit` is killed and the test fails saying so.
pub fn output_within(mut child: Child, limit: Duration) -> std::process::Output {
    use std::io::Read;
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    }
    let (stdout, stderr) = (drain(child.stdout.take()), drain(child.stderr.take()));
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("process {} still ran after {limit:?}; killed", child.id());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    std::process::Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}
