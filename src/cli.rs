//! Every command-line flag, defined once (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::input::Format;

const ABOUT: &str = "Explains why S3 rejected a request with SignatureDoesNotMatch.";

const LONG_ABOUT: &str = "Explains why S3 (or MinIO, Garage, Ceph, R2, …) rejected a request with \
SignatureDoesNotMatch: it recomputes the client's signing, diffs the canonical requests line by \
line, and names the cause with its evidence and fix.";

const AFTER_HELP: &str = "\
Examples:
  s3sigdiag explain error.xml                       # an S3 error body
  s3sigdiag explain error.xml --request req.http    # plus the request as sent
  curl -v ... 2>&1 | s3sigdiag explain -            # from stdin
  s3sigdiag sign --method GET --url https://examplebucket.s3.amazonaws.com/test.txt
  s3sigdiag rules                                   # every cause it knows
  s3sigdiag replay --endpoint http://127.0.0.1:9000 --bucket my-bucket --key 'a==.json'
  s3sigdiag probe --endpoint http://127.0.0.1:9000 --bucket my-bucket
  s3sigdiag completions bash > ~/.local/share/bash-completion/completions/s3sigdiag
  s3sigdiag man explain | man -l -                  # a subcommand's man page

Exit codes: 0 no mismatch found, 1 a mismatch was diagnosed, 2 bad input or usage, 3 network or
server error. Under `set -e`, accept 1 and still stop on the others:
  s3sigdiag explain error.xml || [ $? -eq 1 ]";

/// `--version`: the package version plus the git commit when the build had
/// one (see build.rs). `-V` and generated files use the plain version.
const LONG_VERSION: &str = env!("S3SIGDIAG_LONG_VERSION");

#[derive(Debug, Parser)]
#[command(
    name = "s3sigdiag",
    version,
    long_version = LONG_VERSION,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Diagnose a failed request from what you have (error body, request, canonical text).
    #[command(after_help = EXPLAIN_SHORT_HELP, after_long_help = explain_help())]
    Explain(ExplainArgs),
    /// Print the canonical request, string to sign and signature for a request.
    #[command(after_help = SIGN_SHORT_HELP, after_long_help = SIGN_HELP)]
    Sign(SignArgs),
    /// List every rule (cause) the diagnosis knows, grouped by category.
    #[command(
        after_help = "Examples:\n  s3sigdiag rules\n  s3sigdiag rules --format json | jq -r '.[] | select(.category == \"headers\") | .id'"
    )]
    Rules(RulesArgs),
    /// Print the documentation of one rule (any case; `_` for `-`; suggests the nearest ids).
    #[command(after_help = "Example:\n  s3sigdiag rule uri-encoding")]
    Rule(RuleArgs),
    /// Sign a request (optionally with an emulated client bug), send it to a
    /// real S3 server and explain the answer.
    #[command(after_help = REPLAY_SHORT_HELP, after_long_help = with_credentials(REPLAY_HELP))]
    Replay(ReplayArgs),
    /// Find out how a server canonicalizes odd keys: a matrix of key shapes ×
    /// encodings × header/presigned forms, accepted or rejected.
    #[command(after_help = PROBE_SHORT_HELP, after_long_help = with_credentials(PROBE_HELP))]
    Probe(ProbeArgs),
    /// Print a shell completion script to stdout.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Print the man page (roff) of s3sigdiag or of one subcommand to stdout.
    #[command(
        after_help = "The same pages are committed under man/ for packagers.\n\nExamples:\n  s3sigdiag man | man -l -\n  s3sigdiag man replay | man -l -"
    )]
    Man(ManArgs),
}

const CREDENTIALS_HELP: &str = "\
Credentials and settings are read the way the AWS CLI reads them: --profile or AWS_PROFILE,
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, ~/.aws/credentials and
~/.aws/config (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE), region from --region,
AWS_REGION, AWS_DEFAULT_REGION or the profile, endpoint from --endpoint, AWS_ENDPOINT_URL_S3,
AWS_ENDPOINT_URL or the profile's endpoint_url. The secret is never printed.";

/// `--help` (long) for replay and probe: their examples, then where
/// credentials come from. (A struct-level after_long_help would replace the
/// examples in `--help` rather than add to them.)
fn with_credentials(help: &str) -> String {
    format!("{CREDENTIALS_HELP}\n\n{help}")
}

