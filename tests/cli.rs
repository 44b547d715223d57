//! The command line: every command, its JSON shapes and exit codes, secrets only on standard
//! input, against the fake Yandex and the real Secret Service of the test session.

mod support;

use fake_yandex::{Fault, FaultKind, Service, UserKind, UserSpec};
use serde_json::Value;
use support::cli::CliRun;
use support::seed::YEAR;
use support::world::*;

fn yatoken(world: &World, args: &[&str], stdin: &str) -> CliRun {
    world.cli(args, stdin)
}

fn json(run: &CliRun) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stdout))
}

fn index(world: &World) -> Value {
    let path = world
        .home
        .data()
        .join(world.service())
        .join("accounts.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).expect("the index is valid JSON")
}

#[test]
fn every_command_has_help() {
    let world = World::seeded();
    for args in [
        vec!["--help"],
        vec!["app", "--help"],
        vec!["app", "add", "--help"],
        vec!["app", "list", "--help"],
        vec!["import", "--help"],
        vec!["login", "--help"],
        vec!["list", "--help"],
        vec!["token", "--help"],
        vec!["test", "--help"],
        vec!["revoke", "--help"],
        vec!["forget", "--help"],
        vec!["refresh", "--help"],
        vec!["audit", "--help"],
        vec!["clients", "--help"],
    ] {
        let run = yatoken(&world, &args, "");
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            run.stdout.contains("Usage: yatoken"),
            "{args:?}: {}",
            run.stdout
        );
    }
    let top = yatoken(&world, &["--help"], "");
    assert!(top.stdout.contains("Exit codes"), "{}", top.stdout);
    let unknown = yatoken(&world, &["bogus"], "");
    assert_eq!(
        unknown.code, 2,
        "an unknown word is a usage error, not a window"
    );
}

#[test]
fn apps_are_added_with_the_secret_from_stdin_only() {
    let world = World::seeded();
    let added = yatoken(
        &world,
        &[
            "app",
            "add",
            "--client-id",
            APP,
            "--name",
            "Reports",
            "--scope",
            "login:info direct:api",
            "--secret-stdin",
        ],
        &format!("{SECRET}\n"),
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert!(added.stdout.contains("Reports"), "{}", added.stdout);

    let listed = json(&yatoken(&world, &["app", "list", "--json"], ""));
    let app = &listed.as_array().unwrap()[0];
    assert_eq!(app["client_id"], APP);
    assert_eq!(app["has_secret"], true);
    assert_eq!(
        app["scopes"],
        serde_json::json!(["direct:api", "login:info"])
    );
    assert!(!listed.to_string().contains(SECRET));
    let keychain = support::secret_tool_search(&world.service());
    assert!(keychain.contains(SECRET), "the secret is in the keychain");
    assert!(support::files_containing(world.home.path(), SECRET).is_empty());

    let in_argument = yatoken(
        &world,
        &["app", "add", "--client-id", UNAPPROVED, "--secret", "s3"],
        "",
    );
    assert_eq!(
        in_argument.code, 2,
        "no way to pass a secret as an argument"
    );
    let bad = yatoken(&world, &["app", "add", "--client-id", "1234"], "");
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("32 characters"), "{}", bad.stderr);
}

