//! Known client bugs that `replay --emulate` reproduces on purpose, so a
//! user can check a suspicion against their own server.

use crate::sigv4::uri_encode;

/// One deviation from a correct SigV4 request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Emulation {
    /// Sign the encoded key (`a%3D%3D.json`), send it raw (`a==.json`).
    SignEncodedSendRaw,
    /// Sign the raw key (`a==.json`), send it encoded.
    SignRawSendEncoded,
    /// Sign the key correctly (`%20`) but put it on the URL form-encoded
    /// (space as `+`), as an HTTP library with form semantics does.
    PlusForSpace,
    /// Sign the already encoded path encoded again (`%253D`), as a
    /// generic (non-S3) SigV4 signer does; send it encoded once.
    DoubleEncode,
    /// Sign the path with dot segments removed and `//` merged (a generic
    /// signer or URL library), send it as written.
    NormalizePath,
    /// Sign `transfer-encoding: chunked`, then send without it (a proxy
    /// or HTTP stack dropped the hop-by-hop header).
    SignTransferEncoding,
    /// Send an `x-amz-meta-*` header that is not signed.
    UnsignedXAmzHeader,
    /// Sign with a clock this many seconds off.
    Skew(i64),
    /// Sign with this region in the scope.
    Region(String),
}

/// The names `--emulate` accepts, for help and errors.
pub const STYLES: &str = "sign-encoded-send-raw, sign-raw-send-encoded, plus-for-space, double-encode, \
normalize-path, sign-transfer-encoding, unsigned-x-amz-header, skew=±N[s|m|h], region=NAME";

impl Emulation {
    pub fn parse(text: &str) -> Result<Emulation, String> {
        let t = text.trim();
        Ok(match t {
            "sign-encoded-send-raw" => Emulation::SignEncodedSendRaw,
            "sign-raw-send-encoded" => Emulation::SignRawSendEncoded,
            "plus-for-space" => Emulation::PlusForSpace,
            "double-encode" => Emulation::DoubleEncode,
            "normalize-path" => Emulation::NormalizePath,
            "sign-transfer-encoding" => Emulation::SignTransferEncoding,
            "unsigned-x-amz-header" => Emulation::UnsignedXAmzHeader,
            _ => {
                if let Some(v) = t.strip_prefix("skew=") {
                    Emulation::Skew(parse_duration(v).ok_or_else(|| {
                        format!("--emulate `{t}`: expected skew=±N followed by s, m or h (e.g. skew=+20m)")
                    })?)
                } else if let Some(r) = t.strip_prefix("region=") {
                    if r.is_empty() || r.contains('/') {
                        return Err(format!(
                            "--emulate `{t}`: expected region=NAME (e.g. region=eu-west-1)"
                        ));
                    }
                    Emulation::Region(r.to_string())
                } else {
                    return Err(format!(
                        "--emulate `{t}` is not a known style; expected one of: {STYLES}"
                    ));
                }
            }
        })
    }

    pub fn name(&self) -> String {
        match self {
            Emulation::SignEncodedSendRaw => "sign-encoded-send-raw".into(),
            Emulation::SignRawSendEncoded => "sign-raw-send-encoded".into(),
            Emulation::PlusForSpace => "plus-for-space".into(),
            Emulation::DoubleEncode => "double-encode".into(),
            Emulation::NormalizePath => "normalize-path".into(),
            Emulation::SignTransferEncoding => "sign-transfer-encoding".into(),
            Emulation::UnsignedXAmzHeader => "unsigned-x-amz-header".into(),
            Emulation::Skew(s) => {
                let sign = if *s >= 0 { "+" } else { "-" };
                let a = s.unsigned_abs();
                match a {
                    _ if a % 3600 == 0 && a > 0 => format!("skew={sign}{}h", a / 3600),
                    _ if a % 60 == 0 && a > 0 => format!("skew={sign}{}m", a / 60),
                    _ => format!("skew={sign}{a}s"),
                }
            }
            Emulation::Region(r) => format!("region={r}"),
        }
    }

    /// True for the styles that change how the key is spelled; only one
    /// of them can apply to a request.
    pub fn is_path_style(&self) -> bool {
        matches!(
            self,
            Emulation::SignEncodedSendRaw
                | Emulation::SignRawSendEncoded
                | Emulation::PlusForSpace
                | Emulation::DoubleEncode
                | Emulation::NormalizePath
        )
    }

    /// What the deviation is, in one phrase.
    pub fn deviation(&self) -> String {
        match self {
            Emulation::SignEncodedSendRaw => {
                "the key was signed percent-encoded but sent raw".into()
            }
            Emulation::SignRawSendEncoded => {
                "the key was signed raw but sent percent-encoded".into()
            }
            Emulation::PlusForSpace => "spaces were sent as `+` while `%20` was signed".into(),
            Emulation::DoubleEncode => "the path was signed encoded twice (`%253D`)".into(),
            Emulation::NormalizePath => {
                "the path was signed normalized (`//`, `.`, `..` removed) but sent as written"
                    .into()
            }
            Emulation::SignTransferEncoding => "`transfer-encoding` was signed but not sent".into(),
            Emulation::UnsignedXAmzHeader => "an `x-amz-meta-*` header was sent unsigned".into(),
            Emulation::Skew(s) => format!(
                "the request was signed with a clock {} off",
                crate::timefmt::human_duration(*s)
            ),
            Emulation::Region(r) => format!("the scope names region `{r}`"),
        }
    }

