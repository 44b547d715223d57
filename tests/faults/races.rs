//! Processes racing over one account: each change waits for the one under way (the account's
//! lock, held across the call to Yandex), and the loser of a refresh race takes the winner's
//! tokens instead of marking a healthy account "sign in again".

use std::process::Stdio;
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

#[tokio::test]
async fn a_change_that_never_finishes_makes_the_next_wait_a_bounded_time_and_say_why() {
    let (world, token) = world_with("adv-alice").await;
    // A refresh holding the account's lock, stopped for good before its call to Yandex.
    let mut command = world.command(
        std::path::Path::new(app_binary()),
        &["refresh", "adv-alice"],
    );
    command
        .env("YATOKEN_PAUSE_AT", "refresh:before-yandex")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut stuck = command.spawn().expect("start yatoken");
    let paused = said_within(&mut stuck, "paused at", Duration::from_secs(30));
    assert!(paused.0, "{}", paused.1);

    let started = std::time::Instant::now();
    let busy = yatoken(&world, &["forget", "adv-alice"]);
    let waited = started.elapsed();
    assert_eq!(busy.code, 5, "{}", busy.stderr);
    assert!(
        busy.stderr.contains("is changing adv-alice right now"),
        "{}",
        busy.stderr
    );
    assert!(waited >= Duration::from_secs(25), "it waited {waited:?}");
    assert!(waited < Duration::from_secs(60), "it waited {waited:?}");
    assert_eq!(
        world.stored_token("adv-alice").as_deref(),
        Some(token.as_str())
    );

    // A crash lets go of the lock: the same forget goes through at once.
    stuck.kill().unwrap();
    let _ = stuck.wait();
    let started = std::time::Instant::now();
    let forgotten = yatoken(&world, &["forget", "adv-alice"]);
    assert_eq!(forgotten.code, 0, "{}", forgotten.stderr);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(world.stored_token("adv-alice"), None);
}
