//! The flows, without a desktop: the same verbs the window's commands and the command line call,
//! run in-process against the fake Yandex, with the in-memory keychain and an in-memory
//! clipboard. No X display, no D-Bus, no WebDriver: `cargo test --test flows` runs anywhere in
//! seconds, so a change to the logic is checked before the slow suites click through it.
//!
//! The real parts (the Secret Service, the X clipboard, the window) have their own suites. The
//! fake is the window suites' sign-in cast (`support/world.rs`); the in-process world around it
//! is `support/in_process.rs`.

mod support;

use std::time::{Duration, Instant};

use fake_yandex::{Decision, Fault, FaultKind, Service, UserKind, UserSpec};
use support::in_process::World;
use support::world::{CODE_APP, TOKEN_APP};
use yatoken::accounts::Role;
use yatoken::audit::Action;
use yatoken::checkup::{Api, Check, Status};
use yatoken::clipboard::CopyFormat;
use yatoken::domain::sign_in::{Attempt, SignInOutcome, SignInRequest, SignIns};
use yatoken::domain::testing::{self, TestRuns};
use yatoken::domain::{agency, import, roster, settings, tokens};
use yatoken::i18n::Language;
use yatoken::oauth::parse_redirect;
use yatoken::secrets::Secret;

fn request(client_id: &str, hint: Option<&str>) -> SignInRequest {
    SignInRequest {
        client_id: client_id.into(),
        login_hint: hint.map(str::to_string),
        role: Some(Role::Advertiser),
        scopes: None,
    }
}

/// What the login window would catch: follows the authorize page's redirects (a scripted
/// decision answers at once) until one lands on a target of the attempt.
async fn catch_redirect(
    attempt: &Attempt,
) -> Result<yatoken::oauth::Redirect, yatoken::oauth::RedirectError> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut url = attempt.authorize_url.clone();
    for _ in 0..10 {
        if let Some(caught) = parse_redirect(&url, &attempt.targets) {
            return caught;
        }
        let answer = http
            .get(url.clone())
            .send()
            .await
            .expect("the fake answers");
        let location = answer
            .headers()
            .get("location")
            .unwrap_or_else(|| panic!("{url} answered {} without a redirect", answer.status()));
        url = url.join(location.to_str().unwrap()).unwrap();
    }
    panic!("no redirect to the verification_code page");
}

#[tokio::test]
async fn a_sign_in_is_finished_from_the_caught_redirect_in_both_flows() {
    let world = World::new().await;
    let sign_ins = SignIns::default();
    for (client_id, login) in [(TOKEN_APP, "adv-alice"), (CODE_APP, "rep-bob")] {
        world.fake.next_sign_in(login, Decision::Allow);
        let (attempt, turn) = sign_ins
            .begin(&world.cx, request(client_id, Some(login)))
            .await
            .unwrap();
        let second = sign_ins.begin(&world.cx, request(client_id, None)).await;
        assert_eq!(
            second.err().map(|e| e.kind()),
            Some("sign_in_in_progress"),
            "one sign-in at a time"
        );
        let redirect = catch_redirect(&attempt).await;
        let outcome = sign_ins
            .finish(&world.cx, &attempt, redirect)
            .await
            .unwrap();
        drop(turn);
        let SignInOutcome::Saved { account } = outcome else {
            panic!("{login}: not saved: {outcome:?}");
        };
        assert_eq!(account.login, login);
        assert_eq!(account.client_id, client_id);
        let token = world.stored_token(login).await;
        assert!(world.fake.token_is_valid(&token), "{login}: a live token");
        assert_eq!(
            account.has_refresh_token,
            client_id == CODE_APP,
            "{login}: only the code flow brings a refresh token"
        );
    }
    assert_eq!(world.logged(Action::SignedIn), ["adv-alice", "rep-bob"]);
    // Access and refresh token of the code flow, access token of the token flow.
    assert_eq!(world.tokens_kept(), 3);
}

