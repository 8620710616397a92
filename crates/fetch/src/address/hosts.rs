//! The hosts the configuration names as allowed to be private: a source's own URL
//! (its host and port, with `allow_private`), and `allow_private_hosts` entries.

use url::{Host, Url};

/// One allowed host, on one port or on any.
#[derive(Clone, Debug, PartialEq, Eq)]
struct HostRule {
    host: Host<String>,
    /// `None`: any port.
    port: Option<u16>,
}

/// Hosts that may resolve to (or be) private, loopback or link-local addresses.
/// Requests to any other host go through the address guard.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PrivateHosts {
    rules: Vec<HostRule>,
}

impl PrivateHosts {
    /// Parses `allow_private_hosts` entries: `host` (any port), `host:port`,
    /// `[v6]`, `[v6]:port`, a bare IPv6 address, or a URL (`http://host:port/`,
    /// its host on its port).
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<PrivateHosts, String> {
        let mut out = PrivateHosts::default();
        for entry in entries {
            out.rules.push(parse_rule(entry.as_ref())?);
        }
        Ok(out)
    }

    /// Allows the host and port of `url` (a source's own URL).
    pub fn add_url(&mut self, url: &Url) {
        if let Some(host) = url.host() {
            let rule = HostRule {
                host: host.to_owned(),
                port: url.port_or_known_default(),
            };
            if !self.rules.contains(&rule) {
                self.rules.push(rule);
            }
        }
    }

    /// Adds every rule of `other`.
    pub fn extend(&mut self, other: &PrivateHosts) {
        for rule in &other.rules {
            if !self.rules.contains(rule) {
                self.rules.push(rule.clone());
            }
        }
    }

    /// True when the configuration names `url`'s host (and port).
    pub fn admits(&self, url: &Url) -> bool {
        let Some(host) = url.host() else {
            return false;
        };
        let host = host.to_owned();
        let port = url.port_or_known_default();
        self.rules
            .iter()
            .any(|r| r.host == host && (r.port.is_none() || r.port == port))
    }
}

fn parse_rule(entry: &str) -> Result<HostRule, String> {
    let e = entry.trim();
    if e.is_empty() {
        return Err("empty host".into());
    }
    if e.contains("://") {
        let url = Url::parse(e).map_err(|err| format!("{e:?}: {err}"))?;
        let host = url.host().ok_or_else(|| format!("{e:?}: no host"))?;
        return Ok(HostRule {
            host: host.to_owned(),
            port: url.port_or_known_default(),
        });
    }
    // A bare IPv6 address has colons a port would be read from.
    let spelled = match e.parse::<std::net::Ipv6Addr>() {
        Ok(v6) => format!("[{v6}]"),
        Err(_) => e.to_string(),
    };
    let url = Url::parse(&format!("http://{spelled}/"))
        .map_err(|err| format!("{e:?} is not a host or host:port: {err}"))?;
    if url.path() != "/" || url.query().is_some() || !url.username().is_empty() {
        return Err(format!("{e:?} is not a host or host:port"));
    }
    let host = url.host().ok_or_else(|| format!("{e:?}: no host"))?;
    Ok(HostRule {
        host: host.to_owned(),
        // `Url` drops a port equal to the scheme's default: read it back.
        port: url.port().or_else(|| explicit_default_port(&spelled)),
    })
}

/// `Some(80)` when the entry spells out `:80` (which `Url` forgets for http).
fn explicit_default_port(spelled: &str) -> Option<u16> {
    let tail = spelled.rsplit_once(':')?.1;
    (tail == "80").then_some(80)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn entries_name_hosts_and_ports() {
        let hosts = PrivateHosts::parse(&[
            "127.0.0.1:8080",
            "Intranet.Example",
            "[::1]:9000",
            "fd00::5",
            "https://wiki.corp/",
            "files.corp:80",
        ])
        .unwrap();
        assert!(hosts.admits(&url("http://127.0.0.1:8080/a")));
        assert!(!hosts.admits(&url("http://127.0.0.1:8081/a")));
        assert!(!hosts.admits(&url("http://127.0.0.2:8080/a")));
        assert!(hosts.admits(&url("http://intranet.example/")));
        assert!(hosts.admits(&url("https://intranet.example:8443/")));
        assert!(!hosts.admits(&url("http://other.intranet.example/")));
        assert!(hosts.admits(&url("http://[::1]:9000/")));
        assert!(!hosts.admits(&url("http://[::1]:9001/")));
        assert!(hosts.admits(&url("http://[fd00::5]:1234/")));
        assert!(hosts.admits(&url("https://wiki.corp/x")));
        assert!(!hosts.admits(&url("http://wiki.corp/x")), "port 443 only");
        assert!(hosts.admits(&url("http://files.corp/")));
        assert!(!hosts.admits(&url("http://files.corp:8080/")));
        assert!(!PrivateHosts::default().admits(&url("http://127.0.0.1/")));
    }

    #[test]
    fn a_source_url_names_its_host_and_port_only() {
        let mut hosts = PrivateHosts::default();
        hosts.add_url(&url("http://127.0.0.1:5000/feed.xml"));
        assert!(hosts.admits(&url("http://127.0.0.1:5000/news/1")));
        assert!(!hosts.admits(&url("http://127.0.0.1:5001/")));
        assert!(!hosts.admits(&url("http://localhost:5000/")));
    }

    #[test]
    fn bad_entries_are_named() {
        for bad in ["", "http://", "host/path", "a b", "user@host"] {
            let e = PrivateHosts::parse(&[bad]).unwrap_err();
            assert!(!e.is_empty(), "{bad}");
        }
    }
}
