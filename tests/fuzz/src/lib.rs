//! The fuzz targets' bodies, one module each, and how they split an input. Each binary in
//! `src/bin/` hands AFL++'s inputs to one of these; each asserts what must hold of any input,
//! beyond not panicking. Inputs are plain text so that the seeds in `corpus/` can be read:
//! an HTTP answer is `STATUS\nBODY` (no status line: 200).

pub mod answers;
pub mod find;
pub mod index;
pub mod redirect;

/// Fills the targets' lazily made values before AFL++ starts forking (afl.rs starts its fork
/// server in `fuzz!`), so that the first input run in each child takes the same path as the rest.
pub fn prepare() {
    redirect::prepare();
    find::prepare();
}

/// A target binary's `main`: under cargo-afl (`--cfg fuzzing`), AFL++'s persistent loop over
/// `target`; in a plain build, `target` once on standard input, to replay an input AFL++ saved
/// (and so a plain `cargo build --workspace` links without AFL++'s runtime).
pub fn main(target: Target) {
    prepare();
    #[cfg(fuzzing)]
    afl::fuzz(true, target);
    #[cfg(not(fuzzing))]
    {
        use std::io::Read;
        let mut input = Vec::new();
        std::io::stdin()
            .read_to_end(&mut input)
            .expect("read the input from stdin");
        target(&input);
    }
}

/// A target: what one input must satisfy (it panics when not).
pub type Target = fn(&[u8]);

/// Each target by the name of its binary and of its seed folder in `corpus/`.
pub const TARGETS: [(&str, Target); 7] = [
    ("redirect", redirect::run),
    ("token", answers::token),
    ("info", answers::info),
    ("direct", answers::direct),
    ("metrika", answers::metrika),
    ("index", index::run),
    ("find", find::run),
];

/// An HTTP answer: the status on a first line of one to three digits, else 200, and the body.
pub fn answer(data: &[u8]) -> (u16, &[u8]) {
    if let Some(end) = data.iter().take(4).position(|&b| b == b'\n') {
        let digits = &data[..end];
        if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
            let status = std::str::from_utf8(digits).unwrap().parse().unwrap();
            return (status, &data[end + 1..]);
        }
    }
    (200, data)
}

/// The first line and the rest; no newline: all of it is the rest.
pub fn first_line(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == b'\n') {
        Some(end) => (&data[..end], &data[end + 1..]),
        None => (&[], data),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_may_lead_with_its_status() {
        assert_eq!(answer(b"401\n{}"), (401, &b"{}"[..]));
        assert_eq!(answer(b"{}"), (200, &b"{}"[..]));
        assert_eq!(answer(b"4x1\n{}"), (200, &b"4x1\n{}"[..]));
        assert_eq!(first_line(b"a\nb\nc"), (&b"a"[..], &b"b\nc"[..]));
        assert_eq!(first_line(b"abc"), (&b""[..], &b"abc"[..]));
    }

    /// The seeds hold what each target asserts, so `cargo test` catches a reader that changed
    /// under its target before a fuzzing run does.
    #[test]
    fn every_seed_passes_its_target() {
        prepare();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for (name, run) in TARGETS {
            let seeds: Vec<_> = std::fs::read_dir(corpus.join(name))
                .unwrap_or_else(|e| panic!("corpus/{name}: {e}"))
                .map(|entry| entry.unwrap().path())
                .collect();
            assert!(!seeds.is_empty(), "corpus/{name} has seeds");
            for seed in seeds {
                run(&std::fs::read(&seed).unwrap());
            }
        }
    }
}
