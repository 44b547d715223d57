//! A process killed (SIGKILL) at each named step of refresh, revoke and sign-in: what the next
//! process finds. The keychain holds the newest tokens Yandex issued, nothing is left that
//! nobody knows of, and running the same command again finishes the job.

use super::*;
use support::world::keychain_items;

#[tokio::test]
async fn a_refresh_killed_at_any_step_leaves_tokens_that_work_or_can_be_refreshed() {
    for point in [
        "refresh:before-yandex",
        "refresh:refresh-token-stored",
        "refresh:tokens-stored",
    ] {
        let (world, old) = world_with("adv-alice").await;
        killed_at(&world, point, &["refresh", "adv-alice"], "");
        let rotated = !world.fake.token_is_valid(&old);
        assert_eq!(rotated, point != "refresh:before-yandex", "{point}");

        // Stopped after both tokens were written, the account works as it is; stopped between
        // them, it holds the new refresh token, and a refresh brings the rest back.
        if point == "refresh:refresh-token-stored" {
            let again = yatoken(&world, &["refresh", "adv-alice"]);
            assert_eq!(again.code, 0, "{point}: {}", again.stderr);
        }
        let tested = yatoken(&world, &["test", "adv-alice"]);
        assert_eq!(
            tested.code, 0,
            "{point}: {}{}",
            tested.stdout, tested.stderr
        );
        let token = world.stored_token("adv-alice").expect("a token");
        assert!(world.fake.token_is_valid(&token), "{point}");
        assert_eq!(world.fake.live_tokens("adv-alice", APP), 1, "{point}");
        let later = yatoken(&world, &["refresh", "adv-alice"]);
        assert_eq!(
            later.code, 0,
            "{point}: the refresh token works: {}",
            later.stderr
        );
    }
}

#[tokio::test]
async fn a_refresh_killed_between_yandexs_answer_and_the_keychain_tells_the_truth_after() {
    // The one step nothing can protect: the new tokens exist only in the killed process.
    // What YaToken says afterwards must still be true.
    let (world, old) = world_with("adv-alice").await;
    killed_at(
        &world,
        "refresh:after-yandex",
        &["refresh", "adv-alice"],
        "",
    );
    assert!(
        !world.fake.token_is_valid(&old),
        "Yandex rotated the tokens"
    );
    let tested = yatoken(&world, &["test", "adv-alice"]);
    assert_eq!(tested.code, 1, "not valid: {}", tested.stdout);
    let refused = yatoken(&world, &["refresh", "adv-alice"]);
    assert_eq!(refused.code, 4, "{}", refused.stderr);
    assert_eq!(index(&world)["accounts"][0]["needs_sign_in"], true);
    assert_eq!(
        world.stored_token("adv-alice"),
        Some(old),
        "nothing deleted"
    );
}

#[tokio::test]
async fn a_revoke_killed_at_any_step_removes_nothing_early_and_revoking_again_finishes() {
    for point in [
        "revoke:before-yandex",
        "revoke:after-yandex",
        "revoke:confirmed-dead",
    ] {
        let (world, token) = world_with("adv-alice").await;
        killed_at(&world, point, &["revoke", "adv-alice"], "");
        assert_eq!(
            world.stored_token("adv-alice").as_deref(),
            Some(token.as_str()),
            "{point}: the account and its token are kept"
        );
        let again = yatoken(&world, &["revoke", "adv-alice"]);
        assert_eq!(again.code, 0, "{point}: {}", again.stderr);
        assert!(!world.fake.token_is_valid(&token), "{point}");
        assert_eq!(index(&world)["accounts"].as_array().unwrap().len(), 0);
        assert_eq!(keychain_items(&world), 0, "{point}");
    }
}

#[tokio::test]
async fn entries_a_killed_revoke_or_forget_left_are_swept_at_the_next_start() {
    for (args, alive_after) in [
        (["revoke", "adv-alice"], false),
        (["forget", "adv-alice"], true),
    ] {
        let (world, token) = world_with("adv-alice").await;
        killed_at(&world, "forget:account-removed", &args, "");
        assert_eq!(index(&world)["accounts"].as_array().unwrap().len(), 0);
        assert_eq!(index(&world)["leftovers"].as_array().unwrap().len(), 1);
        assert_eq!(
            keychain_items(&world),
            2,
            "{args:?}: left until the next start"
        );

        let listed = yatoken(&world, &["list"]);
        assert_eq!(listed.code, 0, "{}", listed.stderr);
        assert_eq!(keychain_items(&world), 0, "{args:?}: swept");
        assert!(
            index(&world).get("leftovers").is_none(),
            "{}",
            index(&world)
        );
        assert_eq!(world.fake.token_is_valid(&token), alive_after, "{args:?}");
    }
}