#[tokio::test]
async fn a_token_for_someone_else_than_the_hint_waits_for_the_answer() {
    let world = World::new().await;
    let sign_ins = SignIns::default();
    for keep in [false, true] {
        world.fake.next_sign_in("rep-bob", Decision::Allow);
        let (attempt, _turn) = sign_ins
            .begin(&world.cx, request(TOKEN_APP, Some("adv-alice")))
            .await
            .unwrap();
        let redirect = catch_redirect(&attempt).await;
        let outcome = sign_ins
            .finish(&world.cx, &attempt, redirect)
            .await
            .unwrap();
        let SignInOutcome::WrongAccount {
            pending,
            expected,
            actual,
        } = outcome
        else {
            panic!("saved without asking: {outcome:?}");
        };
        assert_eq!(
            (expected.as_str(), actual.as_str()),
            ("adv-alice", "rep-bob")
        );
        assert!(
            world.accounts().is_empty(),
            "nothing stored before the answer"
        );
        let kept = sign_ins.confirm(&world.cx, &pending, keep).await.unwrap();
        assert_eq!(kept.map(|a| a.login), keep.then(|| "rep-bob".to_string()));
        let again = sign_ins.confirm(&world.cx, &pending, true).await;
        assert_eq!(again.err().map(|e| e.kind()), Some("nothing_pending"));
    }
    assert_eq!(world.accounts().len(), 1);
}

#[tokio::test]
async fn a_denied_or_forged_sign_in_stores_nothing() {
    let world = World::new().await;
    let sign_ins = SignIns::default();
    world.fake.next_sign_in("adv-alice", Decision::Deny);
    world
        .fake
        .next_sign_in_with_forged_state("adv-alice", "planted-state");
    for expected in ["access_denied", "state_mismatch"] {
        let (attempt, _turn) = sign_ins
            .begin(&world.cx, request(CODE_APP, None))
            .await
            .unwrap();
        let redirect = catch_redirect(&attempt).await;
        let error = sign_ins
            .finish(&world.cx, &attempt, redirect)
            .await
            .unwrap_err();
        assert_eq!(error.kind(), expected);
    }
    assert!(world.accounts().is_empty());
    assert_eq!(world.tokens_kept(), 0);
}

#[tokio::test]
async fn import_verifies_the_token_with_yandex_before_storing_it() {
    let world = World::new().await;
    let issued = world.fake.issue_token("adv-alice", TOKEN_APP, None);
    let account = import::token_as(&world.cx, Secret::new(issued.access_token.clone()), None)
        .await
        .unwrap();
    assert_eq!(account.login, "adv-alice");
    assert_eq!(account.client_id, TOKEN_APP);
    assert_eq!(world.stored_token("adv-alice").await, issued.access_token);
    assert_eq!(world.logged(Action::Imported), ["adv-alice"]);

    let dead = import::token_as(&world.cx, Secret::new("y0_not-a-real-token"), None).await;
    assert_eq!(dead.err().map(|e| e.kind()), Some("token_rejected"));

    let bob = world.fake.issue_token("rep-bob", TOKEN_APP, None);
    let other = import::token_for_app(&world.cx, Secret::new(bob.access_token), None, CODE_APP);
    assert_eq!(
        other.await.err().map(|e| e.kind()),
        Some("token_for_other_app")
    );
    assert_eq!(world.accounts().len(), 1, "refused imports store nothing");
    assert_eq!(world.tokens_kept(), 1);

    // From the clipboard: read in Rust, and cleared once read.
    let clipboard = world.cx.clipboard();
    let carol = world.fake.issue_token("agency-one", TOKEN_APP, None);
    clipboard
        .put_text(&format!("  {}\n", carol.access_token))
        .unwrap();
    let account = import::from_clipboard(&world.cx, None).await.unwrap();
    assert_eq!(account.login, "agency-one");
    assert_eq!(clipboard.text().unwrap(), None);
}

