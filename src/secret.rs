//! The secret key: read from the environment or a file, never from a flag
//! value, and never printable (`Debug` redacts; there is no `Display`).

use std::path::Path;

use zeroize_free::Redacted;

/// A secret access key. The bytes are reachable only through
/// [`SecretKey::expose`], which signing code calls and nothing prints.
#[derive(Clone)]
pub struct SecretKey(Redacted);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

impl SecretKey {
    pub fn new(value: String) -> Self {
        // From now on no output carries it, in any spelling.
        crate::redact::hold_own(&value);
        SecretKey(Redacted(value))
    }

    pub fn expose(&self) -> &str {
        &self.0.0
    }

    /// The first line of `file`, else `AWS_SECRET_ACCESS_KEY` if set.
    pub fn load(file: Option<&Path>) -> Result<Option<SecretKey>, String> {
        if file.is_some() {
            return Self::load_file(file);
        }
        match std::env::var("AWS_SECRET_ACCESS_KEY") {
            Ok(v) if !v.is_empty() => Ok(Some(SecretKey::new(v))),
            _ => Ok(None),
        }
    }

    /// The first line of `file` (`None` without a file).
    pub fn load_file(file: Option<&Path>) -> Result<Option<SecretKey>, String> {
        if let Some(path) = file {
            // The argument is not echoed: a user may have pasted the secret
            // itself where the path belongs.
            let text = std::fs::read_to_string(path).map_err(|e| {
                crate::redact::hold(&path.to_string_lossy());
                format!(
                    "cannot read the secret key file (the argument is not shown: it may be the secret itself): {}",
                    e.kind()
                )
            })?;
            // Only the line terminator goes: other whitespace may be the bug
            // being diagnosed, and is reported, not silently fixed.
            let line = text.lines().next().unwrap_or("").to_string();
            if line.is_empty() {
                return Err(format!("{}: the secret key file is empty", path.display()));
            }
            return Ok(Some(SecretKey::new(line)));
        }
        Ok(None)
    }
}

mod zeroize_free {
    /// A wrapper whose only job is to keep the value out of derived impls.
    #[derive(Clone)]
    pub struct Redacted(pub String);
}
