//! What would let the tool say more, fitted to what the user gave.

use crate::model::client::ClientKind;
use crate::model::dialect;
use crate::model::exchange::Exchange;
use crate::report::{Confidence, Finding};
use crate::rules::Context;

/// What would let the tool say more: one hint per missing input, each
/// with the commands that produce it.
pub(super) fn hints(ex: &Exchange, cx: &Context<'_>, findings: &[Finding]) -> Vec<String> {
    let mut out = Vec::new();
    if findings
        .first()
        .is_some_and(|f| f.confidence == Confidence::Confirmed)
    {
        return out;
    }
    if ex.server.is_none() {
        out.push("add the server's error body: `curl -s -o error.xml …` (or the SDK exception's response body: boto3 `e.response`, AWS CLI `--debug` prints it), then `s3sigdiag explain error.xml …`".into());
    }
    if ex.request.is_none() {
        out.push("add the request as it was sent: `curl -v … 2>&1 | tee curl-v.txt`, or record it (`nc -l 127.0.0.1 9000 > request.http` and point the client's endpoint there), then `--request request.http`".into());
    }
    // Canonical requests only matter for a signature refusal (or when the
    // refusal is not known yet); a skewed clock or an expired URL is
    // refused before any signature is compared.
    let about_signature = ex.server.is_none() || cx.has_signature_failure();
    if ex.client.is_none() && about_signature {
        out.push(canonical_request_hint(crate::model::client::kind(ex)).into());
    }
    // The assumption behind a recomputed server side matters whenever a
    // diff built on it is shown.
    let diff_shown = cx.analysis.differences().next().is_some();
    if (about_signature || diff_shown)
        && ex.server.is_some()
        && ex.request.is_some()
        && !cx.server_reported()
    {
        let dialect = cx.dialect.as_ref().map(|d| d.dialect);
        let who = dialect.map_or("this server", |d| d.name());
        // Only AWS puts its canonical request in the body; for any other
        // server the secret is the way to settle what the client signed.
        // A server's own log at a higher level prints what it verified.
        let from_log = ex.server_software.is_some();
        let settle = if from_log && dialect == Some(dialect::Dialect::Garage) {
            "Garage logs it at TRACE: run the server with RUST_LOG=garage=info,garage_api_common=debug,garage_api_common::signature=trace and pass that log"
        } else if from_log && dialect == Some(dialect::Dialect::CephRgw) {
            "RGW logs it at debug_rgw = 10 (20 adds the request headers): raise it (`ceph config set client.rgw debug_rgw 20`) and pass that log"
        } else if dialect.is_some_and(|d| d != dialect::Dialect::Aws) {
            "with the secret key (--secret-key-file, AWS_SECRET_ACCESS_KEY or --profile) s3sigdiag re-signs the request as sent and proves which variant the client signed"
        } else {
            "an error body from AWS itself, which includes CanonicalRequest, settles it"
        };
        out.push(format!("{who} does not report its canonical request, so the server side was recomputed with AWS S3's rules (an assumption about this server); {settle}"));
    }
    if ex.response.is_none() && ex.request.is_some() {
        out.push("add the response headers (`curl -D headers.txt …`, or the status line and headers above the error body) so the server's clock (`Date`) and software (`Server`) can be read".into());
    }
    if findings.is_empty()
        && cx.analysis.server.is_some()
        && cx.analysis.client.is_some()
        && cx
            .analysis
            .differences()
            .all(|l| l.field == crate::analysis::Field::CanonicalHash)
    {
        out.push("the two canonical requests agree: the key material is the likeliest difference; with the secret key (AWS_SECRET_ACCESS_KEY or a key file) s3sigdiag can test by HMAC which variant the client signed".into());
    }
    out
}

/// How to get the canonical request the client signed, for the client the
/// inputs came from (all of them when it is not known).
fn canonical_request_hint(client: Option<ClientKind>) -> &'static str {
    match client {
        Some(ClientKind::Curl) => {
            "curl prints no canonical request: pass the secret key (AWS_SECRET_ACCESS_KEY or --secret-key-file) and s3sigdiag recomputes what curl signed from the request it sent; with curl 7.x `--aws-sigv4` also send `-H \"x-amz-content-sha256: UNSIGNED-PAYLOAD\"` (S3 requires it; curl 8 adds it) and give the query parameters in sorted order (7.x signs them as given)"
        }
        Some(ClientKind::Botocore) => {
            "add the canonical request botocore signed: `boto3.set_stream_logger('botocore', logging.DEBUG)` (or `aws … --debug 2> debug.log`) and pass the log; its `CanonicalRequest:` block is what was signed"
        }
        Some(ClientKind::JavaScript) => {
            "aws-sdk-js logs no canonical request: print v3's signed `args.request` from a `deserialize`-step middleware and paste it with the error, or pass the secret key so s3sigdiag recomputes it"
        }
        Some(ClientKind::Go) => {
            "add the canonical request the Go SDK signed: v2 `config.WithClientLogMode(aws.LogSigning | aws.LogRequest)`, v1 `aws.LogDebugWithSigning`, and pass the log"
        }
        Some(ClientKind::Java) => {
            "add the canonical request the Java SDK signed: v1 log `com.amazonaws.auth.AWS4Signer` at DEBUG (plus `org.apache.http.wire` for the request), and pass the log"
        }
        Some(ClientKind::Rust) => {
            "add the canonical request the Rust SDK signed: `RUST_LOG=aws_sigv4=trace,aws_smithy_runtime=trace` and pass the log"
        }
        None => {
            "add the canonical request the client signed and pass it with `--request client.txt`: boto3 `boto3.set_stream_logger('botocore', logging.DEBUG)` (copy the `CanonicalRequest:` block); AWS CLI `aws … --debug 2> debug.log`; aws-sdk-js logs none (print v3's signed `args.request` from a `deserialize`-step middleware and paste it with the error); Go `config.WithClientLogMode(aws.LogSigning)`; Rust `RUST_LOG=aws_sigv4=trace`"
        }
    }
}
