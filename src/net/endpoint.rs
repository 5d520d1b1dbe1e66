//! The server to talk to: scheme, authority, and how buckets are addressed.

use super::NetError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addressing {
    /// `http://host/bucket/key`
    Path,
    /// `http://bucket.host/key`
    VirtualHost,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `http` or `https`.
    pub scheme: String,
    /// Host name or IP literal (IPv6 in brackets), without the port.
    pub host: String,
    /// Set only when it is not the scheme's default, as `Host:` carries it.
    pub port: Option<u16>,
}

impl Endpoint {
    /// Parses `http(s)://host[:port][/]`. A path, query or credentials in
    /// the URL are refused: they would silently change what gets signed.
    pub fn parse(url: &str) -> Result<Endpoint, NetError> {
        let bad = |why: &str| NetError(format!("bad endpoint URL `{url}`: {why}"));
        let parsed = reqwest::Url::parse(url.trim()).map_err(|e| bad(&e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(bad("expected http:// or https://"));
        }
        let host = parsed
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| bad("no host"))?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(bad(
                "credentials do not belong in the URL; use a profile or AWS_* variables",
            ));
        }
        if parsed.path() != "/" || parsed.query().is_some() {
            return Err(bad(
                "expected only scheme, host and port (the bucket goes in --bucket)",
            ));
        }
        Ok(Endpoint {
            scheme: parsed.scheme().to_string(),
            host: host.to_string(),
            port: parsed.port(),
        })
    }

    /// `host[:port]`, as the `Host` header and the URL carry it.
    pub fn authority(&self) -> String {
        match self.port {
            Some(p) => format!("{}:{p}", self.host),
            None => self.host.clone(),
        }
    }

    /// The port to connect to.
    pub fn port_or_default(&self) -> u16 {
        self.port
            .unwrap_or(if self.scheme == "https" { 443 } else { 80 })
    }

    /// Path-style unless the endpoint is AWS's own (`*.amazonaws.com`),
    /// where virtual-hosted is the norm.
    pub fn default_addressing(&self) -> Addressing {
        if self.host.ends_with(".amazonaws.com") {
            Addressing::VirtualHost
        } else {
            Addressing::Path
        }
    }

    /// The region AWS expects for `s3.REGION.amazonaws.com`, if it says.
    pub fn aws_region(&self) -> Option<String> {
        let rest = self.host.strip_suffix(".amazonaws.com")?;
        let r = rest.rsplit('.').next()?;
        (r != "s3" && !r.is_empty()).then(|| r.trim_start_matches("s3-").to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        let e = Endpoint::parse("http://127.0.0.1:9000").unwrap();
        assert_eq!(e.authority(), "127.0.0.1:9000");
        assert_eq!(e.default_addressing(), Addressing::Path);
        let e = Endpoint::parse("https://s3.eu-west-1.amazonaws.com/").unwrap();
        assert_eq!(e.authority(), "s3.eu-west-1.amazonaws.com");
        assert_eq!(e.port_or_default(), 443);
        assert_eq!(e.aws_region().as_deref(), Some("eu-west-1"));
        assert_eq!(e.default_addressing(), Addressing::VirtualHost);
        for bad in [
            "127.0.0.1:9000",
            "ftp://x",
            "http://",
            "http://h/bucket",
            "http://u:p@h",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
    }
}
