//! Hostile inputs and hostile servers (issue 16): no escape sequence,
//! control, bidi or invisible character from an input or a server reaches
//! stdout or stderr raw, in any format; no workflow command is issued from
//! untrusted text; control characters in keys and headers are refused;
//! writes to closed pipes and full disks end honestly; the `--timeout` is
//! for the whole exchange; an unknown error code is not "accepted".
//! The servers run in-process on 127.0.0.1.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use s3sigdiag::sanitize::is_unsafe;

/// Terminal and CI payloads: OSC 0 (title), OSC 8 (link), OSC 52
/// (clipboard), clear screen, bare CR, backspace, BEL, C1 CSI, bidi
/// overrides and isolates, zero-width characters, workflow commands.
const PAYLOAD: &str = "\u{1b}[8;30;40mhidden\u{1b}]0;pwned-title\u{7}\u{1b}]8;;http://evil.example/\u{7}link\u{1b}]8;;\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\rOVERWRITTEN\u{8}\u{8}\u{7}\u{9b}31m\u{202e}txe.exe\u{2066}iso\u{2069}\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}\u{202f}\u{ad}\u{61c}";
const COMMANDS: &str = "\n::add-mask::masked\n::error title=pwned::owned\r::warning::x ##[add-mask]y\n  ::set-output name=a::b";

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let d =
            std::env::temp_dir().join(format!("s3sigdiag-hostile-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::cargo_bin("s3sigdiag")
        .unwrap()
        .current_dir(cwd)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_PROFILE")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Whether `s` at byte `i` starts an SGR colour sequence (`ESC [ 0-9; m`).
fn is_sgr(s: &str, i: usize) -> bool {
    let rest = &s.as_bytes()[i..];
    if !rest.starts_with(b"\x1b[") {
        return false;
    }
    let body = &rest[2..];
    let n = body
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b';')
        .count();
    body.get(n) == Some(&b'm')
}

/// The tool's own workflow commands in `--format github` stdout.
fn own_command(line: &str) -> bool {
    [
        "::error title=",
        "::notice title=",
        "::warning title=",
        "::group::",
        "::endgroup::",
        "::stop-commands::",
    ]
    .iter()
    .any(|p| line.starts_with(p))
        || (line.len() == 20
            && line.ends_with("::")
            && line[2..18].bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Nothing in `text` acts on a terminal or a CI runner.
fn assert_inert(what: &str, text: &str, coloured: bool, github: bool) {
    for (i, c) in text.char_indices() {
        if c == '\u{1b}' && coloured && is_sgr(text, i) {
            continue;
        }
        assert!(
            !is_unsafe(c),
            "{what}: raw U+{:04X} at byte {i}:\n{}",
            c as u32,
            text.escape_debug()
        );
    }
    assert!(
        !text.contains("##["),
        "{what}: `##[` reaches the runner:\n{text}"
    );
    let mut fenced = None::<String>;
    for line in text.lines() {
        if let Some(end) = &fenced {
            if line == end {
                fenced = None;
            }
            continue;
        }
        let trimmed = line.trim_start();
        if github && let Some(token) = line.strip_prefix("::stop-commands::") {
            fenced = Some(format!("::{token}::"));
            continue;
        }
        if trimmed.starts_with("::") {
            assert!(
                github && own_command(line),
                "{what}: a workflow command from untrusted text: {line}"
            );
        }
    }
}

fn hostile_case(dir: &Path) {
    let safe_header = PAYLOAD.replace(['\r', '\n'], "");
    let request = format!(
        "PUT /examplebucket/k HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\nx-amz-date: 20261123T161914Z\r\nx-amz-meta-a: {safe_header}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261123/us-east-1{safe_header}/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-meta-a, Signature=13ed67163a412daa6d84c87f72c91f2239162523ddd9282187ea383fad94661b\r\nContent-Length: 0\r\n\r\n"
    );
    std::fs::write(dir.join("request.http"), request).unwrap();
    let error = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>{PAYLOAD}{COMMANDS}</Message><AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId><SignatureProvided>13ed67163a412daa6d84c87f72c91f2239162523ddd9282187ea383fad94661b</SignatureProvided><CanonicalRequest>PUT\n/examplebucket/k\n\nhost:127.0.0.1:9000\nx-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:20261123T161914Z\nx-amz-meta-a:{PAYLOAD}\n\nhost;x-amz-content-sha256;x-amz-date;x-amz-meta-a\nUNSIGNED-PAYLOAD</CanonicalRequest><RequestId>{PAYLOAD}</RequestId></Error>"
    );
    std::fs::write(dir.join("error.xml"), error).unwrap();
    let code = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>Sig{PAYLOAD}{COMMANDS}</Code><Message>m</Message></Error>"
    );
    std::fs::write(dir.join("code.xml"), code).unwrap();
}

#[test]
fn hostile_inputs_reach_no_output_raw_in_any_format() {
    let dir = Dir::new("inputs");
    hostile_case(&dir.0);
    // A plain-ASCII presigned URL whose credential decodes to an OSC 52
    // clipboard write, a title change and a bidi override.
    let url = "https://examplebucket.s3.amazonaws.com/k%1B%5D0%3Bt%07?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%1B%5D52%3Bc%3BcHduZWQ%3D%07%E2%80%AE%0D%3A%3Aadd-mask%3A%3Ax%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host%0A%3A%3Aerror%3A%3Ax&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
    let inputs: Vec<Vec<&str>> = vec![
        vec!["request.http", "error.xml"],
        vec!["error.xml"],
        vec!["code.xml"],
        vec![url],
    ];
    let mut runs = 0;
    for input in &inputs {
        for (format, extra) in [
            ("human", &["--color", "never"][..]),
            ("human", &["--color", "always"][..]),
            ("human", &["--color", "always", "--verbose"][..]),
            ("human", &["--verbose"][..]),
            ("json", &[][..]),
            ("github", &[][..]),
            ("github", &["--verbose"][..]),
            ("junit", &[][..]),
        ] {
            let mut args = vec!["explain"];
            args.extend(input.iter().copied());
            args.extend(["--format", format]);
            args.extend(extra.iter().copied());
            let (code, out, err) = run(&args, &dir.0);
            runs += 1;
            let what = format!("{:?}", &args[args.len().min(3) - 1..]);
            assert!(code <= 2, "{what}: exit {code}: {err}");
            let coloured = extra.contains(&"always");
            // The input's own colour codes (concealed text) are not the tool's.
            assert!(
                !out.contains("\u{1b}[8;30;40m"),
                "{what}: an input SGR passed:\n{out}"
            );
            assert_inert(
                &format!("{what} stdout"),
                &out,
                coloured,
                format == "github",
            );
            assert_inert(&format!("{what} stderr"), &err, false, false);
            if format == "json" && !out.is_empty() {
                let _: serde_json::Value = serde_json::from_str(&out)
                    .unwrap_or_else(|e| panic!("{what}: not JSON ({e}):\n{out}"));
            }
        }
    }
    assert_eq!(runs, 32);
}

#[test]
fn the_clipboard_write_in_a_presigned_credential_is_shown_escaped() {
    let dir = Dir::new("osc52");
    let url = "https://examplebucket.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%1B%5D52%3Bc%3BcHduZWQ%3D%07%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
    let (_, out, err) = run(&["explain", url], &dir.0);
    assert_inert("presigned", &out, false, false);
    assert_inert("presigned", &err, false, false);
    assert!(
        out.contains("\\u{1b}]52;c;cHduZWQ=\\u{7}") || err.contains("\\u{1b}]52"),
        "the decoded escape is shown, escaped:\n{out}{err}"
    );
}

#[test]
fn error_lines_on_stderr_are_one_sanitised_line() {
    let dir = Dir::new("stderr");
    hostile_case(&dir.0);
    let evil_path = format!("no-such{PAYLOAD}{COMMANDS}.xml");
    for args in [
        vec!["explain".to_string(), evil_path.clone()],
        vec![
            "explain".into(),
            evil_path.clone(),
            "--format".into(),
            "github".into(),
        ],
        vec![
            "explain".into(),
            "error.xml".into(),
            "--now".into(),
            format!("x{PAYLOAD}{COMMANDS}"),
        ],
        vec!["rule".into(), format!("x{PAYLOAD}{COMMANDS}")],
        vec!["sign".into(), "--url".into(), format!("nohost{PAYLOAD}")],
        vec![
            "replay".into(),
            "--endpoint".into(),
            "http://127.0.0.1:9".into(),
            "--bucket".into(),
            "examplebucket".into(),
            "--key".into(),
            "k".into(),
            "--timeout".into(),
            format!("1{PAYLOAD}{COMMANDS}"),
        ],
    ] {
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = run(&argv, &dir.0);
        assert_eq!(code, 2, "{:?}: {err}", argv[0]);
        let github = argv.contains(&"github");
        assert_inert(&format!("{:?} stdout", argv[0]), &out, false, github);
        assert_inert(&format!("{:?} stderr", argv[0]), &err, false, false);
        if argv[0] != "replay" {
            assert_eq!(err.lines().count(), 1, "one line: {}", err.escape_debug());
        }
    }
}

#[test]
fn control_characters_in_keys_and_headers_are_refused() {
    let dir = Dir::new("crlf");
    let base = [
        "replay",
        "--endpoint",
        "http://127.0.0.1:9",
        "--bucket",
        "examplebucket",
        "--dry-run",
    ];
    let smuggle = "k HTTP/1.1\r\nHost: x\r\n\r\nGET /admin";
    for extra in [
        vec!["--key", smuggle],
        vec!["--key", "k\n"],
        vec!["--key", "k\u{1}x"],
        vec!["--key", "k", "-H", "x-a: 1\r\nAuthorization: stolen"],
        vec!["--key", "k", "-H", "x-a\n: 1"],
        vec!["--key", "k", "-H", "x-a: 1\u{1b}[2J"],
    ] {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(extra.iter().copied());
        let (code, out, err) = run(&args, &dir.0);
        assert_eq!(code, 2, "{extra:?}: {out}{err}");
        assert!(out.is_empty(), "{extra:?}: nothing is prepared: {out}");
        assert_eq!(err.lines().count(), 1, "{extra:?}: {err}");
        assert!(err.contains("control character"), "{err}");
    }
    let out = Command::cargo_bin("s3sigdiag")
        .unwrap()
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .env(
            "AWS_SECRET_ACCESS_KEY",
            "hostileServerTestSecret/0000000000000000",
        )
        .args([
            "probe",
            "--endpoint",
            "http://127.0.0.1:9",
            "--bucket",
            "b\r\nGET /x",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "probe: {err}");
    assert!(err.contains("control character"), "probe: {err}");
    let (code, _, err) = run(
        &[
            "sign",
            "--url",
            "https://b.s3.amazonaws.com/k",
            "-H",
            "x-a: 1\r\nX: y",
        ],
        &dir.0,
    );
    assert_eq!((code, err.lines().count()), (2, 1), "sign: {err}");
    // A tab inside a header value is legal and a case worth replaying.
    let out = Command::cargo_bin("s3sigdiag")
        .unwrap()
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .env(
            "AWS_SECRET_ACCESS_KEY",
            "hostileServerTestSecret/0000000000000000",
        )
        .args(base)
        .args(["--key", "k", "-H", "x-amz-meta-a: 1\t2"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("s3sigdiag"))
        .args(["rules"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader closes before the writer writes.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "no message: {err}");
    // And one that reads a little, then closes.
    let dir = Dir::new("pipe");
    hostile_case(&dir.0);
    for args in [
        vec!["rules", "--format", "json"],
        vec!["rule", "wrong-secret"],
        vec!["explain", "request.http", "error.xml", "--verbose"],
        vec!["sign", "--url", "https://b.s3.amazonaws.com/k"],
        vec!["completions", "bash"],
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("s3sigdiag"))
            .args(&args)
            .current_dir(&dir.0)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut one = [0u8; 1];
        let mut stdout = child.stdout.take().unwrap();
        let _ = stdout.read(&mut one);
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            err.is_empty() || out.status.code() != Some(101),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_full_disk_is_one_line_and_exit_2() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let dir = Dir::new("full");
    hostile_case(&dir.0);
    for args in [
        vec!["explain", "request.http", "error.xml"],
        vec!["explain", "error.xml", "--format", "json"],
        vec!["rules"],
        vec!["rule", "wrong-secret"],
        vec!["sign", "--url", "https://b.s3.amazonaws.com/k"],
        vec!["completions", "bash"],
    ] {
        let full = std::fs::File::create("/dev/full").unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("s3sigdiag"))
            .args(&args)
            .current_dir(&dir.0)
            .stdout(Stdio::from(full))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains("cannot write the output"), "{args:?}: {err}");
    }
}

#[test]
fn a_path_with_a_newline_is_one_line_and_non_utf8_paths_are_read() {
    let dir = Dir::new("paths");
    hostile_case(&dir.0);
    let (code, _, err) = run(&["explain", "no\nsuch\nfile.xml"], &dir.0);
    assert_eq!((code, err.lines().count()), (2, 1), "{err}");
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"err\xff\xfe.xml");
        std::fs::copy(dir.0.join("error.xml"), dir.0.join(name)).unwrap();
        let out = Command::cargo_bin("s3sigdiag")
            .unwrap()
            .current_dir(&dir.0)
            .arg("explain")
            .arg(name)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "a non-UTF-8 path is read: {err}"
        );
        let missing = std::ffi::OsStr::from_bytes(b"missing\xff.xml");
        let out = Command::cargo_bin("s3sigdiag")
            .unwrap()
            .current_dir(&dir.0)
            .arg("explain")
            .arg(missing)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            (out.status.code(), err.lines().count()),
            (Some(2), 1),
            "{err}"
        );
    }
}

