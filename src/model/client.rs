//! Which client sent the request, read from what it says about itself
//! (`User-Agent`, `x-amz-user-agent`). Used where the client's identity
//! changes what is plausible: the AWS SDKs' S3 signers encode keys by S3's
//! rules, hand-made and generic signers often do not.

use super::exchange::Exchange;

/// User-agent prefixes of signers that canonicalize S3 keys by S3's rules
/// (each path segment percent-encoded once, the unreserved set kept).
const S3_AWARE_SIGNERS: &[(&str, &str)] = &[
    ("boto3/", "boto3"),
    ("botocore/", "botocore"),
    ("aws-cli/", "the AWS CLI"),
    ("aws-sdk-js/", "the AWS SDK for JavaScript"),
    ("aws-sdk-go/", "the AWS SDK for Go"),
    ("aws-sdk-go-v2/", "the AWS SDK for Go v2"),
    ("aws-sdk-java/", "the AWS SDK for Java"),
    ("aws-sdk-rust/", "the AWS SDK for Rust"),
    ("aws-sdk-dotnet", "the AWS SDK for .NET"),
    ("aws-sdk-php/", "the AWS SDK for PHP"),
    ("aws-sdk-ruby", "the AWS SDK for Ruby"),
    ("minio (", "a MinIO SDK"),
];

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
    agents.iter().find_map(|ua| {
        let ua = ua.trim().to_ascii_lowercase();
        S3_AWARE_SIGNERS
            .iter()
            .find(|(prefix, _)| ua.starts_with(prefix))
            .map(|(_, name)| *name)
    })
}

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
    let ua = ex
        .request
        .as_ref()?
        .http
        .header("user-agent")?
        .trim()
        .to_ascii_lowercase();
    [
        ("curl/", ClientKind::Curl),
        ("boto3/", ClientKind::Botocore),
        ("botocore/", ClientKind::Botocore),
        ("aws-cli/", ClientKind::Botocore),
        ("aws-sdk-js", ClientKind::JavaScript),
        ("aws-sdk-go", ClientKind::Go),
        ("aws-sdk-java", ClientKind::Java),
        ("aws-sdk-rust", ClientKind::Rust),
    ]
    .iter()
    .find(|(prefix, _)| ua.starts_with(prefix))
    .map(|(_, k)| *k)
}
