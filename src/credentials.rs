//! AWS-standard credentials and settings: environment, then the shared
//! credentials and config files, the way the AWS CLI and SDKs read them.
//!
//! Precedence (as the AWS CLI): an explicit `--profile` wins; otherwise
//! `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, then the profile named by
//! `AWS_PROFILE` or `default`. A secret read here is a [`SecretKey`] and is
//! never printed; errors name files and keys, never values.

use std::path::{Path, PathBuf};

use ini::Ini;

use crate::secret::SecretKey;

/// An access key pair (and session token) with where it came from.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret: SecretKey,
    pub session_token: Option<SecretKey>,
    /// e.g. "environment" or "profile `dev` in ~/.aws/credentials".
    pub source: String,
}

/// Everything an S3 client would take from its environment.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub credentials: Option<Credentials>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub profile: Option<String>,
}

/// Reads the process environment and the user's files.
pub fn resolve(profile: Option<&str>) -> Result<Settings, String> {
    resolve_with(profile, &|name| {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    })
}

/// [`resolve`] with the environment injected (for tests).
pub fn resolve_with(
    profile: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Settings, String> {
    let explicit = profile.map(str::to_string);
    let profile_name = explicit
        .clone()
        .or_else(|| env("AWS_PROFILE"))
        .unwrap_or_else(|| "default".into());
    let home = env("HOME").map(PathBuf::from);
    let creds_path = env("AWS_SHARED_CREDENTIALS_FILE")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".aws/credentials")));
    let config_path = env("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".aws/config")));
    let creds_file = load_ini(creds_path.as_deref())?;
    let config_file = load_ini(config_path.as_deref())?;
    let from_creds = creds_file
        .as_ref()
        .and_then(|i| section(i, &profile_name, false));
    let from_config = config_file
        .as_ref()
        .and_then(|i| section(i, &profile_name, true));
    if explicit.is_some() && from_creds.is_none() && from_config.is_none() {
        return Err(format!(
            "profile `{profile_name}` not found in {} or {}",
            display(creds_path.as_deref()),
            display(config_path.as_deref())
        ));
    }
    let get = |key: &str| -> Option<(String, &'static str)> {
        from_creds
            .as_ref()
            .and_then(|s| {
                s.iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| (v.clone(), "credentials"))
            })
            .or_else(|| {
                from_config.as_ref().and_then(|s| {
                    s.iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, v)| (v.clone(), "config"))
                })
            })
    };
    let env_creds = match (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
        (Some(ak), Some(sk)) if explicit.is_none() => Some(Credentials {
            access_key_id: ak,
            secret: SecretKey::new(sk),
            session_token: env("AWS_SESSION_TOKEN").map(SecretKey::new),
            source: "environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)".into(),
        }),
        _ => None,
    };
    let profile_creds = match (get("aws_access_key_id"), get("aws_secret_access_key")) {
        (Some((ak, file)), Some((sk, _))) => Some(Credentials {
            access_key_id: ak,
            secret: SecretKey::new(sk),
            session_token: get("aws_session_token").map(|(t, _)| SecretKey::new(t)),
            source: format!(
                "profile `{profile_name}` in {}",
                if file == "credentials" {
                    display(creds_path.as_deref())
                } else {
                    display(config_path.as_deref())
                }
            ),
        }),
        _ => None,
    };
    let region = if explicit.is_some() {
        get("region")
            .map(|(r, _)| r)
            .or_else(|| env("AWS_REGION"))
            .or_else(|| env("AWS_DEFAULT_REGION"))
    } else {
        env("AWS_REGION")
            .or_else(|| env("AWS_DEFAULT_REGION"))
            .or_else(|| get("region").map(|(r, _)| r))
    };
    let endpoint_url = env("AWS_ENDPOINT_URL_S3")
        .or_else(|| env("AWS_ENDPOINT_URL"))
        .or_else(|| get("endpoint_url").map(|(e, _)| e));
    Ok(Settings {
        credentials: env_creds.or(profile_creds),
        region,
        endpoint_url,
        profile: Some(profile_name),
    })
}