/// A server on 127.0.0.1 that answers each connection with `respond`.
fn server(respond: impl Fn(std::net::TcpStream) + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let respond = std::sync::Arc::new(respond);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let respond = respond.clone();
            std::thread::spawn(move || respond(stream));
        }
    });
    format!("http://{addr}")
}

/// Reads the request head (and a small body), so the client is not reset.
fn read_request(s: &mut std::net::TcpStream) {
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut b = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut b) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&b[..n]),
        }
    }
}

fn replay(endpoint: &str, extra: &[&str]) -> (i32, String, String, Duration) {
    let dir = std::env::temp_dir();
    let start = Instant::now();
    let out = Command::cargo_bin("s3sigdiag")
        .unwrap()
        .current_dir(&dir)
        .env("HOME", &dir)
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .env(
            "AWS_SECRET_ACCESS_KEY",
            "hostileServerTestSecret/0000000000000000",
        )
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .args([
            "replay",
            "--endpoint",
            endpoint,
            "--bucket",
            "examplebucket",
        ])
        .args(extra)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed(),
    )
}

/// The raw HTTP writer: a key with a space sent unencoded.
const RAW: &[&str] = &["--key", "a b", "--emulate", "sign-encoded-send-raw"];

#[test]
fn the_timeout_bounds_a_server_that_drips_bytes() {
    let endpoint = server(|mut s| {
        read_request(&mut s);
        let answer = b"HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: 100000\r\n\r\n<Error>";
        for b in answer.iter().chain(std::iter::repeat(&b' ')) {
            if s.write_all(&[*b]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    // The raw HTTP writer, then reqwest.
    for path in [RAW, &["--key", "k"][..]] {
        let (code, out, err, took) = replay(&endpoint, &[path, &["--timeout", "1"]].concat());
        assert_eq!(code, 3, "{path:?}: {out}{err}");
        assert!(err.contains("no response within 1s"), "{path:?}: {err}");
        // Per-read timeouts would never fire: a byte comes every 100 ms.
        assert!(took < Duration::from_secs(30), "{path:?}: took {took:?}");
    }
}

#[test]
fn a_complete_answer_ends_the_exchange_on_a_connection_kept_open() {
    let endpoint = server(|mut s| {
        read_request(&mut s);
        let body = "";
        let _ = write!(
            s,
            "HTTP/1.1 200 OK\r\nETag: \"d41d8cd98f00b204e9800998ecf8427e\"\r\nx-amz-request-id: 1\r\nContent-Length: {}\r\nConnection: keep-alive\r\n\r\n{body}",
            body.len()
        );
        let _ = s.flush();
        // Keep the connection open well past the client's timeout.
        std::thread::sleep(Duration::from_secs(20));
    });
    let (code, out, err, _) = replay(&endpoint, &[RAW, &["--timeout", "5"]].concat());
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("no response"), "{err}");
    assert!(out.contains("HTTP 200"), "{out}");
}

/// An S3 error answer; `hostile`: a Server header with an escape sequence
/// and a bare CR (the raw HTTP reader takes it, reqwest refuses it).
fn error_server(status: &'static str, code: &'static str, hostile: bool) -> String {
    server(move |mut s| {
        read_request(&mut s);
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>hostile {PAYLOAD}{COMMANDS}</Message><RequestId>1</RequestId></Error>"
        );
        let _ = write!(
            s,
            "HTTP/1.1 {status}\r\nContent-Type: application/xml\r\nServer: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            if hostile {
                "evil\u{1b}]0;t\u{7}\r::add-mask::x"
            } else {
                "AmazonS3"
            },
            body.len()
        );
    })
}

#[test]
fn an_unknown_error_code_is_not_accepted() {
    for (status, code) in [
        ("503 Slow Down", "SlowDown"),
        ("403 Forbidden", "InvalidSecurity"),
        ("400 Bad Request", "InvalidBucketName"),
        ("418 Teapot", "SomethingNew"),
    ] {
        for (extra, hostile) in [(&["--key", "k"][..], false), (RAW, true)] {
            let endpoint = error_server(status, code, hostile);
            let (exit, out, err, _) = replay(&endpoint, extra);
            assert!(!out.contains("accepted"), "{code}: {out}");
            assert_eq!(exit, 3, "{code}: {out}{err}");
            assert!(out.contains("not verified"), "{code}: {out}");
            assert!(out.contains(code), "{code}: {out}");
            assert_inert(code, &out, false, false);
            assert_inert(code, &err, false, false);
            let (exit, out, err, _) = replay(&endpoint, &[extra, &["--format", "json"]].concat());
            assert_inert(code, &out, false, false);
            assert_inert(code, &err, false, false);
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            // The server's words are kept, JSON-escaped, not dropped.
            assert!(
                v["result"]["answer"]
                    .as_str()
                    .is_some_and(|a| a.contains(code)),
                "{v}"
            );
            assert_eq!(
                (exit, v["result"]["outcome"].as_str()),
                (3, Some("unverified"))
            );
        }
    }
}

#[test]
fn a_hostile_server_header_reaches_stderr_escaped() {
    // An HTML page (not S3): the error line names the Server header.
    let endpoint = server(|mut s| {
        read_request(&mut s);
        let body = "<html>hi</html>";
        let _ = write!(
            s,
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nServer: evil\u{1b}]0;t\u{7}\u{202e}\r::add-mask::x\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
    });
    for extra in [RAW, &["--key", "k", "--format", "json"][..]] {
        let (code, out, err, _) = replay(&endpoint, extra);
        assert_eq!(code, 3, "{out}{err}");
        assert_inert("stderr", &err, false, false);
        assert_inert("stdout", &out, false, false);
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

/// More candidate edits than a search combination can index (65,535)
/// panicked with "too many edits": now the first ones are searched and the
/// rest counted, and the search says so.
#[test]
fn a_search_over_too_many_edits_does_not_panic() {
    use s3sigdiag::forensics::hypotheses::{Base, Edit, WireFacts, candidates};
    use s3sigdiag::forensics::search::{MAX_EDITS, Problem, SearchOptions, search};
    use s3sigdiag::sigv4::{CanonicalRequest, HttpRequest, PathMode};
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let payload = "UNSIGNED-PAYLOAD";
    let headers = vec![
        (
            "Host".to_string(),
            "examplebucket.s3.amazonaws.com".to_string(),
        ),
        ("x-amz-content-sha256".to_string(), payload.to_string()),
        ("x-amz-date".to_string(), "20240611T093012Z".to_string()),
        ("x-amz-meta-a".to_string(), " a  b ".to_string()),
    ];
    let req = HttpRequest::from_target("PUT", "/k%20a+b", headers.clone());
    let signed = vec![
        "host".to_string(),
        "x-amz-content-sha256".to_string(),
        "x-amz-date".to_string(),
    ];
    let server = CanonicalRequest::build(&req, &signed, PathMode::S3, payload);
    let base = Base::new(&server, "20240611T093012Z", "20240611", "us-east-1", "s3");
    let facts = WireFacts {
        path: Some(req.path.clone()),
        query: Some(req.query.clone()),
        headers,
        body_len: Some(0),
        body_sha256: None,
    };
    // Edits of the canonical request (headers, path, query): a request
    // with thousands of headers gives thousands of them.
    let one: Vec<_> = candidates(&base, &facts, SECRET.as_bytes())
        .into_iter()
        .filter(|c| {
            !matches!(
                c.edit,
                Edit::Secret(_)
                    | Edit::ScopeDate(_)
                    | Edit::Region(_)
                    | Edit::Service(_)
                    | Edit::AmzDate(_)
            )
        })
        .collect();
    assert!(!one.is_empty());
    let mut many = Vec::new();
    while many.len() <= MAX_EDITS + 1000 {
        many.extend(one.iter().cloned());
    }
    let total = many.len();
    let p = Problem::new(base, many, SECRET.as_bytes(), [0u8; 32]);
    assert_eq!(p.candidates.len(), MAX_EDITS);
    assert_eq!(p.dropped, total - MAX_EDITS);
    let r = search(
        &p,
        &SearchOptions {
            max_hypotheses: 10_000,
            all: false,
            threads: 1,
            progress: false,
        },
    );
    assert_eq!(r.tried, 10_000);
    assert!(r.matches.is_empty() && !r.timed_out);
}

mod prop {
    use proptest::prelude::*;
    use s3sigdiag::sanitize::{Form, is_unsafe};

    /// Text rich in what the sanitiser must catch.
    fn hostile_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                any::<char>(),
                Just('\u{1b}'),
                Just('\r'),
                Just('\n'),
                Just('\u{9b}'),
                Just('\u{202e}'),
                Just('\u{2066}'),
                Just('\u{200b}'),
                Just(':'),
                Just('#'),
                Just('['),
                Just('m'),
                Just('1'),
            ],
            0..80,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        /// Mirrors the `explain` fuzz target's last step: whatever the text,
        /// the choke point leaves nothing that acts on a terminal or runner.
        #[test]
        fn the_choke_point_leaves_nothing_unsafe(text in hostile_text()) {
            for form in [Form::Text { color: false }, Form::Line, Form::Github] {
                let clean = s3sigdiag::output::clean(&text, form);
                prop_assert!(!clean.chars().any(is_unsafe), "{:?}", clean);
                prop_assert!(!clean.contains("##["));
                if form != Form::Github {
                    for line in clean.lines() {
                        prop_assert!(!line.trim_start().starts_with("::"), "{:?}", line);
                    }
                }
                if form == Form::Line {
                    prop_assert!(!clean.contains('\n'));
                }
            }
            let json = serde_json::to_string(&text).unwrap();
            let clean = s3sigdiag::output::clean(&json, Form::Json);
            prop_assert!(!clean.chars().any(is_unsafe));
            let back: String = serde_json::from_str(&clean).unwrap();
            prop_assert_eq!(back, text);
        }
    }
}

/// `%XX` decoded (what an S3 server stores as the key).
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A request's head and body (by Content-Length), read whole.
fn read_whole(s: &mut std::net::TcpStream) -> String {
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut b = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + len {
                return String::from_utf8_lossy(&buf[..end]).into_owned();
            }
        }
        match s.read(&mut b) {
            Ok(0) | Err(_) => return String::from_utf8_lossy(&buf).into_owned(),
            Ok(n) => buf.extend_from_slice(&b[..n]),
        }
    }
}

