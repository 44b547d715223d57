//! Build script: tauri-build (the app's commands are listed here once), and the man pages and
//! shell completions, generated from the command line's own definitions (`cli/args.rs`) so they
//! can never drift from what the binary parses. They land in `$OUT_DIR/share/`, laid out as they
//! are installed under `/usr/share/`; `scripts/package` puts them in the packages.

use std::path::Path;

#[allow(dead_code)] // the fields are read by the binary, not here
#[path = "cli/args.rs"]
mod args;

const COMMANDS: &[&str] = &[
    "app_info",
    "set_language",
    "open_create_app_page",
    "list_apps",
    "stage_client_secret",
    "discard_staged_secret",
    "add_app",
    "update_app",
    "delete_app",
    "list_accounts",
    "masked_tokens",
    "sign_in",
    "confirm_sign_in",
    "sign_in_with_code",
    "cancel_sign_in_with_code",
    "open_device_page",
    "sign_in_in_browser",
    "paste_browser_answer",
    "cancel_sign_in_in_browser",
    "open_browser_sign_in_again",
    "import_from_clipboard",
    "remove_account",
    "test_account",
    "test_all",
    "cancel_tests",
    "copy_token",
    "reveal_token",
    "revoke_account",
    "refresh_account",
    "set_clipboard_clear_seconds",
    "set_proxy",
    "audit_log",
    "export_audit_csv",
    "set_account_details",
    "agency_client_lists",
    "refresh_agency_clients",
    "set_active_client",
    "test_client",
    "keychain_status",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/cli/args.rs");
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let share = Path::new(&out_dir).join("share");
    if let Err(error) = write_docs(&share) {
        panic!("could not write the man pages and completions to {share:?}: {error}");
    }
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}

/// `share/man/man1/yatoken*.1` and `share/completions/{yatoken.bash,_yatoken,yatoken.fish}`.
fn write_docs(share: &Path) -> std::io::Result<()> {
    use clap::CommandFactory;
    use clap_complete::Shell;

    let command = args::Cli::command();
    let man = share.join("man/man1");
    std::fs::create_dir_all(&man)?;
    write_man_pages(&command, &man)?;

    let completions = share.join("completions");
    std::fs::create_dir_all(&completions)?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut command.clone(), "yatoken", &completions)?;
    }
    Ok(())
}

/// One page per command (`yatoken.1`, `yatoken-test.1`, `yatoken-app-add.1`, ...); the main
/// page adds what `--help` has no room for: the window, exit status, environment and files.
fn write_man_pages(command: &clap::Command, dir: &Path) -> std::io::Result<()> {
    fn man(command: clap::Command) -> clap_mangen::Man {
        let source = format!("yatoken {}", env!("CARGO_PKG_VERSION"));
        clap_mangen::Man::new(command)
            .source(source)
            .manual("YaToken manual")
    }
    fn subpages(command: &clap::Command, dir: &Path) -> std::io::Result<()> {
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            subpages(sub, dir)?;
            man(sub.clone()).generate_to(dir)?;
        }
        Ok(())
    }
    let mut command = command.clone().disable_help_subcommand(true);
    command.build(); // names the subcommands' pages yatoken-app-add and so on
    subpages(&command, dir)?;
    let page = man(command);
    let mut main = Vec::new();
    page.render_title(&mut main)?;
    page.render_name_section(&mut main)?;
    page.render_synopsis_section(&mut main)?;
    page.render_description_section(&mut main)?;
    page.render_options_section(&mut main)?;
    page.render_subcommands_section(&mut main)?;
    main.extend_from_slice(EXTRA_SECTIONS.as_bytes());
    page.render_version_section(&mut main)?;
    std::fs::write(dir.join(page.get_filename()), main)
}

/// roff for the main page's sections that clap does not know about.
const EXTRA_SECTIONS: &str = r#".SH "THE WINDOW"
Started without arguments, \fByatoken\fR opens its window: sign in on the Yandex page, and
every account gets Test, Copy and Revoke. The window and the command line share the same
accounts and keychain and can run at once.
.SH "EXIT STATUS"
.TP
\fB0\fR
Success.
.TP
\fB1\fR
\fBtest\fR ran, and not every tested token is valid.
.TP
\fB2\fR
Bad usage (an unknown command or option, a malformed ClientID) or configuration.
.TP
\fB3\fR
No such account, or a login that matches several accounts.
.TP
\fB4\fR
Yandex refused, or it cannot be done: a rejected token, a revoke that is impossible, a refused
refresh.
.TP
\fB5\fR
Could not finish: network, keychain or files.
.SH ENVIRONMENT
.TP
\fBYATOKEN_PROFILE\fR
A separate set of accounts, with its own data directories and keychain service
(\fByatoken\-\fIprofile\fR).
.TP
\fBYATOKEN_OAUTH_URL\fR, \fBYATOKEN_LOGIN_URL\fR, \fBYATOKEN_DIRECT_URL\fR, \fBYATOKEN_METRIKA_URL\fR, \fBYATOKEN_COURIER_URL\fR
The base addresses of Yandex OAuth, Yandex ID, Direct, Metrica and Track & Trace. They must be
\fBhttps://\fR; plain \fBhttp://\fR is accepted for 127.0.0.1 and localhost only.
.SH FILES
.TP
\fI$XDG_DATA_HOME/yatoken/accounts.json\fR
The account index: metadata only, never a token.
.TP
\fI$XDG_DATA_HOME/yatoken/audit.jsonl\fR
The activity log.
.TP
\fI$XDG_CONFIG_HOME/yatoken/settings.json\fR
Settings, such as the language.
.PP
Tokens and client secrets are kept in the system keychain (the Secret Service on Linux), under
the service name \fByatoken\fR. Removing the package leaves all of these in place.
"#;
