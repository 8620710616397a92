//! HTTP proxies: `[fetch] proxy`, else the conventional environment variables
//! (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, upper or lower case).
//! Credentials in a proxy URL are sent to the proxy and never shown: [`ProxyUrl`]
//! prints and serialises with the password replaced by `***`.

use std::collections::HashSet;

use reqwest::{ClientBuilder, NoProxy, Proxy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use url::Url;

use crate::error::FetchError;

/// A proxy URL (`http://[user:password@]host:port`; `https://` for a TLS proxy; a
/// bare `host:port` means `http://`). Its password never appears in `Debug`,
/// `Display` or serialised output.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyUrl(Url);

impl ProxyUrl {
    /// Parses and checks a proxy URL. Errors never repeat the password.
    pub fn parse(raw: &str) -> Result<ProxyUrl, String> {
        let raw = raw.trim();
        let spelled = if raw.contains("://") {
            raw.to_string()
        } else {
            format!("http://{raw}")
        };
        let url = Url::parse(&spelled)
            .map_err(|e| format!("proxy {:?} is not a URL: {e}", redact_text(&spelled)))?;
        let shown = ProxyUrl(url.clone()).to_string();
        match url.scheme() {
            "http" | "https" => {}
            s if s.starts_with("socks") => {
                return Err(format!(
                    "proxy {shown}: SOCKS proxies are not supported, use an HTTP proxy"
                ))
            }
            s => return Err(format!("proxy {shown}: scheme {s:?} is not http or https")),
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(format!("proxy {shown}: no host"));
        }
        if !matches!(url.path(), "" | "/") || url.query().is_some() {
            return Err(format!("proxy {shown}: a proxy URL has no path or query"));
        }
        Ok(ProxyUrl(url))
    }

    /// The proxy's host name (lower case), as the resolver sees it.
    pub fn host(&self) -> String {
        self.0
            .host_str()
            .unwrap_or("")
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase()
    }

    /// True when the URL carries a user name or password.
    pub fn has_credentials(&self) -> bool {
        !self.0.username().is_empty() || self.0.password().is_some()
    }

    pub(crate) fn url(&self) -> &Url {
        &self.0
    }
}

/// `scheme://user:***@host...` for a URL-ish text that may not parse.
fn redact_text(text: &str) -> String {
    match (text.find("://"), text.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}***{}", &text[..s + 3], &text[at..]),
        _ => text.to_string(),
    }
}

impl std::fmt::Display for ProxyUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut shown = self.0.clone();
        if shown.password().is_some() {
            let _ = shown.set_password(Some("***"));
        }
        f.write_str(shown.as_str())
    }
}

impl std::fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProxyUrl({self})")
    }
}

