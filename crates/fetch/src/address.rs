//! The address policy: refuse private, loopback, link-local and other internal
//! addresses after DNS resolution, so a feed cannot steer the crawler into an
//! internal network. The check runs in the HTTP client's resolver (every connection,
//! every redirect hop) and, for IP-literal hosts that skip resolution, before each
//! request.

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    sync::Arc,
};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

use crate::FetchError;

/// True for addresses a crawler of public websites has no business connecting to.
pub(crate) fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_internal_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal_v4(v4);
            }
            let seg = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (seg[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (seg[0] & 0xffc0) == 0xfec0 // site-local (deprecated) fec0::/10
                || (seg[0] == 0x2001 && seg[1] == 0x0db8) // documentation
                || (seg[0] == 0x0064 && seg[1] == 0xff9b) // NAT64 may embed internal v4
                || (seg[0] == 0x2002) // 6to4 may embed internal v4
        }
    }
}

fn is_internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT 100.64.0.0/10
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking 198.18.0.0/15
        || a >= 240 // reserved
}

/// Checks a URL whose host is an IP literal (those skip the resolver). Host names
/// are checked by [`GuardedResolver`] when the connection is made.
pub(crate) fn check_literal(url: &Url, allow_private: bool) -> Result<(), FetchError> {
    if allow_private {
        return Ok(());
    }
    let ip = match url.host() {
        Some(Host::Ipv4(v4)) => IpAddr::V4(v4),
        Some(Host::Ipv6(v6)) => IpAddr::V6(v6),
        Some(Host::Domain(d)) => {
            if d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost")
            {
                return Err(FetchError::PrivateAddress {
                    url: url.to_string(),
                    addr: d.to_string(),
                });
            }
            return Ok(());
        }
        None => return Ok(()),
    };
    if is_internal(ip) {
        return Err(FetchError::PrivateAddress {
            url: url.to_string(),
            addr: ip.to_string(),
        });
    }
    Ok(())
}

/// The error the resolver raises; found again in the client error's source chain
/// and turned into [`FetchError::PrivateAddress`].
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves only to internal addresses ({addrs})")]
pub(crate) struct Refused {
    pub host: String,
    pub addrs: String,
}

/// A DNS resolver that drops internal addresses, and fails when none are left.
#[derive(Clone, Default)]
pub(crate) struct GuardedResolver;

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let (public, internal): (Vec<SocketAddr>, Vec<SocketAddr>) =
                found.into_iter().partition(|a| !is_internal(a.ip()));
            if public.is_empty() {
                let addrs = internal
                    .iter()
                    .map(|a| a.ip().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(Box::new(Refused { host, addrs }) as Box<_>);
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

/// The resolver to install in the strict client.
pub(crate) fn guarded() -> Arc<GuardedResolver> {
    Arc::new(GuardedResolver)
}

/// Finds a [`Refused`] in an error's source chain.
pub(crate) fn refused_in<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a Refused> {
    let mut cur: Option<&'a (dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(r) = e.downcast_ref::<Refused>() {
            return Some(r);
        }
        cur = e.source();
    }
    None
}

#[cfg(test)]
fn v6(s: &str) -> IpAddr {
    IpAddr::V6(s.parse::<std::net::Ipv6Addr>().unwrap())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_ranges() {
        for s in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "255.255.255.255",
            "224.0.0.1",
            "198.18.0.1",
        ] {
            assert!(is_internal(s.parse().unwrap()), "{s}");
        }
        for s in ["::1", "fc00::1", "fe80::1", "::ffff:127.0.0.1", "::"] {
            assert!(is_internal(v6(s)), "{s}");
        }
        for s in ["93.184.216.34", "1.1.1.1", "172.32.0.1"] {
            assert!(!is_internal(s.parse().unwrap()), "{s}");
        }
        assert!(!is_internal(v6("2606:4700::1111")));
    }

    #[test]
    fn literals_checked_unless_allowed() {
        let u = Url::parse("http://127.0.0.1:8080/x").unwrap();
        let e = check_literal(&u, false).unwrap_err();
        assert!(matches!(e, FetchError::PrivateAddress { .. }), "{e}");
        check_literal(&u, true).unwrap();
        let l = Url::parse("http://localhost/").unwrap();
        assert!(check_literal(&l, false).is_err());
        check_literal(&Url::parse("https://example.com/").unwrap(), false).unwrap();
    }

    #[tokio::test]
    async fn resolver_refuses_localhost() {
        let r = GuardedResolver;
        let name: Name = "localhost".parse().unwrap();
        let err = match r.resolve(name).await {
            Ok(_) => panic!("localhost resolved"),
            Err(e) => e,
        };
        assert!(refused_in(err.as_ref()).is_some(), "{err}");
    }
}
