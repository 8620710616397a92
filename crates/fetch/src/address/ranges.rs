//! Which addresses are internal: everything a crawler of public websites has no
//! business connecting to (the IANA IPv4 and IPv6 special-purpose registries), and
//! IPv6 addresses that embed an internal IPv4 address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

use crate::error::FetchError;

/// True for private, loopback, link-local, shared, reserved, documentation,
/// benchmarking, multicast and other non-public addresses.
pub(crate) fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_internal_v4(v4),
        IpAddr::V6(v6) => is_internal_v6(v6),
    }
}

fn is_internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    a == 0 // "this network" 0.0.0.0/8
        || a == 10 // private 10/8
        || (a == 100 && (64..128).contains(&b)) // shared (carrier-grade NAT) 100.64/10
        || a == 127 // loopback 127/8
        || (a == 169 && b == 254) // link-local 169.254/16
        || (a == 172 && (16..32).contains(&b)) // private 172.16/12
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments 192.0.0/24
        || (a == 192 && b == 0 && c == 2) // documentation TEST-NET-1
        || (a == 192 && b == 88 && c == 99) // deprecated 6to4 relay anycast
        || (a == 192 && b == 168) // private 192.168/16
        || (a == 198 && (b == 18 || b == 19)) // benchmarking 198.18/15
        || (a == 198 && b == 51 && c == 100) // documentation TEST-NET-2
        || (a == 203 && b == 0 && c == 113) // documentation TEST-NET-3
        || a >= 224 // multicast 224/4, reserved 240/4, broadcast
}

/// The IPv4 address in the last 32 bits.
fn low_v4(s: &[u16; 8]) -> Ipv4Addr {
    Ipv4Addr::from((u32::from(s[6]) << 16) | u32::from(s[7]))
}

fn is_internal_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    // IPv4-mapped ::ffff:0:0/96 and IPv4-translated ::ffff:0:0:0/96 (SIIT): the
    // IPv4 address is what is reached.
    if s[..5] == [0, 0, 0, 0, 0] && s[5] == 0xffff
        || s[..4] == [0, 0, 0, 0] && s[4] == 0xffff && s[5] == 0
    {
        return is_internal_v4(low_v4(&s));
    }
    // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052): the embedded address decides.
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        return is_internal_v4(low_v4(&s));
    }
    // 6to4 2002::/16 (RFC 3056): the IPv4 address sits in bits 16..48.
    if s[0] == 0x2002 {
        return is_internal_v4(Ipv4Addr::from((u32::from(s[1]) << 16) | u32::from(s[2])));
    }
    // Outside global unicast 2000::/3 nothing is public: ::/96 (unspecified,
    // loopback, IPv4-compatible), 64:ff9b:1::/48 local-use NAT64, 100::/64 discard,
    // 5f00::/16 SRv6, fc00::/7 unique local, fe80::/10 link-local, fec0::/10
    // site-local, ff00::/8 multicast, and the unassigned rest.
    if s[0] & 0xe000 != 0x2000 {
        return true;
    }
    match s[0] {
        // IETF protocol assignments 2001::/23 (Teredo 2001::/32 included: its
        // embedded client address is a NAT's and cannot be vetted), documentation
        // 2001:db8::/32.
        0x2001 => s[1] < 0x0200 || s[1] == 0x0db8,
        // Documentation 3fff::/20.
        0x3fff => s[1] < 0x1000,
        _ => false,
    }
}

/// Refuses a URL whose host is an internal IP literal (those skip DNS) or a
/// `localhost` name. Other names are checked when they are resolved.
pub(crate) fn check_host(url: &Url) -> Result<(), FetchError> {
    let refused = |addr: String| {
        Err(FetchError::PrivateAddress {
            url: url.to_string(),
            addr,
        })
    };
    match url.host() {
        Some(Host::Ipv4(v4)) if is_internal_v4(v4) => refused(v4.to_string()),
        Some(Host::Ipv6(v6)) if is_internal_v6(v6) => refused(v6.to_string()),
        Some(Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            if d == "localhost" || d.ends_with(".localhost") {
                refused(d)
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_ipv4_ranges() {
        for s in [
            "0.0.0.0",
            "0.1.2.3",
            "10.255.255.1",
            "100.64.0.1",
            "100.127.255.254",
            "127.0.0.1",
            "127.255.0.9",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.88.99.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.19.255.1",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
        ] {
            assert!(is_internal(ip(s)), "{s}");
        }
        for s in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.216.34",
            "100.63.255.255",
            "100.128.0.1",
            "172.15.0.1",
            "172.32.0.1",
            "192.0.1.1",
            "192.169.0.1",
            "198.20.0.1",
            "223.255.255.255",
        ] {
            assert!(!is_internal(ip(s)), "{s}");
        }
    }

    #[test]
    fn internal_ipv6_ranges_and_embedded_ipv4() {
        for s in [
            "::",
            "::1",
            "::127.0.0.1",
            "::8.8.8.8", // IPv4-compatible: deprecated, never a public server
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:0:169.254.169.254",
            "64:ff9b::10.0.0.1",
            "64:ff9b::127.0.0.1",
            "64:ff9b:1::8.8.8.8",
            "100::1",
            "2001::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo
            "2001:2::1",
            "2001:db8::1",
            "2002:7f00:1::1",  // 6to4 of 127.0.0.1
            "2002:a00:1::1",   // 6to4 of 10.0.0.1
            "2002:c0a8:101::", // 6to4 of 192.168.1.1
            "3fff::1",
            "5f00::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
        ] {
            assert!(is_internal(ip(s)), "{s}");
        }
        for s in [
            "2606:4700::1111",
            "2a00:1450:4001:80b::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::8.8.8.8", // NAT64 of a public address
            "2002:808:808::1",  // 6to4 of 8.8.8.8
            "2001:4860::8888",
        ] {
            assert!(!is_internal(ip(s)), "{s}");
        }
    }

    #[test]
    fn literal_and_localhost_hosts_are_checked() {
        for u in [
            "http://127.0.0.1:8080/x",
            "http://10.255.255.1/secret",
            "http://[::1]/",
            "http://[::ffff:7f00:1]/",
            "http://2130706433/", // 127.0.0.1 as one decimal number
            "http://0x7f.1/",
            "http://localhost/",
            "http://LOCALHOST./",
            "http://api.localhost:3000/",
        ] {
            let url = Url::parse(u).unwrap();
            let e = check_host(&url).unwrap_err();
            assert!(matches!(e, FetchError::PrivateAddress { .. }), "{u}: {e}");
        }
        for u in [
            "https://example.com/",
            "http://93.184.216.34/",
            "http://[2606:4700::1111]/",
        ] {
            check_host(&Url::parse(u).unwrap()).unwrap();
        }
    }
}