impl Serialize for ProxyUrl {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for ProxyUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ProxyUrl, D::Error> {
        let raw = String::deserialize(d)?;
        ProxyUrl::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// The proxies in force, and where they came from (for the log).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Proxies {
    pub http: Option<ProxyUrl>,
    pub https: Option<ProxyUrl>,
    /// `NO_PROXY` as given: hosts, domains (with subdomains), IPs and CIDR ranges,
    /// comma-separated; `*` for all.
    pub no_proxy: String,
    /// `[fetch] proxy` or the variable names read.
    pub from: String,
}

/// The first set, non-empty variable of `names`, with its name.
fn first_var(
    env: &dyn Fn(&str) -> Option<String>,
    names: &[&'static str],
) -> Option<(&'static str, String)> {
    names.iter().find_map(|n| {
        env(n)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .map(|v| (*n, v))
    })
}

impl Proxies {
    /// The proxies for a configured `proxy` (which wins) or the environment, read
    /// through `env` (`std::env::var` in production). `HTTP_PROXY` in upper case is
    /// ignored when `REQUEST_METHOD` is set (a CGI context, where a request's
    /// `Proxy:` header arrives as that variable).
    pub fn resolve(
        configured: Option<&ProxyUrl>,
        use_env: bool,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Proxies, FetchError> {
        let no_proxy = if use_env {
            first_var(env, &["NO_PROXY", "no_proxy"])
                .map(|(_, v)| v)
                .unwrap_or_default()
        } else {
            String::new()
        };
        if let Some(p) = configured {
            return Ok(Proxies {
                http: Some(p.clone()),
                https: Some(p.clone()),
                no_proxy,
                from: "[fetch] proxy".into(),
            });
        }
        if !use_env {
            return Ok(Proxies::default());
        }
        let cgi = env("REQUEST_METHOD").is_some();
        let http_names: &[&'static str] = if cgi {
            &["http_proxy"]
        } else {
            &["HTTP_PROXY", "http_proxy"]
        };
        let parse = |found: Option<(&'static str, String)>| {
            found
                .map(|(name, v)| {
                    ProxyUrl::parse(&v)
                        .map(|p| (name, p))
                        .map_err(|reason| FetchError::Config {
                            reason: format!("environment variable {name}: {reason}"),
                        })
                })
                .transpose()
        };
        let all = parse(first_var(env, &["ALL_PROXY", "all_proxy"]))?;
        let http = parse(first_var(env, http_names))?.or_else(|| all.clone());
        let https = parse(first_var(env, &["HTTPS_PROXY", "https_proxy"]))?.or(all);
        let mut from: Vec<&str> = Vec::new();
        for (name, _) in http.iter().chain(https.iter()) {
            if !from.contains(name) {
                from.push(name);
            }
        }
        Ok(Proxies {
            http: http.map(|(_, p)| p),
            https: https.map(|(_, p)| p),
            no_proxy,
            from: from.join(", "),
        })
    }

    /// True when any proxy is set.
    pub fn any(&self) -> bool {
        self.http.is_some() || self.https.is_some()
    }

    /// True when requests to `url`'s scheme go to a proxy (unless `NO_PROXY`
    /// exempts the host, which the client decides).
    pub fn covers(&self, url: &Url) -> bool {
        match url.scheme() {
            "http" => self.http.is_some(),
            "https" => self.https.is_some(),
            _ => false,
        }
    }

    /// The proxies' host names, which the guarded resolver lets resolve to private
    /// addresses.
    pub fn hosts(&self) -> HashSet<String> {
        self.http
            .iter()
            .chain(self.https.iter())
            .map(ProxyUrl::host)
            .collect()
    }

    /// Installs the proxies in a client (and nothing from the environment besides).
    pub fn apply(&self, mut builder: ClientBuilder) -> Result<ClientBuilder, FetchError> {
        builder = builder.no_proxy();
        let bad = |p: &ProxyUrl, e: reqwest::Error| FetchError::Config {
            reason: format!("proxy {p}: {e}"),
        };
        if let Some(p) = &self.http {
            let proxy = Proxy::http(p.url().as_str()).map_err(|e| bad(p, e))?;
            builder = builder.proxy(proxy.no_proxy(NoProxy::from_string(&self.no_proxy)));
        }
        if let Some(p) = &self.https {
            let proxy = Proxy::https(p.url().as_str()).map_err(|e| bad(p, e))?;
            builder = builder.proxy(proxy.no_proxy(NoProxy::from_string(&self.no_proxy)));
        }
        Ok(builder)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn shown(p: &Option<ProxyUrl>) -> Option<String> {
        p.as_ref().map(ToString::to_string)
    }

    #[test]
    fn passwords_are_never_shown() {
        let p = ProxyUrl::parse("http://alice:s3cret@proxy.corp:3128").unwrap();
        assert_eq!(p.to_string(), "http://alice:***@proxy.corp:3128/");
        assert!(!format!("{p:?}").contains("s3cret"));
        assert!(!serde_json::to_string(&p).unwrap().contains("s3cret"));
        assert!(p.has_credentials() && p.host() == "proxy.corp");
        assert_eq!(p.url().password(), Some("s3cret"), "kept for the proxy");
        let e = ProxyUrl::parse("socks5://bob:hunter2@10.0.0.1:1080").unwrap_err();
        assert!(e.contains("SOCKS") && !e.contains("hunter2"), "{e}");
        let e = ProxyUrl::parse("http://bob:hunter2@[bad").unwrap_err();
        assert!(!e.contains("hunter2"), "{e}");
        assert_eq!(
            ProxyUrl::parse("proxy.corp:8080").unwrap().to_string(),
            "http://proxy.corp:8080/"
        );
        assert!(ProxyUrl::parse("http://proxy.corp:8080/path").is_err());
    }

    #[test]
    fn environment_variables_in_curl_order() {
        let p = Proxies::resolve(
            None,
            true,
            &env(&[
                ("HTTPS_PROXY", "http://secure.corp:3128"),
                ("http_proxy", "plain.corp:8080"),
                ("NO_PROXY", "localhost, .internal"),
            ]),
        )
        .unwrap();
        assert_eq!(shown(&p.https).unwrap(), "http://secure.corp:3128/");
        assert_eq!(shown(&p.http).unwrap(), "http://plain.corp:8080/");
        assert_eq!(p.no_proxy, "localhost, .internal");
        assert_eq!(p.from, "http_proxy, HTTPS_PROXY");
        assert_eq!(
            p.hosts(),
            HashSet::from(["secure.corp".to_string(), "plain.corp".to_string()])
        );
        // ALL_PROXY fills in; upper case wins over lower case.
        let p = Proxies::resolve(
            None,
            true,
            &env(&[
                ("all_proxy", "http://all.corp:1"),
                ("HTTPS_PROXY", "http://upper.corp:2"),
                ("https_proxy", "http://lower.corp:3"),
            ]),
        )
        .unwrap();
        assert_eq!(shown(&p.http).unwrap(), "http://all.corp:1/");
        assert_eq!(shown(&p.https).unwrap(), "http://upper.corp:2/");
        // CGI: HTTP_PROXY may come from a request header, so it is ignored.
        let p = Proxies::resolve(
            None,
            true,
            &env(&[("REQUEST_METHOD", "GET"), ("HTTP_PROXY", "http://evil:1")]),
        )
        .unwrap();
        assert!(!p.any());
        // Empty variables are unset.
        assert!(!Proxies::resolve(None, true, &env(&[("HTTPS_PROXY", " ")]))
            .unwrap()
            .any());
    }

    #[test]
    fn the_configured_proxy_wins_and_env_can_be_ignored() {
        let vars = env(&[("HTTPS_PROXY", "http://env.corp:1"), ("NO_PROXY", "*.lan")]);
        let mine = ProxyUrl::parse("http://mine.corp:9").unwrap();
        let p = Proxies::resolve(Some(&mine), true, &vars).unwrap();
        assert_eq!(p.https.as_ref(), Some(&mine));
        assert_eq!(p.http.as_ref(), Some(&mine));
        assert_eq!(p.no_proxy, "*.lan");
        assert_eq!(p.from, "[fetch] proxy");
        assert!(!Proxies::resolve(None, false, &vars).unwrap().any());
        assert!(p.covers(&Url::parse("https://e.com/").unwrap()));
    }

    #[test]
    fn a_bad_variable_is_named_without_its_password() {
        let e = Proxies::resolve(
            None,
            true,
            &env(&[("HTTPS_PROXY", "ftp://u:topsecret@proxy:21")]),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("HTTPS_PROXY") && !e.contains("topsecret"), "{e}");
    }
}
