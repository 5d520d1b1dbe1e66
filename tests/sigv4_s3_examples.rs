//! AWS's documented S3 SigV4 examples, reproduced byte for byte
//! ("Signature Calculations for the Authorization Header" and "Query
//! String Authentication" in the S3 API reference).

use s3sigdiag::sigv4::{
    CanonicalRequest, EMPTY_SHA256, HttpRequest, PathMode, PresignParams, Scope, StringToSign,
    UNSIGNED_PAYLOAD, presign_query, sha256_hex, sign, signing_key,
};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const DATE: &str = "20130524T000000Z";
const HOST: &str = "examplebucket.s3.amazonaws.com";

fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn signed(req: &HttpRequest, payload: &str) -> (CanonicalRequest, StringToSign, String) {
    let names: Vec<String> = req.headers.iter().map(|(n, _)| n.clone()).collect();
    let creq = CanonicalRequest::build(req, &names, PathMode::S3, payload);
    let scope = Scope::new("20130524", "us-east-1", "s3");
    let sts = StringToSign::new(DATE, &scope, &creq);
    let key = signing_key(SECRET, "20130524", "us-east-1", "s3");
    let sig = sign(&key, &sts.to_string());
    (creq, sts, sig)
}

#[test]
fn get_object() {
    let req = HttpRequest::from_target(
        "GET",
        "/test.txt",
        h(&[
            ("Host", HOST),
            ("Range", "bytes=0-9"),
            ("x-amz-content-sha256", EMPTY_SHA256),
            ("x-amz-date", DATE),
        ]),
    );
    let (creq, sts, sig) = signed(&req, EMPTY_SHA256);
    assert_eq!(
        creq.to_string(),
        "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n\
         x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\
         x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n\
         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        sts.to_string(),
        "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n\
         7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"
    );
    assert_eq!(
        sig,
        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    );
}

#[test]
fn put_object() {
    let body = sha256_hex(b"Welcome to Amazon S3.");
    assert_eq!(
        body,
        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"
    );
    let req = HttpRequest::from_target(
        "PUT",
        "/test$file.text",
        h(&[
            ("Host", HOST),
            ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
            ("x-amz-date", DATE),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("x-amz-content-sha256", &body),
        ]),
    );
    let (creq, _, sig) = signed(&req, &body);
    assert!(
        creq.to_string()
            .starts_with("PUT\n/test%24file.text\n\ndate:Fri, 24 May 2013 00:00:00 GMT\n")
    );
    assert_eq!(
        sig,
        "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"
    );
}

#[test]
fn get_bucket_lifecycle() {
    let req = HttpRequest::from_target(
        "GET",
        "/?lifecycle",
        h(&[
            ("Host", HOST),
            ("x-amz-date", DATE),
            ("x-amz-content-sha256", EMPTY_SHA256),
        ]),
    );
    let (creq, _, sig) = signed(&req, EMPTY_SHA256);
    assert_eq!(creq.query, "lifecycle=");
    assert_eq!(
        sig,
        "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"
    );
}

#[test]
fn list_objects() {
    let req = HttpRequest::from_target(
        "GET",
        "/?max-keys=2&prefix=J",
        h(&[
            ("Host", HOST),
            ("x-amz-date", DATE),
            ("x-amz-content-sha256", EMPTY_SHA256),
        ]),
    );
    let (creq, _, sig) = signed(&req, EMPTY_SHA256);
    assert_eq!(creq.query, "max-keys=2&prefix=J");
    assert_eq!(
        sig,
        "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"
    );
}

#[test]
fn presigned_get() {
    let scope = Scope::new("20130524", "us-east-1", "s3");
    let signed_headers = vec!["host".to_string()];
    let query = presign_query(
        "",
        &PresignParams {
            access_key: "AKIAIOSFODNN7EXAMPLE",
            scope: &scope,
            amz_date: DATE,
            expires: 86400,
            signed_headers: &signed_headers,
            session_token: None,
        },
    );
    let req = HttpRequest::from_target("GET", &format!("/test.txt?{query}"), h(&[("Host", HOST)]));
    let creq = CanonicalRequest::build(&req, &signed_headers, PathMode::S3, UNSIGNED_PAYLOAD);
    assert_eq!(
        creq.to_string(),
        "GET\n/test.txt\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\nhost:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD"
    );
    let sts = StringToSign::new(DATE, &scope, &creq);
    let sig = sign(
        &signing_key(SECRET, "20130524", "us-east-1", "s3"),
        &sts.to_string(),
    );
    assert_eq!(
        sig,
        "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
    );
}
