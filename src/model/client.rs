//! Which client sent the request, read from what it says about itself
//! (`User-Agent`, `x-amz-user-agent`). Used where the client's identity
//! changes what is plausible (the AWS SDKs' S3 signers encode keys by S3's
//! rules, hand-made and generic signers often do not) and for advice that
//! fits the client.

use super::exchange::Exchange;

/// The kind of client an input came from, for advice that fits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    Curl,
    Botocore,
    JavaScript,
    Go,
    Java,
    Rust,
}

/// A client as its user agent names it.
struct Agent {
    /// How the (lower-cased) user agent starts.
    prefix: &'static str,
    name: &'static str,
    kind: Option<ClientKind>,
    /// Canonicalizes S3 keys by S3's rules (each path segment
    /// percent-encoded once, the unreserved set kept).
    s3_aware: bool,
}

const AGENTS: &[Agent] = &[
    agent("curl/", "curl", Some(ClientKind::Curl), false),
    agent("boto3/", "boto3", Some(ClientKind::Botocore), true),
    agent("botocore/", "botocore", Some(ClientKind::Botocore), true),
    agent("aws-cli/", "the AWS CLI", Some(ClientKind::Botocore), true),
    agent(
        "aws-sdk-js/",
        "the AWS SDK for JavaScript",
        Some(ClientKind::JavaScript),
        true,
    ),
    agent(
        "aws-sdk-go/",
        "the AWS SDK for Go",
        Some(ClientKind::Go),
        true,
    ),
    agent(
        "aws-sdk-go-v2/",
        "the AWS SDK for Go v2",
        Some(ClientKind::Go),
        true,
    ),
    agent(
        "aws-sdk-java/",
        "the AWS SDK for Java",
        Some(ClientKind::Java),
        true,
    ),
    agent(
        "aws-sdk-rust/",
        "the AWS SDK for Rust",
        Some(ClientKind::Rust),
        true,
    ),
    agent("aws-sdk-dotnet", "the AWS SDK for .NET", None, true),
    agent("aws-sdk-php/", "the AWS SDK for PHP", None, true),
    agent("aws-sdk-ruby", "the AWS SDK for Ruby", None, true),
    agent("minio (", "a MinIO SDK", None, true),
];

const fn agent(
    prefix: &'static str,
    name: &'static str,
    kind: Option<ClientKind>,
    s3_aware: bool,
) -> Agent {
    Agent {
        prefix,
        name,
        kind,
        s3_aware,
    }
}

fn agent_of(user_agent: &str) -> Option<&'static Agent> {
    let ua = user_agent.trim().to_ascii_lowercase();
    AGENTS.iter().find(|a| ua.starts_with(a.prefix))
}

/// The S3 SDK that signed the request, when its user agent names one: on
/// the wire, or signed into either side's canonical request.
pub fn s3_aware_signer(ex: &Exchange) -> Option<&'static str> {
    let mut agents: Vec<String> = Vec::new();
    if let Some(req) = &ex.request {
        for h in ["x-amz-user-agent", "user-agent"] {
            agents.extend(req.http.header(h).map(str::to_string));
        }
    }
    let texts = [
        ex.server
            .as_ref()
            .and_then(|s| s.canonical_request.as_deref()),
        ex.client
            .as_ref()
            .and_then(|c| c.canonical_request.as_deref()),
    ];
    for text in texts.into_iter().flatten() {
        for line in text.lines() {
            for h in ["x-amz-user-agent:", "user-agent:"] {
                if let Some(v) = line.strip_prefix(h) {
                    agents.push(v.to_string());
                }
            }
        }
    }
    agents
        .iter()
        .filter_map(|ua| agent_of(ua))
        .find(|a| a.s3_aware)
        .map(|a| a.name)
}

/// Which client produced the inputs: the format of a client-side input
/// (a curl transcript, a botocore log, a Node error), else the user agent.
pub fn kind(ex: &Exchange) -> Option<ClientKind> {
    for source in &ex.sources {
        match source.format.as_str() {
            "curl-verbose" | "curl-trace" | "curl-command" => return Some(ClientKind::Curl),
            "botocore-log" => return Some(ClientKind::Botocore),
            "js-error" => return Some(ClientKind::JavaScript),
            _ => {}
        }
    }
    agent_of(ex.request.as_ref()?.http.header("user-agent")?)?.kind
}
