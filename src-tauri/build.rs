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
    "audit_log",
    "export_audit_csv",
    "set_account_details",
    "agency_clients",
    "refresh_agency_clients",
    "set_active_client",
    "test_client",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
