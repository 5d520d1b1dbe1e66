//! The credential scope: `date/region/service/aws4_request`.

use std::fmt;

/// The part of the credential that binds a signature to a day, a region
/// and a service. `terminator` is kept so a wrong one can be reported.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope {
    pub date: String,
    pub region: String,
    pub service: String,
}

impl Scope {
    pub fn new(date: &str, region: &str, service: &str) -> Self {
        Scope {
            date: date.to_string(),
            region: region.to_string(),
            service: service.to_string(),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}/aws4_request",
            self.date, self.region, self.service
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeParseError {
    #[error(
        "credential `{0}` does not have the form ACCESS_KEY/YYYYMMDD/REGION/SERVICE/aws4_request"
    )]
    Shape(String),
}

/// A parsed `Credential=` value: access key, scope and the literal terminator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub access_key: String,
    pub scope: Scope,
    pub terminator: String,
}

impl Credential {
    /// Parses `AKID/20130524/us-east-1/s3/aws4_request`. The access key is
    /// everything before the last four fields, so odd keys survive.
    pub fn parse(value: &str) -> Result<Credential, ScopeParseError> {
        let parts: Vec<&str> = value.rsplitn(5, '/').collect();
        if parts.len() != 5 {
            return Err(ScopeParseError::Shape(value.to_string()));
        }
        Ok(Credential {
            access_key: parts[4].to_string(),
            scope: Scope::new(parts[3], parts[2], parts[1]),
            terminator: parts[0].to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_credential() {
        let c =
            Credential::parse("AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request").unwrap();
        assert_eq!(c.access_key, "AKIAIOSFODNN7EXAMPLE");
        assert_eq!(c.scope.to_string(), "20130524/us-east-1/s3/aws4_request");
        assert!(Credential::parse("AKID/20130524/us-east-1").is_err());
    }
}