/// Ctrl-C during `probe` used to leave its objects on the server: now it
/// stops between requests, sweeps what it wrote, and exits 130.
#[cfg(unix)]
#[test]
fn ctrl_c_during_probe_removes_what_it_wrote() {
    use std::sync::{Arc, Mutex, mpsc};
    let stored: Arc<Mutex<Vec<String>>> = Arc::default();
    let log: Arc<Mutex<Vec<String>>> = Arc::default();
    let (tx, rx) = mpsc::channel::<()>();
    let tx = Mutex::new(tx);
    let (st, lg) = (stored.clone(), log.clone());
    // A bucket `b` that stores keys, answers slowly to all but the baseline,
    // lists and deletes.
    let endpoint = server(move |mut s| {
        let head = read_whole(&mut s);
        let line = head.lines().next().unwrap_or("").to_string();
        let mut parts = line.split(' ');
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        lg.lock().unwrap().push(format!("{method} {target}"));
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let key = decode(path.strip_prefix("/examplebucket/").unwrap_or(""));
        let ok = "HTTP/1.1 200 OK\r\nETag: \"e\"\r\nx-amz-request-id: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        let reply = match method {
            "PUT" => {
                if key.ends_with("/baseline") {
                    let _ = tx.lock().unwrap().send(());
                } else {
                    std::thread::sleep(Duration::from_millis(300));
                }
                st.lock().unwrap().push(key);
                ok.to_string()
            }
            "HEAD" => ok.to_string(),
            "DELETE" => {
                st.lock().unwrap().retain(|k| *k != key);
                "HTTP/1.1 204 No Content\r\nx-amz-request-id: 1\r\nConnection: close\r\n\r\n"
                    .to_string()
            }
            "GET" if query.contains("list-type=2") => {
                let keys: String = st
                    .lock()
                    .unwrap()
                    .iter()
                    .map(|k| {
                        let k = k
                            .replace('&', "&amp;")
                            .replace('<', "&lt;")
                            .replace('>', "&gt;");
                        format!("<Contents><Key>{k}</Key></Contents>")
                    })
                    .collect();
                let body = format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><Name>b</Name>{keys}<IsTruncated>false</IsTruncated></ListBucketResult>"
                );
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nx-amz-request-id: 1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
            }
            _ => "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .to_string(),
        };
        let _ = s.write_all(reply.as_bytes());
    });
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("s3sigdiag"))
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .env(
            "AWS_SECRET_ACCESS_KEY",
            "hostileServerTestSecret/0000000000000000",
        )
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .args([
            "probe",
            "--endpoint",
            &endpoint,
            "--bucket",
            "examplebucket",
            "--timeout",
            "5",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    rx.recv_timeout(Duration::from_secs(20))
        .expect("the probe wrote its baseline");
    std::thread::sleep(Duration::from_millis(400));
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the probe did not end after Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(
        err.contains("interrupted") && err.contains("were removed"),
        "{err}"
    );
    let log = log.lock().unwrap().clone();
    assert!(
        log.iter()
            .any(|l| l.starts_with("DELETE ") && l.ends_with("/baseline")),
        "{log:#?}"
    );
    assert!(
        stored.lock().unwrap().is_empty(),
        "left: {:?}",
        stored.lock().unwrap()
    );
    // Stopped early: far fewer requests than a whole matrix.
    assert!(
        log.iter().filter(|l| l.starts_with("PUT ")).count() < 10,
        "{log:#?}"
    );
}

#[test]
fn probe_reports_a_hostile_refusal_on_one_inert_line() {
    let endpoint = error_server("403 Forbidden", "Sig\u{202e}\u{200b}::add-mask::x", false);
    let out = Command::cargo_bin("s3sigdiag")
        .unwrap()
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .env(
            "AWS_SECRET_ACCESS_KEY",
            "hostileServerTestSecret/0000000000000000",
        )
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .args([
            "probe",
            "--endpoint",
            &endpoint,
            "--bucket",
            "examplebucket",
            "--timeout",
            "5",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_inert("probe stderr", &err, false, false);
    assert!(err.contains("\\u{202e}"), "{err}");
}
