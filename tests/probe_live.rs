//! `probe` against s3s-fs 0.14.1 in this process: the matrix it measures
//! and that nothing is left behind.

mod common;

use common::{BUCKET, cmd, s3_server};

#[test]
fn probe_matrix_for_s3s_fs_and_cleanup() {
    let s = s3_server();
    let out = cmd()
        .args([
            "probe",
            "--endpoint",
            &s.endpoint(),
            "--bucket",
            BUCKET,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cell = |shape: &str, style: &str, form: &str| -> String {
        m["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["shape"] == shape && c["style"] == style && c["form"] == form)
            .map(|c| {
                let r = c["result"].as_str().unwrap().to_string();
                match c["code"].as_str() {
                    Some(code) if r == "rejected" => format!("{r} {code}"),
                    _ => r,
                }
            })
            .unwrap_or_else(|| "missing".into())
    };
    assert_eq!(m["cells"].as_array().unwrap().len(), 13 * 6 * 2);
    for form in ["header", "presigned"] {
        // The baseline: AWS's own spelling is accepted for every shape.
        for shape in [
            "a=b", "a b", "a+b", "a~b", "a%b", "é NFC", "é NFD", "a;b", "a*b",
        ] {
            assert_eq!(cell(shape, "aws-exact", form), "accepted", "{shape} {form}");
        }
        // s3s-fs decodes the received path and re-encodes it, like AWS:
        assert_eq!(cell("a=b", "raw-wire", form), "accepted", "{form}");
        assert_eq!(cell("a=b", "encode-all", form), "accepted", "{form}");
        // ... so signing the raw or doubly encoded key fails, like AWS:
        assert_eq!(
            cell("a=b", "raw-signed", form),
            "rejected SignatureDoesNotMatch",
            "{form}"
        );
        assert_eq!(
            cell("a=b", "double", form),
            "rejected SignatureDoesNotMatch",
            "{form}"
        );
        // s3s 0.14 also verifies the raw path as received when it holds
        // unencoded reserved characters, so signing raw and sending raw
        // passes too (AWS rejects it):
        assert_eq!(cell("a=b", "raw-both", form), "accepted", "{form}");
        assert_eq!(cell("a;b", "raw-both", form), "accepted", "{form}");
        // A raw space cannot be in an HTTP/1.1 request line: hyper answers
        // 400 without an S3 body.
        assert_eq!(cell("a b", "raw-wire", form), "rejected", "{form}");
        // NFC and NFD are different keys, neither normalized away.
        assert_eq!(cell("é NFD", "raw-wire", form), "accepted", "{form}");
        // s3s-fs limits (file system backed): `./a` is a 500, a key ending
        // in `/` with a body is 400 UnexpectedContent, a ~1000-byte key 500.
        assert_eq!(
            cell("./a", "aws-exact", form),
            "rejected InternalError",
            "{form}"
        );
        assert_eq!(
            cell("dir/", "aws-exact", form),
            "rejected UnexpectedContent",
            "{form}"
        );
        assert_eq!(
            cell("long", "aws-exact", form),
            "rejected InternalError",
            "{form}"
        );
        // `~` is unreserved: every spelling but encode-all's is the same.
        assert_eq!(cell("a~b", "raw-both", form), "accepted", "{form}");
    }
    assert!(
        m["leftover"].as_array().unwrap().is_empty(),
        "{}",
        m["leftover"]
    );
    let prefix = m["prefix"].as_str().unwrap();
    let left: Vec<String> = s
        .objects()
        .into_iter()
        .filter(|o| o.starts_with(prefix))
        .collect();
    assert!(left.is_empty(), "objects left behind: {left:?}");
}

#[test]
fn probe_human_table() {
    let s = s3_server();
    let out = cmd()
        .args([
            "probe",
            "--endpoint",
            &s.endpoint(),
            "--bucket",
            BUCKET,
            "--header-only",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("header-signed:") && !text.contains("presigned-signed:"),
        "{text}"
    );
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("a=b "))
        .unwrap();
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["a=b", "ok", "ok", "403", "sig", "ok", "ok", "403", "sig"],
        "{text}"
    );
}