#[test]
fn import_list_and_token() {
    let world = World::seeded();
    let token = world.fake.issue_token("adv-alice", APP, None).access_token;

    let imported = yatoken(
        &world,
        &["import", "--client-id", APP, "--role", "advertiser"],
        &format!("{token}\n"),
    );
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert_eq!(imported.stdout, "adv-alice\n");

    let listed = yatoken(&world, &["list", "--json"], "");
    assert!(!listed.stdout.contains(&token), "list never prints a token");
    let accounts = json(&listed);
    let account = &accounts.as_array().unwrap()[0];
    for key in [
        "id",
        "login",
        "uid",
        "client_id",
        "role",
        "expires_at",
        "revocable",
        "has_refresh_token",
    ] {
        assert!(account.get(key).is_some(), "{key} in {account}");
    }
    assert_eq!(account["login"], "adv-alice");
    assert_eq!(account["uid"], world.fake.uid("adv-alice").unwrap());
    assert_eq!(account["client_id"], APP);
    assert_eq!(account["role"], "advertiser");
    assert_eq!(
        account["revocable"],
        Value::Null,
        "unknown for an imported token"
    );
    assert_eq!(account["has_refresh_token"], false);
    assert_eq!(account["expires_at"], Value::Null);

    let by_login = yatoken(&world, &["token", "adv-alice"], "");
    assert_eq!(
        (by_login.code, by_login.stdout.as_str()),
        (0, format!("{token}\n").as_str())
    );
    let id = account["id"].as_str().unwrap();
    assert_eq!(
        yatoken(&world, &["token", id], "").stdout,
        format!("{token}\n")
    );

    let missing = yatoken(&world, &["token", "nobody"], "");
    assert_eq!(missing.code, 3);
    assert!(
        missing.stderr.contains("nobody") && missing.stdout.is_empty(),
        "{}",
        missing.stderr
    );

    let garbage = yatoken(
        &world,
        &["import", "--client-id", APP],
        "not-a-token-at-all\n",
    );
    assert_eq!(garbage.code, 4, "{}", garbage.stderr);
    let other_app = world
        .fake
        .issue_token("nodirect-nick", UNAPPROVED, None)
        .access_token;
    let wrong = yatoken(&world, &["import", "--client-id", APP], &other_app);
    assert_eq!(wrong.code, 4);
    assert!(wrong.stderr.contains(UNAPPROVED), "{}", wrong.stderr);
    assert_eq!(
        index(&world)["accounts"].as_array().unwrap().len(),
        1,
        "nothing else stored"
    );
}

#[tokio::test]
async fn an_ambiguous_login_asks_for_the_id() {
    let world = World::seeded();
    world.add_app(APP, Some(SECRET), &["login:info"]).await;
    world.add_app(UNAPPROVED, None, &["login:info"]).await;
    world.seed("adv-alice", APP, true, YEAR).await;
    world.seed("adv-alice", UNAPPROVED, true, YEAR).await;
    let run = yatoken(&world, &["token", "adv-alice"], "");
    assert_eq!(run.code, 3);
    let ids: Vec<String> = index(&world)["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    for id in &ids {
        assert!(run.stderr.contains(id.as_str()), "{}", run.stderr);
    }
    assert_eq!(yatoken(&world, &["token", &ids[1]], "").code, 0);
}

