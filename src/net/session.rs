//! What replay and probe share once their flags are resolved: where to
//! send, how to address the bucket, the region, the credentials and the
//! sender.

use super::endpoint::{Addressing, Endpoint};
use super::transport::Sender;
use crate::credentials::Credentials;

/// Endpoint, credentials and settings resolved once for replay and probe.
pub struct Session {
    pub endpoint: Endpoint,
    pub addressing: Addressing,
    pub region: String,
    pub credentials: Credentials,
    pub sender: Sender,
}