/// `replay -h`: the examples; `--help` adds emulations and credentials.
const REPLAY_SHORT_HELP: &str = "\
Examples:
  s3sigdiag replay --endpoint http://127.0.0.1:9000 --bucket my-bucket --key 'a==.json'
  s3sigdiag replay --endpoint http://127.0.0.1:3900 --region garage --bucket my-bucket \\
      --key 'a==.json' --emulate sign-encoded-send-raw

Exit codes: 0 accepted (or tolerated), 1 rejected (diagnosed), 2 usage, 3 network or non-S3 answer.
`s3sigdiag replay --help` lists the emulations and where credentials come from.";

/// `probe -h`: the examples; `--help` adds the cells and credentials.
const PROBE_SHORT_HELP: &str = "\
Writes, then deletes, small objects under s3sigdiag-probe-<time>-<pid>/: use a bucket you may
write to.

Examples:
  s3sigdiag probe --endpoint http://127.0.0.1:9000 --bucket my-bucket
`s3sigdiag probe --help` explains the cells, the exit codes and where credentials come from.";

const REPLAY_HELP: &str = "\
Emulations (--emulate, repeatable; at most one that changes the key's spelling):
  sign-encoded-send-raw   sign a%3D%3D.json, send a==.json
  sign-raw-send-encoded   sign a==.json, send a%3D%3D.json
  plus-for-space          sign %20, send + (form encoding)
  double-encode           sign %253D (a generic SigV4 signer), send %3D
  normalize-path          sign the path with // . .. removed, send it as written
  sign-transfer-encoding  sign transfer-encoding: chunked, send without it
  unsigned-x-amz-header   send x-amz-meta-s3sigdiag without signing it
  skew=+20m               sign with a clock 20 minutes ahead (s, m, h)
  region=NAME             sign with another region in the scope
A server that accepts an emulated bug is reported as tolerating it (AWS's behaviour is shown).

Exit codes: 0 accepted (or tolerated), 1 rejected (diagnosed), 2 usage, 3 network or non-S3 answer,
or an error that does not prove the signature was checked (not verified).

Examples:
  s3sigdiag replay --endpoint http://127.0.0.1:9000 --bucket my-bucket --key 'a==.json'
  s3sigdiag replay --endpoint http://127.0.0.1:3900 --region garage --bucket my-bucket \\
      --key 'a==.json' --emulate sign-encoded-send-raw
  s3sigdiag replay --profile dev --bucket my-bucket --key k --method PUT --body ./file --dry-run

Bucket names are checked first (3-63 characters: lowercase letters, digits, dots, hyphens;
a letter or digit at each end; not an IP address): an invalid one is exit 2, nothing sent.";

const PROBE_HELP: &str = "\
Writes small objects under a fresh prefix (s3sigdiag-probe-<time>-<pid>/), one per cell, and
deletes every object it wrote. Cells: ok (accepted and stored under the intended key),
ok~ (accepted, stored under another key), 403 CODE (signature refused), other statuses as
they came. Progress goes to stderr on a terminal.

Exit codes: 0 matrix printed, 1 a correctly signed PUT was refused (run replay for why),
2 usage, 3 network error or a non-S3 answer.

Examples:
  s3sigdiag probe --endpoint http://127.0.0.1:9000 --bucket my-bucket
  s3sigdiag probe --endpoint http://127.0.0.1:3900 --region garage --bucket my-bucket \\
      --format json";

const COMPLETIONS_HELP: &str = "\
The same scripts are committed under completions/ for packagers.

Examples:
  s3sigdiag completions bash > ~/.local/share/bash-completion/completions/s3sigdiag
  s3sigdiag completions zsh > ~/.zfunc/_s3sigdiag     # with fpath+=(~/.zfunc) in .zshrc
  s3sigdiag completions fish > ~/.config/fish/completions/s3sigdiag.fish
  s3sigdiag completions powershell >> $PROFILE";

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A subcommand: print its page (s3sigdiag-SUBCOMMAND(1)) instead of the main one.
    #[arg(value_name = "SUBCOMMAND")]
    pub subcommand: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The explain help, with the accepted input formats listed from the
/// [`Format`] enum itself (names and doc comments), so it cannot drift.
fn explain_help() -> String {
    let mut out =
        String::from("Accepted inputs (detected automatically; --input-format overrides):\n");
    let formats: Vec<(String, String)> = Format::value_variants()
        .iter()
        .filter_map(|f| f.to_possible_value())
        .map(|v| {
            let help = v.get_help().map(|h| h.to_string()).unwrap_or_default();
            (v.get_name().to_string(), help)
        })
        .collect();
    let width = formats.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, help) in &formats {
        let first = format!("  {name:width$}  ");
        let indent = " ".repeat(first.len());
        out.push_str(&crate::render::wrap::wrap(
            help, &first, &indent, HELP_WIDTH,
        ));
    }
    out.push_str(EXPLAIN_EXAMPLES);
    out
}