#[tokio::test]
async fn test_reports_json_and_exits_zero_only_when_all_are_valid() {
    let world = World::seeded();
    world
        .add_app(
            APP,
            Some(SECRET),
            &["login:info", "direct:api", "metrika:read"],
        )
        .await;
    world.seed("adv-alice", APP, true, YEAR).await;
    world.seed("nodirect-nick", APP, true, YEAR).await;

    let one = yatoken(&world, &["test", "adv-alice", "--json"], "");
    assert_eq!(one.code, 0, "{}", one.stderr);
    let result = &json(&one)[0];
    assert_eq!(result["login"], "adv-alice");
    assert_eq!(result["status"], "valid");
    let apis: Vec<&str> = result["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["api"].as_str().unwrap())
        .collect();
    assert_eq!(apis, ["identity", "direct", "metrika"]);
    for check in result["checks"].as_array().unwrap() {
        assert!(check["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(check["status"].is_string());
    }

    let all = yatoken(&world, &["test", "--all", "--json"], "");
    assert_eq!(all.code, 1, "nodirect-nick has no Direct access");
    let results = json(&all);
    let nick = results
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["login"] == "nodirect-nick")
        .unwrap();
    assert_eq!(nick["status"], "no_access");
    let direct = nick["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["api"] == "direct")
        .unwrap();
    assert_eq!(direct["code"], "513");

    world.fake.invalidate_user("adv-alice");
    let dead = yatoken(&world, &["test", "adv-alice"], "");
    assert_eq!(dead.code, 1);
    assert!(dead.stdout.contains("Invalid"), "{}", dead.stdout);
    assert_eq!(yatoken(&world, &["test", "nobody"], "").code, 3);

    let audit = yatoken(&world, &["audit", "--csv"], "");
    assert!(audit
        .stdout
        .starts_with("time,action,source,account_id,login,detail"));
    assert!(audit.stdout.contains(",tested,cli,"), "{}", audit.stdout);
}

#[tokio::test]
async fn revoke_forget_and_refresh() {
    let world = World::seeded();
    world
        .add_app(APP, Some(SECRET), &["login:info", "direct:api"])
        .await;
    let device_token = world.seed("adv-alice", APP, true, YEAR).await;
    world
        .fake
        .add_user(UserSpec::new("plain-paul", UserKind::Advertiser));
    let plain_token = world.seed("plain-paul", APP, false, YEAR).await;
    world.seed("nodirect-nick", APP, true, YEAR).await;

    let refused = yatoken(&world, &["revoke", "plain-paul"], "");
    assert_eq!(refused.code, 4);
    assert!(
        refused.stderr.contains("unsupported_token_type"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        world.stored_token("plain-paul").as_deref(),
        Some(plain_token.as_str()),
        "removes nothing"
    );

    let revoked = yatoken(&world, &["revoke", "adv-alice"], "");
    assert_eq!(revoked.code, 0, "{}", revoked.stderr);
    assert!(!world.fake.token_is_valid(&device_token));
    assert_eq!(world.stored_token("adv-alice"), None);

    let forgotten = yatoken(&world, &["forget", "plain-paul"], "");
    assert_eq!(forgotten.code, 0);
    assert_eq!(world.stored_token("plain-paul"), None);
    assert!(
        world.fake.token_is_valid(&plain_token),
        "forget does not revoke"
    );

    let before = world.stored_token("nodirect-nick").unwrap();
    let refreshed = yatoken(&world, &["refresh", "nodirect-nick"], "");
    assert_eq!(refreshed.code, 0, "{}", refreshed.stderr);
    let after = world.stored_token("nodirect-nick").unwrap();
    assert_ne!(after, before);
    world.fake.invalidate_user("nodirect-nick");
    let refused = yatoken(&world, &["refresh", "nodirect-nick"], "");
    assert_eq!(refused.code, 4);
    assert_eq!(
        world.stored_token("nodirect-nick"),
        Some(after),
        "the old token is kept"
    );
}

#[tokio::test]
async fn twenty_concurrent_test_runs_leave_the_index_valid_and_complete() {
    let world = World::seeded();
    world
        .add_app(APP, Some(SECRET), &["login:info", "direct:api"])
        .await;
    let mut logins = Vec::new();
    for n in 0..20 {
        let login = format!("client-{n:02}");
        world
            .fake
            .add_user(UserSpec::new(login.as_str(), UserKind::Advertiser));
        world.seed(&login, APP, true, YEAR).await;
        logins.push(login);
    }
    let world = std::sync::Arc::new(world);
    let concurrently = |args: Vec<Vec<String>>| {
        let runs: Vec<_> = args
            .into_iter()
            .map(|args| {
                let world = std::sync::Arc::clone(&world);
                std::thread::spawn(move || {
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    yatoken(&world, &args, "")
                })
            })
            .collect();
        runs.into_iter()
            .map(|r| r.join().unwrap())
            .collect::<Vec<_>>()
    };

    // Each process tests a different account: a write that lost another process's change
    // would leave that account without its verdict.
    let one_each = logins
        .iter()
        .map(|l| vec!["test".to_string(), l.clone()])
        .collect();
    for run in concurrently(one_each) {
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let index_now = index(&world);
    for account in index_now["accounts"].as_array().unwrap() {
        assert_eq!(account["last_check"]["status"], "valid", "kept: {account}");
    }

    // The issue's case: twenty `test --all` at once.
    let all = (0..20)
        .map(|_| vec!["test".into(), "--all".into(), "--json".into()])
        .collect();
    for run in concurrently(all) {
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(json(&run).as_array().unwrap().len(), 20);
    }
    let index = index(&world);
    let accounts = index["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 20, "nothing lost");
    assert_eq!(index["apps"].as_array().unwrap().len(), 1);
    for account in accounts {
        assert_eq!(account["last_check"]["status"], "valid", "{account}");
        let login = account["login"].as_str().unwrap();
        assert!(
            world.stored_token(login).is_some(),
            "{login} still has its token"
        );
    }
    let tested = yatoken(&world, &["audit"], "")
        .stdout
        .matches("tested")
        .count();
    assert_eq!(
        tested,
        20 + 20 * 20,
        "every test of every run is in the audit log"
    );
}

#[test]
fn an_agency_account_lists_tests_and_chooses_its_clients() {
    let world = World::seeded();
    world.fake.add_user(UserSpec::new(
        "agency-chief",
        UserKind::Agency {
            clients: vec!["client-one".into(), "client-two".into()],
        },
    ));
    world.fake.add_user(UserSpec::new(
        "agency-rep",
        UserKind::AgencyRepresentative {
            agency: "agency-chief".into(),
        },
    ));
    let added = yatoken(
        &world,
        &[
            "app",
            "add",
            "--client-id",
            APP,
            "--scope",
            "login:info direct:api",
        ],
        "",
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    for login in ["agency-rep", "adv-alice"] {
        let token = world.fake.issue_token(login, APP, None).access_token;
        let imported = yatoken(&world, &["import", "--client-id", APP], &token);
        assert_eq!(imported.code, 0, "{}", imported.stderr);
    }

    // Import found out whom each token acts for.
    let listed = json(&yatoken(&world, &["list", "--json"], ""));
    let by_login = |login: &str| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["login"] == login)
            .cloned()
            .unwrap()
    };
    let rep = by_login("agency-rep");
    assert_eq!(rep["role"], "agency_representative");
    assert_eq!(rep["direct"]["login"], "agency-chief");
    assert_eq!(rep["direct"]["agency"], true);
    assert_eq!(by_login("adv-alice")["role"], "advertiser");

    let clients = json(&yatoken(&world, &["clients", "agency-rep", "--json"], ""));
    let logins: Vec<&str> = clients
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["login"].as_str().unwrap())
        .collect();
    assert_eq!(logins, ["client-one", "client-two"]);

    let chosen = yatoken(
        &world,
        &["clients", "agency-rep", "--use", "client-two"],
        "",
    );
    assert_eq!(chosen.code, 0, "{}", chosen.stderr);
    assert_eq!(
        index(&world)["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["login"] == "agency-rep")
            .unwrap()["active_client"],
        "client-two"
    );
    let bad = yatoken(&world, &["clients", "agency-rep", "--use", "a\nb"], "");
    assert_eq!(bad.code, 2, "{}", bad.stderr);

    // A client of the agency: valid, exit 0; someone else's: 54, explained, exit 1.
    let ok = yatoken(
        &world,
        &["test", "agency-rep", "--client", "client-one", "--json"],
        "",
    );
    assert_eq!(ok.code, 0, "{}", ok.stdout);
    let ok = json(&ok);
    assert_eq!(ok[0]["status"], "valid");
    let direct = &ok[0]["checks"][1];
    assert_eq!(direct["api"], "direct");
    assert_eq!(direct["client"], "client-one");
    let stranger = yatoken(&world, &["test", "agency-rep", "--client", "adv-alice"], "");
    assert_eq!(stranger.code, 1);
    assert!(
        stranger
            .stdout
            .contains("adv-alice is not a client of this agency")
            && stranger.stdout.contains("(error 54)"),
        "{}",
        stranger.stdout
    );

    // An advertiser has no agency clients: refused, exit 4, nothing stored.
    let refused = yatoken(&world, &["clients", "adv-alice", "--refresh"], "");
    assert_eq!(refused.code, 4, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("not an agency representative"),
        "{}",
        refused.stderr
    );
    let too_many = yatoken(
        &world,
        &["test", "agency-rep", "adv-alice", "--client", "client-one"],
        "",
    );
    assert_eq!(too_many.code, 2);

    // Direct failing on the client list: said so, exit 5, the stored list kept; Test says
    // it could not tell, and the role stays.
    world.fake.add_fault(Fault::new(
        Service::Direct,
        "/json/v5/agencyclients",
        FaultKind::Status(502),
    ));
    let failed = yatoken(&world, &["clients", "agency-rep", "--refresh"], "");
    assert_eq!(failed.code, 5, "{}", failed.stderr);
    assert!(failed.stderr.contains("http-502"), "{}", failed.stderr);
    let kept = json(&yatoken(&world, &["clients", "agency-rep", "--json"], ""));
    assert_eq!(kept.as_array().unwrap().len(), 2, "the stored list is kept");
    let tested = yatoken(&world, &["test", "agency-rep", "--json"], "");
    assert_eq!(tested.code, 1);
    let tested = json(&tested);
    assert_eq!(tested[0]["status"], "error");
    let list_line = tested[0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "http-502")
        .cloned()
        .expect("a line for the client list");
    assert_eq!(list_line["api"], "direct");
    world.fake.clear_faults();
    let listed = json(&yatoken(&world, &["list", "--json"], ""));
    assert!(listed
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["login"] == "agency-rep" && a["role"] == "agency_representative"));

    // Every request to AgencyClients went without Client-Login.
    assert!(world
        .fake
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/agencyclients"))
        .all(|r| r.header("client-login").is_none()));
}

/// `yatoken login` while a person acts on the device page: `act` gets the user code the
/// command printed (on stderr) and its process id, and does what the person would.
fn login_while(world: &World, args: &[&str], act: impl FnOnce(&str, u32)) -> CliRun {
    use std::io::{BufRead, Read};
    use std::process::Stdio;

    let login: Vec<&str> = std::iter::once("login")
        .chain(args.iter().copied())
        .collect();
    let mut child = world
        .command(std::path::Path::new(env!("CARGO_BIN_EXE_yatoken")), &login)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run yatoken login");
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let mut line = String::new();
    let code = loop {
        line.clear();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break None;
        }
        seen.push_str(&line);
        // The code stands alone on its line, indented.
        if line.starts_with("    ") && line.trim().len() == 8 {
            break Some(line.trim().to_string());
        }
    };
    if let Some(code) = &code {
        act(code, child.id());
    }
    stderr.read_to_string(&mut seen).unwrap();
    let output = child.wait_with_output().unwrap();
    CliRun {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: seen,
    }
}

#[tokio::test]
async fn login_with_a_code_stores_the_account_the_person_confirmed() {
    let world = World::seeded();
    world
        .add_app(APP, Some(SECRET), &["login:info", "direct:api"])
        .await;
    world.fake.set_device_polling(1, None);
    let run = login_while(&world, &["--client-id", APP, "--device"], |code, _| {
        world.fake.approve_device_code(code, "adv-alice");
    });
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "adv-alice\n");
    assert!(
        run.stderr
            .contains(&format!("{}/device", world.fake.oauth_url())),
        "it says where to enter the code: {}",
        run.stderr
    );
    let token = world
        .stored_token("adv-alice")
        .expect("the token is stored");
    assert!(world.fake.token_is_valid(token.trim()));
    let listed = json(&yatoken(&world, &["list", "--json"], ""));
    assert_eq!(listed[0]["login"], "adv-alice");
    assert_eq!(listed[0]["revocable"], true, "a device-bound token");
}

#[tokio::test]
async fn login_with_a_code_stores_nothing_when_it_cannot_finish() {
    let world = World::seeded();
    world
        .add_app(APP, Some(SECRET), &["login:info", "direct:api"])
        .await;
    world.fake.set_device_polling(1, None);

    // Refused on the device page.
    let denied = login_while(&world, &["--client-id", APP], |code, _| {
        world.fake.deny_device_code(code);
    });
    assert_eq!(denied.code, 4, "{}", denied.stderr);
    assert!(denied.stderr.contains("not allowed"), "{}", denied.stderr);

    // Someone else's account, with nobody at a terminal to say "keep it".
    let other = login_while(
        &world,
        &[
            "--client-id",
            APP,
            "--login-hint",
            "nodirect-nick",
            "--json",
        ],
        |code, _| world.fake.approve_device_code(code, "adv-alice"),
    );
    assert_eq!(other.code, 4, "{}", other.stderr);
    assert!(
        other.stderr.contains("nothing was saved"),
        "{}",
        other.stderr
    );
    assert_eq!(other.stdout, "");
    assert_eq!(yatoken(&world, &["list", "--json"], "").stdout.trim(), "[]");

    // Ctrl-C while it waits; the person confirms a moment too late.
    let interrupted = login_while(&world, &["--client-id", APP], |code, pid| {
        let status = std::process::Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        std::thread::sleep(std::time::Duration::from_millis(1500));
        world.fake.approve_device_code(code, "adv-alice");
    });
    assert_ne!(interrupted.code, 0, "{}", interrupted.stderr);
    assert_eq!(yatoken(&world, &["list", "--json"], "").stdout.trim(), "[]");
    assert!(
        !support::secret_tool_search(&world.service()).contains("access-token"),
        "no token in the keychain"
    );

    // An app without its client secret: said before any code is asked for.
    world.add_app(UNAPPROVED, None, &["login:info"]).await;
    let no_secret = yatoken(&world, &["login", "--client-id", UNAPPROVED], "");
    assert_eq!(no_secret.code, 4, "{}", no_secret.stderr);
    assert!(
        no_secret.stderr.contains("client secret"),
        "{}",
        no_secret.stderr
    );
    assert!(
        !world
            .fake
            .requests()
            .iter()
            .any(|r| r.path == "/device/code"
                && r.form()
                    .iter()
                    .any(|(k, v)| k == "client_id" && v == UNAPPROVED)),
        "no code was asked for"
    );
}

#[tokio::test]
async fn login_with_a_code_slows_down_when_asked_and_says_when_the_code_expired() {
    let world = World::seeded();
    world
        .add_app(APP, Some(SECRET), &["login:info", "direct:api"])
        .await;
    let polls = |world: &World| {
        world
            .fake
            .requests()
            .iter()
            .filter(|r| r.path == "/token")
            .count()
    };

    // Polls closer than 2 s apart get slow_down; it backs off and still finishes.
    world
        .fake
        .set_device_polling(1, Some(std::time::Duration::from_secs(2)));
    let slowed = login_while(&world, &["--client-id", APP], |code, _| {
        // Without backing off it would poll about five times by now, each one refused.
        std::thread::sleep(std::time::Duration::from_millis(4500));
        world.fake.approve_device_code(code, "adv-alice");
    });
    assert_eq!(slowed.code, 0, "{}", slowed.stderr);
    assert_eq!(slowed.stdout, "adv-alice\n");
    let slowed_polls = polls(&world);
    assert!(
        (2..=3).contains(&slowed_polls),
        "after slow_down it waits 5 s more between polls: {slowed_polls} polls"
    );
    yatoken(&world, &["forget", "adv-alice"], "");

    // Nobody confirms before the code's lifetime is over (the fake's clock moves past it).
    world.fake.set_device_polling(1, None);
    let before = polls(&world);
    let expired = login_while(&world, &["--client-id", APP], |_, _| {
        std::thread::sleep(std::time::Duration::from_millis(1200));
        world
            .fake
            .advance_clock(std::time::Duration::from_secs(301));
    });
    assert_eq!(expired.code, 4, "{}", expired.stderr);
    assert!(expired.stderr.contains("expired"), "{}", expired.stderr);
    assert!(polls(&world) > before, "it polled until the code expired");
    assert_eq!(yatoken(&world, &["list", "--json"], "").stdout.trim(), "[]");
}

/// `yatoken login --browser` while a person signs in in the browser: `browse` gets the address
/// the command printed and returns what the person pastes (each line in turn; none keeps
/// standard input open and silent).
fn login_in_browser(
    world: &World,
    args: &[&str],
    browse: impl FnOnce(&str) -> Vec<String>,
) -> CliRun {
    use std::io::{BufRead, Read, Write};
    use std::process::Stdio;

    let login: Vec<&str> = ["login", "--client-id", APP, "--browser"]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    let mut child = world
        .command(std::path::Path::new(env!("CARGO_BIN_EXE_yatoken")), &login)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run yatoken login --browser");
    let mut stdin = child.stdin.take().unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let mut line = String::new();
    let address = loop {
        line.clear();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break None;
        }
        seen.push_str(&line);
        // The address stands alone on its line, indented.
        if line.starts_with("    http") {
            break Some(line.trim().to_string());
        }
    };
    if let Some(address) = &address {
        for pasted in browse(address) {
            writeln!(stdin, "{pasted}").unwrap();
            std::thread::sleep(std::time::Duration::from_millis(300));
        }
    }
    let reader = std::thread::spawn(move || {
        let mut rest = String::new();
        stderr.read_to_string(&mut rest).unwrap();
        rest
    });
    let output = support::output_within(child, support::CLI_WAIT);
    drop(stdin);
    seen.push_str(&reader.join().unwrap());
    CliRun {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: seen,
    }
}

/// A world with the app added, for the browser tests: they act as the browser with blocking
/// HTTP, outside any async runtime.
fn browser_world(prepare: impl FnOnce(&World)) -> World {
    let world = World::seeded();
    prepare(&world);
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(world.add_app(APP, Some(SECRET), &["login:info", "direct:api"]));
    world
}

#[test]
fn login_in_a_browser_takes_the_code_or_the_address_pasted_back() {
    let world = browser_world(|_| {});

    // The bare code, after a paste that is neither a code nor an address.
    let mut asked = None;
    let run = login_in_browser(&world, &["--json"], |address| {
        asked = Some(url::Url::parse(address).unwrap());
        let answer = support::allow_in_browser(&world.fake, address, "adv-alice");
        vec![
            "not a code, sorry".into(),
            support::query_param(&answer, "code"),
        ]
    });
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("neither the code"),
        "the unreadable paste is explained and the wait goes on: {}",
        run.stderr
    );
    let account: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(account["login"], "adv-alice");
    let asked = asked.unwrap();
    assert_eq!(support::query_param(&asked, "response_type"), "code");
    assert_eq!(
        support::query_param(&asked, "code_challenge_method"),
        "S256"
    );
    assert!(!support::query_param(&asked, "state").is_empty());
    assert_eq!(
        support::query_param(&asked, "redirect_uri"),
        format!("{}/verification_code", world.fake.oauth_url())
    );
    let exchange = world
        .fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/token")
        .expect("the code was exchanged");
    assert!(exchange
        .form()
        .iter()
        .any(|(k, v)| k == "code_verifier" && !v.is_empty()));
    yatoken(&world, &["forget", "adv-alice"], "");

    // The whole address, with the answer in the query.
    let run = login_in_browser(&world, &[], |address| {
        vec![support::allow_in_browser(&world.fake, address, "adv-alice").to_string()]
    });
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "adv-alice\n");
    yatoken(&world, &["forget", "adv-alice"], "");

    // The same answer in the fragment.
    let run = login_in_browser(&world, &[], |address| {
        let mut answer = support::allow_in_browser(&world.fake, address, "adv-alice");
        let pairs = answer.query().unwrap().to_string();
        answer.set_query(None);
        answer.set_fragment(Some(&pairs));
        vec![answer.to_string()]
    });
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "adv-alice\n");
    assert!(world.stored_token("adv-alice").is_some());
}