#[tokio::test]
async fn a_sign_in_killed_between_the_keychain_and_the_index_leaves_nothing_after_the_next_start() {
    let (world, _) = world_with("adv-alice").await;
    let minted = world
        .fake
        .issue_token("nodirect-nick", APP, Some("yatoken-test"));
    let args = ["import", "--client-id", APP];
    killed_at(&world, "sign-in:tokens-stored", &args, &minted.access_token);
    assert_eq!(index(&world)["accounts"].as_array().unwrap().len(), 1);
    assert_eq!(keychain_items(&world), 3, "alice's two, nick's orphan");

    let listed = yatoken(&world, &["list"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert_eq!(
        keychain_items(&world),
        2,
        "the orphan is gone, alice's stay"
    );

    let imported = world.cli(&args, &minted.access_token);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert_eq!(
        world.stored_token("nodirect-nick").as_deref(),
        Some(minted.access_token.as_str())
    );
}

#[tokio::test]
async fn a_sign_in_again_killed_at_any_step_keeps_a_token_that_works() {
    for point in ["sign-in:before-store", "sign-in:tokens-stored"] {
        let (world, old) = world_with("adv-alice").await;
        let id = index(&world)["accounts"][0]["id"].clone();
        let again = world
            .fake
            .issue_token("adv-alice", APP, Some("yatoken-test"));
        let args = ["import", "--client-id", APP];
        killed_at(&world, point, &args, &again.access_token);
        let stored = world.stored_token("adv-alice").expect("a token");
        let expected = if point == "sign-in:before-store" {
            &old
        } else {
            &again.access_token
        };
        assert_eq!(&stored, expected, "{point}");
        assert!(world.fake.token_is_valid(&stored), "{point}");
        let accounts = index(&world)["accounts"].clone();
        assert_eq!(accounts.as_array().unwrap().len(), 1, "{point}");
        assert_eq!(accounts[0]["id"], id, "{point}: the same account");
        assert_eq!(yatoken(&world, &["test", "adv-alice"]).code, 0, "{point}");
    }
}

#[tokio::test]
async fn a_new_sign_in_killed_before_storing_leaves_nothing() {
    let (world, _) = world_with("adv-alice").await;
    let minted = world
        .fake
        .issue_token("nodirect-nick", APP, Some("yatoken-test"));
    let args = ["import", "--client-id", APP];
    killed_at(&world, "sign-in:before-store", &args, &minted.access_token);
    assert_eq!(index(&world)["accounts"].as_array().unwrap().len(), 1);
    assert!(index(&world).get("leftovers").is_none());
    assert_eq!(keychain_items(&world), 2, "alice's only");
}

#[tokio::test]
async fn a_damaged_index_is_never_overwritten_and_the_keychain_is_left_alone() {
    let (world, token) = world_with("adv-alice").await;
    let damaged = b"{\"version\":1,\"accounts\":[{\"id\":";
    std::fs::write(world.index_path(), damaged).unwrap();
    for args in [
        &["list"][..],
        &["refresh", "adv-alice"][..],
        &["test", "--all"][..],
    ] {
        let run = yatoken(&world, args);
        assert_eq!(run.code, 5, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("accounts.json"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert_eq!(std::fs::read(world.index_path()).unwrap(), damaged);
    assert_eq!(keychain_items(&world), 2);
    assert!(world.fake.token_is_valid(&token), "nothing was refreshed");
}

#[tokio::test]
async fn test_all_reports_an_account_whose_keychain_entry_is_gone_never_leaves_it_out() {
    let (world, _) = world_with("adv-alice").await;
    world.seed("nodirect-nick", APP, true, YEAR).await;
    // The entry goes behind YaToken's back (another tool, a keyring reset).
    let id = index(&world)["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["login"] == "adv-alice")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cleared = std::process::Command::new("secret-tool")
        .args(["clear", "service", &world.service()])
        .args(["username", &format!("account/{id}/access-token")])
        .status()
        .expect("secret-tool is installed");
    assert!(cleared.success());

    let run = yatoken(&world, &["test", "--all", "--json"]);
    assert_eq!(run.code, 1, "not every token is valid: {}", run.stderr);
    let results: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let results = results.as_array().unwrap();
    assert_eq!(results.len(), 2, "nobody left out: {results:?}");
    let alice = results.iter().find(|r| r["login"] == "adv-alice").unwrap();
    assert_eq!(alice["status"], "error", "{alice}");
    assert_eq!(alice["checks"][0]["code"], "token_missing", "{alice}");
    // The other account is tested as always (it has no Direct account: no access there).
    let nick = results
        .iter()
        .find(|r| r["login"] == "nodirect-nick")
        .unwrap();
    assert_eq!(nick["checks"][0]["status"], "valid", "{nick}");
    assert_eq!(nick["status"], "no_access", "{nick}");
}

#[tokio::test]
async fn a_revoke_whose_answer_is_lost_removes_nothing_and_the_next_one_finishes() {
    use fake_yandex::{Fault, FaultKind, Service};
    let (world, token) = world_with("adv-alice").await;
    world
        .fake
        .add_fault(Fault::new(Service::OAuth, "/revoke_token", FaultKind::LoseAnswer).times(1));
    let lost = yatoken(&world, &["revoke", "adv-alice"]);
    assert_eq!(lost.code, 5, "{}", lost.stderr);
    assert!(!world.fake.token_is_valid(&token), "Yandex did revoke it");
    assert_eq!(
        world.stored_token("adv-alice").as_deref(),
        Some(token.as_str()),
        "but nothing was removed"
    );
    let again = yatoken(&world, &["revoke", "adv-alice"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(index(&world)["accounts"].as_array().unwrap().len(), 0);
    assert_eq!(keychain_items(&world), 0);
}
