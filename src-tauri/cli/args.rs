//! The command line's definitions: its commands, options and help texts, and nothing else.
//!
//! This file depends on `clap` alone, so that `build.rs` can include it and generate the man
//! pages and shell completions from the same definitions the binary parses with. It must never
//! use the rest of the crate.

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "yatoken",
    version,
    about = "Yandex OAuth tokens from the system keychain, for people and scripts.",
    long_about = "Yandex OAuth tokens from the system keychain, for people and scripts.\n\n\
        Without a subcommand, yatoken opens its window. With one, it runs headless on the same \
        accounts. Secrets are read from standard input, never from arguments.",
    after_help = "Exit codes: 0 success; 1 a test ran and not every token is valid; \
        2 bad usage or configuration; 3 no such account, or an ambiguous one; \
        4 Yandex refused or it cannot be done; 5 could not finish (network, keychain, files).\n\
        ACCOUNT is a login when it is unambiguous, otherwise the account id (see `yatoken list`)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Manage the Yandex OAuth apps tokens are issued to.
    #[command(subcommand)]
    App(AppCommand),
    /// Store a token obtained elsewhere: one token on standard input, verified with Yandex first.
    Import {
        /// The ClientID of the app the token was issued to (32 hex characters).
        #[arg(long)]
        client_id: String,
        /// The account's role in Yandex Direct.
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
    },
    /// Sign in and store the account, headless (over SSH too): confirm a code in any browser,
    /// or sign in in a browser and paste the code back.
    Login {
        /// The ClientID of the app to sign in through (see `yatoken app add`); signing in with
        /// a code needs the app's client secret.
        #[arg(long)]
        client_id: String,
        /// With a code shown here and confirmed on Yandex's device page (the default).
        #[arg(long, conflicts_with = "browser")]
        device: bool,
        /// In a browser: open the printed address, sign in, then paste the code Yandex shows
        /// (or the whole address from the address bar) on standard input.
        #[arg(long)]
        browser: bool,
        /// With --browser: the app's loopback Redirect URI (http://127.0.0.1:PORT/PATH,
        /// registered for the app), where YaToken catches the browser's answer itself.
        #[arg(long, value_name = "URL", requires = "browser")]
        redirect_uri: Option<String>,
        /// The login you expect; a token of another login is kept only if you say so.
        #[arg(long, value_name = "LOGIN")]
        login_hint: Option<String>,
        /// The account's role in Yandex Direct.
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// List the accounts (never a token).
    List(JsonFlag),
    /// Print an account's access token alone on standard output, for scripts.
    Token {
        /// Login or account id.
        account: String,
    },
    /// Test tokens with Yandex; exit 0 only if every tested token is valid.
    Test {
        /// Logins or account ids.
        accounts: Vec<String>,
        /// Test every account.
        #[arg(long, conflicts_with_all = ["accounts", "client"])]
        all: bool,
        /// For one agency account: test Direct for this client of the agency (Client-Login).
        #[arg(long, value_name = "LOGIN")]
        client: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// An agency account's clients (AgencyClients.get), and the client it acts for.
    Clients {
        /// Login or account id of an agency representative.
        account: String,
        /// Ask Direct for the list again (otherwise the stored list, fetched when there is none).
        #[arg(long)]
        refresh: bool,
        /// Make this client the active one (the Client-Login of Copy → Direct headers).
        #[arg(long = "use", value_name = "LOGIN")]
        use_client: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Revoke the token at Yandex, then remove the account. Removes nothing when that fails.
    Revoke {
        /// Login or account id.
        account: String,
    },
    /// Remove the account from this computer; the token stays valid at Yandex.
    Forget {
        /// Login or account id.
        account: String,
    },
    /// Get a new token with the account's refresh token.
    Refresh {
        /// Login or account id.
        account: String,
    },
    /// Show the audit log: what happened to which account, and when.
    Audit {
        /// Print CSV instead of a table.
        #[arg(long)]
        csv: bool,
    },
}

#[derive(Subcommand)]
pub enum AppCommand {
    /// Add a Yandex OAuth app.
    Add {
        /// Its ClientID (32 hex characters).
        #[arg(long)]
        client_id: String,
        /// A name for you.
        #[arg(long, default_value = "")]
        name: String,
        /// The rights it was registered with, space-separated (e.g. "login:info direct:api").
        #[arg(long, default_value = "login:info direct:api")]
        scope: String,
        /// Read the client secret from standard input.
        #[arg(long)]
        secret_stdin: bool,
        /// Which Yandex OAuth host signs in through this app.
        #[arg(long, value_enum, default_value = "com")]
        host: HostArg,
        /// How the window signs in through it.
        #[arg(long, value_enum, default_value = "code")]
        flow: FlowArg,
    },
    /// List the apps.
    List(JsonFlag),
}

#[derive(Args)]
pub struct JsonFlag {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Advertiser,
    AdvertiserRepresentative,
    AgencyRepresentative,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum HostArg {
    Com,
    Ru,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FlowArg {
    Token,
    Code,
}
