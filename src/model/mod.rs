//! The facts every input becomes, typed once at the input boundary: the
//! exchange (request on the wire, client signing text, server error,
//! response), what the server said in its own words, and which server
//! software answered. Nothing here knows how a diagnosis is made.

pub mod client;
pub mod dialect;
pub mod exchange;
pub mod identify;
pub mod presigned;
pub mod redacted;
pub mod server_says;
