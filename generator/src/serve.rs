//! `sdkgen serve`: the fake server of a family, from its docs, on a local port.
//!
//! The family's IR is what the runtime's fake server reads (`api.json`), so serving the
//! docs directly and serving a generated crate's `api.json` behave the same.

use std::path::PathBuf;
use std::time::Duration;

use sdkgen_runtime::fake::{Failure, FakeServer, Faults};

use crate::cli::Io;
use crate::diag::{self, Diagnostic};
use crate::load;

/// Arguments of `sdkgen serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The family folder (with `family.yaml`; its `fake:` section shapes the data).
    pub path: PathBuf,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// The accepted PublicKey (default: derived from the seed).
    #[arg(long)]
    pub public_key: Option<String>,
    /// The private key signatures are checked with (default: derived from the seed).
    #[arg(long)]
    pub private_key: Option<String>,
    /// Another accepted key pair, `PUBLIC:PRIVATE` (repeatable): another account, with resources
    /// of its own.
    #[arg(long, value_name = "PUBLIC:PRIVATE", value_parser = parse_key_pair)]
    pub key_pair: Vec<(String, String)>,
    /// Seed of the synthesised data and of fault decisions.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// "Server start" in Unix seconds, that synthesised timestamps spread back from (default:
    /// the start of the current UTC day); pin it for answers that do not change with the date.
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub now: Option<i64>,
    /// List reads that show a created, started or stopped item in its transitional state
    /// (`Initializing`, `Stopping`) before it settles; 0 settles at once.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub settle_reads: u32,
    /// Take an id that names no item as an existing one instead of answering "not found"
    /// (for clients that send made-up ids).
    #[arg(long)]
    pub adopt_unknown_ids: bool,
    /// How long the temporary credentials `AssumeRole` mints stay valid, whatever the request's
    /// `DurationSeconds` asks (default: that, 900 to 3600, else 3600): short, to try a client's
    /// renewal and expiry.
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub credentials_lifetime: Option<u64>,
    /// Fault: delay every answer by this many milliseconds.
    #[arg(long, value_name = "MS")]
    pub latency_ms: Option<u64>,
    /// Fault: rate (0..1) of answers replaced by RetCode `--retcode`.
    #[arg(long, value_name = "RATE", default_value_t = 0.0)]
    pub retcode_rate: f64,
    /// RetCode injected by `--retcode-rate` (150 busy, 153 the other retryable one).
    #[arg(long, default_value_t = 150)]
    pub retcode: i64,
    /// Fault: rate (0..1) of answers replaced by HTTP `--http-status`.
    #[arg(long, value_name = "RATE", default_value_t = 0.0)]
    pub http_error_rate: f64,
    /// HTTP status injected by `--http-error-rate`.
    #[arg(long, default_value_t = 502)]
    pub http_status: u16,
    /// Fault: rate (0..1) of JSON bodies cut in half.
    #[arg(long, value_name = "RATE", default_value_t = 0.0)]
    pub truncate_rate: f64,
    /// Fault: rate (0..1) of JSON bodies made invalid.
    #[arg(long, value_name = "RATE", default_value_t = 0.0)]
    pub malformed_rate: f64,
    /// Fault: trickle every body over this many milliseconds.
    #[arg(long, value_name = "MS")]
    pub slow_body_ms: Option<u64>,
    /// Fault: the first N requests fail (see `--fail-first-with`), later ones do not.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub fail_first: u64,
    /// How the first requests fail: `http:503` or `retcode:153`.
    #[arg(long, value_name = "KIND:CODE", default_value = "http:503", value_parser = parse_failure)]
    pub fail_first_with: Failure,
}

fn parse_key_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once(':') {
        Some((public, private)) if !public.is_empty() && !private.is_empty() => {
            Ok((public.to_owned(), private.to_owned()))
        }
        _ => Err("expected PUBLIC:PRIVATE".into()),
    }
}

fn parse_failure(s: &str) -> Result<Failure, String> {
    let (kind, code) = s.split_once(':').ok_or("expected http:STATUS or retcode:CODE")?;
    match kind {
        "http" => code.parse().map(Failure::Http).map_err(|e| format!("bad status {code:?}: {e}")),
        "retcode" => code.parse().map(Failure::RetCode).map_err(|e| format!("bad RetCode {code:?}: {e}")),
        _ => Err(format!("unknown failure kind {kind:?}; use http or retcode")),
    }
}

impl ServeArgs {
    fn faults(&self) -> Faults {
        Faults {
            latency: self.latency_ms.map(Duration::from_millis),
            retcode_rate: self.retcode_rate,
            retcode: self.retcode,
            http_error_rate: self.http_error_rate,
            http_status: self.http_status,
            truncate_rate: self.truncate_rate,
            malformed_rate: self.malformed_rate,
            slow_body: self.slow_body_ms.map(Duration::from_millis),
            fail_first: self.fail_first,
            fail_first_with: self.fail_first_with,
        }
    }
}

/// Loads the family, starts its fake server, prints `BASE_URL=`, `PUBLIC_KEY=` and
/// `PRIVATE_KEY=` lines on standard output (shell-friendly) and serves until the process
/// is interrupted. Returns 1 when the family has errors or the server cannot start.
pub fn run(args: ServeArgs, io: &mut Io, color: bool) -> i32 {
    let loaded = load::load_path(&args.path);
    let errors: Vec<Diagnostic> = loaded.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
    if !errors.is_empty() {
        let _ = write!(io.err, "{}", diag::render(&errors, &loaded.sources, color));
        let _ = writeln!(io.err, "error: {} has errors; not serving it", args.path.display());
        return 1;
    }
    let Some(family) = loaded.family else {
        let _ = writeln!(io.err, "error: {} documents no API family", args.path.display());
        return 1;
    };
    let api_json = match serde_json::to_string(&family) {
        Ok(json) => json,
        Err(e) => {
            let _ = writeln!(io.err, "error: cannot serialise the IR: {e}");
            return 1;
        }
    };
    let mut builder = FakeServer::builder(&api_json)
        .seed(args.seed)
        .faults(args.faults())
        .settle_after_reads(args.settle_reads)
        .adopt_unknown_ids(args.adopt_unknown_ids)
        .bind(format!("{}:{}", args.host, args.port));
    for (public, private) in &args.key_pair {
        builder = builder.key_pair(public.clone(), private.clone());
    }
    if let Some(seconds) = args.credentials_lifetime {
        builder = builder.temporary_credentials_lifetime(std::time::Duration::from_secs(seconds));
    }
    if let Some(now) = args.now {
        builder = builder.now(now);
    }
    if let Some(k) = &args.public_key {
        builder = builder.public_key(k.clone());
    }
    if let Some(k) = &args.private_key {
        builder = builder.private_key(k.clone());
    }
    let server = match builder.start_blocking() {
        Ok(server) => server,
        Err(e) => {
            let _ = writeln!(io.err, "error: {e}");
            return 1;
        }
    };
    let _ = writeln!(io.out, "BASE_URL={}", server.base_url());
    let _ = writeln!(io.out, "PUBLIC_KEY={}", server.public_key());
    let _ = writeln!(io.out, "PRIVATE_KEY={}", server.private_key());
    let _ = io.out.flush();
    let _ = writeln!(
        io.err,
        "sdkgen serve: fake {} ({} actions) on {}; Ctrl-C to stop",
        family.config.name,
        family.actions.len(),
        server.base_url()
    );
    server.wait();
    0
}
