//! The address policy: private, loopback, link-local and every other non-public
//! address is reached only at hosts the configuration names.
//!
//! - [`ranges`] says which addresses are internal (all IANA special-purpose ranges,
//!   and IPv4 addresses embedded in IPv6 ones).
//! - [`hosts`] holds the hosts the configuration names ([`PrivateHosts`]): a
//!   source's own URL host and port, and `allow_private_hosts` entries.
//! - [`resolver`] is the DNS resolver of the guarded HTTP client: it drops internal
//!   answers, so the check is on the very addresses connected to (no gap between a
//!   check and the connection for DNS rebinding to use). IP-literal hosts skip DNS
//!   and are checked by [`ranges::check_host`] before the request; requests sent
//!   through a proxy are checked by [`ProxyGuard`] first, since the proxy resolves
//!   the name itself.

mod hosts;
mod ranges;
mod resolver;

pub(crate) use hosts::PrivateHosts;
pub(crate) use ranges::check_host;
pub(crate) use resolver::{refused_in, GuardedResolver, ProxyGuard, SystemResolver};