fn load_ini(path: Option<&Path>) -> Result<Option<Ini>, String> {
    let Some(path) = path else { return Ok(None) };
    if !path.exists() {
        return Ok(None);
    }
    let text = crate::input::read_input(&path.to_string_lossy()).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&text);
    // The parser's messages quote no values, only positions.
    Ini::load_from_str(&text)
        .map(Some)
        .map_err(|e| format!("{}: not a valid INI file ({})", path.display(), e.msg))
}

/// The key/value pairs of a profile. In the config file profiles other
/// than `default` are spelled `[profile NAME]`.
fn section(ini: &Ini, profile: &str, config_style: bool) -> Option<Vec<(String, String)>> {
    let names: Vec<String> = if config_style && profile != "default" {
        vec![format!("profile {profile}")]
    } else if config_style {
        vec!["default".into(), "profile default".into()]
    } else {
        vec![profile.to_string()]
    };
    names.iter().find_map(|n| {
        ini.section(Some(n.as_str())).map(|p| {
            p.iter()
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                .collect()
        })
    })
}

fn display(path: Option<&Path>) -> String {
    path.map(|p| p.display().to_string())
        .unwrap_or_else(|| "(no HOME)".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> tempdir::Dir {
        tempdir::Dir::new()
    }

    mod tempdir {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Dir {
                let p = std::env::temp_dir().join(format!(
                    "s3sigdiag-cred-{}-{:?}",
                    std::process::id(),
                    std::thread::current().id()
                ));
                std::fs::create_dir_all(&p).unwrap();
                Dir(p)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    #[test]
    fn profile_and_env_precedence() {
        let d = files();
        let creds = d.0.join("credentials");
        let config = d.0.join("config");
        std::fs::write(&creds, "[default]\naws_access_key_id = AKDEFAULT\naws_secret_access_key = sdefault\n[dev]\naws_access_key_id=AKDEV\naws_secret_access_key=sdev\naws_session_token=tok\n").unwrap();
        std::fs::write(&config, "[default]\nregion = eu-west-1\n[profile dev]\nregion = garage\nendpoint_url = http://127.0.0.1:3900\n").unwrap();
        let (c, f) = (
            creds.to_string_lossy().into_owned(),
            config.to_string_lossy().into_owned(),
        );
        let env = |extra: &'static [(&'static str, &'static str)]| {
            let (c, f) = (c.clone(), f.clone());
            move |k: &str| -> Option<String> {
                match k {
                    "AWS_SHARED_CREDENTIALS_FILE" => Some(c.clone()),
                    "AWS_CONFIG_FILE" => Some(f.clone()),
                    _ => extra
                        .iter()
                        .find(|(n, _)| *n == k)
                        .map(|(_, v)| v.to_string()),
                }
            }
        };
        let s = resolve_with(None, &env(&[])).unwrap();
        assert_eq!(s.credentials.unwrap().access_key_id, "AKDEFAULT");
        assert_eq!(s.region.as_deref(), Some("eu-west-1"));
        let s = resolve_with(
            Some("dev"),
            &env(&[
                ("AWS_ACCESS_KEY_ID", "AKENV"),
                ("AWS_SECRET_ACCESS_KEY", "senv"),
            ]),
        )
        .unwrap();
        let cr = s.credentials.unwrap();
        assert_eq!(cr.access_key_id, "AKDEV");
        assert_eq!(cr.secret.expose(), "sdev");
        assert!(cr.session_token.is_some());
        assert_eq!(s.region.as_deref(), Some("garage"));
        assert_eq!(s.endpoint_url.as_deref(), Some("http://127.0.0.1:3900"));
        let s = resolve_with(
            None,
            &env(&[
                ("AWS_ACCESS_KEY_ID", "AKENV"),
                ("AWS_SECRET_ACCESS_KEY", "senv"),
                ("AWS_REGION", "us-west-2"),
            ]),
        )
        .unwrap();
        assert_eq!(s.credentials.unwrap().access_key_id, "AKENV");
        assert_eq!(s.region.as_deref(), Some("us-west-2"));
        let err = resolve_with(Some("nope"), &env(&[])).unwrap_err();
        assert!(err.contains("profile `nope` not found"));
        assert!(!format!("{:?}", resolve_with(Some("dev"), &env(&[])).unwrap()).contains("sdev"));
    }
}