#[test]
fn login_in_a_browser_refuses_another_sign_ins_answer() {
    let world = browser_world(|_| {});
    let run = login_in_browser(&world, &[], |address| {
        let mut answer = support::allow_in_browser(&world.fake, address, "adv-alice");
        let code = support::query_param(&answer, "code");
        answer
            .query_pairs_mut()
            .clear()
            .append_pair("code", &code)
            .append_pair("state", "someone-elses-state");
        vec![answer.to_string()]
    });
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("did not belong"), "{}", run.stderr);
    assert_eq!(yatoken(&world, &["list", "--json"], "").stdout.trim(), "[]");
    assert!(
        !world.fake.requests().iter().any(|r| r.path == "/token"),
        "a forged answer is never exchanged"
    );
}

#[test]
fn login_in_a_browser_catches_a_loopback_redirect_and_closes_the_port() {
    let port = support::free_port();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let world = browser_world(|world| {
        world.fake.add_app(fake_yandex::AppSpec {
            redirect_uris: vec![
                format!("{}/verification_code", world.fake.oauth_url()),
                redirect.clone(),
            ],
            ..fake_yandex::AppSpec::new(APP, SECRET, &["login:info", "direct:api", "metrika:read"])
        });
    });
    let mut page = String::new();
    let run = login_in_browser(&world, &["--redirect-uri", &redirect], |address| {
        let answer = support::allow_in_browser(&world.fake, address, "adv-alice");
        assert!(answer.as_str().starts_with(&redirect), "{answer}");
        // The browser follows the redirect to YaToken's listener.
        page = reqwest::blocking::get(answer).unwrap().text().unwrap();
        Vec::new()
    });
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "adv-alice\n");
    assert!(page.contains("close this tab"), "{page}");
    assert!(run.stderr.contains(&redirect), "{}", run.stderr);
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the listener is gone"
    );
    assert!(world.stored_token("adv-alice").is_some());

    let bad = yatoken(
        &world,
        &[
            "login",
            "--client-id",
            APP,
            "--browser",
            "--redirect-uri",
            "https://example.com/cb",
        ],
        "",
    );
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("loopback"), "{}", bad.stderr);
}