#[tokio::test]
async fn test_keeps_the_verdict_and_tells_a_dead_token() {
    let world = World::new().await;
    let alice = world.seed("adv-alice", true).await;
    let result = testing::test_one(&world.cx, &alice.id).await.unwrap();
    assert_eq!(result.status, Status::Valid, "{result:?}");
    let kept = world.account("adv-alice").last_check.expect("kept");
    assert_eq!(kept.status, Status::Valid);

    world.fake.invalidate_user("adv-alice");
    let result = testing::test_one(&world.cx, &alice.id).await.unwrap();
    assert_eq!(result.status, Status::Invalid, "{result:?}");
    assert_eq!(
        world.account("adv-alice").last_check.unwrap().status,
        Status::Invalid
    );
    assert!(
        world.cx.accounts().access_token(&alice.id).await.is_ok(),
        "a test never deletes a token"
    );
    assert_eq!(world.logged(Action::Tested).len(), 2);
}

#[tokio::test]
async fn test_all_reports_each_result_and_cancel_keeps_what_finished() {
    let world = World::new().await;
    // Each user once through each app: six accounts.
    let mut ids = Vec::new();
    for login in ["adv-alice", "rep-bob", "agency-one"] {
        let issued = world.fake.issue_token(login, TOKEN_APP, None);
        let token = Secret::new(issued.access_token);
        ids.push(import::token_as(&world.cx, token, None).await.unwrap().id);
        ids.push(world.seed(login, false).await.id);
    }
    assert_eq!(ids.len(), 6);

    let runs = TestRuns::default();
    let seen = std::sync::Mutex::new(Vec::new());
    let done = runs
        .run(&world.cx, ids.clone(), |p| {
            assert_eq!(p.total, 6);
            seen.lock().unwrap().push((p.done, p.id, p.result.status));
        })
        .await
        .unwrap();
    let seen = seen.into_inner().unwrap();
    assert_eq!(done, 6);
    assert_eq!(
        seen.iter().map(|s| s.0).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6]
    );
    assert!(seen.iter().all(|s| s.2 == Status::Valid), "{seen:?}");
    assert!(world.accounts().iter().all(|a| a.last_check.is_some()));

    // Slow answers, and a cancel as soon as the first result is in.
    world.fake.set_latency(Duration::from_millis(300));
    let before: Vec<_> = world
        .accounts()
        .iter()
        .map(|a| a.last_check.clone().unwrap().checked_at)
        .collect();
    let started = Instant::now();
    let done = runs
        .run(&world.cx, ids.clone(), |_| runs.cancel())
        .await
        .unwrap();
    assert!(
        (1..6).contains(&done),
        "cancel stops the run early: {done} finished"
    );
    let after: Vec<_> = world
        .accounts()
        .iter()
        .map(|a| a.last_check.clone().unwrap().checked_at)
        .collect();
    let retested = before.iter().zip(&after).filter(|(b, a)| b != a).count();
    assert_eq!(retested, done, "what finished is kept, and only that");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn test_all_asks_each_host_at_most_8_at_once_and_the_hosts_side_by_side() {
    let world = World::new().await;
    // 40 live accounts with Direct and Metrica rights, every fourth an agency's representative
    // (a second Direct request), and one whose token Yandex no longer takes.
    let mut ids = Vec::new();
    for n in 0..40 {
        let login = format!("many-{n:02}");
        let kind = match n % 4 {
            0 => UserKind::AgencyRepresentative {
                agency: "agency-one".into(),
            },
            _ => UserKind::Advertiser,
        };
        world.fake.add_user(UserSpec::new(login.as_str(), kind));
        let issued = world.fake.issue_token(&login, TOKEN_APP, None);
        let token = Secret::new(issued.access_token);
        ids.push(import::token_as(&world.cx, token, None).await.unwrap().id);
    }
    world
        .fake
        .add_user(UserSpec::new("dead-dan", UserKind::Advertiser));
    let issued = world.fake.issue_token("dead-dan", TOKEN_APP, None);
    let dead = import::token_as(&world.cx, Secret::new(issued.access_token), None)
        .await
        .unwrap();
    world.fake.invalidate_user("dead-dan");
    ids.insert(20, dead.id.clone());

    world.fake.set_latency(Duration::from_millis(100));
    world.fake.reset_peak_in_flight();
    let seen = std::sync::Mutex::new(Vec::new());
    let done = TestRuns::default()
        .run(&world.cx, ids.clone(), |p| seen.lock().unwrap().push(p))
        .await
        .unwrap();
    assert_eq!(done, 41);

    let peaks: Vec<_> = [Service::Login, Service::Direct, Service::Metrika]
        .into_iter()
        .map(|service| (service, world.fake.peak_in_flight_of(service)))
        .collect();
    let total = world.fake.peak_in_flight();
    for (service, peak) in &peaks {
        assert!(
            *peak <= 8,
            "{service:?}: never more than 8 at once ({peaks:?})"
        );
    }
    assert!(
        total > 8,
        "the hosts were asked side by side: {total} ({peaks:?})"
    );

    let seen = seen.into_inner().unwrap();
    let (gone, alive): (Vec<_>, Vec<_>) = seen.iter().partition(|p| p.id == dead.id);
    let failed: Vec<_> = alive
        .iter()
        .filter(|p| p.result.status != Status::Valid)
        .collect();
    assert!(failed.is_empty(), "every live token is valid: {failed:?}");
    assert!(
        alive.iter().all(|p| p.result.checks.len() >= 3),
        "identity, Direct, Metrica"
    );
    let [gone] = &gone[..] else {
        panic!("one result for the dead token: {gone:?}")
    };
    assert_eq!(gone.result.status, Status::Invalid);
    let only = Check {
        api: Api::Identity,
        status: Status::Invalid,
        code: Some("401".into()),
        detail: None,
        client: None,
        agency: false,
    };
    let lines: Vec<_> = gone.result.checks.iter().map(|l| &l.check).collect();
    assert_eq!(lines, [&only], "only the identity line");
    assert!(
        gone.result.checks[0]
            .message
            .starts_with("Yandex ID does not accept the token"),
        "{}",
        gone.result.checks[0].message
    );
    let kept = world.account("dead-dan").last_check.expect("kept");
    assert_eq!((kept.status, kept.checks), (Status::Invalid, vec![only]));
}