/// `explain -h`: a screenful; `--help` adds the input formats and the rest.
const EXPLAIN_SHORT_HELP: &str = "\
Examples:
  s3sigdiag explain error.xml --request request.http
  curl -v --aws-sigv4 aws:amz:us-east-1:s3 --user \"$AK:$SK\" … 2>&1 | s3sigdiag explain -
  s3sigdiag explain --format json error.xml | jq .findings[0].rule

Exit codes: 0 no mismatch, 1 a mismatch was diagnosed, 2 bad input or usage.
`s3sigdiag explain --help` lists every input format and how the secret key proves a cause.";

/// Columns the hand-written help text is wrapped to.
const HELP_WIDTH: usize = 100;

const EXPLAIN_EXAMPLES: &str = "
Several inputs are merged into one picture (`explain error.xml req.http`); `-` reads stdin.
Inputs over 16 MiB are refused.

Output formats (--format): human (default), json (schema/report.v1.json), github (GitHub
Actions annotations, plus a job summary when GITHUB_STEP_SUMMARY is set), junit (one testcase per
rule). Exit codes: 0 no mismatch, 1 a mismatch was diagnosed, 2 bad input or usage.

With the secret key (--secret-key-file, AWS_SECRET_ACCESS_KEY, or --profile / AWS_PROFILE from
~/.aws/credentials) the cause is proved, not guessed: the server's StringToSign, the client's
canonical request and the request as sent are re-signed and compared with the signature the
client sent; if none matches, a forensic search tries single changes, then pairs, then triples
(path/query encodings, signed headers, method, payload hash, region, service, dates, secret
whitespace) until one reproduces the signature. The secret is never printed. A secret whose
access key differs from the request's is not used.

Examples:
  s3sigdiag explain fixtures/uri-encoding-equals-seed/error.xml \\
      --request fixtures/uri-encoding-equals-seed/request.http
  curl -v --aws-sigv4 aws:amz:us-east-1:s3 --user \"$AK:$SK\" … 2>&1 | s3sigdiag explain -
  s3sigdiag explain 'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=…&X-Amz-Signature=…'
  s3sigdiag explain --format json error.xml | jq .findings[0].rule
  curl -sS --fail-with-body --aws-sigv4 … > resp.txt ||
      s3sigdiag explain --format github - < resp.txt

  s3sigdiag explain request.http error.xml --secret-key-file ~/.s3-secret
  AWS_PROFILE=minio s3sigdiag explain request.http --all --max-hypotheses 20000000";

/// `sign -h`: the example; `--help` adds where the secret comes from and
/// how headers are taken.
const SIGN_SHORT_HELP: &str = "\
Example (AWS's documented GET example; prints signature f0e8bdb8…):
  AWS_SECRET_ACCESS_KEY=… s3sigdiag sign --method GET \\
      --url https://examplebucket.s3.amazonaws.com/test.txt -H 'Range: bytes=0-9' \\
      --region us-east-1 --date 20130524T000000Z --access-key AKIAIOSFODNN7EXAMPLE
`s3sigdiag sign --help` says where the secret comes from and how -H headers are taken.";

const SIGN_HELP: &str = "\
The secret key is read from --secret-key-file, AWS_SECRET_ACCESS_KEY or the profile, never
from a flag value (flags end up in shell history). It is never printed. Without a secret the
canonical request and string to sign are still printed.

A -H header that sign also sets (host, x-amz-date, x-amz-content-sha256) replaces the generated
one and a `note:` says so; -H x-amz-date that disagrees with --date is exit 2; Authorization and
X-Amz-Signature cannot be signed (exit 2).