#[test]
fn a_first_run_leaves_the_profiles_folders_0700_and_every_file_0600() {
    let world = World::seeded();
    let added = yatoken(
        &world,
        &["app", "add", "--client-id", APP, "--secret-stdin"],
        &format!("{SECRET}\n"),
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    let token = world.fake.issue_token("adv-alice", APP, None).access_token;
    let imported = yatoken(
        &world,
        &["import", "--client-id", APP],
        &format!("{token}\n"),
    );
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let tested = yatoken(&world, &["test", "--all"], "");
    assert_eq!(tested.code, 0, "{}", tested.stderr);

    let data = world.home.data().join(world.service());
    for dir in [world.home.config(), world.home.data(), world.home.cache()] {
        let profile = dir.join(world.service());
        assert!(profile.is_dir(), "{} was not created", profile.display());
        let open = support::not_private(&profile);
        assert!(open.is_empty(), "not private: {open:?}");
    }
    for written in ["accounts.json", "accounts.lock", "audit.jsonl"] {
        assert!(data.join(written).is_file(), "{written} was not written");
    }

    // A profile an earlier version left open is closed on the next run.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let listed = yatoken(&world, &["list"], "");
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let mode = std::fs::metadata(&data).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}

#[test]
fn control_characters_from_yandex_never_reach_the_terminal_raw() {
    let world = World::seeded();
    // A client's name as Direct sends it, with a title change, a bell and a screen clear.
    let hostile = "Evil\u{1b}]0;owned\u{7} Corp\u{1b}[2J\r";
    world.fake.add_user(UserSpec {
        display_name: hostile.into(),
        ..UserSpec::new("client-evil", UserKind::Advertiser)
    });
    world.fake.add_user(UserSpec::new(
        "agency-evil",
        UserKind::Agency {
            clients: vec!["client-evil".into()],
        },
    ));
    let added = yatoken(&world, &["app", "add", "--client-id", APP], "");
    assert_eq!(added.code, 0, "{}", added.stderr);
    let token = world
        .fake
        .issue_token("agency-evil", APP, None)
        .access_token;
    let imported = yatoken(&world, &["import", "--client-id", APP], &token);
    assert_eq!(imported.code, 0, "{}", imported.stderr);

    let clients = yatoken(&world, &["clients", "agency-evil", "--refresh"], "");
    assert_eq!(clients.code, 0, "{}", clients.stderr);
    assert!(clients.stdout.contains("Evil"), "{}", clients.stdout);
    for raw in ['\u{1b}', '\u{7}', '\r'] {
        assert!(
            !clients.stdout.contains(raw) && !clients.stderr.contains(raw),
            "{raw:?} reached the terminal: {:?}",
            clients.stdout
        );
    }
    assert!(
        clients.stdout.contains("\\u{1b}]0;owned"),
        "{}",
        clients.stdout
    );
    // Scripts still get the name as Yandex sent it, escaped the JSON way.
    let listed = json(&yatoken(&world, &["clients", "agency-evil", "--json"], ""));
    assert_eq!(listed[0]["name"], hostile);
}
