//! `fake-yandex`: the fake Yandex servers for a person, with a demo app and demo users.
//!
//! Run it alone to get the five `YATOKEN_*` URLs to export, or as
//! `fake-yandex -- <command> [args…]` to run YaToken (or anything) against it; the command
//! gets the variables, plus `YATOKEN_PROFILE=demo` unless that is already set, and the fake
//! exits with the command's status.

use std::process::{ExitCode, ExitStatus};

use fake_yandex::{AppSpec, FakeYandex, UserKind, UserSpec};

const DEMO_CLIENT_ID: &str = "4a1c0e5b7d2f49e8a6b3c9d0e1f2a3b4";
const DEMO_SECRET: &str = "d3m0c0ffee5ecre7d3m0c0ffee5ecre7";
const DEMO_SCOPES: &[&str] = &[
    "login:info",
    "login:email",
    "direct:api",
    "metrika:read",
    "courier:logistician",
];

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "-h" || a == "--help") {
        println!("usage: fake-yandex [-- <command> [args...]]");
        return ExitCode::SUCCESS;
    }
    if args.first().is_some_and(|a| a == "--") {
        args.remove(0);
    }

    let fake = FakeYandex::start();
    seed(&fake);
    print_summary(&fake);

    let Some((program, rest)) = args.split_first() else {
        println!("\nRunning until Ctrl-C.");
        wait_for_ctrl_c();
        return ExitCode::SUCCESS;
    };
    let mut command = tokio::process::Command::new(program);
    command.args(rest).envs(fake.env());
    if std::env::var_os("YATOKEN_PROFILE").is_none() {
        command.env("YATOKEN_PROFILE", "demo");
    }
    let status = match runtime().block_on(run(command)) {
        Ok(status) => status,
        Err(error) => {
            eprintln!("fake-yandex: cannot run {program}: {error}");
            return ExitCode::from(127);
        }
    };
    drop(fake);
    ExitCode::from(exit_code(status))
}

/// Waits for the command. Ctrl-C reaches the command too (same process group); the fake
/// keeps serving until the command has exited, so it can finish cleanly.
async fn run(mut command: tokio::process::Command) -> std::io::Result<ExitStatus> {
    let mut child = command.spawn()?;
    loop {
        tokio::select! {
            status = child.wait() => return status,
            _ = tokio::signal::ctrl_c() => {}
        }
    }
}

fn exit_code(status: ExitStatus) -> u8 {
    if let Some(code) = status.code() {
        return u8::try_from(code).unwrap_or(1);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return u8::try_from(128 + signal).unwrap_or(1);
        }
    }
    1
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

fn seed(fake: &FakeYandex) {
    fake.add_app(AppSpec::new(DEMO_CLIENT_ID, DEMO_SECRET, DEMO_SCOPES));
    fake.add_user(UserSpec {
        display_name: "Anna Advertiser".into(),
        courier_admin: true,
        ..UserSpec::new("demo-advertiser", UserKind::Advertiser)
    });
    fake.add_user(UserSpec {
        display_name: "Boris Assistant".into(),
        ..UserSpec::new(
            "demo-assistant",
            UserKind::AdvertiserRepresentative {
                advertiser: "demo-advertiser".into(),
            },
        )
    });
    fake.add_user(UserSpec {
        display_name: "Vera Agency".into(),
        ..UserSpec::new(
            "demo-agency",
            UserKind::Agency {
                clients: vec![
                    "demo-client-1".into(),
                    "demo-client-2".into(),
                    "demo-client-3".into(),
                ],
            },
        )
    });
    fake.set_client_archived("demo-client-3", true);
    fake.add_user(UserSpec {
        display_name: "Gleb Manager".into(),
        ..UserSpec::new(
            "demo-agency-manager",
            UserKind::AgencyRepresentative {
                agency: "demo-agency".into(),
            },
        )
    });
    fake.add_user(UserSpec {
        display_name: "Dina Reader".into(),
        metrika: false,
        ..UserSpec::new("demo-reader", UserKind::NoDirect)
    });
}

fn print_summary(fake: &FakeYandex) {
    println!("fake-yandex is running.\n");
    for (name, value) in fake.env() {
        println!("export {name}={value}");
    }
    println!("\nDemo app:  ClientID {DEMO_CLIENT_ID}");
    println!("           secret   {DEMO_SECRET}");
    println!("           rights   {}", DEMO_SCOPES.join(" "));
    println!("\nDemo logins (type one on the consent page):");
    println!("  demo-advertiser      advertiser, Track & Trace administrator");
    println!("  demo-assistant       representative of demo-advertiser");
    println!("  demo-agency          agency with clients demo-client-1..3 (3 archived)");
    println!("  demo-agency-manager  representative of demo-agency");
    println!("  demo-reader          no Direct account, no Metrica counters");
    println!(
        "\nTry: {}/authorize?response_type=token&client_id={DEMO_CLIENT_ID}&device_id=demo-device-1",
        fake.oauth_url()
    );
}

fn wait_for_ctrl_c() {
    let _ = runtime().block_on(tokio::signal::ctrl_c());
}
