//! An index that cannot be written (a full disk, a read-only folder) in the middle of a
//! refresh: Yandex has issued new tokens and killed the old ones, so the keychain must end up
//! with the new ones, and the message names the file.

use super::*;

/// Makes the profile's data folder refuse new files until dropped. As root (CI), whom no
/// permission stops, the folder becomes a full 1 MiB tmpfs; otherwise it is made read-only.
struct Unwritable {
    dir: std::path::PathBuf,
    mounted: bool,
}

impl Unwritable {
    /// `dir` as it is, files included, on a filesystem with no room left (root), or read-only.
    fn make(dir: &std::path::Path) -> Unwritable {
        let root = std::process::Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        if root {
            let saved = tempfile::tempdir().unwrap();
            copy_dir(dir, saved.path());
            let status = std::process::Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs"])
                .arg(dir)
                .status()
                .expect("mount is installed");
            assert!(status.success(), "mount a tmpfs over {}", dir.display());
            copy_dir(saved.path(), dir);
            // Fill what is left: a file that grows until the filesystem says no.
            use std::io::Write;
            let mut filler = std::fs::File::create(dir.join("filler")).unwrap();
            let block = vec![0u8; 64 * 1024];
            while filler.write_all(&block).is_ok() {}
            let _ = filler.flush();
        } else {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o500)).unwrap();
        }
        Unwritable {
            dir: dir.to_path_buf(),
            mounted: root,
        }
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        if self.mounted {
            let saved = tempfile::tempdir().unwrap();
            let _ = std::fs::remove_file(self.dir.join("filler"));
            copy_dir(&self.dir, saved.path());
            let _ = std::process::Command::new("umount").arg(&self.dir).status();
            copy_dir(saved.path(), &self.dir);
        } else {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700));
        }
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[tokio::test]
async fn a_refresh_whose_index_write_fails_keeps_the_new_tokens_and_names_the_file() {
    let (world, old) = world_with("adv-alice").await;
    // One refresh first, so the account's lock file exists before the folder is shut.
    assert_eq!(yatoken(&world, &["refresh", "adv-alice"]).code, 0);
    let before = world.stored_token("adv-alice").unwrap();
    let data = world.index_path().parent().unwrap().to_path_buf();
    let index_before = std::fs::read_to_string(world.index_path()).unwrap();
    {
        let _shut = Unwritable::make(&data);
        let failed = yatoken(&world, &["refresh", "adv-alice"]);
        assert_eq!(failed.code, 5, "{}", failed.stderr);
        assert!(failed.stderr.contains("accounts.json"), "{}", failed.stderr);
        assert_eq!(
            std::fs::read_to_string(world.index_path()).unwrap(),
            index_before,
            "the index is untouched, not half-written"
        );
    }
    assert!(!world.fake.token_is_valid(&before), "Yandex rotated them");
    assert!(!world.fake.token_is_valid(&old));
    let now = world.stored_token("adv-alice").unwrap();
    assert_ne!(now, before);
    assert!(
        world.fake.token_is_valid(&now),
        "the keychain kept the new token"
    );
    let tested = yatoken(&world, &["test", "adv-alice"]);
    assert_eq!(tested.code, 0, "{}", tested.stdout);
    let again = yatoken(&world, &["refresh", "adv-alice"]);
    assert_eq!(again.code, 0, "and the new refresh token: {}", again.stderr);
}

#[tokio::test]
async fn the_audit_log_survives_a_torn_last_line_and_invalid_bytes() {
    let (world, _) = world_with("adv-alice").await;
    assert_eq!(yatoken(&world, &["test", "adv-alice"]).code, 0);
    let log = world.index_path().with_file_name("audit.jsonl");
    let append = |bytes: &[u8]| {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
        file.write_all(bytes).unwrap();
    };
    append(b"\xff\xfe not an entry\n");
    append(b"{\"at\":\"2026-12-01T10:00:00Z\",\"action\":\"tes");
    assert_eq!(yatoken(&world, &["test", "adv-alice"]).code, 0);

    let audit = yatoken(&world, &["audit"]);
    assert_eq!(audit.code, 0, "{}", audit.stderr);
    // The one before the damage and the one after it.
    assert_eq!(
        audit.stdout.matches(" tested ").count(),
        2,
        "{}",
        audit.stdout
    );
    assert!(audit.stderr.contains("skipped: 2"), "{}", audit.stderr);
}
