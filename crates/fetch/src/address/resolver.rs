//! DNS with the address guard: [`GuardedResolver`] wraps a base resolver (the
//! system's, or a test's) and drops internal answers, so a public name that
//! resolves to a private address is refused when the connection is made, on the
//! addresses actually connected to. [`ProxyGuard`] checks names before they are
//! sent to a proxy.

use std::{
    collections::{HashMap, HashSet},
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use tokio::time::Instant;

use super::ranges::is_internal;

/// The error the guard raises; found again in the client error's source chain and
/// turned into [`crate::FetchError::PrivateAddress`].
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves to internal addresses ({addrs})")]
pub(crate) struct Refused {
    pub host: String,
    pub addrs: String,
}

/// The operating system's resolver (`getaddrinfo` on a blocking thread).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SystemResolver;

impl Resolve for SystemResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

/// A resolver that drops internal addresses and fails when none are left. Names in
/// `trusted` (the configured proxies' hosts, which may sit on a private network)
/// are passed through unchecked.
pub(crate) struct GuardedResolver {
    base: Arc<dyn Resolve>,
    trusted: HashSet<String>,
}

impl GuardedResolver {
    pub fn new(base: Arc<dyn Resolve>, trusted: HashSet<String>) -> GuardedResolver {
        GuardedResolver { base, trusted }
    }
}

fn listed(addrs: &[SocketAddr]) -> String {
    addrs
        .iter()
        .map(|a| a.ip().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_ascii_lowercase();
        if self.trusted.contains(&host) {
            return self.base.resolve(name);
        }
        let lookup = self.base.resolve(name);
        Box::pin(async move {
            let found: Vec<SocketAddr> = lookup.await?.collect();
            let (public, internal): (Vec<SocketAddr>, Vec<SocketAddr>) =
                found.into_iter().partition(|a| !is_internal(a.ip()));
            if public.is_empty() {
                let addrs = if internal.is_empty() {
                    "no addresses".to_string()
                } else {
                    listed(&internal)
                };
                return Err(Box::new(Refused { host, addrs }) as Box<_>);
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

/// Checks a name before a request goes through a proxy (which resolves the name
/// itself): refused when any address it resolves to here is internal. A name that
/// does not resolve here (networks where only the proxy can resolve outside names)
/// is left to the proxy.
async fn precheck(base: &dyn Resolve, host: &str, limit: Duration) -> Result<(), Refused> {
    let Ok(name) = host.parse::<Name>() else {
        return Ok(());
    };
    let found: Vec<SocketAddr> = match tokio::time::timeout(limit, base.resolve(name)).await {
        Ok(Ok(addrs)) => addrs.collect(),
        Ok(Err(_)) | Err(_) => return Ok(()),
    };
    let internal: Vec<SocketAddr> = found.into_iter().filter(|a| is_internal(a.ip())).collect();
    if internal.is_empty() {
        Ok(())
    } else {
        Err(Refused {
            host: host.to_string(),
            addrs: listed(&internal),
        })
    }
}

/// How long a name that passed [`precheck`] is trusted before it is looked up again.
const PASSED_TTL: Duration = Duration::from_secs(60);
/// Names remembered at most (the memory is cleared when full).
const PASSED_MAX: usize = 10_000;

/// [`precheck`] for requests sent through a proxy, remembering names that passed
/// for a minute so a crawl through a proxy does not look every page's host up.
pub(crate) struct ProxyGuard {
    base: Arc<dyn Resolve>,
    limit: Duration,
    passed: Mutex<HashMap<String, Instant>>,
}

impl ProxyGuard {
    /// Looks names up with `base`, each lookup within `limit`.
    pub fn new(base: Arc<dyn Resolve>, limit: Duration) -> ProxyGuard {
        ProxyGuard {
            base,
            limit,
            passed: Mutex::new(HashMap::new()),
        }
    }

    pub async fn check(&self, host: &str) -> Result<(), Refused> {
        let passed = |m: &Mutex<HashMap<String, Instant>>| {
            m.lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(host)
                .is_some_and(|t| t.elapsed() < PASSED_TTL)
        };
        if passed(&self.passed) {
            return Ok(());
        }
        precheck(self.base.as_ref(), host, self.limit).await?;
        let mut map = self.passed.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= PASSED_MAX {
            map.clear();
        }
        map.insert(host.to_string(), Instant::now());
        Ok(())
    }
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
mod tests {
    use super::*;

    /// Answers every name with the given addresses.
    struct Fixed(Vec<&'static str>);

    /// Counts lookups, answering with a public address.
    #[derive(Default)]
    struct Counting(std::sync::atomic::AtomicUsize);

    impl Resolve for Counting {
        fn resolve(&self, name: Name) -> Resolving {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Fixed(vec!["93.184.216.34"]).resolve(name)
        }
    }

    #[tokio::test]
    async fn names_sent_to_a_proxy_are_looked_up_once_a_minute() {
        let dns = Arc::new(Counting::default());
        let guard = ProxyGuard::new(dns.clone(), Duration::from_secs(1));
        guard.check("news.example").await.unwrap();
        guard.check("news.example").await.unwrap();
        guard.check("other.example").await.unwrap();
        assert_eq!(dns.0.load(std::sync::atomic::Ordering::SeqCst), 2);
    }

    impl Resolve for Fixed {
        fn resolve(&self, _: Name) -> Resolving {
            let addrs: Vec<SocketAddr> = self
                .0
                .iter()
                .map(|ip| SocketAddr::new(ip.parse().unwrap(), 0))
                .collect();
            Box::pin(async move { Ok(Box::new(addrs.into_iter()) as Addrs) })
        }
    }

    fn guard(answers: Vec<&'static str>, trusted: &[&str]) -> GuardedResolver {
        GuardedResolver::new(
            Arc::new(Fixed(answers)),
            trusted.iter().map(|s| s.to_string()).collect(),
        )
    }

    async fn ips(r: &GuardedResolver, host: &str) -> Result<Vec<String>, String> {
        match r.resolve(host.parse().unwrap()).await {
            Ok(addrs) => Ok(addrs.map(|a| a.ip().to_string()).collect()),
            Err(e) => Err(e.to_string()),
        }
    }

    #[tokio::test]
    async fn internal_answers_are_dropped_and_all_internal_refused() {
        let mixed = guard(vec!["10.0.0.1", "93.184.216.34"], &[]);
        assert_eq!(
            ips(&mixed, "news.example").await.unwrap(),
            ["93.184.216.34"]
        );
        let private = guard(vec!["127.0.0.1", "::1"], &[]);
        let e = ips(&private, "rebind.example").await.unwrap_err();
        assert!(
            e.contains("rebind.example") && e.contains("127.0.0.1"),
            "{e}"
        );
        let err = match private.resolve("x.example".parse().unwrap()).await {
            Ok(_) => panic!("resolved"),
            Err(e) => e,
        };
        assert!(refused_in(err.as_ref()).is_some());
        // A configured proxy's host may be private.
        let proxy = guard(vec!["10.0.0.3"], &["proxy.corp"]);
        assert_eq!(ips(&proxy, "proxy.corp").await.unwrap(), ["10.0.0.3"]);
        assert!(ips(&proxy, "other.corp").await.is_err());
    }

    #[tokio::test]
    async fn precheck_refuses_any_internal_answer() {
        let limit = Duration::from_secs(1);
        precheck(&Fixed(vec!["93.184.216.34"]), "news.example", limit)
            .await
            .unwrap();
        let e = precheck(
            &Fixed(vec!["93.184.216.34", "10.1.1.1"]),
            "mixed.example",
            limit,
        )
        .await
        .unwrap_err();
        assert_eq!(e.addrs, "10.1.1.1");
        precheck(&Fixed(vec![]), "nothing.example", limit)
            .await
            .unwrap();
    }
}
