//! The code's shape, checked like its behaviour: no source file too long to read in one go, no
//! module of the app that depends on one that depends back on it, a header on every module, and
//! a README whose code layout names what is really there. Plain file reading; no session needed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// About a screen's worth of pages: past this a file is doing more than one job.
const MOST_LINES: usize = 400;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` whose name ends with one of `extensions`.
fn files(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if extensions
                .iter()
                .any(|x| path.to_string_lossy().ends_with(x))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

#[test]
fn no_source_file_of_the_app_or_its_window_is_over_400_lines() {
    let mut long = Vec::new();
    for (dir, extensions) in [
        ("src-tauri", &[".rs"][..]),
        ("ui", &[".js", ".css", ".html"][..]),
    ] {
        let sources = files(&root().join(dir), extensions);
        assert!(sources.len() > 10, "read {dir}: {sources:?}");
        for path in sources {
            let lines = std::fs::read_to_string(&path).unwrap().lines().count();
            if lines > MOST_LINES {
                long.push(format!("{} ({lines} lines)", relative(&path)));
            }
        }
    }
    assert!(long.is_empty(), "split these by job: {long:?}");
}

/// The app's top-level module a file under `src-tauri/` belongs to.
fn module_of(path: &Path) -> String {
    let inside = path.strip_prefix(root().join("src-tauri")).unwrap();
    let first = inside.components().next().unwrap();
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

/// The top-level modules a file's code names (`crate::name`), comments left out.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                names.insert(name);
            }
        }
    }
    names
}

#[test]
fn the_app_modules_depend_on_each_other_one_way_only() {
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in files(&root().join("src-tauri"), &[".rs"]) {
        let module = module_of(&path);
        if module == "lib" || module == "main" || module == "build" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let entry = uses.entry(module.clone()).or_default();
        entry.extend(named_modules(&text).into_iter().filter(|m| *m != module));
    }
    assert!(uses.len() > 15, "read the modules: {uses:?}");
    // Any module that reaches itself again through what it uses is in a cycle.
    let mut cycles = Vec::new();
    for start in uses.keys() {
        let mut seen = BTreeSet::new();
        let mut pending: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        while let Some((module, trail)) = pending.pop() {
            for next in uses.get(&module).into_iter().flatten() {
                if next == start {
                    cycles.push(format!("{} -> {start}", trail.join(" -> ")));
                } else if seen.insert(next.clone()) {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    pending.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(cycles.is_empty(), "module cycles: {cycles:#?}");
}

#[test]
fn every_module_says_what_it_is_for() {
    let mut silent = Vec::new();
    for path in files(&root().join("src-tauri"), &[".rs"]) {
        let text = std::fs::read_to_string(&path).unwrap();
        if !text.starts_with("//!") && !text.starts_with("// ") {
            silent.push(relative(&path));
        }
    }
    for path in files(&root().join("ui"), &[".js", ".css"]) {
        let text = std::fs::read_to_string(&path).unwrap();
        if !text.starts_with("//") && !text.starts_with("/*") {
            silent.push(relative(&path));
        }
    }
    assert!(silent.is_empty(), "no header comment: {silent:?}");
}

/// The names the README's "Code layout" block lists under `dir/`, one level down.
fn listed_under(layout: &str, dir: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut inside = false;
    for line in layout.lines() {
        if !line.starts_with(' ') {
            inside = line.starts_with(&format!("{dir}/"));
            continue;
        }
        let Some(name) = line.strip_prefix("  ") else {
            continue;
        };
        if inside && !name.starts_with(' ') {
            let name = name.split_whitespace().next().unwrap_or_default();
            names.insert(name.to_string());
        }
    }
    names
}

#[test]
fn the_readme_code_layout_names_what_is_there() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("Code layout:\n\n```\n")
        .expect("README has a code layout");
    let layout = &readme[start..];
    let layout = &layout[layout.find("```\n").unwrap() + 4..];
    let layout = &layout[..layout.find("```").unwrap()];
    for dir in ["src-tauri", "ui"] {
        let listed = listed_under(layout, dir);
        let mut present = BTreeSet::new();
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            present.insert(if entry.path().is_dir() {
                format!("{name}/")
            } else {
                name
            });
        }
        // Several files may share a line ("en.json, ru.json"): a listed name may be a prefix.
        let missing: Vec<_> = present.difference(&listed).collect();
        let gone: Vec<_> = listed.difference(&present).collect();
        assert!(
            missing.is_empty() && gone.is_empty(),
            "README code layout under {dir}/: not listed {missing:?}, listed but not there {gone:?}"
        );
    }
}
