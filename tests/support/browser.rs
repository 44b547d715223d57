//! The browser in the sign-in flows: a stand-in `xdg-open` that notes the pages the app opens,
//! what a browser does with an authorize address when the person allows access on the fake's
//! consent page, and reading the query of the address it lands on.

use super::world::World;

/// What a browser does with the authorize address `address` when `login` allows access on
/// the fake's consent page: the address Yandex redirects to (`verification_code?code=…&state=…`,
/// or a loopback one). Blocking HTTP on a thread of its own, so async tests may call it too.
pub fn allow_in_browser(fake: &fake_yandex::FakeYandex, address: &str, login: &str) -> url::Url {
    fake.next_sign_in(login, fake_yandex::Decision::Allow);
    let address = address.to_string();
    let location = std::thread::spawn(move || {
        let client = reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client");
        let answer = client
            .get(address)
            .send()
            .expect("the authorize page answers");
        assert_eq!(answer.status().as_u16(), 302, "the consent redirects");
        answer.headers()["location"]
            .to_str()
            .expect("a Location header")
            .to_string()
    })
    .join()
    .expect("the browser's request ran");
    url::Url::parse(&location).expect("the redirect is a URL")
}

/// The value of query parameter `name` in `url` (empty when absent).
pub fn query_param(url: &url::Url, name: &str) -> String {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// A stand-in for the system's `xdg-open` (the first launcher the opener tries): it notes what
/// it was asked to open instead of starting a browser on the test display.
pub struct Browser {
    bin: std::path::PathBuf,
    opened: std::path::PathBuf,
}

impl Browser {
    pub fn install(world: &World) -> Self {
        let bin = world.home.path().join("bin");
        std::fs::create_dir_all(&bin).expect("a bin directory");
        let opened = world.home.path().join("opened.txt");
        let script = bin.join("xdg-open");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
                opened.display()
            ),
        )
        .expect("write the stand-in xdg-open");
        let chmod = std::process::Command::new("chmod")
            .arg("+x")
            .arg(&script)
            .status();
        assert!(chmod.expect("chmod runs").success());
        Self { bin, opened }
    }

    pub fn env(&self, world: &World) -> Vec<(String, String)> {
        let mut env = world.env();
        let path = std::env::var("PATH").unwrap_or_default();
        env.push(("PATH".into(), format!("{}:{path}", self.bin.display())));
        env
    }

    pub fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(&self.opened)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// The `count`th address the app opened, once it has.
    pub async fn nth_opened(&self, count: usize) -> url::Url {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while self.opened().len() < count {
            assert!(
                std::time::Instant::now() < deadline,
                "the app opened {:?}, not {count} pages",
                self.opened()
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        url::Url::parse(&self.opened()[count - 1]).expect("the app opened a URL")
    }
}
