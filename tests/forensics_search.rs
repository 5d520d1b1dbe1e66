//! One test per hypothesis family: sign a request with one known change
//! using the `sigv4` engine, then the search (starting from the server's
//! view of the request as received) must find exactly that change.

use s3sigdiag::forensics::hypotheses::{Base, Family, WireFacts, candidates};
use s3sigdiag::forensics::search::{Problem, SearchOptions, search};
use s3sigdiag::sigv4::{
    CanonicalRequest, HttpRequest, PathMode, Scope, StringToSign, sign, signing_key_bytes,
};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const AMZ: &str = "20240611T093012Z";
const PAYLOAD: &str = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";

/// The request as the server received it.
fn wire(method: &str, target: &str, extra: &[(&str, &str)]) -> HttpRequest {
    let mut headers = vec![
        (
            "Host".to_string(),
            "examplebucket.s3.amazonaws.com".to_string(),
        ),
        ("x-amz-content-sha256".to_string(), PAYLOAD.to_string()),
        ("x-amz-date".to_string(), AMZ.to_string()),
    ];
    headers.extend(extra.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    HttpRequest::from_target(method, target, headers)
}

struct Case {
    req: HttpRequest,
    signed: Vec<String>,
}

impl Case {
    fn new(method: &str, target: &str, extra: &[(&str, &str)]) -> Case {
        let req = wire(method, target, extra);
        let mut signed: Vec<String> = req
            .headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
        signed.sort();
        Case { req, signed }
    }

    fn with_signed(mut self, signed: &[&str]) -> Case {
        self.signed = signed.iter().map(|s| s.to_string()).collect();
        self
    }

    /// What the server verifies (AWS rules on the request as received).
    fn server(&self) -> CanonicalRequest {
        CanonicalRequest::build(&self.req, &self.signed, PathMode::S3, PAYLOAD)
    }

    /// Signs `client` as a client with this scope and secret would, then
    /// searches from the server's view. Returns the winning edits' families
    /// and labels, and the canonical request the search says was signed.
    fn find(
        &self,
        client: &CanonicalRequest,
        scope: (&str, &str, &str),
        amz: &str,
        secret: &[u8],
    ) -> (Vec<Family>, Vec<String>, String) {
        let key = signing_key_bytes(secret, scope.0, scope.1, scope.2);
        let sts = StringToSign::new(amz, &Scope::new(scope.0, scope.1, scope.2), client);
        let target: [u8; 32] = hex::decode(sign(&key, &sts.to_string()))
            .unwrap()
            .try_into()
            .unwrap();
        let base = Base::new(&self.server(), AMZ, "20240611", "us-east-1", "s3");
        let facts = WireFacts {
            path: Some(self.req.path.clone()),
            query: Some(self.req.query.clone()),
            headers: self.req.headers.clone(),
            body_len: Some(7),
            body_sha256: Some(PAYLOAD.into()),
        };
        let cands = candidates(&base, &facts, SECRET.as_bytes());
        let p = Problem::new(base, cands, SECRET.as_bytes(), target);
        let r = search(
            &p,
            &SearchOptions {
                max_hypotheses: 3_000_000,
                all: false,
                threads: 2,
                progress: false,
            },
        );
        let m = r
            .matches
            .first()
            .unwrap_or_else(|| panic!("no match after {} hypotheses", r.tried));
        let fams = m.edits().map(|i| p.candidates[i].family).collect();
        let labels = m.edits().map(|i| p.candidates[i].label.clone()).collect();
        (fams, labels, p.canonical_request(&m.combo))
    }

    fn expect(&self, client: CanonicalRequest, family: Family, label_part: &str) {
        self.expect_scoped(
            client,
            ("20240611", "us-east-1", "s3"),
            AMZ,
            SECRET.as_bytes(),
            &[family],
            label_part,
        );
    }

    fn expect_scoped(
        &self,
        client: CanonicalRequest,
        scope: (&str, &str, &str),
        amz: &str,
        secret: &[u8],
        families: &[Family],
        label_part: &str,
    ) {
        let (fams, labels, creq) = self.find(&client, scope, amz, secret);
        assert_eq!(fams, families, "{labels:?}");
        assert!(
            labels.iter().any(|l| l.contains(label_part)),
            "{labels:?} lacks {label_part}"
        );
        // Scope/secret edits do not change the canonical request.
        assert_eq!(creq, client.to_string());
    }
}

fn edit(c: &CanonicalRequest, f: impl FnOnce(&mut CanonicalRequest)) -> CanonicalRequest {
    let mut c = c.clone();
    f(&mut c);
    c
}

#[test]
fn path_equals_signed_raw() {
    let case = Case::new("PUT", "/examplebucket/a%3D%3D.json", &[]);
    let client = edit(&case.server(), |c| c.uri = "/examplebucket/a==.json".into());
    case.expect(client, Family::PathEncoding, "`=` left unencoded");
}

#[test]
fn path_plus_is_space() {
    let case = Case::new("PUT", "/examplebucket/my+report.pdf", &[]);
    let client = edit(&case.server(), |c| {
        c.uri = "/examplebucket/my%20report.pdf".into()
    });
    case.expect(client, Family::PathEncoding, "`+` read as a space");
}

#[test]
fn path_double_encoded() {
    let case = Case::new("GET", "/examplebucket/a%3D.json", &[]);
    let client = edit(&case.server(), |c| {
        c.uri = "/examplebucket/a%253D.json".into()
    });
    case.expect(client, Family::PathEncoding, "encoded twice");
}

#[test]
fn path_nfd() {
    let case = Case::new("GET", "/examplebucket/caf%C3%A9.txt", &[]);
    let client = edit(&case.server(), |c| {
        c.uri = "/examplebucket/cafe%CC%81.txt".into()
    });
    case.expect(client, Family::PathEncoding, "NFD");
}

#[test]
fn path_trailing_slash() {
    let case = Case::new("GET", "/examplebucket/dir/", &[]);
    let client = edit(&case.server(), |c| c.uri = "/examplebucket/dir".into());
    case.expect(client, Family::PathEncoding, "trailing slash dropped");
}

#[test]
fn path_tilde_encoded() {
    let case = Case::new("GET", "/examplebucket/~user/x", &[]);
    let client = edit(&case.server(), |c| {
        c.uri = "/examplebucket/%7Euser/x".into()
    });
    case.expect(client, Family::PathEncoding, "`~` encoded as %7E");
}

#[test]
fn path_normalized() {
    let case = Case::new("GET", "/examplebucket//a/./b", &[]);
    let client = edit(&case.server(), |c| c.uri = "/examplebucket/a/b".into());
    case.expect(client, Family::PathEncoding, "normalized");
}

#[test]
fn query_plus_kept_literal() {
    let case = Case::new("GET", "/examplebucket?prefix=a+b&list-type=2", &[]);
    let client = edit(&case.server(), |c| {
        c.query = "list-type=2&prefix=a%2Bb".into()
    });
    case.expect(client, Family::QueryEncoding, "`+` kept as a literal plus");
}

#[test]
fn query_not_sorted() {
    let case = Case::new("GET", "/examplebucket?prefix=x&list-type=2", &[]);
    let client = edit(&case.server(), |c| c.query = "prefix=x&list-type=2".into());
    case.expect(client, Family::QueryEncoding, "not sorted");
}

#[test]
fn transfer_encoding_signed_then_stripped() {
    let case = Case::new("PUT", "/examplebucket/k", &[]).with_signed(&[
        "host",
        "transfer-encoding",
        "x-amz-content-sha256",
        "x-amz-date",
    ]);
    let client = edit(&case.server(), |c| {
        for h in &mut c.headers {
            if h.0 == "transfer-encoding" {
                h.1 = "chunked".into();
            }
        }
    });
    case.expect(
        client,
        Family::TransferEncoding,
        "`transfer-encoding` signed with the value `chunked`",
    );
}

#[test]
fn expect_header_signed_but_not_listed() {
    let case = Case::new("PUT", "/examplebucket/k", &[]);
    let client = edit(&case.server(), |c| {
        c.headers
            .insert(0, ("expect".into(), "100-continue".into()));
        c.signed_headers.insert(0, "expect".into());
    });
    case.expect(client, Family::Header, "`expect: 100-continue` signed");
}

#[test]
fn header_not_signed() {
    let case = Case::new(
        "PUT",
        "/examplebucket/k",
        &[("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")],
    );
    let client = edit(&case.server(), |c| {
        c.headers.retain(|h| h.0 != "content-md5");
        c.signed_headers.retain(|h| h != "content-md5");
    });
    case.expect(client, Family::Header, "`content-md5` not signed");
}

#[test]
fn content_type_value() {
    let case = Case::new(
        "PUT",
        "/examplebucket/k.png",
        &[("Content-Type", "image/jpeg")],
    );
    let client = edit(&case.server(), |c| {
        for h in &mut c.headers {
            if h.0 == "content-type" {
                h.1 = "image/png".into();
            }
        }
    });
    case.expect(
        client,
        Family::ContentType,
        "`content-type` signed with the value `image/png`",
    );
}

#[test]
fn header_value_untrimmed() {
    let case = Case::new(
        "PUT",
        "/examplebucket/k",
        &[("x-amz-meta-note", "  two  spaces ")],
    );
    let client = edit(&case.server(), |c| {
        for h in &mut c.headers {
            if h.0 == "x-amz-meta-note" {
                h.1 = "  two  spaces ".into();
            }
        }
    });
    case.expect(client, Family::Header, "raw value, untrimmed");
}

#[test]
fn method() {
    let case = Case::new("PUT", "/examplebucket/k", &[]);
    let client = edit(&case.server(), |c| c.method = "POST".into());
    case.expect(client, Family::Method, "method signed as POST");
}

#[test]
fn payload_unsigned() {
    let case = Case::new("PUT", "/examplebucket/k", &[]).with_signed(&["host", "x-amz-date"]);
    let client = edit(&case.server(), |c| {
        c.payload_hash = "UNSIGNED-PAYLOAD".into()
    });
    case.expect(client, Family::Payload, "UNSIGNED-PAYLOAD");
}

#[test]
fn payload_and_header_streaming() {
    let case = Case::new("PUT", "/examplebucket/k", &[]);
    let client = edit(&case.server(), |c| {
        c.payload_hash = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD".into();
        for h in &mut c.headers {
            if h.0 == "x-amz-content-sha256" {
                h.1 = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD".into();
            }
        }
    });
    case.expect(
        client,
        Family::Payload,
        "payload hash and x-amz-content-sha256",
    );
}

#[test]
fn region() {
    let case = Case::new("GET", "/examplebucket/k", &[]);
    let client = case.server();
    case.expect_scoped(
        client,
        ("20240611", "eu-central-1", "s3"),
        AMZ,
        SECRET.as_bytes(),
        &[Family::Region],
        "eu-central-1",
    );
}

#[test]
fn region_auto_for_r2() {
    let case = Case::new("GET", "/examplebucket/k", &[]);
    let client = case.server();
    case.expect_scoped(
        client,
        ("20240611", "auto", "s3"),
        AMZ,
        SECRET.as_bytes(),
        &[Family::Region],
        "`auto`",
    );
}

#[test]
fn service() {
    let case = Case::new("GET", "/examplebucket/k", &[]);
    let client = case.server();
    case.expect_scoped(
        client,
        ("20240611", "us-east-1", "execute-api"),
        AMZ,
        SECRET.as_bytes(),
        &[Family::Service],
        "execute-api",
    );
}

#[test]
fn scope_date_a_day_off() {
    let case = Case::new("GET", "/examplebucket/k", &[]);
    let client = case.server();
    case.expect_scoped(
        client,
        ("20240610", "us-east-1", "s3"),
        AMZ,
        SECRET.as_bytes(),
        &[Family::Date],
        "-1 day",
    );
}

#[test]
fn request_time_minutes_off() {
    // x-amz-date unsigned: only the string to sign carries the time.
    let case =
        Case::new("GET", "/examplebucket/k", &[]).with_signed(&["host", "x-amz-content-sha256"]);
    let client = case.server();
    case.expect_scoped(
        client,
        ("20240611", "us-east-1", "s3"),
        "20240611T093512Z",
        SECRET.as_bytes(),
        &[Family::Date],
        "+5 min",
    );
}

#[test]
fn secret_trailing_newline() {
    let case = Case::new("GET", "/examplebucket/k", &[]);
    let client = case.server();
    let secret = format!("{SECRET}\n");
    case.expect_scoped(
        client,
        ("20240611", "us-east-1", "s3"),
        AMZ,
        secret.as_bytes(),
        &[Family::Secret],
        "trailing newline",
    );
}

#[test]
fn pair_of_changes_region_and_path() {
    let case = Case::new("PUT", "/examplebucket/my+report.pdf", &[]);
    let client = edit(&case.server(), |c| {
        c.uri = "/examplebucket/my%20report.pdf".into()
    });
    case.expect_scoped(
        client,
        ("20240611", "us-west-2", "s3"),
        AMZ,
        SECRET.as_bytes(),
        &[Family::PathEncoding, Family::Region],
        "us-west-2",
    );
}

#[test]
fn triple_of_changes() {
    let case = Case::new(
        "PUT",
        "/examplebucket/a%3D.json",
        &[("Content-Type", "image/jpeg")],
    );
    let client = edit(&case.server(), |c| {
        c.uri = "/examplebucket/a=.json".into();
        c.method = "POST".into();
    });
    let secret = format!("{SECRET} ");
    case.expect_scoped(
        client,
        ("20240611", "us-east-1", "s3"),
        AMZ,
        secret.as_bytes(),
        &[Family::Method, Family::PathEncoding, Family::Secret],
        "trailing space",
    );
}

#[test]
fn search_stops_at_max_hypotheses_and_reports_no_match() {
    let case = Case::new("PUT", "/examplebucket/a%3D.json", &[]);
    let base = Base::new(&case.server(), AMZ, "20240611", "us-east-1", "s3");
    let cands = candidates(&base, &WireFacts::default(), SECRET.as_bytes());
    let p = Problem::new(base, cands, SECRET.as_bytes(), [7u8; 32]);
    for (max, threads) in [(1u64, 1usize), (999, 1), (70_001, 2), (100_000, 2)] {
        let r = search(
            &p,
            &SearchOptions {
                max_hypotheses: max,
                all: false,
                threads,
                progress: false,
            },
        );
        assert_eq!(r.tried, max);
        assert!(r.matches.is_empty() && !r.exhausted);
    }
    // Unbounded, it ends when every triple has been tried.
    let r = search(
        &p,
        &SearchOptions {
            max_hypotheses: u64::MAX,
            all: false,
            threads: 2,
            progress: false,
        },
    );
    assert!(
        r.exhausted && r.tried > 100_000 && r.deepest_tier == 3,
        "{r:?}"
    );
}

#[test]
fn first_match_is_the_same_with_one_or_two_threads_and_all_finds_more() {
    let case = Case::new("PUT", "/examplebucket/my+report.pdf", &[]);
    let client = edit(&case.server(), |c| {
        c.uri = "/examplebucket/my%20report.pdf".into()
    });
    let key = signing_key_bytes(SECRET.as_bytes(), "20240611", "us-east-1", "s3");
    let sts = StringToSign::new(AMZ, &Scope::new("20240611", "us-east-1", "s3"), &client);
    let target: [u8; 32] = hex::decode(sign(&key, &sts.to_string()))
        .unwrap()
        .try_into()
        .unwrap();
    let base = Base::new(&case.server(), AMZ, "20240611", "us-east-1", "s3");
    let facts = WireFacts {
        path: Some(case.req.path.clone()),
        ..WireFacts::default()
    };
    let cands = candidates(&base, &facts, SECRET.as_bytes());
    let p = Problem::new(base, cands, SECRET.as_bytes(), target);
    let one = search(
        &p,
        &SearchOptions {
            max_hypotheses: 500_000,
            all: false,
            threads: 1,
            progress: false,
        },
    );
    let two = search(
        &p,
        &SearchOptions {
            max_hypotheses: 500_000,
            all: false,
            threads: 2,
            progress: false,
        },
    );
    assert_eq!(one.matches[0].index, two.matches[0].index);
    let all = search(
        &p,
        &SearchOptions {
            max_hypotheses: 100_000,
            all: true,
            threads: 2,
            progress: false,
        },
    );
    // Edits are never no-ops, so adding any other edit to the winner
    // changes what is signed: the only match is the winner itself.
    assert_eq!(all.matches.len(), 1);
    assert_eq!(all.tried, 100_000);
}
