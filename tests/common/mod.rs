//! Test servers on 127.0.0.1, all bounded: a real S3 server that checks
//! SigV4 (s3s-fs 0.14.1 inside this process) and tiny std servers that
//! misbehave on purpose (HTML page, silence).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

pub const ACCESS_KEY: &str = "AKIDS3SIGDIAGTEST";
pub const SECRET_KEY: &str = "s3sigdiag/test/secret+key=wJalrXUtnFEMI";
pub const BUCKET: &str = "diag";

pub struct S3Server {
    pub addr: SocketAddr,
    pub root: PathBuf,
}

impl S3Server {
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Files left in the bucket directory (s3s-fs stores objects as files).
    pub fn objects(&self) -> Vec<String> {
        fn walk(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<String>) {
            let Ok(rd) = std::fs::read_dir(dir) else {
                return;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, base, out);
                } else {
                    let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                    // s3s-fs keeps internal metadata beside objects.
                    if !rel.starts_with(".") && !rel.contains("/.") {
                        out.push(rel);
                    }
                }
            }
        }
        let mut out = Vec::new();
        let b = self.root.join(BUCKET);
        walk(&b, &b, &mut out);
        out.sort();
        out
    }
}

/// One s3s-fs server per test process, with SigV4 auth on and bucket
/// `diag` created, on an ephemeral port. It lives as long as the process.
pub fn s3_server() -> &'static S3Server {
    static SERVER: OnceLock<S3Server> = OnceLock::new();
    SERVER.get_or_init(start_s3_server)
}

/// Server data directories are named after the test process; statics are
/// never dropped, so each run removes the directories of runs that have
/// ended (where `/proc` tells which processes are alive).
const SERVER_DIR_PREFIX: &str = "s3sigdiag-s3s-";

fn remove_dirs_of_ended_runs() {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(SERVER_DIR_PREFIX))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn start_s3_server() -> S3Server {
    remove_dirs_of_ended_runs();
    let root = std::env::temp_dir().join(format!("{SERVER_DIR_PREFIX}{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join(BUCKET)).unwrap();
    let std_listener = TcpListener::bind("127.0.0.1:0").unwrap();
    std_listener.set_nonblocking(true).unwrap();
    let addr = std_listener.local_addr().unwrap();
    let fs_root = root.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .enable_time()
            .build()
            .unwrap();
        rt.block_on(async move {
            let fs = s3s_fs::FileSystem::new(&fs_root).unwrap();
            let mut b = s3s::service::S3ServiceBuilder::new(fs);
            b.set_auth(s3s::auth::SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
            let service = b.build();
            let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
            let http =
                hyper_util::server::conn::auto::Builder::new(hyper_util::rt::TokioExecutor::new());
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    continue;
                };
                let conn = http
                    .serve_connection(hyper_util::rt::TokioIo::new(socket), service.clone())
                    .into_owned();
                tokio::spawn(async move {
                    let _ = conn.await;
                });
            }
        });
    });
    S3Server { addr, root }
}

/// A server that answers every request with an HTML page (a captive
/// portal, a web server on the wrong port). Serves at most `n` requests.
pub fn html_server(n: usize) -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    std::thread::spawn(move || {
        for s in l.incoming().take(n) {
            let Ok(mut s) = s else { continue };
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let body = "<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>";
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    addr
}

/// A server that accepts connections and never answers; each connection
/// is held for `hold` and then dropped. Serves at most `n` connections.
pub fn silent_server(n: usize, hold: Duration) -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in l.incoming().take(n).flatten() {
            held.push(s);
        }
        std::thread::sleep(hold);
    });
    addr
}

/// A port nothing listens on (bound, then released).
pub fn closed_port() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap()
}

/// Like [`html_server`], but records each request head (request line and
/// headers) so a test can check the exact bytes a client sent.
pub fn recording_server(n: usize) -> (SocketAddr, std::sync::mpsc::Receiver<Vec<u8>>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for s in l.incoming().take(n) {
            let Ok(mut s) = s else { continue };
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let mut head = Vec::new();
            let mut buf = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match s.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(k) => head.extend_from_slice(&buf[..k]),
                }
            }
            let _ = tx.send(head);
            let body = "<html>not s3</html>";
            let _ = write!(
                s,
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (addr, rx)
}

/// The binary with a clean AWS environment pointing at the test key pair.
pub fn cmd() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("s3sigdiag").unwrap();
    c.env_clear()
        .env("HOME", std::env::temp_dir().join("s3sigdiag-no-home"))
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(120));
    c
}
