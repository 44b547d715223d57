//! Processes racing over one account: each change waits for the one under way (the account's
//! lock, held across the call to Yandex), and the loser of a refresh race takes the winner's
//! tokens instead of marking a healthy account "sign in again".

use std::sync::Arc;
use std::time::Duration;

use super::*;
use support::world::keychain_items;

#[tokio::test]
async fn five_refreshes_at_once_leave_one_healthy_account_with_live_tokens() {
    let (world, _) = world_with("adv-alice").await;
    world.fake.set_latency(Duration::from_millis(150));
    let world = Arc::new(world);
    let runs = at_once(&world, vec![vec!["refresh", "adv-alice"]; 5]);
    for run in &runs {
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let account = &index(&world)["accounts"][0];
    assert_eq!(account["needs_sign_in"], false, "{account}");
    let token = world.stored_token("adv-alice").expect("a token");
    assert!(world.fake.token_is_valid(&token));
    assert_eq!(world.fake.live_tokens("adv-alice", APP), 1);
    world.fake.set_latency(Duration::ZERO);
    let later = yatoken(&world, &["refresh", "adv-alice"]);
    assert_eq!(
        later.code, 0,
        "the stored refresh token is the live one: {}",
        later.stderr
    );
}

#[tokio::test]
async fn a_refresh_racing_a_revoke_never_leaves_a_live_token_yatoken_forgot() {
    for _ in 0..3 {
        let (world, _) = world_with("adv-alice").await;
        world.fake.set_latency(Duration::from_millis(150));
        let world = Arc::new(world);
        let runs = at_once(
            &world,
            vec![vec!["refresh", "adv-alice"], vec!["revoke", "adv-alice"]],
        );
        let (refresh, revoke) = (&runs[0], &runs[1]);
        assert_eq!(revoke.code, 0, "{}", revoke.stderr);
        // First, it refreshed what the revoke then revoked; second, it found no account.
        assert!(
            [0, 3].contains(&refresh.code),
            "{}: {}",
            refresh.code,
            refresh.stderr
        );
        assert_eq!(world.fake.live_tokens("adv-alice", APP), 0);
        assert_eq!(index(&world)["accounts"].as_array().unwrap().len(), 0);
        assert_eq!(keychain_items(&world), 0);
    }
}
