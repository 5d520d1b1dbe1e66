//! Which S3 implementation answered: read from the `Server` response
//! header, the endpoint's host name, and the shape of the error body.
//! Rules use it to word fixes and to know what a server accepts; it is a
//! guess from evidence, so it says which evidence it used. A server's own
//! log names itself (`Exchange::server_software`) and outranks all of it.

use super::dialect::{Detected, Dialect};
use super::exchange::Exchange;

pub fn detect(ex: &Exchange) -> Option<Detected> {
    let found = |dialect, evidence: String| Some(Detected { dialect, evidence });
    if let Some(d) = &ex.server_software {
        return Some(d.clone());
    }
    if let Some(server) = ex.response.as_ref().and_then(|r| r.header("server")) {
        let s = server.to_ascii_lowercase();
        let by_header = [
            ("amazons3", Dialect::Aws),
            ("minio", Dialect::Minio),
            ("garage", Dialect::Garage),
            ("ceph", Dialect::CephRgw),
            ("rgw", Dialect::CephRgw),
            ("cloudflare", Dialect::CloudflareR2),
            ("werkzeug", Dialect::Moto),
        ];
        if let Some((_, d)) = by_header.iter().find(|(k, _)| s.contains(k)) {
            return found(*d, format!("response header `Server: {server}`"));
        }
    }
    if let Some(host) = ex.request.as_ref().and_then(|r| r.http.header("host")) {
        let h = host.trim().to_ascii_lowercase();
        if h.ends_with(".r2.cloudflarestorage.com") {
            return found(Dialect::CloudflareR2, format!("endpoint host `{h}`"));
        }
        if h.ends_with(".amazonaws.com") || h.ends_with(".amazonaws.com.cn") {
            return found(Dialect::Aws, format!("endpoint host `{h}`"));
        }
    }
    let err = ex.server.as_ref()?;
    let message = err.message.as_deref().unwrap_or("");
    if err.code == "AccessDenied" && message.starts_with("Forbidden:") {
        return found(
            Dialect::Garage,
            format!("error body `AccessDenied` \"{message}\" (Garage's wording)"),
        );
    }
    if err.code == "InvalidRequest" && message.starts_with("Bad request:") {
        return found(
            Dialect::Garage,
            format!("error body `InvalidRequest` \"{message}\" (Garage's wording)"),
        );
    }
    if message.contains("garage/s3/aws4_request") {
        return found(
            Dialect::Garage,
            "error message names the `garage` region".into(),
        );
    }
    if err
        .request_id
        .as_deref()
        .is_some_and(|id| id.starts_with("tx0"))
    {
        return found(
            Dialect::CephRgw,
            "RequestId of the `tx0…` form (Ceph RGW)".into(),
        );
    }
    if err.canonical_request.is_some() || err.string_to_sign.is_some() {
        return found(
            Dialect::Aws,
            "error body reports CanonicalRequest/StringToSign (only AWS does)".into(),
        );
    }
    if err.message.is_none() && err.request_id.is_none() && err.resource.is_none() {
        return found(
            Dialect::S3s,
            "bare `<Error><Code>` body without Message or RequestId (s3s)".into(),
        );
    }
    None
}