#[tokio::test]
async fn copy_puts_the_token_on_the_clipboard_and_clears_it_later() {
    let world = World::new().await;
    let alice = world.seed("adv-alice", true).await;
    let token = world.stored_token("adv-alice").await;
    let clipboard = world.cx.clipboard();

    settings::set_clipboard_clear_seconds(&world.cx, 1).unwrap();
    let receipt = tokens::copy(&world.cx, &alice.id, CopyFormat::Token, None)
        .await
        .unwrap();
    assert_eq!(receipt.clears_in, Some(1));
    assert_eq!(clipboard.text().unwrap().as_deref(), Some(token.as_str()));
    let deadline = Instant::now() + Duration::from_secs(5);
    while clipboard.text().unwrap().is_some() {
        assert!(Instant::now() < deadline, "the clipboard was not cleared");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    settings::set_clipboard_clear_seconds(&world.cx, 0).unwrap();
    let copied = tokens::copy(
        &world.cx,
        &alice.id,
        CopyFormat::DirectHeaders,
        Some(" Client-X ".into()),
    )
    .await
    .unwrap();
    assert_eq!(copied.clears_in, None);
    assert_eq!(
        clipboard.text().unwrap().unwrap(),
        format!("Authorization: Bearer {token}\nClient-Login: Client-X")
    );
    let bad = tokens::copy(
        &world.cx,
        &alice.id,
        CopyFormat::DirectHeaders,
        Some("no spaces allowed".into()),
    )
    .await;
    assert_eq!(bad.err().map(|e| e.kind()), Some("invalid_login"));
    assert_eq!(world.logged(Action::Copied).len(), 2);
}

#[tokio::test]
async fn revoke_forgets_the_account_only_once_yandex_has_revoked_the_token() {
    let world = World::new().await;
    let alice = world.seed("adv-alice", true).await;
    let token = world.stored_token("adv-alice").await;

    world.fake.add_fault(Fault::new(
        Service::OAuth,
        "/revoke_token",
        FaultKind::Status(503),
    ));
    let failed = tokens::revoke(&world.cx, &alice.id).await;
    assert!(failed.is_err(), "{failed:?}");
    world.fake.clear_faults();
    assert_eq!(world.accounts().len(), 1, "a failed call deletes nothing");
    assert!(world.fake.token_is_valid(&token));

    let outcome = tokens::revoke(&world.cx, &alice.id).await.unwrap();
    assert_eq!(outcome.login, "adv-alice");
    assert!(!world.fake.token_is_valid(&token));
    assert!(world.accounts().is_empty());
    assert_eq!(world.tokens_kept(), 0, "tokens gone from the keychain too");
    assert_eq!(world.logged(Action::Revoked), ["adv-alice"]);

    // Without a device id Yandex cannot revoke: the account stays, marked.
    let bob = world.seed("rep-bob", false).await;
    let refused = tokens::revoke(&world.cx, &bob.id).await;
    assert_eq!(refused.err().map(|e| e.kind()), Some("not_revocable"));
    assert_eq!(world.account("rep-bob").device_bound, Some(false));
}

#[tokio::test]
async fn refresh_replaces_the_tokens_and_a_refused_one_asks_to_sign_in_again() {
    let world = World::new().await;
    let alice = world.seed("adv-alice", true).await;
    let old = world.stored_token("adv-alice").await;
    let refreshed = tokens::refresh(&world.cx, &alice.id).await.unwrap();
    let new = world.stored_token("adv-alice").await;
    assert_ne!(new, old);
    assert!(world.fake.token_is_valid(&new));
    assert_eq!(refreshed.id, alice.id);
    assert!(!refreshed.needs_sign_in);
    let listed = roster::list(&world.cx).unwrap();
    let masked = listed[0].masked_token.clone().expect("known after refresh");
    assert!(masked.ends_with(&new[new.len() - 4..]), "{masked}");

    world.fake.invalidate_user("adv-alice");
    let refused = tokens::refresh(&world.cx, &alice.id).await;
    assert_eq!(refused.err().map(|e| e.kind()), Some("refresh_refused"));
    assert!(world.account("adv-alice").needs_sign_in);
    assert_eq!(
        world.stored_token("adv-alice").await,
        new,
        "a refused refresh deletes nothing"
    );
    assert_eq!(world.logged(Action::RefreshRefused), ["adv-alice"]);
}

#[tokio::test]
async fn discovery_after_a_sign_in_finds_an_agency_and_its_clients() {
    let world = World::new().await;
    let olga = world.fake.issue_token("agency-one", TOKEN_APP, None);
    let account = import::token_as(&world.cx, Secret::new(olga.access_token), None)
        .await
        .unwrap();
    assert!(agency::discover(&world.cx, &account.id).await);
    let stored = world.account("agency-one");
    assert_eq!(stored.role, Some(Role::AgencyRepresentative));
    assert!(stored.is_agency());
    let view = agency::clients(&world.cx, &account.id).unwrap();
    let logins: Vec<_> = view.clients.iter().map(|c| c.login.as_str()).collect();
    assert_eq!(logins, ["client-x", "client-y"]);
    assert!(view.fetched_at.is_some());

    agency::set_active_client(&world.cx, &account.id, Some("client-y".into()))
        .await
        .unwrap();
    let result = agency::test_client(&world.cx, &account.id, "client-y")
        .await
        .unwrap();
    assert_eq!(result.status, Status::Valid, "{result:?}");

    let alice = world.seed("adv-alice", false).await;
    assert!(agency::discover(&world.cx, &alice.id).await);
    assert_eq!(world.account("adv-alice").role, Some(Role::Advertiser));
    let not_agency = agency::refresh_clients(&world.cx, &alice.id).await;
    assert_eq!(not_agency.err().map(|e| e.kind()), Some("not_agency"));
}

#[tokio::test]
async fn direct_is_asked_for_answers_in_the_language_in_use() {
    let world = World::new().await;
    let alice = world.seed("adv-alice", false).await;
    let languages = || -> Vec<String> {
        let requests = world.fake.requests();
        let direct = requests.iter().filter(|r| r.service == Service::Direct);
        direct
            .map(|r| {
                let header = r.headers.iter().find(|(name, _)| name == "accept-language");
                header.map(|(_, value)| value.clone()).unwrap_or_default()
            })
            .collect()
    };
    testing::test_one(&world.cx, &alice.id).await.unwrap();
    assert_eq!(languages(), ["en"]);
    world.fake.clear_requests();
    settings::set_language(&world.cx, Some(Language::Ru)).unwrap();
    testing::test_one(&world.cx, &alice.id).await.unwrap();
    assert_eq!(languages(), ["ru"], "the language takes effect at once");
}

#[tokio::test]
async fn test_all_reports_a_token_the_keychain_lost_and_the_other_masks_still_show() {
    let world = World::new().await;
    let alice = world.seed("adv-alice", false).await;
    let bob = world.seed("rep-bob", false).await;
    // A crash between the two writes, or someone tidying the keychain by hand.
    let key = yatoken::accounts::keys::access_token(&alice.id);
    world.cx.keychain().delete(&key).await.unwrap();

    let seen = std::sync::Mutex::new(Vec::new());
    let done = TestRuns::default()
        .run(&world.cx, vec![alice.id.clone(), bob.id.clone()], |p| {
            seen.lock().unwrap().push(p)
        })
        .await
        .unwrap();
    assert_eq!(done, 2, "nothing is left out of the results");
    let seen = seen.into_inner().unwrap();
    let lost = seen
        .iter()
        .find(|p| p.id == alice.id)
        .expect("alice's result");
    assert_eq!(lost.result.status, Status::Error);
    let line = &lost.result.checks[0];
    assert_eq!(line.check.code.as_deref(), Some("token_missing"));
    assert!(line.message.contains("Sign in again"), "{}", line.message);
    let kept = world
        .account("adv-alice")
        .last_check
        .expect("the verdict is kept");
    assert_eq!(kept.status, Status::Error);
    let fine = seen.iter().find(|p| p.id == bob.id).expect("bob's result");
    assert_eq!(fine.result.status, Status::Valid, "{:?}", fine.result);

    let masks = roster::masked_tokens(&world.cx, vec![alice.id.clone(), bob.id.clone()])
        .await
        .unwrap();
    assert_eq!(masks[&alice.id], None);
    assert!(masks[&bob.id].is_some(), "{masks:?}");
}

#[tokio::test]
async fn a_revoke_yandex_did_not_carry_out_removes_nothing_and_says_so() {
    let world = World::new().await;
    let alice = world.seed("adv-alice", true).await;
    let token = world.stored_token("adv-alice").await;

    world.fake.set_revoke_without_effect(true);
    let alive = tokens::revoke(&world.cx, &alice.id).await;
    assert_eq!(
        alive.as_ref().err().map(|e| e.kind()),
        Some("revoke_still_alive")
    );
    let message = alive.unwrap_err().message(Language::En);
    assert!(message.contains("still works"), "{message}");
    assert!(world.fake.token_is_valid(&token));
    assert_eq!(world.accounts().len(), 1, "a live token is never forgotten");
    assert_eq!(world.stored_token("adv-alice").await, token);
    assert_eq!(world.logged(Action::RevokeFailed), ["adv-alice"]);
    assert!(world.logged(Action::Revoked).is_empty());

    // Yandex ID cannot be asked: nothing is removed either.
    world.fake.set_revoke_without_effect(false);
    world
        .fake
        .add_fault(Fault::new(Service::Login, "/info", FaultKind::Status(502)));
    let unconfirmed = tokens::revoke(&world.cx, &alice.id).await;
    assert_eq!(
        unconfirmed.err().map(|e| e.kind()),
        Some("revoke_unconfirmed")
    );
    assert!(!world.fake.token_is_valid(&token), "Yandex did revoke it");
    assert_eq!(world.accounts().len(), 1);
    world.fake.clear_faults();

    // Revoking again finishes the job: Yandex answers ok for a dead token, /info confirms.
    tokens::revoke(&world.cx, &alice.id).await.unwrap();
    assert!(world.accounts().is_empty());
    assert_eq!(world.tokens_kept(), 0);
}

#[tokio::test]
async fn a_lost_revoke_answer_removes_nothing_and_revoking_again_finishes() {
    let world = World::new().await;
    let alice = world.seed("adv-alice", true).await;
    let token = world.stored_token("adv-alice").await;
    world
        .fake
        .add_fault(Fault::new(Service::OAuth, "/revoke_token", FaultKind::LoseAnswer).times(1));
    let lost = tokens::revoke(&world.cx, &alice.id).await;
    assert!(lost.is_err(), "{lost:?}");
    assert!(!world.fake.token_is_valid(&token), "the revoke happened");
    assert_eq!(world.accounts().len(), 1, "but nobody heard of it");
    tokens::revoke(&world.cx, &alice.id).await.unwrap();
    assert!(world.accounts().is_empty());
    assert_eq!(world.tokens_kept(), 0);
}

#[tokio::test]
async fn two_refreshes_at_once_both_end_with_the_winners_live_tokens() {
    let world = World::new().await;
    let alice = world.seed("adv-alice", true).await;
    world.fake.set_latency(Duration::from_millis(200));
    let (first, second) = tokio::join!(
        tokens::refresh(&world.cx, &alice.id),
        tokens::refresh(&world.cx, &alice.id)
    );
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(
        first.issued_at, second.issued_at,
        "the loser took the winner's"
    );
    let account = world.account("adv-alice");
    assert!(!account.needs_sign_in);
    let token = world.stored_token("adv-alice").await;
    assert!(world.fake.token_is_valid(&token));
    assert_eq!(world.fake.live_tokens("adv-alice", CODE_APP), 1);
    assert_eq!(world.logged(Action::Refreshed), ["adv-alice"]);
}

#[tokio::test]
async fn a_refresh_racing_a_revoke_leaves_no_live_token_yatoken_does_not_know() {
    for refresh_first in [true, false] {
        let world = World::new().await;
        let alice = world.seed("adv-alice", true).await;
        world.fake.set_latency(Duration::from_millis(150));
        let (refreshed, revoked) = if refresh_first {
            tokio::join!(tokens::refresh(&world.cx, &alice.id), async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                tokens::revoke(&world.cx, &alice.id).await
            })
        } else {
            let (revoked, refreshed) = tokio::join!(tokens::revoke(&world.cx, &alice.id), async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                tokens::refresh(&world.cx, &alice.id).await
            });
            (refreshed, revoked)
        };
        revoked.unwrap();
        assert_eq!(refreshed.is_ok(), refresh_first, "{refreshed:?}");
        assert!(world.accounts().is_empty());
        assert_eq!(world.tokens_kept(), 0);
        assert_eq!(
            world.fake.live_tokens("adv-alice", CODE_APP),
            0,
            "refresh first: {refresh_first}"
        );
    }
}
