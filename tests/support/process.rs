//! Processes: the built app binary, a free local port, how long the harness waits, a child's
//! output within a time bound, and process trees read from `/proc` (which process a window's
//! tauri-driver started).

use std::collections::HashMap;
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

/// Field `n` (1-based, as in proc(5)) of `/proc/<pid>/stat`.
pub fn stat_field(pid: u32, n: usize) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) state ppid ...": comm may contain spaces, so count from after the ')'.
    let rest = stat.rsplit_once(')')?.1;
    rest.split_whitespace().nth(n - 3).map(str::to_string)
}

/// The parent of `pid`, from `/proc/<pid>/stat`.
pub fn parent_of(pid: u32) -> Option<u32> {
    stat_field(pid, 4)?.parse().ok()
}

/// The name of process `pid` (`/proc/<pid>/comm`), empty when it is gone.
pub fn comm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn all_pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .expect("/proc")
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse().ok()))
        .collect()
}

/// `pid` and every process below it.
pub fn tree(pid: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for p in all_pids() {
        if let Some(parent) = parent_of(p) {
            children.entry(parent).or_default().push(p);
        }
    }
    let mut found = vec![pid];
    let mut at = 0;
    while at < found.len() {
        if let Some(kids) = children.get(&found[at]) {
            found.extend(kids);
        }
        at += 1;
    }
    found
}