    /// What AWS S3 does with the same deviation, so a server that
    /// tolerates it can be compared.
    pub fn aws_behaviour(&self) -> &'static str {
        match self {
            Emulation::SignEncodedSendRaw => {
                "AWS S3 accepts this too (it decodes the received path and encodes it once); servers and proxies that canonicalize the raw path reject it"
            }
            Emulation::SignRawSendEncoded => {
                "AWS S3 rejects this with SignatureDoesNotMatch when the key holds characters SigV4 encodes"
            }
            Emulation::PlusForSpace => {
                "AWS S3 rejects this: in a path `+` is a plus sign, so it verifies `%2B`"
            }
            Emulation::DoubleEncode => "AWS S3 rejects this: S3 signs the path encoded once",
            Emulation::NormalizePath => {
                "AWS S3 rejects this: S3 does not normalize paths, `//` and `.` are part of the key"
            }
            Emulation::SignTransferEncoding => {
                "AWS S3 rejects this: a signed header that is missing has an empty value in its canonical request"
            }
            Emulation::UnsignedXAmzHeader => {
                "AWS S3 requires every x-amz-* header sent with a presigned URL to be signed"
            }
            Emulation::Skew(_) => {
                "AWS S3 rejects requests more than 15 minutes off with RequestTimeTooSkewed"
            }
            Emulation::Region(_) => {
                "AWS S3 rejects a wrong region with AuthorizationHeaderMalformed (naming the bucket's region)"
            }
        }
    }
}

/// `+20m`, `-90s`, `1h`, `300` (seconds).
fn parse_duration(v: &str) -> Option<i64> {
    let (sign, rest) = match v.as_bytes().first()? {
        b'+' => (1, &v[1..]),
        b'-' => (-1, &v[1..]),
        _ => (1, v),
    };
    let (num, unit) = match rest.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => rest.split_at(i),
        None => (rest, "s"),
    };
    let n: i64 = num.parse().ok()?;
    let mult = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86400,
        _ => return None,
    };
    n.checked_mul(mult)?.checked_mul(sign)
}

/// How a key is spelled on the wire and in the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// AWS's form: every byte outside the unreserved set as `%XX`, `/` kept.
    Aws,
    /// The key's bytes as they are.
    Raw,
    /// Every byte but ASCII letters, digits and `/` encoded (`~`, `.`, `-`, `_` too).
    EncodeAll,
    /// AWS's form encoded again (`%` → `%25`).
    Double,
    /// AWS's form with `%20` written as `+` (form encoding).
    PlusForSpace,
}

impl Spelling {
    pub fn apply(self, key: &str) -> String {
        match self {
            Spelling::Aws => uri_encode(key.as_bytes(), true),
            Spelling::Raw => key.to_string(),
            Spelling::EncodeAll => {
                let mut out = String::new();
                for &b in key.as_bytes() {
                    if b.is_ascii_alphanumeric() || b == b'/' {
                        out.push(b as char);
                    } else {
                        out.push_str(&format!("%{b:02X}"));
                    }
                }
                out
            }
            Spelling::Double => uri_encode(uri_encode(key.as_bytes(), true).as_bytes(), true),
            Spelling::PlusForSpace => uri_encode(key.as_bytes(), true).replace("%20", "+"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_style_and_rejects_others() {
        for s in STYLES.split(", ") {
            let s = s.replace("±N[s|m|h]", "+20m").replace("NAME", "eu-west-1");
            assert!(Emulation::parse(&s).is_ok(), "{s}");
        }
        assert_eq!(Emulation::parse("skew=+20m"), Ok(Emulation::Skew(1200)));
        assert_eq!(Emulation::parse("skew=-90s"), Ok(Emulation::Skew(-90)));
        assert_eq!(Emulation::Skew(1200).name(), "skew=+20m");
        assert_eq!(Emulation::Skew(-90).name(), "skew=-90s");
        assert!(Emulation::parse("skew=soon").is_err());
        assert!(Emulation::parse("region=").is_err());
        assert!(
            Emulation::parse("nope")
                .unwrap_err()
                .contains("sign-encoded-send-raw")
        );
    }

    #[test]
    fn spellings() {
        assert_eq!(Spelling::Aws.apply("d/a==.json"), "d/a%3D%3D.json");
        assert_eq!(Spelling::Raw.apply("d/a==.json"), "d/a==.json");
        assert_eq!(Spelling::EncodeAll.apply("a~b.c"), "a%7Eb%2Ec");
        assert_eq!(Spelling::Double.apply("a=b"), "a%253Db");
        assert_eq!(Spelling::PlusForSpace.apply("a b+c"), "a+b%2Bc");
    }
}