Examples:
  AWS_SECRET_ACCESS_KEY=… s3sigdiag sign --method GET \\
      --url https://examplebucket.s3.amazonaws.com/test.txt -H 'Range: bytes=0-9' \\
      --region us-east-1 --date 20130524T000000Z --access-key AKIAIOSFODNN7EXAMPLE
  s3sigdiag sign --presign --expires 86400 --url … --secret-key-file ~/.secret";

/// When to colour output: the renderers' setting, offered as a flag.
pub use crate::render::ColorChoice;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

/// What `explain` can print; the CI formats make sense only for a diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// For a terminal: the answer, its evidence, its fix, the diff.
    Human,
    /// The report as JSON, described by schema/report.v1.json.
    Json,
    /// GitHub Actions workflow commands (`::error …`) and a job summary.
    Github,
    /// A JUnit XML test suite: one testcase per rule.
    Junit,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Input files (`-` for stdin) or a presigned URL: error body, curl -v, a log, HAR, request.
    ///
    /// Input files (`-` for stdin): error body, curl -v output, SDK log, HAR, raw
    /// request, canonical text; or a presigned URL given directly.
    // Paths are taken as the OS gives them (non-UTF-8 names included).
    #[arg(required = true, value_name = "FILE|URL")]
    pub inputs: Vec<std::ffi::OsString>,

    /// The client's side: a raw HTTP request or the client's canonical request text.
    #[arg(long, value_name = "FILE")]
    pub request: Option<std::ffi::OsString>,

    /// Skip detection and read every input as this format (see "Accepted inputs" in --help).
    #[arg(long, value_enum, value_name = "FORMAT", hide_possible_values = true)]
    pub input_format: Option<Format>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
    pub format: ExplainFormat,

    /// Show everything checked, every diff line and every finding's evidence.
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,

    /// Print only the verdict line.
    #[arg(short, long)]
    pub quiet: bool,

    /// Judge a presigned URL's expiry as of this time instead of the system clock.
    ///
    /// Judge a presigned URL's expiry as of this time (`YYYYMMDDTHHMMSSZ` or RFC 3339)
    /// instead of the system clock: makes a report reproducible.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,

    /// Prove the cause with this secret key (first line of FILE; never printed).
    #[arg(long, value_name = "FILE", conflicts_with = "profile")]
    pub secret_key_file: Option<PathBuf>,

    /// Take the access key and secret from this profile of ~/.aws/credentials or ~/.aws/config.
    #[arg(long, value_name = "NAME", env = "AWS_PROFILE")]
    pub profile: Option<String>,

    /// Stop the forensic search after this many hypotheses.
    #[arg(long, value_name = "N", default_value_t = crate::forensics::DEFAULT_MAX_HYPOTHESES)]
    pub max_hypotheses: u64,

    /// Report every hypothesis that reproduces the signature, not just the first.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PathModeArg {
    /// S3: decode the path, encode each segment once, no normalization.
    S3,
    /// Sign the path exactly as written in the URL.
    AsGiven,
    /// Other AWS services: normalize, then encode again.
    Generic,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// The HTTP method.
    #[arg(long, default_value = "GET")]
    pub method: String,

    /// The full URL (`https://bucket.s3.amazonaws.com/key?query`).
    #[arg(long)]
    pub url: String,

    /// A header to send and sign, `Name: value` (repeatable; replaces a generated one).
    ///
    /// A header to send and sign, `Name: value` (repeatable); it replaces the header of the same
    /// name s3sigdiag would set (host, x-amz-date, x-amz-content-sha256).
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Region for the scope (default: AWS_REGION, the profile's, or us-east-1).
    #[arg(long, env = "AWS_REGION")]
    pub region: Option<String>,

    /// Service for the scope (s3 also signs x-amz-content-sha256 and encodes the path as S3 does).
    #[arg(long, default_value = "s3")]
    pub service: String,

    /// Request time `YYYYMMDDTHHMMSSZ` (default: -H x-amz-date, else now).
    #[arg(long)]
    pub date: Option<String>,

    #[command(flatten)]
    pub credentials: CredentialArgs,

    /// Payload hash to sign (hex SHA-256, UNSIGNED-PAYLOAD, STREAMING-…).
    #[arg(long, conflicts_with = "body")]
    pub payload_hash: Option<String>,

    /// Hash this file as the body.
    #[arg(long, value_name = "FILE")]
    pub body: Option<PathBuf>,

    /// How the path becomes the canonical URI (default: s3 for service s3, else generic).
    #[arg(long, value_enum)]
    pub path_mode: Option<PathModeArg>,

    /// Produce a presigned URL instead of an Authorization header.
    #[arg(long)]
    pub presign: bool,

    /// Lifetime of a presigned URL in seconds.
    #[arg(long, default_value_t = 3600, requires = "presign")]
    pub expires: u64,

    /// Output format: human (default) or json.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

/// The same credential flags on sign, replay and probe.
#[derive(Debug, Args)]
pub struct CredentialArgs {
    /// The access key id (default: AWS_ACCESS_KEY_ID, else the profile's).
    ///
    /// The access key id (default: AWS_ACCESS_KEY_ID, else the profile's; sign alone falls back to
    /// AWS's example key AKIAIOSFODNN7EXAMPLE and says so).
    #[arg(long, value_name = "ID")]
    pub access_key: Option<String>,

    /// Read the secret key from this file (default: AWS_SECRET_ACCESS_KEY, else the profile's).
    ///
    /// Read the secret key from this file (first line; a trailing newline is dropped; never
    /// printed). Default: AWS_SECRET_ACCESS_KEY, else the profile's.
    #[arg(long, value_name = "FILE", conflicts_with = "profile")]
    pub secret_key_file: Option<PathBuf>,

    /// An AWS profile from ~/.aws/credentials or ~/.aws/config.
    ///
    /// An AWS profile from ~/.aws/credentials or ~/.aws/config (default: AWS_PROFILE, else
    /// `default`).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
}

/// Where the server is and how to reach it; shared by replay and probe.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// The S3 endpoint, `http(s)://host[:port]` (default: AWS_ENDPOINT_URL_S3 or the profile's endpoint_url).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,

    /// The bucket (checked locally against S3's naming rules before anything is sent).
    #[arg(long, value_name = "BUCKET")]
    pub bucket: String,

    /// Region for the scope (default: AWS_REGION, the profile, the endpoint's, or us-east-1).
    #[arg(long)]
    pub region: Option<String>,

    /// Address the bucket in the path: http://host/bucket/key (default except for *.amazonaws.com).
    #[arg(long, conflicts_with = "virtual_host")]
    pub path_style: bool,

    /// Address the bucket in the host name: http://bucket.host/key.
    #[arg(long)]
    pub virtual_host: bool,

    #[command(flatten)]
    pub credentials: CredentialArgs,

    /// Accept any TLS certificate (self-signed test servers only).
    #[arg(long)]
    pub insecure: bool,

    /// Seconds to wait for connecting and for each answer.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    pub timeout: f64,

    /// Output format: human (default) or json (schema/replay.v1.json, schema/probe.v1.json).
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    #[command(flatten)]
    pub server: ServerArgs,

    /// The object key as you mean it (unencoded: `a==.json`, `my file.txt`).
    #[arg(long, value_name = "KEY")]
    pub key: String,

    /// GET, PUT, HEAD or DELETE (default: PUT with --body, else GET).
    #[arg(long, value_parser = ["GET", "PUT", "HEAD", "DELETE"], ignore_case = true)]
    pub method: Option<String>,

    /// Send this file as the body.
    #[arg(long, value_name = "FILE")]
    pub body: Option<PathBuf>,

    /// A header to send and sign, `Name: value` (repeatable; replaces a generated one).
    ///
    /// A header to send and sign, `Name: value` (repeatable); it replaces the header of the same
    /// name replay would set (host, x-amz-date, x-amz-content-sha256, …), and the run says so.
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Sign as a presigned URL (query parameters) instead of an Authorization header.
    #[arg(long)]
    pub presign: bool,

    /// Lifetime of the presigned URL in seconds.
    #[arg(long, default_value_t = 900, requires = "presign")]
    pub expires: u64,

    /// Reproduce a known client bug (repeatable); see the list below.
    #[arg(long, value_name = "STYLE")]
    pub emulate: Vec<String>,

    /// Print the exact request that would be sent, and what was signed; send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ProbeArgs {
    #[command(flatten)]
    pub server: ServerArgs,

    /// Only the header-signed form (skip presigned URLs).
    #[arg(long)]
    pub header_only: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format: human (default) or json (an array of {id, title, category, needs}).
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A rule id, as listed by `s3sigdiag rules`.
    pub id: String,
}
